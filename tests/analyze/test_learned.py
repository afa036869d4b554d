"""The learned attribution model: grouping of tags, its classifiers, training and the shipped model."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.analyze.attribution import learned
from reportedly.analyze.morphology import TagTable, hanta_tags
from reportedly.cli import app
from reportedly.errors import ConfigError
from reportedly.knowledge.language import language
from reportedly.model import Analysis, Article, Mention, Paragraph, Span, Statement, Token
from reportedly.pipeline import Pipeline, load_config
from tests.conftest import SHARED

DE_TRAIN = SHARED / "eval" / "de-news-quotes" / "train.jsonl.gz"
runner = CliRunner()
FUNCTION_WORDS = language("de").words.function_words


def _doc(words: list[str], sentence_of: list[int] | None = None) -> learned.Doc:
    text, tokens, pos = "", [], 0
    for k, word in enumerate(words):
        tokens.append(Token(start=pos, end=pos + len(word), text=word, sentence=(sentence_of or [0] * len(words))[k]))
        text += word + " "
        pos += len(word) + 1
    return learned.Doc(text=text, tokens=tokens, cues=learned.load("de"), rule_statements=[], paragraph_starts=[0],
                       tags=hanta_tags([t.text for t in tokens], "de"))


def test_quote_tags_split_into_statements_and_continue_over_a_gap():
    doc = _doc(["„", "Wir", "kommen", "“", ",", "sagte", "er", ",", "„", "bald", "wieder", "“", ".", "Er", "soll", "gehen", "."])
    labels = ["B-Q", "I-Q", "I-Q", "I-Q", "O", "B-C", "B-S", "O", "I-Q", "I-Q", "I-Q", "I-Q", "O", "B-Q", "I-Q", "I-Q", "I-Q"]
    groups = learned.quote_groups(doc, labels)
    assert [g.quote for g in groups] == [[0, 1, 2, 3, 8, 9, 10, 11], [13, 14, 15, 16]]
    assert learned.role_spans(labels) == [("cue", [5]), ("speaker", [6])]


def test_linear_classifier_reads_its_json_and_gives_probabilities():
    clf = learned.Linear.from_json({"classes": ["0", "1"], "weights": {"near": [0.0, 2.0]}, "bias": [0.0, -1.0]})
    assert clf.predict(["near"]) == ("1", pytest.approx(0.731, abs=1e-3))
    assert clf.predict(["unknown feature"])[0] == "0"
    assert learned.Linear.from_json(clf.to_json()) == clf


def test_without_a_model_for_the_language_the_rules_stand(tmp_path):
    config = load_config()
    config["components"]["attribution_model"]["model_dir"] = str(tmp_path)  # holds no de/ model
    with_rules_only = load_config()
    with_rules_only["pipeline"]["components"] = ["language", "tokens", "attribution"]
    text = "Der Minister sagte, die Lage sei ernst und die Regierung werde handeln."
    ours = Pipeline(config).run_text(text)
    rules = Pipeline(with_rules_only).run_text(text)
    assert [s.quote for s in ours.statements] == [s.quote for s in rules.statements] != []


def test_shipped_model_finds_what_the_cue_lexicon_lacks_and_keeps_spans_apart():
    # "beteuerte" is in no cue list: the rules find nothing, the trained tagger finds the statement
    analysis = Pipeline().run_text("Die Polizei beteuerte am Montag, sie sei ständig rund um den Hauptbahnhof auf Streife.")
    (statement,) = analysis.statements
    assert statement.quote[0].text.startswith("sie sei ständig rund um den Hauptbahnhof")
    assert [s.text for s in statement.speaker] == ["Die Polizei"]
    assert 0.0 <= (statement.confidence or 0) <= 1.0
    # the rules' cue "gefordert" and the tagger's "hat gefordert" are one cue, not two
    analysis = Pipeline().run_text("Staatssekretär Matthias Berninger hat gefordert, größere Tankstellen zum Angebot zu zwingen.")
    (statement,) = analysis.statements
    assert [c.text for c in statement.cue] in (["hat gefordert"], ["gefordert"])
    assert [s.text for s in statement.speaker] == ["Staatssekretär Matthias Berninger"]


def test_a_quoted_fragment_inside_a_reported_statement_is_a_direct_statement_too():
    text = "Er sagte, es gebe „keinen Grund zur Sorge“ und ein „Problem“."
    start = text.index("es")
    speaker = Span(start=0, end=2, text="Er")
    indirect = Statement(quote=[Span(start=start, end=len(text) - 1, text=text[start:-1])], speaker=[speaker], type="Indirect")
    fragment = text.index("„")
    own = Statement(quote=[Span(start=fragment, end=fragment + 24, text=text[fragment:fragment + 24])], type="Direct")
    kept, direct = learned.quoted_fragments(text, [indirect], 2, FUNCTION_WORDS)  # one word („Problem“) is a term, no quote
    assert kept == indirect
    assert (direct.type, direct.quote[0].text, direct.speaker[0].text) == ("Direct", "„keinen Grund zur Sorge“", "Er")
    assert learned.quoted_fragments(text, [indirect, own], 2, FUNCTION_WORDS) == [indirect, own]  # already a statement
    assert learned.quoted_fragments(text, [indirect], 5, FUNCTION_WORDS) == [indirect]  # shorter than asked for
    assert learned.load("de").fragment_words == 2 and learned.load("en").fragment_words == 0  # PolNeAR has none


def test_a_direct_fragment_gets_the_reported_clause_around_it():
    doc = _doc(["Sie", "sagte", ",", "er", "müsse", "die", "Kinder", "„", "aus", "diesem", "Leben", "“", "nehmen", "."])
    fragment = Span(start=doc.tokens[7].start, end=doc.tokens[11].end, text="")
    direct = Statement(quote=[fragment], speaker=[Span(start=0, end=3, text="Sie")], type="Direct")
    kept, clause = learned.reported_containers(doc, [direct])
    assert kept == direct and clause.type == "Indirect" and clause.speaker[0].text == "Sie"
    assert doc.text[clause.quote[0].start:clause.quote[0].end] == "er müsse die Kinder „ aus diesem Leben “ nehmen"
    # no Konjunktiv, no "dass": the fragment is a term in the writer's own sentence
    doc = _doc(["Er", "nannte", "es", "einen", "„", "großen", "Tag", "“", "für", "alle", "."])
    direct = Statement(quote=[Span(start=doc.tokens[4].start, end=doc.tokens[7].end, text="")], type="Direct")
    assert learned.reported_containers(doc, [direct]) == [direct]


def test_a_reported_clause_ends_where_the_speakers_own_sentence_goes_on():
    doc = _doc(["Er", "hatte", "erklärt", ",", "er", "sei", "unschuldig", ",", "erkannte", "das", "Gericht", "nicht", "an", "."])
    group = learned.Group(quote=list(range(4, 13)))
    assert learned.end_at_main_clause(doc, group) and group.quote == [4, 5, 6]
    # a Konjunktiv verb after the comma goes on with the quote
    doc = _doc(["Er", "sagte", ",", "die", "Lage", "sei", "ernst", ",", "bleibe", "aber", "ruhig", "."])
    group = learned.Group(quote=list(range(3, 11)))
    assert not learned.end_at_main_clause(doc, group) and group.quote == list(range(3, 11))
    # nothing reported before the verb: the quote is no reported clause of its own
    doc = _doc(["Ein", "Sprecher", ",", "Lars", "Beringer", ",", "erklärte", "das", "Gericht", "."])
    assert not learned.end_at_main_clause(doc, learned.Group(quote=list(range(0, 9))))


def test_a_speakers_apposition_is_part_of_the_speaker_and_a_relative_clause_is_not():
    doc = _doc(["„", "Es", "geht", "“", ",", "sagte", "Ursula", "Castrup", ",", "die", "Leiterin", "der", "Fachstelle", "."])
    assert learned.with_apposition(doc, 7, [0, 1, 2, 3]) == 12
    doc = _doc(["„", "Es", "geht", "“", ",", "sagte", "Hubert", "Primus", ",", "der", "bei", "Warentest", "arbeitet", "."])
    assert learned.with_apposition(doc, 7, [0, 1, 2, 3]) == 7


def test_a_model_dir_must_hold_language_folders(tmp_path: Path):
    (tmp_path / "classifiers.json").write_text("{}")
    config = load_config()
    config["components"]["attribution_model"]["model_dir"] = str(tmp_path)
    with pytest.raises(ConfigError, match="holds de/ and en/"):
        Pipeline(config)
    config["components"]["attribution_model"]["model_dir"] = str(tmp_path / "missing")
    with pytest.raises(ConfigError, match="not a folder"):
        Pipeline(config)


def test_tag_table_knows_the_training_forms_and_guesses_the_others(tmp_path: Path):
    words = ["Der", "Minister", "sagte", "der", "Zeitung", ",", "Verteidigungsminister", "seien"]
    table = TagTable.learn(zip(words, hanta_tags(words, "de"), strict=True))
    assert table.tags(["Minister", "sagte", "seien", ","]) == ["NN", "VVFIN", "VAFIN", "$"]
    assert table.tags(["Innenminister"]) == ["NN"]  # unseen: capitalised, ends in "ter" like "Minister"
    table.save(tmp_path / "tags.json")
    assert TagTable.load(tmp_path / "tags.json") == table


def test_dropping_statements_renumbers_the_nested_ones():
    groups = [learned.Group(quote=[0]), learned.Group(quote=[5], parent=0), learned.Group(quote=[9], parent=1)]
    kept = learned.drop_groups(groups, [False, True, True])
    assert [g.quote for g in kept] == [[5], [9]]
    assert [g.parent for g in kept] == [None, 0]  # the dropped parent leaves none; the kept one moves up


def test_empty_document_has_no_statements():
    analysis = Analysis(source="x", article=Article(text="", paragraphs=[Paragraph(start=0, end=0, text="")]))
    assert learned.LearnedAttribution()(analysis).statements == []


def test_train_command_is_deterministic_and_its_model_runs(tmp_path: Path):
    if not DE_TRAIN.exists():
        pytest.skip(f"training gold not found at {DE_TRAIN} (../shared is not checked out beside the repo)")
    subset = tmp_path / "gold.jsonl"
    with gzip.open(DE_TRAIN, "rt", encoding="utf-8") as handle, subset.open("w", encoding="utf-8") as out:
        for _, line in zip(range(25), handle, strict=False):
            out.write(line)
    outputs = []
    for name in ("a", "b"):
        result = runner.invoke(app, ["train", "attribution", "--gold", str(subset), "--out", str(tmp_path / name / "de")])
        assert result.exit_code == 0, result.output
        outputs.append(tmp_path / name / "de")
    for part in ("classifiers.json", "main.crfsuite", "frames.crfsuite", "tags.json"):
        assert (outputs[0] / part).read_bytes() == (outputs[1] / part).read_bytes(), part
    data = json.loads((outputs[0] / "classifiers.json").read_text("utf-8"))
    meta = data["meta"]
    assert meta["documents"] == 25 and meta["language"] == "de" and meta["seed"] == 13
    assert data["speaker"]["weights"] and data["keep"]["classes"] == ["0", "1"]  # German: ranker and keep step

    config = load_config()
    config["components"]["attribution_model"]["model_dir"] = str(tmp_path / "a")
    analysis = Pipeline(config).run_text("„Wir werden das Problem lösen“, sagte der Bürgermeister am Montag in der Stadt.")
    assert analysis.statements and analysis.statements[0].quote


def test_train_command_rejects_bad_gold_in_one_line(tmp_path: Path):
    result = runner.invoke(app, ["train", "attribution", "--gold", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "gold not found" in result.output and "Traceback" not in result.output


def test_joining_a_continuation_renumbers_parents():
    def span(s: int, e: int) -> Span:
        return Span(start=s, end=e, text="x" * (e - s))

    caddell = [Mention(start=30, end=37, text="Caddell")]
    first = Statement(quote=[span(0, 25)], speaker=caddell, cue=[span(26, 29)], type="Direct")
    going_on = Statement(quote=[span(40, 60)], speaker=caddell, type="Direct")
    nested = Statement(quote=[span(45, 50)], speaker=[Mention(start=45, end=47, text="xx")], type="Indirect", parent=1)
    other = Statement(quote=[span(70, 90)], speaker=[Mention(start=92, end=95, text="Ann")], type="Direct")
    joined = learned.join_continuations([first, going_on, nested, other])
    assert [[(q.start, q.end) for q in s.quote] for s in joined] == [[(0, 25), (40, 60)], [(45, 50)], [(70, 90)]]
    assert joined[1].parent == 0
