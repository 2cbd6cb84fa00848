"""A workspace in a fresh store (SQLite and PostgreSQL, through the shared ``engine`` fixture)."""

import pytest

from crm_core import workspaces
from crm_core.models import WorkspaceCreate


@pytest.fixture
def workspace_id(engine):
    return workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Globex 2026-Q4")).id
