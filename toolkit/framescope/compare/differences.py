"""Pick the most telling differences between outlets, each with quoted evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd

DIFFERENCE_COLUMNS = ["rank", "kind", "outlet", "finding", "score", "anecdotal", "evidence"]

# How much a kind of difference weighs before its own effect size. A reader learns most
# from who is left out and how people are introduced; distinctive words come last
# because they often restate the other findings.
_KIND_WEIGHT = {"omission": 1.0, "verb_stance": 1.0, "framing": 0.95, "sourcing": 0.9, "labels": 0.9,
                "tone": 0.8, "persuasion": 0.75, "distinctive_terms": 0.6}


def _article(cmp, article_id: str):
    """(outlet, title, text) of an article, from a lookup built once per comparison."""
    lookup = getattr(cmp, "_lookup", None)
    if lookup is None:
        def clean(v):
            return "" if v is None or (isinstance(v, float) and v != v) else str(v)

        lookup = {i: (o, clean(t), clean(x)) for i, o, t, x in
                  zip(cmp.articles["id"], cmp.articles["outlet"], cmp.articles["title"], cmp.articles["text"])}
        object.__setattr__(cmp, "_lookup", lookup)
    return lookup.get(article_id)


def _span(cmp, article_id: str, field: str, start, end) -> dict | None:
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    art = _article(cmp, article_id)
    if art is None:
        return None
    source = art[1] if field == "title" else art[2]
    start, end = int(start), int(end)
    return {"article_id": article_id, "outlet": art[0], "field": field or "text", "start": start,
            "end": end, "text": " ".join(source[start:end].split())}


def _sentence_around(cmp, article_id: str, field: str, start: int, end: int) -> dict | None:
    """Widen a span to its sentence (for evidence a reader can understand on its own)."""
    from framescope.compare.coverage import cached_spans

    art = _article(cmp, article_id)
    if art is None:
        return None
    text = art[1] if field == "title" else art[2]
    for a, b in cached_spans(text):
        if a <= start < b:
            return _span(cmp, article_id, field, a, max(b, end) if end <= b else b)
    return _span(cmp, article_id, field, start, end)


def _others_mean(series: pd.Series, outlet: str) -> float:
    values = series.to_numpy(dtype=float)
    mask = series.index.to_numpy() != outlet
    return float(np.nanmean(values[mask])) if mask.any() else float("nan")


def _framing(cmp) -> list[dict]:
    out = []
    f = cmp.framing
    if f.empty or "primary_frame" not in f:
        return out
    from framescope.compare.event import frame_name

    primaries = f["primary_frame"].dropna()
    for outlet, frame in primaries.items():
        others = primaries.drop(index=outlet, errors="ignore")
        if others.empty or frame in set(others):
            continue
        col = f"issue__{frame}"
        share = float(f.loc[outlet, col]) if col in f else float("nan")
        rest = _others_mean(f[col], outlet) if col in f else float("nan")
        gap = share - rest if share == share and rest == rest else 0.2
        modal = others.value_counts().index[0]
        ev = cmp.evidence
        spans = []
        if len(ev):
            ids = set(cmp.articles.loc[cmp.articles["outlet"] == outlet, "id"])
            mine = ev[(ev["family"] == "issue_frames") & (ev["label"] == frame) & ev["article_id"].isin(ids)]
            for r in mine.sort_values("weight", ascending=False).head(2).itertuples():
                s = _sentence_around(cmp, r.article_id, r.field, r.start, r.end)
                if s:
                    spans.append(s)
        finding = (f"{outlet} frames it mainly as {frame_name(frame)}"
                   + (f" ({share:.0%} of sentences vs {rest:.0%} elsewhere)" if share == share and rest == rest
                      else "")
                   + f"; most others lead with {frame_name(modal)}")
        out.append({"kind": "framing", "outlet": outlet, "finding": finding, "score": 0.3 + max(gap, 0.0),
                    "evidence": spans})
    return out


def _omission(cmp) -> list[dict]:
    out = []
    om = cmp.omission.omissions
    n_out = len(cmp.outlets)
    if om.empty or n_out < 3:
        return out
    only = om[(om["status"] == "only_omits") & om["kind"].isin(["claim", "voice"])]
    for outlet, rows in only.groupby("outlet"):
        claims = rows[rows["kind"] == "claim"]
        if len(claims):
            # prefer the claim stated with a number or a name: it is a checkable fact
            scored = claims.assign(_w=claims["text"].str.count(r"\d") .clip(upper=3)
                                   + claims["text"].str.count(r"\b[A-Z][a-z]+").clip(upper=3))
            best = scored.sort_values("_w", ascending=False).iloc[0]
            evidence = []
            claim = cmp.omission.claims.set_index("claim").loc[best["item"]]
            seen = set()
            for e in claim["evidence"]:
                if e["outlet"] in seen or e["outlet"] == outlet:
                    continue
                seen.add(e["outlet"])
                s = _span(cmp, e["article_id"], e["field"], e["start"], e["end"])
                if s:
                    evidence.append(s)
                if len(evidence) == 2:
                    break
            more = f" (and {len(claims) - 1} more)" if len(claims) > 1 else ""
            finding = (f"{outlet} alone leaves out what {len(best['carried_by'])} others report: "
                       f"“{_short(best['text'])}”{more}")
            out.append({"kind": "omission", "outlet": outlet, "finding": finding,
                        "score": 0.55 + 0.05 * min(len(claims), 4), "evidence": evidence})
        voices = rows[rows["kind"] == "voice"]
        for v in voices.head(1).itertuples():
            s = _span(cmp, v.article_id, v.field, v.start, v.end)
            out.append({"kind": "omission", "outlet": outlet,
                        "finding": f"{outlet} is the only outlet that does not quote {v.item}",
                        "score": 0.6, "evidence": [s] if s else []})
    return out


def _short(text: str, width: int = 110) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1].rsplit(" ", 1)[0] + "…"


def _sourcing(cmp) -> list[dict]:
    out = []
    sides, q = cmp.sides, cmp.quotes
    if sides is None or sides.empty:
        return out
    table = sides.pivot_table(index="outlet", columns="side", values="share", fill_value=0.0)
    table = table.reindex(cmp.outlets).fillna(0.0)
    values = table.to_numpy(dtype=float)
    n = len(table.index)
    if n < 2:
        return out
    rest_means = (values.sum(axis=0, keepdims=True) - values) / (n - 1)
    for j, side in enumerate(table.columns):
        if side in ("unknown",):
            continue
        for i, outlet in enumerate(table.index):
            share, rest = float(values[i, j]), float(rest_means[i, j])
            gap = share - rest
            if abs(gap) < 0.2:
                continue
            if gap > 0:
                mine = q[(q["outlet"] == outlet) & (q["side"] == side)].sort_values("words", ascending=False)
                finding = (f"{outlet} gives {share:.0%} of its quoted words to {side} (others {rest:.0%} on average)")
            else:
                mine = q[(q["outlet"] != outlet) & (q["side"] == side)].sort_values("words", ascending=False)
                finding = (f"{outlet} gives {side} {share:.0%} of its quoted words (others {rest:.0%} on average)")
            evidence = [s for s in (_span(cmp, r.article_id, r.field, r.start, r.end) for r in mine.head(1).itertuples())
                        if s]
            out.append({"kind": "sourcing", "outlet": outlet, "finding": finding, "score": 0.2 + abs(gap),
                        "evidence": evidence})
    return out


def _verb_stance(cmp) -> list[dict]:
    out = []
    q = cmp.quotes
    if q is None or q.empty or "stance" not in q:
        return out
    records = q.to_dict("records")
    calm_by_speaker: dict[str, list[dict]] = {}
    charged: dict[tuple, list[dict]] = {}
    for r in records:
        if r["stance"] in ("neutral", "endorsing"):
            calm_by_speaker.setdefault(r["speaker"], []).append(r)
        elif r["stance"] in ("doubting", "conceding", "alarming") and r["speaker"] != "unattributed" \
                and not r["anonymous"]:
            charged.setdefault((r["outlet"], r["speaker"]), []).append(r)
    # outlets that quote each speaker, and that use each charged stance for them
    quoting: dict[str, set] = {}
    stance_users: dict[tuple, set] = {}
    for r in records:
        quoting.setdefault(r["speaker"], set()).add(r["outlet"])
    for (outlet, speaker), rows in charged.items():
        for r in rows:
            stance_users.setdefault((speaker, r["stance"]), set()).add(outlet)

    def is_text(v):
        return isinstance(v, str) and v.strip() != ""

    for (outlet, speaker), rows in sorted(charged.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        calm = [c for c in calm_by_speaker.get(speaker, []) if c["outlet"] != outlet]
        if not calm:
            continue
        rows = sorted(rows, key=lambda x: (x["field"] != "title", x["start"]))  # the headline first
        r = rows[0]
        verbs = ", ".join(f"“{v}”" for v in dict.fromkeys(x["verb"] for x in rows if is_text(x["verb"])))
        calm_verbs = ", ".join(f"“{v}”" for v in dict.fromkeys(c["verb"] for c in calm if is_text(c["verb"]))) \
            or "neutral verbs"
        others_quoting = max(len(quoting.get(speaker, ())) - 1, 1)
        sharing = len(stance_users.get((speaker, r["stance"]), {outlet})) - 1  # other outlets doing the same
        rarity = 1.0 - min(sharing / others_quoting, 1.0)
        finding = (f"{outlet} introduces {speaker} with {r['stance']} verbs ({verbs}); "
                   f"{', '.join(sorted({c['outlet'] for c in calm}))} use {calm_verbs}")
        evidence = []
        s = _sentence_around(cmp, r["article_id"], r["field"], int(r["start"]), int(r["end"]))
        if s:
            evidence.append(s)
        surname = str(speaker).split()[-1]
        fallback = None
        for c in calm:  # prefer a sentence that names the speaker
            s = _sentence_around(cmp, c["article_id"], c["field"], int(c["start"]), int(c["end"]))
            fallback = fallback or s
            if s and surname in s["text"]:
                evidence.append(s)
                break
        else:
            if fallback:
                evidence.append(fallback)
        in_title = any(x["field"] == "title" for x in rows)
        if in_title:
            finding += " (in the headline)"
        out.append({"kind": "verb_stance", "outlet": outlet, "finding": finding,
                    "score": 0.35 + 0.35 * rarity + 0.1 * in_title + 0.03 * min(len(rows), 3),
                    "evidence": evidence})
    return sorted(out, key=lambda d: -d["score"])[:20]


def _labels(cmp) -> list[dict]:
    out = []
    lab = cmp.labels
    need = {"entity", "outlet", "expression", "unique_to_outlet"}
    if lab is None or lab.empty or not need <= set(lab.columns):
        return out
    reach = lab.groupby("entity")["outlet"].nunique()
    unique = lab[lab["unique_to_outlet"].fillna(False).astype(bool) & lab["entity"].map(reach).ge(3)
                 & lab["article_id"].map(lambda v: isinstance(v, str))]
    if unique.empty:
        return out
    unique = unique.assign(is_loaded=unique["loaded"].fillna(False).astype(bool)) \
        .sort_values(["is_loaded", "count"], ascending=False, kind="stable").head(20)
    names = {e: _entity_name(e, rows) for e, rows in lab[lab["entity"].isin(unique["entity"])].groupby("entity")}
    totals = lab.groupby(["entity", "outlet", "expression"])["count"].sum()
    for r in unique.itertuples(index=False):
        sub = totals.loc[r.entity]
        common = sub.drop(index=r.outlet, level="outlet").groupby(level="expression").sum() \
            .sort_values(ascending=False)
        shown = ", ".join(f"“{x}”" for x in common.index[:2])
        s = _sentence_around(cmp, r.article_id, r.field or "text", int(r.start), int(r.end))
        if not s:
            continue
        description = str(r.expression).lower().startswith(("the ", "a ", "an "))
        weight = 0.4 + (0.25 if r.is_loaded else 0.0) + (0.1 if description else 0.0) + 0.05 * min(int(r.count), 3)
        out.append({"kind": "labels", "outlet": r.outlet,
                    "finding": f"{r.outlet} calls {names[r.entity]} “{r.expression}”"
                               + (f"; the others say {shown}" if shown else ""),
                    "score": weight, "evidence": [s]})
    return out


def _entity_name(entity, lab: pd.DataFrame) -> str:
    """A readable name for an entity id: its longest capitalised expression, else the id."""
    rows = lab[lab["entity"] == entity]["expression"].astype(str)
    names = [x for x in rows if x[:1].isupper() and not x.isupper()] or [x for x in rows if x[:1].isupper()]
    return max(names, key=len) if names else str(entity).replace("-", " ")


def _tone(cmp) -> list[dict]:
    out = []
    t = cmp.tone
    if t is None or t.empty or "mean_compound" not in t:
        return out
    series = t["mean_compound"]
    for outlet, value in series.items():
        rest = _others_mean(series, outlet)
        gap = value - rest
        if abs(gap) < 0.1:
            continue
        word = "more negative" if gap < 0 else "more positive"
        evidence = []
        ev = cmp.evidence
        if len(ev):
            ids = set(cmp.articles.loc[cmp.articles["outlet"] == outlet, "id"])
            mine = ev[(ev["family"] == "tone") & ev["article_id"].isin(ids) & (ev["field"] == "text")]
            if len(mine):
                mine = mine.sort_values("weight", ascending=gap < 0)
                r = mine.iloc[0]
                s = _sentence_around(cmp, r["article_id"], r["field"], int(r["start"]), int(r["end"]))
                if s:
                    evidence.append(s)
        out.append({"kind": "tone", "outlet": outlet,
                    "finding": f"{outlet}'s tone is {word} than the others' (mean sentence tone {value:+.2f} vs {rest:+.2f})",
                    "score": 0.2 + 1.5 * abs(gap), "evidence": evidence})
    return out


def _persuasion(cmp) -> list[dict]:
    out = []
    p = cmp.persuasion
    if p is None or p.empty or "total" not in p:
        return out
    for outlet, total in p["total"].items():
        rest = _others_mean(p["total"], outlet)
        if total < 3 or total < 3 * max(rest, 0.34):
            continue
        techniques = p.drop(columns=["total", "per_1000_words"]).loc[outlet]
        techniques = techniques[techniques > 0].sort_values(ascending=False)
        ids = set(cmp.articles.loc[cmp.articles["outlet"] == outlet, "id"])
        ev = cmp.evidence
        mine = ev[(ev["family"] == "persuasion") & ev["article_id"].isin(ids)].sort_values("weight", ascending=False)
        evidence = []
        for r in mine.itertuples():
            s = _sentence_around(cmp, r.article_id, r.field, r.start, r.end)
            if s and s not in evidence:
                evidence.append(s)
            if len(evidence) == 2:
                break
        names = ", ".join(f"{k.replace('_', ' ')} ({int(v)})" for k, v in techniques.head(3).items())
        out.append({"kind": "persuasion", "outlet": outlet,
                    "finding": f"{outlet} uses {int(total)} persuasion cues ({names}); the others {rest:.1f} on average",
                    "score": 0.3 + min(total / max(rest, 1.0), 6) / 12, "evidence": evidence})
    return out


def _distinctive(cmp) -> list[dict]:
    out = []
    terms = cmp.distinctive.terms
    if terms.empty:
        return out
    rest = terms[(~terms["pairwise"]) & (terms["z"] > 0)]
    for outlet, rows in rest.groupby("group"):
        top = rows.sort_values("z", ascending=False).head(3)
        if top.empty or top["z"].iloc[0] < 1.0:
            continue
        words = ", ".join(f"“{t}” ({c}×)" for t, c in zip(top["term"], top["count"]))
        evidence = []
        for r in top.head(2).itertuples():
            if r.article_id is not None and not pd.isna(r.start):
                s = _sentence_around(cmp, r.article_id, r.field, int(r.start), int(r.end))
                if s:
                    evidence.append(s)
        out.append({"kind": "distinctive_terms", "outlet": outlet,
                    "finding": f"{outlet}'s most distinctive words: {words}",
                    "score": 0.2 + min(float(top['z'].iloc[0]), 4.0) / 8, "evidence": evidence})
    return out


def candidate_differences(cmp) -> pd.DataFrame:
    """Every candidate difference, scored (before choosing the most telling ones)."""
    rows = []
    for finder in (_omission, _verb_stance, _framing, _sourcing, _labels, _tone, _persuasion, _distinctive):
        for item in finder(cmp):
            item["score"] = round(float(item["score"]) * _KIND_WEIGHT[item["kind"]], 4)
            item["anecdotal"] = bool(cmp.anecdotal.get(item["outlet"], True))
            rows.append(item)
    frame = pd.DataFrame(rows, columns=["kind", "outlet", "finding", "score", "anecdotal", "evidence"])
    frame = frame[frame["evidence"].map(len) > 0] if len(frame) else frame
    return frame.sort_values(["score", "kind", "outlet"], ascending=[False, True, True], kind="mergesort") \
        .reset_index(drop=True)


def find_differences(cmp, n: int = 3) -> pd.DataFrame:
    """The ``n`` most telling differences: the best-scored candidates, at most one per kind
    and preferring different outlets, each with quoted evidence (article id and span)."""
    candidates = candidate_differences(cmp)
    chosen, kinds, outlets = [], set(), set()
    for pass_ in (0, 1, 2):
        for i, row in candidates.iterrows():
            if len(chosen) >= n:
                break
            if i in {c[0] for c in chosen}:
                continue
            if pass_ == 0 and (row["kind"] in kinds or row["outlet"] in outlets):
                continue
            if pass_ == 1 and row["kind"] in kinds:
                continue
            chosen.append((i, row))
            kinds.add(row["kind"])
            outlets.add(row["outlet"])
    rows = [dict(row) for _, row in sorted(chosen, key=lambda c: -c[1]["score"])]
    frame = pd.DataFrame(rows, columns=["kind", "outlet", "finding", "score", "anecdotal", "evidence"])
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame[DIFFERENCE_COLUMNS]
