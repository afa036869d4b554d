"""The ledger on the sample page and five reports of its story (tests/data/ledger/sample_story.md):
claims with their stance tables, estimates in time order, sources, copies — through the CLI and
the Python API, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.errors import ReportedlyError
from reportedly.ledger import claims, queries, store
from reportedly.model import Analysis, Article, Paragraph, Span, Statement
from tests.conftest import DATA, SAMPLE
from tests.ledger.conftest import rows

runner = CliRunner()
STORY = DATA / "ledger" / "sample_story.jsonl"


@pytest.fixture
def ledger(db_url) -> str:
    result = runner.invoke(app, ["ingest", str(SAMPLE), str(STORY), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "claims" in result.output
    return db_url


def _claims(db: str) -> list[dict]:
    result = runner.invoke(app, ["claims", "--db", db, "--limit", "500", "--format", "json"])
    assert result.exit_code == 0, result.output
    return [json.loads(runner.invoke(app, ["claim", str(c["id"]), "--db", db, "--format", "json"]).output)
            for c in json.loads(result.output)]


def _has(claim: dict, source: str, role: str) -> bool:
    return any(source in s["source"] and s["role"] == role for s in claim["stances"])


def test_the_clash_has_its_original_its_relay_and_its_confirmation(ledger):
    claims = _claims(ledger)
    clash = [c for c in claims if _has(c, "Financial Times", "relay") and _has(c, "Umerov", "confirms")]
    assert clash, "no claim with the FT relaying and Umerov confirming"
    assert any(s["role"] == "original" and "geheimdienst" in s["source"].casefold() for s in clash[0]["stances"])
    # Umerov's confirmation answers the clash in every report that carries it ("bestätigte den Kampf",
    # "… die Kämpfe"), not the troops' part in the fighting that the same words also touch
    confirming = [(c["id"], s["document"]) for c in claims for s in c["stances"]
                  if s["source"] == "Rustem Umerov" and s["role"] == "confirms" and "bestätigte" in s["evidence"]]
    assert len(confirming) >= 3 and {claim for claim, _ in confirming} == {clash[0]["id"]}


def test_the_kursk_estimates_come_in_time_order_by_source(ledger):
    claims = _claims(ledger)
    kursk = [c for c in claims if c["kind"] == "estimate" and _has(c, "Blinken", "original") and _has(c, "Pat Ryder", "original")
             and any("8000" in (s["estimate"] or "") for s in c["stances"])]
    assert kursk
    result = runner.invoke(app, ["timeline", str(kursk[0]["id"]), "--db", ledger, "--format", "json"])
    timeline = json.loads(result.output)
    dated = [(e["date"], e["source"], e["estimate"]) for e in timeline if e["date"]]
    assert [d for d, _, _ in dated] == sorted(d for d, _, _ in dated)
    first_blinken = min(i for i, e in enumerate(dated) if e[1] == "Antony Blinken")
    first_ryder = min(i for i, e in enumerate(dated) if e[1] == "Pat Ryder")
    assert first_blinken < first_ryder and "8000" in dated[first_blinken][2]
    assert kursk[0]["contradictions"]  # about 8000 vs at least 10,000


def test_the_english_report_joins_the_german_reports_of_its_story(ledger):
    # words alone kept the English wire report a story of its own; by meaning its figures join the
    # German reports' count of the troops in Kursk
    english = "globalwire-example.com"
    kursk = [c for c in _claims(ledger) if c["kind"] == "estimate"
             and any(english in (s["url"] or "") and "10,000" in (s["estimate"] or "") for s in c["stances"])]
    assert kursk, "the English report's 'at least 10,000' is in no estimate claim"
    german = {s["document"] for s in kursk[0]["stances"] if english not in (s["url"] or "")}
    assert len(german) >= 3 and any("10.000" in (s["estimate"] or "") for s in kursk[0]["stances"])


def test_a_rebuild_embeds_only_texts_it_has_not_seen(ledger, monkeypatch):
    from reportedly.ledger import similarity

    kept = rows(ledger, "SELECT count(*) FROM meanings")[0][0]
    assert kept > 6  # the two-language story's documents and mentions
    claims_before = len(_claims(ledger))
    monkeypatch.setattr(similarity, "KNOWN_MEANINGS", {})  # as a new process starts

    def no_encoder():
        raise AssertionError("a rebuild embedded a text the database keeps")

    monkeypatch.setattr(similarity, "_encoder", no_encoder)
    assert queries.rebuild(store.connect(ledger)) == claims_before
    assert rows(ledger, "SELECT count(*) FROM meanings")[0][0] == kept


def test_a_wire_copy_counts_once(ledger):
    groups = rows(ledger, "select l.copy_group, d.url from ledger_documents l join documents d on d.id = l.document_id")
    by_url = {url: group for group, url in groups}
    wire = [g for u, g in by_url.items() if u and ("nachrichten-beispiel" in u or "musterstaedter" in u)]
    assert len(wire) == 2 and wire[0] == wire[1]
    for claim in _claims(ledger):
        assert claim["outlets"] == len({s["copy_group"] for s in claim["stances"]})


def test_sources_are_normalised_with_their_titles(ledger):
    result = runner.invoke(app, ["sources", "Ryder", "--db", ledger, "--format", "json"])
    (ryder,) = [s for s in json.loads(result.output) if s["name"] == "Pat Ryder"]
    assert any("Sprecher" in t for t in ryder["titles"]) and "Ryder" in ryder["aliases"]
    assert ryder["roles"].get("original", 0) >= 2


def test_csv_and_the_python_api_give_the_same_claims(ledger):
    result = runner.invoke(app, ["claims", "Kursk", "--db", ledger, "--format", "csv"])
    table = list(csv.DictReader(io.StringIO(result.output)))
    found = queries.claims(store.connect(ledger), "Kursk", limit=50)
    assert [int(r["id"]) for r in table] == [c.id for c in found] and found
    assert all("kursk" in c.text.casefold() or any("kursk" in s.casefold() for s in c.sources) for c in found)


def test_an_unknown_claim_is_one_line_and_exit_2(ledger):
    result = runner.invoke(app, ["claim", "99999", "--db", ledger])
    assert result.exit_code == 2 and "no claim 99999" in result.output and "Traceback" not in result.output


def _one_line_error(args: list[str], expected: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and expected in result.output, (args, result.output)
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output, result.output


def test_query_edge_cases_are_one_line_errors_or_literal_matches(ledger):
    huge = str(2**70)
    _one_line_error(["claims", "Kursk " * 10_000, "--db", ledger], "at most 1,000")  # before: a traceback
    _one_line_error(["sources", "x" * 50_000, "--db", ledger], "at most 1,000")
    _one_line_error(["claim", huge, "--db", ledger], f"no claim {huge}")  # before: OverflowError, traceback
    _one_line_error(["timeline", huge, "--db", ledger], f"no claim {huge}")
    _one_line_error(["claim", "0", "--db", ledger], "no claim 0")
    _one_line_error(["claims", "--limit", "-1", "--db", ledger], "limit must be 1 or more")
    everything = json.loads(runner.invoke(app, ["claims", "--db", ledger, "--limit", "500", "--format", "json"]).output)
    for wildcard in ("%", "_", "%%", "Kursk%"):  # before: % and _ matched every claim
        result = runner.invoke(app, ["claims", wildcard, "--db", ledger, "--format", "json"])
        assert result.exit_code == 0 and json.loads(result.output) == [], (wildcard, len(everything))
    # a claim without figures has no timeline: one line, exit 2 (before: an empty table and exit 0)
    plain = next(c for c in everything if c["kind"] != "estimate")
    _one_line_error(["timeline", str(plain["id"]), "--db", ledger], f"claim {plain['id']} holds no figure")
    # the library says the same, so Python callers get the errors too
    engine = store.connect(ledger)
    for call in (lambda: queries.claims(engine, "a" * 1_001), lambda: queries.claim(engine, 2**63),
                 lambda: queries.timeline(engine, plain["id"])):
        with pytest.raises(ReportedlyError):
            call()
    assert queries.claims(engine, "_") == [] and len(queries.claims(engine, "kursk")) > 0


def test_reingest_rebuilds_nothing_new(ledger):
    before = rows(ledger, "select count(*) from claims")
    result = runner.invoke(app, ["ingest", str(SAMPLE), str(STORY), "--db", ledger])
    assert result.exit_code == 0 and rows(ledger, "select count(*) from claims") == before


def test_query_commands_without_a_ledger_and_eval_without_data_are_one_line_errors(tmp_path):
    for args in (["claims", "--db", str(tmp_path / "none.db")], ["sources", "--db", str(tmp_path / "none.db")],
                 ["eval", "ledger"], ["eval", "ledger", "--events", str(tmp_path / "missing.jsonl")],
                 ["eval", "ledger", "--pairs", str(STORY)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1, result.output
    assert not (tmp_path / "none.db").exists()


def test_a_quoted_fragment_and_the_statement_around_it_are_one_mention():
    text = "Die Ministerin sagte, die Lage sei „sehr ernst und gefährlich“ geworden."
    start, fragment = text.index("die Lage"), text.index("„")
    speaker = Span(start=0, end=14, text="Die Ministerin")
    indirect = Statement(quote=[Span(start=start, end=len(text) - 1, text=text[start:-1])], speaker=[speaker], type="Indirect")
    direct = Statement(quote=[Span(start=fragment, end=fragment + 27, text=text[fragment:fragment + 27])], speaker=[speaker],
                       type="Direct")
    analysis = Analysis(source="x", article=Article(text=text, paragraphs=[Paragraph(start=0, end=len(text), text=text)]),
                        statements=[indirect, direct])
    found = claims.mentions(analysis, claims.Article(index=0, outlet=None))
    assert [m.evidence.text for m in found] == [indirect.quote[0].text]
    other = Statement(quote=direct.quote, speaker=[Span(start=0, end=3, text="Die")], type="Direct")  # another's words: two
    analysis.statements = [indirect, other]
    assert len(claims.mentions(analysis, claims.Article(index=0, outlet=None))) == 2


def test_a_stance_with_short_content_is_read_with_its_holder_and_verb():
    text = "Der Minister Rustem Umerov bestätigte die Kämpfe. Der Kreml bestätigte den Bericht über einen ersten Schusswechsel."

    def at(words: str) -> Span:
        start = text.index(words)
        return Span(start=start, end=start + len(words), text=words)

    second = text.rindex("bestätigte")
    short = Statement(quote=[at("die Kämpfe")], speaker=[at("Der Minister Rustem Umerov")], certainty="confirmed",
                      certainty_cue=at("bestätigte"))
    long = Statement(quote=[at("den Bericht über einen ersten Schusswechsel")], speaker=[at("Der Kreml")],
                     certainty="confirmed", certainty_cue=Span(start=second, end=second + 10, text="bestätigte"))
    analysis = Analysis(source="x", article=Article(text=text, paragraphs=[Paragraph(start=0, end=len(text), text=text)]),
                        statements=[short, long])
    found = claims.mentions(analysis, claims.Article(index=0, outlet=None))
    assert [m.evidence.text for m in found] == ["Der Minister Rustem Umerov bestätigte die Kämpfe",
                                                "den Bericht über einen ersten Schusswechsel"]
