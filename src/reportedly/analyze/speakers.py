"""Speaker resolution: a pronoun or role noun as speaker gets the named mention it refers to.

"Weitere Einzelheiten nannte er nicht" — *er* is Umerov, named in an earlier statement; "der
Minister sagte" — the minister is the "Verteidigungsminister Rustem Umerov" the article named.
No parser or coreference model is shipped, so the rules are plain and cautious:

* the people an article names are the names of its speakers and, where the attribution model has
  tagged the tokens, runs of two or three capitalised words opening with a proper noun ("Rom
  Braslavski wurde … entführt"); a later lone surname is the same person again;
* a pronoun refers to the person named nearest before it whose gender, where the article marks it
  by a role word ("Bundeskanzlerin", "Verteidigungsminister"), agrees with the pronoun's ("er",
  "sie"; "sie" with a plural cue verb, "sagten sie", none);
* a role noun ("der Minister", "ein Sprecher des Pentagons") refers to the name that follows the
  nearest earlier word ending in the same role ("Verteidigungsminister Rustem Umerov",
  "Pentagon-Sprecher Pat Ryder"), else the first such name after it;
* a definite description of a person ("der CDU-Politiker", "die Musikerin", "the former leader")
  without such a role word refers to the person named nearest before it, else to the first named
  after it in the next paragraphs (a teaser written before the body names him).

On the real-page set (tests/data/statements) speakers were right for 0.626 of the found statements
when only earlier *speakers'* names counted; most of the rest were such pronouns and descriptions
of someone the text names outside any statement (docs/attribution.md, 2026-12-08).

Pronouns, determiners, role and person endings are language resources (``resources/<lang>/cues.toml``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field

from reportedly.knowledge.cues import Cues, load
from reportedly.knowledge.language import resolve
from reportedly.model import Analysis, Mention, Span, Token

_CAPITALISED = re.compile(r"[A-ZÄÖÜ][\w'’.-]*\w")
MAX_NAME_TOKENS = 3
# How far after a description its person may be named first ("Der Bundesdrogenbeauftragte erklärt, …"
# in a teaser, "Der Bundesdrogenbeauftragte Hendrik Streeck" in the body): the next paragraphs,
# in characters.
CATAPHORA_CHARS = 600


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


def _name_word(token: Token, rules: Cues) -> bool:
    word = token.text
    return bool(_CAPITALISED.fullmatch(word)) and word not in rules.determiners and word not in rules.pronouns \
        and not _is_role(word, rules)


def text_names(analysis: Analysis, rules: Cues) -> list[tuple[Span, str | None]]:
    """Names of people in the text with the gender a role word right before marks ("Bundeskanzlerin
    Angela Merkel"): runs of two or three capitalised words of one sentence whose first is tagged a
    proper noun or is unknown to the tag table, the rest so or as common nouns (a surname the table
    guesses from its ending: "Frank Nopper"). Nothing where the tokens carry no tags (no
    attribution model ran)."""
    tokens, text = analysis.tokens, analysis.article.text
    if not rules.name_tags or not any(t.tag for t in tokens):
        return []
    first_tags = rules.name_tags | {"?"}
    out: list[tuple[Span, str | None]] = []
    i = 0
    while i < len(tokens):
        j = i
        while (j < len(tokens) and j - i < MAX_NAME_TOKENS and _name_word(tokens[j], rules)
               and tokens[j].sentence == tokens[i].sentence and (j == i or tokens[j].start - tokens[j - 1].end <= 1)):
            j += 1
        if j - i >= 2 and tokens[i].tag in first_tags and all(t.tag in first_tags or t.tag == "NN" for t in tokens[i + 1:j]):
            name = Span(start=tokens[i].start, end=tokens[j - 1].end, text=text[tokens[i].start:tokens[j - 1].end])
            before = tokens[i - 1] if i else None
            gender = _gender(Span(start=before.start, end=before.end, text=before.text), rules) if before else None
            out.append((name, gender))
            i = j
        else:
            i += 1
    return out


def _key(name: Span) -> str:
    return name.text.split()[-1].casefold()


@dataclass
class People:
    """Where the article names each person: the fullest form of a name (by its last word) and every
    position it, or its last word alone, stands at — as a speaker or elsewhere in the text."""

    full: dict[str, Span] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)
    at: list[tuple[int, str, bool]] = field(default_factory=list)  # (position, key, as a speaker), sorted

    @classmethod
    def named_in(cls, analysis: Analysis, rules: Cues) -> People:
        """The people of the text (:func:`text_names`) and of its speakers, and every later place
        a name's last word stands alone ("Romanenko kam …")."""
        people = cls()
        for name, gender in text_names(analysis, rules):
            people.add(name, gender, keep_sorted=False)
        for statement in analysis.statements:
            for mention in statement.speaker:
                if mention.text not in rules.pronouns and (named := name_in(mention, rules)):
                    people.add(named, _gender(mention, rules), position=mention.start, speaker=True, keep_sorted=False)
        people.at += [(t.start, key, False) for t in analysis.tokens
                      if (key := t.text.casefold()) in people.full and t.text[:1].isupper()]
        people.at.sort()
        return people

    def add(self, name: Span, gender: str | None = None, position: int | None = None, speaker: bool = False,
            keep_sorted: bool = True) -> None:
        key = _key(name)
        if key not in self.full or len(name.text) > len(self.full[key].text):
            self.full[key] = name
        if gender is not None:
            self.genders.setdefault(key, gender)
        entry = (name.start if position is None else position, key, speaker)
        if keep_sorted:
            insort(self.at, entry)
        else:
            self.at.append(entry)

    def before(self, position: int, gender: str | None = None, speakers: bool = False) -> Span | None:
        """The person named nearest before ``position`` (as a speaker, with ``speakers``) whose
        gender, where known, agrees."""
        for n in range(bisect_left(self.at, (position, "", False)) - 1, -1, -1):
            _, key, speaker = self.at[n]
            if (speaker or not speakers) and (gender is None or self.genders.get(key) in (None, gender)):
                return self.full[key]
        return None

    def after(self, position: int, within: int) -> Span | None:
        """The first person named after ``position`` and before ``position + within``."""
        for start, key, _ in self.at[bisect_left(self.at, (position, "", False)):]:
            if start >= position + within:
                break
            if start > position:
                return self.full[key]
        return None


def _person_description(mention: Span, rules: Cues) -> bool:
    """ "der CDU-Politiker", "die Musikerin", "the former leader": a definite article and a noun
    that names a person, no name."""
    words = mention.text.split()
    if len(words) < 2 or words[0] not in rules.definite:
        return False
    head = words[-1].casefold().strip(".,;:")
    return head.endswith(rules.role_endings + rules.feminine_roles + rules.masculine_roles + rules.person_endings)


class SpeakerResolver:
    """Adds ``resolved`` to pronoun and role-noun speakers (``statement.speaker[i].resolved``)."""

    def __init__(self, default_language: str | None = None) -> None:
        self.default_language = default_language

    def __call__(self, analysis: Analysis) -> Analysis:
        language = resolve(analysis.article.language, self.default_language)
        rules = load(language)
        text = analysis.article.text
        people = People.named_in(analysis, rules)
        pronoun_genders = rules.pronoun_genders or {}
        order = sorted(
            range(len(analysis.statements)), key=lambda i: min((s.start for s in analysis.statements[i].speaker), default=0)
        )
        for index in order:
            statement = analysis.statements[index]
            resolved_speakers: list[Mention] = []
            for mention in statement.speaker:
                resolved: Span | None = None
                if mention.text in rules.pronouns:
                    gender = pronoun_genders.get(mention.text)
                    verb = statement.cue[0].text.split()[0] if statement.cue and statement.cue[0].text.split() else ""
                    plural = gender == "f" and bool(rules.plural_verb_endings) and verb.endswith(rules.plural_verb_endings)
                    # a speaker named before comes first (who has been talking); a person the text
                    # names only where no speaker was named yet, and only for a pronoun of a gender
                    # ("er", "she"): "wir", "ich" in a report are mostly its authors
                    resolved = None if plural else people.before(mention.start, gender, speakers=True) or (
                        people.before(mention.start, gender) if gender else None)
                elif name_in(mention, rules):
                    pass  # named already
                elif (head := _role_head(mention, rules)) and (resolved := _name_after_role(text, head, mention.start)):
                    pass
                elif _person_description(mention, rules):
                    resolved = people.before(mention.start, _gender(mention, rules)) \
                        or people.after(mention.end, CATAPHORA_CHARS)
                resolved_speakers.append(mention.model_copy(update={"resolved": resolved}) if resolved else mention)
                if resolved is not None:
                    people.add(resolved, _gender(mention, rules), position=mention.start, speaker=True)
            statement.speaker = resolved_speakers
        return analysis
