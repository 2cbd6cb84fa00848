"""AppTest: the fit-for-purpose page: checklist saved on change, hints, and the integrations form."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from crm_core.store import checklists as records
from crm_core.models import GoalCreate
from crm_core.store import strategy
from tests.conftest import page_file
from tests.pages.strategy_pages import new_workspace, open_page, read

PAGE = "audit_fit.py"


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def labels(at: AppTest) -> list[str]:
    return [e.label.replace("\\", "") for e in at.expander]


def test_without_a_workspace_the_page_points_home(workbench_env):
    at = AppTest.from_file(page_file(PAGE), default_timeout=60).run()
    assert not at.exception
    assert "Choose a workspace" in at.info[0].value


def test_answers_are_saved_on_change_and_move_score_and_coverage(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    assert not at.exception
    assert at.title[0].value == "Audit: fit for purpose"
    assert metrics(at) == {"Checklist score": "—", "Coverage": "0%", "Core integrations": "—"}
    at.selectbox(key="fit.status.fit.original_goals").set_value("met").run()
    assert metrics(at)["Checklist score"] == "100/100"
    at.selectbox(key="fit.status.fit.terminology").set_value("not_met").run()
    at.text_input(key="fit.evidence.fit.terminology").input("Sales and marketing define MQL differently").run()
    at.text_input(key="fit.owner.fit.terminology").input("Head of RevOps").run()
    assert not at.exception
    assert metrics(at)["Checklist score"] == "60/100"  # weight 3 met, weight 2 not met
    assert metrics(at)["Coverage"] != "0%"
    saved = read(lambda s: records.answers_by_item(session=s, workspace_id=workspace_id))["fit.terminology"]
    assert (saved.status, saved.evidence, saved.owner) == (
        "not_met", "Sales and marketing define MQL differently", "Head of RevOps")
    assert any(label.startswith("MEDIUM · Not met: Teams share one definition") for label in labels(at))
    again = open_page(PAGE, workspace_id)  # a fresh session shows the stored answers
    assert again.selectbox(key="fit.status.fit.terminology").value == "not_met"


def test_goals_screen_data_is_shown_as_a_hint(workbench_env):
    workspace_id = new_workspace()
    read(lambda s: strategy.add_goal(session=s, workspace_id=workspace_id, goal=GoalCreate(
        statement="Cut churn", department="support", metric="Churn rate", baseline=8, target=6, is_original=True)))
    at = open_page(PAGE, workspace_id)
    captions = [c.value.replace("\\", "") for c in at.caption]  # shown Markdown-escaped
    assert any("1 original goal(s); 1 no longer pursued" in c for c in captions)


def test_integrations_are_added_listed_and_scored(workbench_env):
    workspace_id = new_workspace()
    at = open_page(PAGE, workspace_id)
    at.text_input(key="fit.integration.new.system").input("Typeform")
    at.selectbox(key="fit.integration.new.category").set_value("web_forms")
    at.selectbox(key="fit.integration.new.method").set_value("middleware")
    at.selectbox(key="fit.integration.new.lead_source").set_value("no")
    at.button(key="FormSubmitter:fit.integration.new-Save integration").click().run()
    assert not at.exception
    stored = read(lambda s: records.list_integrations(session=s, workspace_id=workspace_id))
    assert [(i.system, i.category, i.method, i.records_lead_source) for i in stored] == [
        ("Typeform", "web_forms", "middleware", "no")]
    table = next(d.value for d in at.dataframe if "System" in d.value.columns)
    assert table["System"].tolist() == ["Typeform"]
    assert metrics(at)["Core integrations"] == "17/100"  # 1 of 6 core categories
    shown = labels(at)
    assert "HIGH · 1 lead entry point(s) lose the lead source" in shown
    assert "MEDIUM · 5 core integration(s) missing" in shown


def test_a_bad_integration_is_one_sentence(workbench_env):
    at = open_page(PAGE, new_workspace())
    at.button(key="FormSubmitter:fit.integration.new-Save integration").click().run()
    assert not at.exception
    assert "Type the name of the system" in at.error[0].value
