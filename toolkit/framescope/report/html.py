"""Self-contained HTML report of a comparison: differences, charts, highlighted articles, tables, methods.

The page has no external resources and no script: inline CSS, inline SVG charts, and
family toggles built from checkboxes and CSS. A Content-Security-Policy meta tag forbids
scripts and network requests as a second line of defence; every value taken from the
data (article text, titles, outlet names, URLs, labels) is escaped, and URLs are
linked only when they are plain http(s).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from framescope.report import svgcharts
from framescope.report.highlight import Mask, Span, esc, highlight
from framescope.report.style import BASE_CSS, TINTED, family_style

MAX_ARTICLES = 60
"""Articles shown side by side before the report truncates (with a note)."""
MAX_CHARS = 25_000
"""Characters of one article's text shown before it is cut (with a note)."""
MAX_BYTES = 5_000_000
"""The report is rebuilt with fewer articles until it is below this size."""

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; "
       "base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'")

FAMILY_METHODS = {
    "issue_frames": "Each sentence is matched against the project's issue-frame lexicon (15 policy-frame "
                    "dimensions of the Policy Frames Codebook, Boydstun et al.). A frame's share is the share of "
                    "the article's sentences with a cue of that frame; the primary frame is the one that leads "
                    "the headline and first paragraphs, or has the largest share. Highlighted: the cue words.",
    "generic_frames": "Cue patterns for the five generic frames of Semetko & Valkenburg (2000): conflict, human "
                      "interest, economic consequences, morality, responsibility. Each score is the share of the "
                      "frame's indicator questions the article answers 'yes'. Highlighted: the cues that fired.",
    "tone": "Sentence sentiment with the VADER lexicon (Hutto & Gilbert 2014, shipped by vaderSentiment): the "
            "compound score of each sentence, averaged; tone toward an entity averages the sentences that name "
            "it. Hedges, boosters, subjective and modal words come from the project's lexicons (rate per 100 "
            "words). Highlighted: the words that carry the score.",
    "persuasion": "Cue words and patterns for the SemEval-2020 Task 11 propaganda techniques (loaded language, "
                  "name calling, exaggeration, doubt, appeal to fear, flag-waving, ...). These are cues for a "
                  "reader to examine, not verdicts. Highlighted: each cue.",
    "structure": "What leads (headline, first paragraph), passive and agentless constructions, numbers and "
                 "quotes in the lead, length. Highlighted: the constructions found.",
    "sourcing": "Direct and indirect quotes with their speaker, the speaker's side, the attribution verb and its "
                "stance (neutral 'said', endorsing 'noted', doubting 'claimed', conceding 'admitted', alarming "
                "'warned'), and anonymous sources. Share of voice = share of the outlet's quoted words. "
                "Highlighted: the quotes.",
    "labeling": "The expressions each outlet uses to refer to the event's key entities (the naming table). "
                "Highlighted: each referring expression.",
}

COMPARISON_METHODS = [
    ("Most telling differences", "Candidate findings of every kind (omissions, attribution-verb stance, primary "
     "frame, share of voice, naming, tone, persuasion cues, distinctive words) are scored by effect size and "
     "weighted by how much a reader learns from the kind; the top three are shown with quoted evidence."),
    ("Distinctive terms", "Log-odds ratio with an informative Dirichlet prior and its z-score (Monroe, Colaresi "
     "& Quinn 2008), each outlet against all the others; the prior is the event's pooled text (or the corpus). "
     "Words of the outlets' own names are excluded."),
    ("Coverage and omission", "Sentences of all articles are aligned by TF-IDF similarity; a claim is a group "
     "of aligned sentences. A dot means the outlet carries a sentence of that claim. Names, numbers and quoted "
     "voices are compared the same way."),
    ("Similarity", "Cosine similarity of the outlets' TF-IDF vectors of the event text (1 = the same words in "
     "the same proportions)."),
    ("Separability", "Cross-validated accuracy of a linear classifier telling the outlets apart from their text, "
     "against the majority-class baseline; reported only when each outlet has enough articles."),
]


@dataclass
class RenderInfo:
    """What a render showed and left out (also written into the page)."""

    evidence_total: int = 0
    evidence_shown: int = 0
    evidence_invalid: int = 0
    evidence_truncated: int = 0
    articles_total: int = 0
    articles_shown: int = 0
    notes: list = field(default_factory=list)
    by_family: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- small helpers
def safe_url(url) -> str | None:
    """The URL if it is a plain ``http``/``https`` URL with a host, else None (never linked).

    Examples
    --------
    >>> safe_url("https://example.com/a?b=1")
    'https://example.com/a?b=1'
    >>> safe_url("javascript:alert(1)") is None, safe_url(" JaVaScRiPt:alert(1)") is None
    (True, True)
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(ord(ch) < 33 or ch in '<>"\'`\\' for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _num(value, fmt="{:.2f}") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        return fmt.format(float(value))
    return esc(value)


def _when(value) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    except (ValueError, TypeError):
        return esc(value)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value)


def table_html(frame: pd.DataFrame, *, columns: Sequence[str] | None = None, headers: dict | None = None,
               formats: dict | None = None, classes: dict | None = None, index: bool = False,
               max_rows: int = 400) -> str:
    """Escape and render a DataFrame as an HTML table (numbers right-aligned)."""
    if frame is None or frame.empty:
        return '<p class="empty">No rows.</p>'
    frame = frame.reset_index() if index else frame
    columns = [c for c in (columns or list(frame.columns)) if c in frame.columns]
    headers, formats, classes = headers or {}, formats or {}, classes or {}
    head = "".join(f'<th scope="col">{esc(headers.get(c, str(c).replace("_", " ")))}</th>' for c in columns)
    rows = []
    for record in frame.head(max_rows).to_dict(orient="records"):
        cells = []
        for c in columns:
            v = record.get(c)
            fmt = formats.get(c)
            if callable(fmt):
                html = fmt(v)
            elif fmt:
                html = _num(v, fmt)
            elif isinstance(v, (list, tuple)):
                html = esc(", ".join(map(str, v)))
            elif isinstance(v, pd.Timestamp):
                html = _when(v)
            else:
                html = _num(v)
            numeric = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
            cls = classes.get(c, "num" if numeric else "")
            cells.append(f'<td class="{cls}">{html}</td>' if cls else f"<td>{html}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = (f'<p class="trunc">{len(frame) - max_rows:,} more rows not shown (see the CSV/JSON outputs).</p>'
            if len(frame) > max_rows else "")
    return (f'<div class="tablewrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
            f"</table></div>{more}")


def evidence_label(family: str, label: str) -> str:
    """Readable tooltip of an evidence span ("Issue frame: Security & defense")."""
    from framescope.labels import ISSUE_FRAME_NAMES

    label = _text(label)
    if family == "issue_frames":
        return "Issue frame: " + ISSUE_FRAME_NAMES.get(label, label.replace("_", " "))
    if family == "generic_frames":
        head, _, tail = label.partition(".")
        return "Generic frame: " + head.replace("_", " ") + (f" ({tail.replace('_', ' ')})" if tail else "")
    if family == "tone":
        return "Tone: " + label.replace("_", " ") + " word"
    if family == "persuasion":
        return "Persuasion cue: " + label.replace("_", " ")
    if family == "structure":
        return "Structure: " + label.replace("_", " ")
    if family == "sourcing":
        if label in ("neutral", "endorsing", "doubting", "conceding", "alarming"):
            return f"Quote, {label} attribution verb"
        return "Anonymous source" if label == "anonymous" else "Quote: " + label.replace("_", " ")
    if family == "labeling":
        return "Naming: " + {"name": "proper name", "loaded": "loaded expression"}.get(label, label.replace("_", " "))
    return f"{str(family).replace('_', ' ')}: {label.replace('_', ' ')}"


def _families(evidence: pd.DataFrame) -> list[str]:
    from framescope.framing import FAMILIES

    present = list(dict.fromkeys(evidence["family"].astype(str))) if len(evidence) else []
    known = [f for f in FAMILIES if f in present]
    return known + sorted(f for f in present if f not in known)


def _family_css(families: Sequence[str], *, worksheet: bool = False) -> str:
    rules = []
    for i, family in enumerate(families):
        _, ink, tint = family_style(family, i)
        rules.append(f"mark.ev.f{i}{{--c:{ink};--t:{tint}{';--bg:' + tint if family in TINTED else ''}}}"
                     f".chip .sw.f{i}{{background:{tint};border-color:{ink}}}")
        rules.append(f"#tg-{i}:not(:checked) ~ .columns mark.f{i}{{background:transparent;"
                     f"border-bottom-color:transparent}}")
        rules.append(f"#tg-{i}:not(:checked) ~ .legend label[for=tg-{i}]{{opacity:.55;"
                     f"text-decoration:line-through}}")
        rules.append(f"#tg-{i}:focus-visible ~ .legend label[for=tg-{i}]{{outline:2px solid var(--accent);"
                     f"outline-offset:2px}}")
    return "\n".join(rules)


# --------------------------------------------------------------------------- article selection
def _select(articles: pd.DataFrame, outlets: Sequence[str], max_articles: int) -> tuple[pd.DataFrame, int]:
    """Articles to show (balanced across outlets, earliest first) and how many were left out."""
    frame = articles.copy()
    frame["_order"] = frame["published"].rank(method="first").fillna(len(frame) + 1)
    frame = frame.sort_values(["_order"])
    if len(frame) <= max_articles:
        keep = frame
    else:
        per = max(1, max_articles // max(1, len(outlets)))
        keep = frame.groupby("outlet", sort=False).head(per)
        if len(keep) < max_articles:
            rest = frame.drop(index=keep.index)
            keep = pd.concat([keep, rest.head(max_articles - len(keep))])
        keep = keep.sort_values("_order").head(max_articles)
    return keep.drop(columns="_order"), len(frame) - len(keep)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind("\n\n", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


# --------------------------------------------------------------------------- outlet masks (worksheets)
def outlet_patterns(outlets: Sequence[str]) -> list[tuple[str, re.Pattern]]:
    """Regexes that find an outlet's own name in text ("meridianwire.example" -> "Meridian Wire",
    "MeridianWire", "meridianwire.example"). Used to hide outlet names in worksheets."""
    out = []
    for outlet in outlets:
        host = str(outlet).lower()
        host = re.sub(r"^(https?://)?(www\.)?", "", host)
        stem = re.split(r"[./]", host)[0]
        letters = re.sub(r"[^a-z0-9]", "", stem)
        if len(letters) < 3:
            continue
        body = r"[\s\-]?".join(re.escape(ch) for ch in letters)
        pattern = re.compile(rf"(?<![A-Za-z0-9])(?:www\.)?{body}(?:\.[a-z]{{2,}})*(?![A-Za-z0-9])", re.IGNORECASE)
        out.append((outlet, pattern))
        # the short form of a run-together name ("harborledger" -> "the Ledger", "dailyclarion" ->
        # "the Clarion"): a capitalised tail of the name inside a sentence (not at its start,
        # where "Today" or "Wire" would be an ordinary word)
        tails = [letters[i:] for i in range(3, len(letters) - 3) if letters[i:].isalpha()]
        if tails:
            words = "|".join(re.escape(t.capitalize()) for t in sorted(tails, key=len, reverse=True))
            out.append((outlet, re.compile(rf"(?<=[a-z0-9,;:] )(?:{words})(?![A-Za-z0-9])")))
    return out


def _masks(text: str, patterns, names: dict) -> list[Mask]:
    masks = []
    for outlet, pattern in patterns:
        for m in pattern.finditer(text or ""):
            masks.append(Mask(m.start(), m.end(), f"[{names.get(outlet, 'outlet')}]"))
    masks.sort(key=lambda m: (m.start, -m.end))
    kept, last = [], -1
    for m in masks:
        if m.start >= last:
            kept.append(m)
            last = m.end
    return kept


# --------------------------------------------------------------------------- sections
def _article_section(cmp, articles: pd.DataFrame, evidence: pd.DataFrame, families: list[str], info: RenderInfo,
                     *, max_chars: int, names: dict | None, worksheet: bool, anchors: dict) -> str:
    fam_index = {f: i for i, f in enumerate(families)}
    by_article = {k: g for k, g in evidence.groupby(evidence["article_id"].astype(str))} if len(evidence) else {}
    patterns = outlet_patterns(cmp.outlets) if worksheet else []
    frames = {}
    if getattr(cmp, "article_frames", None) is not None and len(cmp.article_frames):
        frames = dict(zip(cmp.article_frames["article_id"].astype(str), cmp.article_frames["primary_frame"]))
    from framescope.compare.event import frame_name

    key = 0
    columns = []
    order = sorted(cmp.outlets, key=lambda o: str(names.get(o, o))) if names else cmp.outlets
    for outlet in order:
        mine = articles[articles["outlet"] == outlet]
        if mine.empty:
            continue
        display = names.get(outlet, outlet) if names else outlet
        cards = []
        for row in mine.itertuples(index=False):
            aid = str(row.id)
            title = _text(row.title)
            full = _text(row.text)
            text = _cut(full, max_chars)
            ev = by_article.get(aid)
            spans = {"title": [], "text": []}
            if ev is not None:
                for r in ev.itertuples(index=False):
                    fieldname = str(r.field) if isinstance(r.field, str) else "text"
                    family = str(r.family)
                    try:
                        start, end = int(r.start), int(r.end)
                    except (TypeError, ValueError):
                        info.evidence_invalid += 1
                        continue
                    if fieldname == "text" and len(text) < len(full) and end > len(text) and start < len(full):
                        info.evidence_truncated += 1
                        continue
                    if fieldname not in spans:
                        info.evidence_invalid += 1
                        continue
                    spans[fieldname].append(Span(key, start, end, f"f{fam_index.get(family, 0)}",
                                                 evidence_label(family, r.label), family))
                    key += 1
            mask_title = _masks(title, patterns, names or {}) if worksheet else []
            mask_text = _masks(text, patterns, names or {}) if worksheet else []
            h_title = highlight(title, spans["title"], masks=mask_title, paragraphs=False, tooltips=not worksheet)
            h_text = highlight(text, spans["text"], masks=mask_text, paragraphs=True, tooltips=not worksheet)
            for h in (h_title, h_text):
                info.evidence_shown += len(h.drawn)
                info.evidence_invalid += len(h.invalid)
            for s in spans["title"] + spans["text"]:
                if s.key in h_title.drawn or s.key in h_text.drawn:
                    info.by_family[s.family] = info.by_family.get(s.family, 0) + 1
            meta = []
            when = _when(row.published)
            if when:
                meta.append(f"<time>{esc(when)}</time>")
            if not worksheet:
                url = safe_url(row.url)
                if url:
                    meta.append(f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">source</a>')
                elif _text(row.url):
                    meta.append(f'<span title="not linked: not an http(s) URL">{esc(_text(row.url)[:120])}</span>')
                frame = frames.get(aid)
                if isinstance(frame, str) and frame:
                    meta.append(f"primary frame: {esc(frame_name(frame))}")
                dup = _text(getattr(row, "duplicate_of", None))
                if dup:
                    meta.append(f"reprint of {esc(dup)}")
                meta.append(f"id {esc(aid)}")
            words = len(full.split())
            meta.append(f"{words:,} words")
            cut_note = (f'<p class="trunc">Text cut at {len(text):,} of {len(full):,} characters.</p>'
                        if len(text) < len(full) else "")
            cards.append(f'<article class="art" id="{anchors[aid]}"><h4>{h_title.html or "(no title)"}</h4>'
                         f'<p class="info">{" · ".join(meta)}</p><div class="body">{h_text.html}</div>'
                         f"{cut_note}</article>")
        n = len(mine)
        columns.append(f'<div class="outlet-col"><h3>{esc(display)} <span class="n">· {n} '
                       f'article{"s" if n != 1 else ""}</span></h3>{"".join(cards)}</div>')
    inputs, chips = [], []
    for i, family in enumerate(families):
        name, _, _ = family_style(family, i)
        count = info.by_family.get(family, 0)
        inputs.append(f'<input type="checkbox" class="tg" id="tg-{i}" checked '
                      f'aria-label="show {esc(name)} highlights">')
        chips.append(f'<label class="chip" for="tg-{i}" data-family="{esc(family)}">'
                     f'<span class="sw f{i}"></span>{esc(name)} <span class="n">{count:,}</span></label>')
    reveal_input = '<input type="checkbox" class="tg" id="reveal" aria-label="reveal the highlights">' \
        if worksheet else ""
    reveal = ('<label class="reveal" for="reveal">Reveal the highlights</label>' if worksheet else
              '<span class="hint">Highlights (click to hide or show a family; hover or focus a highlight '
              'for its label):</span>')
    return (reveal_input + "".join(inputs) + f'<div class="legend">{reveal}{"".join(chips)}</div>'
            + f'<div class="columns">{"".join(columns)}</div>')


def _differences_section(cmp, anchors: dict) -> str:
    d = cmp.differences
    if d is None or d.empty:
        return '<p class="empty">No difference stood out between these outlets.</p>'
    cards = []
    for row in d.to_dict(orient="records"):
        quotes = []
        for ev in (row.get("evidence") or [])[:3]:
            if not isinstance(ev, dict):
                continue
            aid = str(ev.get("article_id"))
            link = (f' · <a href="#{anchors[aid]}">read the article</a>' if aid in anchors else "")
            where = f'{esc(ev.get("outlet"))}, {esc(ev.get("field", "text"))} {esc(ev.get("start"))}–{esc(ev.get("end"))}'
            quotes.append(f"<blockquote>{esc(ev.get('text'))}<footer>— {where}{link}</footer></blockquote>")
        tag = '<span class="tag">anecdotal</span>' if row.get("anecdotal") else ""
        kind = str(row.get("kind", "")).replace("_", " ")
        cards.append(f'<div class="card diff"><div class="rank">{esc(row.get("rank"))}</div><div>'
                     f'<div class="kind">{esc(kind)}{tag}</div><p class="finding">{esc(row.get("finding"))}</p>'
                     f'{"".join(quotes)}</div></div>')
    return f'<div class="diffs">{"".join(cards)}</div>'


def _figure(fid: str, title: str, body: str | None, caption: str, empty: str) -> str:
    content = body if body else f'<p class="empty">{esc(empty)}</p>'
    return (f'<figure class="card" id="{fid}"><h3>{esc(title)}</h3>{content}'
            f"<figcaption>{caption}</figcaption></figure>")


def _charts_section(cmp, names: dict | None = None) -> str:
    from framescope.report.plots import CHARTS

    figs = [
        _figure("chart-frames", CHARTS["frame_profile"], svgcharts.frame_profile(cmp, names),
                "Share of each outlet's sentences with a cue of each issue frame (a sentence can carry several). "
                "Darker = more. Frames no outlet used are left out.", "No sentence matched an issue frame."),
        _figure("chart-tone", CHARTS["tone_by_outlet"], svgcharts.tone_by_outlet(cmp, names),
                "Bars: mean VADER compound score of the outlet's sentences (−1 very negative, +1 very "
                "positive). Diamonds: the headline's score.", "No tone features were computed."),
        _figure("chart-entity-tone", CHARTS["tone_by_entity"], svgcharts.tone_by_entity(cmp, names),
                "Mean tone of the sentences naming each key entity (entities named by two or more outlets). "
                "Blue = positive, red = negative, grey = not named.",
                "No key entity is named by two or more outlets."),
        _figure("chart-voice", CHARTS["share_of_voice"], svgcharts.share_of_voice(cmp, names),
                "Share of each outlet's quoted words given to each side (or speaker, when sides are unknown).",
                "No quotes were found in these articles (or the sourcing family is not available)."),
        _figure("chart-similarity", CHARTS["similarity_heatmap"], svgcharts.similarity_heatmap(cmp, names),
                "Cosine similarity of the outlets' word use on this event; 1 = identical.",
                "Similarity needs two or more outlets with text."),
    ]
    terms = svgcharts.distinctive_terms(cmp, names)
    if terms:
        panels = "".join(f"<div><h4>{esc(name)}</h4>{svg}</div>" for name, svg in terms)
        body = f'<div class="terms">{panels}</div>'
    else:
        body = None
    figs.append(_figure("chart-terms", "Distinctive terms per outlet", body,
                        "Words each outlet uses more than the others: z-score of the log-odds ratio with an "
                        "informative Dirichlet prior (Monroe, Colaresi & Quinn 2008). |z| &gt; 1.96 is "
                        "conventionally notable; with one article per outlet, read these as clues.",
                        "Too little text for distinctive terms."))
    coverage = svgcharts.coverage_table(cmp, names)
    cov_fig = _figure("chart-coverage", "Who carries which facts",
                      f'<div class="tablewrap">{coverage}</div>' if coverage else None,
                      "Claims (groups of aligned sentences) carried by some outlets but not all; ● carries, "
                      "○ leaves out. The most widely carried first.", "No claim was aligned across the outlets.")
    omitted = _omission_list(cmp, names)
    omit_fig = (f'<figure class="card" id="chart-omissions"><h3>What only one outlet leaves out</h3>{omitted}'
                f"<figcaption>Claims, names, numbers and voices that every other outlet carries.</figcaption></figure>" if omitted else "")
    return (f'<div class="charts">{"".join(figs[:2])}</div><div class="charts" style="margin-top:18px">'
            f'{"".join(figs[2:4])}</div><div style="margin-top:18px">{figs[5]}</div>'
            f'<div class="charts" style="margin-top:18px">{figs[4]}{omit_fig}</div>'
            f'<div style="margin-top:18px">{cov_fig}</div>')


def _omission_list(cmp, names: dict | None = None) -> str:
    om = cmp.omission.omissions if cmp.omission is not None else pd.DataFrame()
    if om is None or om.empty:
        return ""
    items = []
    for outlet in cmp.outlets:
        mine = om[(om["outlet"] == outlet) & (om["status"] == "only_omits")]
        if mine.empty:
            continue
        display = esc(names.get(outlet, outlet) if names else outlet)
        what = "; ".join(f"“{esc(_short(t, 140))}”" for t in mine["text"].head(3))
        more = f" (+{len(mine) - 3} more)" if len(mine) > 3 else ""
        items.append(f"<li><strong>{display}</strong> alone leaves out: {what}{more}</li>")
    if not items:
        return ""
    return f'<ul class="warnings">{"".join(items)}</ul>'


def _short(text, width: int) -> str:
    text = " ".join(_text(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def entity_name(entity) -> str:
    """Readable entity name: ids such as ``kessa-island`` become "Kessa Island"."""
    text = _text(entity)
    return text.replace("-", " ").title() if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text) else text


def naming_columns(labels: pd.DataFrame) -> str | None:
    """The column holding the referring expression (``label`` or ``expression``)."""
    for column in ("label", "expression", "text"):
        if column in labels.columns:
            return column
    return None


def _naming_section(cmp, names: dict | None = None, entities: Sequence[str] | None = None,
                    anchors: dict | None = None) -> str:
    labels = cmp.labels
    if labels is None or labels.empty:
        return ('<p class="empty">No naming table: the labeling family is not available in this installation '
                'or found no referring expressions for the key entities.</p>')
    column = naming_columns(labels)
    if "entity" not in labels.columns or "outlet" not in labels.columns or column is None:
        return table_html(labels)
    frame = labels.copy()
    if "count" not in frame:
        frame["count"] = 1
    if entities is not None:
        frame = frame[frame["entity"].astype(str).isin([str(e) for e in entities])]
    outlets = [o for o in cmp.outlets if o in set(frame["outlet"])]
    if names:
        outlets = sorted(outlets, key=lambda o: str(names.get(o, o)))
    # plain Python: one pass over the rows (a groupby per cell is slow on big events)
    cells: dict = {}
    entities: list = []
    has_loaded, has_unique = "loaded" in frame, "unique_to_outlet" in frame
    for r in frame.to_dict(orient="records"):
        entity = r["entity"]
        if entity not in cells:
            cells[entity] = {}
            entities.append(entity)
        slot = cells[entity].setdefault(r["outlet"], {})
        item = slot.setdefault(_text(r[column]), [0, False, False, None])
        if item[3] is None and anchors and _text(r.get("article_id")) in anchors:
            item[3] = anchors[_text(r.get("article_id"))]
        count = r.get("count")
        item[0] += int(count) if isinstance(count, (int, float, np.integer, np.floating)) and count == count else 1
        item[1] = item[1] or (has_loaded and bool(r.get("loaded")))
        item[2] = item[2] or (has_unique and bool(r.get("unique_to_outlet")))
    rows = []
    for entity in entities:
        tds = []
        for o in outlets:
            found = sorted(cells[entity].get(o, {}).items(), key=lambda kv: -kv[1][0])
            items = []
            for expression, (count, loaded, unique, anchor) in found[:6]:
                flags = (' <span class="tag loaded">loaded</span>' if loaded else "") + \
                        (' <span class="tag only">only here</span>' if unique else "")
                shown = (f'<a href="#{anchor}" class="plain">{esc(expression)}</a>' if anchor
                         else esc(expression))
                items.append(f"{shown} <span class='n'>×{count}</span>{flags}")
            tds.append("<td>" + "<br>".join(items) + "</td>" if items else '<td class="n">—</td>')
        rows.append(f'<tr><th scope="row">{esc(entity_name(entity))}</th>{"".join(tds)}</tr>')
    head = "".join(f'<th scope="col">{esc(names.get(o, o) if names else o)}</th>' for o in outlets)
    return (f'<div class="tablewrap"><table class="naming"><thead><tr><th scope="col">entity</th>{head}</tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table></div>')


def _quote_section(cmp, anchors: dict, names: dict | None = None, max_rows: int = 300) -> str:
    q = cmp.quotes
    if q is None or q.empty:
        return ('<p class="empty">No quotes: none were found, or the sourcing family is not available in this '
                'installation.</p>')
    q = q.copy()
    if names:
        q["outlet"] = q["outlet"].map(lambda o: names.get(o, o))
    ids = q["article_id"].astype(str)

    def quote_cell(v):
        return esc(_short(v, 320))

    q["where"] = [f'<a href="#{anchors[a]}">article</a>' if a in anchors else "" for a in ids]
    cols = [c for c in ["outlet", "speaker", "side", "verb", "stance", "kind", "text", "where"] if c in q.columns]
    def stance_cell(v):
        v = _text(v)
        known = v if v in ("neutral", "endorsing", "doubting", "conceding", "alarming") else "other"
        return f'<span class="stance s-{known}">{esc(v)}</span>'

    return table_html(q, columns=cols, headers={"text": "quote", "where": ""},
                      formats={"text": quote_cell, "where": lambda v: v, "stance": stance_cell},
                      classes={"text": "quote"}, max_rows=max_rows)


def _methods_section(cmp, info: RenderInfo, families: list[str]) -> str:
    parts = []
    sizes = cmp.coverage.copy() if cmp.coverage is not None else pd.DataFrame()
    if not sizes.empty:
        parts.append("<h3>Sample sizes</h3>")
        parts.append(table_html(sizes, index=True, columns=["outlet", "articles", "reprints", "own_articles",
                                                            "words", "first", "last", "lag_hours", "anecdotal"],
                                formats={"lag_hours": "{:.1f}"}))
    notes = list(info.notes) + [str(w) for w in (cmp.warnings or [])]
    if notes:
        parts.append('<h3 style="margin-top:18px">Caveats for this event</h3><ul class="warnings">'
                     + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>")
    sep = cmp.separability
    if sep is not None:
        if getattr(sep, "status", "") == "ok" and sep.accuracy == sep.accuracy:
            parts.append(f"<p>Separability ({esc(sep.scope)}): a classifier tells the outlets apart with "
                         f"{sep.accuracy:.0%} cross-validated accuracy ({sep.folds} folds) against a "
                         f"{sep.baseline:.0%} majority baseline.</p>")
        else:
            parts.append(f"<p>Separability: {esc(getattr(sep, 'status', 'not computed'))}.</p>")
    items = []
    for i, family in enumerate(families):
        name, ink, tint = family_style(family, i)
        text = FAMILY_METHODS.get(family, "Evidence spans reported by this feature family.")
        n = info.by_family.get(family, 0)
        items.append(f'<dt><span class="chip" style="cursor:default"><span class="sw f{i}"></span>{esc(name)}'
                     f'</span> <span class="n">{n:,} highlighted spans</span></dt><dd>{esc(text)}</dd>')
    for name, text in COMPARISON_METHODS:
        items.append(f"<dt>{esc(name)}</dt><dd>{esc(text)}</dd>")
    parts.append('<h3 style="margin-top:18px">How each feature is computed</h3><dl class="methods">'
                 + "".join(items) + "</dl>")
    return "".join(parts)


# --------------------------------------------------------------------------- page
def _page(title: str, body: str, css: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="referrer" content="no-referrer">'
            f"<title>{esc(title)}</title><style>{css}</style></head>\n<body>{body}</body></html>\n")


def _event_title(cmp) -> str:
    e = cmp.event or {}
    label = _text(e.get("label")) or _text(e.get("query")) or _text(e.get("id")) or "selected articles"
    return label


def _anecdotal_note(cmp) -> str:
    if not cmp.is_anecdotal:
        return ""
    thin = ", ".join(f"{o} ({int(n)})" for o, n in cmp.sample_sizes[cmp.anecdotal].items())
    return (f'<p class="note"><strong>Anecdotal.</strong> Fewer than 3 articles for {esc(thin)}: the differences '
            f"below describe these articles, not the outlets' habits.</p>")


def _prepare(cmp, max_articles: int) -> tuple[pd.DataFrame, pd.DataFrame, RenderInfo, dict]:
    info = RenderInfo()
    articles = cmp.articles.copy()
    articles["id"] = articles["id"].astype(str)
    info.articles_total = len(articles)
    shown, dropped = _select(articles, cmp.outlets, max_articles)
    info.articles_shown = len(shown)
    if dropped:
        info.notes.append(f"Large event: {len(shown)} of {len(articles)} articles are shown side by side "
                          f"({dropped} left out, balanced across outlets, earliest first); every chart and table "
                          f"still uses all {len(articles)}.")
    ev = cmp.evidence if cmp.evidence is not None else pd.DataFrame(columns=["article_id"])
    ev = ev.copy()
    if len(ev):
        ev["article_id"] = ev["article_id"].astype(str)
    info.evidence_total = len(ev)
    keep_ids = set(shown["id"])
    in_shown = ev[ev["article_id"].isin(keep_ids)] if len(ev) else ev
    info.evidence_truncated = len(ev) - len(in_shown)
    anchors = {aid: f"a{i + 1}" for i, aid in enumerate(articles["id"]) if aid in keep_ids}
    return shown, in_shown, info, anchors


def _finish_notes(info: RenderInfo, max_chars: int) -> None:
    if info.evidence_truncated:
        info.notes.append(f"{info.evidence_truncated:,} of {info.evidence_total:,} evidence spans are not "
                          f"highlighted because their article (or the part after {max_chars:,} characters) is "
                          f"not shown.")
    if info.evidence_invalid:
        info.notes.append(f"{info.evidence_invalid:,} evidence spans had offsets outside their article and "
                          f"were not drawn.")


def render_html(cmp, *, title: str | None = None, max_articles: int = MAX_ARTICLES, max_chars: int = MAX_CHARS,
                max_bytes: int = MAX_BYTES, generated: str | None = None) -> str:
    """The HTML report of a :class:`~framescope.compare.Comparison` (one self-contained page).

    Parameters
    ----------
    cmp : the comparison (``framescope.compare.compare_event``).
    title : page title (default: from the event).
    max_articles : articles shown side by side; the rest are left out with a note.
    max_chars : characters of each article's text shown.
    max_bytes : if the page is larger, it is rebuilt with fewer articles (note included).
    generated : timestamp text for the footer (default: now, UTC).

    Returns
    -------
    str
        The HTML document. The ``<body>`` carries ``data-evidence-shown`` (spans drawn),
        ``data-evidence-total`` and ``data-articles-shown``.

    Examples
    --------
    >>> html = render_html(cmp)  # doctest: +SKIP
    >>> open("report.html", "w").write(html)  # doctest: +SKIP
    """
    while True:
        page, info = _render_report(cmp, title=title, max_articles=max_articles, max_chars=max_chars,
                                    generated=generated)
        size = len(page.encode("utf-8"))
        if size <= max_bytes or max_articles <= 2:
            return page
        max_articles = max(2, int(max_articles * max_bytes / size * 0.9))
        max_chars = max(2000, int(max_chars * 0.8))


def _render_report(cmp, *, title, max_articles, max_chars, generated) -> tuple[str, RenderInfo]:
    from framescope import __version__

    shown, evidence, info, anchors = _prepare(cmp, max_articles)
    families = _families(evidence)
    articles_html = _article_section(cmp, shown, evidence, families, info, max_chars=max_chars, names=None,
                                     worksheet=False, anchors=anchors)
    _finish_notes(info, max_chars)
    event = cmp.event or {}
    label = _event_title(cmp)
    n_out = len(cmp.outlets)
    title = title or f"How {n_out} outlets covered: {label}"
    span = f"{_when(event.get('first'))} – {_when(event.get('last'))}"
    meta = (f"{esc(event.get('id') or 'query')} · {n_out} outlets · {int(cmp.sample_sizes.sum())} articles · "
            f"{esc(span)}")
    summary = cmp.summary() if hasattr(cmp, "summary") else pd.DataFrame()
    truncation = "".join(f'<p class="note">{esc(n)}</p>' for n in info.notes if n.startswith("Large event"))
    body = f"""
<header class="top"><div class="wrap">
<p class="kicker">framescope comparison report</p>
<h1>{esc(title)}</h1>
<p class="meta">{meta}</p>
<nav class="toc" aria-label="Sections"><a href="#summary">Summary</a><a href="#charts">Charts</a>
<a href="#articles">Articles</a><a href="#naming">Naming</a><a href="#quotes">Quotes</a>
<a href="#methods">Methods &amp; caveats</a></nav>
</div></header>
<main class="wrap" data-evidence-shown="{info.evidence_shown}" data-evidence-total="{info.evidence_total}"
 data-articles-shown="{info.articles_shown}" id="report">
{_anecdotal_note(cmp)}{truncation}
<section id="summary"><h2>The three most telling differences</h2>
<p class="lede">Each finding is followed by the words that support it. Check them against the articles below.</p>
{_differences_section(cmp, anchors)}
<h3 style="margin-top:24px">Outlets at a glance</h3>
{table_html(summary, formats={"lag_h": "{:.1f}", "tone": "{:+.3f}"})}
</section>
<section id="charts"><h2>Charts</h2>
<p class="lede">Hover over a cell or bar for its exact value.</p>
{_charts_section(cmp)}
</section>
<section id="articles"><h2>The articles side by side</h2>
<p class="lede">Every evidence span behind the numbers is highlighted by feature family.
{info.evidence_shown:,} spans in {info.articles_shown} articles.{" One column per outlet: scroll sideways for more."
if n_out > 3 else ""}</p>
{articles_html}
</section>
<section id="naming"><h2>Naming table</h2><p class="lede">How each outlet refers to the event's key entities.</p>
{_naming_section(cmp, anchors=anchors)}</section>
<section id="quotes"><h2>Quotes</h2><p class="lede">Who is quoted, with which verb.</p>
{_quote_section(cmp, anchors)}</section>
<section id="methods"><h2>Methods and caveats</h2>
{_methods_section(cmp, info, families)}
</section>
<footer class="page">Generated by framescope {esc(__version__)} on {esc(generated or _now())}. Automatic
feature extraction makes mistakes: every number links to highlighted words you can check.</footer>
</main>"""
    css = BASE_CSS + _family_css(families)
    return _page(title, body, css), info


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def write_report(cmp, path, *, worksheet: bool = False, **kwargs) -> list[Path]:
    """Write the HTML report (or, with ``worksheet``, the worksheet and ``<name>.answers.html``).

    Returns the paths written.

    Examples
    --------
    >>> write_report(cmp, "e01.html")  # doctest: +SKIP
    [PosixPath('e01.html')]
    """
    path = Path(path)
    if path.parent and not path.parent.exists():
        from framescope.errors import NotFoundError

        raise NotFoundError(f"folder {str(path.parent)!r} does not exist (for {str(path)!r})")
    if worksheet:
        from framescope.report.worksheet import render_worksheet

        sheet, answers = render_worksheet(cmp, **kwargs)
        answers_path = answers_path_for(path)
        path.write_text(sheet, encoding="utf-8")
        answers_path.write_text(answers, encoding="utf-8")
        return [path, answers_path]
    path.write_text(render_html(cmp, **kwargs), encoding="utf-8")
    return [path]


def report_event(store_or_db, event_id: str, out, *, worksheet: bool = False, outlets=None,
                 max_articles: int = MAX_ARTICLES) -> list[Path]:
    """Compare an event and write its HTML report (or worksheet + answer key) to ``out``.

    Returns the paths written. Errors are those of
    :func:`~framescope.compare.compare_event` (unknown event, one outlet, ...).

    Examples
    --------
    >>> report_event("corpus.db", "e01", "e01.html")  # doctest: +SKIP
    [PosixPath('e01.html')]
    """
    from framescope.compare import compare_event

    out = Path(out)
    if out.parent and not out.parent.exists():
        from framescope.errors import NotFoundError

        raise NotFoundError(f"folder {str(out.parent)!r} does not exist (for {str(out)!r})")
    cmp = compare_event(store_or_db, event_id, outlets=outlets)
    return write_report(cmp, out, worksheet=worksheet, max_articles=max_articles)


def answers_path_for(path) -> Path:
    """``sheet.html`` -> ``sheet.answers.html``."""
    path = Path(path)
    suffix = path.suffix or ".html"
    return path.with_name(path.name[: len(path.name) - len(path.suffix)] + ".answers" + suffix)


__all__ = ["CSP", "MAX_ARTICLES", "MAX_BYTES", "MAX_CHARS", "RenderInfo", "answers_path_for", "evidence_label",
           "outlet_patterns", "render_html", "report_event", "safe_url", "table_html", "write_report"]
