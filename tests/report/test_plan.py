"""Scorecard bands, the impact/effort matrix, the roadmap lanes and the success conditions,
with their charts tested through ``to_dict()``."""

from __future__ import annotations

from datetime import date

import pytest

from crm_core.findings import AuditResult, Score
from crm_core.recommend import Recommendation
from crm_core.roadmap import (
    QUADRANTS, build_matrix_chart, build_roadmap, condition_check, five_year_plan, horizon_of, matrix_table,
)
from crm_core.findings import score_band
from crm_core.scorecard import build_scorecard, build_scorecard_chart, score_area, scorecard_table

TODAY = date(2026, 11, 23)


def rec(key, priority="important", impact=3, effort=3, **extra) -> Recommendation:
    return Recommendation(key=key, area=extra.pop("area", "data"), title=f"Do {key}", rationale="", actions=(),
                          priority=priority, impact=impact, effort=effort, owner="Sales",
                          serves=extra.pop("serves", ("credibility",)), **extra)


@pytest.mark.parametrize("value, band", [(100, "green"), (80, "green"), (79.9, "amber"), (60, "amber"),
                                         (59.9, "red"), (0, "red"), (None, "grey")])
def test_bands(value, band):
    assert score_band(value) == band


def test_area_score_uses_health_scores_not_coverage():
    fit = AuditResult("fit", (Score("fit_checklist", 60.0), Score("fit_coverage", 60.0), Score("integrations", 90.0)))
    assert score_area("fit", fit).value == 75.0  # mean of checklist and integrations; coverage left out
    early = AuditResult("fit", (Score("fit_checklist", 60.0), Score("fit_coverage", 10.0), Score("integrations", 90.0)))
    assert score_area("fit", early).value == 90.0  # a checklist 10% answered does not count yet
    assert "10% answered, not counted until 50%" in score_area("fit", early).note
    unanswered = score_area("fit", AuditResult("fit", (Score("fit_coverage", 0.0),)))
    assert unanswered.value is None and unanswered.band == "grey" and "answer the checklist" in unanswered.note


def test_scorecard_overall_skips_unscored_areas_and_lists_skipped_ones():
    audit = {"data": AuditResult("data", (Score("overall", 90.0),)),
             "usage": AuditResult("usage", (Score("usage", 50.0),)),
             "fit": AuditResult("fit", (Score("fit_coverage", 0.0),))}
    card = build_scorecard(audit, {"pipeline": "Not run: import the deals export to audit pipeline."})
    assert card.overall.value == 70.0 and card.overall.band == "amber"
    assert [a.area for a in card.areas] == ["fit", "data", "usage", "pipeline"]
    assert card.area("pipeline").note.startswith("Not run")
    spec = build_scorecard_chart(scorecard_table(card)).to_dict()
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["color"]["scale"]["domain"][:3] == ["Good", "Needs attention", "Poor"]
    rows = {row["label"]: row for row in spec["datasets"][next(iter(spec["datasets"]))]}
    assert rows["Usage"]["band"] == "red" and rows["Overall (2 of 4 areas)"]["score_label"] == "70"
    assert rows["Fit for purpose"]["score_label"] == "– not measured"
    thresholds = [d for d in spec["datasets"].values() if d and "threshold" in d[0]]
    assert [row["threshold"] for row in thresholds[0]] == [60, 80]


def test_matrix_marks_quick_wins_and_keeps_every_point_visible():
    recs = [rec("A", impact=5, effort=1), rec("B", impact=5, effort=1), rec("C", impact=2, effort=4),
            rec("D", impact=3, effort=2), rec("E", impact=2, effort=1)]
    table = matrix_table(recs)
    assert table.set_index("key")["quadrant"].to_dict() == {
        "A": QUADRANTS["quick_win"], "B": QUADRANTS["quick_win"], "C": QUADRANTS["thankless"],
        "D": QUADRANTS["fill_in"], "E": QUADRANTS["fill_in"]}  # impact 3 is not high (4 or more is)
    assert list(table["rank"]) == [1, 2, 3, 4, 5]
    assert len({(x, y) for x, y in zip(table["x"], table["y"], strict=True)}) == 5  # A and B do not overlap
    assert (abs(table["x"] - table["effort"]) < 0.5).all() and (abs(table["y"] - table["impact"]) < 0.5).all()
    spec = build_matrix_chart(table).to_dict()
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert "circle" in marks and "text" in marks and "rect" in marks
    text_layer = spec["layer"][marks.index("text", marks.index("circle"))]
    assert text_layer["encoding"]["text"]["field"] == "rank"


def test_roadmap_lanes_quick_wins_first_and_due_dates_decide():
    recs = [rec("slow", "essential", impact=5, effort=4),
            rec("quick", "essential", impact=4, effort=1, finding_codes=("DATA.NO_OWNER",)),
            rec("later", "important"), rec("nice", "desirable"),
            rec("dated", "desirable", due_date=date(2026, 12, 1)),
            rec("done", "essential", status="done"), rec("plan", "desirable", horizon="five_years")]
    table = build_roadmap(recs, start=TODAY)
    lanes = {h: list(table[table["horizon"] == h]["key"]) for h in table["horizon"].unique()}
    assert lanes == {"now": ["quick", "slow", "dated"], "next_90_days": ["later"], "this_year": ["nice"],
                     "five_years": ["plan"]}
    targets = table.set_index("key")["target"]
    assert targets["dated"] == date(2026, 12, 1) and targets["later"] == date(2027, 2, 21)
    assert horizon_of(rec("x", due_date=date(2028, 1, 1)), start=TODAY) == "five_years"


def test_five_year_plan_has_a_yearly_review():
    plan = five_year_plan([rec("a", "essential", impact=4, effort=4)], start=date(2028, 2, 29))
    assert list(plan["year"]) == [1, 2, 3, 4, 5]
    assert list(plan["review_on"]) == [date(2029, 2, 28), date(2030, 2, 28), date(2031, 2, 28), date(2032, 2, 29),
                                       date(2033, 2, 28)]
    assert "Do a" in plan["focus"][1]  # the major project lands in year 2


def test_success_conditions_list_what_serves_them():
    audit = {"usage": AuditResult("usage", (Score("usage", 40.0),)),
             "data": AuditResult("data", (Score("overall", 85.0),))}
    recs = [rec("t", serves=("transparency",)), rec("c", serves=("credibility", "transparency")),
            rec("gone", serves=("actionability",), status="dismissed")]
    table = condition_check(recs, build_scorecard(audit)).set_index("condition")
    assert table.loc["transparency", "recommendations"] == ["Do t", "Do c"]
    assert table.loc["transparency", "band"] == "red" and table.loc["credibility", "band"] == "green"
    assert table.loc["actionability", "count"] == 0
    assert "no recommendation serves it yet" in table.loc["actionability", "status"]
