"""The sample company: a fictional B2B vendor's CRM exports, loaded like any user's files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import Engine

from crm_core import importing, workspaces
from crm_core.models import Workspace, WorkspaceCreate

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
SAMPLE_WORKSPACE_NAME = "Brightwave Analytics (sample)"
SAMPLE_FILES = (
    "accounts.csv",
    "contacts.csv",
    "opportunities.csv",
    "activities.csv",
    "users.csv",
    "cases.csv",
)

Progress = Callable[[float, str], None]


def load_sample_company(
    *,
    engine: Engine,
    data_dir: Path,
    name: str = SAMPLE_WORKSPACE_NAME,
    progress: Progress | None = None,
) -> Workspace:
    """Create a workspace and import every sample export through the ordinary import path.

    The entity of each file is guessed from its headers, as for any upload. If an import
    fails, the half-made workspace is deleted again.
    """
    workspace = workspaces.create_workspace(
        engine=engine,
        data=WorkspaceCreate(
            name=name,
            organisation="Brightwave Analytics Ltd",
            engagement_title="CRM audit and strategy",
            period="2026-Q4",
            facilitator="Sample facilitator",
        ),
    )
    try:
        for index, file_name in enumerate(SAMPLE_FILES):
            if progress:
                progress(index / len(SAMPLE_FILES), f"Importing {file_name}")
            path = SAMPLE_DIR / file_name
            importing.import_file(
                engine=engine,
                data_dir=data_dir,
                workspace_id=workspace.id,
                content=path.read_bytes(),
                file_name=file_name,
            )
    except BaseException:
        workspaces.delete_workspace(engine=engine, data_dir=data_dir, workspace_id=workspace.id)
        raise
    if progress:
        progress(1.0, "Sample company loaded")
    return workspace
