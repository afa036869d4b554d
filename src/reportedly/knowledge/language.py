"""One home per language: the typed view of a language's folder, and the one place the language is decided.

A language is its folder ``resources/<code>/`` (or one under ``[language] resources_path``):
``cues.toml`` (cue verbs, prepositional cues, pronouns, statement conventions), ``rules.toml``
(the word lists and behaviour flags the attribution rules and features read, and the tagger model
the attribution model trains with), and the files the other components read: ``certainty.toml``,
``dates.toml``, ``quantities.toml`` and ``sources.toml``, each with its typed view here
(``Language.certainty``, ``.dates``, ``.quantities``, ``.sources``), read when first asked for.
``page.toml`` is read before a page's language is known, so for all languages at once
(``resources.merged``). Code asks the :class:`Language` for words and flags; it never compares
language codes.

Which language a text is read as is decided by :func:`resolve`: the text's own language where it
has a folder, else the one default of the config (``[language] default``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from functools import cache, cached_property
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
    tagger_model: str | None = None  # HanTa's model file for the attribution model's tags; None: the language has none

    def data(self, name: str) -> dict[str, Any]:
        """Another file of the language's folder, as its TOML tables (a key it lacks is one clear line)."""
        return resources.load(name, self.code)

    @cached_property
    def certainty(self) -> CertaintyWords:
        """``certainty.toml``: hedges, confirmations, denials and negations."""
        return _certainty(self)

    @cached_property
    def dates(self) -> DateWords:
        """``dates.toml``: months, weekdays and the words of relative dates."""
        return _dates(self)

    @cached_property
    def quantities(self) -> QuantityWords:
        """``quantities.toml``: number format, bounds, number words, units, what a number counts."""
        return _quantities(self)

    @cached_property
    def sources(self) -> SourceWords:
        """``sources.toml``: how the ledger reads a speaker's name (with the cues' determiners and roles)."""
        return _sources(self)


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
    unknown = sorted(set(rules) - {"behaviour", "words", "tagger"})
    if unknown:
        raise ConfigError(f"language {code!r}: rules.toml has an unknown table [{unknown[0]}] (known: behaviour, words, tagger)")
    tagger = rules.get("tagger", {})
    if set(tagger) - {"hanta_model"} or not isinstance(tagger.get("hanta_model", ""), str):
        raise ConfigError(f"language {code!r}: rules.toml [tagger] holds one key, hanta_model, the name of a HanTa model file")
    return Language(
        code=code,
        cues=_cues.load(code),
        words=_typed(Words, rules.get("words", {}), f"language {code!r}: rules.toml [words]"),
        behaviour=_typed(Behaviour, rules.get("behaviour", {}), f"language {code!r}: rules.toml [behaviour]"),
        tagger_model=tagger.get("hanta_model") or None,
    )


def language(code: str) -> Language:
    """The language ``code`` (a folder must exist for it; :func:`resolve` picks one that does)."""
    return _language(code, resources.folders())


# --- the other files of a language's folder ----------------------------------------------------
# Each view is built from its TOML as the component that reads it needs it (words lowercased,
# phrases as word tuples). A key the file must have and lacks fails with one line naming the file
# and the key (``resources._Table``); optional keys have the defaults written here.


@dataclass(frozen=True)
class CertaintyWords:
    """``certainty.toml``, with the cues' determiners and noun capitalisation."""

    negations: frozenset[str]
    negation_window: int
    confirm: frozenset[str]
    deny: frozenset[str]
    deny_particles: dict[str, tuple[tuple[str, ...], ...]]  # deny verb -> its particles, each as words in a row
    deny_content: tuple[tuple[str, ...], ...]
    expect: frozenset[str]
    expect_needs: dict[str, str]
    unconfirmed: tuple[tuple[str, ...], ...]
    alleged: tuple[tuple[str, ...], ...]
    reportive: tuple[tuple[str, ...], ...]
    reportive_needs: frozenset[str]
    passive: frozenset[str]
    auxiliaries: frozenset[str]
    complementizers: frozenset[str]
    determiners: frozenset[str]
    capitalised_nouns: bool
    negation_endings: tuple[str, ...]  # a word so ending negates ("isn't")
    headline_participle_endings: tuple[str, ...]  # from rules.toml [words]: "Einsatz in Kämpfen erwartet"
    refusals: frozenset[str] = frozenset()  # "lehnte ab, … zu bestätigen", "declined to confirm": negate a confirmation
    refusal_neutral: frozenset[str] = frozenset()  # "declined to comment": a refusal so followed denies nothing
    infinitive_markers: frozenset[str] = frozenset()  # "zu", "to": the verb after one has no subject of its own
    object_determiners: frozenset[str] = frozenset()  # from cues.toml [speakers] object_case: "den", "dem"
    object_pronouns: frozenset[str] = frozenset()  # "beides", "dies": alone before the verb, its object
    skip_after_verb: frozenset[str] = frozenset()  # from rules.toml [words]: "bestritt nun der Minister"
    pronouns: frozenset[str] = frozenset()  # from cues.toml [pronouns]
    subject_pronouns: frozenset[str] = frozenset()  # from cues.toml [speakers]: "Die Vorwürfe wies er zurück"
    subject_articles: frozenset[str] = frozenset()
    masculine_endings: tuple[str, ...] = ()


def _certainty(lang: Language) -> CertaintyWords:
    data = lang.data("certainty")

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(w.lower() for w in p) for p in data.get(key, []))

    return CertaintyWords(
        negations=frozenset(data["negations"]),
        negation_window=int(data.get("negation_window", 6)),
        confirm=frozenset(data["confirm"]),
        deny=frozenset(data["deny"]),
        deny_particles={verb: tuple(tuple(p.lower().split()) for p in ([parts] if isinstance(parts, str) else parts))
                        for verb, parts in data.get("deny_particles", {}).items()},
        deny_content=phrases("deny_content"),
        expect=frozenset(data["expect"]),
        expect_needs=dict(data.get("expect_needs", {})),
        unconfirmed=phrases("unconfirmed"),
        alleged=phrases("alleged"),
        reportive=phrases("reportive"),
        reportive_needs=frozenset(data.get("reportive_needs", [])),
        passive=frozenset(data.get("passive", [])),
        auxiliaries=frozenset(data.get("auxiliaries", [])),
        complementizers=frozenset(data.get("complementizers", [])),
        determiners=frozenset(d.lower() for d in lang.cues.determiners),
        capitalised_nouns=lang.cues.capitalised_nouns,
        negation_endings=tuple(data.get("negation_endings", [])),
        headline_participle_endings=lang.words.headline_participle_endings,
        refusals=frozenset(data.get("refusals", [])),
        refusal_neutral=frozenset(data.get("refusal_neutral", [])),
        infinitive_markers=frozenset(data.get("infinitive_markers", [])),
        object_determiners=frozenset(w.lower() for w in lang.cues.object_case),
        object_pronouns=frozenset(data.get("object_pronouns", [])),
        skip_after_verb=frozenset(w.lower() for w in lang.words.skip_after_verb),
        pronouns=lang.cues.pronouns,
        subject_pronouns=lang.cues.subject_pronouns,
        subject_articles=lang.cues.subject_articles,
        masculine_endings=lang.cues.masculine_endings,
    )


@dataclass(frozen=True)
class DateWords:
    """``dates.toml``: month and weekday numbers by name, the words around relative dates."""

    months: dict[str, int]
    weekdays: dict[str, int]
    days: dict[str, int]
    past: frozenset[str]
    future: frozenset[str]
    bare: frozenset[str]
    periods: dict[tuple[str, ...], tuple[str, int]]
    period_starts: frozenset[str]  # first words of the periods: most tokens start none
    month_before: frozenset[str]
    day_nouns: frozenset[str]  # day words that are nouns when capitalised inside a sentence ("am Morgen")
    month_names: frozenset[str]  # months and their abbreviations as written: "3. Oktober" is a date, not a sentence end


def _dates(lang: Language) -> DateWords:
    data = lang.data("dates")
    months = {m: k + 1 for k, m in enumerate(data["months"])} | {k: int(v) for k, v in data["month_abbreviations"].items()}
    weekdays = {d: k for k, d in enumerate(data["weekdays"])} | {k: int(v) for k, v in data["weekday_aliases"].items()}
    ww = data["weekday_words"]
    return DateWords(
        months=months,
        weekdays=weekdays,
        days={k: int(v) for k, v in data["days"].items()},
        past=frozenset(ww["past"]),
        future=frozenset(ww["future"]),
        bare=frozenset(ww["bare"]),
        periods={tuple(k.split()): (str(v[0]), int(v[1])) for k, v in data["periods"].items()},
        period_starts=frozenset(k.split()[0] for k in data["periods"]),
        month_before=frozenset(data["month_words"]["before"]),
        day_nouns=frozenset(data["day_nouns"]),
        month_names=frozenset(data["months"]) | frozenset(data["month_abbreviations"]),
    )


@dataclass(frozen=True)
class QuantityWords:
    """``quantities.toml``, words lowercased, phrases as word tuples."""

    thousands: str
    decimal: str
    spelled: str | None  # the language text2num reads number words in, None for none
    number_joints: frozenset[str]  # words inside one spelled number ("one hundred and fifty")
    number_parts: re.Pattern[str] | None  # a word made of number parts ("drei|und|zwanzig"), worth reading
    bounds: dict[tuple[str, ...], str]  # ("mehr", "als") -> "at_least"
    range_between: frozenset[str]
    range_around: tuple[tuple[str, str], ...]
    part_of: frozenset[str]
    total_words: frozenset[str]
    of_previous: tuple[tuple[str, ...], ...]
    multipliers: dict[str, int]
    numbers: dict[str, float]  # "eineinhalb" 1.5
    vague: frozenset[str]
    vague_before: frozenset[str]
    units: dict[str, str]
    not_after: frozenset[str]
    before: frozenset[str]
    year_context: frozenset[str]
    skip: frozenset[str]
    number_nouns: frozenset[str]
    articles: frozenset[str]
    stop: frozenset[str]
    plurals: frozenset[str]
    plural_endings: tuple[str, ...]  # a word so ending is a plural noun ("troops"); where nouns are not capitalised
    adjective_endings: tuple[str, ...]  # a lowercase word so ending qualifies the noun after it ("nordkoreanische")
    place_prepositions: frozenset[str]  # [where]: "in der Region Kursk"
    place_skip: frozenset[str]
    place_nouns: frozenset[str]  # casefolded
    capitalised_nouns: bool


def _quantities(lang: Language) -> QuantityWords:
    data = lang.data("quantities")

    def words(values: list[str]) -> frozenset[str]:
        return frozenset(v.lower() for v in values)

    counted, where = data["counted"], data.get("where", {})
    return QuantityWords(
        thousands=data["format"]["thousands"],
        decimal=data["format"]["decimal"],
        spelled=data["format"].get("spelled"),
        number_joints=words(data["format"].get("spelled_joints", [])),
        number_parts=_parts(data["format"].get("spelled_parts", [])),
        bounds={tuple(p.lower().split()): kind for kind, phrases in data["bounds"].items() for p in phrases},
        range_between=words(data["ranges"]["between"]),
        range_around=tuple((a.lower(), b.lower()) for a, b in data["ranges"]["around"]),
        part_of=words(data["parts"]["of"]),
        total_words=words(data["parts"]["total_words"]),
        of_previous=tuple(tuple(p.lower().split()) for p in data["parts"].get("of_previous", [])),
        multipliers={k.lower(): int(v) for k, v in data["multipliers"].items()},
        numbers={k.lower(): float(v) for k, v in data["numbers"].items()},
        vague=words(data["vague"]["words"]),
        vague_before=words(data["vague"]["before"]),
        units={k.lower(): v for k, v in data["units"].items()},
        not_after=words(data["not_counts"]["after"]),
        before=words(data["not_counts"]["before"]),
        year_context=words(data["not_counts"]["year_context"]),
        skip=words(counted.get("skip", [])),
        number_nouns=words(counted.get("number_nouns", [])),
        articles=words(counted.get("articles", [])),
        stop=words(counted.get("stop", [])),
        plurals=words(counted.get("plurals", [])),
        plural_endings=tuple(counted.get("plural_endings", [])),
        adjective_endings=tuple(counted.get("adjective_endings", [])),
        place_prepositions=frozenset(where.get("prepositions", [])),
        place_skip=frozenset(where.get("skip", [])),
        place_nouns=frozenset(n.casefold() for n in where.get("place_nouns", [])),
        capitalised_nouns=lang.cues.capitalised_nouns,
    )


def _parts(parts: list[str]) -> re.Pattern[str] | None:
    if not parts:
        return None
    alternation = "|".join(re.escape(p.lower()) for p in sorted(parts, key=len, reverse=True))
    return re.compile(f"(?:{alternation})+")


@dataclass(frozen=True)
class SourceWords:
    """``sources.toml`` with the cues' determiners and role endings: how a speaker's name is read."""

    determiners: frozenset[str]  # casefolded: the cues' and ``also_determiners`` (English names in German text)
    genitive_determiners: frozenset[str]  # "des Pentagons": the noun after one loses its genitive "s"
    genitive_es_endings: tuple[str, ...]  # … or its "es", when it ends so ("des Prozesses")
    roles: tuple[str, ...]
    evidence: frozenset[str]
    media: tuple[str, ...]
    honorifics: tuple[str, ...]


def _sources(lang: Language) -> SourceWords:
    data = lang.data("sources")
    return SourceWords(
        determiners=frozenset(d.casefold() for d in (*lang.cues.determiners, *data.get("also_determiners", []))),
        genitive_determiners=frozenset(d.casefold() for d in data.get("genitive_determiners", [])),
        genitive_es_endings=tuple(data.get("genitive_es_endings", [])),
        roles=lang.cues.role_endings,
        evidence=frozenset(data["evidence_nouns"]),
        media=tuple(data["media_endings"]),
        honorifics=tuple(data["honorifics"]),
    )
