"""AppTest: the usage audit page on the sample company, its settings and its empty states."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from crm_core import importing, store, workspaces
from crm_core.audit.pipeline.kpis import compute_kpis
from crm_core.audit.pipeline.deals import SETTINGS_KEY as KPI_KEY
from crm_core.audit.usage.activity import SETTINGS_KEY
from crm_core.demo import load_sample_company
from crm_core.models import WorkspaceCreate
from crm_core.settings import load_settings
from tests.conftest import page_file

PAGE = page_file("audit_usage.py")


def labels(at: AppTest) -> list[str]:
    """Expander labels as shown (finding titles are Markdown-escaped on the page)."""
    return [e.label.replace("\\", "") for e in at.expander]


def open_page(workspace_id: str | None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=180)
    if workspace_id:
        at.session_state["workspace_id"] = workspace_id
    return at.run()


@pytest.fixture
def sample(workbench_env):
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    workspace = load_sample_company(engine=engine, data_dir=settings.data_dir)
    yield engine, workspace.id
    engine.dispose()


def test_without_a_workspace_the_page_points_home(workbench_env):
    at = open_page(None)
    assert not at.exception
    assert "Choose a workspace" in at.info[0].value


def test_an_empty_workspace_asks_for_imports(workbench_env):
    engine = store.open_store(load_settings().db_url)
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Empty"))
    at = open_page(workspace.id)
    assert not at.exception
    assert at.title[0].value == "Audit: usage"
    assert "Nothing imported yet" in at.info[0].value


def test_contacts_alone_ask_for_the_activities_and_deals(workbench_env):
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Contacts only"))
    importing.import_file(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id,
                          content=b"Email,First Name\nana@example.com,Ana\n", file_name="contacts.csv",
                          entity="contacts")
    at = open_page(workspace.id)
    assert not at.exception, at.exception
    assert "import the activities export" in at.info[0].value and "transactions file" in at.info[0].value


def test_sample_company_shows_usage_findings_kpis_and_priorities(sample, sample_truth):
    _, workspace_id = sample
    at = open_page(workspace_id)
    assert not at.exception, at.exception
    assert "01 Oct 2026" in at.caption[0].value  # the exports' date, not today
    shown = labels(at)
    assert any(label.startswith("HIGH · Marketing does not use the CRM") for label in shown)
    assert any("2 users log far less than their team (under 0.1 x" in label for label in shown)
    assert any("2 licensed users did not log in for 90+ days" in label for label in shown)
    details = " ".join(m.value for m in at.markdown)
    for name in sample_truth["usage"]["low_usage_reps"]:
        assert name in details
    assert [m.label for m in at.metric][:2] == ["Usage", "Adoption"]
    assert len(at.get("vega_lite_chart")) == 4  # heatmap, team trend, distribution, RFM segments
    kpis = at.dataframe[[i for i, d in enumerate(at.dataframe) if "KPI" in d.value.columns][0]].value
    win = kpis.set_index("KPI").loc["Win rate"]
    expected = compute_kpis({"deals": _deals(sample)}, as_of=date(2026, 10, 1))["win_rate"].value
    assert win["Value"] == f"{expected:.1%}"
    assert kpis.set_index("KPI").loc["Net Promoter Score (NPS)", "Value"] == "–"
    assert "no NPS survey column" in kpis.set_index("KPI").loc["Net Promoter Score (NPS)", "Why not computed / note"]
    assert at.get("download_button")[0].proto.label == "Download the priority list (CSV)"


def _deals(sample):
    import pandas as pd

    engine, workspace_id = sample
    with store.session_scope(engine) as session:
        source = store.get_data_source(session=session, workspace_id=workspace_id, entity="deals")
        path = load_settings().data_dir / "workspaces" / workspace_id / source.table_path
    return pd.read_parquet(path)


def test_saving_thresholds_is_stored_and_reruns_the_audit(sample):
    engine, workspace_id = sample
    at = open_page(workspace_id)
    at.number_input(key="usage.low_usage_ratio").set_value(0.3)
    at.date_input(key="usage.as_of").set_value(date(2026, 10, 1))
    at.button(key="FormSubmitter:usage.settings-Save and re-run").click().run()
    assert not at.exception
    with store.session_scope(engine) as session:
        stored = store.get_setting(session=session, workspace_id=workspace_id, key=SETTINGS_KEY)
    assert stored["low_usage_ratio"] == 0.3 and stored["as_of"] == "2026-10-01"
    assert any("under 0.3 x the team median" in label for label in labels(at))
    assert "(the day after" not in at.caption[0].value  # the date is now the saved one


def test_a_stage_override_changes_the_win_rate(sample):
    engine, workspace_id = sample
    at = open_page(workspace_id)
    at.text_area(key="kpis.stages").input("Closed Lost = open")
    at.button(key="FormSubmitter:kpis.settings-Save KPI settings").click().run()
    assert not at.exception
    with store.session_scope(engine) as session:
        stored = store.get_setting(session=session, workspace_id=workspace_id, key=KPI_KEY)
    assert stored["stage_outcomes"] == {"Closed Lost": "open"}
    kpis = next(d.value for d in at.dataframe if "KPI" in d.value.columns).set_index("KPI")
    assert kpis.loc["Win rate", "Value"] == "100.0%"  # no deal is lost any more


def test_a_bad_stage_override_is_one_sentence(sample):
    _, workspace_id = sample
    at = open_page(workspace_id)
    at.text_area(key="kpis.stages").input("Closed Lost = gone")
    at.button(key="FormSubmitter:kpis.settings-Save KPI settings").click().run()
    assert not at.exception
    assert "map each stage to won, lost or open" in at.error[0].value


def test_speed_to_lead_on_the_sample_says_why_it_is_not_measured(sample):
    _, workspace_id = sample
    at = open_page(workspace_id)
    assert not at.exception, at.exception
    assert "Speed to lead" in [h.value for h in at.subheader]
    assert any("Not measured: the contacts export gives the day each person was added but not the time" in i.value
               for i in at.info)


def test_speed_to_lead_from_timestamped_exports_shows_the_waits_and_the_breakdown(workbench_env):
    from tests.audit.test_speed_to_lead import AS_OF, generated

    settings = load_settings()
    engine = store.open_store(settings.db_url)
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Leads"))
    tables, truth = generated()
    files = {"contacts": tables["contacts"].rename(columns={
                 "record_id": "Contact ID", "full_name": "Full Name", "email": "Email", "created_at": "Created Date",
                 "lead_source": "Lead Source", "owner": "Contact Owner"}),
             "activities": tables["activities"].rename(columns={
                 "contact_id": "Contact ID", "type": "Activity Type", "occurred_at": "Date"}).assign(
                 **{"Activity ID": range(len(tables["activities"])), "Assigned": "Ann Lee"})}
    for entity, frame in files.items():
        importing.import_file(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id,
                              content=frame.to_csv(index=False, date_format="%Y-%m-%d %H:%M").encode(),
                              file_name=f"{entity}.csv", entity=entity)
    with store.session_scope(engine) as session:
        store.put_setting(session=session, workspace_id=workspace.id, key=SETTINGS_KEY,
                          value={"as_of": AS_OF.isoformat()})
    at = open_page(workspace.id)
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    never = sum(w is None for w in truth) / len(truth)
    assert metrics["Never touched"] == f"{never:.1%}"
    assert metrics["Median wait"].endswith(("minutes", "hours", "days"))
    assert any(f"{len(truth)} people added in the measuring window" in c.value for c in at.caption)
    breakdown = next(d.value for d in at.dataframe if "Never touched" in d.value.columns)
    assert set(breakdown["By"]) == {"Lead source", "Owner"}  # no users export: no teams
