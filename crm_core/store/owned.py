"""The one generic save and delete for rows a workspace owns, used by every query module: the
row is stamped and the workspace marked as changed."""

from __future__ import annotations

from sqlmodel import Session, SQLModel

from crm_core.models import utc_now
from crm_core.store.workspaces import touch_workspace


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
