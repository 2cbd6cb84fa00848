"""Stored decisions, manual recommendations, links and the cover, on SQLite and PostgreSQL;
decisions survive a re-run of the audits on a newer export."""

from __future__ import annotations

from datetime import date

import pytest

from crm_core import importing, store, workspaces
from crm_core.store import recommendations as records
from crm_core.errors import CrmCoreError
from crm_core.models import GapCreate, GoalCreate, WorkspaceCreate
from crm_core.recommend import Decision
from crm_core.report.sources import load_report
from crm_core.store import strategy

HEADER = "Contact ID,First Name,Last Name,Email,Contact Owner,Created Date\n"


def contacts_csv(rows: int, ownerless: int) -> bytes:
    """``rows`` contacts, the first ``ownerless`` of them without an owner."""
    lines = [f"C{n:04d},Ann{n},Lee{n},ann{n}@example.org,{'' if n < ownerless else 'Sam Owner'},2026-01-05"
             for n in range(rows)]
    return (HEADER + "\n".join(lines) + "\n").encode()


@pytest.fixture
def workspace_id(engine):
    return workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Globex 2026-Q4",
                                                                           organisation="Globex")).id


def run(engine, query, **arguments):
    with store.session_scope(engine) as session:
        return query(session=session, **arguments)


def test_decisions_survive_a_rerun_on_a_newer_export(engine, data_dir, workspace_id):
    importing.import_file(engine=engine, data_dir=data_dir, workspace_id=workspace_id,
                          content=contacts_csv(40, 6), file_name="contacts.csv", entity="contacts")
    first = load_report(engine=engine, data_dir=data_dir, workspace_id=workspace_id, today=date(2026, 11, 23))
    rec = next(r for r in first.recommendations if r.key == "DATA.NO_OWNER")
    assert "6" in rec.title and rec.priority == "essential"
    run(engine, records.save_decision, workspace_id=workspace_id, decision=Decision(
        "DATA.NO_OWNER", priority="important", owner="Head of Sales", due_date=date(2027, 2, 1)))

    importing.import_file(engine=engine, data_dir=data_dir, workspace_id=workspace_id,  # next quarter's export
                          content=contacts_csv(50, 11), file_name="contacts.csv", entity="contacts")
    again = load_report(engine=engine, data_dir=data_dir, workspace_id=workspace_id, today=date(2026, 11, 23))
    rec = next(r for r in again.recommendations if r.key == "DATA.NO_OWNER")
    assert "11" in rec.title and "6 " not in rec.title  # the numbers moved...
    assert (rec.priority, rec.owner, rec.due_date) == ("important", "Head of Sales", date(2027, 2, 1))  # ...not this


def test_saving_a_decision_twice_replaces_it_and_bad_values_are_refused(engine, workspace_id):
    run(engine, records.save_decision, workspace_id=workspace_id, decision=Decision("DATA.NO_OWNER", "desirable"))
    run(engine, records.save_decision, workspace_id=workspace_id, decision=Decision("DATA.NO_OWNER", "", "Ops"))
    assert run(engine, records.list_decisions, workspace_id=workspace_id) == {
        "DATA.NO_OWNER": Decision("DATA.NO_OWNER", "", "Ops", None, "open")}
    with pytest.raises(CrmCoreError, match="not a priority"):
        run(engine, records.save_decision, workspace_id=workspace_id, decision=Decision("X.Y", "urgent"))
    with pytest.raises(CrmCoreError, match="not a status"):
        run(engine, records.save_decision, workspace_id=workspace_id, decision=Decision("X.Y", status="later"))


def test_manual_recommendations_and_links_are_copied_to_the_next_quarter(engine, data_dir, workspace_id):
    goal = run(engine, strategy.add_goal, workspace_id=workspace_id, goal=GoalCreate(
        statement="Cut churn from 8% to 6% by June", department="support", metric="Churn rate"))
    gap = run(engine, strategy.add_gap, workspace_id=workspace_id, gap=GapCreate(title="Slow hand-off"))
    cause = run(engine, strategy.add_why, workspace_id=workspace_id, gap_id=gap.id, parent_id=None,
                answer="No lead-qualification checklist", is_root_cause=True)
    manual = run(engine, records.add_manual, workspace_id=workspace_id, draft=records.ManualDraft(
        title="Retire unused report modules", actions="List modules\nRetire them", priority="desirable",
        impact=2, effort=1, serves=("transparency",)))
    assert manual.rec_key.startswith("MANUAL.")
    run(engine, records.set_links, workspace_id=workspace_id, rec_key=manual.rec_key, goal_ids=[goal.id],
        why_node_ids=[cause.id])
    run(engine, records.save_decision, workspace_id=workspace_id, decision=Decision(manual.rec_key, owner="Ops"))

    copy = workspaces.duplicate_workspace(engine=engine, data_dir=data_dir, workspace_id=workspace_id,
                                          data=WorkspaceCreate(name="Globex 2027-Q1"))
    links = run(engine, records.list_links, workspace_id=copy.id)
    goals = run(engine, strategy.list_goals, workspace_id=copy.id)
    nodes = run(engine, strategy.list_why_nodes, workspace_id=copy.id)
    assert links.goals == {manual.rec_key: (goals[0].id,)} and goals[0].id != goal.id  # rewired to the copy's rows
    assert links.root_causes == {manual.rec_key: (nodes[0].id,)} and nodes[0].id != cause.id
    assert run(engine, records.list_decisions, workspace_id=copy.id)[manual.rec_key].owner == "Ops"
    report = load_report(engine=engine, data_dir=data_dir, workspace_id=copy.id, today=date(2026, 11, 23))
    rec = next(r for r in report.recommendations if r.key == manual.rec_key)
    assert rec.manual and rec.actions == ("List modules", "Retire them") and rec.owner == "Ops"
    assert report.goals[rec.goal_ids[0]].startswith("Cut churn")
    assert "No lead-qualification checklist" in report.root_causes[rec.root_cause_ids[0]]

    run(engine, records.delete_manual, workspace_id=workspace_id, rec_key=manual.rec_key)
    assert run(engine, records.list_manual, workspace_id=workspace_id) == []
    assert run(engine, records.list_links, workspace_id=workspace_id).goals == {}


@pytest.mark.parametrize("draft, problem", [
    (records.ManualDraft(title="  "), "needs a title"),
    (records.ManualDraft(title="x", impact=6), "impact from 1"),
    (records.ManualDraft(title="x", priority="urgent"), "Choose the priority"),
    (records.ManualDraft(title="x", serves=("speed",)), "not a success condition"),
    (records.ManualDraft(title="x" * 201), "200 at most"),
])
def test_manual_drafts_are_checked(draft, problem):
    with pytest.raises(CrmCoreError, match=problem):
        records.clean_manual(draft)


def test_cover_settings_round_trip_and_logo_must_be_an_image(engine, workspace_id):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
    cover = records.CoverSettings("Globex Corp", "CRM health check", "Ada", records.check_logo(png), True)
    run(engine, records.save_cover, workspace_id=workspace_id, cover=cover)
    stored = run(engine, records.get_cover, workspace_id=workspace_id)
    assert stored == cover and stored.logo == png
    with pytest.raises(CrmCoreError, match="PNG or JPEG"):
        records.check_logo(b"GIF89a....")
