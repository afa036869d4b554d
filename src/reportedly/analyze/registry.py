"""The component registry: analyze components by versioned name, registered in one place.

A component reads and adds to an :class:`~reportedly.model.Analysis`. It declares which
fields it needs (``requires``) and fills (``assigns``), so a config that orders components
wrongly fails when the pipeline is built, not halfway through a corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from reportedly.errors import ConfigError
from reportedly.model import Analysis


class Component(Protocol):
    def __call__(self, analysis: Analysis) -> Analysis: ...


@dataclass(frozen=True)
class Factory:
    """How to build a component, and what it reads and writes."""

    name: str
    build: Callable[..., Component]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        """What the component does: its builder's docstring."""
        return self.build.__doc__ or ""


_FACTORIES: dict[str, Factory] = {}


def register(factory: Factory) -> None:
    if factory.name in _FACTORIES:
        raise ConfigError(f"component factory {factory.name!r} is already registered")
    _FACTORIES[factory.name] = factory


def get(name: str) -> Factory:
    register_builtins()
    try:
        return _FACTORIES[name]
    except KeyError:
        available = ", ".join(sorted(_FACTORIES))
        raise ConfigError(f"no component factory {name!r}; available: {available}") from None


def factories() -> dict[str, Factory]:
    register_builtins()
    return dict(_FACTORIES)


def register_builtins() -> None:
    """Register every built-in component here, explicitly, once (not as import side effects)."""
    if _FACTORIES:
        return
    from reportedly.analyze import attribution, certainty, dates, language, quantities, speakers, tokens

    register(
        Factory(
            name="reportedly.language.v1",
            build=language.LanguageIdentifier,
            requires=("article.text",),
            assigns=("article.language",),
        )
    )
    register(
        Factory(
            name="reportedly.tokens.v1",
            build=tokens.Tokenizer,
            requires=("article.text", "article.paragraphs"),
            assigns=("tokens", "sentences"),
        )
    )
    register(
        Factory(
            name="reportedly.attribution.v1",
            build=attribution.Attribution,
            requires=("article.text", "article.paragraphs", "tokens", "sentences"),
            assigns=("statements",),
        )
    )
    register(
        Factory(
            name="reportedly.attribution_model.v1",
            build=attribution.LearnedAttribution,
            requires=("article.text", "article.paragraphs", "tokens", "sentences", "statements"),
            assigns=("statements", "tokens.tag"),
        )
    )
    register(
        Factory(
            name="reportedly.speakers.v1",
            build=speakers.SpeakerResolver,
            requires=("article.text", "statements"),  # tokens.tag, where present, finds names in the text
            assigns=("statements.speaker.resolved",),
        )
    )
    register(
        Factory(
            name="reportedly.certainty.v1",
            build=certainty.CertaintyTagger,
            requires=("article.text", "tokens", "sentences", "statements"),
            assigns=("statements.certainty",),
        )
    )
    register(
        Factory(
            name="reportedly.dates.v1",
            build=dates.DateFinder,
            requires=("article.text", "tokens", "sentences"),  # statements, where present, get said_at
            assigns=("time_refs", "statements.said_at"),
        )
    )
    register(
        Factory(
            name="reportedly.quantities.v1",
            build=quantities.QuantityFinder,
            requires=("article.text", "tokens", "sentences"),  # statements, where present, get their quantities
            assigns=("quantities",),
        )
    )


def build(name: str, config: dict[str, Any]) -> Component:
    factory = get(name)
    try:
        return factory.build(**config)
    except TypeError as exc:
        raise ConfigError(f"bad settings for component {name!r}: {exc}") from None
