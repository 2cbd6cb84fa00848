"""Where the workbench keeps its data and how it is served, read once from the environment.

``CRM_WORKBENCH_DATA_DIR`` (imported files, the default SQLite database),
``CRM_WORKBENCH_DB_URL`` (any SQLAlchemy URL; PostgreSQL for a team), ``CRM_WORKBENCH_MODE``
(``solo``, the default: only this computer; ``room``: the local network, behind the
facilitator's sign-in) and ``CRM_WORKBENCH_PUBLIC_URL`` (the address phones use to join, when
a tunnel or a reverse proxy stands in front of the machine).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "CRM_WORKBENCH_DATA_DIR"
DB_URL_ENV = "CRM_WORKBENCH_DB_URL"
MODE_ENV = "CRM_WORKBENCH_MODE"
PUBLIC_URL_ENV = "CRM_WORKBENCH_PUBLIC_URL"
SOLO, ROOM = "solo", "room"
DEFAULT_DATA_DIR = "workbench_data"
SQLITE_FILE_NAME = "workbench.sqlite3"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str
    mode: str = SOLO
    public_url: str = ""

    @property
    def workspaces_dir(self) -> Path:
        """Imported files live under one folder per workspace, named by its id."""
        return self.data_dir / "workspaces"

    @property
    def room_mode(self) -> bool:
        return self.mode == ROOM

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read the settings from ``environ`` (default: the process environment)."""
    env = os.environ if environ is None else environ
    data_dir = Path(env.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR).expanduser().resolve()
    db_url = env.get(DB_URL_ENV) or f"sqlite:///{data_dir / SQLITE_FILE_NAME}"
    mode = ROOM if (env.get(MODE_ENV) or "").strip().lower() == ROOM else SOLO
    return Settings(data_dir=data_dir, db_url=db_url, mode=mode, public_url=(env.get(PUBLIC_URL_ENV) or "").strip())
