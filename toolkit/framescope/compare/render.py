"""Render a Comparison: terminal text, Markdown, JSON-ready dict, flat DataFrames, one long CSV."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd

from framescope.report.tables import frame_records, render_frame


def _fmt_time(value) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def _pct(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.0%}"


def summary_table(cmp) -> pd.DataFrame:
    """Per outlet: articles, words, lag, primary frame, tone, main voice, distinctive words, omissions."""
    from framescope.compare.event import frame_name

    rows = []
    om = cmp.omission.omissions
    terms = cmp.distinctive.terms
    for outlet in cmp.outlets:
        cov = cmp.coverage.loc[outlet]
        primary = cmp.framing.loc[outlet, "primary_frame"] if outlet in cmp.framing.index else None
        share = cmp.framing.loc[outlet, "primary_share"] if outlet in cmp.framing.index else float("nan")
        tone = cmp.tone.loc[outlet, "mean_compound"] if outlet in cmp.tone.index and "mean_compound" in cmp.tone \
            else float("nan")
        v = cmp.voices[cmp.voices["outlet"] == outlet] if len(cmp.voices) else cmp.voices
        main_voice = f"{v.iloc[0]['speaker']} ({v.iloc[0]['share']:.0%})" if len(v) else ""
        t = terms[(terms["group"] == outlet) & (~terms["pairwise"]) & (terms["z"] > 0)] if len(terms) else terms
        words = ", ".join(t.sort_values("z", ascending=False)["term"].head(3))
        mine = om[om["outlet"] == outlet] if len(om) else om
        rows.append({
            "outlet": outlet, "articles": int(cov["articles"]), "reprints": int(cov["reprints"]),
            "words": int(cov["words"]), "lag_h": cov["lag_hours"],
            "primary_frame": frame_name(primary) + (f" ({share:.0%})" if share == share and primary else ""),
            "tone": round(float(tone), 3) if tone == tone else np.nan,
            "quotes": int((cmp.quotes["outlet"] == outlet).sum()) if len(cmp.quotes) else 0,
            "main_voice": main_voice, "distinctive_words": words,
            "only_it_carries": int(((mine["status"] == "only_carries") & (mine["kind"] == "claim")).sum())
            if len(mine) else 0,
            "only_it_omits": int(((mine["status"] == "only_omits") & (mine["kind"] == "claim")).sum())
            if len(mine) else 0,
            "anecdotal": bool(cmp.anecdotal.get(outlet, True)),
        })
    return pd.DataFrame(rows)


def _header(cmp) -> list[str]:
    e = cmp.event
    title = f"Event {e['id']}" if e.get("id") else "Articles"
    label = e.get("label")
    span = f"{_fmt_time(e.get('first'))} – {_fmt_time(e.get('last'))}"
    lines = [f"{title}: {label}" if label else title,
             f"{len(cmp.outlets)} outlets, {e.get('n_articles')} articles, {span}"]
    if cmp.is_anecdotal:
        lines.append(f"ANECDOTAL: fewer than 3 articles per outlet ({', '.join(f'{o}: {n}' for o, n in cmp.sample_sizes.items())});"
                     " these are differences between articles, not proof of an outlet's habits.")
    return lines


def _evidence_line(e: dict, width: int = 220) -> str:
    text = e["text"] if len(e["text"]) <= width else e["text"][:width - 1] + "…"
    return f"“{text}” — {e['outlet']}, article {e['article_id']} [{e['field']} {e['start']}:{e['end']}]"


def to_text(cmp, *, n_differences: int = 3) -> str:
    """Compact table, the most telling differences with quoted evidence, and notes."""
    lines = _header(cmp) + [""]
    table = summary_table(cmp)
    compact = table.drop(columns=["reprints", "words", "only_it_carries"])
    lines.append(render_frame(compact, "table", max_width=36))
    lines += ["", f"The {min(n_differences, len(cmp.differences)) or 'no'} most telling differences"
              + (" (anecdotal: few articles per outlet)" if cmp.is_anecdotal else "") + ":"]
    for row in cmp.differences.head(n_differences).itertuples():
        lines.append(f"{row.rank}. {row.finding}")
        for e in row.evidence[:2]:
            lines.append(f"   {_evidence_line(e)}")
    if cmp.differences.empty:
        lines.append("   (none found with evidence)")
    lines += ["", "Separability: " + cmp.separability.summary()]
    notes = [w for w in cmp.warnings if not w.startswith("anecdotal")]
    if notes:
        lines += ["", "Notes:"] + [f"- {w}" for w in notes]
    return "\n".join(lines)


def _records(frame: pd.DataFrame, index: bool = True) -> list[dict]:
    if frame is None:
        return []
    if index and frame.index.name is not None:
        frame = frame.reset_index()
    return frame_records(frame)


def _with_sizes(cmp, frame: pd.DataFrame, key: str = "outlet") -> pd.DataFrame:
    """Add n_articles and anecdotal columns to a table keyed by outlet."""
    if frame is None:
        return pd.DataFrame()
    out = frame.reset_index() if frame.index.name == key else frame.copy()
    if key in out.columns:
        if "n_articles" not in out.columns:
            out["n_articles"] = out[key].map(cmp.sample_sizes).astype("Int64")
        out["anecdotal"] = out[key].map(cmp.anecdotal).astype("boolean")
    return out


def to_dict(cmp) -> dict:
    """Everything as JSON-ready dicts and lists (sample sizes and anecdotal flags included)."""
    e = dict(cmp.event)
    e["first"], e["last"] = _fmt_iso(e.get("first")), _fmt_iso(e.get("last"))
    s = cmp.separability
    return {
        "event": e,
        "sample_sizes": {k: int(v) for k, v in cmp.sample_sizes.items()},
        "anecdotal": bool(cmp.is_anecdotal),
        "anecdotal_outlets": [o for o, flag in cmp.anecdotal.items() if flag],
        "warnings": list(cmp.warnings),
        "summary": frame_records(summary_table(cmp)),
        "differences": frame_records(cmp.differences),
        "coverage": _records(_with_sizes(cmp, cmp.coverage)),
        "framing": _records(_with_sizes(cmp, cmp.framing)),
        "article_frames": _records(cmp.article_frames, index=False),
        "tone": _records(_with_sizes(cmp, cmp.tone)),
        "entity_tone": _records(_with_sizes(cmp, cmp.entity_tone), index=False),
        "sourcing": {
            "quotes": _records(cmp.quotes, index=False),
            "voices": _records(_with_sizes(cmp, cmp.voices), index=False),
            "sides": _records(_with_sizes(cmp, cmp.sides), index=False),
            "verb_stances": _records(_with_sizes(cmp, cmp.verb_stances)),
            "anonymous": _records(_with_sizes(cmp, cmp.anonymous), index=False),
        },
        "labels": _records(_with_sizes(cmp, cmp.labels), index=False),
        "persuasion": _records(_with_sizes(cmp, cmp.persuasion)),
        "distinctive_terms": {
            "prior": cmp.distinctive.prior, "alpha0": cmp.distinctive.alpha0,
            "warnings": cmp.distinctive.warnings,
            "sizes": _records(cmp.distinctive.sizes),
            "terms": _records(cmp.distinctive.terms, index=False),
        },
        "coverage_omission": {
            "threshold": cmp.omission.threshold,
            "claims": _records(cmp.omission.claims, index=False),
            "omissions": _records(_with_sizes(cmp, cmp.omission.omissions), index=False),
            "aligned_pairs": _records(cmp.omission.pairs, index=False),
        },
        "similarity": _matrix(cmp.similarity),
        "claim_overlap": _matrix(cmp.claim_overlap),
        "separability": s.to_dict(),
    }


def _fmt_iso(value):
    return None if value is None or pd.isna(value) else pd.Timestamp(value).isoformat()


def _matrix(frame: pd.DataFrame) -> dict:
    return {str(r): {str(c): round(float(v), 4) for c, v in row.items()} for r, row in frame.iterrows()}


def _flat_differences(cmp) -> pd.DataFrame:
    rows = []
    for d in cmp.differences.itertuples():
        for k, e in enumerate(d.evidence or [{}]):
            rows.append({"rank": d.rank, "kind": d.kind, "outlet": d.outlet, "finding": d.finding, "score": d.score,
                         "anecdotal": d.anecdotal, "evidence_no": k + 1, "evidence_outlet": e.get("outlet"),
                         "article_id": e.get("article_id"), "field": e.get("field"), "start": e.get("start"),
                         "end": e.get("end"), "evidence_text": e.get("text")})
    return pd.DataFrame(rows, columns=["rank", "kind", "outlet", "finding", "score", "anecdotal", "evidence_no",
                                       "evidence_outlet", "article_id", "field", "start", "end", "evidence_text"])


def to_frames(cmp) -> dict[str, pd.DataFrame]:
    """Every table flat (one CSV each); outlet tables carry ``n_articles`` and ``anecdotal``."""
    claims = cmp.omission.claims.copy()
    if len(claims):
        claims["evidence"] = claims["evidence"].map(
            lambda ev: "; ".join(f"{e['outlet']}:{e['article_id']}[{e['start']}:{e['end']}]" for e in ev))
    s = cmp.separability
    sep = pd.DataFrame([{"status": s.status, "scope": s.scope, "accuracy": s.accuracy, "baseline": s.baseline,
                         "folds": s.folds, "n_articles": sum(s.n_articles.values()), "summary": s.summary()}])
    article_frames = cmp.article_frames.merge(
        cmp.articles[["id", "title", "published"]].rename(columns={"id": "article_id"}), on="article_id", how="left")
    frames = {
        "summary": summary_table(cmp),
        "differences": _flat_differences(cmp),
        "coverage": _with_sizes(cmp, cmp.coverage),
        "framing": _with_sizes(cmp, cmp.framing),
        "article_frames": article_frames,
        "tone": _with_sizes(cmp, cmp.tone),
        "entity_tone": _with_sizes(cmp, cmp.entity_tone),
        "quotes": _with_sizes(cmp, cmp.quotes),
        "voices": _with_sizes(cmp, cmp.voices),
        "sides": _with_sizes(cmp, cmp.sides),
        "verb_stances": _with_sizes(cmp, cmp.verb_stances),
        "anonymous": _with_sizes(cmp, cmp.anonymous),
        "labels": _with_sizes(cmp, cmp.labels),
        "persuasion": _with_sizes(cmp, cmp.persuasion),
        "distinctive_terms": cmp.distinctive.terms.rename(columns={"group": "outlet"}),
        "claims": claims,
        "omissions": _with_sizes(cmp, cmp.omission.omissions),
        "aligned_sentences": cmp.omission.pairs,
        "similarity": cmp.similarity.rename_axis("outlet").reset_index(),
        "claim_overlap": cmp.claim_overlap.rename_axis("outlet").reset_index(),
        "separability": sep,
        "separability_features": s.features,
        "warnings": pd.DataFrame({"warning": cmp.warnings}),
    }
    return frames


def to_long_csv(cmp) -> str:
    """One long CSV of the per-outlet numbers: ``table, outlet, item, value, n_articles, anecdotal``."""
    rows = []

    def add(table: str, frame: pd.DataFrame, item_cols=()):
        if frame is None or frame.empty:
            return
        f = frame.reset_index() if frame.index.name == "outlet" else frame
        for rec in frame_records(f):
            outlet = rec.pop("outlet", None)
            prefix = ":".join(str(rec.pop(c)) for c in item_cols if c in rec)
            for key, value in rec.items():
                if key in ("n_articles", "anecdotal") or isinstance(value, (list, dict)):
                    continue
                rows.append({"table": table, "outlet": outlet,
                             "item": f"{prefix}:{key}" if prefix else key, "value": value})

    add("coverage", cmp.coverage)
    add("framing", cmp.framing)
    add("tone", cmp.tone)
    add("entity_tone", cmp.entity_tone, ("entity",))
    add("voices", cmp.voices[["outlet", "speaker", "share"]] if len(cmp.voices) else cmp.voices, ("speaker",))
    add("sides", cmp.sides[["outlet", "side", "share"]] if len(cmp.sides) else cmp.sides, ("side",))
    add("verb_stances", cmp.verb_stances)
    add("anonymous", cmp.anonymous)
    add("persuasion", cmp.persuasion)
    t = cmp.distinctive.terms
    if len(t):
        top = t[(~t["pairwise"]) & (t["z"] > 0)].sort_values("z", ascending=False).groupby("group").head(10)
        add("distinctive_terms", top[["group", "term", "z"]].rename(columns={"group": "outlet"}), ("term",))
    om = cmp.omission.omissions
    if len(om):
        counts = om.groupby(["outlet", "status", "kind"]).size().rename("value").reset_index()
        for r in counts.itertuples():
            rows.append({"table": "omissions", "outlet": r.outlet, "item": f"{r.status}:{r.kind}", "value": r.value})
    for a in cmp.similarity.index:
        for b in cmp.similarity.columns:
            rows.append({"table": "similarity", "outlet": a, "item": b, "value": round(float(cmp.similarity.loc[a, b]), 4)})
    for d in cmp.differences.itertuples():
        rows.append({"table": "differences", "outlet": d.outlet, "item": f"{d.rank}:{d.kind}", "value": d.finding})
    frame = pd.DataFrame(rows, columns=["table", "outlet", "item", "value"])
    frame["n_articles"] = frame["outlet"].map(cmp.sample_sizes).astype("Int64")
    frame["anecdotal"] = frame["outlet"].map(cmp.anecdotal).astype("boolean")
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue()


def to_markdown(cmp) -> str:
    """A Markdown report: header, summary table, differences with evidence, then every table."""
    from framescope.compare.event import frame_name

    head = _header(cmp)
    lines = [f"# {head[0]}", "", head[1], ""]
    if cmp.is_anecdotal:
        lines += [f"> **Anecdotal.** {head[2][len('ANECDOTAL: '):]}", ""]
    lines += ["## Summary", "", render_frame(summary_table(cmp), "markdown", max_width=80), "",
              "## The most telling differences", ""]
    for d in cmp.differences.itertuples():
        lines.append(f"{d.rank}. **{d.finding}**" + (" *(anecdotal)*" if d.anecdotal else ""))
        for ev in d.evidence:
            lines.append(f"   > “{ev['text']}” — {ev['outlet']}, article `{ev['article_id']}` "
                         f"[{ev['field']} {ev['start']}:{ev['end']}]")
        lines.append("")
    if cmp.differences.empty:
        lines += ["(none found with evidence)", ""]

    def section(title, frame, note=None, index=True):
        lines.extend([f"## {title}", ""])
        if note:
            lines.extend([note, ""])
        if frame is None or frame.empty:
            lines.extend(["(nothing found)", ""])
            return
        f = _with_sizes(cmp, frame) if index else frame
        f = f.copy()
        for column in f.columns:
            if pd.api.types.is_float_dtype(f[column]):
                f[column] = f[column].round(3)
        lines.extend([render_frame(f, "markdown", max_width=80), ""])

    section("Coverage", cmp.coverage, "Reprints of wire copy (`duplicate_of`) are not counted in `words`; "
            "`lag_hours` is the delay behind the first report.")
    framing = cmp.framing.copy()
    if "primary_frame" in framing:
        framing["primary_frame"] = framing["primary_frame"].map(frame_name)
    section("Framing profile", framing, "Share of sentences per issue frame (Policy Frames Codebook) and "
            "generic-frame scores (Semetko & Valkenburg), averaged over each outlet's articles.")
    section("Tone", cmp.tone, "VADER sentence compound (-1..1) and hedge/booster/subjectivity rates.")
    if len(cmp.entity_tone):
        pivot = cmp.entity_tone.pivot_table(index="outlet", columns="entity", values="mean_compound")
        section("Tone toward key entities", pivot, "Mean compound of the sentences naming each entity.")
    section("Who speaks: share of quoted words per speaker", cmp.voices, index=True)
    section("Share of quoted words per side", cmp.sides)
    section("Attribution verbs by stance", cmp.verb_stances)
    section("Anonymous sources", cmp.anonymous)
    section("What each outlet calls the key entities", cmp.labels)
    section("Persuasion cues", cmp.persuasion, "Cues of SemEval-2020 Task 11 techniques found by lexical "
            "patterns: cues for a reader to check, not verdicts.")
    t = cmp.distinctive.terms
    if len(t):
        top = t[(~t["pairwise"]) & (t["z"] > 0)].sort_values(["group", "z"], ascending=[True, False]) \
            .groupby("group").head(8)[["group", "reference", "term", "count", "count_reference", "z", "snippet"]]
        section("Distinctive terms", top.rename(columns={"group": "outlet"}),
                f"Log-odds ratio with an informative Dirichlet prior ({cmp.distinctive.prior} prior, "
                f"α0 = {cmp.distinctive.alpha0:.0f}; Monroe, Colaresi & Quinn 2008); z > 1.96 is "
                f"conventionally notable.", index=True)
    om = cmp.omission.omissions
    if len(om):
        shown = om[om["status"].isin(["only_omits", "only_carries"]) & (om["kind"] != "name")]
        section("Coverage and omission", shown[["outlet", "status", "kind", "item", "carried_by", "article_id",
                                                "start", "end", "text"]],
                f"Sentences aligned across outlets (stemmed TF-IDF cosine >= {cmp.omission.threshold}); "
                f"`only_omits`: every other outlet carries it; `only_carries`: no other outlet does. "
                f"The evidence span is where it is stated.")
    section("Similarity of coverage (text cosine)", cmp.similarity.rename_axis("outlet"))
    lines += ["## Separability", "", cmp.separability.summary(), ""]
    if cmp.separability.ok and len(cmp.separability.features):
        feats = cmp.separability.features.groupby("outlet").head(5)
        lines += [render_frame(feats, "markdown"), ""]
    if cmp.warnings:
        lines += ["## Notes", ""] + [f"- {w}" for w in cmp.warnings] + [""]
    return "\n".join(lines)
