"""AppTest of app.py, the frame: which pages a visitor gets in solo and in room mode."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_core import store, workspaces
from crm_core.models import WorkspaceCreate
from crm_core.settings import load_settings
from tests.conftest import ROOT, page_file
from ui import access

CLIENT = "Secret Client 2026-Q4"


@pytest.fixture
def client_workspace(workbench_env):
    engine = store.open_store(load_settings().db_url)
    space = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name=CLIENT, organisation=CLIENT))
    engine.dispose()
    return space.id


def run_frame(**state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def page_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "info", "error", "subheader") for e in getattr(at, kind)]
    parts += [str(o) for box in at.selectbox for o in box.options]
    return " ".join(str(p) for p in parts)


def test_solo_mode_on_this_machine_opens_the_workbench(client_workspace, monkeypatch):
    monkeypatch.delenv("CRM_WORKBENCH_MODE", raising=False)
    at = run_frame()
    assert not at.exception
    assert at.sidebar.title[0].value == "CRM Audit Workbench" and CLIENT in page_text(at)


def test_a_workspace_in_the_url_is_the_sidebars_choice_from_the_first_run(client_workspace, monkeypatch):
    monkeypatch.delenv("CRM_WORKBENCH_MODE", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["workspace"] = client_workspace
    at.run()
    assert not at.exception
    picker = at.sidebar.selectbox[0]
    assert picker.value == client_workspace and CLIENT in str(picker.format_func(picker.value))


def test_room_mode_without_sign_in_is_the_join_screen_only(client_workspace, monkeypatch):
    monkeypatch.setenv("CRM_WORKBENCH_MODE", "room")
    monkeypatch.setenv("CRM_WORKBENCH_FACILITATOR_PASSPHRASE", "correct horse battery")
    at = run_frame(workspace_id=client_workspace)
    assert not at.exception
    assert at.title[0].value == "Join the workshop"
    assert CLIENT not in page_text(at) and not at.sidebar.title and not at.get("download_button")


def test_room_mode_signed_in_opens_the_workbench_with_sign_out(client_workspace, monkeypatch):
    """(Signing out is driven in the browser test: AppTest re-applies the state it was given.)"""
    monkeypatch.setenv("CRM_WORKBENCH_MODE", "room")
    monkeypatch.setenv("CRM_WORKBENCH_FACILITATOR_PASSPHRASE", "correct horse battery")
    at = run_frame(**{access.SIGNED_IN: True})
    assert not at.exception and CLIENT in page_text(at)
    assert at.sidebar.button(key="access.sign_out").label == "Sign out"


def join_page() -> AppTest:
    return AppTest.from_file(page_file("join.py"), default_timeout=60).run()


def test_room_mode_sign_in_with_the_right_passphrase_only(client_workspace, monkeypatch):
    monkeypatch.setenv("CRM_WORKBENCH_MODE", "room")
    monkeypatch.setenv("CRM_WORKBENCH_FACILITATOR_PASSPHRASE", "correct horse battery")
    at = join_page()
    at.text_input(key="access.passphrase").input("not it")
    at.button(key="FormSubmitter:access.sign_in-Sign in").click().run()
    assert at.error[0].value == "That passphrase is not right."
    assert access.SIGNED_IN not in at.session_state
    at.text_input(key="access.passphrase").input("correct horse battery")
    at.button(key="FormSubmitter:access.sign_in-Sign in").click().run()
    assert at.session_state[access.SIGNED_IN] is True
    access.throttle.clear()


def test_room_mode_first_start_asks_this_machine_to_choose_a_passphrase(client_workspace, monkeypatch):
    monkeypatch.setenv("CRM_WORKBENCH_MODE", "room")
    monkeypatch.delenv("CRM_WORKBENCH_FACILITATOR_PASSPHRASE", raising=False)
    at = join_page()
    at.text_input(key="access.new").input("a long passphrase")
    at.text_input(key="access.again").input("a long passphrase")
    at.button(key="FormSubmitter:access.choose-Save and sign in").click().run()
    assert not at.exception and at.session_state[access.SIGNED_IN] is True
    again = join_page()  # another tab: the passphrase is set, so it is a sign-in now
    assert again.text_input(key="access.passphrase") is not None
    assert len(again.get("text_input")) == 4  # join code, name, passcode, passphrase: no second "choose"


def test_a_database_from_a_newer_workbench_is_one_sentence_on_screen(workbench_env):
    from sqlalchemy import text

    engine = store.open_store(load_settings().db_url)
    with engine.begin() as connection:
        connection.execute(text("update alembic_version set version_num = '0999'"))
    engine.dispose()
    from ui import cached

    cached._engine_for.clear()
    at = run_frame()
    assert not at.exception
    assert at.error[0].value.startswith("This database was written by a newer version of the workbench (revision 0999)")
    cached._engine_for.clear()


def test_every_page_checks_the_visitor_before_anything_else():
    """Each page's first statement after its imports (and plain constants) asks who is at the
    tab: a page reached some other way than the frame's navigation shows a stranger nothing."""
    import ast

    for path in sorted((ROOT / "pages").glob("*.py")):
        body = [node for node in ast.parse(path.read_text()).body
                if not isinstance(node, (ast.Import, ast.ImportFrom))
                and not (isinstance(node, (ast.Expr, ast.Assign)) and isinstance(node.value, ast.Constant))]
        first = ast.unparse(body[0])
        expected = "state.init_participant_state()" if path.name == "join.py" else "state.init_state()"
        assert first == expected, f"{path.name} starts with {first!r}"
