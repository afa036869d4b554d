"""The trained attribution model: its files, its classifiers, and predicting one document's statements."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources as _pkg
from pathlib import Path
from typing import Any, cast

from reportedly.analyze.attribution.doc import LAYERS, ROLES, TAGS_FILE, Doc
from reportedly.analyze.attribution.features import (
    Group,
    Neighbours,
    attachment_features,
    candidates,
    drop_groups,
    end_at_main_clause,
    keep_features,
    merge_rules,
    quote_groups,
    role_spans,
    token_features,
    type_features,
    with_apposition,
)
from reportedly.analyze.attribution.speaker_ranker import Ranker
from reportedly.analyze.morphology import TagTable
from reportedly.errors import ConfigError
from reportedly.model import StatementType

# --- classifiers -------------------------------------------------------------------------------


@dataclass
class Linear:
    """A multinomial logistic regression read from JSON weights (trained with scikit-learn)."""

    classes: list[str]
    weights: dict[str, list[float]]
    bias: list[float]

    def probabilities(self, features: Iterable[str]) -> list[float]:
        scores = list(self.bias)
        for feat in features:
            w = self.weights.get(feat)
            if w is not None:
                for k, v in enumerate(w):
                    scores[k] += v
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def predict(self, features: Iterable[str]) -> tuple[str, float]:
        probs = self.probabilities(features)
        k = max(range(len(probs)), key=probs.__getitem__)
        return self.classes[k], probs[k]

    def to_json(self) -> dict[str, Any]:
        return {"classes": self.classes, "weights": self.weights, "bias": self.bias}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Linear:
        return cls(classes=list(data["classes"]), weights=data["weights"], bias=list(data["bias"]))


# --- the model ---------------------------------------------------------------------------------


MODEL_FACTORY = "reportedly.attribution_model.v1"
# A statement is dropped below this keep probability: lower than 0.5 because a true statement
# dropped loses its quote and all its roles, a false one kept costs precision. Chosen on the train
# hold-out (docs 561-700, fit on 1-560: quote F1 0.697-0.702 for 0.2-0.5).
KEEP_THRESHOLD = 0.3


def components_before_model(config: dict[str, Any]) -> list[str]:
    """The pipeline's components up to the attribution model: what it reads is made by these."""
    names = list(config.get("pipeline", {}).get("components", []))
    blocks = config.get("components", {})
    for k, name in enumerate(names):
        if blocks.get(name, {}).get("factory") == MODEL_FACTORY:
            return names[:k]
    return names


def shipped_model_dir(language: str) -> Path:
    return Path(str(_pkg.files("reportedly").joinpath(f"models/attribution/{language}")))


@dataclass
class AttributionModel:
    """The trained parts: two CRF taggers, the speaker ranker, the attachment, type and medium classifiers."""

    directory: Path
    attach: dict[str, Linear]
    type: Linear
    medium: Linear | None
    meta: dict[str, Any]
    tag_table: TagTable
    speaker: Any = None  # speaker_ranker.Ranker; models without one attach speakers like the other roles
    keep: Linear | None = None  # is a predicted statement an attribution at all?

    @classmethod
    def load(cls, directory: Path) -> AttributionModel:
        try:
            data = json.loads((directory / "classifiers.json").read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"attribution model at {directory} cannot be read: {exc}") from None
        for name in [f"{layer}.crfsuite" for layer in LAYERS] + [TAGS_FILE]:
            if not (directory / name).is_file():
                raise ConfigError(f"attribution model at {directory} has no {name}; run `reportedly train attribution`")
        try:
            tag_table = TagTable.load(directory / TAGS_FILE)
        except (OSError, json.JSONDecodeError, KeyError) as exc:
            raise ConfigError(f"attribution model at {directory}: {TAGS_FILE} cannot be read: {exc}") from None
        return cls(
            directory=directory,
            attach={role: Linear.from_json(data["attach"][role]) for role in ROLES if role in data["attach"]},
            type=Linear.from_json(data["type"]),
            medium=Linear.from_json(data["medium"]) if data.get("medium") else None,
            meta=data.get("meta", {}),
            tag_table=tag_table,
            speaker=_ranker(data.get("speaker")),
            keep=Linear.from_json(data["keep"]) if data.get("keep") else None,
        )

    @property
    def taggers(self) -> dict[str, Any]:
        return _taggers(str(self.directory))

    def predict(self, doc: Doc, main_tagger: Any = None, prefer: str = "rules") -> list[Group]:
        """The statements of ``doc``; ``main_tagger`` replaces the model's own (cross-validation in
        training, the encoder tagger in the accurate model); ``prefer``: see ``merge_rules``."""
        if not doc.tokens:
            return []
        taggers = self.taggers
        features = token_features(doc)
        tagger = taggers["main"] if main_tagger is None else main_tagger
        main = tagger.tag(features)
        groups = quote_groups(doc, main)
        spans = role_spans(main) + role_spans(taggers["frames"].tag(features))
        groups, spans = merge_rules(doc, groups, spans, prefer)
        where = Neighbours(doc, groups, spans)
        speaker_context = self.speaker.context(doc, tagger, main) if self.speaker is not None and groups else None
        in_quote: dict[int, float] = {}  # the tagger's marginals, read only where a statement's quote is
        for group in groups:
            for i in group.quote:
                if i not in in_quote:
                    in_quote[i] = tagger.marginal("B-Q", i) + tagger.marginal("I-Q", i)
            group.confidence = round(sum(in_quote[i] for i in group.quote) / len(group.quote), 3)
        for g, group in enumerate(groups):
            if speaker_context is not None and not group.chained:
                best, group.speaker_margin = self.speaker.choose_with_margin(speaker_context, groups, g, where)
                if best:
                    best = (best[0], with_apposition(doc, best[1], group.quote))
                group.roles["speaker"] = [list(range(best[0], best[1] + 1))] if best else []
            for role in ROLES:
                clf = self.attach.get(role)
                if clf is None or group.chained or (role == "speaker" and speaker_context is not None):
                    continue
                scored = []
                own_quote = set(group.quote) if role in doc.cues.outside_quote else set()
                for rank, cand in enumerate(candidates(doc, groups, g, spans, role, where)):
                    if own_quote.intersection(cand):
                        continue
                    p = clf.probabilities(attachment_features(doc, groups, g, role, cand, rank, where))[1]
                    if p > 0.5:
                        scored.append((p, cand))
                kept: list[list[int]] = []
                for _, cand in sorted(scored, reverse=True):  # best first; overlapping spans are one choice
                    if not any(set(cand).intersection(k) for k in kept):
                        kept.append(cand)
                if kept or group.rule is None:  # where the classifier takes none, a rule's span stands
                    group.roles[role] = sorted(kept[:1] if role == "speaker" else kept)
            feats = type_features(doc, group)
            group.type = cast(StatementType, self.type.predict(feats)[0])
            if group.type == "Indirect" and end_at_main_clause(doc, group):
                where.update(g)
                feats = type_features(doc, group)
            if self.medium is not None:
                group.medium = self.medium.predict([*feats, "type=" + group.type])[0]
        if self.keep is None:
            return groups
        keep = [self.keep.probabilities(keep_features(doc, group))[1] >= KEEP_THRESHOLD for group in groups]
        chain_kept: dict[tuple[int, ...], bool] = {}  # a chain's quote: is any link of it kept?
        for k, group in enumerate(groups):
            if group.chained:
                quote = tuple(group.quote)
                chain_kept[quote] = chain_kept.get(quote, False) or keep[k]
        for k, group in enumerate(groups):  # a chain ("Y sagte, wie Z berichtet") stands or falls as one
            if group.chained and not keep[k]:
                keep[k] = chain_kept[tuple(group.quote)]
        return drop_groups(groups, keep)


def _ranker(data: dict[str, Any] | None) -> Any:
    if not data:
        return None
    return Ranker.from_json(data)


@cache
def _taggers(directory: str) -> dict[str, Any]:
    import pycrfsuite

    out = {}
    for layer in LAYERS:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(Path(directory) / f"{layer}.crfsuite"))
        out[layer] = tagger
    return out


@cache
def _load_model(directory: str) -> AttributionModel:
    return AttributionModel.load(Path(directory))
