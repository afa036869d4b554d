"""The ledger derived from the analyses: stories and copies per document, sources, claims and
their stances. Rebuilt as a whole from the analyses (``ledger.rebuild``), never edited by hand.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "ledger_documents",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("story", sa.Integer, nullable=False, index=True),
        sa.Column("copy_group", sa.Integer, nullable=False, index=True),
        sa.Column("outlet", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.DateTime),
        sa.Column("wire", sa.Text, nullable=False),  # JSON list of agencies
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, index=True),
        sa.Column("aliases", sa.Text, nullable=False),  # JSON list
        sa.Column("titles", sa.Text, nullable=False),  # JSON list
        sa.Column("medium", sa.Boolean, nullable=False),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("story", sa.Integer, nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("independent_sources", sa.Integer, nullable=False),
        sa.Column("outlets", sa.Integer, nullable=False),
        sa.Column("contradictions", sa.Text, nullable=False),  # JSON list
    )
    op.create_table(
        "stances",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("written", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("certainty", sa.String(16)),
        sa.Column("said_on", sa.Date),
        sa.Column("publisher", sa.Boolean, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("estimate", sa.Text),  # the figure as written
        sa.Column("value", sa.Float),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("qualifier", sa.String(16)),
    )


def downgrade() -> None:
    for table in ("stances", "claims", "sources", "ledger_documents"):
        op.drop_table(table)
