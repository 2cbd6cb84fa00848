"""Audit runs keep the size of what they measured: rows per imported entity, and for each
finding the number of records it was counted among, so History compares rates as well as
counts when a quarter's export is smaller or larger than the last.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("auditrun") as batch:
        batch.add_column(sa.Column("sizes_json", sa.Text(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("auditrun") as batch:
        batch.drop_column("sizes_json")
