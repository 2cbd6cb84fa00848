"""The one generic list, find, add, update and delete for rows a workspace owns, used by every
query module instead of a copy per entity: a row is only ever found within its own workspace,
its text is checked against its columns, and the workspace is marked as changed."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from crm_core.errors import NotFoundError
from crm_core.models import utc_now
from crm_core.store.rows import check_text_lengths
from crm_core.store.workspaces import require_workspace, touch_workspace

Row = TypeVar("Row", bound=SQLModel)


def list_owned(*, session: Session, model: type[Row], workspace_id: str, order_by: tuple = ()) -> list[Row]:
    statement = select(model).where(model.workspace_id == workspace_id).order_by(*order_by, model.id)
    return list(session.execute(statement).scalars())


def get_owned(*, session: Session, model: type[Row], workspace_id: str, row_id: str) -> Row | None:
    row = session.get(model, row_id)
    return row if row is not None and row.workspace_id == workspace_id else None


def require_owned(*, session: Session, model: type[Row], workspace_id: str, row_id: str, what: str) -> Row:
    row = get_owned(session=session, model=model, workspace_id=workspace_id, row_id=row_id)
    if row is None:
        raise NotFoundError(f"That {what} no longer exists (it may have been deleted in another window): "
                            "reload the page.")
    return row


def add_owned(*, session: Session, model: type[Row], workspace_id: str, values: dict[str, Any]) -> Row:
    """A new row of ``model`` in the workspace, from cleaned ``values``."""
    require_workspace(session=session, workspace_id=workspace_id)
    check_text_lengths(model, values)
    row = model(workspace_id=workspace_id, **values)
    save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


def update_owned(*, session: Session, row: Row, workspace_id: str, values: dict[str, Any]) -> Row:
    """``row`` with cleaned ``values`` set and saved."""
    check_text_lengths(type(row), values)
    for key, value in values.items():
        setattr(row, key, value)
    save_workspace_row(session=session, row=row, workspace_id=workspace_id)
    return row


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
