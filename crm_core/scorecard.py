"""The health scorecard: one score per audit area and overall, in red, amber and green bands.

An area's score is the mean of its headline dimensions (:data:`HEADLINE`) that were measured;
coverage scores (how much of a checklist is answered) are not health and are left out, and a
checklist score counts only once at least :data:`CHECKLIST_QUORUM` % of its applicable items are
answered (one answer out of 21 says little about the CRM). An area with nothing measured is
"not measured" (no value, grey), never 100. The overall score is the mean of the measured
areas, each weighing the same, and is always given with how many areas it covers
(:func:`overall_text`). Bands: green from 80, amber from 60, red below 60
(:func:`crm_core.findings.score_band`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd

from crm_core.audit.runner import REPORT_ORDER, area_label
from crm_core.findings import SCORE_BAND_RULE, AuditResult, Severity, score_band

BAND_LABELS = {"green": "Good", "amber": "Needs attention", "red": "Poor", "grey": "Not measured"}
BAND_COLOURS = {"green": "#1a7f37", "amber": "#d98a1f", "red": "#c0392b", "grey": "#9aa4ad"}
BAND_RULE = SCORE_BAND_RULE
HEADLINE = {
    "fit": ("fit_checklist", "integrations"),
    "data": ("overall",),
    "duplicates": ("uniqueness",),
    "usage": ("usage",),
    "pipeline": ("pipeline_hygiene",),
    "compliance": ("compliance_checklist", "compliance_data"),
}
OVERALL_FORMULA = "mean of the area scores above (each area weighs the same; areas not scored are left out)"
CHECKLIST_QUORUM = 50.0  # % of a checklist's applicable items answered before its score counts
QUORUM_RULE = f"a checklist counts once at least {CHECKLIST_QUORUM:.0f}% of its items are answered"
SCORECARD_COLUMNS = ("area", "label", "score", "band", "findings", "serious", "basis", "note")


@dataclass(frozen=True)
class AreaScore:
    area: str
    label: str
    value: float | None
    band: str
    findings: int = 0
    serious: int = 0  # critical or high
    basis: str = ""  # what the score is the mean of
    note: str = ""  # why there is no score


@dataclass(frozen=True)
class Scorecard:
    areas: tuple[AreaScore, ...]
    overall: AreaScore

    def area(self, name: str) -> AreaScore | None:
        return next((a for a in self.areas if a.area == name), None)


def score_area(area: str, result: AuditResult) -> AreaScore:
    """One area's headline score (see the module docstring)."""
    wanted = HEADLINE.get(area, ())
    used = [s for s in result.scores if s.dimension in wanted] or (
        [] if wanted else [s for s in result.scores if not s.dimension.endswith("_coverage")])
    coverage = result.score(f"{area}_coverage")
    checklist = [s for s in used if s.dimension == f"{area}_checklist"]
    short = bool(checklist) and coverage is not None and coverage.value < CHECKLIST_QUORUM
    held_back = f"checklist {coverage.value:.0f}% answered, not counted until {CHECKLIST_QUORUM:.0f}%" if short else ""
    if short:
        used = [s for s in used if s not in checklist]
    value = round(sum(s.value for s in used) / len(used), 1) if used else None
    findings = [f for f in result.findings if f.severity != Severity.INFO]
    serious = sum(1 for f in findings if f.severity in (Severity.CRITICAL, Severity.HIGH))
    basis = " and ".join(s.dimension.replace("_", " ") for s in used)
    if used:
        note = held_back
    elif held_back:
        note = f"not measured: {held_back}"
    elif area in ("fit", "compliance"):
        note = "not measured: answer the checklist to score this area"
    else:
        note = "not measured: the exports hold nothing this area can measure"
    return AreaScore(area, area_label(area), value, score_band(value), len(findings), serious,
                     f"mean of {basis}" if len(used) > 1 else basis, note)


def build_scorecard(audit: Mapping[str, AuditResult], skipped: Mapping[str, str] | None = None) -> Scorecard:
    """Area scores in the method's order (skipped areas grey, with the reason) and the overall."""
    skipped = skipped or getattr(audit, "skipped", {})
    areas = []
    for area in [*REPORT_ORDER, *(a for a in audit if a not in REPORT_ORDER)]:
        if area in audit:
            areas.append(score_area(area, audit[area]))
        elif area in skipped:
            areas.append(AreaScore(area, area_label(area), None, "grey", note=skipped[area]))
    scored = [a.value for a in areas if a.value is not None]
    value = round(sum(scored) / len(scored), 1) if scored else None
    overall = AreaScore("overall", "Overall", value, score_band(value), sum(a.findings for a in areas),
                        sum(a.serious for a in areas), OVERALL_FORMULA, "" if scored else "no area scored yet")
    return Scorecard(tuple(areas), overall)


def format_score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}/100"


def measured_areas(scorecard: Scorecard) -> tuple[int, int]:
    """(areas measured, areas in the audit) behind the overall score."""
    return sum(a.value is not None for a in scorecard.areas), len(scorecard.areas)


def overall_text(scorecard: Scorecard) -> str:
    """The overall score with what it covers: "72/100 over 4 of 6 areas", or "not measured"."""
    measured, total = measured_areas(scorecard)
    if scorecard.overall.value is None:
        return f"not measured (0 of {total} areas)"
    return f"{format_score(scorecard.overall.value)} over {measured} of {total} areas"


def scorecard_table(scorecard: Scorecard) -> pd.DataFrame:
    """One row per area and a last row for the overall, columns :data:`SCORECARD_COLUMNS`."""
    rows = [{"area": a.area, "label": a.label, "score": a.value, "band": a.band, "findings": a.findings,
             "serious": a.serious, "basis": a.basis, "note": a.note} for a in (*scorecard.areas, scorecard.overall)]
    return pd.DataFrame(rows, columns=list(SCORECARD_COLUMNS))


def build_scorecard_chart(table: pd.DataFrame) -> alt.LayerChart:
    """A bar per area (0-100) coloured by band, the score written at the bar's end, with the
    band thresholds drawn as dashed rules. Input: :func:`scorecard_table`."""
    areas = table[table["area"] != "overall"]
    coverage = f"Overall ({int(areas['score'].notna().sum())} of {len(areas)} areas)"
    data = table.assign(score_label=table["score"].map(lambda v: "– not measured" if pd.isna(v) else f"{v:.0f}"),
                        band_label=table["band"].map(BAND_LABELS), shown=table["score"].fillna(0),
                        label=table["label"].where(table["area"] != "overall", coverage))
    order = list(data["label"])
    base = alt.Chart(data).encode(y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=300)))
    bars = base.mark_bar(height=22).encode(
        x=alt.X("shown:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0-100)"),
        color=alt.Color("band_label:N", title="Band", scale=alt.Scale(
            domain=[BAND_LABELS[b] for b in BAND_COLOURS], range=list(BAND_COLOURS.values()))),
        tooltip=["label:N", "score_label:N", "band_label:N", "basis:N", "note:N"])
    labels = base.mark_text(align="left", dx=4, fontSize=13).encode(x="shown:Q", text="score_label:N")
    rules = alt.Chart(pd.DataFrame({"threshold": [60, 80]})).mark_rule(strokeDash=[4, 4], color="#555").encode(
        x="threshold:Q")
    return alt.layer(bars, labels, rules).properties(height=alt.Step(34), width=480)
