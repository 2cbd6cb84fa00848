"""Duplicate people and companies: find them, explain them, and audit how unique the data is.

``find_duplicates(table, entity=..., config=...)`` runs the whole matcher on one canonical
table (normalise, block, score, cluster; see ``crm_core.dedupe``) and returns a
:class:`DuplicateResult` the screens, the CLI and the report read. ``audit_duplicates``
turns the results for contacts and accounts into the shared ``AuditResult``: a uniqueness
score per entity and overall, findings ``DUPES.CONTACTS``, ``DUPES.ACCOUNTS`` and
``DUPES.CONTACTS_ACROSS_ACCOUNTS``, and one issue row per duplicate record.

Uniqueness = 100 x (1 - redundant records / records), where the redundant records are those
a merge would remove: every member of a cluster but its master.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crm_core.dedupe.block import PassStats, find_candidates
from crm_core.dedupe.cluster import Clusters, build_clusters
from crm_core.dedupe.config import ENTITIES, MatchConfig, check_entity
from crm_core.dedupe.records import prepare_records
from crm_core.dedupe.score import Columns, Scorer, fit_scorer
from crm_core.dedupe.survive import rank_members
from crm_core.findings import ISSUE_COLUMNS, AuditResult, Finding, Score, Severity, empty_issues

PAIR_FLOOR = 0.05  # pairs below this are dropped after scoring (the threshold control starts above)
AREA = "duplicates"
MAX_EXAMPLES = 5
UNIQUENESS_FORMULA = "100 × (1 − redundant records ÷ records); redundant = members of a duplicate cluster other than its master"
Progress = Callable[[float, str], None]


@dataclass
class DuplicateResult:
    """Everything one matching run found in one table.

    ``pairs``: scored pairs at or above ``PAIR_FLOOR``: positions ``left``/``right``,
    ``probability``, ``weight`` (bits), ``passes`` (bit mask over ``pass_names``), and per
    comparison ``level:<name>`` and ``w:<name>`` (the bits it contributed).
    ``clusters``: at the configured review threshold (see :meth:`clusters_at`).
    """

    entity: str
    config: MatchConfig
    record_ids: pd.Series
    pairs: pd.DataFrame
    clusters: Clusters
    blocking: tuple[PassStats, ...]
    pass_names: tuple[str, ...]
    candidate_pairs: int
    scorer: Scorer
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.record_ids)

    def score_pairs(self, left: np.ndarray, right: np.ndarray) -> pd.DataFrame:
        """Score any pairs of positions with this run's fitted weights."""
        return self.scorer.score(np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64))

    def clusters_at(self, threshold: float) -> Clusters:
        """The clusters the pairs would form at another review threshold (no re-matching)."""
        if abs(threshold - self.config.review) < 1e-9:
            return self.clusters
        return build_clusters(self.size, self.pairs, review=threshold, sure=max(threshold, self.config.sure),
                              guard=self.config.guard,
                              score_more=lambda l, r: self.score_pairs(l, r)["probability"].to_numpy())

    def labels(self, clusters: Clusters | None = None) -> np.ndarray:
        """Cluster number per record (-1 for a record with no duplicate)."""
        return (clusters or self.clusters).members["cluster"].to_numpy()

    def blocking_table(self) -> pd.DataFrame:
        """One row per blocking pass: what it produced and which common values it sub-blocked."""
        return pd.DataFrame([
            {"Pass": s.name, "Candidate pairs": s.pairs, "Pairs no earlier pass found": s.new_pairs,
             "Common values sub-blocked": s.oversized_blocks, "Largest such block": s.largest_block,
             "Its value": s.largest_value}
            for s in self.blocking
        ])


def find_duplicates(table: pd.DataFrame, *, entity: str, config: MatchConfig | None = None,
                    progress: Progress | None = None) -> DuplicateResult:
    """Duplicate records of a canonical contacts or accounts table (see module docstring)."""
    check_entity(entity)
    config = config or MatchConfig()
    report = progress or (lambda fraction, message: None)
    seconds: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        seconds[name] = round(now - started, 3)
        started = now

    report(0.0, f"Normalising {len(table):,} {entity}")
    frame = prepare_records(table, entity)
    lap("normalise")
    report(0.25, "Finding candidate pairs (blocking)")
    columns = Columns(frame)
    candidates = find_candidates(frame, entity, max_block=config.max_block, window=config.window,
                                 codes=columns.codes)
    lap("block")
    report(0.45, f"Scoring {len(candidates.left):,} candidate pairs")
    scorer, scored = fit_scorer(frame, entity, candidates.left, candidates.right, columns)
    scored["passes"] = candidates.passes
    pairs = scored[scored["probability"] >= PAIR_FLOOR].reset_index(drop=True)
    lap("score")
    report(0.8, "Grouping pairs into clusters")
    result = DuplicateResult(
        entity=entity, config=config, record_ids=frame["record_id"], pairs=pairs, clusters=None,  # type: ignore[arg-type]
        blocking=candidates.stats, pass_names=candidates.pass_names, candidate_pairs=len(candidates.left),
        scorer=scorer, seconds=seconds,
    )
    result.clusters = build_clusters(len(frame), pairs, review=config.review, sure=config.sure, guard=config.guard,
                                     score_more=lambda l, r: result.score_pairs(l, r)["probability"].to_numpy())
    lap("cluster")
    report(1.0, f"{len(result.clusters.summary):,} clusters of duplicate {entity}")
    return result


def redundant_records(clusters: Clusters) -> int:
    """Records a merge would remove: each cluster's members but one."""
    return int((clusters.summary["size"] - 1).sum())


def uniqueness(result: DuplicateResult, clusters: Clusters | None = None) -> Score:
    """The entity's uniqueness score (0-100) with its formula."""
    clusters = clusters or result.clusters
    total = max(result.size, 1)
    value = 100.0 * (1 - redundant_records(clusters) / total)
    return Score(f"uniqueness.{result.entity}", round(value, 2), UNIQUENESS_FORMULA, result.size)


def _severity(share: float) -> Severity:
    return Severity.HIGH if share >= 0.05 else Severity.MEDIUM if share >= 0.01 else Severity.LOW


def _masters(table: pd.DataFrame, labels: np.ndarray, config: MatchConfig) -> pd.DataFrame:
    """Per clustered record: its cluster, its rank (0 = master) and its cluster's master id."""
    ranked = rank_members(table.reset_index(drop=True), pd.Series(labels), config.survivorship)
    ranked["master_id"] = ranked.groupby("cluster")["record_id"].transform("first").astype("string")
    return ranked[["record_id", "cluster", "rank", "master_id"]]


def _entity_findings(result: DuplicateResult, table: pd.DataFrame) -> tuple[list[Finding], pd.DataFrame]:
    clusters = result.clusters
    labels = result.labels()
    summary = clusters.summary
    if summary.empty:
        return [], empty_issues()
    redundant = redundant_records(clusters)
    share = redundant / max(result.size, 1)
    severity = _severity(share)
    masters = _masters(table, labels, result.config)
    code = f"DUPES.{result.entity.upper()}"
    noun = result.entity if redundant != 1 else result.entity[:-1]
    findings = [Finding(
        code=code, severity=severity,
        title=f"{redundant:,} {noun} duplicate another record ({len(summary):,} clusters)",
        affected_count=int((labels >= 0).sum()),
        evidence={"clusters": len(summary), "records_in_clusters": int((labels >= 0).sum()),
                  "redundant_records": redundant, "redundant_pct": round(100 * share, 2),
                  "sure_clusters": int((summary["status"] == "sure").sum()),
                  "review_clusters": int((summary["status"] == "review").sum()),
                  "flagged_clusters": int(summary["flagged"].sum()), "candidate_pairs": result.candidate_pairs},
        example_ids=tuple(masters.loc[masters["rank"] == 0, "record_id"].astype(str).head(MAX_EXAMPLES)),
        recommendation_code="DUPES.MERGE",
        detail=f"Pairs are compared field by field; clusters at a match probability of {result.config.review:.0%} "
               f"or more are listed, those at {result.config.sure:.0%} or more need no second look.",
    )]
    if result.entity == "contacts" and "account_id" in table.columns:
        accounts = table["account_id"].astype("string").reset_index(drop=True)
        clustered = pd.DataFrame({"cluster": labels, "account": accounts})[labels >= 0]
        spread = clustered.dropna().groupby("cluster")["account"].nunique()
        across = spread[spread > 1].index
        if len(across):
            ids = clustered[clustered["cluster"].isin(across)].index
            findings.append(Finding(
                code="DUPES.CONTACTS_ACROSS_ACCOUNTS", severity=Severity.MEDIUM,
                title=f"{len(across):,} duplicate contacts sit under different accounts",
                affected_count=len(ids), evidence={"clusters": len(across), "records": len(ids)},
                example_ids=tuple(result.record_ids.iloc[ids[:MAX_EXAMPLES]].astype(str)),
                recommendation_code="DUPES.MERGE",
                detail="The same person recorded under two companies: a job change, or a duplicate account.",
            ))
    confidence = summary.set_index("cluster")["confidence"]
    sizes = summary.set_index("cluster")["size"]
    suggestion = np.where(masters["rank"].to_numpy() == 0, "keep as the master record",
                          "merge into " + masters["master_id"].astype(str).to_numpy())
    value = ("cluster " + masters["cluster"].astype(str) + ": " + masters["cluster"].map(sizes).astype(str)
             + " records, match " + (masters["cluster"].map(confidence) * 100).round().astype("Int64").astype(str) + "%")
    issues = pd.DataFrame({
        "record_id": masters["record_id"].astype("string"), "entity": result.entity, "field": "record_id",
        "check": code, "severity": severity.value, "value": value.astype("string"),
        "suggestion": pd.Series(suggestion, index=masters.index, dtype="string"),
    }, columns=list(ISSUE_COLUMNS))
    return findings, issues.astype("string").reset_index(drop=True)


def audit_duplicates(tables: Mapping[str, pd.DataFrame], *, config: MatchConfig | None = None,
                     results: Mapping[str, DuplicateResult] | None = None) -> AuditResult:
    """Uniqueness scores, findings and issue rows for the contacts and accounts present.

    ``results``: matching runs already made (the screen caches them), reused as they are.
    """
    results = dict(results or {})
    scores, findings, issues = [], [], []
    redundant_total = records_total = 0
    for entity in ENTITIES:
        if entity not in tables:
            continue
        result = results.get(entity) or find_duplicates(tables[entity], entity=entity, config=config)
        scores.append(uniqueness(result))
        redundant_total += redundant_records(result.clusters)
        records_total += result.size
        entity_findings, entity_issues = _entity_findings(result, tables[entity])
        findings += entity_findings
        issues.append(entity_issues)
    if records_total:
        value = 100.0 * (1 - redundant_total / records_total)
        scores.insert(0, Score("uniqueness", round(value, 2), UNIQUENESS_FORMULA, records_total))
    frame = pd.concat(issues, ignore_index=True) if issues else empty_issues()
    return AuditResult(AREA, tuple(scores), tuple(findings), frame if len(frame.columns) else empty_issues())
