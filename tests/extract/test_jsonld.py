"""JSON-LD on hostile pages: deep nesting and escaped surrogates end in an article, not a crash."""

import json

import pytest

from reportedly.model import RawDocument
from reportedly.pipeline import Pipeline

BODY = ("<p>Der Minister sagte am Montag in Berlin, die Lage sei ernst und man werde rasch handeln.</p>"
        "<p>Die Opposition warf der Regierung vor, zu lange gewartet zu haben, und verlangte einen Bericht.</p>"
        "<p>Nach Angaben des Ministeriums sollen die ersten Hilfen schon in der kommenden Woche fließen.</p>")


def _page(jsonld: str) -> bytes:
    return (f'<html><head><title>Lage ernst</title><script type="application/ld+json">{jsonld}</script></head>'
            f"<body><article><h1>Lage ernst</h1>{BODY}</article></body></html>").encode()


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.mark.parametrize("jsonld", [
    "[" * 1000 + "]" * 1000,
    '{"@type": "NewsArticle", "author": ' + "[" * 990 + '"Anna"' + "]" * 990 + "}",
    '{"a":' * 1000,  # unclosed as well
    '{"@type": "NewsArticle", "headline": ' + '{"name":' * 2000 + '"x"' + "}" * 2000 + "}",
])
def test_deeply_nested_jsonld_does_not_crash(pipeline, jsonld):
    analysis = pipeline.run(RawDocument(source="deep.html", content=_page(jsonld)))
    assert "Der Minister sagte" in analysis.article.text
    analysis.model_dump_json()


def test_escaped_surrogates_in_jsonld_come_out_clean(pipeline):
    ld = json.dumps({"@type": "NewsArticle", "headline": "Lage\\ud800 ernst",
                     "author": {"@type": "Person", "name": "Anna \\udc00Muster"}})
    analysis = pipeline.run(RawDocument(source="s.html", content=_page(ld.replace("\\\\", "\\"))))
    assert "Anna \ufffdMuster" in analysis.article.authors
    json.loads(analysis.model_dump_json())  # would raise UnicodeEncodeError with a lone surrogate


def test_normal_jsonld_still_gives_authors(pipeline):
    ld = json.dumps({"@type": "NewsArticle", "headline": "Lage ernst", "author": [{"@type": "Person", "name": "Anna Muster"}]})
    analysis = pipeline.run(RawDocument(source="ok.html", content=_page(ld)))
    assert analysis.article.authors == ["Anna Muster"]
