"""Coverage and omission: sentences aligned across an event's articles; what each outlet carries or leaves out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from framescope.compare.distinctive import NEWS_STOP_WORDS
from framescope.text import sentence_spans, stem

ALIGN_THRESHOLD = 0.4
"""Similarity (stemmed TF-IDF cosine + :data:`SPECIFIC_BONUS` per shared number/name) at which two
sentences count as saying the same thing. Chosen on the harbor-city teaching corpus's gold fact
mentions (0.4 with a 0.1 bonus: omission recall 0.60, precision 0.76; plain cosine at 0.3: 0.59/0.68)."""

SPECIFIC_BONUS = 0.1
"""Added to the similarity of two sentences for each number or name they share (at most two)."""

_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(
    r"(?<![\w.])(?:(?:Cr|€|\$|£)\s?)?\d+(?:[.,]\d+)*(?:\s?(?:%|per ?cent|percent))?"
    r"(?:\s(?:million|billion|trillion|bn|m|km|kilometres|kilometers|metres|meters|cases|dead|people))?",
    re.UNICODE)
_NAME = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w’'\-]*|[A-Z]\.)(?:\s+(?:(?:of|the|de|van|von|al|bin|la|le|du|del)\s+)?"
    r"(?:[A-Z][\w’'\-]*|[A-Z]\.))*")
# Words that start names but are not names themselves.
_TITLES = frozenset("""
mr mrs ms dr prof president minister mayor chief justice general gen sen rep gov governor director
ceo chair chairman chairwoman secretary spokesman spokeswoman spokesperson leader councillor
interior finance defence defense health labour labor foreign deputy prime mp ret the a an in on at
for by with from but and or if as it its this that these those he she they we i you his her their our
when while after before during since monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
""".split())


_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SPELLED = re.compile(r"\b(" + "|".join(_TENS) + r")(?:[- ](" + "|".join(list(_UNITS)[1:10]) + r"))?\b|\b("
                      + "|".join(_UNITS) + r")\b", re.IGNORECASE)


def _spelled_to_digits(text: str) -> str:
    """Spelled-out numbers up to 99 as digits ("forty-one" -> "41"), so outlets' styles align."""
    def repl(m):
        if m.group(1):
            return str(_TENS[m.group(1).lower()] + (_UNITS[m.group(2).lower()] if m.group(2) else 0))
        return str(_UNITS[m.group(3).lower()])

    return _SPELLED.sub(repl, text)


def _analyse(text: str) -> list[str]:
    words = [w.lower().replace("’", "'") for w in _WORD.findall(_spelled_to_digits(text))]
    return [stem(w[:-2] if w.endswith("'s") else w) for w in words if w not in NEWS_STOP_WORDS]


_SPECIFIC_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")


def _specifics(text: str) -> frozenset:
    """Numbers (two or more characters) and mid-sentence capitalised words of a sentence."""
    text = _spelled_to_digits(text)
    numbers = {n.replace(",", "") for n in _SPECIFIC_NUMBER.findall(text) if len(n) > 1}
    names = {m.group().lower() for m in re.finditer(r"(?<=[a-z,;] )[A-Z][a-z][\w'’-]+", text)}
    return frozenset(numbers | names)


@lru_cache(maxsize=8192)
def cached_spans(text: str) -> tuple:
    """Sentence spans of a text, cached (the comparison splits the same articles several times)."""
    return tuple(sentence_spans(text))


def _clean(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def sentence_table(articles: pd.DataFrame, *, by: str = "outlet", include_title: bool = True) -> pd.DataFrame:
    """One row per sentence: ``article_id``, ``outlet`` (the ``by`` value), ``field``, ``start``, ``end``, ``text``.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["x"], "outlet": ["a"], "title": ["Port shut"],
    ...                    "text": ["Ships queue. Dockers strike."]})
    >>> sentence_table(df)[["field", "start", "end", "text"]].values.tolist()
    [['title', 0, 9, 'Port shut'], ['text', 0, 12, 'Ships queue.'], ['text', 13, 28, 'Dockers strike.']]
    """
    rows = []
    for aid, group, title, text in zip(articles["id"].astype(str), articles[by].astype(str),
                                       articles["title"] if "title" in articles else [""] * len(articles),
                                       articles["text"]):
        title, text = _clean(title), _clean(text)
        if include_title and title.strip():
            rows.append((aid, group, "title", 0, len(title), title))
        for a, b in cached_spans(text):
            rows.append((aid, group, "text", a, b, text[a:b]))
    frame = pd.DataFrame(rows, columns=["article_id", "outlet", "field", "start", "end", "text"])
    return frame.astype({"start": "int64", "end": "int64"})


@dataclass
class Coverage:
    """Result of :func:`align_coverage`.

    sentences : the sentence table plus ``claim`` (id of the aligned group) and ``carried_by``
        (outlets with a matching sentence, the sentence's own outlet included).
    pairs : aligned sentence pairs across outlets (greedy one-to-one per pair of articles):
        ``article_id_a``, ``start_a``, ``end_a``, ``article_id_b``, ``start_b``, ``end_b``, ``similarity``...
    claims : one row per claim (a group of aligned sentences): ``claim``, ``text`` (its first
        sentence), ``outlets``, ``n_outlets``, ``evidence`` (list of {article_id, field, start, end, text}).
    matrix : claims x outlets, True where the outlet carries the claim.
    units : numbers, names and voices per outlet: ``kind``, ``item``, ``outlet``, ``article_id``,
        ``field``, ``start``, ``end``, ``text``.
    omissions : what each outlet alone carries and what it leaves out, with evidence:
        ``outlet``, ``status`` (``only_carries`` / ``omits`` / ``only_omits``), ``kind``
        (claim/number/name/voice), ``item``, ``carried_by``, ``article_id``, ``field``, ``start``,
        ``end``, ``text`` (where it is stated; for omissions, in another outlet).
    """

    sentences: pd.DataFrame
    pairs: pd.DataFrame
    claims: pd.DataFrame
    matrix: pd.DataFrame
    units: pd.DataFrame
    omissions: pd.DataFrame
    threshold: float = ALIGN_THRESHOLD
    outlets: list[str] = field(default_factory=list)

    def carried(self, outlet: str) -> pd.DataFrame:
        """Claims an outlet carries."""
        return self.claims[self.matrix[outlet].to_numpy()] if outlet in self.matrix else self.claims.iloc[:0]


def sentence_similarity(sentences: pd.DataFrame, *, specific_bonus: float = 0.0) -> sparse.csr_matrix:
    """Similarity between all sentences: cosine of stemmed TF-IDF (fitted on them), plus
    ``specific_bonus`` for each shared specific (a number or a mid-sentence name), at most two."""
    if sentences.empty:
        return sparse.csr_matrix((0, 0))
    vectorizer = TfidfVectorizer(analyzer=_analyse, sublinear_tf=True)
    try:
        X = vectorizer.fit_transform(sentences["text"].tolist())
    except ValueError:
        return sparse.csr_matrix((len(sentences), len(sentences)))
    sim = (X @ X.T).tocsr()
    if specific_bonus:
        specs = [_specifics(t) for t in sentences["text"]]
        vocab = {v: i for i, v in enumerate(sorted(set().union(*specs)))}
        if vocab:
            rows = [i for i, sp in enumerate(specs) for _ in sp]
            cols = [vocab[v] for sp in specs for v in sp]
            B = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(specs), len(vocab)))
            shared = (B @ B.T).minimum(2)
            sim = (sim + specific_bonus * shared).tocsr()
    return sim


def _greedy_pairs(sim: np.ndarray, threshold: float):
    """One-to-one pairs in order of decreasing similarity, all >= threshold."""
    rows, cols = np.nonzero(sim >= threshold)
    order = np.argsort(-sim[rows, cols], kind="stable")
    used_r, used_c = set(), set()
    for k in order:
        r, c = rows[k], cols[k]
        if r in used_r or c in used_c:
            continue
        used_r.add(r)
        used_c.add(c)
        yield r, c, sim[r, c]


def _find(parent, x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def align_coverage(articles: pd.DataFrame, *, by: str = "outlet", threshold: float = ALIGN_THRESHOLD,
                   specific_bonus: float = SPECIFIC_BONUS,
                   voices: pd.DataFrame | None = None, include_title: bool = False,
                   duplicates: Sequence[str] = ()) -> Coverage:
    """Align the sentences of an event's articles across outlets and list what each outlet carries alone or omits.

    Two sentences are aligned when the cosine similarity of their stemmed TF-IDF vectors
    (spelled-out numbers read as digits), plus ``specific_bonus`` for each number or name
    they share (at most two), is at least ``threshold``; pairs are chosen greedily one-to-one per pair of articles, and
    aligned sentences are joined into *claims*. A sentence is *carried* by an outlet when
    one of its sentences reaches the threshold. Beside claims, numbers (with their unit),
    names (capitalised spans, matched by surname) and voices (quoted speakers, from
    ``voices``) are compared as sets.

    An outlet *omits* an item when it does not carry it and at least half of the other
    outlets (and at least one) do; it *only omits* it when every other outlet (two or
    more) carries it; it *only carries* it when no other outlet does.

    Parameters
    ----------
    articles : the event's articles (``id``, ``by``, ``text``, optionally ``title``).
    threshold : similarity at which two sentences say the same thing.
    voices : quoted speakers, a DataFrame with ``article_id``, ``speaker`` and optionally
        ``field``, ``start``, ``end``, ``text`` (e.g. the sourcing quote table).
    include_title : align headlines too.
    duplicates : ids of articles that reprint another (wire copy); their outlet still
        counts as carrying what they carry.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["1", "2"], "outlet": ["a", "b"], "title": ["", ""], "text": [
    ...     "Floods hit Korrin. Nine people died in Korrin on Tuesday.",
    ...     "Floods hit Korrin, officials said. Police arrested a looter."]})
    >>> cov = align_coverage(df)
    >>> cov.omissions.query("kind == 'claim'")[["outlet", "status", "text"]].values.tolist()
    [['a', 'omits', 'Police arrested a looter.'], ['a', 'only_carries', 'Nine people died in Korrin on Tuesday.'], ['b', 'omits', 'Nine people died in Korrin on Tuesday.'], ['b', 'only_carries', 'Police arrested a looter.']]
    """
    articles = articles.reset_index(drop=True)
    outlets = sorted(articles[by].astype(str).unique())
    sentences = sentence_table(articles, by=by, include_title=include_title)
    n = len(sentences)
    sim = sentence_similarity(sentences, specific_bonus=specific_bonus)
    dense = sim.toarray() if n else np.zeros((0, 0))
    outlet_of = sentences["outlet"].to_numpy()
    article_of = sentences["article_id"].to_numpy()

    # carried_by: outlets with a sentence reaching the threshold
    carried = np.zeros((n, len(outlets)), dtype=bool)
    for k, o in enumerate(outlets):
        mask = outlet_of == o
        if n and mask.any():
            carried[:, k] = dense[:, mask].max(axis=1) >= threshold
            carried[mask, k] = True

    # greedy one-to-one pairs per pair of articles of different outlets
    parent = list(range(n))
    pair_rows = []
    index_by_article = {a: np.flatnonzero(article_of == a) for a in dict.fromkeys(article_of)}
    arts = list(index_by_article)
    for i, a in enumerate(arts):
        for b in arts[i + 1:]:
            ia, ib = index_by_article[a], index_by_article[b]
            if outlet_of[ia[0]] == outlet_of[ib[0]]:
                continue
            for r, c, s in _greedy_pairs(dense[np.ix_(ia, ib)], threshold):
                x, y = ia[r], ib[c]
                pair_rows.append((x, y, float(s)))
                rx, ry = _find(parent, x), _find(parent, y)
                if rx != ry:
                    parent[max(rx, ry)] = min(rx, ry)
    roots = [_find(parent, i) for i in range(n)]
    claim_ids = {root: k for k, root in enumerate(dict.fromkeys(roots))}
    sentences["claim"] = [f"c{claim_ids[r] + 1:03d}" for r in roots]
    sentences["carried_by"] = [[o for k, o in enumerate(outlets) if carried[i, k]] for i in range(n)]

    s_cols = ["article_id", "outlet", "field", "start", "end", "text"]
    xs = [p[0] for p in pair_rows]
    ys = [p[1] for p in pair_rows]
    left = sentences.iloc[xs][s_cols].reset_index(drop=True).add_suffix("_a")
    right = sentences.iloc[ys][s_cols].reset_index(drop=True).add_suffix("_b")
    pairs = pd.concat([left, right], axis=1)
    pairs["similarity"] = [round(p[2], 4) for p in pair_rows]

    claim_rows, matrix_rows = [], []
    members_of: dict[str, list[int]] = {}
    for i, c in enumerate(sentences["claim"]):
        members_of.setdefault(c, []).append(i)
    cols = {c: sentences[c].tolist() for c in ("article_id", "outlet", "field", "start", "end", "text", "carried_by")}
    for claim in sorted(members_of):
        members = members_of[claim]
        carried_by = sorted(set().union(*[set(cols["carried_by"][i]) for i in members]))
        evidence = [{"article_id": cols["article_id"][i], "outlet": cols["outlet"][i], "field": cols["field"][i],
                     "start": int(cols["start"][i]), "end": int(cols["end"][i]), "text": cols["text"][i]}
                    for i in members]
        claim_rows.append({"claim": claim, "text": cols["text"][members[0]], "outlets": carried_by,
                           "n_outlets": len(carried_by), "n_sentences": len(members), "evidence": evidence})
        matrix_rows.append([o in carried_by for o in outlets])
    claims = pd.DataFrame(claim_rows, columns=["claim", "text", "outlets", "n_outlets", "n_sentences", "evidence"])
    matrix = pd.DataFrame(matrix_rows, index=pd.Index(claims["claim"], name="claim"),
                          columns=pd.Index(outlets, name="outlet"), dtype=bool)

    units = extract_units(articles, by=by, voices=voices)
    omissions = _omissions(claims, units, outlets)
    return Coverage(sentences=sentences, pairs=pairs, claims=claims, matrix=matrix, units=units,
                    omissions=omissions, threshold=threshold, outlets=outlets)


def _number_key(text: str) -> str:
    value = text.lower().replace("per cent", "%").replace("percent", "%").replace(" %", "%")
    value = re.sub(r"(?<=\d),(?=\d{3}\b)", "", value)
    return " ".join(value.split())


def _name_key(name: str) -> str:
    words = [w for w in re.split(r"\s+", name.replace("’", "'")) if w]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    while words and words[0].lower().strip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


def extract_units(articles: pd.DataFrame, *, by: str = "outlet", voices: pd.DataFrame | None = None) -> pd.DataFrame:
    """Numbers, names and voices in each article, with spans (one row per mention).

    Names are capitalised spans without leading titles; a one-word name is folded into the
    longer name of the event that ends with it ("Varga" -> "Elena Varga").

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["1"], "outlet": ["a"], "text": ["President Elena Varga spoke. Varga cut 3.1% of it."]})
    >>> extract_units(df)[["kind", "item"]].values.tolist()
    [['name', 'Elena Varga'], ['number', '3.1%'], ['name', 'Elena Varga']]
    """
    rows = []
    for aid, group, text in zip(articles["id"].astype(str), articles[by].astype(str), articles["text"]):
        text = _clean(text)
        for a, b in cached_spans(text):
            sentence = text[a:b]
            for m in _NUMBER.finditer(sentence):
                item = _number_key(m.group())
                if re.fullmatch(r"(19|20)\d\d", item):  # years date the story rather than state a fact
                    continue
                rows.append(("number", item, group, aid, "text", a + m.start(), a + m.end(), m.group(), False))
            for m in _NAME.finditer(sentence):
                key = _name_key(m.group())
                if not key or key.lower() in _TITLES or len(key) < 3:
                    continue
                offset = m.group().find(key.split(" ")[0])
                start = a + m.start() + max(offset, 0)
                # a capitalised first word is a name only if the event also uses it mid-sentence
                initial = m.start() == 0 and " " not in key
                rows.append(("name", key, group, aid, "text", start, a + m.end(), text[start:a + m.end()], initial))
    frame = pd.DataFrame(rows, columns=["kind", "item", "outlet", "article_id", "field", "start", "end", "text",
                                        "_initial"])
    if len(frame):
        known = set(frame.loc[~frame["_initial"].astype(bool), "item"])
        known |= {w for k in known for w in k.split(" ")}
        frame = frame[~frame["_initial"].astype(bool) | frame["item"].isin(known)]
    frame = frame.drop(columns="_initial").reset_index(drop=True)
    # fold one-word names into the longest multi-word name ending with that word
    names = frame.loc[frame["kind"] == "name", "item"].unique()
    long_names = sorted((n for n in names if " " in n), key=len, reverse=True)
    fold = {}
    for name in names:
        if " " not in name:
            match = next((full for full in long_names if full.split(" ")[-1] == name), None)
            if match:
                fold[name] = match
    if fold:
        frame["item"] = [fold.get(i, i) if k == "name" else i for k, i in zip(frame["kind"], frame["item"])]
    if voices is not None and len(voices):
        outlet_of = dict(zip(articles["id"].astype(str), articles[by].astype(str)))
        v = voices[voices["article_id"].astype(str).isin(outlet_of)]
        speaker = v["speaker"].astype(str)
        keep = ~speaker.str.lower().isin(["", "none", "nan", "unknown"])
        v = v[keep]
        extra = pd.DataFrame({
            "kind": "voice", "item": v["speaker"].astype(str).to_numpy(),
            "outlet": [outlet_of[a] for a in v["article_id"].astype(str)],
            "article_id": v["article_id"].astype(str).to_numpy(),
            "field": v["field"].to_numpy() if "field" in v else "text",
            "start": v["start"].to_numpy() if "start" in v else -1,
            "end": v["end"].to_numpy() if "end" in v else -1,
            "text": v["text"].astype(str).to_numpy() if "text" in v else v["speaker"].astype(str).to_numpy()})
        frame = pd.concat([frame, extra], ignore_index=True)
    return frame.astype({"start": "int64", "end": "int64"})


def _omissions(claims: pd.DataFrame, units: pd.DataFrame, outlets: list[str]) -> pd.DataFrame:
    rows = []
    n_out = len(outlets)

    def judge(kind, item, carried_by, evidence_for):
        others_needed = 1
        for o in outlets:
            others = [c for c in carried_by if c != o]
            if o in carried_by:
                if not others and n_out > 1:
                    ev = evidence_for(o)
                    rows.append((o, "only_carries", kind, item, list(carried_by)) + ev)
                continue
            if len(others) >= max(others_needed, (n_out - 1) / 2):
                status = "only_omits" if len(others) == n_out - 1 and n_out > 2 else "omits"
                ev = evidence_for(others[0])
                rows.append((o, status, kind, item, list(carried_by)) + ev)

    for claim in claims.itertuples():
        by_outlet = {}
        for e in claim.evidence:
            by_outlet.setdefault(e["outlet"], e)

        def ev(o, by_outlet=by_outlet, claim=claim):
            e = by_outlet.get(o) or claim.evidence[0]
            return (e["article_id"], e["field"], e["start"], e["end"], e["text"])

        judge("claim", claim.claim, claim.outlets, ev)
    firsts: dict[tuple, dict] = {}
    for r in units.itertuples(index=False):
        firsts.setdefault((r.kind, r.item), {}).setdefault(
            r.outlet, (r.article_id, r.field, int(r.start), int(r.end), r.text))
    for (kind, item) in sorted(firsts):
        first = firsts[(kind, item)]
        judge(kind, item, sorted(first), first.__getitem__)
    frame = pd.DataFrame(rows, columns=["outlet", "status", "kind", "item", "carried_by", "article_id", "field",
                                        "start", "end", "text"])
    order = {"only_omits": 0, "omits": 1, "only_carries": 2}
    kinds = {"claim": 0, "number": 1, "name": 2, "voice": 3}
    frame = frame.assign(_s=frame["status"].map(order), _k=frame["kind"].map(kinds))
    return frame.sort_values(["outlet", "_s", "_k", "item"], kind="mergesort").drop(columns=["_s", "_k"]) \
        .reset_index(drop=True)
