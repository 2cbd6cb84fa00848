"""Imported CRM exports and the column mappings saved for them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _workspace_id() -> sa.Column:
    return sa.Column(
        "workspace_id",
        sa.String(length=32),
        sa.ForeignKey("workspace.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def upgrade() -> None:
    op.create_table(
        "datasource",
        sa.Column("id", sa.String(length=32), primary_key=True),
        _workspace_id(),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("original_path", sa.String(length=255), nullable=False),
        sa.Column("table_path", sa.String(length=255), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("column_count", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("mapping_json", sa.Text(), nullable=False),
        sa.Column("read_report_json", sa.Text(), nullable=False),
        sa.Column("parse_summary_json", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workspace_id", "entity", name="uq_datasource_entity"),
    )
    op.create_table(
        "savedmapping",
        sa.Column("id", sa.String(length=32), primary_key=True),
        _workspace_id(),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("header_signature", sa.String(length=64), nullable=False),
        sa.Column("mapping_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "workspace_id", "entity", "header_signature", name="uq_savedmapping"
        ),
    )


def downgrade() -> None:
    op.drop_table("savedmapping")
    op.drop_table("datasource")
