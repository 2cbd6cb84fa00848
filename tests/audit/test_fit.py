"""Fit for purpose: the integrations inventory, lead sources in the data, and the strategy hints."""

from __future__ import annotations

import pandas as pd
import pytest

from crm_core.audit.checklists import Answer
from crm_core.audit.fit.assessment import (
    CATEGORIES, audit_integrations, audit_lead_source, clean_integration, pipeline_hint, run_fit_audit, strategy_hints,
)
from crm_core.errors import CrmCoreError
from crm_core.findings import Severity
from crm_core.models import GlossaryDefinition, GlossaryEntry, Goal, Integration, IntegrationCreate

CORE = [c.key for c in CATEGORIES if c.core]


def integration(system: str, category: str, method: str = "native", status: str = "working", owner: str = "Ops",
                lead_source: str = "unknown") -> Integration:
    return Integration(id=system.lower(), workspace_id="w", system=system, category=category, method=method,
                       direction="both", status=status, owner=owner, records_lead_source=lead_source)


def test_empty_inventory_is_unknown_not_zero():
    result = audit_integrations([])
    assert result.score("integrations") is None and result.findings == ()


def test_inventory_findings_and_score():
    inventory = [
        integration("Mailchimp", "email_marketing"),
        integration("Xero", "billing", method="none"),  # re-keyed by hand: not covered
        integration("Typeform", "web_forms", status="broken", lead_source="no"),  # broken still covers
        integration("Calendly", "calendar", owner=""),
        integration("Zendesk", "support_desk", status="not_needed"),  # marked not needed: covered
        integration("Old chat", "lead_sources", status="retired"),  # retired: ignored
    ]
    result = audit_integrations(inventory)
    # covered: email marketing, web forms, calendar, support desk = 4 of 6 core categories
    assert result.score("integrations").value == pytest.approx(66.7)
    missing = result.finding("FIT.CORE_INTEGRATION_MISSING")
    assert set(missing.example_ids) == {"billing", "lead_sources"} and missing.affected_count == 2
    assert result.finding("FIT.MANUAL_REKEYING").example_ids == ("xero",)
    assert result.finding("FIT.INTEGRATION_BROKEN").severity == Severity.HIGH
    assert result.finding("FIT.INTEGRATION_NO_OWNER").example_ids == ("calendly",)
    assert result.finding("FIT.LEAD_ENTRY_WITHOUT_SOURCE").example_ids == ("typeform",)


def test_every_core_category_covered_scores_100_with_no_missing_finding():
    result = audit_integrations([integration(key.title(), key, method="api") for key in CORE])
    assert result.score("integrations").value == 100.0
    assert result.finding("FIT.CORE_INTEGRATION_MISSING") is None


@pytest.mark.parametrize(("data", "message"), [
    (IntegrationCreate(system="", category="erp", method="api", status="working"), "name of the system"),
    (IntegrationCreate(system="SAP", category="mainframe", method="api", status="working"), "category"),
    (IntegrationCreate(system="SAP", category="erp", method="api", status="lost"), "status"),
    (IntegrationCreate(system="SAP", category="erp", method="api", status="working", direction="up"), "direction"),
])
def test_integration_input_is_checked(data, message):
    with pytest.raises(CrmCoreError, match=message):
        clean_integration(data)


def test_lead_source_empty_on_new_business_only():
    contacts = pd.DataFrame({"record_id": ["c1", "c2", "c3", "c4"], "lead_source": ["Web", None, " ", "Webinar"]})
    deals = pd.DataFrame({"record_id": ["d1", "d2", "d3"], "lead_source": [None, None, "Web"],
                          "deal_type": ["New Customer", "Existing Customer - Upgrade", "New Customer"]})
    result = audit_lead_source({"contacts": contacts, "deals": deals})
    finding = result.finding("FIT.LEAD_SOURCE_EMPTY")
    # c2, c3 and d1 are empty; d2 is an upgrade of an existing customer and has no lead source to record
    assert set(result.issues["record_id"]) == {"c2", "c3", "d1"} and finding.affected_count == 3
    assert finding.evidence["share"] == 0.5 and finding.severity == Severity.HIGH
    assert "2 of 4 contacts, 1 of 2 deals" in finding.detail


def test_sample_company_records_every_lead_source(sample_tables):
    # empty lead sources in the sample sit only on deals with existing customers: a true negative
    assert audit_lead_source(sample_tables).findings == ()
    assert "Closed Won" in pipeline_hint(sample_tables["deals"])


def test_fit_result_merges_checklist_inventory_and_data():
    lead = audit_lead_source({"contacts": pd.DataFrame({"record_id": ["c1"], "lead_source": [None]})})
    result = run_fit_audit({"fit.original_goals": Answer("fit.original_goals", "not_met")},
                           [integration("Mailchimp", "email_marketing")], lead)
    assert result.area == "fit"
    assert [s.dimension for s in result.scores] == ["fit_checklist", "fit_coverage", "integrations"]
    assert {"FIT.ORIGINAL_GOALS_NOT_SERVED", "FIT.CORE_INTEGRATION_MISSING", "FIT.LEAD_SOURCE_EMPTY"} <= {
        f.code for f in result.findings}
    assert list(result.issues["record_id"]) == ["c1"]


def test_strategy_hints_read_goals_and_glossary():
    goals = [
        Goal(id="g1", workspace_id="w", department="sales", metric="Conversion rate", baseline=10, target=20,
             is_original=True, statement="Convert more leads"),
        Goal(id="g2", workspace_id="w", department="marketing", metric="Qualified leads", baseline=100, target=150),
    ]
    entry = GlossaryEntry(id="e1", workspace_id="w", term="Lead", kind="standard")
    definitions = [  # the two teams mean different things by "Lead"
        GlossaryDefinition(workspace_id="w", entry_id="e1", team="sales", definition="A person who asked for a demo"),
        GlossaryDefinition(workspace_id="w", entry_id="e1", team="marketing", definition="Anyone who downloads a paper"),
    ]
    hints = strategy_hints(goals, [entry], definitions)
    assert hints["fit.original_goals"] == "Goals screen: 1 original goal(s); 1 no longer pursued, 0 reversed."
    assert hints["fit.department_goals"] == "Goals screen: marketing 1, sales 0, support 0 goal(s) today."
    assert hints["fit.terminology"].startswith("Glossary: 1 term(s) defined, 1 flagged")
    assert strategy_hints([], [], [])["fit.original_goals"].endswith("no goal is marked as one the CRM was bought for.")
