"""Documents (raw bytes by SHA-256, revisions by URL) and their analyses.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("media_type", sa.Text),
        sa.Column("fetched_at", sa.DateTime, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("revision_of", sa.Integer, sa.ForeignKey("documents.id")),
    )
    op.create_index("ix_documents_url", "documents", ["url"])
    op.create_table(
        "analyses",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("analysis", sa.Text, nullable=False),
        sa.Column("error", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("analyses")
    op.drop_index("ix_documents_url", "documents")
    op.drop_table("documents")
