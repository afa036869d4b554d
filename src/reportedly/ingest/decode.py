"""Bytes to text: charset detection, content sniffing and clean code points.

Never assume UTF-8: a declared charset (HTTP header or ``<meta charset>``) is tried first,
then charset-normalizer guesses. A declared label means what a browser makes of it (the WHATWG
encoding standard, via w3lib): ``iso-8859-1``, ``latin1`` and ``ascii`` are read as Windows-1252,
so „ “ – € come out as such and not as C1 control characters. The kind of input is read from
the content, not the name.

Every text that enters reportedly (decoded bytes, JSON records, JSON-LD, text handed to the
API) passes :func:`clean_text`: lone surrogates and other code points that are not characters
cannot be encoded as UTF-8, so they would break the tokenizer and the JSON output.
"""

from __future__ import annotations

import re
from typing import Literal

from charset_normalizer import from_bytes
from w3lib.encoding import resolve_encoding

from reportedly.errors import InputError

Kind = Literal["html", "text"]

# Magic numbers of binary formats people feed us by mistake (renamed images, PDFs, archives).
_BINARY_MAGIC: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"RIFF": "a RIFF (WebP/WAV) file",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_HTML_SIGNS = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|article|meta|title)[\s>/]",
    re.IGNORECASE,
)


# Code points that are not text: lone surrogates (UTF-8 cannot encode them), noncharacters, and
# C0 controls other than tab, line feed, form feed and carriage return (lxml refuses them). Each
# becomes U+FFFD, one code point for one, so offsets into a cleaned text stay those of the input.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
REPLACEMENT = "\ufffd"




BROKEN_BYTES, BROKEN_OF_HIGH = 1000, 20  # see _few_broken
_ASCII = bytes(range(128))


def _few_broken(content: bytes, encoding: str) -> str | None:
    """``content`` read as ``encoding`` with each broken sequence a U+FFFD, as a browser reads a page
    in the encoding it declares, where the broken ones are few: at most one in ``BROKEN_BYTES`` bytes
    and one in ``BROKEN_OF_HIGH`` bytes over 127. A UTF-8 page with a broken byte was refused or
    guessed anew (as cp775, every umlaut garbled: fuzz seed 3923964964859208968); a Windows-1252
    page is no UTF-8 with a few broken bytes, as each of its bytes over 127 is one."""
    text = content.decode(encoding, errors="replace")
    broken = text.count(REPLACEMENT)
    high = len(content.translate(None, _ASCII))
    return text if broken <= len(content) // BROKEN_BYTES and broken <= high // BROKEN_OF_HIGH else None


# charset-normalizer decodes the whole input once per encoding it weighs (a fuzzed 6 MB page: 1.7 s
# and 400 MB, fuzz seed 3923964964859208968). Over this many bytes it weighs the first ones only
# (cut at a line end, so no character is split), and the whole is read in the encoding it names.
GUESS_BYTES = 1 << 20


def _guess(content: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best reading of ``content`` and its encoding, or None."""
    head = content
    if len(content) > GUESS_BYTES:
        head = content[:GUESS_BYTES]
        if not content.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16/32 (BOM): cut at GUESS_BYTES, a multiple
            head = head[: head.rfind(b"\n") + 1] or head  # of 4, as a cut after a "\n" byte could split a character
    best = from_bytes(head).best()
    if best is None:
        return None
    return (str(best) if head is content else content.decode(best.encoding, errors="replace")), best.encoding


def clean_text(text: str) -> str:
    """``text`` with every code point that is not a character replaced by U+FFFD (same length)."""
    return _NOT_TEXT.sub(REPLACEMENT, text)


def decode(source: str, content: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`InputError` for empty or binary input."""
    if not content.strip():
        raise InputError(source, "the input is empty")
    for magic, what in _BINARY_MAGIC.items():
        if content.startswith(magic):
            raise InputError(source, f"the input is {what}, not a web page or text")
    if content.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and (guessed := _guess(content)):
        return clean_text(guessed[0].lstrip("\ufeff")), guessed[1]
    sample = content[:8192]
    if b"\x00" in sample or sum(byte < 9 or 13 < byte < 32 for byte in sample) > len(sample) // 20:
        raise InputError(source, "the input is binary data, not a web page or text")
    candidates = [declared] if declared else []
    if match := _META_CHARSET.search(content[:4096]):
        candidates.append(match.group(1).decode("ascii", "ignore"))
    for label in candidates:
        encoding = resolve_encoding(label.strip())  # the browser's reading of the label, or None
        if encoding is None:
            continue
        try:
            return clean_text(content.decode(encoding)), encoding
        except LookupError:
            continue
        except UnicodeDecodeError:
            if (text := _few_broken(content, encoding)) is not None:
                return clean_text(text), encoding
    try:
        return clean_text(content.decode("utf-8")), "utf-8"  # cheap exact check before guessing
    except UnicodeDecodeError:
        if (text := _few_broken(content, "utf-8")) is not None:
            return clean_text(text), "utf-8"
    guessed = _guess(content)
    if guessed is None:
        raise InputError(source, "cannot detect the character encoding; the input looks binary")
    return clean_text(guessed[0]), guessed[1]


def detect_kind(text: str) -> Kind:
    """HTML if the start of the content looks like markup, else plain (scraped) text."""
    head = text[:65536]
    if len(_HTML_SIGNS.findall(head)) >= 2 or head.lstrip().lower().startswith(("<!doctype html", "<html")):
        return "html"
    return "text"
