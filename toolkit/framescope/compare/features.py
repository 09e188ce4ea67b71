"""The framing families' outputs (frames, tone, sourcing, labels, persuasion) summarised per outlet."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framescope.framing.base import empty_evidence

TONE_COLUMNS = ("mean_compound", "share_positive", "share_negative", "headline_compound", "hedge_rate",
                "booster_rate", "subjectivity_rate", "modality_rate")
KEY_ENTITIES = 8
"""Entities kept in the entity-tone table (the most mentioned ones named by two or more outlets)."""


@dataclass
class FeatureBundle:
    values: pd.DataFrame
    evidence: pd.DataFrame
    primaries: dict | None = None
    quotes: pd.DataFrame | None = None
    entity_tone: pd.DataFrame | None = None
    labels: pd.DataFrame | None = None
    missing: list[str] = field(default_factory=list)


def compute(articles: pd.DataFrame, store, warnings: list[str]) -> FeatureBundle:
    """Run (or read from the store's cache) every framing family on one event's articles: values,
    evidence, primary frames and the quote, label and entity-tone tables. (The corpus view
    streams values only: :func:`framescope.compare.corpus.compare_corpus`.)"""
    from framescope.framing import extract_features

    docs = articles[["id", "title", "text"]].copy()
    missing: list[str] = []
    result = extract_features(docs, store=store)
    values, evidence = result.values, result.evidence
    if "id" in values.columns:
        values = values.set_index("id")
    values.index = values.index.astype(str)
    bundle = FeatureBundle(values=values, evidence=evidence if evidence is not None else empty_evidence())

    def primaries():
        from framescope.framing.issue_frames import IssueFrames

        out = IssueFrames().primary_frames(docs)
        return pd.DataFrame({"article_id": out.index.astype(str), "primary_frame": out.to_numpy()})

    def entity_tone():
        from framescope.framing.tone import Tone

        return Tone().entity_tone(docs)

    def quotes():
        from framescope.framing.sourcing import Sourcing

        return Sourcing().quote_table(articles)

    def labels():
        from framescope.framing.labeling import label_table

        return label_table(articles)

    prim = _cached(store, "primary_frames", "issue_frames", articles, primaries)
    bundle.primaries = {str(k): (v if isinstance(v, str) and v else None)
                        for k, v in zip(prim["article_id"], prim["primary_frame"])}
    bundle.entity_tone = _cached(store, "entity_tone", "tone", articles, entity_tone)
    bundle.quotes = _cached(store, "quotes", "sourcing", articles, quotes)
    bundle.labels = _cached(store, "labels", "labeling", articles, labels)
    bundle.missing = list(dict.fromkeys(missing))
    return bundle


CACHE_VERSION = 1
_CACHE_DDL = ("CREATE TABLE IF NOT EXISTS compare_cache (key TEXT PRIMARY KEY, kind TEXT NOT NULL, "
              "value TEXT NOT NULL, created TEXT NOT NULL)")


def _cache_key(kind: str, family: str, articles: pd.DataFrame) -> str:
    import hashlib

    from framescope.framing import family_class

    version = getattr(family_class(family), "version", 0)
    digest = hashlib.sha1(f"{kind}\x1f{family}\x1f{version}\x1f{CACHE_VERSION}".encode())
    columns = [c for c in ("id", "outlet", "event", "title", "text") if c in articles.columns]
    def text(v):
        return "" if v is None or (isinstance(v, float) and v != v) else str(v)

    for row in sorted(zip(*[[text(v) for v in articles[c]] for c in columns])):
        digest.update("\x1e".join(row).encode("utf-8", "replace"))
    return digest.hexdigest()


def _cached(store, kind: str, family: str, articles: pd.DataFrame, compute_fn) -> pd.DataFrame:
    """A per-event table computed by a framing family (quotes, labels...), kept in the store.

    The key hashes the articles (id, outlet, event, title, text), the family's code
    ``version`` and :data:`CACHE_VERSION`, so any change recomputes it. Without a
    writable store, it is just computed.
    """
    import io
    import sqlite3
    from datetime import datetime, timezone

    if store is None:
        return compute_fn()
    key = _cache_key(kind, family, articles)
    try:
        store.ensure_component("compare_cache", 1, _CACHE_DDL)
        row = store.conn.execute("SELECT value FROM compare_cache WHERE key=?", (key,)).fetchone()
    except sqlite3.Error:
        return compute_fn()
    if row is not None:
        return pd.read_json(io.StringIO(row[0]), orient="split", dtype=False)  # dtype=False: no date parsing either
    frame = compute_fn()
    try:
        with store.transaction():
            store.conn.execute("INSERT OR REPLACE INTO compare_cache(key, kind, value, created) VALUES (?,?,?,?)",
                               (key, kind, frame.to_json(orient="split", index=False, date_format="iso"),
                                datetime.now(timezone.utc).isoformat()))
    except sqlite3.Error:
        pass
    return frame


def tone_table(articles: pd.DataFrame, values: pd.DataFrame, outlet_of: dict) -> pd.DataFrame:
    """Per outlet, the tone features averaged over its articles."""
    cols = {c: f"tone__{c}" for c in TONE_COLUMNS if f"tone__{c}" in values.columns}
    ids = articles["id"].astype(str)
    v = values.reindex(ids)[list(cols.values())]
    v.columns = list(cols)
    v["outlet"] = ids.map(outlet_of).to_numpy()
    table = v.groupby("outlet").mean()
    table["n_articles"] = v.groupby("outlet").size()
    return table


def entity_tone_table(articles: pd.DataFrame, fx: FeatureBundle, outlet_of: dict) -> pd.DataFrame:
    """Long table: outlet, entity, n_sentences, mean_compound, for the event's key entities."""
    columns = ["outlet", "entity", "n_sentences", "mean_compound", "n_articles"]
    et = fx.entity_tone
    if et is None or et.empty:
        return pd.DataFrame(columns=columns)
    et = et.copy()
    et["article_id"] = et["article_id"].astype(str)
    et["outlet"] = et["article_id"].map(outlet_of)
    et = et.dropna(subset=["outlet"])
    et["weighted"] = et["mean_compound"] * et["n_sentences"]
    g = et.groupby(["outlet", "entity"]).agg(n_sentences=("n_sentences", "sum"), weighted=("weighted", "sum"),
                                             n_articles=("article_id", "nunique")).reset_index()
    g["mean_compound"] = (g["weighted"] / g["n_sentences"]).round(4)
    reach = g.groupby("entity").agg(outlets=("outlet", "nunique"), sentences=("n_sentences", "sum"))
    key = reach[reach["outlets"] >= 2].sort_values(["outlets", "sentences"], ascending=False).head(KEY_ENTITIES)
    g = g[g["entity"].isin(key.index)]
    g["entity"] = pd.Categorical(g["entity"], categories=list(key.index), ordered=True)
    g = g.sort_values(["entity", "outlet"])
    g["entity"] = g["entity"].astype(str)
    return g[columns].reset_index(drop=True)


def sourcing_tables(articles: pd.DataFrame, fx: FeatureBundle, outlet_of: dict):
    """quotes, voices (outlet x speaker), sides (outlet x side), verb stances, anonymous sources."""
    q = fx.quotes
    qcols = ["article_id", "outlet", "field", "start", "end", "text", "kind", "speaker", "speaker_id", "role",
             "organisation", "side", "verb", "stance", "anonymous", "words"]
    if q is None or q.empty:
        empty = pd.DataFrame(columns=qcols)
        return (empty, pd.DataFrame(columns=["outlet", "speaker", "quotes", "words", "share"]),
                pd.DataFrame(columns=["outlet", "side", "quotes", "words", "share"]),
                pd.DataFrame(), pd.DataFrame(columns=["outlet", "anonymous", "quotes", "share"]))
    q = q.copy()
    q["article_id"] = q["article_id"].astype(str)
    q["outlet"] = q["article_id"].map(outlet_of)
    q = q[q["outlet"].notna()]
    q["anonymous"] = q["anonymous"].fillna(False).astype(bool)

    def text_or_none(v):
        return v if isinstance(v, str) and v.strip() else None

    # one display name per speaker id: the longest name used for that person in the event
    names: dict[str, str] = {}
    for sid, name in zip(q["speaker_id"], q["speaker"]):
        name = text_or_none(name)
        if name and isinstance(sid, str) and len(name) > len(names.get(sid, "")):
            names[sid] = name
    q["speaker"] = [("anonymous source" if a and not text_or_none(s) else
                     names.get(sid) or text_or_none(s) or "unattributed")
                    for s, sid, a in zip(q["speaker"], q["speaker_id"], q["anonymous"])]
    # a "side" is the organisation a voice speaks for (the speaker when none is known)
    q["side"] = [("anonymous" if a and not text_or_none(o) else text_or_none(o) or s)
                 for o, s, a in zip(q["organisation"], q["speaker"], q["anonymous"])]
    for c in qcols:
        if c not in q:
            q[c] = None
    q = q[qcols].sort_values(["outlet", "article_id", "field", "start"]).reset_index(drop=True)

    def shares(key):
        g = q.groupby(["outlet", key]).agg(quotes=("text", "size"), words=("words", "sum")).reset_index()
        total = g.groupby("outlet")["words"].transform("sum").replace(0, np.nan)
        g["share"] = (g["words"] / total).fillna(0).round(4)
        return g.sort_values(["outlet", "share"], ascending=[True, False]).reset_index(drop=True)

    voices = shares("speaker")
    sides = shares("side")
    stances = q.dropna(subset=["stance"]).pivot_table(index="outlet", columns="stance", values="text",
                                                      aggfunc="size", fill_value=0)
    stances = stances.reindex(sorted(outlet_of.values() and set(outlet_of.values()))).fillna(0).astype(int)
    stances.index.name = "outlet"
    anon = q.groupby("outlet").agg(anonymous=("anonymous", "sum"), quotes=("text", "size"))
    anon["anonymous"] = anon["anonymous"].astype(int)
    anon["share"] = (anon["anonymous"] / anon["quotes"]).round(4)
    anon = anon.reindex(sorted(set(outlet_of.values()))).fillna(0)
    anon.index.name = "outlet"
    return q, voices, sides, stances, anon.reset_index()


def label_table(articles: pd.DataFrame, fx: FeatureBundle, outlet_of: dict) -> pd.DataFrame:
    """The naming table: entity, outlet, expression, count, tone, loaded, unique_to_outlet, and where
    the outlet first uses the expression (article_id, field, start, end)."""
    import re

    labels = fx.labels
    columns = ["entity", "outlet", "expression", "count", "tone", "loaded", "unique_to_outlet", "article_id",
               "field", "start", "end"]
    if labels is None or labels.empty:
        return pd.DataFrame(columns=columns)
    labels = labels.copy()
    by_outlet: dict[str, list] = {}
    for aid, o, title, text in articles[["id", "outlet", "title", "text"]].itertuples(index=False):
        by_outlet.setdefault(o, []).append((aid, title if isinstance(title, str) else "",
                                            text if isinstance(text, str) else ""))
    found = []
    for outlet, expression in zip(labels["outlet"], labels["expression"]):
        hit = (None, None, None, None)
        pattern = re.compile(r"(?<![\w])" + re.escape(str(expression)) + r"(?![\w])")
        for aid, title, text in by_outlet.get(outlet, []):
            m = pattern.search(text)
            if m:
                hit = (aid, "text", m.start(), m.end())
                break
            m = pattern.search(title)
            if m:
                hit = (aid, "title", m.start(), m.end())
                break
        found.append(hit)
    labels[["article_id", "field", "start", "end"]] = pd.DataFrame(found, index=labels.index)
    for c in columns:
        if c not in labels:
            labels[c] = None
    return labels[columns].reset_index(drop=True)


def persuasion_table(evidence: pd.DataFrame, outlet_of: dict, articles: pd.DataFrame) -> pd.DataFrame:
    """Outlet x technique: number of persuasion cues, plus total and rate per 1,000 words."""
    outlets = sorted(set(outlet_of.values()))
    ev = evidence[evidence["family"] == "persuasion"] if len(evidence) else evidence
    if ev is None or ev.empty:
        table = pd.DataFrame(index=pd.Index(outlets, name="outlet"))
    else:
        ev = ev.assign(outlet=ev["article_id"].astype(str).map(outlet_of))
        table = ev.pivot_table(index="outlet", columns="label", values="start", aggfunc="size", fill_value=0)
        table = table.reindex(outlets).fillna(0).astype(int)
        table.columns.name = None
        table.index.name = "outlet"
    table["total"] = table.sum(axis=1).astype(int)
    from framescope.text import word_count

    words = articles.assign(_w=articles["text"].map(word_count)).groupby("outlet")["_w"].sum() \
        .reindex(outlets).replace(0, np.nan)
    table["per_1000_words"] = (1000 * table["total"] / words).round(2).fillna(0)
    return table
