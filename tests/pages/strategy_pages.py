"""Helpers for the strategy pages' AppTests: a workspace in the test's store, a page opened on it."""

from streamlit.testing.v1 import AppTest

from crm_core import store, workspaces
from crm_core.models import WorkspaceCreate
from crm_core.settings import load_settings
from tests.conftest import ROOT


def store_engine():
    return store.open_store(load_settings().db_url)


def new_workspace(name: str = "Globex 2026-Q4") -> str:
    engine = store_engine()
    try:
        return workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name=name)).id
    finally:
        engine.dispose()


def open_page(page: str, workspace_id: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=60)
    at.session_state["workspace_id"] = workspace_id
    return at.run()


def read(query):
    engine = store_engine()
    try:
        with store.session_scope(engine) as session:
            return query(session)
    finally:
        engine.dispose()
