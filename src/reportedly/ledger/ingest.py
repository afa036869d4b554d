"""Ingest: read each input, analyze it, store it — one transaction per document; reanalyze
stored documents from their raw bytes when the analyzers improve.

The same bytes twice are stored once (SHA-256); new bytes from a URL already stored are a
revision of the document before. A document whose analysis fails is stored all the same, with the
error beside it, so nothing read is lost and ``reanalyze`` can try again; an input that cannot
be read at all is reported and the batch goes on. Each document commits on its own: a killed
ingest keeps every document it committed, and running it again adds only the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from reportedly import __version__
from reportedly.errors import ReportedlyError
from reportedly.ingest import records
from reportedly.ledger import store
from reportedly.model import Analysis, RawDocument
from reportedly.pipeline import Pipeline


@dataclass
class Counts:
    documents: int = 0  # every document met, read or not
    stored: int = 0
    unchanged: int = 0  # already stored, byte for byte
    revisions: int = 0  # stored as a new version of a URL stored before
    failed: int = 0  # not read, not analyzed (stored all the same), or not stored


def _documents(spec: str, pipeline: Pipeline) -> Iterator[tuple[RawDocument, Callable[[], Analysis]] | ReportedlyError]:
    """The documents an input holds — one for a page, one a line for a JSONL file of articles — each
    with how to analyze it; an input or line that cannot be read is an error in its place."""
    if records.is_records(spec):
        for record in records.read(spec, pipeline.limits.max_bytes):
            if isinstance(record, ReportedlyError):
                yield record
            else:
                yield record.raw, partial(pipeline.run_record, record)
        return
    try:
        raw = pipeline.read(spec)
    except ReportedlyError as exc:
        yield exc
        return
    yield raw, partial(pipeline.run, raw)


def planned(sources: Iterable[str]) -> int:
    """How many documents the inputs hold, as far as can be known before reading them: one per page,
    one per line of a JSONL file (a line that holds a pair of articles turns out to be two)."""
    return sum(records.count(spec) if records.is_records(spec) else 1 for spec in sources)


def ingest(sources: Iterable[str], pipeline: Pipeline, engine: Engine, report: Callable[[str], None],
           advance: Callable[[], None] = lambda: None, total: Callable[[int], None] = lambda n: None) -> Counts:
    """Store every document of ``sources``; ``advance`` is called once per document (a page, a
    record), and ``total`` with the number of documents expected, raised whenever more turn up."""
    counts = Counts()
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
                _store(*found, engine, counts, report)
            advance()
    total(counts.documents)  # blank lines counted ahead are no documents
    return counts


def _store(raw: RawDocument, analyze: Callable[[], Analysis], engine: Engine, counts: Counts,
           report: Callable[[str], None]) -> None:
    """Store one document and its analysis in one transaction (nothing if its bytes are stored)."""
    try:
        with Session(engine) as session, session.begin():
            if store.find(session, raw.sha256) is not None:
                counts.unchanged += 1
                return
            before = store.latest_at(session, raw.url) if raw.url else None
            error = None
            try:
                analysis = analyze().model_dump_json()
            except ReportedlyError as exc:
                analysis, error = "", str(exc)
            document = store.Document(sha256=raw.sha256, source=raw.source, url=raw.url, media_type=raw.media_type,
                                      fetched_at=raw.fetched_at.replace(tzinfo=None), content=raw.content,
                                      revision_of=before.id if before else None)
            session.add(document)
            session.flush()
            session.add(store.AnalysisRow(document_id=document.id, version=__version__, analysis=analysis, error=error))
        counts.stored += 1
        counts.revisions += before is not None
        if error:
            counts.failed += 1
            report(f"{error} (stored, analysis failed)")
    except SQLAlchemyError as exc:
        counts.failed += 1
        report(f"{raw.source}: not stored: {str(exc).splitlines()[0]}")


def reanalyze(pipeline: Pipeline, engine: Engine, report: Callable[[str], None], every: bool = False,
              advance: Callable[[], None] = lambda: None) -> Counts:
    """Analyze stored documents again from their raw bytes: those analyzed by another version of
    reportedly or whose analysis failed (``every``: all of them). One transaction per document."""
    from sqlalchemy import select

    with Session(engine) as session:
        query = select(store.AnalysisRow.document_id)
        if not every:
            query = query.where((store.AnalysisRow.version != __version__) | store.AnalysisRow.error.is_not(None))
        ids = list(session.scalars(query.order_by(store.AnalysisRow.document_id)))
    counts = Counts()
    for document_id in ids:
        counts.documents += 1
        try:
            with Session(engine) as session, session.begin():
                document = session.get(store.Document, document_id)
                row = session.get(store.AnalysisRow, document_id)
                if document is None or row is None:  # removed since the list was read
                    continue
                raw = RawDocument(source=document.source, content=document.content, url=document.url,
                                  media_type=document.media_type, fetched_at=document.fetched_at, sha256=document.sha256)
                try:
                    row.analysis, row.error = pipeline.run(raw).model_dump_json(), None
                except ReportedlyError as exc:
                    row.analysis, row.error = "", str(exc)
                    counts.failed += 1
                    report(f"{exc} (analysis failed again)")
                row.version = __version__
            counts.stored += 1
        except SQLAlchemyError as exc:
            counts.failed += 1
            report(f"document {document_id}: not updated: {str(exc).splitlines()[0]}")
        finally:
            advance()
    return counts
