"""AppTest: the Recommendations & report page on the sample company: the scorecard matches the
report's, recommendations are grouped by priority, a team's own recommendation and the cover
are saved."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from crm_core.store import recommendations as records
from crm_core import store
from crm_core.demo import load_sample_company
from crm_core.recommend import MAIN_LIST
from crm_core.report.sources import load_report
from crm_core.scorecard import format_score
from crm_core.settings import load_settings
from tests.conftest import page_file

PAGE = "recommendations.py"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample company in a store of this module's own, and the report the CLI would build."""
    folder = tmp_path_factory.mktemp("recs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CRM_WORKBENCH_DATA_DIR", str(folder))
        patch.setenv("CRM_WORKBENCH_DB_URL", f"sqlite:///{folder / 'workbench.sqlite3'}")
        settings = load_settings()
        engine = store.open_store(settings.db_url)
        workspace = load_sample_company(engine=engine, data_dir=settings.data_dir)
        report = load_report(engine=engine, data_dir=settings.data_dir, workspace_id=workspace.id, today=date.today())
        yield workspace.id, report, engine, folder
        engine.dispose()


def open_page(workspace_id: str | None) -> AppTest:
    at = AppTest.from_file(page_file(PAGE), default_timeout=120)
    if workspace_id:
        at.session_state["workspace_id"] = workspace_id
    return at.run()


def test_without_a_workspace_the_page_points_home(workbench_env):
    at = open_page(None)
    assert not at.exception
    assert "Choose a workspace" in at.info[0].value


@pytest.fixture
def page(sample, monkeypatch):
    """The page on the sample workspace, the app pointed at the module's store."""
    workspace_id, _, _, folder = sample
    monkeypatch.setenv("CRM_WORKBENCH_DATA_DIR", str(folder))
    monkeypatch.setenv("CRM_WORKBENCH_DB_URL", f"sqlite:///{folder / 'workbench.sqlite3'}")
    return open_page(workspace_id)


def test_scorecard_and_priorities_match_the_report(page, sample):
    report = sample[1]
    assert not page.exception
    assert page.title[0].value == "Recommendations & report"
    metrics = {m.label: m.value for m in page.metric}
    expected = {a.label: format_score(a.value) for a in (*report.scorecard.areas, report.scorecard.overall)}
    assert metrics == expected
    labels = [e.label.replace("\\", "") for e in page.expander]
    assert labels[0].startswith(f"1. {report.recommendations[0].title} · ")
    numbered = [label for label in labels if label.split(". ")[0].isdigit()]
    assert len(numbered) == min(len(report.recommendations), MAIN_LIST)
    if len(report.recommendations) > MAIN_LIST:
        assert f"The other {len(report.recommendations) - MAIN_LIST} recommendations (appendix)" in labels
    assert len(page.get("download_button")) == 5


def test_a_teams_own_recommendation_is_saved_and_ranked(page, sample):
    workspace_id, _, engine, _ = sample
    page.text_input(key="recs.manual.title").input("Retire the unused report modules")
    page.text_area(key="recs.manual.actions").input("List the modules\nRetire them")
    page.selectbox(key="recs.manual.priority").set_value("essential")
    page.slider(key="recs.manual.impact").set_value(5)
    page.slider(key="recs.manual.effort").set_value(1)
    page.button[[b.label for b in page.button].index("Add recommendation")].click().run()
    assert not page.exception
    with store.session_scope(engine) as session:
        saved = records.list_manual(session=session, workspace_id=workspace_id)
    assert [m.title for m in saved] == ["Retire the unused report modules"]
    labels = [e.label.replace("\\", "") for e in page.expander]
    # ranked with the high findings (essential), and no "quick win": that is kept for measured findings
    assert any(label.endswith("Retire the unused report modules · Essential") for label in labels)


def test_the_cover_is_saved(page, sample):
    workspace_id, _, engine, _ = sample
    page.text_input(key="recs.cover.client").input("Brightwave plc")
    page.text_input(key="recs.cover.author").input("Ada Consultant")
    page.button[[b.label for b in page.button].index("Save the cover")].click().run()
    assert not page.exception
    with store.session_scope(engine) as session:
        cover = records.get_cover(session=session, workspace_id=workspace_id)
    assert (cover.client, cover.author) == ("Brightwave plc", "Ada Consultant")
