"""Learned attribution: a trained model re-reads the text and the rules' statements.

Four steps over one document, each trained on the de-news-quotes train split (German) or
PolNeAR's train split (English) by ``reportedly train attribution`` (see ``training.py``):

1. two linear-chain CRFs tag every token, one for quotes (``B-Q`` starts a statement, ``I-Q``
   continues one, across gaps such as ", sagte er,") and one for roles (``B-/I-`` speaker, cue,
   addressee, frame). Their features are the word, its shape, its part of speech (a table
   learnt from HanTa, ``morphology.py``), the cue lexicon, quotation marks, the sentence around
   it and the rule component's own statements (stacking: the rules' decisions are evidence, the
   model learns when to trust them);
2. statement splitting: ``B-Q`` opens a statement, a later ``I-Q`` run continues the open one
   within its paragraph; quoted fragments inside reported statements become Direct statements
   too where the language's annotation has them (:func:`quoted_fragments`);
3. role attachment: for each statement and each role span nearby, a logistic regression says
   whether the span is that statement's cue (addressee, frame) from distance, direction,
   sentence and paragraph boundaries, quotes in between and the rules' links; the speaker is
   chosen by a ranker over every noun-phrase-like span nearby (``speaker_ranker.py``);
4. a type classifier (Direct, Indirect, FreeIndirect, IndirectFreeIndirect, Reported) and a
   medium classifier over the statement;
5. a keep classifier drops the statements that are likely no attribution at all: a quarter of
   the rules' and most of the taggers' extra statements overlap no gold statement (train
   hold-out). It is trained on what the model predicts for training documents with taggers
   that did not see them (cross-validation).

The model files are plain: two crfsuite files and one JSON file of classifier and ranker weights.

The steps live in their own modules: ``doc.py`` (one document prepared once), ``features.py``
(tagger, attachment, type and keep features), ``classifier.py`` (the model files and predicting),
``statements.py`` (groups as statements, fragments, continuations); this module is the component
and names the parts that training and tests use.
"""

from __future__ import annotations

from pathlib import Path

from reportedly.analyze.attribution.accurate import MODELS, PREFER, EncoderTagger, load_tagger, tagger_dir
from reportedly.analyze.attribution.classifier import (
    KEEP_THRESHOLD,
    MODEL_FACTORY,
    AttributionModel,
    Linear,
    _load_model,
    _taggers,
    components_before_model,
    shipped_model_dir,
)
from reportedly.analyze.attribution.doc import CODE_ROLES, LAYERS, ROLE_CODES, ROLES, TAGS_FILE, TYPES, Doc, prepare
from reportedly.analyze.attribution.features import (
    Group,
    attachment_features,
    candidates,
    drop_groups,
    end_at_main_clause,
    keep_features,
    merge_rules,
    placement,
    quote_groups,
    role_spans,
    token_features,
    type_features,
    with_apposition,
)
from reportedly.analyze.attribution.statements import (
    cited_evidence,
    direct_in_marks,
    join_continuations,
    quoted_fragments,
    reported_containers,
    to_statements,
)
from reportedly.errors import ConfigError
from reportedly.knowledge.cues import load
from reportedly.knowledge.language import resolve
from reportedly.model import Analysis

__all__ = [
    "CODE_ROLES", "KEEP_THRESHOLD", "LAYERS", "MODEL_FACTORY", "ROLES", "ROLE_CODES", "TAGS_FILE", "TYPES",
    "AttributionModel", "Doc", "Group", "LearnedAttribution", "Linear", "_load_model", "_taggers", "attachment_features",
    "candidates", "components_before_model", "drop_groups", "end_at_main_clause", "join_continuations",
    "keep_features", "load", "merge_rules", "placement", "prepare", "quote_groups", "quoted_fragments",
    "reported_containers", "role_spans", "shipped_model_dir", "to_statements", "token_features", "type_features",
    "with_apposition",
]


class LearnedAttribution:
    """Replaces the rules' statements with the trained model's (German and English models ship)."""

    def __init__(self, default_language: str | None = None, model_dir: str = "", model: str = "fast") -> None:
        if model not in MODELS:
            raise ConfigError(f"attribution model must be one of {', '.join(MODELS)}, not {model!r}")
        if model_dir and not Path(model_dir).is_dir():
            raise ConfigError(f"attribution model_dir {model_dir} is not a folder")
        if model_dir and (Path(model_dir) / "classifiers.json").is_file():
            raise ConfigError(
                f"attribution model_dir {model_dir} is one language's model; give the folder that holds de/ and en/")
        self.default_language = default_language
        self.model_dir = model_dir
        self.model = model
        if model == "accurate":  # load the encoder now: building its graph at first use takes 2-6 s (longer
            root = Path(model_dir) if model_dir else shipped_model_dir("de").parent  # on a busy machine), which
            for folder in sorted(root.iterdir()):  # would count against the first document's time limit
                if (tagger_dir(folder) / "tagger.npz").is_file():
                    load_tagger(str(tagger_dir(folder))).warm()

    def tagger_for(self, language: str) -> EncoderTagger | None:
        """The accurate model's encoder tagger for ``language``; None for the fast model or a
        language without one (German only so far: that language keeps the fast model)."""
        if self.model != "accurate":
            return None
        directory = tagger_dir(Path(self.model_dir) / language if self.model_dir else shipped_model_dir(language))
        return load_tagger(str(directory)) if directory.is_dir() else None

    def model_for(self, language: str) -> AttributionModel | None:
        directory = Path(self.model_dir) / language if self.model_dir else shipped_model_dir(language)
        if not (directory / "classifiers.json").is_file():
            return None
        return _load_model(str(directory))

    def data_files(self, language: str | None) -> list[Path]:
        """The model files that analyse an article in ``language``: the ledger's fingerprint of an
        analysis hashes them, so a retrained model makes that language's analyses stale."""
        language = resolve(language, self.default_language)
        directory = Path(self.model_dir) / language if self.model_dir else shipped_model_dir(language)
        files = sorted(p for p in directory.iterdir() if p.is_file()) if directory.is_dir() else []
        tagger = tagger_dir(directory)
        if self.model == "accurate" and tagger.is_dir():
            files += sorted(p for p in tagger.iterdir() if p.is_file())
        return files

    def __call__(self, analysis: Analysis) -> Analysis:
        language = resolve(analysis.article.language, self.default_language)
        model = self.model_for(language)
        if model is None:  # no model for this language: the rules' statements stand
            return analysis
        doc = prepare(analysis, language, model.tag_table.tags)
        for token, tag in zip(analysis.tokens, doc.tags, strict=True):
            token.tag = tag  # later stages read them too: the speaker resolver finds names by them
        tagger = self.tagger_for(language)
        main = tagger.main_tagger(doc) if tagger is not None and doc.tokens else None
        prefer = PREFER if main is not None else "rules"
        statements = to_statements(doc, model.predict(doc, main_tagger=main, prefer=prefer))
        if doc.cues.fragment_words:  # the language's annotation has fragments and their clauses both
            statements = reported_containers(doc, quoted_fragments(doc.text, statements, doc.cues.fragment_words,
                                                                  doc.words.function_words))
        if doc.cues.join_continuations:
            statements = join_continuations(statements)
        statements = cited_evidence(doc, direct_in_marks(doc, statements))
        analysis.statements = statements
        return analysis
