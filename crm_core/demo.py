"""The sample company: a fictional B2B vendor's CRM exports, loaded like any user's files, and
the strategy work its people did (goals, stakeholders, gaps, a workshop), entered through the
same functions the screens use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from crm_core import importing, sample_strategy, workspaces
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
IMPORT_SHARE = 0.6  # of the progress bar; the audit and the strategy work take the rest


def load_sample_company(
    *,
    engine: Engine,
    data_dir: Path,
    name: str = SAMPLE_WORKSPACE_NAME,
    progress: Progress | None = None,
    today: date | None = None,
) -> Workspace:
    """Create a workspace, import every sample export through the ordinary import path, then
    enter the sample's strategy work (:mod:`crm_core.sample_strategy`), which runs and keeps the
    audit the screens then read.

    The entity of each file is guessed from its headers, as for any upload. If any step
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
                progress(IMPORT_SHARE * index / len(SAMPLE_FILES), f"Importing {file_name}")
            path = SAMPLE_DIR / file_name
            importing.import_file(
                engine=engine,
                data_dir=data_dir,
                workspace_id=workspace.id,
                content=path.read_bytes(),
                file_name=file_name,
            )
        rest = (lambda f, message: progress(IMPORT_SHARE + (1 - IMPORT_SHARE) * f, message)) if progress else None
        sample_strategy.load_sample_strategy(engine=engine, data_dir=data_dir, workspace_id=workspace.id,
                                             today=today or date.today(), progress=rest)
    except BaseException:
        workspaces.delete_workspace(engine=engine, data_dir=data_dir, workspace_id=workspace.id)
        raise
    if progress:
        progress(1.0, "Sample company loaded")
    return workspace
