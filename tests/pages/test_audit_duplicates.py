"""AppTest: Audit: duplicates, on the sample company in a private data folder."""

import pytest
from streamlit.testing.v1 import AppTest

from crm_core import store, workspaces
from crm_core.demo import load_sample_company
from crm_core.store import duplicate_decisions as decisions
from crm_core.models import WorkspaceCreate
from crm_core.settings import load_settings
from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "audit_duplicates.py")


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


def stored(engine, workspace_id):
    with store.session_scope(engine) as session:
        return decisions.list_decisions(session=session, workspace_id=workspace_id, entity="contacts")


def test_a_workspace_without_contacts_or_accounts_points_to_the_import(workbench_env):
    engine = store.open_store(load_settings().db_url)
    workspace = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Empty"))
    at = open_page(workspace.id)
    assert not at.exception
    assert "Import a contacts or accounts export first." in [i.value for i in at.info]


def test_review_accept_and_threshold_on_the_sample(sample):
    engine, workspace_id = sample
    at = open_page(workspace_id)
    assert not at.exception, at.exception
    assert at.title[0].value == "Audit: duplicates"
    clusters = int(at.metric[0].value)
    assert clusters >= 118  # the 120 planted clusters, give or take the review ones
    at.slider(key="dupes.threshold").set_value(0.99).run()
    assert int(at.metric[0].value) < clusters  # the live count follows the threshold

    at.button(key="dupes.accept").click().run()
    assert not at.exception
    assert any("marked accepted" in s.value for s in at.success)
    rows = stored(engine, workspace_id)
    assert [r.decision for r in rows] == ["accepted"]
    assert "1 accepted" in " ".join(m.value for m in at.markdown)


def test_split_takes_records_out(sample):
    engine, workspace_id = sample
    at = open_page(workspace_id)
    splitter = next(m for m in at.multiselect if m.key.startswith("dupes.split."))
    taken = splitter.options[-1]
    splitter.select(taken).run()
    at.button(key="dupes.split").click().run()
    assert not at.exception
    row = stored(engine, workspace_id)[0]
    assert row.decision == "split" and [taken] in __import__("json").loads(row.groups_json)


def test_accounts_can_be_reviewed_too(sample):
    _, workspace_id = sample
    at = open_page(workspace_id)
    at.segmented_control(key="dupes.entity").set_value("accounts").run()
    assert not at.exception
    assert int(at.metric[0].value) == 14
