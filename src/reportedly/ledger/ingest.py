"""Ingest: read each input, analyze it, store it — one transaction per document; reanalyze
stored documents from their raw bytes when the analyzers improve.

The same bytes twice are stored once (SHA-256); new bytes from a URL already stored are a
revision of the document before. A document whose analysis fails is stored all the same, with the
error beside it, so nothing read is lost and ``reanalyze`` can try again; an input that cannot
be read at all is reported and the batch goes on. Each document commits on its own: a killed
ingest keeps every document it committed, and running it again adds only the rest.

A document is analysed outside any transaction and stored in a short one that takes the write
lock first (``store.writing``) and inserts with ``ON CONFLICT DO NOTHING``: two ingests of one
file at once store each document once, and the one that comes second counts it as already
stored, not as failed. Each document keeps how it was read (``read_as``) so that ``reanalyze``
repeats what ``ingest`` did, and the fingerprint of what analysed it, so that ``reanalyze``
redoes exactly the stale ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from reportedly import __version__
from reportedly.errors import ReportedlyError
from reportedly.ingest import records
from reportedly.ledger import store
from reportedly.ledger.fingerprint import Fingerprints
from reportedly.model import Analysis, RawDocument
from reportedly.pipeline import Pipeline


@dataclass
class Counts:
    documents: int = 0  # every document met, read or not
    stored: int = 0
    unchanged: int = 0  # already stored, byte for byte (by this run, an earlier one, or one running beside it)
    revisions: int = 0  # stored as a new version of a URL stored before
    failed: int = 0  # not read, not analyzed (stored all the same), or not stored


def _documents(spec: str, pipeline: Pipeline) -> Iterator[tuple[RawDocument, str, Callable[[], Analysis]] | ReportedlyError]:
    """The documents an input holds — one for a page, one a line for a JSONL file of articles — each
    with how it is read (``store.READ_AS``) and how to analyze it; an input or line that cannot be
    read is an error in its place."""
    if records.is_records(spec):
        for record in records.read(spec, pipeline.limits.max_bytes):
            if isinstance(record, ReportedlyError):
                yield record
            else:
                read_as = "pair" if record.raw.source.endswith(("#1", "#2")) else "record"
                yield record.raw, read_as, partial(pipeline.run_record, record)
        return
    try:
        raw = pipeline.read(spec)
    except ReportedlyError as exc:
        yield exc
        return
    yield raw, "page", partial(pipeline.run, raw)


def read_again(document: store.Document, pipeline: Pipeline) -> Analysis:
    """Analyze a stored document from its raw bytes exactly as ingest did: a page is decoded and
    extracted, a record or half a pair read as the JSON it is."""
    raw = RawDocument(source=document.source, content=document.content, url=document.url, media_type=document.media_type,
                      fetched_at=document.fetched_at.replace(tzinfo=UTC), sha256=document.sha256)  # stored as UTC
    if document.read_as == "page":
        return pipeline.run(raw)
    if document.read_as in ("record", "pair"):
        return pipeline.run_record(records.parse(document.source, document.content, pair=document.read_as == "pair"))
    raise ReportedlyError(f"{document.source}: stored as {document.read_as!r}, which this version cannot read "
                          f"(one of {', '.join(store.READ_AS)})")


def _analyze(analyze: Callable[[], Analysis], fingerprints: Fingerprints) -> dict[str, str | None]:
    """The analysis row's fields: the analysis and what made it, or the error."""
    try:
        analysis = analyze()
    except ReportedlyError as exc:
        return {"analysis": "", "error": str(exc), "fingerprint": None, "language": None}
    language = analysis.article.language
    return {"analysis": analysis.model_dump_json(), "error": None, "fingerprint": fingerprints(language), "language": language}


def planned(sources: Iterable[str]) -> int:
    """How many documents the inputs hold, as far as can be known before reading them: one per page,
    one per line of a JSONL file (a line that holds a pair of articles turns out to be two)."""
    return sum(records.count(spec) if records.is_records(spec) else 1 for spec in sources)


def ingest(sources: Iterable[str], pipeline: Pipeline, engine: Engine, report: Callable[[str], None],
           advance: Callable[[], None] = lambda: None, total: Callable[[int], None] = lambda n: None) -> Counts:
    """Store every document of ``sources``; ``advance`` is called once per document (a page, a
    record), and ``total`` with the number of documents expected, raised whenever more turn up."""
    counts = Counts()
    fingerprints = Fingerprints(pipeline)
    expected = planned(sources := list(sources))
    total(expected)
    for spec in sources:
        for found in _documents(spec, pipeline):
            counts.documents += 1
            if counts.documents > expected:
                expected = counts.documents
                total(expected)
            if isinstance(found, ReportedlyError):
                counts.failed += 1
                report(str(found))
            else:
                _store(*found, engine, fingerprints, counts, report)
            advance()
    total(counts.documents)  # blank lines counted ahead are no documents
    return counts


def _insert_document(session: Session, values: dict[str, object]) -> int | None:
    """Insert a document unless its bytes are stored (by anyone, even a moment ago); its id or None."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(store.Document).values(**values)
                 .on_conflict_do_nothing(index_elements=["sha256"]).returning(store.Document.id))
    return session.execute(statement).scalar_one_or_none()


def _utc(moment: datetime) -> datetime:
    """A time as the database keeps it: UTC without a zone (SQLite has none); read back as UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _store(raw: RawDocument, read_as: str, analyze: Callable[[], Analysis], engine: Engine, fingerprints: Fingerprints,
           counts: Counts, report: Callable[[str], None]) -> None:
    """Store one document and its analysis in one transaction (nothing if its bytes are stored)."""
    try:
        with Session(engine) as session:  # bytes stored already: not analysed again
            if store.find(session, raw.sha256) is not None:
                counts.unchanged += 1
                return
        row = _analyze(analyze, fingerprints)
        with Session(store.writing(engine)) as session, session.begin():
            before = store.latest_at(session, raw.url) if raw.url else None
            document_id = _insert_document(session, {
                "sha256": raw.sha256, "source": raw.source, "url": raw.url, "media_type": raw.media_type,
                "read_as": read_as, "fetched_at": _utc(raw.fetched_at), "content": raw.content,
                "revision_of": before.id if before else None})
            if document_id is None:  # another ingest stored these bytes while this one analysed them
                counts.unchanged += 1
                return
            session.add(store.AnalysisRow(document_id=document_id, version=__version__, **row))
            store.analyses_changed(session)
        counts.stored += 1
        counts.revisions += before is not None
        if row["error"]:
            counts.failed += 1
            report(f"{row['error']} (stored, analysis failed)")
    except SQLAlchemyError as exc:
        counts.failed += 1
        report(f"{raw.source}: not stored: {str(exc).splitlines()[0]}")


def stale(pipeline: Pipeline, engine: Engine, every: bool = False, fingerprints: Fingerprints | None = None) -> list[int]:
    """The ids of the documents whose stored analysis this pipeline would not make: made with
    another fingerprint (version, config, the models of its language) or failed. ``every``: all."""
    fingerprints = fingerprints or Fingerprints(pipeline)
    with Session(engine) as session:
        query = select(store.AnalysisRow.document_id, store.AnalysisRow.fingerprint, store.AnalysisRow.language,
                       store.AnalysisRow.error).order_by(store.AnalysisRow.document_id)
        return [document_id for document_id, fingerprint, language, error in session.execute(query)
                if every or error is not None or fingerprint != fingerprints(language)]


def reanalyze(pipeline: Pipeline, engine: Engine, report: Callable[[str], None], every: bool = False,
              advance: Callable[[], None] = lambda: None) -> Counts:
    """Analyze stored documents again from their raw bytes, read as ingest read them: those whose
    fingerprint is not this pipeline's or whose analysis failed (``every``: all of them). One
    transaction per document."""
    fingerprints = Fingerprints(pipeline)
    counts = Counts()
    for document_id in stale(pipeline, engine, every, fingerprints):
        counts.documents += 1
        try:
            with Session(engine) as session:
                document = session.get(store.Document, document_id)
                if document is None:  # removed since the list was read
                    continue
                row = _analyze(partial(read_again, document, pipeline), fingerprints)
            with Session(store.writing(engine)) as session, session.begin():
                stored = session.get(store.AnalysisRow, document_id)
                if stored is None:
                    continue
                if (stored.analysis, stored.error) != (row["analysis"], row["error"]):
                    store.analyses_changed(session)  # the ledger is behind only if an analysis changed
                for name, value in row.items():
                    setattr(stored, name, value)
                stored.version = __version__
            counts.stored += 1
            if row["error"]:
                counts.failed += 1
                report(f"{row['error']} (analysis failed again)")
        except SQLAlchemyError as exc:
            counts.failed += 1
            report(f"document {document_id}: not updated: {str(exc).splitlines()[0]}")
        finally:
            advance()
    return counts
