"""Reviewers' decisions on duplicate clusters, matched to a new run (their queries are in
:mod:`crm_core.store.duplicate_decisions`).

A decision is stored against the record ids of the cluster it was about, never against a
cluster number (which changes from run to run). When the audit runs again on a newer export
a decision applies to the cluster made of the same records (ids the new export no longer has
are ignored); a cluster that gained or lost records it was decided with is shown as changed,
with the earlier verdict, for a person to look at again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_core.models import DuplicateDecision

DECISIONS = ("accepted", "rejected", "split")


def cluster_key(record_ids: Iterable[str]) -> str:
    """The same key for the same set of records, whatever their order."""
    return hashlib.sha256("\x1f".join(sorted(str(r) for r in record_ids)).encode()).hexdigest()


# --- matching decisions to the clusters of a run -------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What is known about one current cluster: ``state`` 'new' (never decided), 'decided'
    (a decision on exactly these records) or 'changed' (decided when it held other records)."""

    state: str
    decision: str | None = None
    key: str | None = None
    groups: tuple[tuple[str, ...], ...] = ()


def _plain(rows: Sequence[DuplicateDecision | dict]) -> list[dict]:
    out = []
    for row in rows:
        if not isinstance(row, dict):
            row = {"cluster_key": row.cluster_key, "record_ids": row.record_ids,
                   "decision": row.decision, "groups_json": row.groups_json}
        out.append({"key": row["cluster_key"], "ids": frozenset(json.loads(row["record_ids"])),
                    "decision": row["decision"], "groups": json.loads(row["groups_json"])})
    return out


def match_decisions(clusters: dict[int, Sequence[str]], rows: Sequence[DuplicateDecision | dict],
                    *, present: Iterable[str]) -> dict[int, Verdict]:
    """A verdict per current cluster (number -> its record ids) from stored decisions.

    ``present``: every record id of the new export; a decided id no longer there is ignored,
    so a decision on A, B, C still holds for the cluster A, B when C was deleted.
    """
    present = set(map(str, present))
    decided = _plain(rows)
    by_ids: dict[frozenset, dict] = {}
    by_record: dict[str, dict] = {}
    for item in decided:
        alive = frozenset(item["ids"] & present)
        if len(alive) >= 2:
            by_ids[alive] = item
            for record in alive:
                by_record[record] = item
    out = {}
    for number, ids in clusters.items():
        ids = frozenset(map(str, ids))
        item = by_ids.get(ids)
        if item is not None:
            groups = tuple(tuple(g) for g in item["groups"])
            out[number] = Verdict("decided", item["decision"], item["key"], groups)
            continue
        earlier = next((by_record[r] for r in sorted(ids) if r in by_record), None)
        out[number] = Verdict("changed", earlier["decision"], earlier["key"]) if earlier else Verdict("new")
    return out


def apply_splits(cluster: np.ndarray, record_ids: pd.Series, verdicts: dict[int, Verdict]) -> np.ndarray:
    """Cluster labels after the reviewers' splits: each split cluster becomes its groups
    (numbered after the existing clusters); a record left alone gets -1."""
    cluster = np.asarray(cluster).copy()
    next_number = int(cluster.max()) + 1 if len(cluster) else 0
    ids = record_ids.astype(str).to_numpy()
    for number, verdict in verdicts.items():
        if verdict.state != "decided" or verdict.decision != "split":
            continue
        members = np.flatnonzero(cluster == number)
        cluster[members] = -1
        for group in verdict.groups:
            inside = members[np.isin(ids[members], list(group))]
            if len(inside) >= 2:
                cluster[inside] = next_number
                next_number += 1
    return cluster
