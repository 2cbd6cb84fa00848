"""The current value of every measured KPI of the one catalogue (:mod:`crm_core.kpi_catalogue`).

:func:`compute_kpis` returns a :class:`KpiValue` per key: the value from the imported data, the
number of records it rests on, and, when the data cannot support the KPI, ``value=None`` with a
``reason`` instead of a wrong number. Units: ``fraction`` (0-1), ``days``, ``currency`` (the
deals' own currency; refused when deals mix currencies), ``ratio``, ``points``.

Goals baselines: :func:`goal_baseline` converts a KPI to the unit its goals are written in,
through the catalogue's goal factors (:data:`GOAL_EQUIVALENTS`).
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
from crm_core.audit.usage.speed_to_lead import SpeedToLead, measure_speed_to_lead
from crm_core.kpi_catalogue import MEASURED


@dataclass(frozen=True)
class KpiValue:
    key: str
    value: float | None
    n: int
    reason: str | None = None  # why the data cannot support the KPI (value is None)
    note: str = ""  # how this value was computed, when the source varies


_MONEY = ("average_deal_size_won", "open_pipeline_value", "new_revenue_last_quarter", "new_revenue_last_12_months",
          "expansion_revenue_last_12_months", "average_revenue_per_customer", "customer_lifetime_value")
CATALOGUE = MEASURED  # the measured KPIs of the one catalogue, in its order
DEFINITIONS = {kpi.key: kpi for kpi in CATALOGUE}
# Goals KPI key -> (the measured KPI's key, factor from its unit to the goal's unit).
GOAL_EQUIVALENTS: dict[str, tuple[str, float]] = {kpi.goal.key: (kpi.key, kpi.goal.factor)
                                                  for kpi in CATALOGUE if kpi.goal is not None}
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
                 config: PipelineConfig | None = None, speed: SpeedToLead | None = None) -> dict[str, KpiValue]:
    """Every catalogue KPI from canonical tables by entity (deals, accounts, contacts,
    activities, users, transactions and any table with a survey column); ``speed`` is the
    speed to lead already measured with the workspace's working hours (default hours else)."""
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
        judged = stuck[stuck["days_in_stage"].notna() | stuck["days_since_activity"].notna()]
        why = ("no open deals" if not len(stuck) else
               "no open deal has a stage date, a creation date or a logged activity to judge it by")
        values["stuck_deal_share"] = _value("stuck_deal_share", judged["stuck"].mean() if len(judged) else None,
                                            len(judged), "" if len(judged) else why)
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
    speed = speed or measure_speed_to_lead(tables, as_of=as_of)
    for key, (value, n, reason) in speed.values.items():
        values[key] = KpiValue(key, value, n, reason=reason) if value is None else _value(key, value, n)
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
