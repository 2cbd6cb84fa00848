"""Every table of the store, in one module so relationships never import in circles.

Primary keys are short random hex strings, not database sequences: a workspace and its rows
keep their ids when a backup moves them to another database, and a duplicated workspace gets
fresh ids without a round trip to the database.
Timestamps are timezone-aware UTC.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import Column, ForeignKey, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def new_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def workspace_fk() -> Column:
    """The owning workspace; rows go when their workspace is deleted."""
    return Column(
        String(32), ForeignKey("workspace.id", ondelete="CASCADE"), nullable=False, index=True
    )


class Workspace(SQLModel, table=True):
    """One engagement: one organisation's CRM audited for one period (a quarter)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=120, sa_column_kwargs={"unique": True})
    organisation: str = Field(default="", max_length=200)
    engagement_title: str = Field(default="CRM audit", max_length=200)
    period: str = Field(default="", max_length=20)
    facilitator: str = Field(default="", max_length=120)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class WorkspaceCreate(SQLModel):
    """What a user types to create or edit a workspace (checked by the store, not here, so a
    mistake becomes a sentence on screen rather than a validation traceback)."""

    name: str = ""
    organisation: str = ""
    engagement_title: str = "CRM audit"
    period: str = ""
    facilitator: str = ""


class DataSource(SQLModel, table=True):
    """One imported CRM export: the original file kept byte for byte, and its parsed table.

    Paths are relative to the workspace's folder, so a duplicated or restored workspace
    keeps working wherever its folder lands.
    """

    __table_args__ = (UniqueConstraint("workspace_id", "entity", name="uq_datasource_entity"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    entity: str = Field(max_length=20)
    file_name: str = Field(max_length=255)
    original_path: str = Field(max_length=255)
    table_path: str = Field(max_length=255)
    row_count: int = 0
    column_count: int = 0
    content_sha256: str = Field(max_length=64)
    mapping_json: str = Field(default="{}", sa_type=Text)
    read_report_json: str = Field(default="{}", sa_type=Text)
    parse_summary_json: str = Field(default="[]", sa_type=Text)
    imported_at: datetime = Field(default_factory=utc_now)


class SavedMapping(SQLModel, table=True):
    """A reviewed column mapping, reused when the same export layout is imported again."""

    __table_args__ = (
        UniqueConstraint("workspace_id", "entity", "header_signature", name="uq_savedmapping"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(sa_column=workspace_fk())
    entity: str = Field(max_length=20)
    header_signature: str = Field(max_length=64)
    mapping_json: str = Field(default="{}", sa_type=Text)
    updated_at: datetime = Field(default_factory=utc_now)
