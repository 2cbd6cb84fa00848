"""Scores a consultant can sign: an area with nothing to measure is "not measured" (null with a
reason), never 100; a checklist counts only once half of it is answered; the overall score says
how many areas it covers."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from crm_core import importing, store, workspaces
from crm_core.audit import runner
from crm_core.audit.checklists import Answer, checklist_items
from crm_core.cli import main
from crm_core.models import WorkspaceCreate
from crm_core.scorecard import CHECKLIST_QUORUM, build_scorecard, overall_text
from crm_core.settings import load_settings
from crm_core.store import checklists

AS_OF = date(2026, 10, 1)
ACCOUNTS = pd.DataFrame({"record_id": ["a1", "a2", "a3"], "name": ["Acme", "Globex", "Initech"],
                         "custom:sector": ["technology", "retail", "technolgy"]}).astype("string")
DEALS = pd.DataFrame({"record_id": ["d1", "d2"], "name": ["Acme renewal", "Globex pilot"],
                      "account_id": ["a1", "a2"], "stage": ["Won", "Lost"]}).astype("string")


def test_accounts_and_deals_alone_leave_fit_and_compliance_not_measured():
    audit = runner.run_workspace_audit(tables={"accounts": ACCOUNTS, "deals": DEALS}, settings={}, as_of=AS_OF)
    card = build_scorecard(audit, audit.skipped)
    for area in ("fit", "compliance"):
        assert card.area(area).value is None and card.area(area).note.startswith("not measured"), area
    assert audit["compliance"].score("compliance_data") is None  # a picklist column is not free text checked


def test_one_answer_of_many_does_not_enter_the_overall_score():
    items = checklist_items("fit")
    answered = {items[0].id: Answer(items[0].id, status="met")}
    audit = runner.run_workspace_audit(tables={"accounts": ACCOUNTS}, settings={}, as_of=AS_OF, answers=answered)
    card = build_scorecard(audit, audit.skipped)
    assert audit["fit"].score("fit_checklist").value == 100  # the checklist itself says 100 on one answer...
    assert card.area("fit").value is None  # ...which is not a score for the area
    assert "not counted until" in card.area("fit").note and f"{CHECKLIST_QUORUM:.0f}%" in card.area("fit").note
    half = {item.id: Answer(item.id, status="met") for item in items[: (len(items) + 1) // 2]}
    audit = runner.run_workspace_audit(tables={"accounts": ACCOUNTS}, settings={}, as_of=AS_OF, answers=half)
    assert build_scorecard(audit, audit.skipped).area("fit").value == 100


def test_the_overall_score_says_how_many_areas_it_covers():
    audit = runner.run_workspace_audit(tables={"accounts": ACCOUNTS, "deals": DEALS}, settings={}, as_of=AS_OF)
    card = build_scorecard(audit, audit.skipped)
    measured = sum(a.value is not None for a in card.areas)
    assert 0 < measured < len(card.areas)
    assert overall_text(card).endswith(f"over {measured} of {len(card.areas)} areas")


def test_audit_run_prints_null_with_a_reason_for_what_it_could_not_measure(workbench_env, capsys):
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    space = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Pipeline only"))
    importing.import_file(engine=engine, data_dir=settings.data_dir, workspace_id=space.id,
                          content=b"Account Name,Industry\nAcme,technology\nGlobex,retail\n", file_name="accounts.csv",
                          entity="accounts")
    with store.session_scope(engine) as session:
        checklists.save_answer(session=session, workspace_id=space.id, item_id="fit.original_goals", status="met")
    engine.dispose()
    assert main(["audit", "run", "--workspace", "Pipeline only", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    for area in ("fit", "compliance"):
        assert document["areas"][area]["score"] is None and document["areas"][area]["reason"], area
    assert document["overall"]["areas_scored"] < document["overall"]["areas_total"]
