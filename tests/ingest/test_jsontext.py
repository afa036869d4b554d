"""JSON from untrusted input: bounded nesting, clean strings, never a RecursionError."""

import json

import pytest

from reportedly.ingest.jsontext import JSONTooDeepError, depth, loads


def test_deep_nesting_is_a_value_error_not_a_recursion_error():
    for text in ("[" * 1000 + "]" * 1000, '{"a":' * 1000 + "1" + "}" * 1000, "[" * 100_000):
        with pytest.raises(JSONTooDeepError):
            loads(text)


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"text": "[" * 500 + "{" * 500, "list": [[1]]})
    assert depth(text) == 3
    assert loads(text)["list"] == [[1]]


def test_real_nesting_is_read():
    data = {"@graph": [{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Anna Muster"}]}]}
    assert loads(json.dumps(data)) == data


def test_escaped_surrogates_and_controls_come_back_clean():
    data = loads(r'{"title": "Ti\ud800tel", "k\udc00": ["a\u0000b", "ok \ud83d\ude00"]}')
    assert data == {"title": "Ti\ufffdtel", "k\ufffd": ["a\ufffdb", "ok \U0001f600"]}
    json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_bytes_with_encoded_surrogates_are_refused_not_passed_through():
    with pytest.raises(ValueError):
        loads(b'{"text": "\xed\xa0\x80"}')  # json.loads(bytes) alone returns a lone surrogate


def test_a_long_string_full_of_brackets_is_read_in_bounded_memory():
    """Found by bench/fuzz.py (seed 2129120165756206750): a 6 MB record whose text holds brackets
    took the reader from 394 MB to 1.1 GB: the regex that skips strings while counting nesting kept
    a backtracking state per character (700 MB for 6 MB)."""
    import subprocess
    import sys

    script = (
        "import json, resource; from reportedly.ingest import jsontext\n"
        "text = json.dumps({'text': 'Wort [x] {y} \\\\n ' * 400_000})\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "assert jsontext.loads(text)['text'].startswith('Wort [x]')\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n"
    )
    grown_mb = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    assert grown_mb < 150
