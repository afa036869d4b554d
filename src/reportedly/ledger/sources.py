"""Sources: the speakers of many articles normalised into one entity each.

"US-Verteidigungsministeriumssprecher Pat Ryder", "Pentagon-Sprecher Ryder" and "Ryder" are one
source, Pat Ryder, with the titles the articles gave him; "FT" is the "Financial Times". The
rules are plain: determiners and quote marks go, the words up to the last role word (one that
ends in a role such as "-sprecher", "minister", "spokesman": the language's cue resources) are
titles and the capitalised words after it the name; a one-word name joins the one longer name
it ends (Ryder → Pat Ryder), an acronym the one name whose initials it spells (FT → Financial
Times), and the names of one body are one source (resources/institutions.toml: "Pentagon",
"US-Verteidigungsministerium", "Defense Department"). A phrase without a role word and a name
("Ukrainische Geheimdienstquellen", "police") is its own source, by its words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from reportedly import resources
from reportedly.knowledge.agencies import find_agencies
from reportedly.knowledge.cues import load
from reportedly.knowledge.language import resolve
from reportedly.model import Article

_MARKS = "„“”\"»«‚()[]"
_WORD = re.compile(r"[\w.-]+(?:['’]s)?")


@dataclass
class Name:
    """A speaker as one article wrote it, split into title and name."""

    text: str
    name: str  # what the source is called ("Pat Ryder", "Financial Times", "ukrainische Geheimdienstquellen")
    titles: list[str] = field(default_factory=list)


@dataclass
class Source:
    """One source across articles."""

    name: str
    aliases: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Words:
    determiners: frozenset[str]
    roles: tuple[str, ...]
    evidence: frozenset[str]
    media: tuple[str, ...]
    honorifics: tuple[str, ...]
    outlets: frozenset[str]


@cache
def _words(language: str | None) -> _Words:
    language = resolve(language)
    cues = load(language)
    data = resources.load("sources", language)
    return _Words(determiners=frozenset(d.casefold() for d in cues.determiners) | {"the", "a", "an"},
                  roles=cues.role_endings, evidence=frozenset(data["evidence_nouns"]), media=tuple(data["media_endings"]),
                  honorifics=tuple(data["honorifics"]),
                  outlets=frozenset(n.casefold() for n in resources.load("outlets")["names"]))


def parse(text: str, language: str | None = None) -> Name:
    """Split a speaker mention into titles and a name. An apposition ("Michael Briggs, a spokesman
    for Sanders"; "der Sprecher des Pentagons, Pat Ryder") names the source in its part that is a
    name; the other parts are titles."""
    parts = [p for p in (_parse_part(part, language) for part in text.split(",")) if p.name]
    if not parts:
        return Name(text=text, name=text.strip(), titles=[])
    chosen = next((p for p in parts if p.plain), next((p for p in parts if p.titles), parts[0]))
    titles = [t for p in parts for t in (chosen.titles if p is chosen else [p.text]) if any(c.isalpha() for c in t)]
    return Name(text=text, name=chosen.name, titles=titles)


@dataclass
class _Part:
    text: str
    name: str
    titles: list[str]
    plain: bool  # nothing but a proper name: a few capitalised words, no role word


def _parse_part(text: str, language: str | None) -> _Part:
    known = _words(language)
    determiners, roles = known.determiners, known.roles + known.media + known.honorifics
    words = [w.removesuffix("'s").removesuffix("’s") for w in _WORD.findall(text.translate(str.maketrans("", "", _MARKS)))]
    function = _pronouns()  # a preposition or adverb the speaker span took in: "aus Kiew", "United States now"
    while words and (words[0].casefold() in determiners or (len(words) > 1 and (
            words[0].casefold() in known.evidence or (words[0].islower() and words[0] in function)))):
        genitive = words[0].casefold() in ("des", "eines")
        words = words[1:]
        if genitive and words and words[0].casefold() not in determiners and len(words[0]) > 4 and words[0].endswith("s"):
            words[0] = words[0].removesuffix("es") if words[0].endswith(("ses", "zes")) else words[0][:-1]
    while len(words) > 1 and words[-1].islower() and words[-1] in function:
        words.pop()
    last_role = max((i for i, w in enumerate(words) if w.casefold().rstrip(".").endswith(roles)), default=-1)
    run = len(words)
    while run > last_role + 1 and words[run - 1][:1].isupper():
        run -= 1
    name = words[run:]
    while len(name) > 1 and ("-" in name[0] or len(name) > 3):  # "des US-Verteidigungsministeriums Pat Ryder"
        name = name[1:]
    if last_role >= 0 and name:
        return _Part(text.strip(), " ".join(name), [" ".join(words[:len(words) - len(name)])], False)
    plain = bool(words) and len(words) <= 3 and all(w[:1].isupper() for w in words) and last_role < 0
    return _Part(text.strip(), " ".join(words), [], plain)


def is_pronoun(name: str) -> bool:
    """A speaker that is only function words ("he", "who", "it", "Sie") names no source by itself."""
    return all(w.casefold() in _pronouns() for w in name.split()) if name.strip() else True


@cache
def _pronouns() -> frozenset[str]:
    from reportedly.ledger.similarity import stop_words

    return frozenset(stop_words()) | {"i", "we", "you", "he", "she", "it", "they", "ich", "wir", "er", "es"}


@cache
def _bodies() -> dict[str, int]:
    """Each known name of a body (resources/institutions.toml), casefolded: the number of its group."""
    return {name.casefold(): n for n, group in enumerate(resources.load("institutions")["groups"]) for name in group}


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def normalise(names: Iterable[Name]) -> dict[str, Source]:
    """One source for each person or body, by casefolded name as written. A name joins the longer
    names that end in it when they agree ("Blinken", "Antony Blinken", "State Antony Blinken" —
    a title left on — are one), an acronym the one name it spells ("FT") and the names of one
    body each other; the source is called by its shortest name of two words or more, a body by
    the name first written."""
    by_key: dict[str, Source] = {}
    for found in names:
        source = by_key.setdefault(found.name.casefold(), Source(name=found.name))
        source.aliases.add(found.text.strip())
        source.titles.update(found.titles)
    ends: dict[str, list[str]] = defaultdict(list)
    spells: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        ends[key.split()[-1]].append(key)
        if " " in key and len(initials := _initials(by_key[key].name)) >= 2:
            spells[initials.casefold()].append(key)
    parent = {key: key for key in by_key}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    first_of_body: dict[int, str] = {}  # one body under several names ("Pentagon", "US-Verteidigungsministerium")
    for key in by_key:
        body = _bodies().get(key)
        if body is not None:
            parent[root(key)] = root(first_of_body.setdefault(body, key))
    for key, source in by_key.items():
        words = key.split()
        candidates = [k for k in ends[words[-1]] if len(k.split()) > len(words) and k.split()[-len(words):] == words]
        if not candidates and len(words) == 1 and source.name.isupper():
            candidates = spells.get(key, [])
        shortest = min(candidates, key=len, default=None)
        if shortest and all(set(shortest.split()) <= set(k.split()) for k in candidates):
            parent[root(key)] = root(shortest)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        groups[root(key)].append(key)
    joined: dict[str, Source] = {}
    for members in groups.values():
        bodies = [k for k in members if k in _bodies()]  # in the order first written
        named = bodies or sorted((k for k in members if " " in k), key=lambda k: (len(k), k)) or members
        merged = Source(name=by_key[named[0]].name)
        for key in members:
            merged.aliases |= by_key[key].aliases
            merged.titles |= by_key[key].titles
            joined[key] = merged
    return joined


def is_medium(text: str, language: str | None) -> bool:
    """Does this speaker or addressee name a medium — an outlet, agency, broadcaster or platform?"""
    known = _words(language)
    stripped = text.strip()
    if stripped[:1] in "„“\"»«" and stripped[-1:] in "„“\"»«":  # a title in quotation marks: „Politico“
        return True
    name = parse(text, language)
    words = [w.casefold() for w in name.name.split()]
    return (name.name.casefold() in known.outlets or bool(find_agencies(name.name))
            or any(w.endswith(known.media) for w in words[-2:])
            or any(t.casefold().endswith(known.media) for title in name.titles for t in title.split()[-1:]))


def outlet(article: Article) -> str | None:
    """The publishing outlet: the site's name, else the host of its URL, without ``www.``."""
    if article.site:
        return article.site.removeprefix("www.")
    host = urlsplit(article.url).hostname if article.url else None
    return host.removeprefix("www.") if host else None
