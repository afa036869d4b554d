"""Bytes to text: charset detection and content sniffing.

Never assume UTF-8: a declared charset (HTTP header or ``<meta charset>``) is tried first,
then charset-normalizer guesses. The kind of input is read from the content, not the name.
"""

from __future__ import annotations

import re
from typing import Literal

from charset_normalizer import from_bytes

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


def decode(source: str, content: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`InputError` for empty or binary input."""
    if not content.strip():
        raise InputError(source, "the input is empty")
    for magic, what in _BINARY_MAGIC.items():
        if content.startswith(magic):
            raise InputError(source, f"the input is {what}, not a web page or text")
    if content.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        best = from_bytes(content).best()
        if best is not None:
            return str(best).lstrip("\ufeff"), best.encoding
    sample = content[:8192]
    if b"\x00" in sample or sum(byte < 9 or 13 < byte < 32 for byte in sample) > len(sample) // 20:
        raise InputError(source, "the input is binary data, not a web page or text")
    candidates = [declared] if declared else []
    if match := _META_CHARSET.search(content[:4096]):
        candidates.append(match.group(1).decode("ascii", "ignore"))
    for encoding in candidates:
        try:
            return content.decode(encoding), encoding.lower()
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return content.decode("utf-8"), "utf-8"  # cheap exact check before guessing
    except UnicodeDecodeError:
        pass
    best = from_bytes(content).best()
    if best is None:
        raise InputError(source, "cannot detect the character encoding; the input looks binary")
    return str(best), best.encoding


def detect_kind(text: str) -> Kind:
    """HTML if the start of the content looks like markup, else plain (scraped) text."""
    head = text[:65536]
    if len(_HTML_SIGNS.findall(head)) >= 2 or head.lstrip().lower().startswith(("<!doctype html", "<html")):
        return "html"
    return "text"
