"""Documents say how they are read (``read_as``: page, record, pair); analyses keep the
fingerprint of what made them and their language; ``ledger_state`` keeps the generations that
say whether the ledger is behind its analyses.

Existing documents get ``read_as`` from their source as ingest named it: ``<file>.jsonl:<line>``
is a record, ``<file>.jsonl:<line>#1`` (or ``#2``) one article of a pair, anything else a page.
Existing analyses get no fingerprint, which marks them stale: a plain ``reanalyze`` redoes them
once. The ledger of an existing database is marked behind, so the next command rebuilds it.

Revision ID: 0004
Revises: 0003
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"

_RECORD = re.compile(r"\.jsonl(?:\.gz)?:\d+$")
_PAIR = re.compile(r"\.jsonl(?:\.gz)?:\d+#[12]$")


def read_as(source: str) -> str:
    """How ingest read a document, from the source it gave it (``records.read`` names them so)."""
    return "pair" if _PAIR.search(source) else "record" if _RECORD.search(source) else "page"


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("read_as", sa.String(16), nullable=False, server_default="page"))
    with op.batch_alter_table("analyses") as batch:
        batch.add_column(sa.Column("fingerprint", sa.String(64)))
        batch.add_column(sa.Column("language", sa.String(16)))
    connection = op.get_bind()
    documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("source", sa.Text),
                         sa.column("read_as", sa.String))
    found: dict[str, list[int]] = {"record": [], "pair": []}
    for document_id, source in connection.execute(sa.select(documents.c.id, documents.c.source)):
        kind = read_as(source)
        if kind != "page":
            found[kind].append(document_id)
    for kind, ids in found.items():
        for start in range(0, len(ids), 500):  # bounded IN lists
            connection.execute(documents.update().where(documents.c.id.in_(ids[start:start + 500])).values(read_as=kind))
    state = op.create_table(
        "ledger_state",
        sa.Column("key", sa.String(16), primary_key=True),
        sa.Column("generation", sa.Integer, nullable=False),
    )
    stored = connection.execute(sa.text("SELECT count(*) FROM analyses")).scalar_one()
    op.bulk_insert(state, [{"key": "analyses", "generation": 1 if stored else 0}, {"key": "ledger", "generation": 0}])


def downgrade() -> None:
    op.drop_table("ledger_state")
    with op.batch_alter_table("analyses") as batch:
        batch.drop_column("language")
        batch.drop_column("fingerprint")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("read_as")
