"""Multilingual embeddings of the texts the ledger compares across languages, kept between
rebuilds (``similarity.meanings``): derived data, safe to drop.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "meanings",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("meanings")
