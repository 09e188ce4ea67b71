"""Labeling: what each outlet calls the same entity (referring expressions, loaded labels, their tone).

In the spirit of Hamborg, Zhukova & Gipp (2019), "Automated identification of media bias
by word choice and labeling in news articles" (JCDL): the same actor is "President Elena
Varga" in one outlet, "the NRP leader" in another and "Harbor City's rulers" in a third.
Mentions come from :mod:`framescope.framing.entities` (names, titled names, definite and
possessive descriptions, group nouns, demonyms — rules and lexicons only, no models) and
are grouped into entities within an event across outlets; see that module for what the
grouping can and cannot resolve.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd

from framescope.framing.base import Doc, FramingFamily, evidence_frame
from framescope.framing.entities import (_Caps, _find_mentions, _norm, entity_mentions, group_mentions, mention_rows,
                                         referring_nouns)
from framescope.text import sentence_spans, word_count

_LOW_WORD = re.compile(r"[^\W_]+")
_FEATURES = ["n_entities", "n_referring_expressions", "share_definite_descriptions", "loaded_label_rate"]


def _loaded(head: str | None) -> bool:
    return bool(head) and referring_nouns().get(head, (None, False))[1]


@lru_cache(maxsize=1)
def _loaded_heads() -> frozenset:
    """The head nouns marked loaded in ``referring_nouns.tsv`` (``head in _loaded_heads()`` == ``_loaded(head)``)."""
    return frozenset(noun for noun, (_, loaded) in referring_nouns().items() if loaded)


class Labeling(FramingFamily):
    """Per-article labeling profile.

    Features: ``n_entities`` (distinct entities mentioned, mentions grouped within the
    article), ``n_referring_expressions`` (distinct expressions), ``share_definite_descriptions``
    (share of mentions that are descriptions or group nouns rather than names), and
    ``loaded_label_rate`` (mentions whose head noun is a loaded label — "regime", "mob",
    "illegals", "thugs" … from ``lexicons/referring_nouns.tsv`` — per 100 words).

    Evidence: every mention (label = its kind: name, description, group, demonym; or
    ``loaded`` for loaded labels; weight 1).

    Examples
    --------
    >>> lab = Labeling().fit(["x"])
    >>> row = lab.transform(["President Elena Varga spoke. The regime in Dravinsk sent the mob."])[0]
    >>> dict(zip(lab.feature_names(), row.round(2).tolist()))["loaded_label_rate"] > 0
    True
    """

    family = "labeling"
    version = 14  # 14: 'the new mayor' not resolved to the person named last; 13: 'Speaker' (of a legislature) is a title (roles.tsv); 12: a role description set before a name with a comma is one expression with it; a capitalised possessor is not copied as a description, organisation and group nouns naming another organisation are not this entity; an organisation named before a title is a mention of its own, a full name ends at 'and'; an unnamed spokesperson is a label of the organisation named with it; no apposition after a fronted place or before a time phrase; role descriptions kept from persons of other affiliations; a name ending in a place noun names a place; organisation nouns keep to organisations of their kind, a description's head must head a group entity's name; a name shares two words with an entity (or all its words), not one; police and military nouns only for their own class; 'Person of Organisation' runs cut into the person and the organisation; an indefinite role description ('a government spokesman') is someone new unless in apposition to a name; a government noun ('the government', 'the authorities') resolves by nearest antecedent only to a country or a government entity, not to any organisation; a government or country description naming another place is not this entity; an entity named by a noun of two classes has both; a union named '... Federation' is no country; 11: pronoun-owned roles ('her father') not resolved to the owner; 'served as' ties a role description; 10: a name beyond the discovered entities keeps its own id; 9: '<Head> of <Name>' entities of their own ('the Port of Valmore'); 8: a capital names its country's government (places.tsv capital_of, or learned from the texts); 'our nation' not resolved by co-occurrence or nearest antecedent; 7: a ministry or agency is not 'the government' / 'the state'; 6: listed places (places.tsv: kinds, description nouns, aliases), hyphenated place compounds split, acronyms joined, copula role descriptions; 5: demonyms from a listed lexicon (no more "Taipei", "Mbeki" as demonyms), "A and B" place runs split, no clause appositives, family-name-first names, no affiliations from relative clauses; 4: name possessors, plural possessors, determiner runs (issue 6, round 2); 3: person nouns, groups

    def __init__(self):
        pass

    def feature_names(self) -> list[str]:
        return list(_FEATURES)

    def analyse(self, docs: Sequence[Doc]) -> tuple[np.ndarray, pd.DataFrame]:
        values = np.zeros((len(docs), len(_FEATURES)))
        rows: list[tuple] = []
        loaded_heads = _loaded_heads()
        memo: dict = {}  # capitalised run -> its text-only analysis, shared by the texts of this call
        name_keys: dict[str, str] = {}  # name -> its last word, lower case (the entity key within an article)
        expression_keys: dict[str, str] = {}  # mention text -> == _norm(text).lower()
        for r, doc in enumerate(docs):
            mentions = []
            # the title's context is the text and the text's the title: one set of known capitals
            caps = _Caps(frozenset(), (doc.title, doc.text))
            for field, source in (("title", doc.title), ("text", doc.text)):
                if source:
                    for m in _find_mentions(source, field, caps, memo):
                        mentions.append((field, source, m))
            if not mentions:
                continue
            keys = set()
            expressions = set()
            n_desc = n_loaded = 0
            doc_id = doc.id
            for field, source, m in mentions:
                kind, head, text = m.kind, m.head, m.text
                if kind == "name" or kind == "demonym":
                    name = m.name or text
                    key = name_keys.get(name)
                    if key is None:
                        words = _LOW_WORD.findall(name.lower())
                        if not words:
                            keys.add(text.lower())
                        else:
                            key = name_keys[name] = words[-1]
                    if key is not None:
                        keys.add(key)
                else:
                    keys.add("~" + head)
                    n_desc += 1  # description or group
                expression = expression_keys.get(text)
                if expression is None:
                    # == _norm(text).lower(): white space runs to one space, stripped, lower case
                    expression = expression_keys[text] = " ".join(text.split()).lower()
                expressions.add(expression)
                loaded = head in loaded_heads
                if loaded and field == "text":
                    n_loaded += 1
                rows.append((doc_id, field, m.start, m.end, "labeling", "loaded" if loaded else kind,
                             source[m.start:m.end], 1.0))
            words = word_count(doc.text) if n_loaded else 0  # the rate is 0 without loaded labels
            values[r] = [len(keys), len(expressions), n_desc / len(mentions),
                         100.0 * n_loaded / words if words else 0.0]
        return values, evidence_frame(rows)


def _sentence_tone(texts: dict, keys: list[tuple[str, str, int]]) -> list[float]:
    """VADER compound of the sentence around each (article_id, field, offset)."""
    try:
        from framescope.framing.tone import vader_compound
    except ImportError:  # pragma: no cover - tone ships with the package
        vader_compound = None
    sentences, index = [], []
    cache: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for article_id, field, offset in keys:
        source = texts.get((article_id, field), "")
        spans = cache.setdefault((article_id, field), sentence_spans(source))
        span = next(((a, b) for a, b in spans if a <= offset < b), (0, len(source)))
        index.append(len(sentences))
        sentences.append(source[span[0]:span[1]])
    if not sentences:
        return []
    if vader_compound is not None:
        scores = np.asarray(vader_compound(sentences), dtype=float)
    else:  # pragma: no cover
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        analyser = SentimentIntensityAnalyzer()
        scores = np.asarray([analyser.polarity_scores(s)["compound"] for s in sentences])
    return [float(scores[i]) for i in index]


def label_table(articles_df: pd.DataFrame, *, key_entities=None, top: int = 8) -> pd.DataFrame:
    """The referring expressions each outlet uses for the key entities of an event.

    Parameters
    ----------
    articles_df : DataFrame
        The articles of one event (``id``, ``outlet``, ``title``, ``text``; several events
        are handled one by one when an ``event`` column is present).
    key_entities : list, optional
        Names or ``{"id", "name", "type"}`` dicts. Default: the entities discovered from
        the names in the articles.
    top : int
        Keep the ``top`` entities with the most mentions (all listed key entities are
        kept when ``key_entities`` is given and ``top`` is larger).

    Returns
    -------
    DataFrame
        entity, outlet, expression, count, tone (mean VADER compound of the sentences the
        expression occurs in), loaded (loaded label), unique_to_outlet (no other outlet
        of the event uses the expression for this entity); sorted by entity, outlet,
        descending count.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a", "b"], "outlet": ["x.example", "y.example"],
    ...     "text": ["President Elena Varga spoke. The president smiled.", "The regime of Elena Varga lied. Varga left."]})
    >>> t = label_table(df, key_entities=[{"id": "varga", "name": "Elena Varga"}])
    >>> t[["outlet", "expression", "count", "unique_to_outlet"]].values.tolist()[:2]
    [['x.example', 'President Elena Varga', 1, True], ['x.example', 'the president', 1, True]]
    """
    columns = ["entity", "outlet", "expression", "count", "tone", "loaded", "unique_to_outlet"]
    rows = mention_rows(articles_df)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    if "outlet" not in articles_df.columns:
        rows["outlet"] = rows["article_id"]
    tables = []
    for _, idx in rows.groupby(rows["event"].fillna("\x00"), sort=False).groups.items():
        sub = rows.loc[idx].copy()
        sub["entity"] = group_mentions(sub, key_entities).values
        sub = sub[~sub["entity"].astype(str).str.startswith("~")] if key_entities is not None else sub
        if sub.empty:
            continue
        counts = sub["entity"].value_counts()
        keep = list(counts.index[:top]) if key_entities is None else list(counts.index[:max(top, len(counts))])
        sub = sub[sub["entity"].isin(keep)]
        from framescope.framing.base import as_docs

        texts = {}
        for doc in as_docs(articles_df):
            texts[(doc.id, "text")] = doc.text
            texts[(doc.id, "title")] = doc.title
        sub["tone"] = _sentence_tone(texts, list(zip(sub["article_id"], sub["field"], sub["start"])))
        sub["expression"] = sub["text"].map(_norm)
        sub["loaded"] = sub["head"].map(_loaded)
        grouped = (sub.groupby(["entity", "outlet", "expression"], sort=False)
                   .agg(count=("text", "size"), tone=("tone", "mean"), loaded=("loaded", "max"))
                   .reset_index())
        users = grouped.groupby(["entity", grouped["expression"].str.lower()])["outlet"].transform("nunique")
        n_outlets = sub["outlet"].nunique()
        grouped["unique_to_outlet"] = (users == 1) & (n_outlets > 1)
        grouped["tone"] = grouped["tone"].round(3)
        tables.append(grouped)
    if not tables:
        return pd.DataFrame(columns=columns)
    table = pd.concat(tables, ignore_index=True)
    order = {e: k for k, e in enumerate(table.groupby("entity")["count"].sum().sort_values(ascending=False).index)}
    table = table.assign(_o=table["entity"].map(order)).sort_values(["_o", "outlet", "count", "expression"],
                                                                    ascending=[True, True, False, True],
                                                                    kind="stable")
    return table[columns].reset_index(drop=True)


_RE_POSSESSIVE_CLITIC = re.compile(r"[’']s$")


def _expression_key(text: str) -> str:
    """An expression as compared with the gold: :func:`_norm`, lower case, without a trailing possessive "'s"."""
    return _RE_POSSESSIVE_CLITIC.sub("", _norm(text).lower())


def evaluate_labels(articles_df: pd.DataFrame, gold: pd.DataFrame, events: pd.DataFrame) -> dict:
    """How many annotated referring expressions the label tables recover.

    For each event, :func:`label_table` is built with the event's entities as
    ``key_entities``; a gold label (article, entity, text) is recovered when the table
    has a row with the same entity, the article's outlet and the same expression (a
    leading determiner's case and a trailing possessive "'s" ignored: an annotated
    "the government's" is the label "the government", which the tables list without
    the clitic).

    Parameters
    ----------
    articles_df : articles with id, outlet, event, title, text
    gold : labels with article_id, entity, text
    events : events with event and entities (list of {"id", "name", "type"})

    The gold lists only the key entities' expressions, so a table row it lacks may still be
    right; a row is *contradicted* when the gold gives that expression, in that outlet's
    articles of the event, to other entities only — a lower bound on the wrong rows.

    Returns
    -------
    dict
        recovered, n_gold, recall; n_rows (table rows of key entities), contradicted and
        contradicted_share (of n_rows).

    Examples
    --------
    >>> arts = pd.DataFrame({"id": ["a"], "outlet": ["x"], "event": ["e"], "title": [""],
    ...                      "text": ["President Elena Varga spoke. The president left."]})
    >>> gold = pd.DataFrame({"article_id": ["a", "a"], "entity": ["varga", "varga"],
    ...                      "text": ["President Elena Varga", "The president"]})
    >>> events = pd.DataFrame({"event": ["e"], "entities": [[{"id": "varga", "name": "Elena Varga"}]]})
    >>> evaluate_labels(arts, gold, events)
    {'recovered': 2, 'n_gold': 2, 'recall': 1.0, 'n_rows': 2, 'contradicted': 0, 'contradicted_share': 0.0}
    """
    outlets = dict(zip(articles_df["id"], articles_df["outlet"]))
    hit = n = n_rows = contradicted = 0
    for event in events.itertuples():
        sub = articles_df[articles_df["event"] == event.event]
        if sub.empty:
            continue
        keys = {str(e["id"]) if isinstance(e, dict) else str(e) for e in event.entities}
        table = label_table(sub, key_entities=list(event.entities), top=max(50, len(event.entities)))
        have = {(e, o, _expression_key(x)) for e, o, x in zip(table["entity"], table["outlet"], table["expression"])}
        annotated: dict[tuple, set] = {}  # (outlet, expression) -> the entities the gold gives it
        for g in gold[gold["article_id"].isin(set(sub["id"]))].itertuples():
            n += 1
            key = (outlets.get(g.article_id), _expression_key(g.text))
            hit += (g.entity, *key) in have
            annotated.setdefault(key, set()).add(g.entity)
        for entity, outlet, expression in have:
            if entity in keys:
                n_rows += 1
                contradicted += entity not in annotated.get((outlet, expression), {entity})
    return {"recovered": hit, "n_gold": n, "recall": round(hit / n, 4) if n else 0.0, "n_rows": n_rows,
            "contradicted": contradicted, "contradicted_share": round(contradicted / n_rows, 4) if n_rows else 0.0}


__all__ = ["Labeling", "entity_mentions", "evaluate_labels", "label_table"]
