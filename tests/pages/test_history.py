"""AppTest: the History page runs the audit, compares the last two runs, shows goal progress
and starts the next quarter with the runs carried over."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from crm_core import quarterly, store
from crm_core.store import audit_runs
from crm_core.demo import load_sample_company
from crm_core.findings import AuditResult, Finding, Score
from crm_core.models import GoalCreate, utc_now
from crm_core.settings import load_settings
from crm_core.store import strategy as records
from tests.conftest import page_file
from tests.pages.strategy_pages import new_workspace


def open_page(workspace_id: str | None) -> AppTest:
    at = AppTest.from_file(page_file("history.py"), default_timeout=120)
    if workspace_id:
        at.session_state["workspace_id"] = workspace_id
    return at.run()


def test_without_a_workspace_the_page_points_home(workbench_env):
    at = open_page(None)
    assert not at.exception and "Choose a workspace" in at.info[0].value


@pytest.fixture
def sample(workbench_env):
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    workspace = load_sample_company(engine=engine, data_dir=settings.data_dir)
    yield workspace, engine, settings
    engine.dispose()


def test_a_workspace_without_snapshots_says_so(workbench_env):
    at = open_page(new_workspace())
    assert not at.exception and "No snapshot recorded yet" in at.info[0].value


def test_the_sample_comes_with_one_snapshot_and_an_earlier_run_shows_the_difference(sample):
    workspace, engine, _ = sample
    at = open_page(workspace.id)  # loading the sample ran the audit and recorded it once
    assert at.title[0].value == "History" and "Only one run so far" in at.info[0].value
    with store.session_scope(engine) as session:  # an earlier run with fewer problems
        [run] = audit_runs.list_snapshots(session=session, workspace_id=workspace.id)
        earlier = {"data": AuditResult("data", scores=(Score("overall", 99.0),),
                                       findings=(Finding("DATA.GONE_NOW", "high", "Fixed since", 3),))}
        audit_runs.record_run(session=session, workspace_id=workspace.id, results=earlier,
                                   as_of=date(2026, 7, 1), run_at=run.run_at - timedelta(days=90))
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Overall"] == f"{run.scores()['overall']:.0f}/100"
    assert any(m.label == "Data" and m.delta == f"{run.scores()['data'] - 99:+.1f}" for m in at.metric)
    changes = at.dataframe[0].value
    assert ("Resolved", "Fixed since", 3) in set(zip(changes["Change"], changes["Finding"], changes["Affected before"]))
    at.button(key="history.run").click().run()
    assert not at.exception and "Snapshot recorded" in at.success[0].value
    with store.session_scope(engine) as session:
        assert len(audit_runs.list_snapshots(session=session, workspace_id=workspace.id)) == 3


def test_goal_progress_shows_the_value_at_each_run(sample):
    workspace, engine, settings = sample
    with store.session_scope(engine) as session:
        records.add_goal(session=session, workspace_id=workspace.id,
                         goal=GoalCreate(statement="Close more deals", department="sales", metric="win rate",
                                         unit="%", baseline=50, target=80))
    quarterly.run_and_record(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id,
                                   today=date.today())
    at = open_page(workspace.id)
    progress = at.dataframe[-1].value
    row = progress[progress["goal"] == "Close more deals"].iloc[0]
    assert (row["baseline"], row["target"]) == (50, 80) and row["value"] > 0


def test_start_next_quarter_switches_to_a_copy_that_carries_the_runs(sample):
    workspace, engine, _ = sample  # the sample comes with one recorded run
    at = open_page(workspace.id)
    assert "fresh exports on Data sources" in " ".join(m.value for m in at.markdown)
    at.button(key="FormSubmitter:history.next_quarter-Start next quarter").click().run()
    assert not at.exception
    new_id = at.session_state["workspace_id"]
    assert new_id != workspace.id
    with store.session_scope(engine) as session:
        copy = store.require_workspace(session=session, workspace_id=new_id)
        carried = audit_runs.list_runs(session=session, workspace_id=new_id)
    assert copy.period != workspace.period and [r.period for r in carried] == [workspace.period]
    assert "Started" in at.success[0].value and utc_now() >= carried[0].run_at
