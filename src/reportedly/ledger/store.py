"""Storage: raw documents (never lose the source) and their analyses, SQLite or PostgreSQL.

A document is stored once: its raw bytes are keyed by their SHA-256, beside how they are read
(``read_as``: a page, a JSONL record, one article of a pair), so that ``reanalyze`` reads them
again exactly as ``ingest`` did. A changed page at the same URL is a new document whose
``revision_of`` points at the one before. The analysis is kept as the JSON of
:class:`reportedly.model.Analysis` beside the fingerprint of what made it (``fingerprint.py``:
version, effective config, model files), so ``reanalyze`` redoes exactly the stale ones.

The schema is created and upgraded by Alembic (``migrations/``), never by ``create_all``: a
database made by an older reportedly is upgraded in place, by one process at a time (a lock).

Several processes may write at once (two ``ingest`` runs, an ``ingest`` and a ``reanalyze``):
writes are short transactions taken with the write lock up front (``writing``: SQLite's
``BEGIN IMMEDIATE``; PostgreSQL needs none for single rows and gets an advisory lock where a
whole table is replaced), so a write waits for another instead of failing half-way. The
``ledger_state`` generations say whether the derived ledger is behind its analyses.
"""

from __future__ import annotations

from datetime import date, datetime
from importlib import resources as _pkg
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from reportedly.errors import ReportedlyError

DEFAULT_DB = "reportedly.db"
LOCK_WAIT_MS = 10_000  # how long a write waits for a database another process holds, then fails that document
READ_AS = ("page", "record", "pair")  # how stored bytes are read: ingest.read + extraction, a JSONL record, half a pair
_LOCK_KEYS = {"migrate": 7_023_517_001, "ledger": 7_023_517_002}  # PostgreSQL advisory lock ids, one per job


class Base(DeclarativeBase):
    pass


class Document(Base):
    """One input exactly as received."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    media_type: Mapped[str | None] = mapped_column(Text)  # the Content-Type a server declared (its charset is read)
    read_as: Mapped[str] = mapped_column(String(16), default="page")  # one of READ_AS
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    revision_of: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))


class AnalysisRow(Base):
    """The analysis of a document by one version of the pipeline."""

    __tablename__ = "analyses"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[str] = mapped_column(String(40))
    analysis: Mapped[str] = mapped_column(Text)  # Analysis.model_dump_json()
    error: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[str | None] = mapped_column(String(64))  # fingerprint.Fingerprints; None: made before they were kept
    language: Mapped[str | None] = mapped_column(String(16))  # the analysis' article language: which model files it used


class LedgerState(Base):
    """Generations: ``analyses`` counts every change of the analyses, ``ledger`` is the analyses
    generation the stored ledger was built from. The ledger is current when they are equal; a
    build killed half-way commits nothing, so the next command sees it behind and builds it."""

    __tablename__ = "ledger_state"

    key: Mapped[str] = mapped_column(String(16), primary_key=True)
    generation: Mapped[int]


class MeaningRow(Base):
    """A text's multilingual embedding (``similarity.meanings``), kept so that a ledger rebuild
    embeds only texts it has not seen: float16, 1 KB a text."""

    __tablename__ = "meanings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)  # similarity.meaning_key
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class LedgerDocument(Base):
    """A document's place in the ledger: its story, its copy group, who published it."""

    __tablename__ = "ledger_documents"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    story: Mapped[int]
    copy_group: Mapped[int]
    outlet: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None] = mapped_column(DateTime)
    wire: Mapped[str] = mapped_column(Text)  # JSON list of agencies


class SourceRow(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    aliases: Mapped[str] = mapped_column(Text)  # JSON list
    titles: Mapped[str] = mapped_column(Text)  # JSON list
    medium: Mapped[bool] = mapped_column(Boolean)


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    story: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    independent_sources: Mapped[int]
    outlets: Mapped[int]
    contradictions: Mapped[str] = mapped_column(Text)  # JSON list


class StanceRow(Base):
    __tablename__ = "stances"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    written: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    certainty: Mapped[str | None] = mapped_column(String(16))
    said_on: Mapped[date | None] = mapped_column(Date)
    publisher: Mapped[bool] = mapped_column(Boolean)
    evidence_start: Mapped[int]
    evidence_end: Mapped[int]
    evidence: Mapped[str] = mapped_column(Text)
    estimate: Mapped[str | None] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str | None] = mapped_column(String(16))


def database_url(db: str | None) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as given, a path as a SQLite file (default reportedly.db)."""
    db = db or DEFAULT_DB
    return db if "://" in db else f"sqlite:///{Path(db)}"


def connect(db: str | None = None) -> Engine:
    """An engine on the database, its schema upgraded to the newest migration."""
    url = database_url(db)
    try:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        elif engine.dialect.name == "postgresql":
            event.listen(engine, "connect", _postgresql_settings)
        upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        raise ReportedlyError(f"cannot open the database {url}: {exc.__class__.__name__}: {exc}".splitlines()[0]) from None
    return engine


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_MS)}")  # first: the next pragma may wait for another process
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the ingest; a crash loses no commit
    cursor.close()
    # sqlite3 would begin transactions itself, lazily, at the first write: a transaction that read
    # first then fails at once (SQLITE_BUSY, no waiting) when another process wrote meanwhile.
    # We emit BEGIN ourselves (``_sqlite_begin``), IMMEDIATE for writers.
    connection.isolation_level = None  # type: ignore[attr-defined]


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("reportedly_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _postgresql_settings(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute(f"SET lock_timeout = {int(LOCK_WAIT_MS)}")  # a locked table fails a document, never hangs the batch
    cursor.close()
    connection.commit()  # type: ignore[attr-defined]


def writing(engine: Engine) -> Engine:
    """The engine for a write transaction: on SQLite it takes the write lock when it begins
    (``BEGIN IMMEDIATE``, waiting up to LOCK_WAIT_MS for another writer) rather than at its first
    write, where SQLite cannot wait and fails at once."""
    return engine.execution_options(reportedly_write=True)


def lock(connection: Connection | Session, job: str) -> None:
    """Hold ``job``'s lock until the transaction ends: one migration, one ledger write at a time.
    PostgreSQL: a transaction-level advisory lock. SQLite: the write lock ``writing`` took."""
    dialect = connection.get_bind().dialect if isinstance(connection, Session) else connection.dialect
    if dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEYS[job]})


def upgrade(engine: Engine) -> None:
    """Run the Alembic migrations up to head on ``engine``, one process at a time: a second process
    waits for the first and then finds the schema made (no "table already exists")."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(_pkg.files("reportedly.ledger").joinpath("migrations")))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:  # the common case, at head already: no lock taken
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
    with writing(engine).begin() as connection:
        lock(connection, "migrate")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def generation(session: Session, key: str) -> int:
    """The ``analyses`` or ``ledger`` generation (see LedgerState)."""
    return session.scalars(select(LedgerState.generation).where(LedgerState.key == key)).one()


def analyses_changed(session: Session) -> None:
    """Count a change of the analyses, in the transaction that makes it: the ledger is behind."""
    session.execute(update(LedgerState).where(LedgerState.key == "analyses").values(generation=LedgerState.generation + 1))


def find(session: Session, sha256: str) -> Document | None:
    return session.scalars(select(Document).where(Document.sha256 == sha256)).first()


def latest_at(session: Session, url: str) -> Document | None:
    """The newest stored document from ``url``, if any."""
    return session.scalars(select(Document).where(Document.url == url).order_by(Document.id.desc())).first()
