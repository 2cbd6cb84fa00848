"""A workspace's whole life: its rows in the store and its folder of imported files together.

Each function here keeps the two in step, so a failure never leaves a workspace half made:
files are put in place before the rows that point at them are committed, and removed only
after the rows are gone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy.engine import Engine

from crm_core import data_folder, store, workshop
from crm_core.data_folder import workspace_dir
from crm_core.models import Workspace, WorkspaceCreate, utc_now
from crm_core.periods import next_period


def create_workspace(*, engine: Engine, data: WorkspaceCreate) -> Workspace:
    with store.session_scope(engine) as session:
        return store.create_workspace(session=session, data=data)


def rename_workspace(*, engine: Engine, workspace_id: str, data: WorkspaceCreate) -> Workspace:
    with store.session_scope(engine) as session:
        return store.update_workspace(session=session, workspace_id=workspace_id, data=data)


def suggest_duplicate(workspace: Workspace) -> WorkspaceCreate:
    """Defaults for "start the next quarter from this one": the following period."""
    period = next_period(workspace.period) or workspace.period
    name = workspace.name
    if workspace.period and period != workspace.period and workspace.period in name:
        name = name.replace(workspace.period, period)
    else:
        name = f"{name} (copy)"
    return WorkspaceCreate(
        name=name,
        organisation=workspace.organisation,
        engagement_title=workspace.engagement_title,
        period=period,
        facilitator=workspace.facilitator,
    )


def duplicate_workspace(
    *, engine: Engine, data_dir: Path, workspace_id: str, data: WorkspaceCreate
) -> Workspace:
    """Copy every row and file of a workspace under new ids, with the given name and period."""
    with store.session_scope(engine) as session:
        store.require_workspace(session=session, workspace_id=workspace_id)
        values = store.clean_workspace_fields(data)
        store.ensure_name_free(session, values["name"])
        rows = workshop.closed_copies(store.with_new_ids(store.dump_workspace_rows(session=session,
                                                                                 workspace_id=workspace_id)))
        now = utc_now().isoformat()
        rows["workspace"][0].update(values, created_at=now, updated_at=now)
        new_id = rows["workspace"][0]["id"]
    target = workspace_dir(data_dir, new_id)
    source = workspace_dir(data_dir, workspace_id)
    if source.exists():
        shutil.copytree(source, target, ignore=lambda _folder, names: [n for n in names if n.startswith(
            data_folder.STAGING_PREFIXES)], symlinks=True)
    try:
        with store.session_scope(engine) as session:
            store.load_workspace_rows(session=session, rows=rows)
            return store.require_workspace(session=session, workspace_id=new_id)
    except BaseException:
        data_folder.remove_tree(data_dir, target)
        raise


def delete_workspace(*, engine: Engine, data_dir: Path, workspace_id: str) -> str:
    """Delete the workspace's rows (the database cascades), then its folder; returns its name."""
    try:
        folder = workspace_dir(data_dir, workspace_id)
    except data_folder.UnsafePathError:  # a row no code of ours wrote: delete it, touch no file
        folder = None
    with store.session_scope(engine) as session:
        name = store.require_workspace(session=session, workspace_id=workspace_id).name
        store.delete_workspace_rows(session=session, workspace_id=workspace_id)
    if folder is not None:
        data_folder.remove_tree(data_dir, folder)
    return name
