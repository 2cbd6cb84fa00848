"""AppTest: the Workspace page, on a private data folder."""

from streamlit.testing.v1 import AppTest

from crm_core import store
from crm_core.settings import load_settings
from tests.conftest import page_file

HOME = page_file("home.py")


def run_home(at: AppTest | None = None) -> AppTest:
    at = at or AppTest.from_file(HOME, default_timeout=120)
    return at.run()


def stored_workspaces():
    engine = store.open_store(load_settings().db_url)
    with store.session_scope(engine) as session:
        return store.list_workspaces(session=session)


def test_empty_store_offers_the_sample_and_a_form(workbench_env):
    at = run_home()
    assert not at.exception
    assert at.title[0].value == "CRM Audit Workbench"
    assert at.button(key="home.load_sample").label == "Load the sample company"
    assert at.text_input(key="home.create.period").value  # the current quarter is proposed


def test_creating_a_workspace_selects_it(workbench_env):
    at = run_home()
    at.text_input(key="home.create.name").input("Initech 2026-Q4")
    at.text_input(key="home.create.organisation").input("Initech")
    at.button(key="FormSubmitter:home.create-Create workspace").click().run()
    assert not at.exception
    assert [w.name for w in stored_workspaces()] == ["Initech 2026-Q4"]
    assert at.title[0].value == "Initech"
    assert "Created workspace 'Initech 2026-Q4'." in [s.value for s in at.success]
    assert any(md.value.endswith("Data sources**") for md in at.markdown)


def test_an_empty_name_is_a_sentence_not_a_traceback(workbench_env):
    at = run_home()
    at.button(key="FormSubmitter:home.create-Create workspace").click().run()
    assert not at.exception
    assert "needs a name" in at.error[0].value
    assert stored_workspaces() == []


def test_delete_needs_the_name_typed(workbench_env):
    at = run_home()
    at.text_input(key="home.create.name").input("Doomed")
    at.button(key="FormSubmitter:home.create-Create workspace").click().run()
    assert at.button(key="home.delete").disabled
    at.text_input(key="home.delete.confirm").input("Doomed").run()
    at.button(key="home.delete").click().run()
    assert not at.exception
    assert stored_workspaces() == []
    assert "Deleted workspace 'Doomed'." in [s.value for s in at.success]


def test_load_sample_company(workbench_env):
    at = run_home()
    at.button(key="home.load_sample").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Brightwave Analytics Ltd"
    assert any("6 of 7 exports imported" in c.value and "not imported: transactions" in c.value for c in at.caption)
    assert [w.name for w in stored_workspaces()] == ["Brightwave Analytics (sample)"]
    # The sample's RACI leaves data accuracy without anyone accountable: that is the next step.
    guide = " ".join(m.value for m in at.markdown)
    assert "Next step: Stakeholders & ownership" in guide
    assert "Nobody is accountable for" in guide and "Keeps the data accurate" in guide


def test_a_new_workspace_is_guided_to_its_first_goal(workbench_env):
    at = run_home()
    at.text_input(key="home.create.name").input("Initech 2026-Q4")
    at.button(key="FormSubmitter:home.create-Create workspace").click().run()
    guide = " ".join(m.value for m in at.markdown)
    assert "Next step: Goals** (0 of 9 steps have what they need)" in guide
    assert "No goal yet for Marketing, Sales and Support" in guide
    missing = [c.value for c in at.caption if c.value.startswith(":orange[Missing:")]
    assert any("Import the contacts, accounts, deals, activities and users exports" in m for m in missing)
