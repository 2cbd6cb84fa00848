"""Per-workspace settings of each area (thresholds, weights, picklists) as JSON.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspacesetting",
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column(
            "workspace_id",
            sa.String(length=32),
            sa.ForeignKey("workspace.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workspace_id", "key", name="uq_workspacesetting_key"),
    )


def downgrade() -> None:
    op.drop_table("workspacesetting")
