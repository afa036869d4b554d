"""Gold readers for attributed statements: the de-news-quotes form and PolNeAR, read into one form.

Eval scores against these documents and training learns from them, so they live below both
stages (``eval/quotes.py`` re-exports them). The form is that of the German news quotation
dataset (``../shared/eval/de-news-quotes``): a dict with ``documentName``, ``originalText``,
``tokens`` (``id``, ``text``, ``charBegin``, ``charEnd``) and ``annotations``, each with the
roles ``quote``, ``speaker``, ``cue``, ``addressee`` and ``frame``, ``type`` and ``medium``.
"""

from __future__ import annotations

import bisect
import gzip
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reportedly.errors import ReportedlyError

ROLES = ("addressee", "cue", "frame", "speaker")
PARTS = ("quote", *ROLES)

# PolNeAR tokens: runs of word characters, and every other non-space character on its own
# ("Mr. Obama's" -> Mr . Obama ' s). The scorer pairs and counts by tokens, so any tokenizer
# that keeps offsets will do; this one is simple and the same for gold and predictions.
TOKEN = re.compile(r"\w+|[^\w\s]")

_BRAT_ID = re.compile(r"[A-Z#]\d*\t")  # T12<TAB>, E3<TAB>, #1<TAB>: a brat line starts with its id
_BRAT_ROLES = {"Source": "speaker", "Cue": "cue"}  # Content, Content2 ... -> quote
_DOUBLE_QUOTES = '"“”„«»'
_SINGLE_QUOTES = "'‘’‚‹›"
_CLOSING_ONLY = "”’"  # English closing marks: a span that starts with one is not opened by it
_TRAILING_PUNCT = ",.;:!?"


# --- reading gold -----------------------------------------------------------------------------


def _open(path: Path) -> Any:
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8")


def select_documents(docs: dict[str, dict[str, Any]], spec: str | None) -> dict[str, dict[str, Any]]:
    """The documents ``spec`` names by position in file order, 1-based and inclusive: ``"1-140"``,
    ``"141-700"``, several joined by commas. Held-out splits of a training set (fit on 141-700,
    score on 1-140) are named this way in ``train attribution --docs`` and ``eval quotes --docs``."""
    if not spec:
        return docs
    names = list(docs)
    chosen: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        try:
            a, b = int(first), int(last or first)
        except ValueError:
            raise ReportedlyError(f"--docs {spec!r}: give positions like 1-140 or 1-140,201-300") from None
        if a < 1 or b < a or b > len(names):
            raise ReportedlyError(f"--docs {spec!r}: positions run from 1 to {len(names)}, first <= last")
        chosen.update(range(a - 1, b))
    return {names[i]: docs[names[i]] for i in sorted(chosen)}


def load_gold(path: str | Path) -> dict[str, dict[str, Any]]:
    """Read gold documents by name, in file order (a folder: in name order)."""
    path = Path(path)
    if not path.exists():
        raise ReportedlyError(f"gold not found: {path}")
    docs: dict[str, dict[str, Any]] = {}
    try:
        if path.is_dir():
            if (path / "text").is_dir() and (path / "attributions").is_dir():
                return load_polnear(path)
            files = sorted(path.glob("*.json"))
            if not files:
                raise ReportedlyError(f"{path}: neither a PolNeAR folder (text/, attributions/) nor a folder of .json documents")
            for file in files:
                _add_document(docs, json.loads(file.read_text(encoding="utf-8")), file.name)
        else:
            with _open(path) as handle:
                for number, line in enumerate(handle, 1):
                    if line.strip():
                        _add_document(docs, json.loads(line), f"{path.name} line {number}")
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReportedlyError(f"cannot read gold {path}: {type(exc).__name__}: {exc}") from None
    if not docs:
        raise ReportedlyError(f"{path}: no gold documents in it")
    return docs


def _add_document(docs: dict[str, dict[str, Any]], doc: Any, where: str) -> None:
    if not (isinstance(doc, dict) and all(k in doc for k in ("documentName", "originalText", "tokens", "annotations"))):
        raise ReportedlyError(f"{where}: not a gold document (documentName, originalText, tokens, annotations)")
    docs[doc["documentName"]] = doc


def tokenize(text: str) -> list[dict[str, Any]]:
    """Tokens with character offsets into ``text`` (see :data:`TOKEN`)."""
    return [{"id": i, "text": m.group(), "charBegin": m.start(), "charEnd": m.end()} for i, m in enumerate(TOKEN.finditer(text))]


def _role(text: str, tokens: list[dict[str, Any]], spans: Iterable[tuple[int, int]]) -> dict[str, Any]:
    """A gold role in the dataset's form; token ids are the tokens a span overlaps."""
    starts = [t["charBegin"] for t in tokens]
    out_spans, ids = [], set()
    for s, e in sorted(set(spans)):
        hi = lo = bisect.bisect_left(starts, e)  # tokens before hi begin before the span ends
        while lo > 0 and tokens[lo - 1]["charEnd"] > s:  # tokens do not overlap: ends ascend
            lo -= 1
        covered = list(range(lo, hi))
        ids.update(covered)
        first = covered[0] if covered else bisect.bisect_left(starts, s)
        out_spans.append({"charBegin": s, "charEnd": e, "begin": first, "end": covered[-1] + 1 if covered else first})
    return {
        "spans": out_spans,
        "text": " ".join(text[s["charBegin"] : s["charEnd"]] for s in out_spans),
        "tokenIds": sorted(ids),
    }


def _is_quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is inside quotation marks, its own or the ones around it.

    The marks may be part of the span (``"We will," he said``: Content ``"We will,"``) or stand
    just outside it (``"We will," he said``: Content ``We will``), with closing punctuation
    allowed between the words and the closing mark. Both marks must be of one kind, double or
    single, and the opening one not an English closing mark (” ’).
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return False
    openers = "".join(c for c in _DOUBLE_QUOTES + _SINGLE_QUOTES if c not in _CLOSING_ONLY)
    if text[start] in openers:
        opening = text[start]
    else:
        before = start - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        if before < 0 or text[before] not in openers:
            return False
        opening = text[before]
    kind = _DOUBLE_QUOTES if opening in _DOUBLE_QUOTES else _SINGLE_QUOTES
    closing = end - 1
    while closing > start and text[closing] in _TRAILING_PUNCT:
        closing -= 1
    if closing > start and text[closing] in kind:
        return True
    after = end
    while after < len(text) and text[after] in _TRAILING_PUNCT:
        after += 1
    return after < len(text) and text[after] in kind


def statement_type(text: str, spans: list[tuple[int, int]]) -> str:
    """PolNeAR marks no type: Direct when every content span is quoted, else Indirect."""
    return "Direct" if spans and all(_is_quoted(text, s, e) for s, e in spans) else "Indirect"


def _offsets(field: str) -> list[tuple[int, int]]:
    return [(int(s), int(e)) for s, e in (fragment.split() for fragment in field.split(";"))]


def read_polnear_document(name: str, text: str, ann: str) -> dict[str, Any]:
    """One PolNeAR document (its text and brat ``.ann`` content) in the gold document form.

    ``T`` lines give labelled spans (``Content`` may be discontinuous, ``s1 e1;s2 e2``); each
    ``E`` line is one attribution: ``Attribution:T4 Content:T3 Cue:T2 Source:T1`` (its trigger
    is ``Attribution`` or ``Attribution-no-source``). quote ← every ``Content``/``Content2``
    argument, speaker ← ``Source`` (none when the event ties no Source, as
    ``Attribution-no-source`` events do), cue ← ``Cue``; PolNeAR has no addressee and no frame.
    ``type`` is read from quotation marks (:func:`statement_type`), ``medium`` is None. An event
    without a Content is no statement and is left out; ``Discard``/``Discuss`` spans are ignored.
    """
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[list[str]] = []
    for number, line in enumerate(ann.splitlines(), 1):
        if not line.strip() or not _BRAT_ID.match(line):
            continue  # blank, or the rest of a span text that holds a line break
        fields = line.split("\t")
        try:
            if line.startswith("T"):
                label_offsets = fields[1].split(" ", 1)
                spans[fields[0]] = _offsets(label_offsets[1])
            elif line.startswith("E"):
                events.append(fields[1].split())
        except (IndexError, ValueError):
            raise ReportedlyError(f"{name}.ann line {number}: not a brat T or E line: {line[:60]!r}") from None
    tokens = tokenize(text)
    annotations: list[dict[str, Any]] = []
    for args in events:
        roles: dict[str, list[tuple[int, int]]] = {part: [] for part in PARTS}
        for arg in args[1:]:  # args[0] is the trigger, Attribution:Tn
            role_name, _, ref = arg.partition(":")
            role_name = role_name.rstrip("0123456789")
            part = "quote" if role_name == "Content" else _BRAT_ROLES.get(role_name)
            if part is None:
                continue
            if ref not in spans:
                raise ReportedlyError(f"{name}.ann: event {' '.join(args)} names {ref}, which no T line defines")
            roles[part].extend(spans[ref])
        for part_spans in roles.values():
            for s, e in part_spans:
                if not 0 <= s <= e <= len(text):
                    raise ReportedlyError(f"{name}.ann: span {s}-{e} lies outside the text ({len(text)} characters)")
        if not roles["quote"]:
            continue
        annotation: dict[str, Any] = {"id": len(annotations)}
        for part in PARTS:
            annotation[part] = _role(text, tokens, roles[part])
        annotation["type"] = statement_type(text, sorted(set(roles["quote"])))
        annotation["medium"] = None
        annotation["isNested"] = annotation["hasNested"] = False
        annotations.append(annotation)
    return {"documentName": name, "originalText": text, "tokens": tokens, "annotations": annotations}


def load_polnear(folder: str | Path) -> dict[str, dict[str, Any]]:
    """A PolNeAR folder: ``text/<doc>.txt`` with ``attributions/<doc>.ann``.

    Where several annotators' files exist (``<doc>_<annotator>.ann``) the first in sorted order
    is read (``<doc>.ann`` itself sorts before them). A text without an annotation file is an
    error: it would count as a document without attributions.
    """
    folder = Path(folder)
    texts = sorted((folder / "text").glob("*.txt"))
    if not texts:
        raise ReportedlyError(f"{folder}: no .txt files in text/")
    names = {t.stem for t in texts}
    anns = sorted(p.name for p in (folder / "attributions").glob("*.ann"))
    docs: dict[str, dict[str, Any]] = {}
    for path in texts:
        name = path.stem
        candidates = [
            a
            for a in anns
            if a == f"{name}.ann" or (a.startswith(f"{name}_") and "_" not in a[len(name) + 1 : -4] and a[:-4] not in names)
        ]
        if not candidates:
            raise ReportedlyError(f"{folder}: no attributions/{name}.ann (nor {name}_<annotator>.ann) for text/{path.name}")
        try:
            text = path.read_bytes().decode("utf-8")
            ann = (folder / "attributions" / candidates[0]).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ReportedlyError(f"cannot read {name}: {exc}") from None
        docs[name] = read_polnear_document(name, text, ann)
    return docs
