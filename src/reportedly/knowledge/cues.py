"""Attribution cues per language, read from ``resources/<lang>/cues.toml`` (language is data).

The attribution rules and model, speakers, certainty, quantities and the ledger's source
reading all read it, so it lives below them (``knowledge.language.Language.cues`` holds it too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportedly import resources
from reportedly.errors import ConfigError


@dataclass(frozen=True)
class Cues:
    language: str
    verbs: dict[str, str]  # word form -> medium
    particles: dict[str, frozenset[str]]  # finite form of a separable verb -> its particles
    before: frozenset[str]  # "laut X": cue before its source (single words, lowercased)
    before_phrases: tuple[tuple[str, ...], ...]  # multi-word forms of the same ("according to")
    after: frozenset[str]  # "X zufolge"
    nach_heads: frozenset[str]
    citing: tuple[tuple[str, ...], ...]
    so: frozenset[str]
    impersonal: tuple[tuple[str, ...], ...]
    resumptive: frozenset[str]  # "Demnach …": the sentence reports what the previous statement's source says
    anaphoric: frozenset[str]  # "Dies bestätigte X.": the sentence before is X's statement
    zu_governors: frozenset[str]  # "hatte beschlossen, … zu erstellen": words whose "zu" clause is a statement
    zu_infinitive: re.Pattern[str] | None  # one-word "zu" infinitives ("zuzugehen"); None: the language has none
    konjunktiv: frozenset[str]
    pronouns: frozenset[str]
    determiners: frozenset[str]  # articles that open a noun phrase ("der", "the")
    role_endings: tuple[str, ...]  # a word ending so names a role ("Verteidigungsminister"), casefolded
    capitalised_nouns: bool  # nouns start with a capital (German): a speaker's last word is one
    fragment_words: int  # a quoted fragment this long inside a reported statement is a Direct one too (0: never)
    outside_quote: frozenset[str]  # roles the model never takes from inside the statement's own quote
    join_continuations: bool  # a Direct quote going on after its frame is one statement with it
    main_clause_tags: frozenset[str]  # finite verbs that, after a comma, end a reported clause
    apposition_stop_tags: frozenset[str]  # verbs and clause openers: no speaker's apposition holds one
    object_case: frozenset[str] = frozenset()  # "den", "dem": a phrase so opening is no verb's speaker …
    object_case_prepositions: frozenset[str] = frozenset()  # … but may be a preposition's ("laut dem Minister")
    oblique_articles: frozenset[str] = frozenset()  # "der" before an adjective so ending is no nominative:
    oblique_adjective_endings: tuple[str, ...] = ()  # "der englischsprachigen Zeitung" (dative)
    subject_pronouns: frozenset[str] = frozenset()  # "Die Vorwürfe wies er zurück": after the verb, its subject …
    subject_articles: frozenset[str] = frozenset()  # … as is "der" before a masculine agent noun
    masculine_endings: tuple[str, ...] = ()  # "der Konzernsprecher", "der Präsident", casefolded
    pronoun_genders: dict[str, str] | None = None  # "er" -> "m", "sie" -> "f": whom a pronoun may refer to …
    feminine_roles: tuple[str, ...] = ()  # … by the role words of the mention ("Ministerin"), casefolded
    masculine_roles: tuple[str, ...] = ()
    plural_verb_endings: tuple[str, ...] = ()  # "sagten sie": "sie" with a plural cue verb is plural, no person
    definite: frozenset[str] = frozenset()  # "der", "the": a description so opening refers to someone named …
    person_endings: tuple[str, ...] = ()  # … where its noun names a person ("der CDU-Politiker"), casefolded
    name_tags: frozenset[str] = frozenset()  # the part-of-speech tags of proper nouns ("NE"): names in the text


def load(language: str) -> Cues:
    """The cues of ``language``, which must have a folder (``knowledge.language.resolve`` picks one)."""
    return _load(language, resources.folders())


@cache
def _load(language: str, folders: tuple[Any, ...]) -> Cues:
    data = resources.load("cues", language)
    verbs: dict[str, str] = {}
    for medium, group in data.get("verbs", {}).items():
        if not group.get("forms"):
            raise ConfigError(f"resources/{language}/cues.toml: verb group {medium!r} is empty")
        for form in group["forms"]:
            verbs.setdefault(form, medium)
    particles: dict[str, set[str]] = {}
    for particle, forms in data.get("particles", {}).items():
        for form in forms:
            particles.setdefault(form, set()).add(particle)
    prep = data.get("prepositions", {})
    zu = data.get("zu_clauses", {})
    before = [p.lower().split() for p in prep.get("before", [])]
    return Cues(
        language=language,
        verbs=verbs,
        particles={k: frozenset(v) for k, v in particles.items()},
        before=frozenset(p[0] for p in before if len(p) == 1),
        before_phrases=tuple(tuple(p) for p in before if len(p) > 1),
        after=frozenset(p.lower() for p in prep.get("after", [])),
        nach_heads=frozenset(prep.get("nach_heads", [])),
        citing=tuple(tuple(p.lower().split()) for p in prep.get("citing", [])),
        so=frozenset(prep.get("so", [])),
        impersonal=tuple(tuple(p.lower().split()) for p in prep.get("impersonal", [])),
        resumptive=frozenset(prep.get("resumptive", [])),
        anaphoric=frozenset(prep.get("anaphoric", [])),
        zu_governors=frozenset(zu.get("governors", [])),
        zu_infinitive=re.compile(f"^({'|'.join(map(re.escape, zu['prefixes']))})zu[a-zäöüß]+(en|ern|eln)$")
        if zu.get("prefixes") else None,
        konjunktiv=frozenset(data.get("konjunktiv", {}).get("forms", [])),
        pronouns=frozenset(data.get("pronouns", {}).get("forms", [])),
        determiners=frozenset(data.get("mentions", {}).get("determiners", [])),
        role_endings=tuple(ending.casefold() for ending in data.get("mentions", {}).get("role_endings", [])),
        capitalised_nouns=bool(data.get("speakers", {}).get("capitalised_nouns", False)),
        fragment_words=int(data.get("statements", {}).get("quoted_fragment_words", 0)),
        outside_quote=frozenset(data.get("statements", {}).get("roles_outside_quote", [])),
        join_continuations=bool(data.get("statements", {}).get("join_continuations", False)),
        main_clause_tags=frozenset(data.get("statements", {}).get("main_clause_tags", [])),
        apposition_stop_tags=frozenset(data.get("statements", {}).get("apposition_stop_tags", [])),
        object_case=frozenset(data.get("speakers", {}).get("object_case", [])),
        object_case_prepositions=frozenset(data.get("speakers", {}).get("object_case_prepositions", [])),
        oblique_articles=frozenset(data.get("speakers", {}).get("oblique_articles", [])),
        oblique_adjective_endings=tuple(data.get("speakers", {}).get("oblique_adjective_endings", [])),
        subject_pronouns=frozenset(data.get("speakers", {}).get("subject_pronouns", [])),
        subject_articles=frozenset(data.get("speakers", {}).get("subject_articles", [])),
        masculine_endings=tuple(e.casefold() for e in data.get("speakers", {}).get("masculine_endings", [])),
        pronoun_genders=dict(data.get("mentions", {}).get("pronoun_genders", {})),
        feminine_roles=tuple(e.casefold() for e in data.get("mentions", {}).get("feminine_roles", [])),
        masculine_roles=tuple(e.casefold() for e in data.get("mentions", {}).get("masculine_roles", [])),
        plural_verb_endings=tuple(data.get("mentions", {}).get("plural_verb_endings", [])),
        definite=frozenset(data.get("mentions", {}).get("definite", [])),
        person_endings=tuple(e.casefold() for e in data.get("mentions", {}).get("person_endings", [])),
        name_tags=frozenset(data.get("mentions", {}).get("name_tags", [])),
    )
