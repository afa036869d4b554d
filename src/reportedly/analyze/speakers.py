"""Speaker resolution: a pronoun or role noun as speaker gets the named mention it refers to.

"Weitere Einzelheiten nannte er nicht" — *er* is Umerov, named in an earlier statement; "der
Minister sagte" — the minister is the "Verteidigungsminister Rustem Umerov" the article named.
No parser or coreference model is shipped, so the rules are plain and cautious:

* a pronoun refers to the speaker of the nearest earlier statement that names someone whose
  gender, where the article marks it by a role word ("Bundeskanzlerin", "Verteidigungsminister"),
  agrees with the pronoun's ("er", "sie"; "sie" with a plural cue verb, "sagten sie", none);
* a role noun ("der Minister", "ein Sprecher des Pentagons") refers to the name that follows the
  nearest earlier word ending in the same role ("Verteidigungsminister Rustem Umerov",
  "Pentagon-Sprecher Pat Ryder"), else the first such name after it.

Pronouns, determiners and role endings are language resources (``resources/<lang>/cues.toml``).
"""

from __future__ import annotations

import re

from reportedly.knowledge.cues import Cues, load
from reportedly.knowledge.language import resolve
from reportedly.model import Analysis, Mention, Span

_CAPITALISED = re.compile(r"[A-ZÄÖÜ][\w'’.-]*\w")
MAX_NAME_TOKENS = 3


def _is_role(word: str, rules: Cues) -> bool:
    return word.casefold().endswith(rules.role_endings)


def name_in(mention: Span, rules: Cues) -> Span | None:
    """The name inside a speaker span: its trailing capitalised words after any role word.

    "US-Verteidigungsministeriumssprecher Pat Ryder" -> "Pat Ryder"; "Umerov" -> "Umerov";
    "Der ukrainische Verteidigungsminister Rustem Umerov" -> "Rustem Umerov"; "der Minister",
    "ein Sprecher des Pentagons", "Ukrainische Geheimdienstquellen" -> None.
    """
    words = list(re.finditer(r"\S+", mention.text))
    if not words or words[0].group() in rules.pronouns:
        return None
    run: list[re.Match[str]] = []
    for word in reversed(words):
        if not _CAPITALISED.fullmatch(word.group()) or _is_role(word.group(), rules):
            break
        run.insert(0, word)
    if not run or len(run) > MAX_NAME_TOKENS:
        return None
    before = words[len(words) - len(run) - 1].group() if len(run) < len(words) else None
    if words[0].group() in rules.determiners and (before is None or not _is_role(before, rules)):
        return None  # "ein Sprecher des Pentagons": a noun phrase, not a name after a role
    if before is None and len(run) > 1 and not _looks_like_name(run):
        return None
    start, end = mention.start + run[0].start(), mention.start + run[-1].end()
    return Span(start=start, end=end, text=mention.text[run[0].start() : run[-1].end()])


def _looks_like_name(words: list[re.Match[str]]) -> bool:
    """Several capitalised words with no role word: a name when none is a German-style noun compound."""
    return all(len(w.group()) <= 15 for w in words)


def _role_head(mention: Span, rules: Cues) -> str | None:
    """The role word of "der Minister", "ein Sprecher des Pentagons" (after the determiner)."""
    words = mention.text.split()
    if len(words) < 2 or words[0] not in rules.determiners:
        return None
    for word in words[1:]:
        if _CAPITALISED.fullmatch(word):
            return word if _is_role(word, rules) else None
    return None


def _name_after_role(text: str, head: str, before: int) -> Span | None:
    """The name after the nearest word ending in ``head`` before ``before`` (else the first after)."""
    pattern = re.compile(rf"\w*(?i:{re.escape(head)})\s+((?:[A-ZÄÖÜ][\w'’-]+\s?){{1,{MAX_NAME_TOKENS}}})")
    found = [m for m in pattern.finditer(text)]
    if not found:
        return None
    earlier = [m for m in found if m.start() < before]
    match = earlier[-1] if earlier else found[0]
    name = match.group(1).rstrip()
    return Span(start=match.start(1), end=match.start(1) + len(name), text=name)


def _gender(mention: Span, rules: Cues) -> str | None:
    """ "f" or "m" where a word of ``mention`` is a gendered role ("Bundeskanzlerin Angela Merkel"), else None."""
    words = [w.casefold() for w in mention.text.split()]
    if any(w.endswith(rules.feminine_roles) for w in words) and rules.feminine_roles:
        return "f"
    if any(w.endswith(rules.masculine_roles) for w in words) and rules.masculine_roles:
        return "m"
    return None


class SpeakerResolver:
    """Adds ``resolved`` to pronoun and role-noun speakers (``statement.speaker[i].resolved``)."""

    def __init__(self, default_language: str | None = None) -> None:
        self.default_language = default_language

    def __call__(self, analysis: Analysis) -> Analysis:
        language = resolve(analysis.article.language, self.default_language)
        rules = load(language)
        text = analysis.article.text
        named: list[tuple[int, Span]] = []  # (position, name) of speakers that name someone
        genders: dict[str, str] = {}  # a name's last word -> the gender a mention of it showed
        pronoun_genders = rules.pronoun_genders or {}

        def agrees(name: Span, gender: str | None) -> bool:
            return gender is None or genders.get(name.text.split()[-1]) in (None, gender)
        order = sorted(
            range(len(analysis.statements)), key=lambda i: min((s.start for s in analysis.statements[i].speaker), default=0)
        )
        for index in order:
            statement = analysis.statements[index]
            resolved_speakers: list[Mention] = []
            for mention in statement.speaker:
                resolved = None
                if mention.text in rules.pronouns:
                    gender = pronoun_genders.get(mention.text)
                    earlier = [name for position, name in named if position < mention.start and agrees(name, gender)]
                    verb = statement.cue[0].text.split()[0] if statement.cue and statement.cue[0].text.split() else ""
                    plural = gender == "f" and bool(rules.plural_verb_endings) and verb.endswith(rules.plural_verb_endings)
                    resolved = earlier[-1] if earlier and not plural else None
                elif name := name_in(mention, rules):
                    named.append((mention.start, name))
                    if (gender := _gender(mention, rules)) is not None:
                        genders.setdefault(name.text.split()[-1], gender)
                elif head := _role_head(mention, rules):
                    resolved = _name_after_role(text, head, mention.start)
                resolved_speakers.append(mention.model_copy(update={"resolved": resolved}) if resolved else mention)
                if resolved is not None:
                    named.append((mention.start, resolved))
            statement.speaker = resolved_speakers
        return analysis
