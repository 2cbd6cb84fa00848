"""The workspace audit kept per data version: read back equal to a fresh run, recomputed when an
import or a setting changes, read after a restart without running again, and the same numbers
for the report, the history snapshot and ``audit run``."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from crm_core import data_folder, importing, store, workspaces
from crm_core.store import audit_runs
from crm_core.audit import data, kept, runner
from crm_core.cli import main
from crm_core.models import WorkspaceCreate
from crm_core.report.sources import load_report
from crm_core.scorecard import build_scorecard
from crm_core.settings import load_settings
from tests.report.test_records import contacts_csv

TODAY = date(2026, 11, 30)


@pytest.fixture
def workspace(engine, data_dir):
    space = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Globex 2026-Q4"))
    importing.import_file(engine=engine, data_dir=data_dir, workspace_id=space.id, content=contacts_csv(40, 5),
                          file_name="contacts.csv", entity="contacts")
    return space.id


def fresh(engine, data_dir, workspace_id):
    with store.session_scope(engine) as session:
        inputs = runner.read_stored_inputs(session=session, workspace_id=workspace_id)
        tables = runner.load_tables(session=session, data_dir=data_dir, workspace_id=workspace_id)
    return runner.run_workspace_audit(tables=tables, settings=inputs.settings,
                                      as_of=runner.default_as_of(tables, today=TODAY), answers=inputs.answers,
                                      integrations=inputs.integrations, compliance=inputs.compliance)


def test_the_kept_audit_reads_back_equal_to_a_fresh_run(engine, data_dir, workspace):
    first = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)
    again = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)
    expected = fresh(engine, data_dir, workspace)
    assert list(again) == list(expected) and again.skipped == expected.skipped and again.as_of == expected.as_of
    for area, result in expected.items():
        assert again[area].scores == result.scores == first[area].scores
        assert again[area].to_dict() == result.to_dict()
        pd.testing.assert_frame_equal(again[area].issues.reset_index(drop=True), result.issues.reset_index(drop=True))


def test_a_restart_reads_the_kept_audit_without_running_it(engine, data_dir, workspace, monkeypatch):
    kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)

    def must_not_run(**_):
        raise AssertionError("the audit ran again although nothing changed")

    monkeypatch.setattr(runner, "run_workspace_audit", must_not_run)
    monkeypatch.setattr(runner, "load_tables", must_not_run)
    assert "data" in kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)


def test_a_new_import_or_a_changed_setting_makes_the_kept_audit_stale(engine, data_dir, workspace):
    before = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)
    importing.import_file(engine=engine, data_dir=data_dir, workspace_id=workspace, content=contacts_csv(60, 9),
                          file_name="contacts.csv", entity="contacts")
    after = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)
    assert after["data"].to_dict() == fresh(engine, data_dir, workspace)["data"].to_dict() != before["data"].to_dict()
    with store.session_scope(engine) as session:
        store.put_setting(session=session, workspace_id=workspace, key=data.SETTING_KEY,
                          value={"as_of": "2025-01-01"})
    dated = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)
    assert dated["data"].to_dict() == fresh(engine, data_dir, workspace)["data"].to_dict()
    versions = list((data_folder.audit_dir(data_dir, workspace) / "data").iterdir())
    assert len(versions) == 1  # earlier versions are dropped


def test_a_damaged_kept_audit_is_computed_again(engine, data_dir, workspace):
    kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)
    (version,) = (data_folder.audit_dir(data_dir, workspace) / "data").iterdir()
    (version / kept.RESULT_FILE).write_text("{ half written")
    again = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)
    assert again["data"].to_dict() == fresh(engine, data_dir, workspace)["data"].to_dict()


def test_report_history_and_audit_run_print_the_same_scores(workbench_env, capsys):
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    space = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Globex 2026-Q4"))
    importing.import_file(engine=engine, data_dir=settings.data_dir, workspace_id=space.id,
                          content=contacts_csv(40, 5), file_name="contacts.csv", entity="contacts")
    assert main(["audit", "run", "--workspace", "Globex 2026-Q4", "--format", "json", "--snapshot"]) == 0
    document = json.loads(capsys.readouterr().out)
    report = load_report(engine=engine, data_dir=settings.data_dir, workspace_id=space.id)
    with store.session_scope(engine) as session:
        (run,) = audit_runs.list_snapshots(session=session, workspace_id=space.id)
    report_scores = {a.area: a.value for a in report.scorecard.areas}
    run_scores = {a.area: a.value for a in build_scorecard(run.results, run.skipped).areas}
    assert document["areas"]
    for area, entry in document["areas"].items():
        assert entry["score"] == report_scores[area] == run_scores[area]
        assert entry["scores"] == run.results[area].to_dict()["scores"]
    assert document["overall"]["areas_scored"] <= document["overall"]["areas_total"]
    assert set(document["skipped"]) == {"usage", "pipeline"}
    engine.dispose()


def test_audit_run_in_markdown_and_for_an_unknown_workspace(workbench_env, capsys):
    engine = store.open_store(load_settings().db_url)
    workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Empty"))
    engine.dispose()
    assert main(["audit", "run", "--workspace", "Empty"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Audit of Empty") and "Usage: not measured" in text
    assert main(["audit", "run", "--workspace", "Nobody"]) == 2
    assert "No workspace is named 'Nobody'" in capsys.readouterr().err


def test_answering_a_checklist_item_recomputes_that_area_only(engine, data_dir, workspace, monkeypatch):
    from crm_core.store import checklists

    kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)
    with store.session_scope(engine) as session:
        checklists.save_answer(session=session, workspace_id=workspace, item_id="fit.original_goals", status="met")
    ran = []
    real = runner.run_workspace_audit
    monkeypatch.setattr(runner, "run_workspace_audit", lambda **kw: ran.append(kw["areas"]) or real(**kw))
    audit = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)
    assert ran == [["fit"]]
    assert audit["fit"].score("fit_checklist").basis == 1
    assert list(audit) == [a for a in runner.REPORT_ORDER if a in audit]


def test_the_one_time_computation_reports_each_area(engine, data_dir, workspace):
    heard = []
    kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY,
                         progress=lambda fraction, message: heard.append((fraction, message)))
    messages = [m for _, m in heard]
    assert any(m.startswith("Auditing data (") for m in messages)
    assert any(m.startswith("Auditing duplicates (") for m in messages)
    assert [f for f, _ in heard] == sorted(f for f, _ in heard) and heard[-1][0] == 1.0


def test_screens_can_read_the_kept_audit_without_its_record_level_issues(engine, data_dir, workspace):
    whole = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY)
    light = kept.workspace_audit(engine=engine, data_dir=data_dir, workspace_id=workspace, today=TODAY,
                                 with_issues=False)
    assert len(whole["data"].issues) > 0 and len(light["data"].issues) == 0
    assert {a: r.to_dict() for a, r in light.items()} == {a: r.to_dict() for a, r in whole.items()}
