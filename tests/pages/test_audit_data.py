"""AppTest: the data audit page on the sample company (and on an empty workspace)."""

import pytest
from streamlit.testing.v1 import AppTest

from crm_core import store
from crm_core.audit.data.config import CLUSTERS_KEY, SETTING_KEY
from crm_core.audit import kept
from crm_core.audit.data.summary import summarise_data_audit
from crm_core.demo import load_sample_company
from crm_core.models import WorkspaceCreate
from crm_core.settings import load_settings
from crm_core.workspaces import create_workspace
from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "audit_data.py")


@pytest.fixture
def sample(workbench_env):
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    workspace = load_sample_company(engine=engine, data_dir=settings.data_dir)
    return engine, workspace.id


def open_page(workspace_id: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=300)
    at.session_state["workspace_id"] = workspace_id
    return at.run()


def setting(engine, workspace_id, key):
    with store.session_scope(engine) as session:
        return store.get_setting(session=session, workspace_id=workspace_id, key=key)


def test_sample_company_scores_findings_and_downloads(sample):
    engine, workspace_id = sample
    at = open_page(workspace_id)
    assert not at.exception, at.exception
    assert at.title[0].value == "Audit: data"
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) == {"Completeness", "Validity", "Consistency", "Timeliness", "Integrity", "Overall"}
    assert all(value.endswith("/100") for value in metrics.values())
    labels = [e.label for e in at.expander]
    assert any("Records owned by deactivated users · 1,358" in label for label in labels)
    assert any("Email addresses that are not valid · 24" in label for label in labels)
    # the exports' date is the audit date: the day after the newest record
    assert "01 Oct 2026" in at.caption[0].value
    assert at.selectbox(key="data_audit.drill").value == "DATA.OWNER_INACTIVE"
    assert len(at.get("download_button")) == 3
    audit = kept.workspace_audit(engine=engine, data_dir=load_settings().data_dir, workspace_id=workspace_id)
    with store.session_scope(engine) as session:
        summary, started = summarise_data_audit(session, workspace_id, audit)
    shown = {m.label: m.value for m in at.metric}["Overall"]
    assert started and summary.startswith("Run as of 2026-10-01: overall data score " + shown.removesuffix("/100"))
    assert "30 findings" in summary  # the page's findings and the kept audit's are the same


def test_saving_the_cluster_review_stores_the_choices(sample):
    # AppTest cannot tick a data-editor cell; the editor's rows -> stored choices function is unit-tested
    # (tests/audit/test_data_standardise.py); here: the form saves, and an untouched review stores nothing
    engine, workspace_id = sample
    at = open_page(workspace_id)
    assert [t.label for t in at.tabs] == ["Findings", "Records", "Spelling clusters", "Cost and downloads"]
    at.button(key="FormSubmitter:data_audit.clusters-Save accepted clusters").click().run()
    assert not at.exception
    assert setting(engine, workspace_id, CLUSTERS_KEY) == {}


def test_settings_are_checked_and_saved(sample):
    engine, workspace_id = sample
    at = open_page(workspace_id)
    before = stale_count(at)
    at.number_input(key="data_audit.decay_low").set_value(80)
    at.number_input(key="data_audit.decay_high").set_value(40)
    at.button(key="FormSubmitter:data_audit.settings-Save and re-run").click().run()
    assert "decay range" in at.error[0].value
    assert setting(engine, workspace_id, SETTING_KEY) is None
    at.number_input(key="data_audit.decay_low").set_value(30)
    at.number_input(key="data_audit.decay_high").set_value(70)
    at.number_input(key="data_audit.stale").set_value(24)
    at.button(key="FormSubmitter:data_audit.settings-Save and re-run").click().run()
    assert not at.exception
    saved = setting(engine, workspace_id, SETTING_KEY)
    assert saved["stale_months"] == 24 and saved["as_of"] == "2026-10-01"
    assert stale_count(at) < before  # 24 months leave fewer stale records than 12


def stale_count(at: AppTest) -> int:
    label = next(e.label for e in at.expander if "no activity or update" in e.label)
    return int(label.rsplit("·", 1)[1].replace(",", ""))


def test_a_workspace_without_exports_points_to_data_sources(workbench_env):
    engine = store.open_store(load_settings().db_url)
    workspace = create_workspace(engine=engine, data=WorkspaceCreate(name="Empty"))
    at = open_page(workspace.id)
    assert not at.exception
    assert "Nothing to audit yet" in at.info[0].value
    assert not at.metric
