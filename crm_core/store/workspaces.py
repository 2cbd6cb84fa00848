"""Workspaces: list, find, create, rename, touch and delete (the database cascades)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from crm_core.errors import ConflictError, CrmCoreError, NotFoundError
from crm_core.models import (
    Workspace,
    WorkspaceCreate,
    utc_now,
)
from crm_core.store.rows import check_text_lengths

WORKSPACE_NAME_MAX = 120  # the width of workspace.name


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


def touch_workspace(*, session: Session, workspace_id: str) -> None:
    """Mark the workspace as changed now (shown on the home page)."""
    workspace = require_workspace(session=session, workspace_id=workspace_id)
    workspace.updated_at = utc_now()
    session.add(workspace)
