"""Quarterly history and live workshops: audit runs, workshop sessions, participants, entries, votes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
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


def _parent(name: str, target: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(
        name,
        sa.String(length=32),
        sa.ForeignKey(f"{target}.id", ondelete="CASCADE"),
        nullable=nullable,
        index=True,
    )


def _text(name: str, length: int | None = None) -> sa.Column:
    kind = sa.Text() if length is None else sa.String(length=length)
    return sa.Column(name, kind, nullable=False)


def _moment(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "auditrun",
        _id(),
        _workspace_id(),
        _text("period", 20),
        sa.Column("as_of", sa.Date(), nullable=False),
        _moment("run_at"),
        sa.Column("overall", sa.Float(), nullable=True),
        _text("results_json"),
        _text("skipped_json"),
        _text("kpis_json"),
    )
    op.create_table(
        "workshopsession",
        _id(),
        _workspace_id(),
        sa.Column("code", sa.String(length=6), nullable=False, index=True),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("votes_each", sa.Integer(), nullable=False),
        _text("locked", 60),
        _moment("opened_at"),
        _moment("closed_at", nullable=True),
    )
    op.create_table(
        "workshopparticipant",
        _id(),
        _workspace_id(),
        _parent("session_id", "workshopsession"),
        _text("name", 120),
        sa.Column("token_hash", sa.String(length=64), nullable=False, index=True),
        _moment("joined_at"),
    )
    op.create_table(
        "workshopentry",
        _id(),
        _workspace_id(),
        _parent("session_id", "workshopsession"),
        _parent("participant_id", "workshopparticipant"),
        _parent("gap_id", "gap", nullable=True),
        _parent("why_id", "whynode", nullable=True),
        _parent("proposal_id", "goaltargetproposal", nullable=True),
        _moment("created_at"),
    )
    op.create_table(
        "workshopvote",
        _id(),
        _workspace_id(),
        _parent("session_id", "workshopsession"),
        _parent("participant_id", "workshopparticipant"),
        _text("target", 90),
        sa.Column("slot", sa.Integer(), nullable=False),
        _moment("created_at"),
        sa.UniqueConstraint("session_id", "participant_id", "slot", name="uq_workshopvote_slot"),
    )


def downgrade() -> None:
    op.drop_table("workshopvote")
    op.drop_table("workshopentry")
    op.drop_table("workshopparticipant")
    op.drop_table("workshopsession")
    op.drop_table("auditrun")
