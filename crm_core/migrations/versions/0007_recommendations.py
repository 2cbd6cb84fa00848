"""Recommendations: people's decisions on computed ones, manual ones, links to goals and root causes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
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


def _parent(name: str, target: str) -> sa.Column:
    return sa.Column(
        name,
        sa.String(length=32),
        sa.ForeignKey(f"{target}.id", ondelete="CASCADE"),
        nullable=True,
        index=True,
    )


def _text(name: str, length: int | None = None) -> sa.Column:
    kind = sa.Text() if length is None else sa.String(length=length)
    return sa.Column(name, kind, nullable=False)


def _moment(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "recommendationdecision",
        _id(),
        _workspace_id(),
        _text("rec_key", 80),
        _text("priority", 20),
        _text("owner", 120),
        sa.Column("due_date", sa.Date(), nullable=True),
        _text("status", 20),
        _moment("updated_at"),
        sa.UniqueConstraint("workspace_id", "rec_key", name="uq_recommendationdecision_key"),
    )
    op.create_table(
        "manualrecommendation",
        _id(),
        _workspace_id(),
        _text("rec_key", 80),
        _text("area", 20),
        _text("title", 200),
        _text("rationale"),
        _text("actions"),
        _text("priority", 20),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("effort", sa.Integer(), nullable=False),
        _text("owner", 120),
        _text("serves", 60),
        _moment("created_at"),
        _moment("updated_at"),
        sa.UniqueConstraint("workspace_id", "rec_key", name="uq_manualrecommendation_key"),
    )
    op.create_table(
        "recommendationlink",
        _id(),
        _workspace_id(),
        _text("rec_key", 80),
        _parent("goal_id", "goal"),
        _parent("why_node_id", "whynode"),
    )


def downgrade() -> None:
    op.drop_table("recommendationlink")
    op.drop_table("manualrecommendation")
    op.drop_table("recommendationdecision")
