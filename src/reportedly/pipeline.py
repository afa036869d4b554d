"""One pipeline: ingest → extract → analyze components, chosen and ordered by a config.

Like spaCy, the analyze components are looked up by versioned factory name in the registry
and built from their config block; the order is checked against what each one requires.
"""

from __future__ import annotations

import inspect
import os
import re
import signal
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import resources as _pkg
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from reportedly import ingest, resources
from reportedly.analyze import registry
from reportedly.errors import ConfigError, InputError, TimeLimitError
from reportedly.extract import extract
from reportedly.ingest.decode import clean_text
from reportedly.ingest.records import Record
from reportedly.knowledge.agencies import wire_marks
from reportedly.knowledge.language import configured_default
from reportedly.model import Analysis, Article, DocumentInfo, Paragraph, RawDocument, Span

_LINE = re.compile(r"[^\s](?:[^\n]*[^\s])?")  # a line's words, without the spaces around them

# Fields present once extraction has run; components may require them.
_EXTRACTED = ("article.text", "article.paragraphs", "article.title", "article.published")


class Limits(BaseModel):
    max_bytes: int = Field(20_000_000, gt=0)
    time_limit: float = Field(30.0, gt=0)
    fetch_timeout: float = Field(20.0, gt=0)
    allow_private: bool = False
    min_words: int = Field(8, ge=1, description="Fewer body words than this means the page holds no article.")
    # The attribution model's cost grows faster than the text (it weighs each statement against the
    # others): a 4.9 MB text of one repeated quoted sentence reached 9.0 GB in 600 s without an end,
    # and 100,000 characters of a 20 MB page took 70 s. The longest gold document has 33,672
    # characters (PolNeAR; de-news-quotes 11,831), so the cap binds only on inputs that are no
    # single article, and keeps their analysis under 400 MB (measured).
    max_chars: int = Field(50_000, gt=0, description="Characters of article text analyzed; the rest is cut with a note.")


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """Read a pipeline config (TOML); the packaged default when ``path`` is None."""
    try:
        if path is None:
            return tomllib.loads(_pkg.files("reportedly").joinpath("default_config.toml").read_text("utf-8"))
        return tomllib.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None


def _limits(values: dict[str, Any]) -> Limits:
    """The limits, or a ConfigError of one line naming the setting (not pydantic's report, whose
    lines and "Value error," prefix are no message for a user)."""
    try:
        return Limits(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "limits"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"[limits] {where} = {error.get('input')!r}: {message[:1].lower()}{message[1:]}") from None


@contextmanager
def time_limit(seconds: float, source: str) -> Iterator[None]:
    """Abort the block after ``seconds`` (main thread only; elsewhere it is not enforced).

    Once expired, the alarm repeats every quarter second until the block is left: a library that
    catches every exception (trafilatura does, around its extraction) swallows the first one, and
    a 16 MB page then ran for minutes past its limit."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimitError(f"{source}: took longer than the {seconds:g} s time limit")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.25)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _cap(analysis: Analysis, max_chars: int) -> None:
    """Cut an article longer than ``max_chars`` at the last space before the limit and say so in
    ``analysis.notes``: analysis stays bounded in memory and time whatever the input, and offsets
    into the kept text are unchanged."""
    article = analysis.article
    total = len(article.text)
    if total <= max_chars:
        return
    space = article.text.rfind(" ", 0, max_chars)
    end = space if space > 0 else max_chars
    article.text = article.text[:end]
    kept = []
    for paragraph in article.paragraphs:
        if paragraph.end <= end:
            kept.append(paragraph)
        elif paragraph.start < end:
            kept.append(paragraph.model_copy(update={"end": end, "text": article.text[paragraph.start:end]}))
    article.paragraphs = kept
    for name in ("title", "kicker", "teaser"):
        span = getattr(article, name)
        if span is not None and span.end > end:
            setattr(article, name, None)
    article.credits = [c for c in article.credits if c.span is None or c.span.end <= end]
    analysis.notes.append(f"the article text is {total:,} characters; only the first {end:,} were analyzed "
                          f"(limits.max_chars is {max_chars:,})")


class Pipeline:
    """Reads inputs and runs extraction and the configured analyze components on them."""

    def __init__(self, config: dict[str, Any] | None = None, published: datetime | None = None, **limits: Any) -> None:
        """``published``: the publication date every article is read against (it replaces the page's own)."""
        config = load_config() if config is None else config
        self.config = config  # as given: the ledger fingerprints its analyses by it
        self.published = published
        self.limits = _limits({**config.get("limits", {}), **{k: v for k, v in limits.items() if v is not None}})
        self.component_names: list[str] = list(config.get("pipeline", {}).get("components", []))
        self.components: list[tuple[str, registry.Component]] = []
        self.default_language = self._language_settings(config.get("language", {}))
        available = set(_EXTRACTED)
        for name in self.component_names:
            block = dict(config.get("components", {}).get(name, {}))
            factory_name = block.pop("factory", None)
            if factory_name is None:
                raise ConfigError(f"component {name!r} has no [components.{name}] block with a factory")
            if "default_language" in block:
                raise ConfigError(f"[components.{name}] default_language: the language is set once, as [language] default")
            if "default_language" in inspect.signature(registry.get(factory_name).build).parameters:
                block["default_language"] = self.default_language  # the one default, handed to each reader
            factory = registry.get(factory_name)
            missing = [req for req in factory.requires if req not in available]
            if missing:
                raise ConfigError(f"component {name!r} requires {', '.join(missing)}, which no earlier stage assigns")
            available.update(factory.assigns)
            self.components.append((name, registry.build(factory_name, block)))

    @staticmethod
    def _language_settings(block: dict[str, Any]) -> str:
        """``[language]``: extra resource folders are searched from now on; returns the default language."""
        unknown = sorted(set(block) - {"default", "resources_path"})
        if unknown:
            raise ConfigError(f"[language] {unknown[0]}: unknown setting (known: default, resources_path)")
        for folder in str(block.get("resources_path") or "").split(os.pathsep):
            if folder:
                resources.add_folder(folder)
        default = str(block.get("default") or configured_default())
        if default not in resources.languages():
            raise ConfigError(f"[language] default {default!r} has no folder in resources (known: "
                              f"{', '.join(resources.languages())})")
        return default

    def read(self, spec: str) -> RawDocument:
        return ingest.read(
            spec,
            max_bytes=self.limits.max_bytes,
            timeout=self.limits.fetch_timeout,
            allow_private=self.limits.allow_private,
        )

    def run(self, raw: RawDocument) -> Analysis:
        """Extract and analyze one raw document, within the per-document time limit."""
        with time_limit(self.limits.time_limit, raw.source):
            return self._run(raw)

    def analyze(self, spec: str) -> Analysis:
        """Read one source (path, URL or '-') and analyze it; reading counts against the time limit."""
        with time_limit(self.limits.time_limit, spec):
            return self._run(self.read(spec))

    def run_text(self, text: str, source: str = "<text>", language: str | None = None) -> Analysis:
        """Analyze a text as it is, without extraction: offsets index ``text`` itself.

        For gold data whose offsets refer to the plain text (``reportedly eval quotes``) and for
        callers that already have a clean article text. Blocks separated by line breaks become
        the paragraphs. A ``language`` given stands (a sentence is too short to identify one).
        """
        text = clean_text(text)  # same length: the offsets still index the caller's text
        with time_limit(self.limits.time_limit, source):
            paragraphs = [Paragraph(start=m.start(), end=m.end(), text=m.group()) for m in _LINE.finditer(text)]
            article = Article(text=text, paragraphs=paragraphs, language=language, published=self.published)
            return self._analyze(Analysis(source=source, article=article))

    def run_record(self, record: Record) -> Analysis:
        """Analyze a pre-scraped article (a JSONL record): headline, teaser and body as given."""
        with time_limit(self.limits.time_limit, record.raw.source):
            return self._analyze(Analysis(source=record.raw.source, article=self.record_article(record)))

    def record_article(self, record: Record) -> Article:
        """The article of a pre-scraped record, not analyzed: headline, teaser and body as given."""
        head = {name: clean_text(value.strip()) for name, value in (("title", record.title), ("teaser", record.description))
                if value and value.strip()}
        body = [clean_text(b.strip()) for b in record.text.splitlines() if b.strip()]
        if not body:
            raise InputError(record.raw.source, "no article text found (the record's text is empty)")
        spans, start = [], 0
        for block in [*head.values(), *body]:
            spans.append(Paragraph(start=start, end=start + len(block), text=block))
            start += len(block) + 2
        marked = {name: Span(start=p.start, end=p.end, text=p.text) for name, p in zip(head, spans, strict=False)}
        return Article(text="\n\n".join([*head.values(), *body]), paragraphs=spans[len(head):],
                       title=marked.get("title"), teaser=marked.get("teaser"), language=record.language,
                       url=record.url, published=self.published or record.published, authors=record.authors,
                       site=record.site, agencies=wire_marks(body))

    def _analyze(self, analysis: Analysis) -> Analysis:
        _cap(analysis, self.limits.max_chars)
        for _, component in self.components:
            analysis = component(analysis)
        return analysis

    def _run(self, raw: RawDocument) -> Analysis:
        declared = None
        if raw.media_type and "charset=" in raw.media_type:
            declared = raw.media_type.split("charset=")[-1].split(";")[0].strip(" \"'")
        text, encoding = ingest.decode(raw.source, raw.content, declared)
        kind = ingest.detect_kind(text)
        article = extract(text, kind, raw.source, raw.url)
        if self.published is not None:
            article.published = self.published
        if len(article.body.split()) < self.limits.min_words:
            raise InputError(raw.source, "no article text found (the page has no body text)")
        analysis = Analysis(
            source=raw.source,
            article=article,
            document=DocumentInfo(sha256=raw.sha256, fetched_at=raw.fetched_at, kind=kind, encoding=encoding, url=raw.url),
        )
        return self._analyze(analysis)
