"""Outlet x outlet similarity of coverage, and how separable the outlets are from their text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from framescope.compare.coverage import _analyse, _clean

MIN_ARTICLES_PER_OUTLET = 3
"""Separability is only estimated when every outlet has at least this many articles."""


def _outlet_texts(articles: pd.DataFrame, by: str) -> tuple[list[str], list[str]]:
    outlets = sorted(articles[by].astype(str).unique())
    texts = []
    for o in outlets:
        rows = articles[articles[by].astype(str) == o]
        titles = rows["title"] if "title" in rows else [""] * len(rows)
        texts.append("\n\n".join(_clean(t) + "\n\n" + _clean(x) for t, x in zip(titles, rows["text"])))
    return outlets, texts


def outlet_similarity(articles: pd.DataFrame, *, by: str = "outlet", coverage=None) -> pd.DataFrame:
    """Cosine similarity of the outlets' pooled text (stemmed TF-IDF), outlets x outlets.

    With a :class:`~framescope.compare.coverage.Coverage`, the Jaccard overlap of the claims
    they carry is returned instead (which facts they share, whatever the wording).

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["1", "2", "3"], "outlet": ["a", "b", "c"],
    ...     "text": ["Floods hit Korrin.", "Floods hit Korrin town.", "A poet died."]})
    >>> sim = outlet_similarity(df)
    >>> bool(sim.loc["a", "b"] > sim.loc["a", "c"]), float(sim.loc["a", "a"])
    (True, 1.0)
    """
    if coverage is not None:
        m = coverage.matrix.to_numpy()
        outlets = list(coverage.matrix.columns)
        inter = m.T.astype(int) @ m.astype(int)
        sizes = m.sum(axis=0)
        union = sizes[:, None] + sizes[None, :] - inter
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(union > 0, inter / union, 0.0)
        return pd.DataFrame(values, index=pd.Index(outlets, name=by), columns=pd.Index(outlets, name=by))
    outlets, texts = _outlet_texts(articles, by)
    try:
        X = TfidfVectorizer(analyzer=_analyse, sublinear_tf=True).fit_transform(texts)
        values = (X @ X.T).toarray()
    except ValueError:  # no words at all
        values = np.eye(len(outlets))
    np.fill_diagonal(values, 1.0)
    return pd.DataFrame(np.round(values, 6), index=pd.Index(outlets, name=by), columns=pd.Index(outlets, name=by))


MAX_SEPARABILITY_ARTICLES = 5000
"""Articles a separability classifier is estimated on at most (a stratified random sample above it)."""


@dataclass
class Separability:
    """How well a cross-validated classifier tells the outlets apart from their text.

    status : ``"ok"`` or the reason it was not estimated.
    accuracy, baseline : mean cross-validated accuracy and the majority-class rate.
    folds : number of folds; per_fold : accuracy per fold.
    n_articles : articles per outlet the classifier saw; scope : ``"event"`` or ``"corpus"``.
    features : per outlet, the terms that weigh most for it (``outlet``, ``term``, ``weight``).
    sampled_from : when there were more than ``max_articles`` articles, how many (the
        classifier then saw a stratified random sample of them).
    """

    status: str
    accuracy: float | None = None
    baseline: float | None = None
    folds: int = 0
    per_fold: list[float] = field(default_factory=list)
    n_articles: dict[str, int] = field(default_factory=dict)
    scope: str = "event"
    features: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["outlet", "term", "weight"]))
    dropped: dict[str, int] = field(default_factory=dict)
    noun: str = "outlets"
    sampled_from: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def summary(self) -> str:
        """One sentence a reader can quote."""
        if not self.ok:
            return f"not estimated: {self.status}"
        sample = f" (a stratified random sample of {self.sampled_from})" if self.sampled_from else ""
        how = (f"{self.folds}-fold cross-validation on {sum(self.n_articles.values())} articles{sample}"
               + (" of the whole corpus" if self.scope == "corpus" else "") + f"; chance {self.baseline:.0%}")
        if self.accuracy <= self.baseline + 0.05:
            return f"the {len(self.n_articles)} {self.noun} cannot be told apart from their text: accuracy " \
                   f"{self.accuracy:.0%} ({how})" + self._dropped_note()
        return f"a classifier tells the {len(self.n_articles)} {self.noun} apart from their text with " \
               f"{self.accuracy:.0%} accuracy ({how})" + self._dropped_note()

    def _dropped_note(self) -> str:
        if not self.dropped:
            return ""
        return "; left out for too few articles: " + ", ".join(f"{k} ({v})" for k, v in self.dropped.items())

    def to_dict(self) -> dict:
        return {"status": self.status, "accuracy": self.accuracy, "baseline": self.baseline, "folds": self.folds,
                "dropped": self.dropped,
                "per_fold": self.per_fold, "n_articles": self.n_articles, "sampled_from": self.sampled_from,
                "scope": self.scope,
                "summary": self.summary(), "features": self.features.to_dict(orient="records")}


def separability_sample(articles: pd.DataFrame, *, by: str = "outlet",
                        min_articles: int = MIN_ARTICLES_PER_OUTLET, drop_small: bool = False,
                        max_articles: int | None = None, random_state: int = 0
                        ) -> tuple[pd.DataFrame, dict[str, int], int | None]:
    """The articles :func:`separability` is estimated on, chosen from ``by`` alone (no text needed).

    With ``drop_small``, groups with fewer than ``min_articles`` are left out (when at
    least two groups remain); above ``max_articles`` (default
    :data:`MAX_SEPARABILITY_ARTICLES`) a stratified random sample is drawn: each group in
    proportion, at least ``min_articles`` each, with ``random_state``. A corpus-wide
    comparison calls this on ids and groups first and reads only the chosen articles' text.

    Returns
    -------
    (articles, dropped, sampled_from)
        The chosen rows (in their original order), ``{group: size}`` of the groups left
        out, and the number of articles sampled from (None when no sample was drawn).

    Examples
    --------
    >>> df = pd.DataFrame({"id": [str(i) for i in range(12)], "outlet": list("aaaaaaaaabbc")})
    >>> chosen, dropped, sampled_from = separability_sample(df, min_articles=2, drop_small=True, max_articles=6)
    >>> chosen["outlet"].value_counts().to_dict(), dropped, sampled_from
    ({'a': 5, 'b': 2}, {'c': 1}, 11)
    """
    limit = MAX_SEPARABILITY_ARTICLES if max_articles is None else max_articles
    if isinstance(limit, bool) or not isinstance(limit, (int, np.integer)) or limit < 1:
        from framescope.errors import InvalidValueError

        raise InvalidValueError(f"max_articles must be a positive number of articles, got {max_articles!r}")
    dropped: dict[str, int] = {}
    if drop_small:
        sizes = articles[by].astype(str).value_counts()
        small = sizes[sizes < min_articles]
        if len(small) and len(sizes) - len(small) >= 2:
            dropped = {str(k): int(v) for k, v in small.sort_index().items()}
            articles = articles[~articles[by].astype(str).isin(list(dropped))]
    labels = articles[by].astype(str).to_numpy()
    counts = pd.Series(labels).value_counts().sort_index()
    if len(counts) < 2 or counts.min() < min_articles or len(articles) <= limit:
        return articles, dropped, None
    sampled_from = len(articles)
    rng = np.random.default_rng(random_state)
    keep = []
    for group, count in counts.items():
        rows = np.flatnonzero(labels == group)
        take = min(count, max(min_articles, int(round(count * limit / sampled_from))))
        keep.append(rng.choice(rows, size=take, replace=False))
    return articles.iloc[np.sort(np.concatenate(keep))], dropped, sampled_from


def separability(articles: pd.DataFrame, *, by: str = "outlet", min_articles: int = MIN_ARTICLES_PER_OUTLET,
                 folds: int = 5, top: int = 8, random_state: int = 0, scope: str = "event",
                 within: str | None = None, drop_small: bool = False,
                 exclude: Sequence[str] = (), max_articles: int | None = None) -> Separability:
    """Cross-validated accuracy of telling the groups apart from their text, and the terms that carry it.

    A ridge classifier (a linear model, fast and stable on few articles) on stemmed TF-IDF is scored by stratified k-fold cross-validation
    (k = min(``folds``, the smallest group)); the terms with the largest weights per
    group come from a model fitted on all articles. Not estimated (``status`` says why)
    when there are fewer than two groups or a group has fewer than ``min_articles``.

    With ``within`` (e.g. ``"event"``), each article's TF-IDF vector is centred on the mean
    of its event's articles before classification, so the model must tell outlets apart
    by how they cover the same events rather than by which events they covered (no
    labels are used by the centring). Articles whose ``within`` value is missing keep
    their vector.

    Above ``max_articles`` articles (default :data:`MAX_SEPARABILITY_ARTICLES`) the
    classifier is estimated on a stratified random sample of that many (each group in
    proportion, at least ``min_articles`` each; drawn with ``random_state``), reported in
    ``sampled_from``: an accuracy is well estimated from a few thousand articles, while
    the centred TF-IDF matrix is dense (100,000 articles would need ~2.4 GB, and the
    closed-form ridge fits grow with the article count). The choice is
    :func:`separability_sample`'s.

    Raises
    ------
    InvalidValueError
        When ``max_articles`` is not a positive whole number.

    Examples
    --------
    >>> texts = ["Rioters clashed.", "Rioters burned cars.", "Rioters looted.",
    ...          "Protesters sang.", "Protesters marched.", "Protesters prayed."]
    >>> df = pd.DataFrame({"id": list("123456"), "outlet": list("aaabbb"), "text": texts})
    >>> result = separability(df, folds=3)
    >>> result.status, result.accuracy, "rioter" in result.features.query("outlet == 'a'")["term"].tolist()
    ('ok', 1.0, True)
    >>> separability(df.iloc[:4]).status
    'too few articles: needs >= 3 per outlet, has a: 3, b: 1'
    """
    from sklearn.linear_model import RidgeClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline

    articles, dropped, sampled_from = separability_sample(articles, by=by, min_articles=min_articles,
                                                         drop_small=drop_small, max_articles=max_articles,
                                                         random_state=random_state)
    labels = articles[by].astype(str).to_numpy()
    counts = pd.Series(labels).value_counts().sort_index()
    n_articles = {k: int(v) for k, v in counts.items()}
    if len(counts) < 2:
        return Separability(status=f"needs at least two {by}s, has {len(counts)}", n_articles=n_articles, scope=scope)
    if counts.min() < min_articles:
        listing = ", ".join(f"{k}: {v}" for k, v in counts.items())
        return Separability(status=f"too few articles: needs >= {min_articles} per {by}, has {listing}",
                            n_articles=n_articles, scope=scope)
    titles = articles["title"] if "title" in articles else [""] * len(articles)
    texts = [_clean(t) + "\n\n" + _clean(x) for t, x in zip(titles, articles["text"])]
    if not any(t.strip() for t in texts):
        return Separability(status="the articles have no text", n_articles=n_articles, scope=scope)
    k = int(min(folds, counts.min()))
    banned = {t for word in exclude for t in _analyse(str(word))}

    def analyzer(text):
        return [t for t in _analyse(text) if t not in banned]

    cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=random_state)
    if within is not None and within in articles.columns:
        vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2, max_features=3000)
        X = vec.fit_transform(texts).astype(np.float32).toarray()  # dense once centred; float32 halves it
        keys = articles[within].to_numpy()
        for key in pd.unique(keys[pd.notna(keys)]):
            rows = keys == key
            if rows.sum() > 1:
                X[rows] -= X[rows].mean(axis=0)
        clf = RidgeClassifier(alpha=1.0)
        scores = cross_val_score(clf, X, labels, cv=cv, scoring="accuracy")
        clf.fit(X, labels)
    else:
        def model():
            return make_pipeline(TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=1),
                                 RidgeClassifier(alpha=1.0))

        scores = cross_val_score(model(), texts, labels, cv=cv, scoring="accuracy")
        final = model().fit(texts, labels)
        vec, clf = final.steps[0][1], final.steps[1][1]
    names = vec.get_feature_names_out()
    rows = []
    coefs = np.atleast_2d(np.asarray(clf.coef_))
    if len(clf.classes_) == 2:  # one row of weights, positive for the second class
        coefs = np.vstack([-coefs[0], coefs[0]])
    for cls, weights in zip(clf.classes_, coefs):
        for j in np.argsort(-weights, kind="stable")[:top]:
            rows.append({"outlet": cls, "term": names[j], "weight": round(float(weights[j]), 4)})
    return Separability(status="ok", sampled_from=sampled_from, accuracy=round(float(scores.mean()), 4),
                        baseline=round(float(counts.max() / counts.sum()), 4), folds=k,
                        per_fold=[round(float(s), 4) for s in scores], n_articles=n_articles, scope=scope,
                        dropped=dropped,
                        features=pd.DataFrame(rows, columns=["outlet", "term", "weight"]))
