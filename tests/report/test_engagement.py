"""The strategy half of the report: built from what the room recorded, told in every format in
the method's order, and left out when there is nothing to tell."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook

from crm_core import report as reports
from crm_core.history import RunSnapshot
from crm_core.report.charts import why_tree_spec
from crm_core.report.engagement import OWNERSHIP, PURPOSE, SHORTFALL, StrategyRows, build_engagement
from crm_core.report.model import ReportOptions, build_report
from tests.report.conftest import PREPARED_ON, SAMPLE_WORKSPACE
from tests.report.readers import plain_text, xlsx_sheets
from tests.report.strategy_rows import GOALS, strategy_rows

TEXT_FORMATS = ("md", "html", "pdf", "xlsx", "pptx")


@pytest.fixture(scope="module")
def engagement():
    return build_engagement(strategy_rows(), measured={"retention_rate": (88.0, "measured"),
                                                       "sales_cycle_length": (2.96, "measured")})


def test_goals_come_in_funnel_order_with_where_each_baseline_came_from(engagement):
    assert [g.department for g in engagement.goals] == ["Marketing", "Sales", "Support"]
    support = engagement.goals[2]
    assert support.baseline == "88%" and support.baseline_note == "measured from the exports"
    sales = engagement.goals[1]
    assert sales.baseline_note == "entered by the team" and sales.now == "2.96 months"
    assert sales.numbers == "3.4 months → 2.5 months by 30 June 2027"
    assert sales.sentence.startswith("Reduce sales cycle length from 3.4 months to 2.5 months")


def test_progress_since_the_last_quarter_reads_the_earlier_run():
    before = RunSnapshot(id="r1", period="2026-Q3", as_of=date(2026, 7, 1),
                         run_at=datetime(2026, 7, 2, tzinfo=timezone.utc), results={},
                         kpis={"retention_rate": 86.5})
    rows = StrategyRows(goals=[GOALS[2]], runs=(before,))
    line = build_engagement(rows, measured={"retention_rate": (88.0, "")}, period="2026-Q4").goals[0]
    assert line.progress == "86.5% at the 2026-Q3 audit, 88% now"
    same_quarter = build_engagement(rows, measured={"retention_rate": (88.0, "")}, period="2026-Q3").goals[0]
    assert same_quarter.progress == ""  # a run of this quarter is not "last quarter"


def test_ownership_names_the_raci_gap_and_the_glossary_conflict(engagement):
    assert [p.name for p in engagement.stakeholders][0] == "Tom Reed"  # customer-facing and most influential
    assert engagement.stakeholders[1].quadrant == "Keep satisfied"  # the finance director: 4/5 influence, 2/5 interest
    assert engagement.raci[0] == ("Decides what information is collected", "Tom Reed", "Sales", "—", "—")
    assert engagement.raci[5][:3] == ("Trains users and drives adoption", "—", "Sales")
    assert engagement.raci_issues == ("Nobody is accountable for 'Trains users and drives adoption': name the one "
                                      "person who answers for it.",)
    assert len(engagement.glossary_conflicts) == 1 and "Qualified lead" in engagement.glossary_conflicts[0]


def test_gaps_are_ordered_by_the_room_votes_with_their_root_causes(engagement):
    assert [(g.title, g.votes) for g in engagement.gaps] == [
        ("Inbound leads wait two days for a first call", 7), ("Customers get the same email twice", 2)]
    first = engagement.gaps[0]
    assert first.root_causes == ("The integration budget was cut",)
    assert [w.level for w in first.whys] == [1, 2, 3]
    assert [w.answer for w in first.chain_to(first.whys[-1])][0] == "Leads arrive in a shared inbox"
    assert first.where == "Consideration stage · Marketing, Sales · 7 votes in the workshop"
    assert engagement.rec_votes == {"USAGE.TEAM_NOT_USING": 4}
    assert engagement.workshop == "5 participants placed 13 dot votes in the workshop of 02 November 2026."


def test_nothing_recorded_gives_no_strategy_sections():
    empty = build_engagement(StrategyRows())
    assert not empty.has_purpose and not empty.has_ownership and not empty.gaps and empty.summary() == ()


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_format_tells_goals_stakeholders_root_causes_votes_and_links(fmt, exports):
    text = plain_text(fmt, exports[fmt])
    for expected in ("Grow qualified leads from the website", "120 per month", "150 per month",
                     "Close deals faster", "Tom Reed", "Mark Bell", "The integration budget was cut",
                     "Nobody checks for duplicates before importing", "Inbound leads wait two days for a first call"):
        assert expected in text, f"{expected!r} missing from the {fmt}"
    assert "7 votes" in text or ("7" in text and fmt == "xlsx")


@pytest.mark.parametrize("fmt", ("md", "html", "pdf"))
def test_the_story_is_told_in_the_method_order(fmt, exports):
    text = plain_text(fmt, exports[fmt])
    chapters = ["Executive summary", PURPOSE, OWNERSHIP, SHORTFALL, "Health scorecard", "Recommendations",
                "Roadmap", "Appendix: methods and assumptions"]
    positions = [text.find(chapter) for chapter in chapters]
    assert -1 not in positions and positions == sorted(positions), dict(zip(chapters, positions))


@pytest.mark.parametrize("fmt", ("md", "html", "pdf"))
def test_a_recommendation_shows_its_goal_its_root_cause_and_its_votes(fmt, exports):
    text = plain_text(fmt, exports[fmt])
    at = text.find("Bring Marketing into the CRM", text.find("Recommendations"))
    block = text[at: at + 1500]
    assert "4 votes in the workshop" in block or "4 votes in the workshop".capitalize() in block
    assert "Serves goal: Grow qualified leads from the website" in block
    assert "Addresses root cause: The integration budget was cut" in block


@pytest.fixture(scope="module")
def audit_only_exports(sample_audit, sample_tables):
    report = build_report(workspace=SAMPLE_WORKSPACE, audit=sample_audit, tables=sample_tables,
                          options=ReportOptions(prepared_on=PREPARED_ON))
    return {fmt: reports.render(report, fmt) for fmt in ("md", "html", "pdf", "xlsx")}


@pytest.mark.parametrize("fmt", ("md", "html", "pdf"))
def test_chapters_with_nothing_in_them_are_left_out(fmt, audit_only_exports):
    text = plain_text(fmt, audit_only_exports[fmt])
    for chapter in (PURPOSE, OWNERSHIP, SHORTFALL):
        assert chapter not in text
    assert "Health scorecard" in text


def test_the_action_plan_links_goals_and_causes_and_restricts_status_to_a_list(exports):
    sheets = xlsx_sheets(exports["xlsx"])
    header, *rows = sheets["Action plan"]
    row = next(dict(zip(header, r)) for r in rows if r[header.index("Title")] == "Bring Marketing into the CRM")
    assert row["Goals served"] == "Grow qualified leads from the website (marketing)"
    assert row["Root causes addressed"].startswith("The integration budget was cut")
    assert row["Workshop votes"] == 4 and row["Status"] == "Not started" and row["Due quarter"] == "2026-Q4"
    assert {r[header.index("Status")] for r in rows} <= {"Not started", "In progress", "Done", "Won't do"}
    sheet = load_workbook(io.BytesIO(exports["xlsx"]))["Action plan"]
    rules = sheet.data_validations.dataValidation
    assert len(rules) == 1 and rules[0].type == "list"
    assert rules[0].formula1 == '"Not started,In progress,Done,Won\'t do"'
    status = f"{chr(ord('A') + header.index('Status'))}2"
    assert status in rules[0].sqref
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    widths = {c: sheet.column_dimensions[c].width for c in "ABC"}
    assert widths["A"] >= len("Rank") and widths["C"] >= 40  # the titles are long; ranks are short
    assert "Goals" in sheets and "Root causes" in sheets
    assert sheets["Goals"][1][:2] == ("Marketing", "Grow qualified leads from the website")


def test_the_why_tree_draws_every_answer_and_marks_root_causes(engagement):
    gap = engagement.gaps[0]
    spec = why_tree_spec(gap.title, gap.whys)
    nodes = spec["data"][0]["values"]
    assert len(nodes) == 1 + len(gap.whys)
    assert [n["kind"] for n in nodes] == ["gap", "why", "why", "root"]
    assert spec["width"] > 3 * 180  # four boxes across: the gap and three levels of why


def test_the_why_tree_renders_as_a_picture(engagement):
    from crm_core.report.charts import png_size, why_tree_png

    gap = engagement.gaps[0]
    width, height = png_size(why_tree_png(gap.title, gap.whys))
    assert width > 1000 and 100 < height < width


def test_links_and_votes_on_a_merged_finding_reach_its_recommendation(sample_audit, sample_tables, sample_report):
    from crm_core.recommend import Links
    from crm_core.report.model import rec_links, votes_for

    merged = next(rec for rec in sample_report.recommendations if len(rec.finding_codes) > 1)
    other = next(code for code in merged.finding_codes if code != merged.key)
    rows = StrategyRows(goals=GOALS, votes={f"rec:{other}": 3, f"rec:{merged.key}": 2})
    report = build_report(workspace=SAMPLE_WORKSPACE, audit=sample_audit, tables=sample_tables,
                          options=ReportOptions(prepared_on=PREPARED_ON), strategy=rows,
                          links=Links(goals={other: ("g-sales",)}), goals={"g-sales": "Close deals faster"})
    rec = next(r for r in report.recommendations if r.key == merged.key)
    assert rec_links(report, rec)[0] == ["Close deals faster"]
    assert votes_for(report, rec) == 5


def test_the_action_plan_prints_landscape_one_page_wide_without_the_long_texts(exports):
    sheet = load_workbook(io.BytesIO(exports["xlsx"]))["Action plan"]
    header = [c.value for c in sheet[1]]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1"
    last = chr(ord("A") + header.index("Workshop votes"))
    assert sheet.print_area.split("!")[-1].startswith(f"$A$1:${last}$")
    assert all(cell.alignment.vertical == "top" for cell in sheet[2])  # a tall row still reads across
    tall = [r for r in range(2, sheet.max_row + 1) if (sheet.row_dimensions[r].height or 15) > 15]
    assert tall  # rows whose actions wrap are made tall enough to show them
