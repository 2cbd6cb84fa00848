"""The KPI catalogue: each pipeline and customer KPI with its definition and current value.

Every KPI has a stable ``key`` (never renamed: the Goals screen stores it), a name, a
definition, a unit, the direction that is good and how it is computed from the exports.
:func:`compute_kpis` returns a :class:`KpiValue` per key: the value from the imported data, the
number of records it rests on, and, when the data cannot support the KPI, ``value=None`` with a
``reason`` instead of a wrong number. Units: ``fraction`` (0-1), ``days``, ``currency`` (the
deals' own currency; refused when deals mix currencies), ``ratio``, ``points``.

Goals baselines: :func:`goal_baseline` converts a KPI to the unit of the Goals catalogue
(``crm_core.strategy.kpis``) through :data:`GOAL_EQUIVALENTS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from crm_core.audit.pipeline import customers
from crm_core.audit.pipeline import deals as pipeline
from crm_core.audit.pipeline.deals import PipelineConfig
from crm_core.audit.pipeline.rfm import orders_from_transactions
from crm_core.audit.deal_activity import activity_days, deal_activity_coverage


@dataclass(frozen=True)
class KpiDefinition:
    key: str
    name: str
    definition: str
    unit: str
    direction: str  # "up" or "down": which way is good
    how: str


@dataclass(frozen=True)
class KpiValue:
    key: str
    value: float | None
    n: int
    reason: str | None = None  # why the data cannot support the KPI (value is None)
    note: str = ""  # how this value was computed, when the source varies


_MONEY = ("average_deal_size_won", "open_pipeline_value", "new_revenue_last_quarter", "new_revenue_last_12_months",
          "expansion_revenue_last_12_months", "average_revenue_per_customer", "customer_lifetime_value")
CATALOGUE: tuple[KpiDefinition, ...] = (
    KpiDefinition("win_rate", "Win rate", "Won deals / (won + lost deals).", "fraction", "up",
                  "Stages mapped to won and lost by the stage table; open deals are left out."),
    KpiDefinition("sales_cycle_days_median", "Sales cycle (median)", "Median days from creation to close of won deals.",
                  "days", "down", "Won deals with both dates; a close date before creation is left out."),
    KpiDefinition("sales_cycle_days_mean", "Sales cycle (mean)", "Mean days from creation to close of won deals.",
                  "days", "down", "As the median, averaged."),
    KpiDefinition("average_deal_size_won", "Average deal size", "Mean amount of won deals.", "currency", "up",
                  "Won deals with an amount."),
    KpiDefinition("open_pipeline_value", "Open pipeline value", "Total amount of open deals.", "currency", "up",
                  "Deals neither won nor lost, with an amount."),
    KpiDefinition("pipeline_coverage", "Pipeline coverage",
                  "Open value closing in the next period / the revenue needed in it.", "ratio", "up",
                  "Period and target from the KPI settings; without a target, the average won revenue per period "
                  "over the last year."),
    KpiDefinition("new_revenue_last_quarter", "New revenue (last quarter)",
                  "Won new-business revenue in the last complete calendar quarter.", "currency", "up",
                  "Deals whose pipeline or type says new business; all won deals when none is marked."),
    KpiDefinition("new_revenue_last_12_months", "New revenue (last 12 months)",
                  "Won new-business revenue in the last 365 days.", "currency", "up", "As for the quarter."),
    KpiDefinition("expansion_revenue_last_12_months", "Up-sell and cross-sell revenue (last 12 months)",
                  "Won up-sell, cross-sell and upgrade revenue in the last 365 days.", "currency", "up",
                  "Deals whose pipeline or type says up-sell, cross-sell, upgrade, expansion or add-on."),
    KpiDefinition("stuck_deal_share", "Stuck deals", "Share of open deals stuck in their stage or without activity.",
                  "fraction", "down", "Stuck: in stage longer than the stage's 90th percentile, or no activity in "
                  "the set number of days (settings)."),
    KpiDefinition("deals_missing_fields_share", "Deals missing key fields",
                  "Share of deals missing an amount, a close date or an owner.", "fraction", "down",
                  "A column the export lacks counts as missing."),
    KpiDefinition("deals_with_activity_share", "Won deals with logged activity",
                  "Share of won deals with an activity logged on or before the close date.", "fraction", "up",
                  "Deals closed since the first logged activity; activities linked by deal (or account)."),
    KpiDefinition("churn_rate", "Churn rate", "Share of customers lost in a year.", "fraction", "down",
                  "From transactions, else renewals, else account status (see the note)."),
    KpiDefinition("retention_rate", "Retention rate", "Share of customers kept over a year.", "fraction", "up",
                  "1 - churn, from the same source."),
    KpiDefinition("average_revenue_per_customer", "Average revenue per customer",
                  "Revenue of the last 365 days / customers who bought in them.", "currency", "up",
                  "Net orders when a transactions log exists, else won deals per account."),
    KpiDefinition("customer_lifetime_value", "Customer lifetime value (CLTV)",
                  "Yearly revenue per customer / yearly churn rate.", "currency", "up",
                  "Gross revenue, not margin; needs a yearly churn rate."),
    KpiDefinition("customer_acquisition_cost", "Customer acquisition cost (CAC)",
                  "Sales and marketing spend / new customers won in the same period.", "currency", "down",
                  "Spend typed into the KPI settings."),
    KpiDefinition("nps", "Net Promoter Score (NPS)", "% promoters (9-10) - % detractors (0-6).", "points", "up",
                  "A 0-10 survey column in any export."),
    KpiDefinition("csat", "Customer satisfaction (CSAT)", "Share of satisfied survey answers.", "fraction", "up",
                  "A satisfaction survey column in any export (4-5 of 5, 8-10 of 10)."),
)
DEFINITIONS = {kpi.key: kpi for kpi in CATALOGUE}
# Goals catalogue key -> (KPI key here, factor converting our unit to the Goals unit).
GOAL_EQUIVALENTS: dict[str, tuple[str, float]] = {
    "conversion_rate": ("win_rate", 100.0),
    "sales_cycle_length": ("sales_cycle_days_median", 1 / 30.4375),
    "new_revenue": ("new_revenue_last_12_months", 1.0),
    "retention_rate": ("retention_rate", 100.0),
    "churn_rate": ("churn_rate", 100.0),
    "nps": ("nps", 1.0),
    "csat": ("csat", 100.0),
    "cltv": ("customer_lifetime_value", 1.0),
    "arpc": ("average_revenue_per_customer", 1.0),
    "cac": ("customer_acquisition_cost", 1.0),
    "expansion_revenue": ("expansion_revenue_last_12_months", 1.0),
}
EXPANSION_WORDS = ("upsell", "up-sell", "cross-sell", "crosssell", "upgrade", "expansion", "add-on")


def _value(key: str, value, n: int, note: str = "") -> KpiValue:
    if value is None or pd.isna(value):
        return KpiValue(key, None, int(n), reason=note or "no records to compute it from")
    return KpiValue(key, float(value), int(n), note=note)


def _from(key: str, measured: customers.Measured) -> KpiValue:
    if measured.value is None:
        return KpiValue(key, None, measured.n, reason=measured.note)
    return KpiValue(key, float(measured.value), measured.n, note=measured.note)


def _last_quarter(as_of: date) -> tuple[pd.Timestamp, pd.Timestamp]:
    current = pd.Timestamp(as_of).to_period("Q")
    previous = current - 1
    return previous.start_time, previous.end_time.normalize()


def compute_kpis(tables: Mapping[str, pd.DataFrame], *, as_of: date,
                 config: PipelineConfig | None = None) -> dict[str, KpiValue]:
    """Every catalogue KPI from canonical tables by entity (deals, accounts, activities,
    transactions and any table with a survey column)."""
    config = config or PipelineConfig()
    deals = tables.get("deals")
    prepared = pipeline.prepare_deals(deals, config)
    end = pd.Timestamp(as_of)
    money = pipeline.money_problem(deals)
    values: dict[str, KpiValue] = {}
    if prepared.empty:
        for key in ("win_rate", "sales_cycle_days_median", "sales_cycle_days_mean", *_MONEY[:5],
                    "pipeline_coverage", "stuck_deal_share", "deals_missing_fields_share", "deals_with_activity_share"):
            values[key] = KpiValue(key, None, 0, reason="no deals imported")
    else:
        rate, won, lost = pipeline.win_rate(prepared)
        values["win_rate"] = _value("win_rate", rate, won + lost, "" if rate is not None else "no won or lost deals")
        cycles, _ = pipeline.sales_cycles(prepared)
        why = "no won deal with both a creation and a close date"
        values["sales_cycle_days_median"] = _value("sales_cycle_days_median", cycles["cycle_days"].median(),
                                                   len(cycles), "" if len(cycles) else why)
        values["sales_cycle_days_mean"] = _value("sales_cycle_days_mean", cycles["cycle_days"].mean(), len(cycles),
                                                 "" if len(cycles) else why)
        won_amounts = prepared.loc[prepared["outcome"] == "won", "amount"].dropna()
        values["average_deal_size_won"] = _value("average_deal_size_won", won_amounts.mean(), len(won_amounts),
                                                 "" if len(won_amounts) else "no won deal with an amount")
        open_amounts = prepared.loc[prepared["outcome"] == "open", "amount"].dropna()
        values["open_pipeline_value"] = KpiValue("open_pipeline_value", float(open_amounts.sum()), len(open_amounts))
        cover, used, detail = pipeline.coverage(prepared, as_of=as_of, config=config)
        values["pipeline_coverage"] = (_value("pipeline_coverage", cover, used, detail) if cover is not None
                                       else KpiValue("pipeline_coverage", None, used, reason=detail))
        _revenue(values, prepared, end, as_of)
        stuck = pipeline.stuck_deals(prepared, activity_days(tables.get("activities")), as_of=as_of, config=config)
        values["stuck_deal_share"] = _value("stuck_deal_share", stuck["stuck"].mean() if len(stuck) else None,
                                            len(stuck), "" if len(stuck) else "no open deals")
        incomplete = prepared[["amount", "close", "owner"]].isna().any(axis=1)
        values["deals_missing_fields_share"] = KpiValue("deals_missing_fields_share", float(incomplete.mean()),
                                                        len(prepared))
        days = activity_days(tables.get("activities"))
        coverage = (deal_activity_coverage(deals.reset_index(drop=True), prepared["outcome"], days, as_of=as_of)
                    if days is not None else pd.DataFrame(columns=["outcome", "has_activity"]))
        won_cov = coverage[coverage["outcome"] == "won"]
        values["deals_with_activity_share"] = (
            _value("deals_with_activity_share", won_cov["has_activity"].astype(bool).mean(), len(won_cov))
            if len(won_cov) else KpiValue("deals_with_activity_share", None, 0, reason=(
                "no activities imported" if days is None else "no won deal closed since the first logged activity")))
    transactions = tables.get("transactions")
    orders = orders_from_transactions(transactions)[0] if transactions is not None and len(transactions) else None
    churn, retention = customers.churn_and_retention(prepared, orders, tables.get("accounts"), as_of=as_of)
    values["churn_rate"], values["retention_rate"] = _from("churn_rate", churn), _from("retention_rate", retention)
    arpc = customers.revenue_per_customer(prepared, orders, as_of=as_of)
    values["average_revenue_per_customer"] = _from("average_revenue_per_customer", arpc)
    values["customer_lifetime_value"] = _from("customer_lifetime_value", customers.lifetime_value(arpc, churn))
    cac = customers.acquisition_cost(prepared, orders, as_of=as_of, config=config)
    values["customer_acquisition_cost"] = _from("customer_acquisition_cost", cac)
    values["nps"] = _from("nps", customers.survey_score(tables, "nps"))
    values["csat"] = _from("csat", customers.survey_score(tables, "csat"))
    if money and orders is None:
        for key in _MONEY:
            values[key] = KpiValue(key, None, values[key].n, reason=money)
    return {kpi.key: values[kpi.key] for kpi in CATALOGUE}


def _revenue(values: dict, prepared: pd.DataFrame, end: pd.Timestamp, as_of: date) -> None:
    won = prepared[(prepared["outcome"] == "won") & prepared["close"].notna()]
    marked = won["is_new_business"].notna().any()
    new = won[won["is_new_business"].fillna(False).astype(bool)] if marked else won
    note = "" if marked else "no deal is marked new business or renewal, so all won deals count as new"
    start, stop = _last_quarter(as_of)
    quarter = new[new["close"].between(start, stop)]
    period = f"{start:%Y-%m-%d} to {stop:%Y-%m-%d}. {note}".strip()
    values["new_revenue_last_quarter"] = KpiValue("new_revenue_last_quarter", float(quarter["amount"].sum()),
                                                  len(quarter), note=period)
    year = new[new["close"].between(end - pd.Timedelta(days=364), end)]
    values["new_revenue_last_12_months"] = KpiValue("new_revenue_last_12_months", float(year["amount"].sum()),
                                                    len(year), note=note)
    kind = (won["pipeline"].fillna("").astype(str) + " " + won["deal_type"].fillna("").astype(str)).str.casefold()
    expansion = kind.apply(lambda text: any(w in text for w in EXPANSION_WORDS)).astype(bool)
    recent = won[expansion & won["close"].between(end - pd.Timedelta(days=364), end)]
    values["expansion_revenue_last_12_months"] = (
        KpiValue("expansion_revenue_last_12_months", float(recent["amount"].sum()), len(recent))
        if expansion.any() else KpiValue("expansion_revenue_last_12_months", None, 0,
                                         reason="no deal is marked up-sell, cross-sell or upgrade"))


def kpi_table(values: Mapping[str, KpiValue]) -> pd.DataFrame:
    """The catalogue with current values, for screens and reports.

    Columns: ``key, name, value, unit, direction, definition, how, n, reason, note``.
    """
    rows = []
    for kpi in CATALOGUE:
        value = values.get(kpi.key) or KpiValue(kpi.key, None, 0, reason="not computed")
        rows.append({"key": kpi.key, "name": kpi.name, "value": value.value, "unit": kpi.unit,
                     "direction": kpi.direction, "definition": kpi.definition, "how": kpi.how, "n": value.n,
                     "reason": value.reason, "note": value.note})
    return pd.DataFrame(rows)


def kpis_to_dict(values: Mapping[str, KpiValue], *, as_of: date) -> dict:
    """The JSON form the CLI prints: ``{"as_of": ..., "kpis": {key: {...}}}``."""
    kpis = {}
    for kpi in CATALOGUE:
        value = values[kpi.key]
        kpis[kpi.key] = {
            "name": kpi.name, "value": None if value.value is None else round(value.value, 6), "unit": kpi.unit,
            "direction": kpi.direction, "definition": kpi.definition, "n": value.n, "reason": value.reason,
            "note": value.note,
        }
    return {"as_of": as_of.isoformat(), "kpis": kpis}


def goal_baselines(values: Mapping[str, KpiValue]) -> dict[str, tuple[float | None, str]]:
    """Every Goals KPI the exports can measure, in the Goals unit: key -> (value or None, note or reason)."""
    baselines = {}
    for goal_key, (key, factor) in GOAL_EQUIVALENTS.items():
        value = values[key]
        if value.value is None:
            baselines[goal_key] = (None, value.reason or "not computable from the exports")
        else:
            baselines[goal_key] = (value.value * factor,
                                   f"{DEFINITIONS[key].name} from the imported data ({value.n:,} records)")
    return baselines


def goal_baseline(goal_kpi_key: str, tables: Mapping[str, pd.DataFrame], *, as_of: date,
                  config: PipelineConfig | None = None) -> tuple[float | None, str]:
    """A Goals KPI's baseline in the Goals unit, and the note or the reason it is missing.

    ``goal_kpi_key`` is a key of the Goals catalogue (``conversion_rate``, ``sales_cycle_length``...).
    """
    if goal_kpi_key not in GOAL_EQUIVALENTS:
        return None, "the exports cannot measure this KPI: type the baseline in"
    return goal_baselines(compute_kpis(tables, as_of=as_of, config=config))[goal_kpi_key]
