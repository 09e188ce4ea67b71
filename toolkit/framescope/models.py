"""Trainable framing/bias classifiers over framescope features, with honest CV metrics and safe persistence.

A model is a scikit-learn :class:`~sklearn.pipeline.Pipeline`: a
:class:`~sklearn.compose.ColumnTransformer` joins TF-IDF word n-grams, TF-IDF
character n-grams and the chosen framing families (standardised, then weighted as one
block: :class:`BlockWeight`), and a linear classifier
(logistic regression, class-weighted for imbalance) sits on top. Binary, multi-class
and multi-label targets; rows are articles or sentences (``unit``).

Models are saved with skops, never pickle: loading inspects the file first and
refuses any type that is not scikit-learn's, numpy's, scipy's or framescope's own.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MultiLabelBinarizer, StandardScaler

from framescope.errors import InputError, ModelError, invalid_choice

ARTICLE_FAMILIES = ("issue_frames", "generic_frames", "tone", "persuasion", "structure", "sourcing")
"""Families used by default for article-level models (labeling is event-level, so left out)."""
SENTENCE_FAMILIES = ("issue_frames", "tone", "persuasion")
"""Families used by default for sentence-level models (structure and sourcing need whole articles)."""
UNITS = ("article", "sentence")
_TRUSTED_PREFIXES = ("sklearn.", "scipy.sparse.", "framescope.")
# numpy types a fitted pipeline holds (arrays, dtypes, scalars, random state) -- not numpy functions.
_TRUSTED_NUMPY = re.compile(r"^numpy\.(ndarray|dtype|dtypes\.\w+|(float|int|uint|complex)\d*|bool_?|str_|object_"
                            r"|random\.(mtrand\.)?RandomState|random\._generator\.Generator|random\._pcg64\.PCG64)$")
_LABEL_SPLIT = re.compile(r"\s*[|;]\s*")


class FramingFeatures(TransformerMixin, BaseEstimator):
    """The chosen framing families side by side, as one transformer.

    Holds only family names, so a saved model contains no compiled lexicons: the
    families are rebuilt from the installed framescope when the model is used. The
    families are lexicon- and rule-based and learn nothing in ``fit``.

    Examples
    --------
    >>> frame = pd.DataFrame({"id": ["a"], "title": ["Port strike"], "text": ["Workers walked out."]})
    >>> FramingFeatures(families=("tone",)).fit(frame).transform(frame).shape[0]
    1
    """

    def __init__(self, *, families: Sequence[str] = ARTICLE_FAMILIES):
        self.families = families

    def _estimators(self):
        from framescope.framing import make_family

        return [make_family(name) for name in self.families]

    def fit(self, X, y=None):
        names = []
        for estimator in self._estimators():
            names += list(estimator.fit(X).get_feature_names_out())
        self.feature_names_out_ = np.asarray(names, dtype=object)
        return self

    def transform(self, X):
        blocks = [np.asarray(e.fit(X).transform(X), dtype=float) for e in self._estimators()]
        values = np.hstack(blocks) if blocks else np.zeros((len(X), 0))
        return np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)

    def get_feature_names_out(self, input_features=None):
        return self.feature_names_out_


DEFAULT_FRAMING_WEIGHT = 3.0
"""Row norm of the standardised framing block relative to a (unit-norm) TF-IDF row.

Measured with three-fold (five-fold pooled) cross-validation, three seeds, the six article
families, macro-F1 for weights 1 / 3 / ~9.3 (the last is the block standardised as it is,
87 columns) against TF-IDF alone: outlet of the teaching corpus's articles 0.63 / 0.70 /
0.70 (TF-IDF 0.29); their primary issue frame 0.55 / 0.56 / 0.52 (0.58); generic frames
over the teaching corpus and the two generic-frame check sets pooled (145 articles) 0.77 /
0.75 / 0.73 (0.70). 3 is near the best on all three; the full-width block is worst on two.
"""


class BlockWeight(TransformerMixin, BaseEstimator):
    """Scale a standardised feature block so its rows have norm about ``weight``.

    A standardised block of ``d`` columns has rows of squared norm about ``d``, a TF-IDF
    row has norm 1: joined as they are, 87 framing columns weigh nine times the words,
    and a regularised linear model leans on them. The block is multiplied by
    ``weight / sqrt(d)``, so its weight does not grow with the number of families.

    Examples
    --------
    >>> BlockWeight(weight=1.0).fit_transform(np.ones((2, 4))).tolist()
    [[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]]
    """

    def __init__(self, *, weight: float = DEFAULT_FRAMING_WEIGHT):
        self.weight = weight

    def fit(self, X, y=None):
        self.n_features_in_ = int(np.shape(X)[1])
        return self

    def transform(self, X):
        return np.asarray(X, dtype=float) * (self.weight / np.sqrt(max(self.n_features_in_, 1)))

    def get_feature_names_out(self, input_features=None):
        if input_features is None:
            return np.asarray([f"x{i}" for i in range(self.n_features_in_)], dtype=object)
        return np.asarray(input_features, dtype=object)


def build_pipeline(*, families: Sequence[str] | None = ARTICLE_FAMILIES, word_ngrams=(1, 2),
                   char_ngrams=(2, 5), use_chars: bool = True, C: float = 4.0, multi_label: bool = False,
                   class_weight: str | None = "balanced", framing_weight: float = DEFAULT_FRAMING_WEIGHT,
                   random_state: int = 0) -> Pipeline:
    """A feature union (TF-IDF words + chars + framing families) and a logistic regression.

    Parameters
    ----------
    families : framing family names (see ``framescope.framing.FAMILIES``); empty or None
        for TF-IDF only.
    word_ngrams, char_ngrams : n-gram ranges of the two TF-IDF blocks.
    C : inverse regularisation strength of the logistic regression.
    multi_label : one binary classifier per label (one-vs-rest).
    framing_weight : row norm of the standardised framing block next to the unit-norm
        TF-IDF rows (see :data:`DEFAULT_FRAMING_WEIGHT`).

    Examples
    --------
    >>> pipe = build_pipeline(families=None)
    >>> [name for name, *_ in pipe.named_steps["features"].transformers]
    ['words', 'chars']
    """
    from framescope.framing import FAMILIES

    for name in families or ():
        if name not in FAMILIES:
            raise invalid_choice("feature family", name, FAMILIES)
    blocks = [("words", TfidfVectorizer(ngram_range=tuple(word_ngrams), sublinear_tf=True, min_df=2,
                                        max_df=0.9, strip_accents="unicode"), "text")]
    if use_chars:
        blocks.append(("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(char_ngrams),
                                                sublinear_tf=True, min_df=2, max_features=200_000), "text"))
    if families:
        blocks.append(("framing", Pipeline([("families", FramingFeatures(families=tuple(families))),
                                            ("scale", StandardScaler()),
                                            ("weight", BlockWeight(weight=framing_weight))]),
                       ["id", "title", "text"]))
    features = ColumnTransformer(blocks, sparse_threshold=1.0)
    base = LogisticRegression(C=C, class_weight=class_weight, max_iter=3000, random_state=random_state)
    classifier = OneVsRestClassifier(base) if multi_label else base
    return Pipeline([("features", features), ("classifier", classifier)])


# -- data ---------------------------------------------------------------------------------

def read_labelled(path, *, text_col: str = "text", label_col: str | None = "label", id_col: str | None = None,
                  title_col: str | None = None, delimiter: str | None = None) -> pd.DataFrame:
    """Read a labelled CSV/TSV (any delimiter, sniffed) or JSON/JSONL file into a model frame.

    Returns a DataFrame with ``id``, ``title``, ``text`` and (when ``label_col`` is
    given) ``label``; the original id column name is kept in ``attrs["id_col"]``.

    Examples
    --------
    >>> import io, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "d.csv")
    >>> _ = open(path, "w").write("sentence;biased\\nA calm report.;0\\nA shameful lie!;1\\n")
    >>> read_labelled(path, text_col="sentence", label_col="biased")[["text", "label"]].shape
    (2, 2)
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", source=str(path))
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            raw = pd.read_json(path, lines=True, dtype=False)
        elif suffix == ".json":
            raw = pd.read_json(path, dtype=False)
        else:
            sep = delimiter if delimiter else ("\t" if suffix == ".tsv" else None)
            raw = pd.read_csv(path, sep=sep, engine="python", dtype=str, keep_default_na=False,
                              na_values=[""])
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read labelled data: {exc}", source=str(path)) from exc
    return model_frame(raw, text_col=text_col, label_col=label_col, id_col=id_col, title_col=title_col,
                       source=str(path))


def model_frame(raw: pd.DataFrame, *, text_col: str = "text", label_col: str | None = "label",
                id_col: str | None = None, title_col: str | None = None, source: str = "data") -> pd.DataFrame:
    """Map a DataFrame's columns to the model frame (``id``, ``title``, ``text``, ``label``)."""
    for role, column in (("text", text_col), ("label", label_col), ("id", id_col), ("title", title_col)):
        if column is not None and column not in raw.columns:
            raise InputError(f"no {role} column {column!r}; columns are: {', '.join(map(str, raw.columns))}",
                             source=source)
    frame = pd.DataFrame(index=raw.index)
    frame["id"] = raw[id_col].astype(str) if id_col else [str(i) for i in range(len(raw))]
    frame["title"] = raw[title_col].fillna("").astype(str) if title_col else ""
    frame["text"] = raw[text_col].astype(object).where(raw[text_col].notna(), None)
    missing = frame["text"].isna() | (frame["text"].astype(str).str.strip() == "")
    if missing.all():
        raise InputError(f"every text in column {text_col!r} is empty", source=source)
    frame["text"] = frame["text"].fillna("").astype(str)
    if label_col:
        frame["label"] = raw[label_col]
    frame.attrs.update({"id_col": id_col or "id", "n_empty_texts": int(missing.sum()), "source": source})
    return frame.reset_index(drop=True)


def _split_labels(value) -> list[str]:
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return [str(v) for v in value]
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    text = str(value).strip()
    if text.startswith("["):
        return [str(v) for v in json.loads(text)]
    return [p for p in _LABEL_SPLIT.split(text) if p] if text else []


def _targets(frame: pd.DataFrame, multi_label: bool):
    if "label" not in frame:
        raise InputError("no label column in the data")
    labels = frame["label"]
    if multi_label:
        sets = [_split_labels(v) for v in labels]
        binarizer = MultiLabelBinarizer()
        y = binarizer.fit_transform(sets)
        return y, [str(c) for c in binarizer.classes_]
    missing = labels.isna()
    if missing.any():
        rows = ", ".join(str(i) for i in np.flatnonzero(missing)[:5])
        raise InputError(f"{int(missing.sum())} rows have no label (first rows: {rows})",
                         source=frame.attrs.get("source"))
    y = labels.astype(str).to_numpy()
    return y, sorted(set(y))


def _check_trainable(y, classes, multi_label: bool, folds: int):
    if multi_label:
        counts = pd.Series(np.asarray(y).sum(axis=0), index=classes)
        if len(classes) < 1:
            raise InputError("no labels found in the label column")
    else:
        counts = pd.Series(y).value_counts()
        if len(counts) < 2:
            raise InputError(f"the label column has only one class ({counts.index[0]!r}); a classifier "
                             f"needs at least two")
    if len(y) < folds:
        raise InputError(f"{len(y)} examples are fewer than the {folds} cross-validation folds; "
                         f"use --folds {max(2, len(y))} or more data")
    rare = counts[counts < 2]
    if len(rare):
        raise InputError(f"class {rare.index[0]!r} has {int(rare.iloc[0])} example(s); each class needs "
                         f"at least 2 (and ideally {folds}) for cross-validation")
    return counts


# -- metrics --------------------------------------------------------------------------------

@dataclass
class Metrics:
    """Classification metrics with the sample sizes behind them.

    per_class : DataFrame indexed by class: precision, recall, f1, support.
    summary : Series: macro_f1, micro_f1 (multi-label) or accuracy, n_examples, n_folds.
    confusion : DataFrame (true class x predicted class); None for multi-label.
    """

    per_class: pd.DataFrame
    summary: pd.Series
    confusion: pd.DataFrame | None = None

    def to_dict(self) -> dict:
        return {"summary": {k: (v.item() if hasattr(v, "item") else v) for k, v in self.summary.items()},
                "per_class": self.per_class.reset_index().to_dict(orient="records"),
                "confusion": None if self.confusion is None else
                {"labels": list(self.confusion.columns), "matrix": self.confusion.to_numpy().tolist()}}


def score(y_true, y_pred, classes: Sequence[str], *, multi_label: bool = False, n_folds: int | None = None) -> Metrics:
    """Per-class precision/recall/F1, macro-F1 and a confusion matrix.

    Examples
    --------
    >>> m = score(["a", "a", "b", "b"], ["a", "b", "b", "b"], ["a", "b"])
    >>> round(m.summary["macro_f1"], 3), float(m.per_class.loc["b", "recall"])
    (0.733, 1.0)
    """
    labels = list(classes)
    if multi_label:
        p, r, f, s = precision_recall_fscore_support(y_true, y_pred, zero_division=0)
        summary = {"macro_f1": f1_score(y_true, y_pred, average="macro", zero_division=0),
                   "micro_f1": f1_score(y_true, y_pred, average="micro", zero_division=0)}
        confusion = None
    else:
        p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
        summary = {"macro_f1": f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0),
                   "accuracy": accuracy_score(y_true, y_pred)}
        confusion = pd.DataFrame(confusion_matrix(y_true, y_pred, labels=labels),
                                 index=pd.Index(labels, name="true"), columns=pd.Index(labels, name="predicted"))
    per_class = pd.DataFrame({"precision": p, "recall": r, "f1": f, "support": s.astype(int)},
                             index=pd.Index(labels, name="class"))
    summary["n_examples"] = int(len(y_true))
    if n_folds:
        summary["n_folds"] = int(n_folds)
    return Metrics(per_class, pd.Series(summary, dtype=object), confusion)


def cross_validate(pipeline: Pipeline, frame: pd.DataFrame, *, multi_label: bool = False, folds: int = 5,
                   random_state: int = 0) -> Metrics:
    """Stratified k-fold cross-validated metrics (out-of-fold predictions, pooled).

    Each fold fits a fresh clone of ``pipeline`` (TF-IDF vocabularies included) on the
    training part only, so no test text leaks into the features.
    """
    y, classes = _targets(frame, multi_label)
    _check_trainable(y, classes, multi_label, folds)
    splitter = (KFold(folds, shuffle=True, random_state=random_state) if multi_label
                else StratifiedKFold(folds, shuffle=True, random_state=random_state))
    predicted = np.empty_like(y) if not multi_label else np.zeros_like(y)
    columns = frame[["id", "title", "text"]]
    for train_index, test_index in splitter.split(columns, y if not multi_label else None):
        model = clone(pipeline).fit(columns.iloc[train_index], y[train_index])
        predicted[test_index] = model.predict(columns.iloc[test_index])
    return score(y, predicted, classes, multi_label=multi_label, n_folds=folds)


# -- training, persistence ------------------------------------------------------------------

@dataclass
class TrainedModel:
    """A fitted pipeline and what is known about it (data hash, parameters, CV metrics)."""

    pipeline: Pipeline
    classes: list[str]
    multi_label: bool
    meta: dict = field(default_factory=dict)
    metrics: Metrics | None = None


def data_hash(frame: pd.DataFrame) -> str:
    """SHA-256 of the texts and labels a model was trained on (order-sensitive)."""
    digest = hashlib.sha256()
    for text, label in zip(frame["text"], frame.get("label", [None] * len(frame))):
        digest.update(str(text).encode("utf-8") + b"\x1f" + str(label).encode("utf-8") + b"\x1e")
    return digest.hexdigest()


def train(frame: pd.DataFrame, *, multi_label: bool = False, unit: str = "article",
          families: Sequence[str] | None = None, folds: int = 5, random_state: int = 0,
          cv: bool = True, **pipeline_params) -> TrainedModel:
    """Cross-validate, then fit the final model on all rows.

    Parameters
    ----------
    frame : a model frame (see :func:`model_frame`): ``id``, ``title``, ``text``, ``label``.
    unit : ``"article"`` or ``"sentence"`` (chooses the default families).
    families : framing families to add to TF-IDF; None for the unit's default, ``()`` for none.
    cv : report cross-validated metrics before fitting the final model.

    Examples
    --------
    >>> texts = ["calm budget report", "calm court report", "outrageous shameful lie", "outrageous disgraceful lie"] * 3
    >>> frame = pd.DataFrame({"id": range(12), "title": "", "text": texts, "label": ["n", "n", "b", "b"] * 3})
    >>> model = train(frame, families=(), folds=3)
    >>> model.metrics.summary["macro_f1"]
    1.0
    """
    if unit not in UNITS:
        raise invalid_choice("unit", unit, UNITS)
    if families is None:
        families = ARTICLE_FAMILIES if unit == "article" else SENTENCE_FAMILIES
    y, classes = _targets(frame, multi_label)
    _check_trainable(y, classes, multi_label, folds if cv else 2)
    pipeline = build_pipeline(families=families, multi_label=multi_label, random_state=random_state,
                              **pipeline_params)
    metrics = cross_validate(pipeline, frame, multi_label=multi_label, folds=folds,
                             random_state=random_state) if cv else None
    pipeline.fit(frame[["id", "title", "text"]], y)
    from framescope import __version__

    meta = {
        "framescope_version": __version__,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "data_sha256": data_hash(frame),
        "n_examples": int(len(frame)),
        "classes": classes,
        "multi_label": multi_label,
        "unit": unit,
        "families": list(families),
        "params": {"folds": folds, "random_state": random_state, **{k: _jsonable(v) for k, v in pipeline_params.items()}},
        "source": frame.attrs.get("source"),
        "id_col": frame.attrs.get("id_col", "id"),
        "metrics": metrics.to_dict() if metrics else None,
    }
    return TrainedModel(pipeline, classes, multi_label, meta, metrics)


def _jsonable(value):
    return list(value) if isinstance(value, tuple) else value


def save_model(model: TrainedModel, path) -> Path:
    """Save with skops (a zip of JSON + arrays; nothing is pickled)."""
    import skops.io as sio

    path = Path(path)
    payload = {"format": "framescope-model", "meta": json.dumps(model.meta, default=str),
               "pipeline": model.pipeline}
    tmp = path.with_name(path.name + ".part")
    sio.dump(payload, tmp)
    tmp.replace(path)  # never leave a half-written model under the real name
    return path


def untrusted_types(path) -> list[str]:
    """Types in a model file that are not scikit-learn's, numpy's, scipy's or framescope's."""
    import skops.io as sio

    return [t for t in sio.get_untrusted_types(file=path) if not _trusted(t)]


def _trusted(type_name: str) -> bool:
    return type_name.startswith(_TRUSTED_PREFIXES) or bool(_TRUSTED_NUMPY.match(type_name))


def load_model(path) -> TrainedModel:
    """Load a model saved by :func:`save_model`, refusing any type outside the trusted set.

    Raises
    ------
    ModelError
        The file is missing, is not a framescope model, was made by an incompatible
        framescope version, or contains a type that is not trusted (named in the message).
    """
    import zipfile

    import skops.io as sio

    from framescope import __version__

    path = Path(path)
    if not path.is_file():
        raise ModelError(f"model file not found: {path}")
    try:
        listed = sio.get_untrusted_types(file=path)
    except (zipfile.BadZipFile, KeyError, ValueError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path} is not a readable framescope model (damaged or not a skops file): {exc}") from exc
    refused = [t for t in listed if not _trusted(t)]
    if refused:
        raise ModelError(f"{path} contains types framescope does not trust, refusing to load: {', '.join(refused)}")
    try:
        payload = sio.load(path, trusted=listed)
    except Exception as exc:  # skops raises many kinds on a tampered tree
        raise ModelError(f"{path} could not be loaded safely: {type(exc).__name__}: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != "framescope-model":
        raise ModelError(f"{path} is a skops file but not a framescope model")
    meta = json.loads(payload["meta"])
    saved = str(meta.get("framescope_version", "?"))
    if saved.split(".")[:2] != __version__.split(".")[:2]:
        raise ModelError(f"{path} was made by framescope {saved}; this is {__version__}. Retrain the model "
                         f"(features differ between versions)")
    return TrainedModel(payload["pipeline"], list(meta["classes"]), bool(meta["multi_label"]), meta)


# -- using a model ----------------------------------------------------------------------------

def predict(model: TrainedModel, frame: pd.DataFrame) -> pd.DataFrame:
    """Predictions with one probability column per class.

    Returns a DataFrame with the input's id column, ``prediction`` (labels joined by
    ``|`` for multi-label) and ``proba_<class>`` columns.
    """
    columns = frame[["id", "title", "text"]]
    proba = model.pipeline.predict_proba(columns)
    out = pd.DataFrame({frame.attrs.get("id_col", "id"): frame["id"].to_numpy()})
    if model.multi_label:
        chosen = proba >= 0.5
        out["prediction"] = ["|".join(c for c, on in zip(model.classes, row) if on) for row in chosen]
    else:
        order = [str(c) for c in model.pipeline.classes_]
        out["prediction"] = [order[i] for i in proba.argmax(axis=1)]
        proba = proba[:, [order.index(c) for c in model.classes]]
    for i, name in enumerate(model.classes):
        out[f"proba_{name}"] = proba[:, i]
    return out


def evaluate(model: TrainedModel, frame: pd.DataFrame) -> Metrics:
    """Metrics of a saved model on new labelled data (no refitting)."""
    columns = frame[["id", "title", "text"]]
    if model.multi_label:
        sets = [_split_labels(v) for v in frame["label"]]
        y = MultiLabelBinarizer(classes=model.classes).fit_transform(sets)
        return score(y, model.pipeline.predict(columns), model.classes, multi_label=True)
    y, _ = _targets(frame, False)
    return score(y, model.pipeline.predict(columns), model.classes)


def explain(model: TrainedModel, *, top: int = 15) -> pd.DataFrame:
    """The features that weigh most for each class (largest positive coefficients).

    Returns a DataFrame with class, rank, feature, block (words/chars/framing), weight.

    Examples
    --------
    >>> texts = ["calm report", "calm note", "shameful lie", "shameful smear"] * 3
    >>> frame = pd.DataFrame({"id": range(12), "title": "", "text": texts, "label": ["n", "n", "b", "b"] * 3})
    >>> weights = explain(train(frame, families=(), folds=3, cv=False, use_chars=False), top=1)
    >>> weights.set_index("class").loc["b", "feature"]
    'shameful'
    """
    features = model.pipeline.named_steps["features"]
    names = np.asarray(features.get_feature_names_out(), dtype=object)
    classifier = model.pipeline.named_steps["classifier"]
    if isinstance(classifier, OneVsRestClassifier):
        coefs = np.vstack([est.coef_[0] for est in classifier.estimators_])
        classes = model.classes
    else:
        coefs, classes = classifier.coef_, [str(c) for c in classifier.classes_]
        if coefs.shape[0] == 1:  # binary: one row, positive = second class
            coefs = np.vstack([-coefs[0], coefs[0]])
    rows = []
    for label, weights in zip(classes, coefs):
        for rank, index in enumerate(np.argsort(-weights)[:top], start=1):
            block, _, feature = str(names[index]).partition("__")
            rows.append({"class": label, "rank": rank, "feature": feature, "block": block,
                         "weight": float(weights[index])})
    return pd.DataFrame(rows, columns=["class", "rank", "feature", "block", "weight"])


# -- the store ----------------------------------------------------------------------------------

_PREDICTIONS_DDL = """
CREATE TABLE IF NOT EXISTS predictions (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,          -- model file name
    prediction TEXT,
    probabilities TEXT NOT NULL,  -- JSON {class: probability}
    created TEXT NOT NULL,
    PRIMARY KEY (article_id, model)
)
"""


def store_frame(store, *, event: str | None = None, label_col: str | None = None) -> pd.DataFrame:
    """Stored articles as a model frame; ``label_col`` may be an article field or a ``meta`` key."""
    articles = store.articles(event=event)
    if articles.empty:
        raise InputError(f"no stored articles{' in event ' + repr(event) if event else ''} in {store.path}")
    raw = articles.drop(columns=["meta"]).copy()
    if label_col and label_col not in raw.columns:
        raw[label_col] = [m.get(label_col) for m in articles["meta"]]
        if raw[label_col].isna().all():
            raise InputError(f"no article field or meta key {label_col!r} in {store.path}")
    return model_frame(raw, text_col="text", label_col=label_col, id_col="id", title_col="title",
                       source=str(store.path))


def write_predictions(store, predictions: pd.DataFrame, model_name: str) -> int:
    """Write predictions (from :func:`predict` on a store frame) to the store's predictions table."""
    store.ensure_component("models", 1, _PREDICTIONS_DDL)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    proba_cols = [c for c in predictions.columns if c.startswith("proba_")]
    rows = [(row["id"], model_name, row["prediction"],
             json.dumps({c[len("proba_"):]: float(row[c]) for c in proba_cols}), now)
            for _, row in predictions.iterrows()]
    with store.transaction():
        store.conn.executemany("INSERT OR REPLACE INTO predictions VALUES (?,?,?,?,?)", rows)
    return len(rows)
