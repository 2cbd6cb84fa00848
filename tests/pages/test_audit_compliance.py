"""AppTest: the compliance page: profile, checklist saved on change, masked findings, no leak."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from crm_core import store
from crm_core.store import checklists as records
from crm_core.demo import load_sample_company
from crm_core.settings import load_settings
from tests.conftest import page_file
from tests.pages.strategy_pages import new_workspace, open_page, read

PAGE = "audit_compliance.py"


def labels(at: AppTest) -> list[str]:
    return [e.label.replace("\\", "") for e in at.expander]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def all_text(at: AppTest) -> str:
    """Every element's content: its protobuf message, and each table's cells."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        if getattr(node, "type", None) == "arrow_data_frame":
            parts.append(node.value.to_csv())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """One sample company for the module (loading it takes a while), in a private store."""
    data = tmp_path_factory.mktemp("compliance-page")
    patch = pytest.MonkeyPatch()
    patch.setenv("CRM_WORKBENCH_DATA_DIR", str(data))
    patch.setenv("CRM_WORKBENCH_DB_URL", f"sqlite:///{data / 'workbench.sqlite3'}")
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    workspace_id = load_sample_company(engine=engine, data_dir=settings.data_dir).id
    engine.dispose()
    yield workspace_id
    patch.undo()


def test_without_a_workspace_the_page_points_home(workbench_env):
    at = AppTest.from_file(page_file(PAGE), default_timeout=60).run()
    assert not at.exception
    assert "Choose a workspace" in at.info[0].value


def test_empty_workspace_offers_the_shared_checklist_and_asks_for_imports(workbench_env):
    at = open_page(PAGE, new_workspace())
    assert not at.exception
    assert at.title[0].value == "Audit: compliance"
    assert metrics(at) == {"Checklist score": "—", "Coverage": "0%", "Data checks": "—"}
    assert any("Nothing imported yet" in i.value for i in at.info)
    assert at.selectbox(key="compliance.status.comp.retention_policy") is not None
    assert "compliance.status.comp.lawful_basis" not in [s.key for s in at.selectbox]  # GDPR not chosen yet


def test_choosing_gdpr_adds_its_items_and_answers_move_the_score(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    at.multiselect(key="compliance.regimes").set_value(["gdpr"])
    at.number_input(key="compliance.retention").set_value(24)
    at.button(key="FormSubmitter:compliance.profile-Save profile").click().run()
    assert not at.exception
    assert read(lambda s: records.compliance_config(session=s, workspace_id=workspace_id).regimes) == ("gdpr",)
    at.selectbox(key="compliance.status.comp.lawful_basis").set_value("met").run()
    assert metrics(at)["Checklist score"] == "100/100"
    at.selectbox(key="compliance.status.comp.unsubscribe").set_value("not_met").run()
    assert metrics(at)["Checklist score"] == "50/100"  # weights 3 met, 3 not met
    at.text_input(key="compliance.evidence.comp.unsubscribe").input("Unsubscribes never reach the CRM").run()
    saved = read(lambda s: records.answers_by_item(session=s, workspace_id=workspace_id))
    assert saved["comp.unsubscribe"].status == "not_met"
    assert saved["comp.unsubscribe"].evidence == "Unsubscribes never reach the CRM"
    assert any(label.startswith("CRITICAL · Not met: Every marketing email has a working unsubscribe")
               for label in labels(at))


def test_sample_company_findings_are_listed_masked(sample, sample_truth):
    at = open_page(PAGE, sample)
    assert not at.exception, at.exception
    shown = labels(at)
    assert "CRITICAL · Payment card numbers typed into notes (11)" in shown
    assert "HIGH · Contacts emailed after they opted out (24)" in shown
    assert "HIGH · Health or other special-category data typed into notes (12)" in shown
    assert re.search(r"\d{4}([- ])\*{4}\1\*{4}\1\d{4}", all_text(at))  # a card number, masked


def test_no_planted_sensitive_value_appears_anywhere_on_the_page(sample, sample_truth):
    at = open_page(PAGE, sample)
    picker = at.selectbox(key="compliance.issues.check")
    texts = [all_text(at)]
    for index in range(len(picker.options)):
        at.selectbox(key="compliance.issues.check").select_index(index).run()
        assert not at.exception
        texts.append(all_text(at))
    page = "\n".join(texts)
    assert "Payment card numbers typed into notes (11)" in picker.options  # titles, never codes
    assert not any(option.startswith("COMPLIANCE.") for option in picker.options)
    assert "3415 ****** *6326" in page  # the masked Amex number is shown...
    leaked = [value["raw"] for value in sample_truth["pii_in_free_text"] if value["raw"] in page]
    assert leaked == []  # ...but no planted value, in any table, expander or caption
