"""Group matching pairs into clusters, guard against chaining, and rate each cluster.

Pairs at or above the review threshold are edges; connected components (label propagation
with pointer jumping, in numpy) are the first clusters. Chaining (A looks like B, B like C,
but A is nothing like C) is checked in every cluster of three or more: all its member pairs
are scored, and if two members score below the guard the cluster is rebuilt greedily from
its strongest links, merging two groups only when every pair across them clears the guard.
Such clusters are flagged so a person looks at them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_core.dedupe.block import pairs_within_groups

MAX_CHECKED_MEMBERS = 150  # a bigger cluster is split on sure links, then flagged unchecked


def connected_components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Component label of each of ``n`` nodes (the smallest node index in its component)."""
    labels = np.arange(n, dtype=np.int64)
    if len(left) == 0:
        return labels
    left, right = left.astype(np.int64), right.astype(np.int64)
    while True:
        low = np.minimum(labels[left], labels[right])
        changed = (labels[left] != low) | (labels[right] != low)
        if not changed.any():
            break
        np.minimum.at(labels, left, low)
        np.minimum.at(labels, right, low)
        while True:  # pointer jumping: follow labels to their roots
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
    return labels


@dataclass(frozen=True)
class Clusters:
    """One row per record (``members``) and one per cluster of two or more (``summary``).

    ``members``: position, cluster (-1 for a record with no duplicate), best (highest match
    probability with another member, 0 alone). ``summary``: cluster, size, confidence (mean
    match probability over every member pair), weakest (lowest member pair), flagged (the
    chaining guard split it or could not check it), status ('sure' or 'review').
    """

    members: pd.DataFrame
    summary: pd.DataFrame


def _split_greedy(matrix: np.ndarray, review: float, guard: float) -> list[np.ndarray]:
    """Groups built from the strongest links down; two groups merge only if every pair
    across them scores at least ``guard``."""
    k = len(matrix)
    group = list(range(k))
    members = {g: [g] for g in range(k)}
    i, j = np.triu_indices(k, 1)
    for edge in np.argsort(-matrix[i, j], kind="stable"):
        a, b = group[i[edge]], group[j[edge]]
        if matrix[i[edge], j[edge]] < review:
            break
        if a == b or matrix[np.ix_(members[a], members[b])].min() < guard:
            continue
        for node in members[b]:
            group[node] = a
        members[a] += members.pop(b)
    return [np.array(sorted(m)) for m in members.values()]


def _member_pairs(labels: np.ndarray, positions: np.ndarray, pairs: pd.DataFrame, n: int, score_more):
    """Every pair inside each cluster (``positions`` grouped by ``labels``) with its match
    probability: looked up among the scored pairs, scored now when it never was a candidate."""
    left, right, _ = pairs_within_groups(positions, labels[positions], positions, cap=MAX_CHECKED_MEMBERS, window=2)
    left, right = left.astype(np.int64), right.astype(np.int64)
    known = pd.Index(pairs["left"].to_numpy(np.int64) * n + pairs["right"].to_numpy(np.int64))
    where = known.get_indexer(left * n + right)
    probability = np.zeros(len(left))
    found = where >= 0
    probability[found] = pairs["probability"].to_numpy(np.float64)[where[found]]
    if score_more is not None and (~found).any():
        probability[~found] = score_more(left[~found], right[~found])
    return left, right, probability


def build_clusters(n: int, pairs: pd.DataFrame, *, review: float, sure: float, guard: float,
                   score_more=None) -> Clusters:
    """Clusters from scored ``pairs`` (left, right, probability) at the ``review`` threshold.

    ``score_more(left, right) -> probabilities`` scores member pairs that were never
    candidates, for the chaining guard; without it such pairs count as not matching.
    """
    edges = pairs[pairs["probability"] >= review]
    e_left, e_right = edges["left"].to_numpy(np.int64), edges["right"].to_numpy(np.int64)
    labels = connected_components(n, e_left, e_right)
    sizes = np.bincount(labels, minlength=n)
    oversized = sizes[labels] > MAX_CHECKED_MEMBERS
    unchecked = np.zeros(n, dtype=bool)
    if oversized.any():  # keep only sure links inside a component too big to check
        keep = ~(oversized[e_left] & (edges["probability"].to_numpy() < sure))
        labels = connected_components(n, e_left[keep], e_right[keep])
        sizes = np.bincount(labels, minlength=n)
        unchecked = sizes[labels] > MAX_CHECKED_MEMBERS
    positions = np.flatnonzero((sizes[labels] >= 2) & ~unchecked)
    left, right, probability = _member_pairs(labels, positions, pairs, n, score_more)
    stats = pd.DataFrame({"label": labels[left], "p": probability}).groupby("label")["p"].agg(["min", "mean"])
    incoherent = stats.index[stats["min"] < guard].to_numpy()
    flagged = np.zeros(n, dtype=bool)
    flagged[unchecked] = True
    chained = np.flatnonzero(np.isin(labels[left], incoherent))
    chained = chained[np.argsort(labels[left[chained]], kind="stable")]
    bounds = np.flatnonzero(np.diff(labels[left[chained]])) + 1
    for inside in np.split(chained, bounds) if len(chained) else []:  # rebuild each from its strongest links
        members, index = np.unique(np.concatenate([left[inside], right[inside]]), return_inverse=True)
        a, b = index[: len(inside)], index[len(inside):]
        matrix = np.eye(len(members))
        matrix[a, b] = matrix[b, a] = probability[inside]
        for part in _split_greedy(matrix, review, guard):
            labels[members[part]] = members[part].min() if len(part) >= 2 else -1 - members[part]
        flagged[members] = True
    return _summarise(n, labels, flagged, left, right, probability, sure)


def _summarise(n, labels, flagged, left, right, probability, sure) -> Clusters:
    """Number the clusters of two or more (by their first record) and rate them."""
    labels = np.where(labels < 0, n + np.arange(n), labels)  # split-off records stand alone
    sizes = np.bincount(labels, minlength=2 * n)
    clustered = sizes[labels] >= 2
    roots = np.unique(labels[clustered])
    number = np.full(2 * n, -1, dtype=np.int64)
    number[roots] = np.arange(len(roots))
    cluster = np.where(clustered, number[labels], -1)
    same = (cluster[left] >= 0) & (cluster[left] == cluster[right])
    left, right, probability = left[same], right[same], probability[same]
    best = np.zeros(n)
    np.maximum.at(best, left, probability)
    np.maximum.at(best, right, probability)
    per_pair = pd.DataFrame({"cluster": cluster[left], "p": probability})
    stats = per_pair.groupby("cluster")["p"].agg(["mean", "min"]).reindex(range(len(roots)))
    size = np.bincount(cluster[clustered], minlength=len(roots))
    any_flag = np.zeros(len(roots), dtype=bool)
    np.logical_or.at(any_flag, cluster[clustered], flagged[clustered])
    best[flagged & clustered & (best == 0)] = np.nan
    summary = pd.DataFrame({
        "cluster": np.arange(len(roots)), "size": size, "confidence": stats["mean"].to_numpy(),
        "weakest": stats["min"].to_numpy(), "flagged": any_flag,
    })
    summary["status"] = np.where(summary["confidence"] >= sure, "sure", "review")
    summary = summary.sort_values(["confidence", "cluster"], ascending=[False, True], na_position="last")
    members = pd.DataFrame({"position": np.arange(n), "cluster": cluster, "best": best})
    return Clusters(members=members, summary=summary.reset_index(drop=True))
