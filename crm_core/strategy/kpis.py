"""A small catalogue of the KPIs CRM goals are usually measured by.

Each KPI knows its unit, which way is good and the intent it serves, so the goal validator can
tell that a churn target above its baseline points the wrong way. Baselines are typed in for
now; the usage audit will compute them from the exports later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from crm_core.units import format_value

Direction = Literal["up", "down"]

INTENTS: tuple[str, ...] = ("leads", "efficiency", "sales", "churn", "satisfaction", "growth", "cost")
INTENT_LABELS = {
    "leads": "Lead generation",
    "efficiency": "Efficiency",
    "sales": "Sales",
    "churn": "Churn and retention",
    "satisfaction": "Customer satisfaction",
    "growth": "Customer growth",
    "cost": "Cost",
}


@dataclass(frozen=True)
class Kpi:
    key: str
    name: str
    unit: str
    direction: Direction
    intent: str
    aliases: tuple[str, ...] = ()


KPIS: tuple[Kpi, ...] = (
    Kpi("qualified_leads", "Marketing-qualified leads", "per month", "up", "leads",
        ("mql", "mqls", "leads", "new leads")),
    Kpi("sales_cycle_length", "Sales-cycle length", "months", "down", "efficiency", ("sales cycle", "time to close")),
    Kpi("conversion_rate", "Conversion rate", "%", "up", "sales", ("conversion", "win rate", "close rate")),
    Kpi("new_revenue", "New revenue", "$", "up", "sales", ("revenue", "sales revenue")),
    Kpi("retention_rate", "Retention rate", "%", "up", "churn", ("retention", "customer retention")),
    Kpi("churn_rate", "Churn rate", "%", "down", "churn", ("churn", "customer churn", "attrition")),
    Kpi("nps", "Net Promoter Score (NPS)", "points", "up", "satisfaction", ("nps", "net promoter score")),
    Kpi("csat", "Customer satisfaction (CSAT)", "%", "up", "satisfaction", ("csat", "satisfaction")),
    Kpi("cltv", "Customer lifetime value (CLTV)", "$", "up", "growth", ("cltv", "clv", "ltv", "lifetime value")),
    Kpi("arpc", "Average revenue per customer", "$", "up", "growth", ("arpc", "arpu", "revenue per customer")),
    Kpi("cac", "Customer acquisition cost (CAC)", "$", "down", "cost",
        ("cac", "acquisition cost", "cost per sale", "cost per customer", "per sale")),
    Kpi("referrals", "Referrals", "per quarter", "up", "satisfaction", ("referral", "referrals")),
    Kpi("expansion_revenue", "Cross-sell and up-sell revenue", "$", "up", "growth",
        ("cross-sell", "up-sell", "upsell", "cross sell", "expansion revenue")),
)
KPI_BY_KEY = {kpi.key: kpi for kpi in KPIS}
# The KPI the method suggests first for each intent.
KPI_FOR_INTENT = {
    "leads": "qualified_leads", "efficiency": "sales_cycle_length", "sales": "conversion_rate",
    "churn": "retention_rate", "satisfaction": "nps", "growth": "cltv", "cost": "cac",
}


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9%$+-]+", " ", text.lower()).strip()


def find_kpi(metric: str) -> Kpi | None:
    """The catalogue KPI a metric name means: its key, its name or one of its aliases."""
    wanted = _normalise(metric)
    if not wanted:
        return None
    for kpi in KPIS:
        if wanted in {kpi.key.replace("_", " "), _normalise(kpi.name), *map(_normalise, kpi.aliases)}:
            return kpi
    return None


def mentioned_kpi(text: str) -> Kpi | None:
    """The KPI a free sentence talks about ("increase retention" -> retention rate).

    Longer aliases are tried first so "cost per sale" wins over a shorter accidental match.
    """
    words = f" {_normalise(text)} "
    candidates = [(alias, kpi) for kpi in KPIS for alias in (kpi.name, *kpi.aliases)]
    for alias, kpi in sorted(candidates, key=lambda pair: -len(pair[0])):
        if f" {_normalise(alias)} " in words:
            return kpi
    return None


Measured = dict[str, tuple[float | None, str]]  # KPI key -> (baseline in the KPI's unit, note or reason)


def measured_baseline(metric: str, measured: Measured) -> tuple[Kpi, float, str] | None:
    """The baseline the exports give for a goal's metric, when its KPI is measurable."""
    kpi = find_kpi(metric) if metric else None
    if kpi is None or measured.get(kpi.key, (None, ""))[0] is None:
        return None
    value, note = measured[kpi.key]
    return kpi, value, note


def baseline_rows(measured: Measured) -> list[dict[str, str]]:
    """One row per catalogue KPI: what the exports say today, or why they cannot say."""
    rows = []
    for kpi in KPIS:
        value, note = measured.get(kpi.key, (None, "not measured from exports: type the baseline in"))
        rows.append({
            "KPI": kpi.name,
            "Baseline from the data": "" if value is None else format_value(value, kpi.unit),
            "How it was measured, or why not": note,
        })
    return rows
