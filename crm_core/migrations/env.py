"""Alembic environment.

The store hands over its open connection (``config.attributes["connection"]``); run from the
``alembic`` command line instead, it connects to the database the settings name.
"""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import crm_core.models  # noqa: F401  (registers every table on the metadata)
from crm_core.settings import load_settings


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_given = context.config.attributes.get("connection")
if _given is not None:
    run_migrations(_given)
else:
    with create_engine(load_settings().db_url).connect() as _connection:
        run_migrations(_connection)
