"""The SQLModel store: engine, migrations, short sessions and typed, keyword-only queries.

The engine is made once by the caller (the UI caches it) and passed in. Sessions are short and
never kept in UI state. Every table a workspace owns carries a ``workspace_id`` column, which
lets duplication and backup walk all of a workspace's rows without knowing each table.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Table, event, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, SQLModel, create_engine

from crm_core.errors import ConflictError, CrmCoreError, NotFoundError
from crm_core.models import (
    DataSource,
    SavedMapping,
    Workspace,
    WorkspaceCreate,
    WorkspaceSetting,
    new_id,
    utc_now,
)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
WORKSPACE_NAME_MAX = 120  # the width of workspace.name


# --- engine and schema -------------------------------------------------------------------


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a patient busy timeout."""
    if url.startswith("sqlite"):
        database = url.split("///", 1)[-1]
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``; an existing database upgrades keeping its rows."""
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def is_known_revision(revision: str) -> bool:
    """Whether this code knows ``revision`` (a newer workbench's revision it does not)."""
    try:
        return ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def open_store(url: str) -> Engine:
    """An engine on an up-to-date database: what the app and the CLI start with."""
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    except Exception:  # noqa: BLE001 - unreachable or unreadable: the upgrade below says so
        revision = None
    if revision and not is_known_revision(revision):
        engine.dispose()
        raise CrmCoreError(
            f"This database was written by a newer version of the workbench (revision {revision}): "
            "upgrade the app or point CRM_WORKBENCH_DB_URL at another database.")
    try:
        migrate(engine)
    except Exception as error:  # connection refused, bad URL, read-only file...
        engine.dispose()
        raise CrmCoreError(
            f"The database at {engine.url.render_as_string(hide_password=True)} could not be "
            f"opened or upgraded ({type(error).__name__}): check CRM_WORKBENCH_DB_URL and that "
            "the database is reachable and writable."
        ) from error
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A short unit of work: committed when the block ends, rolled back if it raises."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# --- workspaces ----------------------------------------------------------------------------


def list_workspaces(*, session: Session) -> list[Workspace]:
    return list(session.execute(select(Workspace).order_by(Workspace.name)).scalars())


def get_workspace(*, session: Session, workspace_id: str) -> Workspace | None:
    return session.get(Workspace, workspace_id)


def get_workspace_by_name(*, session: Session, name: str) -> Workspace | None:
    return session.execute(select(Workspace).where(Workspace.name == name.strip())).scalars().first()


def require_workspace(*, session: Session, workspace_id: str) -> Workspace:
    workspace = get_workspace(session=session, workspace_id=workspace_id)
    if workspace is None:
        raise NotFoundError(
            "That workspace no longer exists (it may have been deleted in another window): "
            "pick another one in the sidebar."
        )
    return workspace


def clean_workspace_fields(data: WorkspaceCreate) -> dict[str, str]:
    """Trimmed field values, or a ``CrmCoreError`` a user can act on."""
    values = {key: str(value).strip() for key, value in data.model_dump().items()}
    if not values["name"]:
        raise CrmCoreError("A workspace needs a name: type one, e.g. the client and the quarter.")
    check_text_lengths(Workspace, values)
    return values


def ensure_name_free(session: Session, name: str, *, except_id: str | None = None) -> None:
    existing = get_workspace_by_name(session=session, name=name)
    if existing is not None and existing.id != except_id:
        raise ConflictError(f"A workspace named '{name}' already exists: choose another name.")


def create_workspace(*, session: Session, data: WorkspaceCreate) -> Workspace:
    values = clean_workspace_fields(data)
    ensure_name_free(session, values["name"])
    workspace = Workspace(**values)
    session.add(workspace)
    session.flush()
    return workspace


def update_workspace(*, session: Session, workspace_id: str, data: WorkspaceCreate) -> Workspace:
    workspace = require_workspace(session=session, workspace_id=workspace_id)
    values = clean_workspace_fields(data)
    ensure_name_free(session, values["name"], except_id=workspace_id)
    for key, value in values.items():
        setattr(workspace, key, value)
    workspace.updated_at = utc_now()
    session.add(workspace)
    session.flush()
    return workspace


def touch_workspace(*, session: Session, workspace_id: str) -> None:
    """Mark the workspace as changed now (shown on the home page)."""
    workspace = require_workspace(session=session, workspace_id=workspace_id)
    workspace.updated_at = utc_now()
    session.add(workspace)


def unique_workspace_name(*, session: Session, wanted: str) -> str:
    """``wanted`` if free, else ``wanted (2)``, ``wanted (3)``..."""
    name, counter = wanted.strip(), 2
    while get_workspace_by_name(session=session, name=name) is not None:
        suffix = f" ({counter})"
        name = wanted.strip()[: WORKSPACE_NAME_MAX - len(suffix)] + suffix
        counter += 1
    return name


def delete_workspace_rows(*, session: Session, workspace_id: str) -> None:
    """Delete the workspace; the database cascades to every row it owns."""
    workspace = require_workspace(session=session, workspace_id=workspace_id)
    session.delete(workspace)
    session.flush()


# --- rows a workspace owns, for duplication and backup ------------------------------------

RowsByTable = dict[str, list[dict[str, Any]]]


def workspace_tables() -> list[Table]:
    """Every table holding a workspace's rows, parents before children."""
    return [
        table
        for table in SQLModel.metadata.sorted_tables
        if table.name == Workspace.__tablename__ or "workspace_id" in table.columns
    ]


def dump_workspace_rows(*, session: Session, workspace_id: str) -> RowsByTable:
    """All rows of one workspace as JSON-safe dicts, tables and rows in a stable order."""
    dumped: RowsByTable = {}
    for table in workspace_tables():
        owner = table.c.id if table.name == Workspace.__tablename__ else table.c.workspace_id
        statement = select(table).where(owner == workspace_id).order_by(table.c.id)
        dumped[table.name] = [
            {key: _to_json(value) for key, value in row._mapping.items()}
            for row in session.execute(statement)
        ]
    return dumped


def load_workspace_rows(*, session: Session, rows: RowsByTable) -> None:
    """Insert rows written by :func:`dump_workspace_rows` (ids as given)."""
    for table in workspace_tables():
        table_rows = rows.get(table.name, [])
        unknown = {key for row in table_rows for key in row} - set(table.columns.keys())
        if unknown:
            raise CrmCoreError(
                f"The backup has columns this version does not know ({', '.join(sorted(unknown))} "
                f"in {table.name}): upgrade the workbench before importing it."
            )
        for row in _parents_first(table, table_rows):
            values = {key: _from_json(table, key, value) for key, value in row.items()}
            session.execute(insert(table).values(**values))
    session.flush()


def with_new_ids(rows: RowsByTable, *, name: str | None = None) -> RowsByTable:
    """A copy of a workspace's rows under fresh ids, every reference between them rewired."""
    new_ids = {
        (table_name, row["id"]): new_id() for table_name, table_rows in rows.items() for row in table_rows
    }
    copied: RowsByTable = {}
    for table in workspace_tables():
        references = {
            fk.parent.name: fk.column.table.name for fk in table.foreign_keys
        }
        copied[table.name] = []
        for row in rows.get(table.name, []):
            new_row = dict(row, id=new_ids[(table.name, row["id"])])
            for column, target in references.items():
                if new_row.get(column) is not None:
                    new_row[column] = new_ids.get((target, new_row[column]), new_row[column])
            copied[table.name].append(new_row)
    if name is not None:
        copied[Workspace.__tablename__][0]["name"] = name
    return copied


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order rows so a row referring to another row of its own table comes after it."""
    self_columns = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if not self_columns:
        return rows
    placed: set[Any] = set()
    ordered: list[dict[str, Any]] = []
    pending = list(rows)
    while pending:
        ready = [
            row for row in pending
            if all(row.get(column) is None or row[column] in placed for column in self_columns)
        ]
        if not ready:  # a cycle or a dangling reference: keep the rest in their order
            ready = pending
        ordered.extend(ready)
        placed.update(row["id"] for row in ready)
        pending = [row for row in pending if row["id"] not in placed]
    return ordered


def _to_json(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _from_json(table: Table, column: str, value: Any) -> Any:
    if value is None:
        return None
    column_type = table.columns[column].type
    python_type = getattr(column_type, "impl", column_type).python_type
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    return value


def insert_rows_or_conflict(*, session: Session, rows: RowsByTable) -> None:
    """Load rows, turning a clash with stored ids or names into a :class:`ConflictError`."""
    try:
        with session.begin_nested():
            load_workspace_rows(session=session, rows=rows)
    except IntegrityError as error:
        raise ConflictError(
            "That workspace is already in this database: import it as a copy instead."
        ) from error


# --- rows a workspace owns: shared by every records module ---------------------------------


def check_text_lengths(model: type[SQLModel], values: dict[str, Any]) -> None:
    """Refuse text longer than its column, naming the field, instead of a database error."""
    columns = model.__table__.c
    for key, value in values.items():
        length = getattr(columns[key].type, "length", None) if key in columns else None
        if isinstance(value, str) and length and len(value) > length:
            raise CrmCoreError(
                f"The {key.replace('_', ' ')} is {len(value)} characters long: "
                f"keep it to {length} at most."
            )


def save_workspace_row(*, session: Session, row: SQLModel, workspace_id: str) -> None:
    """Add or update a row the workspace owns, stamping it and the workspace as changed now."""
    if hasattr(row, "updated_at"):
        row.updated_at = utc_now()
    session.add(row)
    touch_workspace(session=session, workspace_id=workspace_id)
    session.flush()


def delete_workspace_row(*, session: Session, row: SQLModel, workspace_id: str) -> None:
    session.delete(row)
    touch_workspace(session=session, workspace_id=workspace_id)
    session.flush()


# --- per-workspace settings ------------------------------------------------------------------


def get_setting(*, session: Session, workspace_id: str, key: str) -> dict[str, Any] | None:
    """The stored JSON for ``key``, or None when the workspace keeps the defaults."""
    statement = select(WorkspaceSetting).where(
        WorkspaceSetting.workspace_id == workspace_id, WorkspaceSetting.key == key
    )
    row = session.execute(statement).scalars().first()
    return json.loads(row.value_json) if row else None


def put_setting(*, session: Session, workspace_id: str, key: str, value: dict[str, Any]) -> None:
    statement = select(WorkspaceSetting).where(
        WorkspaceSetting.workspace_id == workspace_id, WorkspaceSetting.key == key
    )
    row = session.execute(statement).scalars().first() or WorkspaceSetting(
        workspace_id=workspace_id, key=key
    )
    row.value_json = json.dumps(value, sort_keys=True)
    row.updated_at = utc_now()
    session.add(row)
    session.flush()


# --- imported data sources -----------------------------------------------------------------


def list_data_sources(*, session: Session, workspace_id: str) -> list[DataSource]:
    statement = (
        select(DataSource)
        .where(DataSource.workspace_id == workspace_id)
        .order_by(DataSource.entity)
    )
    return list(session.execute(statement).scalars())


def get_data_source(*, session: Session, workspace_id: str, entity: str) -> DataSource | None:
    statement = select(DataSource).where(
        DataSource.workspace_id == workspace_id, DataSource.entity == entity
    )
    return session.execute(statement).scalars().first()


def count_data_sources(*, session: Session, workspace_id: str) -> int:
    statement = select(func.count()).select_from(DataSource).where(
        DataSource.workspace_id == workspace_id
    )
    return int(session.execute(statement).scalar_one())


def get_saved_mapping(
    *, session: Session, workspace_id: str, entity: str, header_signature: str
) -> SavedMapping | None:
    statement = select(SavedMapping).where(
        SavedMapping.workspace_id == workspace_id,
        SavedMapping.entity == entity,
        SavedMapping.header_signature == header_signature,
    )
    return session.execute(statement).scalars().first()


def save_mapping(
    *, session: Session, workspace_id: str, entity: str, header_signature: str, mapping_json: str
) -> SavedMapping:
    saved = get_saved_mapping(
        session=session, workspace_id=workspace_id, entity=entity, header_signature=header_signature
    )
    if saved is None:
        saved = SavedMapping(
            workspace_id=workspace_id, entity=entity, header_signature=header_signature
        )
    saved.mapping_json = mapping_json
    saved.updated_at = utc_now()
    session.add(saved)
    session.flush()
    return saved


# --- writes that retry when the database is busy (live workshops) ---------------------------
# SQLite lets one writer in at a time; a transaction that read before writing can be refused
# at once ("database is locked") when another writer got in first, and PostgreSQL may abort
# one of two colliding transactions (deadlock, serialization). Such a write is simply retried
# in a fresh unit of work.

_RETRY_MARKERS = ("database is locked", "database table is locked", "deadlock detected",
                  "could not serialize access")


def run_write(engine: Engine, work: Callable[[Session], Any], *, attempts: int = 8, pause: float = 0.05) -> Any:
    """``work(session)`` in its own :func:`session_scope`, retried up to ``attempts`` times
    when the database reports a transient lock; the final failure is raised as it came. A
    clash with a row written at the same moment (the same submit arriving twice) is a
    :class:`ConflictError` sentence, never a raw database error."""
    for attempt in range(1, attempts + 1):
        try:
            with session_scope(engine) as session:
                return work(session)
        except IntegrityError as error:
            raise ConflictError("That was already saved, perhaps by a second click: reload to see it.") from error
        except OperationalError as error:
            transient = any(marker in str(error).lower() for marker in _RETRY_MARKERS)
            if not transient or attempt == attempts:
                raise
            time.sleep(pause * attempt * (1 + random.random()))
