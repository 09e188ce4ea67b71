"""Distinctive terms per group: log-odds ratios with an informative Dirichlet prior (Monroe et al. 2008)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from framescope.errors import InvalidValueError, invalid_choice

UNBALANCED_RATIO = 3.0
"""Warn when one side of a contrast has more than this many times the other's tokens."""

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# Words that a news article uses in every story: attribution and calendar words would
# otherwise top every list without saying anything about framing.
NEWS_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    "said says say told mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday "
    "s t don doesn didn isn wasn aren weren won wouldn couldn shouldn".split())


def _analyzer(stop_words, ngram_range):
    stops = frozenset() if stop_words is None else (NEWS_STOP_WORDS if stop_words == "english"
                                                    else frozenset(w.lower() for w in stop_words))
    low, high = ngram_range

    def analyse(text: str) -> list[str]:
        words = [w.replace("’", "'") for w in _TOKEN.findall(text.lower())]
        words = [w[:-2] if w.endswith("'s") else w for w in words]
        kept = [w for w in words if w not in stops and not w.isdigit() or (w.isdigit() and len(w) > 1)]
        grams = []
        for n in range(low, high + 1):
            if n == 1:
                grams.extend(kept)
            else:
                grams.extend(" ".join(kept[i:i + n]) for i in range(len(kept) - n + 1))
        return grams

    return analyse


def term_counts(groups: Mapping[str, Sequence[str]], *, stop_words="english", ngram_range=(1, 1),
                vocabulary=None) -> pd.DataFrame:
    """Count terms per group: a DataFrame with one row per term and one column per group.

    Parameters
    ----------
    groups : group name -> list of texts.
    stop_words : ``"english"`` (sklearn's list plus news attribution words), a list, or None.
    ngram_range : (min_n, max_n) of word n-grams.
    vocabulary : restrict to these terms (e.g. the prior's).

    Examples
    --------
    >>> term_counts({"a": ["Ships queue, ships wait."], "b": ["Ships sail."]}).loc["ships"].tolist()
    [2, 1]
    """
    names = list(groups)
    vectorizer = CountVectorizer(analyzer=_analyzer(stop_words, ngram_range), vocabulary=vocabulary)
    joined = ["\n".join(t for t in groups[g] if t) for g in names]
    if not any(joined) and vocabulary is None:
        return pd.DataFrame(index=pd.Index([], name="term"), columns=names, dtype="int64")
    try:
        matrix = vectorizer.fit_transform(joined)
    except ValueError:  # empty vocabulary
        return pd.DataFrame(index=pd.Index([], name="term"), columns=names, dtype="int64")
    frame = pd.DataFrame(np.asarray(sparse.csr_matrix(matrix).T.todense()), columns=names,
                         index=pd.Index(vectorizer.get_feature_names_out(), name="term"))
    return frame.astype("int64")


def log_odds_dirichlet(y_i, y_j, alpha) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior, its variance and z-score.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", eqs. 16-22, for every term w:

    .. math::

        \\hat\\delta_w = \\log\\frac{y^i_w + \\alpha_w}{n^i + \\alpha_0 - y^i_w - \\alpha_w}
                      - \\log\\frac{y^j_w + \\alpha_w}{n^j + \\alpha_0 - y^j_w - \\alpha_w},\\quad
        \\sigma^2_w \\approx \\frac{1}{y^i_w + \\alpha_w} + \\frac{1}{y^j_w + \\alpha_w},\\quad
        z_w = \\hat\\delta_w / \\sigma_w

    with :math:`n^i = \\sum_w y^i_w` and :math:`\\alpha_0 = \\sum_w \\alpha_w`.
    Positive values mean the term is more typical of group *i*.

    Parameters
    ----------
    y_i, y_j : term counts of the two groups (Series aligned on terms, or arrays).
    alpha : prior pseudo-counts per term (same shape), all > 0.

    Returns
    -------
    DataFrame with columns ``delta``, ``variance``, ``z`` (indexed like ``y_i``).

    Examples
    --------
    >>> out = log_odds_dirichlet([2, 0], [0, 2], [1.0, 1.0])
    >>> round(float(out["delta"].iloc[0]), 4), round(float(out["z"].iloc[0]), 4)
    (2.1972, 1.9029)
    """
    index = y_i.index if isinstance(y_i, pd.Series) else None
    yi = np.asarray(y_i, dtype=float)
    yj = np.asarray(y_j, dtype=float)
    a = np.asarray(alpha, dtype=float)
    if not (yi.shape == yj.shape == a.shape):
        raise InvalidValueError(f"counts and prior must have the same shape, got {yi.shape}, {yj.shape}, {a.shape}")
    if a.size and (a <= 0).any():
        raise InvalidValueError("every prior pseudo-count must be > 0")
    n_i, n_j, a0 = yi.sum(), yj.sum(), a.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log((yi + a) / (n_i + a0 - yi - a)) - np.log((yj + a) / (n_j + a0 - yj - a)))
        variance = 1.0 / (yi + a) + 1.0 / (yj + a)
        z = delta / np.sqrt(variance)
    return pd.DataFrame({"delta": delta, "variance": variance, "z": z}, index=index)


@dataclass
class DistinctiveTerms:
    """Result of :func:`distinctive_terms`.

    terms : long DataFrame, one row per (group, reference, term) among the top terms, with
        ``group``, ``reference``, ``term``, ``count``, ``count_reference``, ``rate``,
        ``rate_reference`` (per 1,000 words), ``delta``, ``z``, ``n_articles``,
        ``n_articles_reference``, ``anecdotal``, and one evidence span (``article_id``,
        ``field``, ``start``, ``end``, ``snippet``) where the group uses the term.
    sizes : tokens and articles per group.
    warnings : messages about unbalanced or tiny groups.
    prior : ``"event"``, ``"corpus"`` or ``"custom"``; ``alpha0`` the prior's total weight.
    """

    terms: pd.DataFrame
    sizes: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    prior: str = "event"
    alpha0: float = 0.0

    def top(self, group: str, reference: str | None = None, n: int = 10) -> pd.DataFrame:
        """The ``n`` most distinctive terms of ``group`` (against ``reference``, default "rest")."""
        rows = self.terms[(self.terms["group"] == group) & (self.terms["z"] > 0)]
        if reference is not None:
            rows = rows[rows["reference"] == reference]
        else:
            rows = rows[~rows["pairwise"]]
        return rows.sort_values("z", ascending=False).head(n)


def _find_span(text: str, term: str):
    """First occurrence of a (possibly multi-word) term as whole words, case-insensitive."""
    words = [re.escape(w) for w in term.split()]
    pattern = r"(?<![^\W_])" + r"(?:'s)?[^\w]+".join(words) + r"(?:['’]s)?(?![^\W_])"
    match = re.search(pattern, text, flags=re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def _snippet(text: str, start: int, end: int, width: int = 60) -> str:
    a = max(0, start - width)
    b = min(len(text), end + width)
    a = text.rfind(" ", 0, a) + 1 if a > 0 else 0
    b2 = text.find(" ", b)
    b = len(text) if b2 < 0 else b2
    return ("…" if a > 0 else "") + " ".join(text[a:b].split()) + ("…" if b < len(text) else "")


def distinctive_terms(articles: pd.DataFrame, *, by: str = "outlet", groups: Sequence[str] | None = None,
                      reference: Sequence[str] | None = None, pairwise: bool = True,
                      prior: str | pd.Series = "event", prior_texts: Sequence[str] | None = None,
                      alpha0: float | None = None, top: int = 15, min_count: int = 2,
                      stop_words="english", ngram_range=(1, 1), min_articles: int = 3,
                      exclude: Sequence[str] = ()) -> DistinctiveTerms:
    """Terms that set each group (outlet) apart, by log-odds with an informative Dirichlet prior.

    Every group is contrasted with the rest (or with a custom ``reference`` group of
    outlets) and, with ``pairwise``, with every other group. The prior is the pooled
    term distribution of ``prior``: ``"event"`` (the texts compared), ``"corpus"`` (pass
    the corpus in ``prior_texts``), or a Series of term counts; it is scaled so its total
    weight ``alpha0`` equals the number of tokens compared (unless given).

    Parameters
    ----------
    articles : DataFrame with ``text`` (``title`` is added when present), ``id`` and ``by``.
    by : the column that defines groups.
    groups : the groups to describe (default: every value of ``by``).
    reference : outlets forming the reference group; each group is then contrasted with
        this group (minus itself) instead of with the rest.
    pairwise : also contrast every pair of groups.
    prior : ``"event"``, ``"corpus"`` (needs ``prior_texts``) or term counts.
    alpha0 : total prior weight (default: tokens in the compared texts).
    top : terms kept per contrast and direction.
    min_count : a term must occur at least this often in the compared texts.
    min_articles : groups with fewer articles are flagged ``anecdotal``.
    exclude : terms never reported (e.g. the outlets' own names).

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["1", "2", "3", "4"], "outlet": ["a", "a", "b", "b"],
    ...     "text": ["Rioters clashed with police.", "Rioters blocked roads, rioters fled.",
    ...              "Protesters marched peacefully.", "Protesters sang; protesters marched."]})
    >>> result = distinctive_terms(df, min_count=1, top=3)
    >>> result.top("a")["term"].iloc[0], result.top("b")["term"].iloc[0]
    ('rioters', 'protesters')
    """
    if by not in articles.columns:
        raise invalid_choice("grouping column", by, articles.columns)
    frame = articles.reset_index(drop=True)
    texts = _texts(frame)
    labels = frame[by].astype(str)
    all_groups = sorted(labels.unique())
    groups = list(groups) if groups is not None else all_groups
    for g in groups:
        if g not in all_groups:
            raise invalid_choice("group", g, all_groups)
    by_group = {g: [t for t, l in zip(texts, labels) if l == g] for g in all_groups}
    counts = term_counts(by_group, stop_words=stop_words, ngram_range=ngram_range)
    n_articles = labels.value_counts().reindex(all_groups).fillna(0).astype(int)
    sizes = pd.DataFrame({"tokens": counts.sum(axis=0).reindex(all_groups).fillna(0).astype(int),
                          "articles": n_articles}).rename_axis(by)
    warnings: list[str] = []

    # the prior
    if isinstance(prior, pd.Series):
        prior_counts, prior_name = prior.astype(float), "custom"
    elif prior == "event":
        prior_counts, prior_name = counts.sum(axis=1).astype(float), "event"
    elif prior == "corpus":
        if prior_texts is None:
            raise InvalidValueError("prior='corpus' needs the corpus texts in prior_texts")
        prior_counts = term_counts({"corpus": list(prior_texts)}, stop_words=stop_words,
                                   ngram_range=ngram_range)["corpus"].astype(float)
        prior_name = "corpus"
    else:
        raise invalid_choice("prior", prior, ["event", "corpus"])
    keep = (counts.sum(axis=1) >= min_count) & ~counts.index.isin([t.lower() for t in exclude])
    counts = counts[keep]
    base = prior_counts.reindex(counts.index).fillna(0.0)
    # A term the prior never saw gets a small pseudo-count (half of the rarest seen term).
    floor = (base[base > 0].min() if (base > 0).any() else 1.0) / 2
    base = base.where(base > 0, floor)
    total_tokens = float(counts.values.sum())
    a0 = float(alpha0) if alpha0 is not None else max(total_tokens, 1.0)
    alpha = base / base.sum() * a0 if len(base) else base

    contrasts: list[tuple[str, str, list[str], bool]] = []
    for g in groups:
        if reference is not None:
            ref = [r for r in _norm_list(reference) if r != g]
            unknown = [r for r in ref if r not in all_groups]
            if unknown:
                raise invalid_choice("reference outlet", unknown[0], all_groups)
            if not ref:
                continue
            contrasts.append((g, "+".join(ref), ref, False))
        else:
            rest = [r for r in all_groups if r != g]
            if rest:
                contrasts.append((g, "rest", rest, False))
    if pairwise and len(all_groups) > 2:  # with two groups "the rest" is the other group
        for i, g in enumerate(groups):
            for h in all_groups:
                if h != g and (h not in groups or groups.index(h) > i):
                    contrasts.append((g, h, [h], True))

    rows = []
    C = counts.to_numpy(dtype=float)
    col = {g: k for k, g in enumerate(counts.columns)}
    terms_index = counts.index.to_numpy()
    a = alpha.to_numpy(dtype=float)
    art = {g: int(n_articles[g]) for g in all_groups}
    for g, ref_name, ref, is_pair in contrasts:
        y_i = C[:, col[g]]
        y_j = C[:, [col[r] for r in ref]].sum(axis=1)
        n_i, n_j = int(y_i.sum()), int(y_j.sum())
        if n_i == 0 or n_j == 0:
            warnings.append(f"{g} vs {ref_name}: one side has no words; no distinctive terms")
            continue
        ratio = max(n_i, n_j) / max(min(n_i, n_j), 1)
        # One group against "the rest" is unbalanced by design; warn about the groups themselves.
        if ref_name != "rest" and ratio > UNBALANCED_RATIO and not is_pair:
            bigger = g if n_i > n_j else ref_name
            warnings.append(f"unbalanced groups: {g} has {n_i} words, {ref_name} has {n_j} "
                            f"({ratio:.1f}x); z-scores grow with sample size, so {bigger}'s terms look more "
                            f"distinctive than they are")
        scores = log_odds_dirichlet(y_i, y_j, a)
        z = scores["z"].to_numpy()
        delta = scores["delta"].to_numpy()
        order = np.argsort(-z, kind="stable")
        picked = list(dict.fromkeys(list(order[:top]) + list(order[::-1][:top])))
        n_ref_articles = sum(art[r] for r in ref)
        anecdotal = art[g] < min_articles or min(art[r] for r in ref) < min_articles
        for k in picked:
            if y_i[k] + y_j[k] == 0:
                continue
            rows.append({"group": g, "reference": ref_name, "pairwise": is_pair, "term": terms_index[k],
                         "count": int(y_i[k]), "count_reference": int(y_j[k]),
                         "rate": 1000 * y_i[k] / n_i, "rate_reference": 1000 * y_j[k] / n_j,
                         "delta": float(delta[k]), "z": float(z[k]), "n_articles": art[g],
                         "n_articles_reference": n_ref_articles, "anecdotal": bool(anecdotal)})
    own = sizes.loc[groups, "tokens"]
    if reference is None and len(own) > 1 and own.min() >= 0 and own.max() > UNBALANCED_RATIO * max(own.min(), 1):
        warnings.append(f"unbalanced groups: {own.idxmax()} has {own.max()} words, {own.idxmin()} has "
                        f"{own.min()} ({own.max() / max(own.min(), 1):.1f}x); z-scores grow with sample size, so "
                        f"the bigger groups' terms look more distinctive than they are")
    for g in groups:
        if n_articles[g] < min_articles:
            warnings.append(f"{g}: {n_articles[g]} article(s); its distinctive terms are anecdotal")
    columns = ["group", "reference", "pairwise", "term", "count", "count_reference", "rate", "rate_reference",
               "delta", "z", "n_articles", "n_articles_reference", "anecdotal", "article_id", "field", "start", "end",
               "snippet"]
    terms = pd.DataFrame(rows, columns=columns[:13])
    terms = _attach_evidence(terms, frame, texts, labels)
    terms = terms.sort_values(["group", "reference", "z"], ascending=[True, True, False], kind="mergesort")
    return DistinctiveTerms(terms=terms.reset_index(drop=True)[columns], sizes=sizes,
                            warnings=list(dict.fromkeys(warnings)), prior=prior_name, alpha0=a0)


def _norm_list(values) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    return [str(v).strip().lower() for v in values if str(v).strip()]


def _texts(frame: pd.DataFrame) -> list[str]:
    def clean(v):
        return "" if v is None or (isinstance(v, float) and v != v) else str(v)

    titles = frame["title"] if "title" in frame.columns else [""] * len(frame)
    return [(clean(t) + "\n\n" + clean(x)).strip() for t, x in zip(titles, frame["text"])]


def _attach_evidence(terms: pd.DataFrame, frame: pd.DataFrame, texts, labels) -> pd.DataFrame:
    """For a term distinctive of group g (z > 0), where g uses it; else where the reference does."""
    ids = frame["id"].astype(str).tolist() if "id" in frame.columns else [str(i) for i in range(len(frame))]
    bodies = ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in frame["text"]]
    titles = (["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in frame["title"]]
              if "title" in frame.columns else [""] * len(frame))
    cache: dict[tuple[str, str], tuple] = {}
    out = []
    for row in terms.itertuples(index=False):
        if row.z > 0:
            wanted = {row.group}
        elif row.reference == "rest":
            wanted = set(labels) - {row.group}
        else:
            wanted = set(row.reference.split("+"))
        key = (row.term, ",".join(sorted(wanted)))
        if key not in cache:
            found = (None, None, None, None, None)
            for aid, label, body, title in zip(ids, labels, bodies, titles):
                if label not in wanted:
                    continue
                span = _find_span(body, row.term)
                if span:
                    found = (aid, "text", span[0], span[1], _snippet(body, *span))
                    break
                span = _find_span(title, row.term)
                if span:
                    found = (aid, "title", span[0], span[1], title)
                    break
            cache[key] = found
        out.append(cache[key])
    evidence = pd.DataFrame(out, columns=["article_id", "field", "start", "end", "snippet"], index=terms.index)
    evidence["start"] = evidence["start"].astype("Int64")
    evidence["end"] = evidence["end"].astype("Int64")
    return pd.concat([terms, evidence], axis=1)
