"""Migrations: an existing database upgrades keeping its rows; models and migrations agree."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from crm_core import store


def test_upgrade_from_the_first_revision_keeps_every_row(db_url):
    engine = store.make_engine(db_url)
    store.migrate(engine, "0001")
    assert store.current_revision(engine) == "0001"
    with engine.begin() as connection:
        connection.execute(text(
            "insert into workspace (id, name, organisation, engagement_title, period, facilitator, "
            "created_at, updated_at) values "
            "('w1', 'Acme 2026-Q3', 'Acme Ltd', 'CRM audit', '2026-Q3', 'Ada', "
            "'2026-07-01 09:00:00+00:00', '2026-07-02 10:00:00+00:00'), "
            "('w2', 'Émile & Co', 'Émile', 'Audit', '', '', "
            "'2026-07-03 09:00:00+00:00', '2026-07-03 09:00:00+00:00')"
        ))
    engine.dispose()

    engine = store.open_store(db_url)  # what the app does on start
    assert store.current_revision(engine) == store.head_revision() != "0001"
    with store.session_scope(engine) as session:
        workspaces = {w.id: w for w in store.list_workspaces(session=session)}
    assert set(workspaces) == {"w1", "w2"}
    assert workspaces["w1"].name == "Acme 2026-Q3" and workspaces["w1"].facilitator == "Ada"
    assert workspaces["w2"].name == "Émile & Co"
    assert workspaces["w1"].updated_at.isoformat().startswith("2026-07-02T10:00:00")
    engine.dispose()


def test_models_and_migrations_describe_the_same_schema(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_every_workspace_table_can_be_walked():
    """Duplication and backup rely on each owned table having a workspace_id column."""
    names = {table.name for table in store.workspace_tables()}
    owned = {t.name for t in SQLModel.metadata.sorted_tables if "workspace_id" in t.columns}
    assert names == owned | {"workspace"}
    # Only workbench-wide settings (the facilitator's passphrase) stay out of every workspace,
    # and so out of every backup.
    unowned = {t.name for t in SQLModel.metadata.sorted_tables if t.name != "workspace" and "workspace_id" not in t.columns}
    assert unowned == {"appsetting"}
