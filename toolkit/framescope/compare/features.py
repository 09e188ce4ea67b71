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
    """Run (or read from the store's cache) every framing family on the articles."""
    from framescope.framing import extract_features

    docs = articles[["id", "title", "text"]].copy()
    missing: list[str] = []
    result = extract_features(docs, store=store)
    values, evidence = result.values, result.evidence
    if "id" in values.columns:
        values = values.set_index("id")
    values.index = values.index.astype(str)
    bundle = FeatureBundle(values=values, evidence=evidence if evidence is not None else empty_evidence())

    def attempt(name, fn):
        try:
            return fn()
        except (ImportError, AttributeError) as exc:  # TEMPORARY until every family lands
            missing.append(name)
            return None

    def primaries():
        from framescope.framing.issue_frames import IssueFrames

        out = IssueFrames().primary_frames(docs)
        if isinstance(out, pd.DataFrame):
            out = out.set_index("article_id")["primary_frame"] if "article_id" in out else out.iloc[:, 0]
        return {str(k): (v if isinstance(v, str) and v else None) for k, v in out.items()}

    def entity_tone():
        from framescope.framing.tone import Tone

        return Tone().entity_tone(docs)

    def quotes():
        from framescope.framing.sourcing import Sourcing

        return Sourcing().quote_table(articles)

    def labels():
        from framescope.framing.labeling import label_table

        return label_table(articles)

    bundle.primaries = attempt("issue_frames.primary_frames", primaries)
    bundle.entity_tone = attempt("tone.entity_tone", entity_tone)
    bundle.quotes = attempt("sourcing", quotes)
    bundle.labels = attempt("labeling", labels)
    bundle.missing = list(dict.fromkeys(missing))
    if bundle.missing:
        warnings.append("not available in this installation: " + ", ".join(bundle.missing))
    return bundle


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
    qcols = ["article_id", "outlet", "field", "start", "end", "text", "kind", "speaker", "speaker_id", "side",
             "verb", "stance", "anonymous", "words"]
    if q is None or q.empty:
        empty = pd.DataFrame(columns=qcols)
        return (empty, pd.DataFrame(columns=["outlet", "speaker", "quotes", "words", "share"]),
                pd.DataFrame(columns=["outlet", "side", "quotes", "words", "share"]),
                pd.DataFrame(), pd.DataFrame(columns=["outlet", "anonymous", "quotes", "share"]))
    q = q.copy()
    q["article_id"] = q["article_id"].astype(str)
    q["outlet"] = q["article_id"].map(outlet_of)
    if "stance" not in q and "verb_stance" in q:
        q["stance"] = q["verb_stance"]
    if "side" not in q:
        q["side"] = q["organisation"] if "organisation" in q else None
    if "speaker_id" not in q:
        q["speaker_id"] = q["speaker"]
    if "words" not in q:
        q["words"] = q["text"].fillna("").str.split().str.len()
    q["anonymous"] = q["anonymous"].fillna(False).astype(bool) if "anonymous" in q else False
    q["speaker"] = [("anonymous source" if a else (s if isinstance(s, str) and s else "unattributed"))
                    for s, a in zip(q["speaker"], q["anonymous"])]
    q["side"] = [s if isinstance(s, str) and s else ("anonymous" if a else "unknown")
                 for s, a in zip(q["side"], q["anonymous"])]
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
    """The naming table: entity, outlet, expression, count (and evidence where given)."""
    labels = fx.labels
    if labels is None or labels.empty:
        return pd.DataFrame(columns=["entity", "outlet", "label", "count"])
    labels = labels.copy()
    if "outlet" not in labels and "article_id" in labels:
        labels["outlet"] = labels["article_id"].astype(str).map(outlet_of)
    return labels.reset_index(drop=True)


def persuasion_table(evidence: pd.DataFrame, outlet_of: dict, coverage: pd.DataFrame) -> pd.DataFrame:
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
    words = coverage["words"].reindex(outlets).replace(0, np.nan)
    table["per_1000_words"] = (1000 * table["total"] / words).round(2).fillna(0)
    return table
