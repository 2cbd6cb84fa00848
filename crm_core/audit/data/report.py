"""The data audit (METHOD 4b): completeness, validity, standardisation, conflicts, decay,
hierarchy and ownership of the CRM's exports, with scores, the cost of bad data and the
record-level issues that drive the fix exports.

``run_data_audit(tables, config=..., as_of=...)`` takes canonical tables by entity (contacts,
accounts, deals; users and activities help) and returns a :class:`DataAuditReport` whose
``result`` is the shared :class:`~crm_core.findings.AuditResult`. The checks live in their own
modules; the check codes, dimensions and severities in ``data_checks``; the score formulas in
``scores``. Duplicates are another audit's job: pass its score as ``uniqueness``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from crm_core.audit.data.cost import CostEstimate, count_reps, estimate_cost
from crm_core.audit.data.collector import Collector
from crm_core.audit.data.completeness import check_completeness, find_placeholders, without_placeholders
from crm_core.audit.data.conflicts import check_conflicts
from crm_core.audit.data.checks import CATALOGUE
from crm_core.audit.data.config import SCORED_ENTITIES, DataAuditConfig
from crm_core.audit.data.decay import DecayEstimate, check_decay
from crm_core.audit.data.formatting import check_formatting
from crm_core.audit.data.hierarchy import check_hierarchy
from crm_core.audit.data.ownership import is_customer_facing, check_ownership
from crm_core.audit.data.scores import flagged_records, score_dimensions
from crm_core.audit.data.standardise import check_standardisation
from crm_core.audit.data.validity import check_validity, record_countries
from crm_core.findings import AuditResult, Finding, Score, Severity
from crm_core.schema import generated_ids

AREA = "data"
AUDITED = ("contacts", "accounts", "deals", "users", "activities")
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class DataAuditReport:
    """Everything the page, the CLI and the report show about the data audit."""

    result: AuditResult
    fill_rates: pd.DataFrame  # completeness.FILL_RATE_COLUMNS
    clusters: pd.DataFrame  # standardise.CLUSTER_COLUMNS
    books: pd.DataFrame  # ownership.BOOK_COLUMNS
    decay: DecayEstimate | None
    cost: CostEstimate
    as_of: date
    records: dict[str, int]
    skipped: list[dict[str, str]] = field(default_factory=list)  # checks not run: {"check": title, "why": ...}


def _prepare(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    prepared = {}
    for entity in AUDITED:
        table = tables.get(entity)
        if table is None:
            continue
        table = table.reset_index(drop=True)
        if "record_id" not in table.columns:
            table = table.assign(record_id=generated_ids(len(table)))
        prepared[entity] = table
    return prepared


def run_data_audit(
    tables: Mapping[str, pd.DataFrame],
    *,
    config: DataAuditConfig | None = None,
    as_of: date | None = None,
    uniqueness: Score | None = None,
    progress: Progress | None = None,
) -> DataAuditReport:
    """Audit the data of ``tables`` (entity -> canonical table) as of ``as_of`` (default today)."""
    config = config or DataAuditConfig()
    as_of = as_of or date.today()
    report = progress or (lambda fraction, message: None)
    tables = _prepare(tables)
    collector = Collector(tables)

    report(0.05, "Finding placeholders and empty fields")
    masks = {e: find_placeholders(t, e, config) for e, t in tables.items() if e in SCORED_ENTITIES}
    clean = {e: without_placeholders(t, masks.get(e, {})) for e, t in tables.items()}
    fill_rates, fills = check_completeness(tables, clean, masks, config, collector)
    report(0.2, "Checking emails, phones, dates and websites")
    countries = record_countries({e: t for e, t in clean.items() if e in SCORED_ENTITIES})
    validity = check_validity(tables, {e: t for e, t in clean.items() if e != "activities"}, config, as_of,
                              countries, collector)
    report(0.5, "Clustering spelling variants")
    clusters = check_standardisation(clean, config, countries, collector)
    check_formatting(clean, validity.phones, countries, collector)
    report(0.7, "Checking hierarchy, conflicts and decay")
    roots = check_hierarchy(tables, clean, as_of, config.dead_account_months, collector)
    check_conflicts(clean, validity.account_domains, roots, collector)
    decay = check_decay(tables, as_of, config, collector)
    report(0.85, "Checking owners and territories")
    books = check_ownership(clean, config, countries, collector)

    report(0.95, "Scoring")
    scores = score_dimensions(collector, fills, config, uniqueness)
    serious = {code for code, spec in CATALOGUE.items()
               if spec.dimension and spec.severity.rank <= Severity.MEDIUM.rank}
    records = sum(collector.sizes.get(e, 0) for e in SCORED_ENTITIES)
    error_rate = flagged_records(collector, serious) / records if records else 0.0
    users = clean.get("users")
    facing = None
    if users is not None and "team" in users.columns:
        teams = users["team"].fillna(users.get("role", users["team"]))
        facing = is_customer_facing(teams, config.customer_facing_teams)
    cost = estimate_cost(error_rate, count_reps(users, books, facing), config.cost)
    if records:
        collector.add_finding(_cost_finding(cost))
    result = AuditResult(area=AREA, scores=scores, findings=tuple(collector.findings()), issues=collector.issues())
    report(1.0, "Data audit done")
    return DataAuditReport(result, fill_rates, clusters, books, decay, cost, as_of,
                           {e: len(t) for e, t in tables.items()}, collector.skipped())


def audit_data(tables: Mapping[str, pd.DataFrame], config: DataAuditConfig | None = None,
               as_of: date | None = None, uniqueness: Score | None = None) -> AuditResult:
    """The data audit in the shared shape only."""
    return run_data_audit(tables, config=config, as_of=as_of, uniqueness=uniqueness).result


def _cost_finding(cost: CostEstimate) -> Finding:
    spec = CATALOGUE["DATA.BAD_DATA_COST"]
    evidence: dict[str, float | int | str] = {
        "error rate": round(cost.error_rate, 4), "reps": cost.reps,
        "hours per rep per year": round(cost.hours_per_rep), "cost per rep per year": round(cost.cost_per_rep),
        "team hours per year": round(cost.team_hours), "team cost per year": round(cost.team_cost),
        "business lost (share)": round(cost.business_loss_share, 4),
    }
    if cost.business_loss is not None:
        evidence["business lost"] = round(cost.business_loss)
    return Finding(code=spec.code, severity=spec.severity, title=spec.title, affected_count=0, evidence=evidence,
                   recommendation_code=spec.recommendation, detail=cost.summary())
