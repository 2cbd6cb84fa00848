"""Strategy work: goals and target proposals, stakeholders, RACI, the primary-user diagnostic,
the glossary, gaps with their trees of whys.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
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


def _parent(name: str, target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column:
    return sa.Column(
        name,
        sa.String(length=32),
        sa.ForeignKey(f"{target}.id", ondelete=ondelete),
        nullable=nullable,
        index=True,
    )


def _moment(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int | None = None) -> sa.Column:
    kind = sa.Text() if length is None else sa.String(length=length)
    return sa.Column(name, kind, nullable=False)


def upgrade() -> None:
    op.create_table(
        "goal",
        _id(),
        _workspace_id(),
        _text("statement", 300),
        _text("department", 20),
        _text("intent", 20),
        _text("metric", 120),
        _text("kpi_key", 40),
        _text("unit", 20),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        _text("owner", 120),
        _text("why"),
        sa.Column("is_original", sa.Boolean(), nullable=False),
        _text("agreed_by", 300),
        _moment("agreed_at", nullable=True),
        _moment("created_at"),
        _moment("updated_at"),
    )
    op.create_table(
        "goaltargetproposal",
        _id(),
        _workspace_id(),
        _parent("goal_id", "goal"),
        _text("participant", 120),
        sa.Column("target", sa.Float(), nullable=False),
        _moment("created_at"),
        sa.UniqueConstraint("goal_id", "participant", name="uq_goaltargetproposal_participant"),
    )
    op.create_table(
        "stakeholder",
        _id(),
        _workspace_id(),
        _text("name", 120),
        _text("role", 120),
        _text("department", 20),
        sa.Column("customer_facing", sa.Boolean(), nullable=False),
        sa.Column("influence", sa.Integer(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=False),
        _text("buy_in", 20),
        _text("commitment"),
        _moment("created_at"),
        _moment("updated_at"),
    )
    op.create_table(
        "raciassignment",
        _id(),
        _workspace_id(),
        _text("responsibility", 40),
        _text("party", 120),
        _text("role", 1),
        sa.UniqueConstraint("workspace_id", "responsibility", "party", "role", name="uq_raciassignment"),
    )
    op.create_table(
        "diagnosticanswer",
        _id(),
        _workspace_id(),
        _text("symptom", 60),
        sa.Column("applies", sa.Boolean(), nullable=False),
        _moment("answered_at"),
        sa.UniqueConstraint("workspace_id", "symptom", name="uq_diagnosticanswer"),
    )
    op.create_table(
        "glossaryentry",
        _id(),
        _workspace_id(),
        _text("term", 80),
        _text("kind", 20),
        _moment("created_at"),
        sa.UniqueConstraint("workspace_id", "term", name="uq_glossaryentry_term"),
    )
    op.create_table(
        "glossarydefinition",
        _id(),
        _workspace_id(),
        _parent("entry_id", "glossaryentry"),
        _text("team", 20),
        _text("definition"),
        _moment("updated_at"),
        sa.UniqueConstraint("entry_id", "team", name="uq_glossarydefinition_team"),
    )
    op.create_table(
        "gap",
        _id(),
        _workspace_id(),
        _text("title", 200),
        _text("current_experience"),
        _text("desired_experience"),
        _text("stage", 20),
        _text("departments", 120),
        _text("evidence"),
        _text("template_key", 40),
        _text("origin", 40),
        _text("origin_department", 20),
        _parent("goal_id", "goal", nullable=True, ondelete="SET NULL"),
        _parent("other_goal_id", "goal", nullable=True, ondelete="SET NULL"),
        _moment("created_at"),
        _moment("updated_at"),
    )
    op.create_table(
        "whynode",
        _id(),
        _workspace_id(),
        _parent("gap_id", "gap"),
        _parent("parent_id", "whynode", nullable=True),
        _text("answer"),
        sa.Column("is_root_cause", sa.Boolean(), nullable=False),
        _moment("created_at"),
    )


def downgrade() -> None:
    for table in (
        "whynode", "gap", "glossarydefinition", "glossaryentry",
        "diagnosticanswer", "raciassignment", "stakeholder", "goaltargetproposal", "goal",
    ):
        op.drop_table(table)
