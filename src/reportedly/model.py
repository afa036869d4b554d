"""The one data model every stage reads and writes.

Every field derived from the article's words is a :class:`Span` with character offsets into
``Article.text``, so any output can be traced back to, highlighted in and scored against the
text it came from. Later stages fill the empty lists of :class:`Analysis`.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Span(BaseModel):
    """A stretch of ``Article.text``: ``text == article.text[start:end]`` always holds."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class RawDocument(BaseModel):
    """The input exactly as received; everything else can be rebuilt from it."""

    source: str = Field(description="Path, URL or '-' for stdin, as the user gave it.")
    content: bytes = Field(exclude=True, repr=False)
    fetched_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    sha256: str = ""
    url: str | None = Field(default=None, description="Final URL after redirects, if fetched.")
    media_type: str | None = Field(default=None, description="Content-Type the server declared.")

    def model_post_init(self, __context: object) -> None:
        if not self.sha256:
            self.sha256 = hashlib.sha256(self.content).hexdigest()


class Paragraph(Span):
    """A block of the article body, in reading order."""

    kind: Literal["paragraph", "subheading"] = "paragraph"


class Caption(BaseModel):
    """A figure caption. Captions sit beside the body, so they carry their own text."""

    text: str
    credit: str | None = Field(default=None, description="Photo credit, e.g. 'dpa/Kristina Kormilitsyna'.")


class Credit(BaseModel):
    """Who made or supplied part of the page: an author line, an agency tag, a photo credit."""

    text: str
    role: Literal["author", "agency", "photo"]
    span: Span | None = Field(default=None, description="Where it stands in Article.text, if it does.")


class Article(BaseModel):
    """A clean article.

    ``text`` is the readable article: kicker, headline, teaser and body blocks, separated by
    blank lines, in reading order. ``kicker``, ``title``, ``teaser`` and ``paragraphs`` are spans
    of it; captions and photo credits are kept beside it.
    """

    title: Span | None = None
    kicker: Span | None = Field(default=None, description="Dachzeile / overline above the headline.")
    teaser: Span | None = Field(default=None, description="Lead paragraph(s) set apart from the body.")
    text: str = ""
    paragraphs: list[Paragraph] = Field(default_factory=list, description="Body blocks only.")
    captions: list[Caption] = Field(default_factory=list)
    credits: list[Credit] = Field(default_factory=list)
    agencies: list[str] = Field(default_factory=list, description="News agencies credited, e.g. AFP, dpa.")
    authors: list[str] = Field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    language: str | None = Field(default=None, description="ISO 639-1 code of the text's language.")
    url: str | None = None
    site: str | None = None

    @property
    def body(self) -> str:
        """The body paragraphs alone, as plain text."""
        return "\n\n".join(p.text for p in self.paragraphs)


Certainty = Literal["asserted", "reported", "alleged", "confirmed", "denied", "unconfirmed", "expected"]
StatementType = Literal["Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"]


class Mention(Span):
    """A span that names someone. A pronoun or role noun ("er", "der Minister") also carries
    ``resolved``: the article's named mention it refers to ("Rustem Umerov"), where there is one."""

    resolved: Span | None = None


class Statement(BaseModel):
    """An attributed statement (filled by the attribution stage)."""

    quote: list[Span] = Field(default_factory=list)
    speaker: list[Mention] = Field(default_factory=list)
    cue: list[Span] = Field(default_factory=list)
    addressee: list[Span] = Field(default_factory=list)
    frame: list[Span] = Field(default_factory=list)
    evidence: list[Span] = Field(default_factory=list, description=(
        "What the speaker cites for it: 'unter Verweis auf US-Geheimdienstinformationen', 'citing intelligence'."))
    type: StatementType | None = None
    medium: str | None = None
    certainty: Certainty | None = None
    certainty_cue: Span | None = Field(default=None, description="The words that decided the certainty.")
    said_at: int | None = Field(default=None, description="Index of the time reference for when it was said.")
    parent: int | None = Field(default=None, description="Index of the statement this one is nested in.")
    confidence: float | None = None

    @field_validator("speaker", mode="before")
    @classmethod
    def _speaker_spans_are_mentions(cls, value: object) -> object:
        """A plain Span given as speaker is taken as a Mention (not yet resolved)."""
        if isinstance(value, list):
            return [Mention(**v.model_dump()) if type(v) is Span else v for v in value]
        return value


class Quantity(BaseModel):
    """A number with its bounds and what it counts (filled by the quantities stage)."""

    span: Span
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: Literal["exact", "approx", "at_least", "at_most", "range", "vague"] = "exact"
    unit: str | None = None
    counted: Span | None = None
    total: int | None = Field(default=None, description="Index of the quantity this one is part of.")
    statement: int | None = None


class TimeRef(BaseModel):
    """A date or time expression, resolved against the publication date where possible."""

    span: Span
    start: datetime | None = None
    end: datetime | None = None
    granularity: Literal["year", "month", "week", "day", "hour", "minute"] | None = None
    resolved: bool = False


class Token(BaseModel):
    """A word or punctuation mark of ``Article.text``, with what morphology says about it."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    sentence: int = Field(0, description="Index of the sentence it belongs to.")
    space_after: bool = True
    tag: str | None = Field(default=None, description="Part-of-speech tag (STTS for German).")
    lemma: str | None = None
    morph: str | None = Field(default=None, description="Morpheme analysis, e.g. 'hab:VA+e:SUF_FIN'.")


class DocumentInfo(BaseModel):
    """Provenance of the analysed input."""

    sha256: str
    fetched_at: datetime
    kind: Literal["html", "text"]
    encoding: str | None = None
    url: str | None = None


class Analysis(BaseModel):
    """Everything reportedly knows about one input. Its JSON is the public output format."""

    source: str
    article: Article
    statements: list[Statement] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    time_refs: list[TimeRef] = Field(default_factory=list)
    document: DocumentInfo | None = None
    notes: list[str] = Field(default_factory=list, description="What was not read as usual (an article cut at the limit).")
    # Working layers for the analyze components; left out of the JSON output.
    sentences: list[Span] = Field(default_factory=list, exclude=True)
    tokens: list[Token] = Field(default_factory=list, exclude=True)
