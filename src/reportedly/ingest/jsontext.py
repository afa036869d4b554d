"""JSON from untrusted input, read safely: bounded nesting and clean strings.

Python's ``json`` parses nested arrays and objects by recursion, so a page or record nested a
thousand levels deep ends in a RecursionError (and every walker of the result recurses too). Real
JSON-LD and news records nest fewer than ten levels; :data:`MAX_DEPTH` leaves a wide margin and
keeps every walk of the result far from Python's recursion limit of 1,000.

A ``\\ud800`` escape decodes to a lone surrogate, which UTF-8 cannot encode: strings come back
cleaned as decoded text is (:func:`reportedly.ingest.decode.clean_text`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from reportedly.ingest.decode import clean_text

MAX_DEPTH = 64
# Possessive: the plain (?:[^"\\]|\\.)* keeps a backtracking state per character, 700 MB for a
# 6 MB JSON string (a fuzzed record); a JSON string parses one way only, no state is needed.
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_BAD_ESCAPE = re.compile(r"\\u(?:[dD][89a-fA-F]|00[01]|[fF][dD][dDeE]|[fF]{3}[eEfF])")


class JSONTooDeepError(ValueError):
    """The JSON nests deeper than the bound (a ValueError, as every other malformed JSON)."""


def depth(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (brackets inside strings do not count)."""
    if text.count("[") + text.count("{") <= 1:
        return min(1, text.count("[") + text.count("{"))
    deepest = level = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        level += 1 if bracket in "[{" else -1
        deepest = max(deepest, level)
    return deepest


def loads(text: str | bytes, *, strict: bool = True, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON (``strict=False`` lets raw control characters stand in strings).

    Raise ``ValueError`` (JSONDecodeError, JSONTooDeepError, UnicodeDecodeError) when it is
    malformed, not UTF-8 or nested deeper than ``max_depth``."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")  # json.loads(bytes) would let encoded surrogates through
    text = clean_text(text)
    if text.count("[") + text.count("{") > max_depth and depth(text) > max_depth:
        raise JSONTooDeepError(f"JSON nested deeper than {max_depth} levels")
    data = json.loads(text, strict=strict)
    return clean_strings(data) if _BAD_ESCAPE.search(text) else data


def needs_cleaning(text: str) -> bool:
    """Would :func:`loads` clean something in ``text`` (a code point or an escape of one)?"""
    return clean_text(text) != text or _BAD_ESCAPE.search(text) is not None


def clean_strings(data: Any) -> Any:
    """``data`` with every string (keys included) cleaned; iterative, so any depth is safe."""
    if isinstance(data, str):
        return clean_text(data)
    root: list[Any] = [data]
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, str):
                    node[i] = clean_text(item)
                elif isinstance(item, (list, dict)):
                    stack.append(item)
        elif isinstance(node, dict):
            for key in list(node):
                value = node.pop(key)
                if isinstance(value, str):
                    value = clean_text(value)
                elif isinstance(value, (list, dict)):
                    stack.append(value)
                node[clean_text(key)] = value
    return root[0]
