"""How much of a bundled corpus's annotated framing the comparison recovers (primary frames, speakers, omitted facts)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd


@dataclass
class Recovery:
    """Recovery of the gold annotations by :func:`compare_event`, per event and overall.

    per_event : one row per event: ``frames_correct``/``frames_total``,
        ``speakers_found``/``speakers_total``, ``omissions_found``/``omissions_total``
        (gold omissions: facts an outlet does not carry that another outlet does), and
        ``false_omissions``/``carried_total`` (facts an outlet carries but that the
        comparison says it leaves out).
    details : one row per checked item (kind, event, outlet, item, gold, found).
    """

    per_event: pd.DataFrame
    details: pd.DataFrame

    def rates(self) -> pd.Series:
        t = self.per_event.sum(numeric_only=True)

        def ratio(a, b):
            return round(float(t[a] / t[b]), 4) if t[b] else float("nan")

        return pd.Series({
            "primary_frame_accuracy": ratio("frames_correct", "frames_total"),
            "speaker_recall": ratio("speakers_found", "speakers_total"),
            "omission_recall": ratio("omissions_found", "omissions_total"),
            "omission_precision": round(float(t["omissions_found"] / (t["omissions_found"] + t["false_omissions"])), 4)
            if (t["omissions_found"] + t["false_omissions"]) else float("nan"),
            "false_omission_rate": ratio("false_omissions", "carried_total"),
        })


def _key(name: str) -> str:
    words = re.findall(r"[^\W_]+(?:[’'-][^\W_]+)*", str(name).lower())
    return words[-1] if words else ""


def _same_voice(gold: str, found: set[str]) -> bool:
    """A gold speaker is found when a found speaker or organisation has the same surname/last word,
    or one name contains the other ("Port Authority" in "Port Authority of Harbor City")."""
    g = str(gold).lower()
    for name in found:
        n = name.lower()
        if _key(n) == _key(g) or (len(n) >= 5 and (n in g or g in n)):
            return True
    return False


def gold_store(corpus: str = "harbor-city", path=":memory:"):
    """A store holding a bundled corpus with its gold events and reprint links."""
    from framescope import datasets
    from framescope.article import frame_to_articles
    from framescope.store import Store

    hc = datasets.load(corpus)
    store = Store(path)
    store.add_articles(frame_to_articles(hc.articles.drop(columns=["event", "key", "duplicate_of"])))
    store.set_column("event", {i: e for i, e in zip(hc.articles["id"], hc.articles["event"]) if e})
    store.set_column("duplicate_of", {i: d for i, d in zip(hc.articles["id"], hc.articles["duplicate_of"]) if d})
    return store, hc


def evaluate_recovery(corpus: str = "harbor-city", *, store=None, events=None, **compare_options) -> Recovery:
    """Compare every gold event of a bundled corpus and check what the comparison recovers.

    - primary frame: the outlet's primary frame in the comparison equals the annotated
      primary frame of its article;
    - quoted speakers: each annotated named speaker (anonymous sources excluded) of an
      outlet's article is among the speakers the comparison lists for that outlet
      (matched by surname);
    - omitted facts: for each fact an outlet's article does not state but another
      outlet's does, the comparison's sentence alignment marks the sentence(s) stating it
      elsewhere as not carried by that outlet; a fact the outlet does state but is marked
      as left out counts as a false omission.
    """
    from framescope.compare.event import compare_event

    if store is None:
        store, hc = gold_store(corpus)
    else:
        from framescope import datasets

        hc = datasets.load(corpus)
    gold_events = sorted(hc.articles["event"].dropna().unique()) if events is None else list(events)
    outlet_of = dict(zip(hc.articles["id"], hc.articles["outlet"]))
    rows, details = [], []
    for event in gold_events:
        cmp = compare_event(store, event, **compare_options)
        arts = hc.articles[hc.articles["event"] == event]
        # primary frames
        frames = hc.frames[hc.frames["event"] == event]
        f_ok = f_total = 0
        for r in frames.itertuples():
            outlet = outlet_of[r.article_id]
            if outlet not in cmp.framing.index or not r.primary_frame:
                continue
            found = cmp.framing.loc[outlet, "primary_frame"]
            f_total += 1
            f_ok += int(found == r.primary_frame)
            details.append(("primary_frame", event, outlet, r.article_id, r.primary_frame, found))
        # speakers
        s_ok = s_total = 0
        quotes = hc.quotes[hc.quotes["article_id"].isin(arts["id"])]
        named = quotes[quotes["speaker_id"] != "anonymous"]
        for (aid, speaker), _ in named.groupby(["article_id", "speaker"]):
            outlet = outlet_of[aid]
            mine = cmp.quotes[cmp.quotes["outlet"] == outlet]
            ours = {str(v) for c in ("speaker", "organisation") for v in mine[c].dropna()}
            hit = _same_voice(speaker, ours)
            s_total += 1
            s_ok += int(hit)
            details.append(("speaker", event, outlet, aid, speaker, hit))
        # omitted facts
        o_ok = o_total = false = carried_total = 0
        mentions = hc.fact_mentions[hc.fact_mentions["article_id"].isin(arts["id"])
                                    & (hc.fact_mentions["field"] == "text")]
        sentences = cmp.omission.sentences
        sentences = sentences[sentences["field"] == "text"]
        outlets = sorted(set(cmp.outlets))
        for fact, fm in mentions.groupby("fact"):
            carriers = {outlet_of[a] for a in fm["article_id"]}
            for outlet in outlets:
                others = fm[fm["article_id"].map(outlet_of) != outlet]
                if others.empty:
                    continue
                # the sentences stating the fact in other outlets
                carried_by = []
                for m in others.itertuples():
                    hit = sentences[(sentences["article_id"] == m.article_id) & (sentences["start"] < m.end)
                                    & (sentences["end"] > m.start)]
                    carried_by.extend(hit["carried_by"])
                predicted_omits = bool(carried_by) and not any(outlet in c for c in carried_by)
                if outlet in carriers:
                    carried_total += 1
                    false += int(predicted_omits)
                    details.append(("carried_fact", event, outlet, fact, True, not predicted_omits))
                else:
                    o_total += 1
                    o_ok += int(predicted_omits)
                    details.append(("omitted_fact", event, outlet, fact, True, predicted_omits))
        rows.append({"event": event, "frames_correct": f_ok, "frames_total": f_total, "speakers_found": s_ok,
                     "speakers_total": s_total, "omissions_found": o_ok, "omissions_total": o_total,
                     "false_omissions": false, "carried_total": carried_total})
    return Recovery(per_event=pd.DataFrame(rows).set_index("event"),
                    details=pd.DataFrame(details, columns=["kind", "event", "outlet", "item", "gold", "found"]))
