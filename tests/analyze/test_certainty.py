"""Certainty of statements: confirmed, denied, unconfirmed, expected, alleged, reported — and the
outlet's own hedged sentences."""

from __future__ import annotations

import pytest

import reportedly
from reportedly.pipeline import Pipeline
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def certainty_of(pipeline: Pipeline, text: str, content: str, language: str = "de") -> tuple[str | None, str | None]:
    """The certainty (and its cue) of the statement whose quote holds ``content``; asserted when none does."""
    analysis = pipeline.run_text(text, language=language)
    start = text.index(content)
    for statement in analysis.statements:
        if any(q.start <= start < q.end for q in statement.quote):
            return statement.certainty, statement.certainty_cue.text if statement.certainty_cue else None
    return "asserted", None


@pytest.mark.parametrize(
    ("text", "content", "language", "expected"),
    [
        ("Der Minister sagte, die Lage sei ernst.", "die Lage sei ernst", "de", ("reported", None)),
        ("Die Polizei bestätigte die Festnahme eines 34-Jährigen.", "die Festnahme", "de", ("confirmed", "bestätigte")),
        ("Der Konzern dementierte, dass er Stellen streichen wolle.", "dass er Stellen", "de", ("denied", "dementierte")),
        ("Ein Sprecher konnte die Zahl der Todesopfer nicht bestätigen.", "die Zahl", "de", ("unconfirmed", "bestätigen")),
        ("Die Angaben ließen sich nicht unabhängig überprüfen.", "Die Angaben", "de", ("unconfirmed", "nicht")),
        ("Die Regierung geht davon aus, dass die Preise steigen.", "dass die Preise", "de", ("expected", "geht")),
        ("Angeblich soll der Täter geflohen sein.", "der Täter", "de", ("alleged", "Angeblich")),
        ("Bei dem Brand sollen drei Menschen gestorben sein.", "drei Menschen", "de", ("alleged", "sollen")),
        ("Der Test soll im Mai wiederholt werden.", "im Mai", "de", ("expected", "soll")),
        ("Der Angeklagte bestritt nicht, am Tatort gewesen zu sein.", "am Tatort", "de", ("reported", "bestritt")),
        ("The ministry later confirmed the figure.", "the figure", "en", ("confirmed", "confirmed")),
        ("The company denied any wrongdoing.", "any wrongdoing", "en", ("denied", "denied")),
        ("The claims could not be independently verified.", "The claims", "en", ("unconfirmed", "could")),
        ("Forecasters expect the storm to make landfall on Thursday.", "the storm", "en", ("expected", "expect")),
        ("The gunman reportedly fled the scene.", "fled the scene", "en", ("alleged", "reportedly")),
        ("The alleged gunman was arrested on Sunday.", "was arrested", "en", ("asserted", None)),
        # a denial in the speaker's own words, with no verb of denying
        ("\"The situation you have mentioned absolutely does not exist,\" the spokesman said.", "The situation", "en",
         ("denied", "does")),
        ("Die Vorwürfe seien haltlos, sagte ein Sprecher der Regierung.", "Die Vorwürfe", "de", ("denied", "haltlos")),
    ],
)
def test_certainty_by_cue_and_negation(pipeline, text, content, language, expected):
    assert certainty_of(pipeline, text, content, language) == expected


def test_sample_page_hedge_confirmation_non_confirmation_and_expectations():
    analysis = reportedly.analyze(str(SAMPLE))

    def certainty(start: str) -> set[str | None]:
        return {s.certainty for s in analysis.statements if s.quote and s.quote[0].text.startswith(start)}

    headline = next(s for s in analysis.statements if s.certainty_cue and s.certainty_cue.text == "Angeblich")
    assert headline.certainty == "alleged" and not headline.speaker and headline.type is None
    assert certainty("Der ukrainische Verteidigungsminister Rustem Umerov bestätigte") == {"confirmed"}
    assert certainty("Das US-Verteidigungsministerium könne derzeit jedoch keine Berichte bestätigen") == {"unconfirmed"}
    assert certainty("Die USA gingen davon aus") == {"expected"}
    assert certainty("er erwarte, dass weitere") == {"expected"}
    assert all(s.certainty is not None for s in analysis.statements)
    # the Defense Department's non-confirmation is its own statement, nested in Ryder's
    ministry = next(s for s in analysis.statements if s.speaker and s.speaker[0].text == "Das US-Verteidigungsministerium")
    assert ministry.certainty == "unconfirmed" and ministry.quote[0].text.startswith("die nordkoreanischen Soldaten")
    assert ministry.parent is not None and analysis.statements[ministry.parent].speaker[0].text == "Ryder"


def test_a_stance_in_a_headline_belongs_to_who_takes_it_not_to_the_topic(pipeline):
    analysis = pipeline.run_text("Nordkoreanische Soldaten in Kursk: Moskau bestreitet Kampfeinsatz\n\n"
                                 "Die Berichte sorgen weiter für Unruhe in der Region.", language="de")
    (stance,) = [s for s in analysis.statements if s.certainty == "denied"]
    assert [m.text for m in stance.speaker] == ["Moskau"]


def test_a_headline_speaker_before_the_colon_holds_a_stance_with_no_subject(pipeline):
    # "erwartet" closing its clause is a participle ("deployment expected"), its noun no holder;
    # the name before the headline's colon speaks it
    analysis = pipeline.run_text("Blinken: Rund 8000 Nordkoreaner in Kursk – Einsatz in Kämpfen erwartet\n\n"
                                 "Die Berichte sorgen weiter für Unruhe in der Region.", language="de")
    (stance,) = [s for s in analysis.statements if s.certainty == "expected"]
    assert [m.text for m in stance.speaker] == ["Blinken"]
    assert stance.quote[0].text.startswith("Rund 8000")
    # an infinitive after a modal still has its subject as holder
    analysis = pipeline.run_text("Ryder: Pentagon kann Berichte nicht bestätigen\n\n"
                                 "Die Berichte sorgen weiter für Unruhe in der Region.", language="de")
    (stance,) = [s for s in analysis.statements if s.certainty == "unconfirmed"]
    assert [m.text for m in stance.speaker] == ["Pentagon"]
    # nor is a sentence's own verb: "Moskau widerspricht." is Moskau's, not a denial without a holder
    analysis = pipeline.run_text("Die Berichte sorgen weiter für Unruhe in der Region. Moskau widerspricht.", language="de")
    assert not [s for s in analysis.statements if s.certainty == "denied" and not s.speaker]


def test_no_stance_statement_is_only_a_stop(pipeline):
    # "Damit wären … mehr Nordkoreaner in Kursk als angenommen." left "." as the content of an
    # expectation held by "Damit"
    analysis = pipeline.run_text("Nach Angaben des US-Verteidigungsministeriums sollen sich mindestens 10.000 nordkoreanische "
                                 "Soldaten in der Region Kursk befinden. Damit wären deutlich mehr Nordkoreaner in Kursk als "
                                 "noch vor einer Woche angenommen.", language="de")
    assert analysis.statements
    assert all(any(ch.isalnum() for q in s.quote for ch in q.text) for s in analysis.statements)


def stance(pipeline: Pipeline, text: str, language: str) -> list[tuple[str, str, str, str | None]]:
    """(speaker, cue, content, certainty) of the statements that carry a stance (not plain "reported")."""
    analysis = pipeline.run_text(text, language=language)
    return [(" ".join(m.text for m in s.speaker), " ".join(c.text for c in s.cue), " ".join(q.text for q in s.quote),
             s.certainty) for s in analysis.statements if s.certainty != "reported"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # issue 20: denials that were missed, reflexive and particle verbs among them
        ("Der chinesische Konzern weist die Vorwürfe von sich. Die Berichte sorgen weiter für Unruhe.", "de",
         ("Der chinesische Konzern", "weist von sich", "die Vorwürfe", "denied")),
        ("The Afghan government has ruled out Taliban involvement in the attack.", "en",
         ("The Afghan government", "ruled out", "Taliban involvement in the attack", "denied")),
        ("Die Regierung schloss eine Beteiligung der Armee aus. Die Lage bleibt unklar.", "de",
         ("Die Regierung", "schloss aus", "eine Beteiligung der Armee", "denied")),
        ("Das Ministerium kann die Berichte nicht bestätigen. Die Lage bleibt unklar.", "de",
         ("Das Ministerium", "bestätigen", "die Berichte", "unconfirmed")),
        # a sentence holding only the speaker of the next sentence's statement still states its stance
        ("Das Unternehmen bestreitet die Vorwürfe. Es habe sich an alle Gesetze gehalten.", "de",
         ("Das Unternehmen", "bestreitet", "die Vorwürfe", "denied")),
        # the holder is the verb's subject, not its object before it
        ("Den Bericht bestätigte die Polizei am Abend. Die Lage bleibt unklar.", "de",
         ("die Polizei", "bestätigte", "Den Bericht", "confirmed")),
    ],
)
def test_denials_and_refusals_to_confirm_are_stances_with_holder_and_cue(pipeline, text, language, expected):
    assert expected in stance(pipeline, text, language)


@pytest.mark.parametrize(
    ("text", "language", "content", "expected"),
    [
        ("Der Konzern wies die Vorwürfe zurück, wie ein Sprecher sagte.", "de", "die Vorwürfe", ("denied", "wies")),
        ("Der Minister bestreitet, dass er von den Zahlungen wusste.", "de", "dass er", ("denied", "bestreitet")),
        ("Die Regierung dementierte den Bericht am Montag.", "de", "den Bericht", ("denied", "dementierte")),
        # doubting what is said is disputing it (the real-page set's denial on the WDR page)
        ("Dass sich damit das Problem lösen ließe, bezweifelt der Ökonom Hans Meier.", "de", "Dass sich damit",
         ("denied", "bezweifelt")),
        ("Der Sprecher lehnte es ab, die Berichte des Ministeriums zu bestätigen.", "de", "die Berichte",
         ("unconfirmed", "bestätigen")),
        ("The ministry rejected the report as baseless.", "en", "the report", ("denied", "rejected")),
        ("A spokesman declined to confirm the figures.", "en", "the figures", ("unconfirmed", "confirm")),
        ("The Pentagon could not confirm reports that North Korean troops were fighting.", "en", "North Korean troops",
         ("unconfirmed", "confirm")),
        # a refusal to comment neither denies nor confirms
        ("Der Sprecher lehnte es ab, die Berichte zu kommentieren.", "de", "die Berichte", ("reported", None)),
        ("Officials refused to comment on the claims.", "en", "the claims", ("reported", None)),
    ],
)
def test_denial_cues_in_attributed_statements(pipeline, text, language, content, expected):
    assert certainty_of(pipeline, text, content, language) == expected


def test_a_stance_of_the_statements_own_speaker_is_not_nested_with_its_object_as_holder(pipeline):
    # "Beides" is the object of "bestritt"; the minister denied it, and says so in one statement
    analysis = pipeline.run_text("Beides bestritt der Minister am Montag vor dem Ausschuss.", language="de")
    holders = {m.text for s in analysis.statements for m in s.speaker}
    assert "Beides" not in holders and "dem Ausschuss" not in holders
    assert any(s.certainty == "denied" for s in analysis.statements)
