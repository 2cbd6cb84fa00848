"""Where the workbench keeps its data, read once from the environment.

Two variables matter: ``CRM_WORKBENCH_DATA_DIR`` (imported files, the default SQLite
database) and ``CRM_WORKBENCH_DB_URL`` (any SQLAlchemy URL; PostgreSQL for a team).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "CRM_WORKBENCH_DATA_DIR"
DB_URL_ENV = "CRM_WORKBENCH_DB_URL"
DEFAULT_DATA_DIR = "workbench_data"
SQLITE_FILE_NAME = "workbench.sqlite3"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str

    @property
    def workspaces_dir(self) -> Path:
        """Imported files live under one folder per workspace, named by its id."""
        return self.data_dir / "workspaces"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read the settings from ``environ`` (default: the process environment)."""
    env = os.environ if environ is None else environ
    data_dir = Path(env.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR).expanduser().resolve()
    db_url = env.get(DB_URL_ENV) or f"sqlite:///{data_dir / SQLITE_FILE_NAME}"
    return Settings(data_dir=data_dir, db_url=db_url)
