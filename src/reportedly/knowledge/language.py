"""One home per language: the typed view of a language's folder, and the one place the language is decided.

A language is its folder ``resources/<code>/`` (or one under ``[language] resources_path``):
``cues.toml`` (cue verbs, prepositional cues, pronouns, statement conventions), ``rules.toml``
(the word lists and behaviour flags the attribution rules and features read), and the files the
other components read (``certainty.toml``, ``dates.toml``, ``quantities.toml``, ``sources.toml``,
``page.toml``). Code asks the :class:`Language` for words and flags; it never compares language codes.

Which language a text is read as is decided by :func:`resolve`: the text's own language where it
has a folder, else the one default of the config (``[language] default``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources as _pkg
from typing import Any

from reportedly import resources
from reportedly.errors import ConfigError
from reportedly.knowledge import cues as _cues


@cache
def configured_default() -> str:
    """The ``[language] default`` of the packaged config: the language of a text whose own is unknown."""
    config = tomllib.loads(_pkg.files("reportedly").joinpath("default_config.toml").read_text("utf-8"))
    return str(config["language"]["default"])


def resolve(code: str | None, default: str | None = None) -> str:
    """The language a text is read as: its own ``code`` where that language has a folder, else
    ``default`` (the pipeline's ``[language] default``; the packaged config's when None)."""
    if code and code in resources.languages():
        return code
    return default or configured_default()


@dataclass(frozen=True)
class Behaviour:
    """How the rules read the language, as named flags (see ``resources/de/rules.toml``)."""

    cue_at_sentence_start: bool = False
    adjective_after_determiner: bool = False
    subject_to_verb: bool = False
    pronoun_after_verb_is_subject: bool = False
    postposed_subjects: bool = False
    bare_complements: bool = False
    bare_noun_phrases: bool = False


@dataclass(frozen=True)
class Words:
    """The word lists of ``rules.toml`` ``[words]``; what each one is says the file."""

    determiners: frozenset[str] = frozenset()
    skip_after_verb: frozenset[str] = frozenset()
    time_nouns: frozenset[str] = frozenset()
    prefield_adverbials: frozenset[str] = frozenset()
    source_nouns: tuple[str, ...] = ()
    focus: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    np_prepositions: frozenset[str] = frozenset()
    not_nouns: frozenset[str] = frozenset()
    subordinators: frozenset[str] = frozenset()
    lowercase_stop: frozenset[str] = frozenset()
    adjective_stop: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    finite_verbs: frozenset[str] = frozenset()
    postposed_adverbs: frozenset[str] = frozenset()
    soll: frozenset[str] = frozenset()
    zu_closers: frozenset[str] = frozenset()
    complement_openers: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset()
    soll_forms: frozenset[str] = frozenset()
    clause_joins: frozenset[str] = frozenset()
    as_words: frozenset[str] = frozenset()
    headed_prepositions: frozenset[str] = frozenset()
    addressee_verbs: frozenset[str] = frozenset()
    quote_complementizers: frozenset[str] = frozenset()
    addressee_prepositions: frozenset[str] = frozenset()
    container_openers: frozenset[str] = frozenset()
    genitive_determiners: frozenset[str] = frozenset()
    source_place_prepositions: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    apposition_end_verbs: frozenset[str] = frozenset()
    dative_determiners: frozenset[str] = frozenset()
    impersonal_source_prepositions: frozenset[str] = frozenset()
    anaphoric_prepositions: frozenset[str] = frozenset()
    zu_particles: frozenset[str] = frozenset()
    dass_openers: frozenset[str] = frozenset()
    adjective_endings: tuple[str, ...] = ()
    participle_endings: tuple[str, ...] = ()
    headline_participle_endings: tuple[str, ...] = ()
    infinitive_endings: tuple[str, ...] = ()
    past_endings: tuple[str, ...] = ()
    ambiguous_finite_endings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Language:
    """Everything the code knows of one language, read from its folder."""

    code: str
    cues: _cues.Cues
    words: Words
    behaviour: Behaviour

    def data(self, name: str) -> dict[str, Any]:
        """Another file of the language's folder (``certainty``, ``dates`` …), as its TOML tables."""
        return resources.load(name, self.code)


def _typed(cls: Any, table: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(known)})")
    values: dict[str, Any] = {}
    for name, value in table.items():
        kind = str(known[name].type)
        if kind == "bool":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {name} must be true or false, not {value!r}")
            values[name] = value
        else:
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ConfigError(f"{where}: {name} must be a list of words")
            values[name] = tuple(value) if kind.startswith("tuple") else frozenset(value)
    return cls(**values)


@cache
def _language(code: str, folders: tuple[Any, ...]) -> Language:
    rules = resources.load("rules", code)
    unknown = sorted(set(rules) - {"behaviour", "words"})
    if unknown:
        raise ConfigError(f"language {code!r}: rules.toml has an unknown table [{unknown[0]}] (known: behaviour, words)")
    return Language(
        code=code,
        cues=_cues.load(code),
        words=_typed(Words, rules.get("words", {}), f"language {code!r}: rules.toml [words]"),
        behaviour=_typed(Behaviour, rules.get("behaviour", {}), f"language {code!r}: rules.toml [behaviour]"),
    )


def language(code: str) -> Language:
    """The language ``code`` (a folder must exist for it; :func:`resolve` picks one that does)."""
    return _language(code, resources.folders())
