"""Per-workspace settings: one JSON document per key."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from crm_core.models import (
    WorkspaceSetting,
    utc_now,
)


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
