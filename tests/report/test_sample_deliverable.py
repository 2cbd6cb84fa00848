"""The deliverable of the sample company as "Load the sample company" leaves it: read from the
store the way the page and the command line read it, written in all five formats and read back
with a real reader of each. Every chapter of the engagement is there."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pptx import Presentation

from crm_core import report as reports
from crm_core import store
from crm_core.report.engagement import OWNERSHIP, PURPOSE, SHORTFALL
from crm_core.report.sources import load_report
from crm_core.store import strategy as records
from tests.conftest import load_sample_store
from tests.report.readers import plain_text

TODAY = date(2026, 11, 2)


@pytest.fixture(scope="module")
def deliverable(tmp_path_factory):
    """(report, format -> bytes, goals) of the loaded sample company."""
    engine, data_dir, workspace = load_sample_store(tmp_path_factory.mktemp("sample_deliverable"), today=TODAY)
    built = load_report(engine=engine, data_dir=data_dir, workspace_id=workspace.id, today=TODAY)
    with store.session_scope(engine) as session:
        goals = records.list_goals(session=session, workspace_id=workspace.id)
    engine.dispose()
    return built, {fmt: reports.render(built, fmt) for fmt in reports.FORMATS}, goals


def test_the_sample_report_carries_the_whole_engagement(deliverable):
    report, _, goals = deliverable
    e = report.engagement
    assert len(e.goals) == len(goals) >= 6 and len(e.stakeholders) >= 6 and len(e.gaps) == 3
    assert e.raci_issues and e.glossary_conflicts and e.primary_user
    assert all(g.baseline != "not set" and g.target != "not set" for g in e.goals)
    assert sum(g.baseline_note == "measured from the exports" for g in e.goals) >= 4
    assert sum(len(g.root_causes) for g in e.gaps) >= 3 and sum(g.votes for g in e.gaps) > 0
    assert sum(1 for rec in report.recommendations if rec.goal_ids) >= 4
    assert report.redacted  # redacted unless the consultant turns it off


@pytest.mark.parametrize("fmt", list(reports.FORMATS))
def test_every_format_shows_goals_people_root_causes_votes_and_linked_goals(fmt, deliverable):
    report, exports, _ = deliverable
    text = plain_text(fmt, exports[fmt])
    e = report.engagement
    for goal in e.goals[:3]:
        assert goal.title[:40] in text, f"goal {goal.title!r} missing from the {fmt}"
        assert goal.baseline in text and goal.target in text
    for person in e.stakeholders[:3]:
        assert person.name in text
    for gap in e.gaps:
        assert gap.title in text
        for cause in gap.root_causes:
            assert cause[:50] in text, f"root cause {cause!r} missing from the {fmt}"
    if fmt != "xlsx":
        assert "votes" in text.lower()
        for chapter in (PURPOSE, SHORTFALL):
            assert chapter in text
        assert OWNERSHIP in text
    linked = next(rec for rec in report.recommendations if rec.goal_ids)
    assert report.goals[linked.goal_ids[0]][:40] in text


def test_the_sample_deck_has_titled_slides_with_notes_and_native_charts(deliverable):
    deck = Presentation(io.BytesIO(deliverable[1]["pptx"]))
    charts = 0
    for slide in deck.slides:
        assert slide.shapes.title is not None and slide.shapes.title.text_frame.text.strip()
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
        charts += sum(1 for shape in slide.shapes if shape.has_chart)
    assert charts >= 4  # scorecard, impact and effort, stakeholders, votes, and area scores


def test_the_sample_action_plan_links_goals_and_causes_with_a_status_list(deliverable):
    book = load_workbook(io.BytesIO(deliverable[1]["xlsx"]))
    sheet = book["Action plan"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert sum(1 for r in rows if r["Goals served"]) >= 4 and sum(1 for r in rows if r["Root causes addressed"]) >= 4
    assert sum(1 for r in rows if r["Workshop votes"]) >= 3
    assert [v.type for v in sheet.data_validations.dataValidation] == ["list"]
    assert {"Goals", "Stakeholders", "Root causes", "Findings"} <= set(book.sheetnames)
