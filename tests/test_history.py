"""Quarterly history: runs snapshot every area's result, diffs name what changed, the next
quarter starts with the earlier quarter's runs, charts carry the numbers."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pandas as pd

from crm_core import history, store, workspaces
from crm_core import quarterly
from crm_core.store import audit_runs as runs
from crm_core.findings import AuditResult, Finding, Score
from crm_core.models import Goal, WorkspaceCreate
from crm_core.workshop import current_session, open_session

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)


def data_result(score: float, **counts: int) -> AuditResult:
    return AuditResult("data", scores=(Score("overall", score),),
                       findings=tuple(Finding(code, "high", code.title(), n) for code, n in counts.items()))


def snap(run_id: str, results: dict, *, day: int = 0, kpis=None, period="2026-Q4") -> history.RunSnapshot:
    return history.RunSnapshot(run_id, period, date(2026, 10, 1), T0 + timedelta(days=day), results, {}, kpis or {})


def test_diff_names_new_resolved_worse_and_better_findings_with_counts():
    before = snap("a", {"data": data_result(60, **{"DATA.EMAIL": 10, "DATA.PHONE": 5, "DATA.OWNER": 3, "DATA.SAME": 2})})
    after = snap("b", {"data": data_result(75, **{"DATA.EMAIL": 4, "DATA.PHONE": 9, "DATA.STAGE": 7, "DATA.SAME": 2})})
    diff = history.diff_runs(before, after)
    # EMAIL 10->4 better, PHONE 5->9 worse, OWNER gone, STAGE new, SAME unchanged (left out)
    as_rows = {(c.code, c.change, c.before, c.after) for c in diff.findings}
    assert as_rows == {("DATA.EMAIL", "better", 10, 4), ("DATA.PHONE", "worse", 5, 9),
                       ("DATA.OWNER", "resolved", 3, None), ("DATA.STAGE", "new", None, 7)}
    assert [c.change for c in diff.findings] == ["new", "worse", "better", "resolved"]
    assert (diff.score("data").before, diff.score("data").after, diff.score("data").delta) == (60, 75, 15)
    assert diff.score("overall").delta == 15  # the only scored area is the overall


def test_a_smaller_export_with_the_same_share_of_problems_is_not_better():
    findings = {"DATA.EMAIL": 100, "DATA.PHONE": 50, "DATA.OWNER": 10}
    before = snap("a", {"data": data_result(60, **findings)})
    after = snap("b", {"data": data_result(60, **{"DATA.EMAIL": 50, "DATA.PHONE": 40, "DATA.OWNER": 5})}, day=90)
    sizes = lambda contacts: {"entities": {"contacts": contacts}, "findings": dict.fromkeys(findings, contacts)}  # noqa: E731
    before, after = (history.RunSnapshot(**{**run.__dict__, "sizes": sizes(n)}) for run, n in ((before, 1000),
                                                                                               (after, 500)))
    diff = history.diff_runs(before, after)
    # EMAIL 10% -> 10% and OWNER 1% -> 1%: the same, left out; PHONE 5% -> 8%: worse, though fewer records
    assert {(c.code, c.change, c.share_before, c.share_after) for c in diff.findings} == {
        ("DATA.PHONE", "worse", 0.05, 0.08)}
    assert diff.sizes_note.startswith("The exports differ in size (contacts 1,000 → 500)")


def test_run_sizes_count_each_finding_among_its_own_records():
    issues = pd.DataFrame({"record_id": ["c1", "c2", "a1"], "entity": ["contacts", "contacts", "accounts"],
                           "field": "x", "check": ["DATA.EMAIL", "DATA.EMAIL", "DATA.WEBSITE"], "severity": "high",
                           "value": "", "suggestion": ""}).astype("string")
    result = AuditResult("data", findings=(), issues=issues)
    sizes = history.run_sizes({"data": result}, {"contacts": 200, "accounts": 40})
    assert sizes == {"entities": {"contacts": 200, "accounts": 40}, "findings": {"DATA.EMAIL": 200, "DATA.WEBSITE": 40}}


def test_trend_has_one_row_per_run_and_area_and_the_chart_carries_it():
    runs_ = [snap("a", {"data": data_result(60)}), snap("b", {"data": data_result(80)}, day=90)]
    trend = history.score_trend(runs_)
    assert list(trend.columns) == list(history.TREND_COLUMNS)
    assert trend[trend.area == "data"].score.tolist() == [60, 80]
    assert trend[trend.area == "overall"].score.tolist() == [60, 80]
    spec = history.build_trend_chart(trend).to_dict()
    assert spec["mark"]["type"] == "line" and spec["encoding"]["y"]["field"] == "score"
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 100]


def test_goal_progress_lists_baseline_target_and_every_measured_run():
    goals = [Goal(workspace_id="w", statement="Win more deals", department="sales", metric="win rate",
                  baseline=20, target=30, unit="%"),
             Goal(workspace_id="w", statement="Be liked", department="service", metric="vibes")]  # no KPI
    runs_ = [snap("a", {}, kpis={"conversion_rate": 21.0}), snap("b", {}, day=90, kpis={"conversion_rate": None}),
             snap("c", {}, day=180, kpis={"conversion_rate": 26.5})]
    progress = history.goal_progress(goals, runs_)
    assert progress.value.tolist() == [21.0, 26.5]  # the run that could not measure it is left out
    assert set(progress.goal) == {"Win more deals"} and progress.baseline.tolist() == [20, 20]
    chart = history.build_goal_chart(progress, "Win more deals").to_dict()
    levels = {row["kind"]: row["level"] for rows in chart["datasets"].values() for row in rows if "kind" in row}
    assert levels == {"baseline": 20, "target": 30}


def test_a_run_is_stored_as_json_and_read_back_identical(engine):
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Acme 2026-Q4", period="2026-Q4"))
    result = data_result(72.5, **{"DATA.EMAIL": 10})
    with store.session_scope(engine) as session:
        row = runs.record_run(session=session, workspace_id=workspace.id, results={"data": result},
                              as_of=date(2026, 10, 1), kpis={"nps": 12.0})
        assert (row.period, row.overall) == ("2026-Q4", 72.5)
    with store.session_scope(engine) as session:
        [back] = runs.list_snapshots(session=session, workspace_id=workspace.id)
    assert back.results["data"].to_dict() == result.to_dict() and back.kpis == {"nps": 12.0}


def test_next_quarter_starts_with_the_earlier_runs_and_no_open_workshop(engine, data_dir):
    q4 = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Acme 2026-Q4", period="2026-Q4"))
    with store.session_scope(engine) as session:
        for day, score in ((0, 50.0), (30, 65.0)):
            runs.record_run(session=session, workspace_id=q4.id, results={"data": data_result(score)},
                            as_of=date(2026, 10, 1), run_at=T0 + timedelta(days=day))
        open_session(session=session, workspace_id=q4.id)
    q1 = quarterly.start_next_quarter(engine=engine, data_dir=data_dir, workspace_id=q4.id,
                                 data=workspaces.suggest_duplicate(q4))
    with store.session_scope(engine) as session:
        runs.record_run(session=session, workspace_id=q1.id, results={"data": data_result(80)},
                        as_of=date(2027, 1, 2), run_at=T0 + timedelta(days=95))
    with store.session_scope(engine) as session:
        carried = runs.list_snapshots(session=session, workspace_id=q1.id)
        original = runs.list_snapshots(session=session, workspace_id=q4.id)
    assert [(r.period, r.scores()["data"]) for r in carried] == [("2026-Q4", 50), ("2026-Q4", 65), ("2027-Q1", 80)]
    assert len(original) == 2  # the copy's new run stays in the new quarter
    with store.session_scope(engine) as session:
        assert current_session(session=session, workspace_id=q1.id) is None
        assert current_session(session=session, workspace_id=q4.id) is not None


def test_running_the_audit_on_the_sample_company_stores_every_area(engine, data_dir):
    from crm_core.demo import load_sample_company

    workspace = load_sample_company(engine=engine, data_dir=data_dir)
    row = quarterly.run_and_record(engine=engine, data_dir=data_dir, workspace_id=workspace.id, today=date(2026, 11, 1))
    with store.session_scope(engine) as session:  # the sample's own first snapshot, then this one
        first, run = runs.list_snapshots(session=session, workspace_id=workspace.id)
    assert first.results.keys() == run.results.keys() and first.scores() == run.scores()
    assert {"data", "duplicates", "usage", "compliance"} <= set(run.results)
    assert run.scores()["overall"] == row.overall is not None
    assert run.kpis["conversion_rate"] is not None
