"""Pipeline measures from canonical deals: win rate, funnel, cycle, stuck deals, revenue.

Pure functions over the deals table (and prepared activities for "no activity in N days").
Won and lost come from the stage table of :mod:`crm_core.audit.stages`. The KPI catalogue
(:mod:`crm_core.audit.pipeline.kpis`) and the pipeline audit (:func:`audit_pipeline`) read these, so
the numbers on every screen agree. Settings live under :data:`SETTINGS_KEY`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date

import numpy as np
import pandas as pd

from crm_core.audit.stages import deal_outcomes
from crm_core.audit.deal_activity import activity_days
from crm_core.errors import CrmCoreError
from crm_core.findings import ISSUE_COLUMNS, AuditResult, Finding, Score, empty_issues
from crm_core.schema import generated_ids

SETTINGS_KEY = "audit.kpis"
SEGMENTS = ("pipeline", "deal_type", "lead_source", "owner")
NEW_BUSINESS_WORDS = ("new business", "new customer", "new logo", "newbusiness", "new")
RENEWAL_WORDS = ("renewal", "renew")
MIN_STAGE_DEALS = 5  # a stage with fewer open deals is judged against all open deals


@dataclass(frozen=True)
class PipelineConfig:
    """Editable KPI and pipeline settings of a workspace.

    ``stage_outcomes`` overrides the won/lost stage table; ``stage_order`` lists the open stages
    in pipeline order (default: by their median probability); a deal is stuck when it has sat in
    its stage longer than the ``stuck_percentile`` of open deals in that stage (and at least
    ``stuck_min_days``), or has had no activity for ``no_activity_days``. Coverage compares open
    deals closing in the next ``coverage_days`` with ``revenue_target`` (default: the average
    won revenue per ``coverage_days`` over the last year). CAC needs ``acquisition_spend``, the
    sales and marketing spend over the last ``spend_days``.
    """

    stage_outcomes: dict[str, str] = field(default_factory=dict)
    stage_order: tuple[str, ...] = ()
    stuck_percentile: float = 0.9
    stuck_min_days: int = 30
    no_activity_days: int = 30
    coverage_days: int = 90
    revenue_target: float | None = None
    acquisition_spend: float | None = None
    spend_days: int = 365

    def __post_init__(self) -> None:
        if not 0 < float(self.stuck_percentile) < 1:
            raise CrmCoreError("The stuck-deal percentile must be between 0 and 1 (0.9 is the 90th percentile).")
        for name in ("stuck_min_days", "no_activity_days", "coverage_days", "spend_days"):
            if int(getattr(self, name)) < 1:
                raise CrmCoreError(f"The setting '{name}' must be a whole number of days, at least 1.")
        for name in ("revenue_target", "acquisition_spend"):
            value = getattr(self, name)
            if value is not None and float(value) < 0:
                raise CrmCoreError(f"The setting '{name}' cannot be negative.")
        object.__setattr__(self, "stage_order", tuple(self.stage_order))

    def to_dict(self) -> dict:
        data = asdict(self)
        data["stage_order"] = list(self.stage_order)
        return data

    @classmethod
    def from_dict(cls, data: Mapping | None) -> PipelineConfig:
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in (data or {}).items() if k in known})
        except (TypeError, ValueError) as error:
            raise CrmCoreError(f"The stored KPI settings cannot be read ({error}): reset them.") from error


def _text(deals: pd.DataFrame, name: str) -> pd.Series:
    if name not in deals.columns:
        return pd.Series(pd.NA, index=deals.index, dtype="object")
    values = deals[name].astype("string").str.strip()
    return values.mask(values == "").astype("object")


def _stamp(deals: pd.DataFrame, name: str) -> pd.Series:
    if name not in deals.columns:
        return pd.Series(pd.NaT, index=deals.index, dtype="datetime64[ns]")
    return pd.to_datetime(deals[name]).dt.normalize()


def _matches(values: pd.Series, words: tuple[str, ...]) -> pd.Series:
    lowered = values.astype("string").str.casefold().fillna("")
    return lowered.apply(lambda text: any(text == w or text.startswith(w + " ") or f" {w}" in f" {text}"
                                          for w in words)).astype(bool)


def prepare_deals(deals: pd.DataFrame | None, config: PipelineConfig | None = None) -> pd.DataFrame:
    """Deals reduced to what the pipeline measures need.

    Columns: ``record_id, account_id, account_name, owner, stage, outcome, amount, probability,
    created, close, stage_changed, last_activity, pipeline, deal_type, lead_source,
    is_new_business, is_renewal``. ``is_new_business`` is None (unknown) for every deal when
    neither the pipeline nor the type says new business or renewal.
    """
    config = config or PipelineConfig()
    if deals is None:
        deals = pd.DataFrame()
    frame = pd.DataFrame(index=deals.index)
    frame["record_id"] = (_text(deals, "record_id") if "record_id" in deals.columns
                          else generated_ids(len(deals)).set_axis(deals.index))
    for name in ("account_id", "account_name", "owner", "stage", "pipeline", "deal_type", "lead_source"):
        frame[name] = _text(deals, name)
    frame["outcome"] = deal_outcomes(deals, config.stage_outcomes).astype("object") if len(deals) else "unknown"
    frame["amount"] = (pd.to_numeric(deals["amount"], errors="coerce").astype("float64")
                       if "amount" in deals.columns else np.nan)
    frame["probability"] = (pd.to_numeric(deals["probability"], errors="coerce").astype("float64")
                            if "probability" in deals.columns else np.nan)
    for target, source in (("created", "created_at"), ("close", "close_date"),
                           ("stage_changed", "stage_changed_at"), ("last_activity", "last_activity_at")):
        frame[target] = _stamp(deals, source)
    kind = frame["pipeline"].fillna("").astype(str) + " | " + frame["deal_type"].fillna("").astype(str)
    renewal = _matches(kind.str.replace(" | ", " "), RENEWAL_WORDS)
    new = _matches(frame["pipeline"].fillna(""), NEW_BUSINESS_WORDS) | _matches(frame["deal_type"].fillna(""),
                                                                               NEW_BUSINESS_WORDS)
    known = (new | renewal).any()
    frame["is_renewal"] = renewal
    frame["is_new_business"] = (new & ~renewal).astype(object) if known else None
    return frame.reset_index(drop=True)


def money_problem(deals: pd.DataFrame | None) -> str | None:
    """Why amounts cannot be added up (several currencies), or None when they can."""
    if deals is None or "currency" not in deals.columns:
        return None
    currencies = sorted(deals["currency"].dropna().astype(str).str.strip().str.upper().replace("", pd.NA)
                        .dropna().unique())
    if len(currencies) > 1:
        return (f"deals are in {len(currencies)} currencies ({', '.join(currencies[:5])}): amounts cannot be added "
                "without converting them first")
    return None


def win_rate(prepared: pd.DataFrame) -> tuple[float | None, int, int]:
    """won / (won + lost), with the two counts; None when no deal has closed."""
    won = int((prepared["outcome"] == "won").sum())
    lost = int((prepared["outcome"] == "lost").sum())
    return (won / (won + lost) if won + lost else None), won, lost


def stage_order(prepared: pd.DataFrame, config: PipelineConfig | None = None) -> tuple[list[str], str]:
    """The open stages in pipeline order and how that order was decided ('' when it cannot be)."""
    config = config or PipelineConfig()
    open_deals = prepared[prepared["outcome"] == "open"].dropna(subset=["stage"])
    stages = list(dict.fromkeys(open_deals["stage"]))
    if config.stage_order:
        wanted = [s for s in config.stage_order if s in stages]
        return wanted + sorted(s for s in stages if s not in wanted), "the order set in the KPI settings"
    if open_deals["probability"].notna().any():
        medians = open_deals.groupby("stage")["probability"].median()
        ordered = sorted(stages, key=lambda s: (np.nan_to_num(medians.get(s, np.nan), nan=1e9), s))
        return ordered, "the stages' median probability"
    return [], ""


def stage_funnel(prepared: pd.DataFrame, config: PipelineConfig | None = None) -> tuple[pd.DataFrame, str | None]:
    """Stage-to-stage conversion, or an empty table and the reason it cannot be computed.

    Without stage history, a deal is taken to have passed every stage before its current one;
    won deals passed them all; lost deals are only known to have entered the pipeline (they
    count in the first stage). Columns: ``stage, deals_now, reached, conversion_to_next``.
    """
    columns = ["stage", "deals_now", "reached", "conversion_to_next"]
    order, how = stage_order(prepared, config)
    won, lost = int((prepared["outcome"] == "won").sum()), int((prepared["outcome"] == "lost").sum())
    if not order:
        reason = ("no open deals to tell the stages apart" if not (prepared["outcome"] == "open").any()
                  else "the stage order is unknown: set it in the KPI settings (no probability column)")
        return pd.DataFrame(columns=columns), reason
    now = prepared[prepared["outcome"] == "open"]["stage"].value_counts()
    counts = [int(now.get(stage, 0)) for stage in order]
    reached = [sum(counts[i:]) + won + (lost if i == 0 else 0) for i in range(len(order))] + [won]
    conversion = [reached[i + 1] / reached[i] if reached[i] else np.nan for i in range(len(order))] + [np.nan]
    table = pd.DataFrame({"stage": [*order, "Won"], "deals_now": [*counts, won], "reached": reached,
                          "conversion_to_next": conversion})
    table.attrs["order"] = how
    return table, None


def sales_cycles(prepared: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Days from creation to close of each won deal with both dates, and how many were dropped
    because the close date is before the creation date.

    Columns: ``record_id, cycle_days, close, pipeline, deal_type, lead_source, owner``.
    """
    won = prepared[(prepared["outcome"] == "won") & prepared["created"].notna() & prepared["close"].notna()]
    days = (won["close"] - won["created"]).dt.days
    cycles = won.assign(cycle_days=days)[days >= 0]
    return cycles[["record_id", "cycle_days", "close", *SEGMENTS]].reset_index(drop=True), int((days < 0).sum())


def cycle_summary(cycles: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Median, mean and quartiles of the sales cycle, overall or per ``by`` (a segment column).

    Columns: ``group, deals, median_days, mean_days, p25_days, p75_days``.
    """
    key = cycles[by].fillna("(not set)") if by else pd.Series("All won deals", index=cycles.index)
    grouped = cycles.groupby(key)["cycle_days"]
    table = pd.DataFrame({
        "deals": grouped.size(), "median_days": grouped.median(), "mean_days": grouped.mean(),
        "p25_days": grouped.quantile(0.25), "p75_days": grouped.quantile(0.75),
    }).rename_axis("group").reset_index()
    return table.sort_values(["deals", "group"], ascending=[False, True]).reset_index(drop=True)


def stuck_deals(prepared: pd.DataFrame, activity_days: pd.DataFrame | None, *, as_of: date,
                config: PipelineConfig | None = None) -> pd.DataFrame:
    """Open deals with how long they sat in their stage and since their last activity.

    ``activity_days`` holds prepared activities (``deal_id, day``) or None. Columns:
    ``record_id, stage, owner, amount, days_in_stage, stage_limit_days, days_since_activity,
    stuck_in_stage, no_recent_activity, stuck``.
    """
    config = config or PipelineConfig()
    end = pd.Timestamp(as_of)
    open_deals = prepared[prepared["outcome"] == "open"].copy()
    entered = open_deals["stage_changed"].fillna(open_deals["created"])
    open_deals["days_in_stage"] = (end - entered).dt.days.astype("float64")
    overall = open_deals["days_in_stage"].quantile(config.stuck_percentile) if len(open_deals) else np.nan
    per_stage = open_deals.groupby("stage")["days_in_stage"].agg(
        lambda s: s.quantile(config.stuck_percentile) if s.notna().sum() >= MIN_STAGE_DEALS else np.nan)
    limit = open_deals["stage"].map(per_stage).astype("float64").fillna(overall)
    open_deals["stage_limit_days"] = np.maximum(limit, config.stuck_min_days)
    last = open_deals["last_activity"]
    if activity_days is not None and len(activity_days) and activity_days["deal_id"].notna().any():
        logged = activity_days[activity_days["day"] <= end].dropna(subset=["deal_id"]).groupby("deal_id")["day"].max()
        last = pd.concat([last, open_deals["record_id"].map(logged)], axis=1).max(axis=1)
        last = last.fillna(open_deals["created"])
    open_deals["days_since_activity"] = (end - last).dt.days.astype("float64")
    open_deals["stuck_in_stage"] = (open_deals["days_in_stage"] > open_deals["stage_limit_days"]).fillna(False)
    open_deals["no_recent_activity"] = (open_deals["days_since_activity"] > config.no_activity_days).fillna(False)
    open_deals["stuck"] = open_deals["stuck_in_stage"] | open_deals["no_recent_activity"]
    return open_deals[["record_id", "stage", "owner", "amount", "days_in_stage", "stage_limit_days",
                       "days_since_activity", "stuck_in_stage", "no_recent_activity", "stuck"]].reset_index(drop=True)


def missing_fields(prepared: pd.DataFrame) -> pd.DataFrame:
    """Deals missing an amount, a close date or an owner: ``field, missing, share``.

    A column the export does not have at all counts as missing on every deal.
    """
    total = len(prepared)
    rows = []
    for name, column in (("amount", "amount"), ("close_date", "close"), ("owner", "owner")):
        missing = int(prepared[column].isna().sum())
        rows.append({"field": name, "missing": missing, "share": missing / total if total else np.nan})
    return pd.DataFrame(rows)


def revenue_by_period(prepared: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """Won revenue per calendar month (``freq="M"``) or quarter (``"Q"``).

    Columns: ``period`` (e.g. 2026-09 or 2026Q3), ``won_deals, won_amount, new_business_amount``
    (NaN when deals carry no new-business/renewal marking).
    """
    won = prepared[(prepared["outcome"] == "won") & prepared["close"].notna()]
    period = won["close"].dt.to_period("M" if freq == "M" else "Q")
    new = won["is_new_business"]
    frame = pd.DataFrame({"period": period.astype(str), "amount": won["amount"],
                          "new_amount": won["amount"].where(new.fillna(False).astype(bool), 0.0)
                          if new.notna().any() else np.nan})
    grouped = frame.groupby("period", sort=True)
    return pd.DataFrame({
        "won_deals": grouped.size(), "won_amount": grouped["amount"].sum(min_count=1),
        "new_business_amount": grouped["new_amount"].sum(min_count=1),
    }).reset_index()


def coverage(prepared: pd.DataFrame, *, as_of: date, config: PipelineConfig | None = None
             ) -> tuple[float | None, int, str]:
    """Pipeline coverage: open value closing in the next ``coverage_days`` / the target.

    Returns ``(value or None, open deals used, detail or reason)``.
    """
    config = config or PipelineConfig()
    end = pd.Timestamp(as_of)
    horizon = end + pd.Timedelta(days=config.coverage_days)
    upcoming = prepared[(prepared["outcome"] == "open") & prepared["close"].between(end, horizon)]
    value = upcoming["amount"].sum()
    if config.revenue_target:
        return value / config.revenue_target, len(upcoming), (
            f"open value closing in the next {config.coverage_days} days / the revenue target entered")
    year = prepared[(prepared["outcome"] == "won") & prepared["close"].between(end - pd.Timedelta(days=365), end)]
    if year.empty or not year["amount"].sum():
        return None, len(upcoming), "no won revenue in the last year and no revenue target entered"
    target = year["amount"].sum() * config.coverage_days / 365
    return value / target, len(upcoming), (
        f"open value closing in the next {config.coverage_days} days / the average won revenue per "
        f"{config.coverage_days} days over the last year (no target entered)")


def _issue_rows(frame: pd.DataFrame, field_name: str, check: str, severity: str, values, suggestion: str):
    return pd.DataFrame({"record_id": frame["record_id"].astype("object").to_numpy(), "entity": "deals",
                         "field": field_name, "check": check, "severity": severity,
                         "value": values if isinstance(values, str) else list(values),
                         "suggestion": suggestion}, columns=list(ISSUE_COLUMNS))


def audit_pipeline(tables: Mapping[str, pd.DataFrame], *, as_of: date,
                   config: PipelineConfig | None = None) -> AuditResult:
    """Pipeline hygiene findings (area ``pipeline``): stuck deals, missing amount, close date
    or owner, open deals past their close date, close dates before creation, deals with no stage.

    Codes: ``PIPELINE.STUCK_DEALS``, ``PIPELINE.MISSING_AMOUNT``, ``PIPELINE.MISSING_CLOSE_DATE``,
    ``PIPELINE.MISSING_OWNER``, ``PIPELINE.OPEN_PAST_CLOSE_DATE``, ``PIPELINE.CLOSE_BEFORE_CREATED``,
    ``PIPELINE.NO_STAGE``.
    """
    config = config or PipelineConfig()
    prepared = prepare_deals(tables.get("deals"), config)
    if prepared.empty:
        return AuditResult(area="pipeline")
    end = pd.Timestamp(as_of)
    stuck = stuck_deals(prepared, activity_days(tables.get("activities")), as_of=as_of, config=config)
    flagged = stuck[stuck["stuck"]]
    open_deals = prepared[prepared["outcome"] == "open"]
    checks = [
        ("PIPELINE.MISSING_AMOUNT", "medium", prepared[prepared["amount"].isna()], "amount",
         "deals have no amount", "Ask the owner for the expected value."),
        ("PIPELINE.MISSING_CLOSE_DATE", "medium", prepared[prepared["close"].isna()], "close_date",
         "deals have no close date", "Set the expected or actual close date."),
        ("PIPELINE.MISSING_OWNER", "medium", prepared[prepared["owner"].isna()], "owner",
         "deals have no owner", "Assign every deal to the person working it."),
        ("PIPELINE.OPEN_PAST_CLOSE_DATE", "medium", open_deals[open_deals["close"] < end], "close_date",
         "open deals are past their close date", "Update the close date or close the deal."),
        ("PIPELINE.CLOSE_BEFORE_CREATED", "low", prepared[prepared["close"] < prepared["created"]], "close_date",
         "deals close before they were created", "Correct the dates."),
        ("PIPELINE.NO_STAGE", "low", prepared[prepared["outcome"] == "unknown"], "stage",
         "deals have neither a stage nor a status", "Set the deal's stage."),
    ]
    findings, issues = [], [empty_issues()]
    if len(flagged):
        findings.append(Finding(
            "PIPELINE.STUCK_DEALS", "medium",
            f"{len(flagged):,} of {len(stuck):,} open deals are stuck", len(flagged),
            evidence={"open_deals": len(stuck), "stuck_in_stage": int(stuck["stuck_in_stage"].sum()),
                      "no_recent_activity": int(stuck["no_recent_activity"].sum()),
                      "stuck_value": round(float(flagged["amount"].sum()), 2),
                      "percentile": config.stuck_percentile, "no_activity_days": config.no_activity_days},
            example_ids=tuple(flagged["record_id"].astype(str)[:5]), recommendation_code="REC.PIPELINE.REVIEW_STUCK",
            detail=f"Stuck: longer in the stage than {config.stuck_percentile:.0%} of open deals in the same stage "
                   f"(and over {config.stuck_min_days} days), or no activity for {config.no_activity_days} days.",
        ))
        reasons = np.where(flagged["stuck_in_stage"], [f"{d:.0f} days in stage" for d in flagged["days_in_stage"]],
                           [f"no activity for {d:.0f} days" for d in flagged["days_since_activity"]])
        issues.append(_issue_rows(flagged, "stage", "PIPELINE.STUCK_DEALS", "medium", reasons,
                                  "Review the deal: move it on, or close it as lost."))
    exported = set(tables["deals"].columns)  # a field the export lacks is "not exported", not empty on every deal
    for code, severity, rows, field_name, words, suggestion in checks:
        if field_name in ("close_date", "amount", "owner") and field_name not in exported:
            continue
        if len(rows):
            findings.append(Finding(code, severity, f"{len(rows):,} {words}", len(rows),
                                    evidence={"deals": len(prepared), "share": round(len(rows) / len(prepared), 4)},
                                    example_ids=tuple(rows["record_id"].astype(str)[:5])))
            issues.append(_issue_rows(rows, field_name, code, severity, "", suggestion))
    table = pd.concat([i for i in issues if len(i)] or [empty_issues()], ignore_index=True).astype("string")
    bad = table["record_id"].nunique() if len(table) else 0
    score = Score("pipeline_hygiene", round(100 * (1 - bad / len(prepared)), 1),
                  "100 x share of deals with none of the pipeline problems", len(prepared))
    return AuditResult(area="pipeline", scores=(score,), findings=tuple(findings), issues=table)
