"""The KPIs goals are set on, as goals see them: each one's goal key, name, unit, intent and aliases,
taken from the one KPI catalogue (:mod:`crm_core.kpi_catalogue`).

Each KPI knows its unit, which way is good and the intent it serves, so the goal validator can
tell that a churn target above its baseline points the wrong way. Baselines come from the kept
audit where the exports measure the KPI, and are typed in otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crm_core.kpi_catalogue import FOR_GOALS, Direction
from crm_core.units import format_value

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
    """A catalogue KPI in the goal's terms (``key`` is the goal key stored on goals)."""

    key: str
    name: str
    unit: str
    direction: Direction
    intent: str
    aliases: tuple[str, ...] = ()


KPIS: tuple[Kpi, ...] = tuple(
    Kpi(kpi.goal.key, kpi.goal.name, kpi.goal.unit, kpi.direction, kpi.goal.intent, kpi.goal.aliases)
    for kpi in sorted(FOR_GOALS, key=lambda kpi: INTENTS.index(kpi.goal.intent))
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


def matches(baseline: float | None, measured: float | None) -> bool:
    """Whether a goal's baseline is the value the exports measured (to rounding)."""
    return baseline is not None and measured is not None and abs(baseline - measured) <= 1e-9 * max(1, abs(measured))


def baseline_to_offer(goal, measured: Measured) -> tuple[Kpi, float, str] | None:
    """The measured baseline a goal can take in one click: its KPI measured from the exports, in
    the goal's unit (or the goal has none yet), and not already its baseline."""
    found = measured_baseline(goal.metric, measured)
    if found is None or goal.unit not in ("", found[0].unit) or matches(goal.baseline, found[1]):
        return None
    return found


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
