"""What the duplicates screen needs of a matching run, as plain tables the kept audit can hold.

A live :class:`~crm_core.audit.duplicates.matching.DuplicateResult` holds the fitted scorer over
the normalised records, which cannot be kept as data. The screen's default view needs less: the
scored pairs (with each comparison's level and bits, enough to explain a pair), the clusters at
the configured threshold, the blocking passes and the weights. :func:`matching_tables` turns a
run into those tables, :func:`kept_matching` reads them back as a :class:`KeptMatching`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from crm_core.audit.duplicates.matching import DuplicateResult
from crm_core.dedupe.cluster import Clusters

PARTS = ("pairs", "members", "summary", "blocking", "weights", "record_ids")


@dataclass(frozen=True)
class KeptMatching:
    """One entity's matching run as kept: what the review screen shows at the configured threshold."""

    entity: str
    record_ids: pd.Series
    pairs: pd.DataFrame
    clusters: Clusters
    blocking: pd.DataFrame
    weights: pd.DataFrame
    candidate_pairs: int
    seconds: Mapping[str, float]
    review: float

    @property
    def size(self) -> int:
        return len(self.record_ids)

    def scored_pair(self, left: int, right: int) -> pd.Series | None:
        """The scored pair of two record positions (its levels and bits), or None when the two
        were never compared directly (they are linked through another member)."""
        a, b = min(left, right), max(left, right)
        found = self.pairs[((self.pairs["left"] == a) & (self.pairs["right"] == b))
                           | ((self.pairs["left"] == b) & (self.pairs["right"] == a))]
        return None if found.empty else found.iloc[0]


def matching_tables(result: DuplicateResult) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """(tables by name, facts) of one run, named ``<entity>_<part>``."""
    entity = result.entity
    tables = {"pairs": result.pairs, "members": result.clusters.members, "summary": result.clusters.summary,
              "blocking": result.blocking_table(), "weights": pd.DataFrame(result.scorer.explain_weights()),
              "record_ids": pd.DataFrame({"record_id": result.record_ids.astype("string")})}
    facts = {"candidate_pairs": int(result.candidate_pairs), "seconds": dict(result.seconds),
             "review": float(result.config.review)}
    return {f"{entity}_{part}": table for part, table in tables.items()}, {entity: facts}


def kept_matching(tables: Mapping[str, pd.DataFrame], facts: Mapping[str, Any], entity: str) -> KeptMatching | None:
    """The entity's kept run, or None when the kept area has none for it."""
    if entity not in facts or any(f"{entity}_{part}" not in tables for part in PARTS):
        return None
    part = {name: tables[f"{entity}_{name}"] for name in PARTS}
    known = facts[entity]
    return KeptMatching(entity=entity, record_ids=part["record_ids"]["record_id"], pairs=part["pairs"],
                        clusters=Clusters(part["members"], part["summary"]), blocking=part["blocking"],
                        weights=part["weights"], candidate_pairs=known["candidate_pairs"], seconds=known["seconds"],
                        review=known["review"])
