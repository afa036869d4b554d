import pytest

import reportedly
from reportedly.pipeline import Pipeline

TEXT = (
    "Der ukrainische Verteidigungsminister Rustem Umerov sprach in Kiew. Später sagte der Minister, die Lage sei ernst. "
    "Pentagon-Sprecher Pat Ryder sagte am Montag, man prüfe die Berichte. "
    "Ein Sprecher des Pentagons sagte, es gebe keine Bestätigung."
)


def _resolved(analysis):
    return {m.text: (m.resolved.text if m.resolved else None) for s in analysis.statements for m in s.speaker}


def test_role_nouns_resolve_to_the_name_after_their_role_word():
    resolved = _resolved(Pipeline().run_text(TEXT))
    assert resolved["der Minister"] == "Rustem Umerov"
    assert resolved["Ein Sprecher des Pentagons"] == "Pat Ryder"
    assert resolved["Pentagon-Sprecher Pat Ryder"] is None  # already named


def test_resolved_span_indexes_the_text():
    analysis = Pipeline().run_text(TEXT)
    for statement in analysis.statements:
        for mention in statement.speaker:
            if mention.resolved:
                assert TEXT[mention.resolved.start : mention.resolved.end] == mention.resolved.text


def test_sample_page_pronoun_speakers_resolve_to_umerov(sample_path):
    analysis = reportedly.analyze(str(sample_path))
    pronouns = [m for s in analysis.statements for m in s.speaker if m.text == "er"]
    assert pronouns, "the sample's 'er' speakers were not found"
    assert {m.resolved.text for m in pronouns if m.resolved} == {"Umerov"}
    assert all(m.resolved for m in pronouns)


@pytest.mark.parametrize("text", ["", "Er sagte, es sei gut.", "Der Minister sagte, es sei gut."])
def test_nothing_to_resolve_to_leaves_speakers_unresolved(text):
    analysis = Pipeline().run_text(text)
    assert all(m.resolved is None for s in analysis.statements for m in s.speaker)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Verteidigungsminister Rustem Umerov sagte am Montag, die Lage sei ernst. Bundeskanzlerin Angela Merkel "
         "erklärte, man werde helfen. „Wir erwarten weitere Angriffe“, fügte er hinzu. „Wir stehen an der Seite der "
         "Ukraine“, sagte sie.", "de", {"er": "Rustem Umerov", "sie": "Angela Merkel"}),
        ("Bundeskanzlerin Angela Merkel erklärte, man werde helfen. Die Behörden in Kiew meldeten neue Angriffe. "
         "„Die Lage ist sehr ernst“, sagten sie am Abend.", "de", {"sie": None}),
        ('Defense spokesman John Kirby said the troops had moved. Treasury spokeswoman Anna Lee said sanctions would follow. '
         '"We are watching closely," he said.', "en", {"he": "John Kirby"}),
    ],
)
def test_pronouns_resolve_to_a_name_whose_gender_agrees(text, language, expected):
    """Issue 20: "er" went to the nearest named speaker, a woman; the role words mark who is who."""
    resolved = _resolved(Pipeline().run_text(text, language=language))
    assert {k: resolved.get(k) for k in expected} == expected
