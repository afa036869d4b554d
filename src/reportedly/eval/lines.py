"""Train and measure the scraped-text line scorer on publishers it never saw.

The pages: extraction-traf's with silver titles and authors (:mod:`reportedly.eval.silver`), each
rendered twice as scrapers render (inscriptis, and block newlines), and extraction-de's dev gold
rendered with inscriptis. The headline scorer learns from every candidate line of a page (the one
that shows the gold title is the positive), the byline scorer from the lines that show the gold
authors. The measure is leave-publishers-out: the publishers (registered domains) are dealt into
``k`` folds, and each fold's silver pages are extracted with a model trained on the other folds,
so no page is scored by a model that saw its publisher. Title and authors are scored as
``eval extraction`` scores them (:func:`reportedly.eval.extraction.score_page`).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from reportedly.errors import InputError
from reportedly.eval.extraction import Prediction, _from_article, _mean, normalise, score_page
from reportedly.eval.segments import render_text
from reportedly.eval.silver import publisher, render_blocks, silver_page
from reportedly.extract import build_article
from reportedly.extract.text import byline_choices, extract_text, headline_choices, read_lines
from reportedly.extract.text_lines import rules
from reportedly.extract.text_model import Linear, LineModel, using_model

RENDERERS: dict[str, Callable[[str], str]] = {"inscriptis": render_text, "blocks": render_blocks}
FOLDS = 5
SEED = 13
# Regularisation of both scorers; held-out titles (inscriptis / blocks): C 0.1 0.653 / 0.648, 0.5 0.656 / 0.651,
# 2 0.656 / 0.655.
C = 0.5
HEADLINE_THRESHOLD = 0.05  # below it no line is the headline; every page of both sets has one, so low
# A dev page weighs as a silver page: at 15 the scorer alone keeps the dev title 0.872, but held-out falls to 0.647.
DEV_WEIGHT = 1.0
BYLINE_THRESHOLD = 0.3  # below it no line is the byline (a third of the silver pages name no author in the text)


def prepare_silver(pages: list[dict[str, Any]], progress: Callable[[], None] | None = None) -> list[dict[str, Any]]:
    """extraction-traf's pages (as :func:`reportedly.eval.extraction.load_pages` reads them) with
    their renderings and silver title and authors; pages with neither are kept (counted) but unscored."""
    out = []
    for page in pages:
        texts = {name: render(page["html"]) for name, render in RENDERERS.items()}
        silver = silver_page(page["html"], page["url"], texts["inscriptis"])
        out.append({"url": page["url"], "language": page.get("language"), "publisher": silver["publisher"],
                    "texts": texts, "gold": {"title": silver["title"], "authors": silver["authors"]},
                    "title_rule": silver["title_rule"]})
        if progress:
            progress()
    return out


def prepare_dev(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """extraction-de's gold pages in the same shape, rendered with inscriptis (training only)."""
    return [{"url": p.get("url") or "", "language": "de",
             "publisher": f"dev:{p.get('publisher') or publisher(p.get('url') or '')}",
             "texts": {"inscriptis": render_text(p["html"])},
             "gold": {"title": p["gold"].get("title"), "authors": p["gold"].get("authors") or []},
             "weight": DEV_WEIGHT} for p in pages]


def _title_line(text: str, gold: str) -> bool:
    key = normalise(text)
    if len(key.split()) < 2:
        return False
    if key == gold or key.endswith((" " + gold, ":" + gold)):
        return True
    return len(key.split()) >= 3 and gold.endswith((" " + key, ":" + key))


def headline_examples(text: str, title: str) -> tuple[list[list[float]], list[int]]:
    """The headline candidates of one rendered page as features, labelled by the gold title."""
    try:
        page = read_lines(text, "page")
    except InputError:
        return [], []
    candidates, features, _ = headline_choices(page.lines, page.first, page.last, page.by_tokens, rules())
    gold = normalise(title)
    labels = [int(_title_line(page.lines[i].text, gold)) for i in candidates]
    return ([features(i) for i in candidates], labels) if any(labels) else ([], [])


def byline_examples(text: str, authors: list[str]) -> tuple[list[list[float]], list[int]]:
    """The byline candidates of one rendered page as features; positive where the line shows every gold author."""
    try:
        page = read_lines(text, "page")
    except InputError:
        return [], []
    r = rules()
    candidates, features, _ = byline_choices(page.lines, page.first, page.last, r)
    wanted = [normalise(a) for a in authors]
    labels = [int(all(w in normalise(page.lines[i].text) for w in wanted)) for i in candidates]
    return ([features(i) for i in candidates], labels) if any(labels) else ([], [])


def _fit(rows: list[list[float]], labels: list[int], weights: list[float], seed: int, threshold: float) -> Linear:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(rows, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=C, max_iter=3000, random_state=seed).fit((x - mean) / scale, np.asarray(labels),
                                                                               sample_weight=np.asarray(weights))
    return Linear(tuple(float(w) for w in fitted.coef_[0]), float(fitted.intercept_[0]), tuple(float(m) for m in mean),
                  tuple(float(s) for s in scale), threshold)


def fit_model(pages: Iterable[dict[str, Any]], seed: int = SEED) -> LineModel:
    """Train the headline scorer on every rendering of the pages that have a gold title, the byline
    scorer on those with gold authors."""
    rows: list[list[float]] = []
    labels: list[int] = []
    weights: list[float] = []
    by_rows: list[list[float]] = []
    by_labels: list[int] = []
    by_weights: list[float] = []
    for page in pages:
        weight = float(page.get("weight", 1.0))
        for text in page["texts"].values():
            if page["gold"].get("title"):
                x, y = headline_examples(text, page["gold"]["title"])
                rows += x
                labels += y
                weights += [weight] * len(y)
            if page["gold"].get("authors"):
                x, y = byline_examples(text, page["gold"]["authors"])
                by_rows += x
                by_labels += y
                by_weights += [weight] * len(y)
    return LineModel(headline=_fit(rows, labels, weights, seed, HEADLINE_THRESHOLD),
                     byline=_fit(by_rows, by_labels, by_weights, seed, BYLINE_THRESHOLD))


def model_dict(model: LineModel, about: dict[str, Any]) -> dict[str, Any]:
    """The model as the JSON that :func:`reportedly.extract.text_model.line_model` reads."""
    def linear(m: Linear) -> dict[str, Any]:
        return {"weights": [round(w, 6) for w in m.weights], "bias": round(m.bias, 6), "mean": [round(v, 6) for v in m.mean],
                "scale": [round(v, 6) for v in m.scale], "threshold": m.threshold}

    out = {"about": about, "headline": linear(model.headline)}
    if model.byline is not None:
        out["byline"] = linear(model.byline)
    return out


def predict(text: str, url: str) -> Prediction:
    try:
        return _from_article(build_article(extract_text(text, url)))
    except InputError as exc:
        return Prediction(error=exc.reason)


def folds(publishers: Iterable[str], k: int = FOLDS, seed: int = SEED) -> dict[str, int]:
    """Each publisher's fold: publishers shuffled with a fixed seed, dealt round-robin."""
    names = sorted(set(publishers))
    random.Random(seed).shuffle(names)
    return {name: n % k for n, name in enumerate(names)}


def leave_publishers_out(silver: list[dict[str, Any]], dev: list[dict[str, Any]], k: int = FOLDS, seed: int = SEED,
                         progress: Callable[[], None] | None = None) -> dict[str, Any]:
    """Title accuracy and authors on the silver pages, rules alone and with the learned scorer,
    each fold's pages extracted by a model trained on the other folds' publishers (and the dev pages)."""
    start = time.perf_counter()
    fold_of = folds([p["publisher"] for p in silver], k, seed)
    scored = [p for p in silver if p["gold"]["title"] or p["gold"]["authors"]]
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {r: {"rules": [], "learned": []} for r in RENDERERS}
    for fold in range(k):
        model = fit_model([*(p for p in silver if fold_of[p["publisher"]] != fold), *dev], seed)
        for page in (p for p in scored if fold_of[p["publisher"]] == fold):
            for renderer, text in page["texts"].items():
                for system, used in (("rules", None), ("learned", model)):
                    with using_model(used):
                        pred = predict(text, page["url"])
                    rows[renderer][system].append(score_page({"gold": page["gold"], "url": page["url"]}, pred))
        if progress:
            progress()
    summary: dict[str, Any] = {}
    for renderer, systems in rows.items():
        for system, scores in systems.items():
            title, n_title = _mean(s["title"] for s in scores)
            authors, n_authors = _mean(s["authors"] for s in scores)
            summary.setdefault(renderer, {})[system] = {"title": title, "title_n": n_title, "authors": authors,
                                                         "authors_n": n_authors}
    return {"folds": k, "seed": seed, "pages": len(silver), "publishers": len(fold_of),
            "silver_titles": sum(1 for p in silver if p["gold"]["title"]),
            "silver_authors": sum(1 for p in silver if p["gold"]["authors"]),
            "without_silver_title": sum(1 for p in silver if not p["gold"]["title"]),
            "summary": summary, "seconds": time.perf_counter() - start}


def train(traf: str | Path, dev: str | Path, out: str | Path, seed: int = SEED,
          progress: Callable[[], None] | None = None) -> dict[str, Any]:
    """Train the shipped model on all silver pages and the dev gold; write its JSON to ``out``."""
    from reportedly.eval.extraction import load_pages

    start = time.perf_counter()
    silver = prepare_silver(load_pages(traf), progress)
    dev_pages = prepare_dev(load_pages(dev))
    model = fit_model([*silver, *dev_pages], seed)
    about = {"trained_on": f"{Path(traf).parent.name} silver titles ({sum(1 for p in silver if p['gold']['title'])} pages) "
             f"+ {Path(dev).parent.name} dev gold ({len(dev_pages)} pages), renderings: {', '.join(RENDERERS)}",
             "seed": seed, "command": "reportedly train text-lines", "seconds": round(time.perf_counter() - start, 1)}
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model_dict(model, about), indent=1) + "\n", encoding="utf-8")
    return about
