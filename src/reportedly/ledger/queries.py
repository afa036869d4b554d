"""The ledger in the database: rebuilt from the stored analyses, read by the query commands.

``rebuild`` derives stories, copies, sources and claims from every stored analysis and replaces
the ledger tables in one transaction, so a reader never sees half a ledger; ``refresh`` does so
when the ledger is behind its analyses (the generations in ``ledger_state``), which every
command that writes or reads the ledger calls, so a build killed half-way is made up for. The readers return
pydantic models: the CLI prints them as tables, JSON or CSV, and Python callers get them as is
(``reportedly.ledger.queries.claims(engine)``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator

import numpy as np
from pydantic import BaseModel, Field
from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from reportedly.errors import ReportedlyError
from reportedly.ledger import similarity, store
from reportedly.ledger.build import build
from reportedly.ledger.sources import is_medium
from reportedly.model import Analysis


class ClaimSummary(BaseModel):
    id: int
    story: int
    kind: str
    text: str
    independent_sources: int
    outlets: int
    articles: int
    sources: list[str] = Field(description="Sources that are not relays, first mention first.")
    contradictions: list[str]


class StanceView(BaseModel):
    source: str
    written: str
    role: str
    certainty: str | None
    date: dt.date | None
    outlet: str | None
    document: int
    url: str | None
    copy_group: int
    publisher: bool
    evidence: str
    start: int
    end: int
    estimate: str | None
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None


class ClaimView(ClaimSummary):
    stances: list[StanceView]


class SourceView(BaseModel):
    id: int
    name: str
    aliases: list[str]
    titles: list[str]
    medium: bool
    claims: int
    roles: dict[str, int]


class Estimate(BaseModel):
    date: dt.date | None
    source: str
    estimate: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    role: str
    outlet: str | None
    document: int


def _recall_meanings(session: Session) -> set[str]:
    """Put the stored text embeddings where ``similarity.meanings`` looks first; their keys."""
    known = similarity.KNOWN_MEANINGS
    keys = set()
    for key, vector in session.execute(select(store.MeaningRow.key, store.MeaningRow.vector)):
        keys.add(key)
        if key not in known:
            known[key] = np.frombuffer(vector, dtype=np.float16).astype(np.float32)
    return keys


def _keep_meanings(session: Session, stored: set[str]) -> None:
    """Store the embeddings this rebuild made; one that another rebuild stored meanwhile stays."""
    from sqlalchemy.dialects import postgresql, sqlite

    new = [{"key": key, "vector": vector.astype(np.float16).tobytes()}
           for key, vector in similarity.KNOWN_MEANINGS.items() if key not in stored]
    if new:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(dialect.insert(store.MeaningRow).on_conflict_do_nothing(), new)


def is_current(engine: Engine) -> bool:
    """Whether the stored ledger was built from the analyses as they are now."""
    with Session(engine) as session:
        return store.generation(session, "ledger") >= store.generation(session, "analyses")


def refresh(engine: Engine) -> int | None:
    """Rebuild the ledger if it is behind its analyses (new or changed ones, or a build that was
    killed); the number of claims, or None when it was current."""
    return None if is_current(engine) else rebuild(engine)


def rebuild(engine: Engine) -> int:
    """Derive the ledger from every stored analysis; returns the number of claims.

    Crash-safe and safe beside other writers: the analyses are read in one transaction with the
    generation they had, the ledger is built in memory, and it replaces the stored one in one
    short write transaction (one process at a time) that records that generation. A kill before
    the commit leaves the old ledger and its old generation, so the next command sees it behind
    and builds it again; a build older than the stored one is not written. Rows go in by bulk
    inserts with ids assigned here: one round trip per table, not per row."""
    ids: list[int] = []
    with Session(engine) as session:
        built_from = store.generation(session, "analyses")  # read first: a later change makes it behind

        def analyses() -> Iterator[Analysis]:  # one at a time: build keeps what it needs and lets each go
            query = (select(store.AnalysisRow.document_id, store.AnalysisRow.analysis)
                     .where(store.AnalysisRow.error.is_(None)).order_by(store.AnalysisRow.document_id))
            for document_id, analysis in session.execute(query.execution_options(yield_per=200)):
                ids.append(document_id)
                yield Analysis.model_validate_json(analysis)

        stored = _recall_meanings(session)
        ledger = build(analyses())
    documents = [{"document_id": ids[i], "story": d.story, "copy_group": d.copy_group, "outlet": d.outlet,
                  "title": d.title, "published": d.published.replace(tzinfo=None) if d.published else None,
                  "wire": json.dumps(d.wire)} for i, d in enumerate(ledger.documents)]
    sources: dict[str, dict[str, object]] = {}
    for source in {id(s): s for s in ledger.sources.values()}.values():
        sources[source.name] = {"id": len(sources) + 1, "name": source.name, "aliases": json.dumps(sorted(source.aliases)),
                                "titles": json.dumps(sorted(source.titles)), "medium": is_medium(source.name, None)}
    claims, stances = [], []
    for number, claim in enumerate(ledger.claims, 1):
        claims.append({"id": number, "story": claim.story, "kind": claim.kind, "text": claim.text,
                       "independent_sources": claim.independent_sources, "outlets": claim.outlets,
                       "contradictions": json.dumps(claim.contradictions, ensure_ascii=False)})
        for stance in claim.stances:
            if stance.source not in sources:  # a publishing outlet
                sources[stance.source] = {"id": len(sources) + 1, "name": stance.source, "titles": "[]",
                                          "aliases": json.dumps([stance.source]), "medium": True}
            estimate = stance.estimate
            stances.append({
                "claim_id": number, "document_id": ids[stance.document], "source_id": sources[stance.source]["id"],
                "written": stance.written, "role": stance.role, "certainty": stance.certainty, "said_on": stance.date,
                "publisher": stance.publisher, "evidence_start": stance.evidence.start,
                "evidence_end": stance.evidence.end, "evidence": stance.evidence.text,
                "estimate": estimate.text if estimate else None, "value": estimate.value if estimate else None,
                "low": estimate.low if estimate else None, "high": estimate.high if estimate else None,
                "qualifier": estimate.qualifier if estimate else None})
    with Session(store.writing(engine)) as session, session.begin():
        store.lock(session, "ledger")
        _keep_meanings(session, stored)
        if store.generation(session, "ledger") > built_from:  # another process stored a newer build meanwhile
            return len(claims)
        for table in (store.StanceRow, store.ClaimRow, store.SourceRow, store.LedgerDocument):
            session.execute(delete(table))
        for table, values in ((store.LedgerDocument, documents), (store.SourceRow, list(sources.values())),
                              (store.ClaimRow, claims), (store.StanceRow, stances)):
            if values:
                session.execute(insert(table), values)
        session.execute(update(store.LedgerState).where(store.LedgerState.key == "ledger").values(generation=built_from))
    return len(claims)


def _stances(session: Session, claim_ids: list[int]) -> dict[int, list[StanceView]]:
    query = (select(store.StanceRow, store.SourceRow.name, store.LedgerDocument, store.Document.url)
             .join(store.SourceRow, store.SourceRow.id == store.StanceRow.source_id)
             .join(store.LedgerDocument, store.LedgerDocument.document_id == store.StanceRow.document_id)
             .join(store.Document, store.Document.id == store.StanceRow.document_id)
             .where(store.StanceRow.claim_id.in_(claim_ids)).order_by(store.StanceRow.id))
    found: dict[int, list[StanceView]] = defaultdict(list)
    for stance, name, document, url in session.execute(query):
        found[stance.claim_id].append(StanceView(
            source=name, written=stance.written, role=stance.role, certainty=stance.certainty, date=stance.said_on,
            outlet=document.outlet, document=stance.document_id, url=url, copy_group=document.copy_group,
            publisher=stance.publisher, evidence=stance.evidence, start=stance.evidence_start, end=stance.evidence_end,
            estimate=stance.estimate, value=stance.value, low=stance.low, high=stance.high, qualifier=stance.qualifier))
    return found


def _summary(claim: store.ClaimRow, stances: list[StanceView]) -> ClaimSummary:
    return ClaimSummary(id=claim.id, story=claim.story, kind=claim.kind, text=claim.text,
                        independent_sources=claim.independent_sources, outlets=claim.outlets,
                        articles=len({s.document for s in stances}),
                        sources=list(dict.fromkeys(s.source for s in stances if s.role != "relay")),
                        contradictions=json.loads(claim.contradictions))


MAX_QUERY = 1_000  # characters: a whole claim sentence fits; SQLite refuses LIKE patterns over 50,000 bytes
MAX_ID = 2**31 - 1  # claim ids are 32-bit on PostgreSQL; a larger one names no claim (SQLite would overflow)


def _query(query: str | None) -> str | None:
    """The query as searched (casefolded), or a one-line error for one no claim could match."""
    if query is None or not query.strip():
        return None
    if len(query) > MAX_QUERY:
        raise ReportedlyError(f"the query is {len(query):,} characters long; at most {MAX_QUERY:,} (a few words of the claim)")
    return query.casefold()


def _claim_id(claim_id: int) -> int:
    if not 1 <= claim_id <= MAX_ID:
        raise ReportedlyError(f"no claim {claim_id} in the ledger (ids are whole numbers from 1; `reportedly claims` lists them)")
    return claim_id


def claims(engine: Engine, query: str | None = None, limit: int | None = None) -> list[ClaimSummary]:
    """Claims whose words, or whose sources' names, contain ``query`` (all without one); most
    independent sources first. The query's characters are taken as written: ``%`` and ``_`` are
    not wildcards. A query over MAX_QUERY characters or a ``limit`` below 1 is a ReportedlyError."""
    words = _query(query)
    if limit is not None and limit < 1:
        raise ReportedlyError(f"the limit must be 1 or more, not {limit}")
    limit = None if limit is None else min(limit, MAX_ID)
    refresh(engine)  # a ledger behind its analyses is built before it is read
    with Session(engine) as session:
        select_claims = select(store.ClaimRow)
        if words:
            sourced = (select(store.StanceRow.claim_id).join(store.SourceRow, store.SourceRow.id == store.StanceRow.source_id)
                       .where(func.lower(store.SourceRow.name).contains(words, autoescape=True)))
            select_claims = select_claims.where(or_(func.lower(store.ClaimRow.text).contains(words, autoescape=True),
                                                    store.ClaimRow.id.in_(sourced)))
        select_claims = select_claims.order_by(store.ClaimRow.independent_sources.desc(), store.ClaimRow.outlets.desc(),
                                               store.ClaimRow.id).limit(limit)
        rows = list(session.scalars(select_claims))
        stances = _stances(session, [r.id for r in rows])
        return [_summary(row, stances[row.id]) for row in rows]


def claim(engine: Engine, claim_id: int) -> ClaimView:
    """One claim with its stances; an id that names no claim is a ReportedlyError."""
    _claim_id(claim_id)
    refresh(engine)  # a ledger behind its analyses is built before it is read
    with Session(engine) as session:
        row = session.get(store.ClaimRow, claim_id)
        if row is None:
            raise ReportedlyError(f"no claim {claim_id} in the ledger (`reportedly claims` lists them)")
        stances = _stances(session, [claim_id])[claim_id]
        return ClaimView(**_summary(row, stances).model_dump(), stances=stances)


def sources(engine: Engine, query: str | None = None) -> list[SourceView]:
    """Sources whose name, aliases or titles contain ``query``, most claims first."""
    words = _query(query)
    refresh(engine)  # a ledger behind its analyses is built before it is read
    with Session(engine) as session:
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        claim_counts: dict[int, int] = {}
        for source_id, role, n in session.execute(select(store.StanceRow.source_id, store.StanceRow.role, func.count())
                                                  .group_by(store.StanceRow.source_id, store.StanceRow.role)):
            counts[source_id][role] = n
        for source_id, n in session.execute(select(store.StanceRow.source_id, func.count(func.distinct(store.StanceRow.claim_id)))
                                            .group_by(store.StanceRow.source_id)):
            claim_counts[source_id] = n
        found = []
        for row in session.scalars(select(store.SourceRow).order_by(store.SourceRow.id)):
            aliases, titles = json.loads(row.aliases), json.loads(row.titles)
            if words and words not in " ".join([row.name, *aliases, *titles]).casefold():
                continue
            found.append(SourceView(id=row.id, name=row.name, aliases=aliases, titles=titles, medium=row.medium,
                                    claims=claim_counts.get(row.id, 0), roles=counts.get(row.id, {})))
        return sorted(found, key=lambda s: (-s.claims, s.name))


def timeline(engine: Engine, claim_id: int) -> list[Estimate]:
    """The estimates of a claim by date (undated last), each with the source that gave it (not the
    relays). A claim that holds no figure has no timeline: a ReportedlyError that says so and
    points to ``claim`` (an empty table would look like a timeline with nothing in it yet)."""
    view = claim(engine, claim_id)
    estimates = [Estimate(date=s.date, source=s.source, estimate=s.estimate, value=s.value, low=s.low, high=s.high,
                          qualifier=s.qualifier, role=s.role, outlet=s.outlet, document=s.document)
                 for s in view.stances if s.estimate is not None and s.role != "relay"]
    if not estimates:
        raise ReportedlyError(f"claim {claim_id} holds no figure, so it has no timeline (`reportedly claim {claim_id}` shows "
                              "its stances; `reportedly claims` marks claims about figures as kind 'estimate')")
    return sorted(estimates, key=lambda e: (e.date or dt.date.max, e.document))
