"""Workspace queries on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import text

from crm_core import store
from crm_core.errors import ConflictError, CrmCoreError, NotFoundError
from crm_core.models import DataSource, WorkspaceCreate


def make(engine, name="Acme 2026-Q4", **fields):
    with store.session_scope(engine) as session:
        return store.create_workspace(session=session, data=WorkspaceCreate(name=name, **fields))


def test_create_and_read_back(engine):
    created = make(engine, organisation="  Acme Ltd ", period="2026-Q4", facilitator="Ada")
    with store.session_scope(engine) as session:
        loaded = store.get_workspace(session=session, workspace_id=created.id)
        by_name = store.get_workspace_by_name(session=session, name=" Acme 2026-Q4 ")
    assert loaded is not None and by_name is not None and by_name.id == created.id
    assert loaded.organisation == "Acme Ltd"  # trimmed
    assert (loaded.period, loaded.facilitator) == ("2026-Q4", "Ada")
    assert loaded.created_at.tzinfo is not None  # aware UTC on both databases


def test_list_is_sorted_by_name(engine):
    for name in ["Zeta", "alpha", "Beta"]:
        make(engine, name)
    with store.session_scope(engine) as session:
        names = [w.name for w in store.list_workspaces(session=session)]
    assert sorted(names, key=str) == names or names == sorted(names)
    assert set(names) == {"Zeta", "alpha", "Beta"}


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_bad_names_are_refused_with_a_sentence(engine, name):
    with pytest.raises(CrmCoreError, match="name"):  # says which field and what to do
        make(engine, name)
    with store.session_scope(engine) as session:
        assert store.list_workspaces(session=session) == []


def test_duplicate_name_is_a_conflict(engine):
    make(engine, "Acme")
    with pytest.raises(ConflictError, match="already exists"):
        make(engine, "Acme")


def test_update_keeps_id_and_moves_updated_at(engine):
    created = make(engine, "Acme")
    with store.session_scope(engine) as session:
        updated = store.update_workspace(
            session=session, workspace_id=created.id, data=WorkspaceCreate(name="Acme renamed", period="2027-Q1")
        )
    assert updated.id == created.id and updated.name == "Acme renamed"
    assert updated.updated_at >= created.updated_at


def test_rename_onto_another_name_is_a_conflict(engine):
    make(engine, "One")
    two = make(engine, "Two")
    with pytest.raises(ConflictError):
        with store.session_scope(engine) as session:
            store.update_workspace(session=session, workspace_id=two.id, data=WorkspaceCreate(name="One"))


def test_missing_workspace_says_what_to_do(engine):
    with pytest.raises(NotFoundError, match="sidebar"):
        with store.session_scope(engine) as session:
            store.require_workspace(session=session, workspace_id="nope")


def test_unique_name_counts_up(engine):
    make(engine, "Sample")
    make(engine, "Sample (2)")
    with store.session_scope(engine) as session:
        assert store.unique_workspace_name(session=session, wanted="Sample") == "Sample (3)"
        assert store.unique_workspace_name(session=session, wanted="Other") == "Other"


def test_deleting_a_workspace_cascades_to_its_rows(engine):
    doomed, kept = make(engine, "Doomed"), make(engine, "Kept")
    with store.session_scope(engine) as session:
        for workspace in (doomed, kept):
            session.add(DataSource(workspace_id=workspace.id, entity="contacts", file_name="c.csv",
                                   original_path="a", table_path="b", content_sha256="0" * 64))
    with store.session_scope(engine) as session:
        store.delete_workspace_rows(session=session, workspace_id=doomed.id)
    with store.session_scope(engine) as session:
        assert store.list_data_sources(session=session, workspace_id=doomed.id) == []
        assert len(store.list_data_sources(session=session, workspace_id=kept.id)) == 1


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = store.open_store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_an_unreachable_database_is_one_sentence():
    with pytest.raises(CrmCoreError, match="CRM_WORKBENCH_DB_URL"):
        store.open_store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_copy_with_new_ids_rewires_references(engine):
    workspace = make(engine, "Original")
    with store.session_scope(engine) as session:
        session.add(DataSource(workspace_id=workspace.id, entity="contacts", file_name="c.csv",
                               original_path="a", table_path="b", content_sha256="0" * 64))
    with store.session_scope(engine) as session:
        rows = store.dump_workspace_rows(session=session, workspace_id=workspace.id)
        copy = store.with_new_ids(rows, name="Copy")
        store.load_workspace_rows(session=session, rows=copy)
    new_id = copy["workspace"][0]["id"]
    assert new_id != workspace.id
    assert copy["datasource"][0]["workspace_id"] == new_id
    assert copy["datasource"][0]["id"] != rows["datasource"][0]["id"]
    with store.session_scope(engine) as session:
        assert len(store.list_data_sources(session=session, workspace_id=new_id)) == 1
