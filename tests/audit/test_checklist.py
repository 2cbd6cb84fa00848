"""Checklists: the item data, scoring with unknown and not-applicable answers, the stored answers,
the integrations inventory and the compliance profile, and their carry-over to the next quarter."""

from __future__ import annotations

import pytest

from crm_core import store, workspaces
from crm_core.store import checklists as records
from crm_core.audit.checklists import (
    AREAS, STATUSES, Answer, ChecklistItem, all_items, checklist_items, require_status, score_checklist,
)
from crm_core.audit.checklists.summary import summarise_compliance, summarise_fit
from crm_core.audit.runner import WorkspaceAudit
from crm_core.findings import AuditResult, Finding, Score
from crm_core.audit.compliance.checks import REGIMES
from crm_core.errors import CrmCoreError
from crm_core.findings import Severity
from crm_core.models import IntegrationCreate, WorkspaceCreate


def item(item_id: str, weight: int, *, allow_na: bool = False, severity: str = "high") -> ChecklistItem:
    return ChecklistItem(item_id, "fit", "Section", f"Question {item_id}?", "", weight, "Yes", "Partly", "No",
                         allow_na, Severity(severity), f"FIT.{item_id.upper()}", f"REC.FIT.{item_id.upper()}", ())


# a (3), b (2), c (1) and d (2, may be not applicable): 8 weight points in all
ITEMS = (item("a", 3), item("b", 2), item("c", 1), item("d", 2, allow_na=True))


def answers(**statuses: str) -> dict[str, Answer]:
    return {key: Answer(key, status) for key, status in statuses.items()}


@pytest.mark.parametrize(("given", "score", "coverage"), [
    ({}, None, 0.0),  # nothing known: no score at all, not a score of 0
    ({"a": "met"}, 100.0, 37.5),  # 3 of 8 weight points answered, all met
    ({"a": "met", "b": "not_met"}, 60.0, 62.5),  # 3 of 5 answered points met
    ({"a": "partly", "b": "met", "c": "not_met", "d": "na"}, 58.3, 100.0),  # (1.5 + 2) / 6, d leaves
    ({"d": "na"}, None, 0.0),
    ({"a": "not_met", "b": "not_met", "c": "not_met", "d": "not_met"}, 0.0, 100.0),
    ({"a": "unknown", "b": "unknown", "c": "unknown", "d": "unknown"}, None, 0.0),  # unknown is not "not met"
])
def test_score_leaves_unknown_out_and_reports_coverage(given, score, coverage):
    result = score_checklist("fit", ITEMS, answers(**given))
    checklist = result.score("fit_checklist")
    assert (checklist.value if checklist else None) == score
    assert result.score("fit_coverage").value == coverage
    if checklist:
        assert "unknown and not applicable left out" in checklist.formula
        assert checklist.basis == sum(1 for s in given.values() if s in ("met", "partly", "not_met"))


def test_not_met_and_partly_raise_the_items_findings():
    result = score_checklist("fit", ITEMS, {"a": Answer("a", "not_met", "No goal doc found", "Ana"),
                                            "b": Answer("b", "partly"), "c": Answer("c", "met"),
                                            "d": Answer("d", "na")})
    a, b = result.finding("FIT.A"), result.finding("FIT.B")
    assert a.severity == Severity.HIGH and a.recommendation_code == "REC.FIT.A"
    assert "No goal doc found" in a.detail and "Ana" in a.detail
    assert b.severity == Severity.MEDIUM  # partly: one level milder than the item's own
    assert result.finding("FIT.C") is None and result.finding("FIT.D") is None
    assert result.finding("FIT.CHECKLIST_UNANSWERED") is None  # every item answered


def test_unanswered_items_are_one_informational_finding():
    result = score_checklist("fit", ITEMS, answers(a="met", d="na"))
    unanswered = result.finding("FIT.CHECKLIST_UNANSWERED")
    assert unanswered.severity == Severity.INFO and unanswered.affected_count == 2  # b and c; d left
    assert unanswered.example_ids == ("b", "c")


def test_the_item_table_is_well_formed():
    items = all_items()
    assert {i.area for i in items} == set(AREAS)
    assert len({i.id for i in items}) == len(items) and len({i.finding_code for i in items}) == len(items)
    for each in items:
        assert each.question and each.met and each.not_met and 1 <= each.weight <= 3
        assert set(each.regimes) <= {*REGIMES, "all"}, each.id
        assert each.statuses()[:2] == ("unknown", "met")
    fit = {i.id for i in checklist_items("fit")}
    assert {"fit.original_goals", "fit.terminology", "fit.pipeline_matches", "fit.fn_lead_source",
            "fit.dept_marketing", "fit.lead_source_capture"} <= fit


def test_compliance_items_follow_the_chosen_regimes():
    everyone = {i.id for i in checklist_items("compliance")}
    assert "comp.retention_policy" in everyone and "comp.lawful_basis" not in everyone
    hipaa = {i.id for i in checklist_items("compliance", ["hipaa"])}
    assert {"comp.hipaa_baa", "comp.audit_log"} <= hipaa and "comp.do_not_sell" not in hipaa
    gdpr = {i.id for i in checklist_items("compliance", ["gdpr"])}
    assert {"comp.lawful_basis", "comp.dsr_process", "comp.double_opt_in"} <= gdpr and "comp.hipaa_baa" not in gdpr


def test_status_choices_depend_on_the_item():
    assert require_status(ITEMS[3], "na") == "na"
    with pytest.raises(CrmCoreError, match="not an answer to this item"):
        require_status(ITEMS[0], "na")
    assert set(ITEMS[3].statuses()) == set(STATUSES)


# --- store ----------------------------------------------------------------------------------------


def make_workspace(engine, name: str = "Acme 2026-Q3", period: str = "2026-Q3") -> str:
    return workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name=name, period=period)).id


def test_answers_are_saved_and_scored(engine):
    ws, other = make_workspace(engine), make_workspace(engine, "Other")
    with store.session_scope(engine) as session:
        records.save_answer(session=session, workspace_id=ws, item_id="fit.original_goals", status="met")
        records.save_answer(session=session, workspace_id=ws, item_id="fit.original_goals",
                            evidence="  Minutes of the 2024 kick-off ", owner=" Ana  Ruiz ")
        records.save_answer(session=session, workspace_id=ws, item_id="fit.terminology", status="not_met")
    with store.session_scope(engine) as session:
        saved = records.answers_by_item(session=session, workspace_id=ws)
        assert records.answers_by_item(session=session, workspace_id=other) == {}
    assert saved["fit.original_goals"] == Answer("fit.original_goals", "met", "Minutes of the 2024 kick-off",
                                                 "Ana Ruiz")
    result = score_checklist("fit", checklist_items("fit"), saved)
    assert result.score("fit_checklist").value == 60.0  # weights 3 met, 2 not met


@pytest.mark.parametrize(("item_id", "status", "message"), [
    ("fit.nothing", "met", "not a checklist item"),
    ("fit.original_goals", "na", "not an answer to this item"),  # this item may not be skipped
    ("fit.original_goals", "maybe", "not an answer to this item"),
])
def test_bad_answers_are_one_sentence(engine, item_id, status, message):
    ws = make_workspace(engine)
    with pytest.raises(CrmCoreError, match=message), store.session_scope(engine) as session:
        records.save_answer(session=session, workspace_id=ws, item_id=item_id, status=status)


def test_integrations_are_checked_and_edited(engine):
    ws = make_workspace(engine)
    with store.session_scope(engine) as session:
        row = records.add_integration(session=session, workspace_id=ws, integration=IntegrationCreate(
            system=" Mailchimp ", category="email_marketing", method="native", direction="both", status="working"))
        records.update_integration(session=session, workspace_id=ws, integration_id=row.id,
                                   integration=IntegrationCreate(system="Mailchimp", category="email_marketing",
                                                                 method="middleware", direction="both",
                                                                 status="broken", owner="Ops"))
        with pytest.raises(CrmCoreError, match="Choose the method"):
            records.add_integration(session=session, workspace_id=ws, integration=IntegrationCreate(
                system="Fax", category="other", method="pigeon", status="working"))
        with pytest.raises(CrmCoreError, match="name of the system"):
            records.add_integration(session=session, workspace_id=ws, integration=IntegrationCreate(
                category="other", method="none", status="working"))
    with store.session_scope(engine) as session:
        stored = records.list_integrations(session=session, workspace_id=ws)
        assert [(i.system, i.method, i.status, i.owner) for i in stored] == [
            ("Mailchimp", "middleware", "broken", "Ops")]
        records.delete_integration(session=session, workspace_id=ws, integration_id=row.id)
        assert records.list_integrations(session=session, workspace_id=ws) == []


def test_compliance_profile_round_trip_and_validation(engine):
    ws = make_workspace(engine)
    with store.session_scope(engine) as session:
        assert records.compliance_config(session=session, workspace_id=ws).retention_months == 36  # the default
        records.save_compliance_profile(session=session, workspace_id=ws, regimes=["gdpr", "pecr", "gdpr"],
                                        sector="financial", retention_months=24, dormant_login_days=60)
        config = records.compliance_config(session=session, workspace_id=ws)
        assert (config.regimes, config.retention_months, config.dormant_login_days) == (("gdpr", "pecr"), 24, 60)
        with pytest.raises(CrmCoreError, match="retention period"):
            records.save_compliance_profile(session=session, workspace_id=ws, regimes=[], sector="",
                                            retention_months=0, dormant_login_days=60)
        with pytest.raises(CrmCoreError, match="not a regime"):
            records.save_compliance_profile(session=session, workspace_id=ws, regimes=["sox"], sector="",
                                            retention_months=12, dormant_login_days=60)


def test_answers_inventory_and_profile_carry_into_the_next_quarter(engine, data_dir):
    ws = make_workspace(engine)
    with store.session_scope(engine) as session:
        records.save_answer(session=session, workspace_id=ws, item_id="comp.unsubscribe", status="partly",
                            evidence="HubSpot only")
        records.add_integration(session=session, workspace_id=ws, integration=IntegrationCreate(
            system="Stripe", category="billing", method="api", direction="into_crm", status="working"))
        records.save_compliance_profile(session=session, workspace_id=ws, regimes=["uk_gdpr"], sector="general",
                                        retention_months=48, dormant_login_days=90)
    copy = workspaces.duplicate_workspace(engine=engine, data_dir=data_dir, workspace_id=ws,
                                          data=WorkspaceCreate(name="Acme 2026-Q4", period="2026-Q4"))
    with store.session_scope(engine) as session:
        assert records.answers_by_item(session=session, workspace_id=copy.id) == {
            "comp.unsubscribe": Answer("comp.unsubscribe", "partly", "HubSpot only", "")}
        assert [i.system for i in records.list_integrations(session=session, workspace_id=copy.id)] == ["Stripe"]
        assert records.compliance_config(session=session, workspace_id=copy.id).regimes == ("uk_gdpr",)
        # the copy is independent: answering it leaves the original quarter as it was
        records.save_answer(session=session, workspace_id=copy.id, item_id="comp.unsubscribe", status="met")
    with store.session_scope(engine) as session:
        assert records.answers_by_item(session=session, workspace_id=ws)["comp.unsubscribe"].status == "partly"


def test_home_page_summaries(engine):
    ws = make_workspace(engine)
    with store.session_scope(engine) as session:
        assert summarise_fit(session, ws) == (
            "Checklist not started (0 of 21 items answered); no integration recorded yet.", False)
        assert summarise_compliance(session, ws)[1] is False
        records.save_answer(session=session, workspace_id=ws, item_id="fit.original_goals", status="met")
        records.add_integration(session=session, workspace_id=ws, integration=IntegrationCreate(
            system="Mailchimp", category="email_marketing", method="native", direction="both", status="working"))
        records.save_compliance_profile(session=session, workspace_id=ws, regimes=["gdpr"], sector="",
                                        retention_months=36, dormant_login_days=90)
    # The kept audit's compliance area: the checklist's part and the data checks' part.
    data_checks = AuditResult("compliance", scores=(Score("compliance_data", 40.0),), findings=(
        Finding("COMPLIANCE.CARD_IN_NOTES", "critical", "Cards", 3), Finding("COMPLIANCE.AFTER_OPT_OUT", "high", "Mail", 2),
        Finding("COMPLIANCE.OLD", "low", "Old", 9)))
    audit = WorkspaceAudit({"compliance": data_checks})
    with store.session_scope(engine) as session:
        fit_line, fit_started = summarise_fit(session, ws)
        compliance_line, compliance_started = summarise_compliance(session, ws, audit)
    assert fit_started and fit_line.startswith("Checklist 100/100 on 1 of 21 items answered (coverage 7%)")
    assert "1 integration(s) recorded, 5 core categories without one" in fit_line
    assert compliance_started and compliance_line.startswith("GDPR: checklist not started")
    assert "data checks 40/100 with 2 critical or high finding(s)" in compliance_line
