"""The store's engine: SQLite (WAL, foreign keys, a patient busy timeout) or PostgreSQL, the
Alembic migrations applied on start, short sessions, and writes retried when the database is
busy (live workshops)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, create_engine

from crm_core.errors import ConflictError, CrmCoreError

MIGRATIONS_DIR = Path(__file__).parent.parent / "migrations"


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
