"""What the duplicates screen needs of a matching run, as plain tables the kept audit can hold.

A live :class:`~crm_core.audit.duplicates.matching.DuplicateResult` holds the fitted scorer over
every normalised record, which cannot be kept as data, and the screen needs far less: only the
records that fall in a cluster. :func:`clustered_records` cuts a run down to those records,
renumbered, with their rows, the clusters over them and the scored pairs between members, so
the screen's reads do not grow with the table. :func:`matching_tables` turns a run into tables
(that cut at the configured threshold, the blocking passes and the weights);
:func:`kept_matching` reads them back as a :class:`KeptMatching`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crm_core.audit.duplicates.matching import DuplicateResult
from crm_core.dedupe.cluster import Clusters

PARTS = ("rows", "record_ids", "members", "summary", "pairs", "blocking", "weights")


@dataclass(frozen=True)
class ClusteredRecords:
    """The records of a run's clusters, renumbered 0..k-1 in their table's order: their rows,
    their ids, the clusters over them and the scored pairs between members of one cluster."""

    rows: pd.DataFrame
    record_ids: pd.Series
    clusters: Clusters
    pairs: pd.DataFrame

    def scored_pair(self, left: int, right: int) -> pd.Series | None:
        """The scored pair of two positions (its levels and bits), or None when the two were
        never compared directly (they are linked through another member)."""
        a, b = min(left, right), max(left, right)
        found = self.pairs[((self.pairs["left"] == a) & (self.pairs["right"] == b))
                           | ((self.pairs["left"] == b) & (self.pairs["right"] == a))]
        return None if found.empty else found.iloc[0]


def clustered_records(table: pd.DataFrame, clusters: Clusters, record_ids: pd.Series,
                      pairs: pd.DataFrame) -> ClusteredRecords:
    """Cut a run over ``table`` (positions are its rows in order) down to its clustered records."""
    members = clusters.members
    inside = members[members["cluster"] >= 0].sort_values("position")
    old = inside["position"].to_numpy(dtype=np.int64)
    labels = np.full(len(table), -1, dtype=np.int64)
    labels[members["position"].to_numpy(dtype=np.int64)] = members["cluster"].to_numpy()
    left, right = pairs["left"].to_numpy(dtype=np.int64), pairs["right"].to_numpy(dtype=np.int64)
    same = (labels[left] >= 0) & (labels[left] == labels[right])
    kept_pairs = pairs[same].assign(left=np.searchsorted(old, left[same]),
                                    right=np.searchsorted(old, right[same])).reset_index(drop=True)
    return ClusteredRecords(
        rows=table.iloc[old].reset_index(drop=True),
        record_ids=record_ids.iloc[old].astype("string").reset_index(drop=True),
        clusters=Clusters(inside.assign(position=np.arange(len(old))).reset_index(drop=True), clusters.summary),
        pairs=kept_pairs)


@dataclass(frozen=True)
class KeptMatching:
    """One entity's matching run as kept: what the review screen shows at the configured threshold."""

    entity: str
    size: int
    clustered: ClusteredRecords
    blocking: pd.DataFrame
    weights: pd.DataFrame
    candidate_pairs: int
    seconds: Mapping[str, float]
    review: float


def matching_tables(result: DuplicateResult, table: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """(tables by name, facts) of one run over ``table``, named ``<entity>_<part>``."""
    entity = result.entity
    cut = clustered_records(table, result.clusters, result.record_ids, result.pairs)
    tables = {"rows": cut.rows, "record_ids": pd.DataFrame({"record_id": cut.record_ids}),
              "members": cut.clusters.members, "summary": cut.clusters.summary, "pairs": cut.pairs,
              "blocking": result.blocking_table(), "weights": pd.DataFrame(result.scorer.explain_weights())}
    facts = {"records": int(result.size), "candidate_pairs": int(result.candidate_pairs),
             "seconds": dict(result.seconds), "review": float(result.config.review)}
    return {f"{entity}_{part}": table for part, table in tables.items()}, {entity: facts}


def kept_matching(tables: Mapping[str, pd.DataFrame], facts: Mapping[str, Any], entity: str) -> KeptMatching | None:
    """The entity's kept run, or None when the kept area has none for it."""
    if entity not in facts or any(f"{entity}_{part}" not in tables for part in PARTS):
        return None
    part = {name: tables[f"{entity}_{name}"] for name in PARTS}
    known = facts[entity]
    clustered = ClusteredRecords(rows=part["rows"], record_ids=part["record_ids"]["record_id"],
                                 clusters=Clusters(part["members"], part["summary"]), pairs=part["pairs"])
    return KeptMatching(entity=entity, size=known["records"], clustered=clustered, blocking=part["blocking"],
                        weights=part["weights"], candidate_pairs=known["candidate_pairs"], seconds=known["seconds"],
                        review=known["review"])
