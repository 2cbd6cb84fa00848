"""The presentation: agenda first, one slide per step and per gap, the live vote, a session
summary; slides read the same report model as the client report, so they are never empty when
the data exists; time boxes count down."""

from datetime import date

import pandas as pd
import pytest

from crm_core.audit import runner
from crm_core.presentation import AGENDA, build_slides, format_clock, remaining_seconds
from crm_core.report.engagement import StrategyRows
from crm_core.report.model import ReportOptions, WorkspaceFacts, build_report
from tests.report.strategy_rows import strategy_rows

# Three contacts: one invalid email ("bad") and one without an owner, so the data area scores
# and raises findings that become recommendations.
CONTACTS = pd.DataFrame({"record_id": ["c1", "c2", "c3"], "first_name": ["Ann", "Bob", "Cy"],
                         "last_name": ["Ash", "Birch", "Cole"], "email": ["ann@x.com", "bad", "cy@z.org"],
                         "owner": ["Tom Reed", "Tom Reed", ""]})


@pytest.fixture(scope="module")
def audit():
    return runner.run_workspace_audit(tables={"contacts": CONTACTS}, settings={}, as_of=date(2026, 10, 1))


def slides_for(audit, rows: StrategyRows):
    report = build_report(workspace=WorkspaceFacts("Acme"), audit=audit, strategy=rows,
                          options=ReportOptions(prepared_on=date(2026, 11, 2)))
    return build_slides(report)


def test_slides_follow_the_agenda_with_one_slide_per_gap_and_a_summary(audit):
    slides = slides_for(audit, strategy_rows())
    kinds = [s.kind for s in slides]
    assert kinds == ["agenda", "step", "step", "step", "gap", "gap", "step", "votes", "step", "summary"]
    assert len(slides[0].lines) == len(AGENDA)
    goals = [line.text for line in slides[1].lines]
    assert goals[2:4] == ["Sales: Close deals faster", "3.4 months → 2.5 months by 30 June 2027 · Sales cycle length"]
    ownership = [line.text for line in slides[2].lines]
    assert "Tom Reed" in ownership[0]  # manage closely
    assert "Accountable: Tom Reed for 6 of 7 responsibilities." in ownership  # nobody for training


def test_the_gap_slide_marks_its_root_cause_and_shows_the_votes(audit):
    gap = slides_for(audit, strategy_rows())[4]
    assert gap.title == "Inbound leads wait two days for a first call"
    assert gap.prompt == "Consideration stage · Marketing, Sales · 7 votes in the workshop"
    assert [(line.text, line.level, line.marked) for line in gap.lines] == [
        ("Why? Leads arrive in a shared inbox", 0, False),
        ("Why? Web forms are not connected to the CRM", 1, False),
        ("Root cause: The integration budget was cut", 2, True)]


def test_audit_and_plan_slides_read_the_audit(audit):
    slides = {s.step: s for s in slides_for(audit, StrategyRows()) if s.kind in ("step", "votes")}
    audit_lines = [line.text for line in slides["audit"].lines]
    assert any(text.startswith("Data: ") and "/100" in text and "findings" in text for text in audit_lines)
    assert "Usage: not measured yet (import the activities export to audit usage)" in audit_lines
    assert audit_lines[0].startswith("Overall health ") and " over " in audit_lines[0]  # how many areas it covers
    plan = [line.text for line in slides["plan"].lines]
    assert plan and plan[0].startswith("1. ") and "owner" in plan[1]


def test_an_empty_workspace_gets_one_hint_per_step_and_no_gap_slide():
    slides = slides_for(runner.WorkspaceAudit(), StrategyRows())
    assert [s.kind for s in slides].count("gap") == 0
    steps = {s.step: [line.text for line in s.lines] for s in slides if s.kind == "step"}
    assert steps["goals"] == ["No goal yet: each team adds its goal on the Goals page."]
    assert steps["gaps"] == ["No gap yet: participants add them from their phones."]
    assert steps["plan"][0].startswith("1. Repeat the audit every quarter")  # a standing recommendation


@pytest.mark.parametrize(("started", "now", "minutes", "clock"), [
    (None, 500.0, 10, "10:00"), (100.0, 130.0, 10, "09:30"), (100.0, 100.0 + 601, 10, "-00:01"),
])
def test_a_step_counts_down_its_time_box_and_shows_overtime(started, now, minutes, clock):
    assert format_clock(remaining_seconds(started, minutes, now)) == clock


def test_without_an_open_workshop_the_vote_slide_shows_the_votes_recorded(audit):
    from crm_core.presentation import recorded_tallies

    report = build_report(workspace=WorkspaceFacts("Acme"), audit=audit, strategy=strategy_rows(),
                          options=ReportOptions(prepared_on=date(2026, 11, 2)))
    assert recorded_tallies(report)[:2] == (("gap:gap-slow", "Inbound leads wait two days for a first call", 7),
                                            ("gap:gap-dupes", "Customers get the same email twice", 2))
