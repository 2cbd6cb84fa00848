"""Room safety: workbench-wide settings (the facilitator's passphrase hash), at most one open
workshop per workspace and per code, unique participant names per session, target proposals
keyed by who proposed them rather than by display name.

Rows that would break the new rules are mended first: extra open sessions are closed (the
newest stays open), a repeated participant name gets " (2)", " (3)"..., and every existing
proposal is keyed by its name, as it was.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _close_extra_open_sessions(connection) -> None:
    rows = connection.execute(sa.text(
        "select id, workspace_id, code from workshopsession where is_open = :yes order by opened_at desc, id"),
        {"yes": True}).all()
    seen_workspaces, seen_codes = set(), set()
    for session_id, workspace_id, code in rows:
        if workspace_id in seen_workspaces or code in seen_codes:
            connection.execute(sa.text("update workshopsession set is_open = :no, closed_at = :now where id = :id"),
                               {"no": False, "now": datetime.now(timezone.utc), "id": session_id})
        seen_workspaces.add(workspace_id)
        seen_codes.add(code)


def _rename_repeated_participants(connection) -> None:
    rows = connection.execute(sa.text(
        "select id, session_id, name from workshopparticipant order by joined_at, id")).all()
    taken: set[tuple[str, str]] = set()
    for participant_id, session_id, name in rows:
        new, counter = name, 2
        while (session_id, new) in taken:
            new, counter = f"{name[:110]} ({counter})", counter + 1
        taken.add((session_id, new))
        if new != name:
            connection.execute(sa.text("update workshopparticipant set name = :name where id = :id"),
                               {"name": new, "id": participant_id})


def upgrade() -> None:
    op.create_table(
        "appsetting",
        sa.Column("key", sa.String(length=60), primary_key=True),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    connection = op.get_bind()
    _close_extra_open_sessions(connection)
    _rename_repeated_participants(connection)
    op.create_index("uq_workshopsession_open_workspace", "workshopsession", ["workspace_id"], unique=True,
                    sqlite_where=sa.text("is_open"), postgresql_where=sa.text("is_open"))
    op.create_index("uq_workshopsession_open_code", "workshopsession", ["code"], unique=True,
                    sqlite_where=sa.text("is_open"), postgresql_where=sa.text("is_open"))
    with op.batch_alter_table("workshopparticipant") as batch:
        batch.create_unique_constraint("uq_workshopparticipant_name", ["session_id", "name"])
    with op.batch_alter_table("goaltargetproposal") as batch:
        batch.add_column(sa.Column("proposer", sa.String(length=160), nullable=False, server_default=""))
    connection.execute(sa.text("update goaltargetproposal set proposer = 'name:' || participant"))
    with op.batch_alter_table("goaltargetproposal") as batch:
        batch.alter_column("proposer", server_default=None, existing_type=sa.String(length=160))
        batch.drop_constraint("uq_goaltargetproposal_participant", type_="unique")
        batch.create_unique_constraint("uq_goaltargetproposal_proposer", ["goal_id", "proposer"])


def downgrade() -> None:
    with op.batch_alter_table("goaltargetproposal") as batch:
        batch.drop_constraint("uq_goaltargetproposal_proposer", type_="unique")
        batch.create_unique_constraint("uq_goaltargetproposal_participant", ["goal_id", "participant"])
        batch.drop_column("proposer")
    with op.batch_alter_table("workshopparticipant") as batch:
        batch.drop_constraint("uq_workshopparticipant_name", type_="unique")
    op.drop_index("uq_workshopsession_open_code", table_name="workshopsession")
    op.drop_index("uq_workshopsession_open_workspace", table_name="workshopsession")
    op.drop_table("appsetting")
