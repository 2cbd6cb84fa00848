"""Fit-for-purpose and compliance audits: checklist answers, the integrations inventory and
the compliance profile.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.String(length=32), primary_key=True)


def _workspace_id() -> sa.Column:
    return sa.Column(
        "workspace_id",
        sa.String(length=32),
        sa.ForeignKey("workspace.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _text(name: str, length: int | None = None) -> sa.Column:
    kind = sa.Text() if length is None else sa.String(length=length)
    return sa.Column(name, kind, nullable=False)


def _moment(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "checklistanswer",
        _id(),
        _workspace_id(),
        _text("item_id", 60),
        _text("status", 20),
        _text("evidence"),
        _text("owner", 120),
        _moment("answered_at"),
        sa.UniqueConstraint("workspace_id", "item_id", name="uq_checklistanswer_item"),
    )
    op.create_table(
        "integration",
        _id(),
        _workspace_id(),
        _text("system", 120),
        _text("category", 40),
        _text("method", 20),
        _text("direction", 20),
        _text("status", 20),
        _text("owner", 120),
        _text("data_carried"),
        _text("records_lead_source", 10),
        _moment("created_at"),
        _moment("updated_at"),
    )
    op.create_table(
        "complianceprofile",
        _id(),
        _workspace_id(),
        _text("regimes", 200),
        _text("sector", 40),
        sa.Column("retention_months", sa.Integer(), nullable=False),
        sa.Column("dormant_login_days", sa.Integer(), nullable=False),
        _moment("updated_at"),
        sa.UniqueConstraint("workspace_id", name="uq_complianceprofile_workspace"),
    )


def downgrade() -> None:
    op.drop_table("complianceprofile")
    op.drop_table("integration")
    op.drop_table("checklistanswer")
