"""From ranked recommendations to a plan: the impact/effort matrix, the roadmap (now, next 90
days, this year, five years with a yearly review) and the check of the three success
conditions (transparency, actionability, credibility).

Compute and chart in pairs: ``matrix_table`` + ``build_matrix_chart``; the rest are tables.
"""

from __future__ import annotations

from collections.abc import Sequence
import math
from datetime import date, timedelta

import altair as alt
import pandas as pd

from crm_core.recommend import (
    CONDITION_TEXT, CONDITIONS, PRIORITY_LABELS, QUICK_WIN_EFFORT, QUICK_WIN_IMPACT, Recommendation,
)
from crm_core.findings import score_band
from crm_core.scorecard import BAND_LABELS, Scorecard

QUADRANTS = {"quick_win": "Quick win", "major_project": "Major project", "fill_in": "Fill-in",
             "thankless": "Thankless task"}
QUADRANT_RULE = (f"quick win: impact {QUICK_WIN_IMPACT}+ and effort 1-{QUICK_WIN_EFFORT}; major project: impact "
                 f"{QUICK_WIN_IMPACT}+ and effort {QUICK_WIN_EFFORT + 1}+; fill-in: impact 1-{QUICK_WIN_IMPACT - 1} "
                 f"and effort 1-{QUICK_WIN_EFFORT}; thankless task: impact 1-{QUICK_WIN_IMPACT - 1} and effort "
                 f"{QUICK_WIN_EFFORT + 1}+")
QUADRANT_COLOURS = ("#1a7f37", "#1f5f99", "#9aa4ad", "#c0392b")
HORIZONS = {
    "now": "Now (next 30 days)",
    "next_90_days": "Next 90 days",
    "this_year": "This year",
    "five_years": "Five-year plan",
}
HORIZON_RULE = ("a due date decides the lane; otherwise essential -> now, important -> next 90 days, "
                "desirable -> this year; quick wins first within each lane")
MATRIX_COLUMNS = ("rank", "key", "title", "impact", "effort", "priority", "quadrant", "quick_win", "x", "y")
ROADMAP_COLUMNS = ("horizon", "lane", "order", "key", "title", "priority", "owner", "due_date", "target",
                   "quick_win", "impact", "effort")
LANE_DAYS = {"now": 30, "next_90_days": 90, "this_year": 365}
CONDITION_AREAS = {"transparency": ("usage", "pipeline"), "actionability": ("fit", "pipeline"),
                   "credibility": ("data", "duplicates", "compliance")}


def quadrant_of(rec: Recommendation) -> str:
    high, easy = rec.impact >= QUICK_WIN_IMPACT, rec.effort <= QUICK_WIN_EFFORT
    return {(True, True): "quick_win", (True, False): "major_project", (False, True): "fill_in",
            (False, False): "thankless"}[(high, easy)]


def matrix_table(recs: Sequence[Recommendation]) -> pd.DataFrame:
    """One row per recommendation (``rank`` = its place in ``recs``, from 1), columns
    :data:`MATRIX_COLUMNS`; ``x``/``y`` spread the recommendations sharing a cell on a small
    grid around its centre so every point stays visible."""
    cells: dict[tuple[int, int], list[int]] = {}
    for n, rec in enumerate(recs):
        cells.setdefault((rec.effort, rec.impact), []).append(n)
    offsets: dict[int, tuple[float, float]] = {}
    for members in cells.values():
        side = math.ceil(math.sqrt(len(members)))
        step = 0.84 / side
        for i, n in enumerate(members):
            offsets[n] = ((i % side - (side - 1) / 2) * step, ((side - 1) / 2 - i // side) * step)
    rows = [{"rank": n + 1, "key": rec.key, "title": rec.title, "impact": rec.impact, "effort": rec.effort,
             "priority": PRIORITY_LABELS.get(rec.priority, rec.priority), "quadrant": QUADRANTS[quadrant_of(rec)],
             "quick_win": rec.quick_win, "x": rec.effort + offsets[n][0], "y": rec.impact + offsets[n][1]}
            for n, rec in enumerate(recs)]
    return pd.DataFrame(rows, columns=list(MATRIX_COLUMNS))


def build_matrix_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Impact (up) against effort (right), 1-5; the quick-win corner shaded green, each
    recommendation a dot coloured by quadrant and numbered with its rank. Input:
    :func:`matrix_table`."""
    corner = alt.Chart(pd.DataFrame({"x": [0.5], "x2": [QUICK_WIN_EFFORT + 0.5], "y": [QUICK_WIN_IMPACT - 0.5],
                                     "y2": [5.5]})).mark_rect(
        color="#1a7f37", opacity=0.08).encode(x="x:Q", x2="x2:Q", y="y:Q", y2="y2:Q")
    corner_label = alt.Chart(pd.DataFrame({"x": [0.55], "y": [QUICK_WIN_IMPACT - 0.47],
                                           "text": ["Quick wins"]})).mark_text(
        align="left", baseline="bottom", color="#1a7f37", fontWeight="bold", fontSize=13).encode(
        x="x:Q", y="y:Q", text="text:N")
    scale = alt.Scale(domain=[0.5, 5.5], nice=False)
    axis = {"values": [1, 2, 3, 4, 5], "format": "d", "grid": False}
    base = alt.Chart(table).encode(
        x=alt.X("x:Q", scale=scale, title="Effort (1 low - 5 high)", axis=alt.Axis(**axis)),
        y=alt.Y("y:Q", scale=scale, title="Impact (1 low - 5 high)", axis=alt.Axis(**axis)),
        tooltip=["rank:Q", "title:N", "priority:N", "impact:Q", "effort:Q", "quadrant:N"])
    points = base.mark_circle(size=300, opacity=0.9).encode(
        color=alt.Color("quadrant:N", title=None, scale=alt.Scale(domain=list(QUADRANTS.values()),
                                                                 range=list(QUADRANT_COLOURS)),
                        legend=alt.Legend(orient="bottom", direction="horizontal", labelFontSize=12)))
    numbers = base.mark_text(color="white", fontSize=9, fontWeight="bold").encode(text="rank:Q")
    grid = alt.Chart(pd.DataFrame({"v": [1.5, 2.5, 3.5, 4.5]})).mark_rule(color="#e3e7eb")
    return alt.layer(corner, grid.encode(x="v:Q"), grid.encode(y="v:Q"), corner_label, points, numbers).properties(
        width=560, height=560)


def horizon_of(rec: Recommendation, *, start: date) -> str:
    """The roadmap lane (see :data:`HORIZON_RULE`), counted from ``start`` (today); a standing
    recommendation keeps its own lane."""
    if rec.due_date is not None:
        days = (rec.due_date - start).days
        return next((lane for lane, limit in LANE_DAYS.items() if days <= limit), "five_years")
    if rec.horizon:
        return rec.horizon
    return {"essential": "now", "important": "next_90_days"}.get(rec.priority, "this_year")


def lane_target(horizon: str, *, start: date) -> date | None:
    """The date a lane's work is due by when nobody set one (None for the five-year plan)."""
    return start + timedelta(days=LANE_DAYS[horizon]) if horizon in LANE_DAYS else None


def quarter_of(day: date) -> str:
    """"2027-Q1": the calendar quarter a date falls in."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def build_roadmap(recs: Sequence[Recommendation], *, start: date) -> pd.DataFrame:
    """Open recommendations by lane, quick wins first, columns :data:`ROADMAP_COLUMNS`;
    ``target`` is the due date, or the lane's end when none is set."""
    rows = []
    for r in recs:
        if r.status in ("done", "dismissed"):
            continue
        horizon = horizon_of(r, start=start)
        rows.append({"horizon": horizon, "key": r.key, "title": r.title,
                     "priority": PRIORITY_LABELS.get(r.priority, r.priority), "rank": r.priority_rank,
                     "owner": r.owner, "due_date": r.due_date,
                     "target": r.due_date or lane_target(horizon, start=start), "quick_win": r.quick_win,
                     "impact": r.impact, "effort": r.effort})
    if not rows:
        return pd.DataFrame(columns=list(ROADMAP_COLUMNS))
    table = pd.DataFrame(rows)
    table["lane"] = table["horizon"].map(HORIZONS)
    table["horizon_rank"] = table["horizon"].map(list(HORIZONS).index)
    table = table.sort_values(["horizon_rank", "quick_win", "rank", "impact", "effort", "key"],
                              ascending=[True, False, True, False, True, True], kind="stable")
    table["order"] = table.groupby("horizon").cumcount() + 1
    return table[list(ROADMAP_COLUMNS)].reset_index(drop=True)


def five_year_plan(recs: Sequence[Recommendation], *, start: date) -> pd.DataFrame:
    """Five yearly steps with the date of each year's review: ``year, review_on, focus``."""
    open_recs = [r for r in recs if r.status not in ("done", "dismissed")]
    essential = sum(r.priority == "essential" for r in open_recs)
    quick = sum(r.quick_win for r in open_recs)
    major = list(dict.fromkeys(r.title for r in open_recs if r.impact >= 3 and r.effort >= 3))[:3]
    focus = [
        f"Fix what hurts now ({essential} essential recommendations) and land the {quick} quick wins; "
        "agree each team's goals and owners.",
        "Deliver the major projects" + (": " + "; ".join(major) if major else "") + ".",
        "Measure the goals against their baselines; retire what the teams do not use.",
        "Extend the CRM where the goals call for it (new integrations, automation, analytics).",
        "Renew the strategy: re-run the full audit and write the next five-year plan.",
    ]
    return pd.DataFrame([{"year": n, "review_on": _years_after(start, n), "focus": text}
                         for n, text in enumerate(focus, start=1)])


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def condition_check(recs: Sequence[Recommendation], scorecard: Scorecard) -> pd.DataFrame:
    """Per success condition: what it means, the areas that measure it and their mean score
    and band, and the open recommendations that serve it.

    Columns: ``condition, meaning, areas, score, band, status, recommendations, count``.
    """
    rows = []
    for condition in CONDITIONS:
        areas = [scorecard.area(a) for a in CONDITION_AREAS[condition]]
        scored = [a for a in areas if a is not None and a.value is not None]
        value = round(sum(a.value for a in scored) / len(scored), 1) if scored else None
        serving = [r for r in recs if condition in r.serves and r.status not in ("done", "dismissed")]
        band = score_band(value)
        status = (f"{BAND_LABELS[band]} ({value:.0f}/100)" if value is not None else "Not measured") + (
            f"; served by {len(serving)} recommendation{'s' if len(serving) != 1 else ''}" if serving
            else "; no recommendation serves it yet")
        rows.append({"condition": condition, "meaning": CONDITION_TEXT[condition],
                     "areas": ", ".join(a.label for a in scored) or "none measured", "score": value, "band": band,
                     "status": status, "recommendations": [r.title for r in serving], "count": len(serving)})
    return pd.DataFrame(rows)
