"""The scraped-text headline scorer (extract/text_model.py, models/text_lines.json) on a hand-made page."""

from __future__ import annotations

import json

from reportedly.extract.text import extract_text
from reportedly.extract.text_model import Linear, line_model, model_path, using_model

# A headline the rules do not take: no date, byline or teaser follows it and the page does not
# repeat it; the scorer reads its case pattern, its place above the body and the words the body shares.
PAGE = "\n".join([
    "Zum Inhalt springen", "Startseite", "Politik",
    "Stadtrat beschließt neuen Radweg entlang der Hauptstraße",
    "Lokales",
    "",
    "Nach monatelanger Debatte hat der Stadtrat am Dienstagabend mit großer Mehrheit den Bau eines neuen Radwegs "
    "entlang der Hauptstraße beschlossen, der im Herbst beginnen soll.",
    "Die Kosten von rund zwei Millionen Euro trägt zu einem großen Teil das Land, wie die Bürgermeisterin nach der "
    "Sitzung vor Journalisten erklärte und dabei die Einigkeit lobte.",
    "Kritik kam von den Anwohnern, die den Wegfall von Parkplätzen befürchten und eine Bürgerversammlung vor "
    "Baubeginn fordern, damit ihre Sorgen gehört werden.",
    "Teilen",
])


def test_the_scorer_finds_the_headline_the_rules_miss():
    with using_model(None):
        assert extract_text(PAGE, "page").title is None
    parts = extract_text(PAGE, "page")
    assert parts.title == "Stadtrat beschließt neuen Radweg entlang der Hauptstraße"
    assert (parts.teaser or "").startswith("Nach monatelanger Debatte")  # the first paragraph after it


def test_the_shipped_model_is_plain_weights_and_small():
    data = json.loads(model_path().read_text("utf-8"))
    assert model_path().stat().st_size < 100_000
    assert len(data["headline"]["weights"]) == len(data["headline"]["mean"]) == len(data["headline"]["scale"])
    model = line_model()
    assert model is not None and 0.0 < model.headline.threshold < 1.0


def test_a_linear_scorer_is_a_logistic_of_standardised_features():
    linear = Linear(weights=(2.0, -1.0), bias=0.5, mean=(1.0, 0.0), scale=(2.0, 1.0), threshold=0.5)
    assert linear.probability([1.0, 0.5]) == 0.5  # 0.5 + 2*0 - 1*0.5 = 0
    assert linear.probability([5.0, 0.0]) > 0.9


def test_the_byline_scorer_reads_a_byline_the_rules_do_not_know():
    page = PAGE.replace("Lokales\n", "Lokales\nGepostet von Katrin Beispiel | Wohnen\n")
    with using_model(None):
        assert extract_text(page, "page").authors == []
    assert extract_text(page, "page").authors == ["Katrin Beispiel"]  # the run of name words, not the section
