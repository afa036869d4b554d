"""The speaker ranker: which spans it considers and how it learns to choose among them."""

from __future__ import annotations

from reportedly.analyze.attribution import learned, speaker_ranker
from reportedly.analyze.morphology import hanta_tags
from reportedly.knowledge.cues import load
from reportedly.model import Token


def _doc(words: list[str]) -> learned.Doc:
    text, tokens, pos = "", [], 0
    for word in words:
        tokens.append(Token(start=pos, end=pos + len(word), text=word, sentence=0))
        text += word + " "
        pos += len(word) + 1
    return learned.Doc(text=text, tokens=tokens, cues=load("de"), rule_statements=[], paragraph_starts=[0],
                       tags=hanta_tags([t.text for t in tokens], "de"))


def _texts(doc: learned.Doc, spans: list[tuple[int, int]]) -> set[str]:
    return {" ".join(t.text for t in doc.tokens[i : j + 1]) for i, j in spans}


def test_german_candidates_are_noun_phrase_like_and_stop_at_cue_verbs():
    words = ["Der", "neue", "Minister", "sagte", ",", "die", "Lage", "sei", "ernst", "."]
    doc = _doc(words)
    found = _texts(doc, speaker_ranker.candidates(doc, [5, 6, 7, 8]))
    assert {"Der neue Minister", "neue Minister", "Minister", "die Lage"} <= found
    assert "Der neue" not in found  # a German noun phrase ends in a capitalised noun
    assert not any("sagte" in span for span in found)  # never across the cue verb
    assert len(max(speaker_ranker.candidates(doc, [5, 6, 7, 8], max_words=2), key=lambda c: c[1] - c[0])) == 2


def test_ranker_learns_to_put_the_gold_choice_first_or_choose_no_speaker():
    # three statements: the span marked "subject" is the speaker; where none is, there is no speaker
    choices: list[tuple[list[list[str]], int | None]] = [
        ([["object"], ["subject"]], 1),
        ([["subject"], ["object"], ["object"]], 0),
        ([["object"], ["object"]], None),
    ]
    ranker = speaker_ranker.fit(choices, l2=0.1)
    assert ranker.score(["subject"]) > ranker.weights.get(speaker_ranker.NULL, 0.0) > ranker.score(["object"])
    assert speaker_ranker.fit(choices, l2=0.1) == ranker  # deterministic
    assert speaker_ranker.Ranker.from_json(ranker.to_json()) == ranker


def test_the_shipped_ranker_skips_only_spans_that_cannot_win():
    from reportedly.pipeline import Pipeline, load_config
    from tests.conftest import SAMPLE

    settings = load_config()
    settings["pipeline"]["components"] = learned.components_before_model(settings)
    analysis = Pipeline(settings).run_text(SAMPLE.read_text(encoding="utf-8"), "sample")
    model = learned._load_model(str(learned.shipped_model_dir("de")))
    ranker = model.speaker
    assert ranker is not None
    doc = learned.prepare(analysis, "de", model.tag_table.tags)
    tagger = model.taggers["main"]
    labels = tagger.tag(learned.token_features(doc))
    groups, _ = learned.merge_rules(doc, learned.quote_groups(doc, labels), [])
    ctx = ranker.context(doc, tagger, labels)
    assert len(groups) > 10
    for g in range(len(groups)):
        around = speaker_ranker.Around.of(doc, groups, g)
        scored = [(ranker.score(speaker_ranker.features(ctx, around, cand)), cand)
                  for cand in speaker_ranker.candidates(doc, groups[g].quote, ranker.max_words)]
        assert all(ranker.score(speaker_ranker.relative_features(ctx, around, cand)) <= ranker.relative_bound + 1e-9
                   for _, cand in scored)
        best = max(scored, key=lambda item: item[0], default=None)  # the first of equals, as choose keeps it
        null = ranker.weights.get(speaker_ranker.NULL, 0.0)
        expected = best[1] if best and best[0] > null else None
        assert ranker.choose(ctx, groups, g) == expected
        # the margin the keep classifier reads: the chosen span's lead over "no speaker", or how far
        # the spans fall short of it
        chosen, margin = ranker.choose_with_margin(ctx, groups, g)
        if chosen is not None:
            assert best is not None and abs(margin - (best[0] - null)) < 1e-9
        else:
            assert margin <= 0
