"""Rows a workspace owns, walked without knowing each table (every owned table carries a
``workspace_id``): dump and load for duplication and backup, fresh ids for a copy, and the one
generic save and delete every query module uses for workspace-owned rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from crm_core.errors import ConflictError, CrmCoreError
from crm_core.models import (
    Workspace,
    new_id,
)

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
