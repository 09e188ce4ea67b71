"""The report's charts as small hand-written inline SVG (same data and design as :mod:`~framescope.report.plots`).

Drawing SVG directly keeps the HTML report fast to build (no matplotlib round trip),
small, crisp at any zoom and styled by the page's CSS. Every label is escaped; every
mark carries a ``<title>`` so hovering shows the exact value.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from framescope.report import plots
from framescope.report.highlight import esc

FONT = 12
SERIES = plots.SERIES


def _w(text: str, size: float = FONT) -> float:
    """Rough rendered width of ``text`` in a sans-serif font."""
    return 0.62 * size * len(str(text))


def _short(text, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _mix(a: str, b: str, t: float) -> str:
    t = min(1.0, max(0.0, float(t)))
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


def sequential(value: float, vmax: float = 1.0) -> str:
    """Light-to-dark blue for 0..vmax (NaN: a neutral grey)."""
    if value is None or value != value:
        return "#f3f4f6"
    return _mix("#f4f8fb", "#1d4f7a", (value / vmax) ** 0.8 if vmax else 0)


def diverging(value: float, vmax: float = 0.6) -> str:
    """Red (negative) - near white - teal-blue (positive)."""
    if value is None or value != value:
        return "#f3f4f6"
    t = max(-1.0, min(1.0, value / vmax))
    return _mix("#f7f7f5", "#2a6f97", t) if t >= 0 else _mix("#f7f7f5", "#b4443c", -t)


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _svg(width: float, height: float, body: list[str], label: str) -> str:
    return (f'<svg class="chart" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" role="img" '
            f'aria-label="{esc(label)}" xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>")


def _text(x, y, text, *, anchor="start", size=None, cls="", rotate=None, weight=None, fill=None) -> str:
    attrs = [f'x="{x:.1f}"', f'y="{y:.1f}"']
    if anchor != "start":
        attrs.append(f'text-anchor="{anchor}"')
    if size:
        attrs.append(f'font-size="{size}"')
    if cls:
        attrs.append(f'class="{cls}"')
    if weight:
        attrs.append(f'font-weight="{weight}"')
    if fill:
        attrs.append(f'fill="{fill}"')
    if rotate is not None:
        attrs.append(f'transform="rotate({rotate} {x:.1f} {y:.1f})"')
    return f"<text {' '.join(attrs)}>{esc(text)}</text>"


def heatmap(matrix: pd.DataFrame, *, colour, fmt, label: str, row_names=None, col_names=None,
            cell: float = 46, row_h: float = 28, tip=None) -> str:
    """A heat map: rows x columns of coloured cells with their values written in."""
    rows = [row_names.get(r, r) if row_names else r for r in matrix.index]
    cols = [col_names.get(c, c) if col_names else c for c in matrix.columns]
    rows_s = [_short(r, 30) for r in rows]
    cols_s = [_short(c, 24) for c in cols]
    left = max(_w(r) for r in rows_s) + 12
    top = max(_w(c, 11) for c in cols_s) * 0.72 + 14
    width = left + cell * len(cols) + max(10.0, _w(cols_s[-1], 11) * 0.77 - cell / 2 + 6)
    height = top + row_h * len(rows) + 6
    body = []
    for j, c in enumerate(cols_s):
        x = left + cell * j + cell / 2
        body.append(_text(x - 2, top - 8, c, size=11, cls="muted", rotate=-40))
    values = matrix.to_numpy(dtype=float)
    for i, r in enumerate(rows_s):
        y = top + row_h * i
        body.append(_text(left - 8, y + row_h / 2 + 4, r, anchor="end"))
        for j in range(len(cols)):
            v = values[i, j]
            fill = colour(v)
            x = left + cell * j
            title = tip(rows[i], cols[j], v) if tip else f"{rows[i]} · {cols[j]}: {fmt(v) if v == v else 'n/a'}"
            body.append(f'<g><title>{esc(title)}</title><rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell - 2:.1f}" '
                        f'height="{row_h - 2:.1f}" rx="3" fill="{fill}"/>')
            if v == v:
                ink = "#ffffff" if _luminance(fill) < 0.5 else "#1f2933"
                body.append(_text(x + cell / 2, y + row_h / 2 + 4, fmt(v), anchor="middle", size=11, fill=ink))
            body.append("</g>")
    return _svg(width, height, body, label)


def frame_profile(cmp, names=None) -> str | None:
    shares = plots.frame_profile_data(cmp)
    if shares.empty:
        return None
    vmax = max(0.6, float(np.nanmax(shares.to_numpy())))
    return heatmap(shares.T, colour=lambda v: sequential(v, vmax), fmt=lambda v: f"{v:.0%}" if v >= 0.005 else "·",
                   label="Issue-frame share of sentences per outlet", col_names=names, cell=54, row_h=24,
                   tip=lambda r, c, v: f"{c}: {v:.0%} of sentences in the {r} frame")


def tone_by_entity(cmp, names=None) -> str | None:
    matrix = plots.entity_tone_data(cmp)
    if matrix.empty:
        return None
    return heatmap(matrix, colour=diverging, fmt=lambda v: f"{v:+.2f}", label="Tone toward each key entity",
                   col_names=names, cell=56,
                   tip=lambda r, c, v: (f"{c} on {r}: mean tone {v:+.2f}" if v == v else f"{c} does not name {r}"))


def similarity_heatmap(cmp, names=None) -> str | None:
    s = cmp.similarity
    if s is None or s.empty:
        return None
    return heatmap(s.astype(float), colour=lambda v: sequential(v, 1.0), fmt=lambda v: f"{v:.2f}",
                   label="Similarity of the outlets' coverage", row_names=names, col_names=names, cell=52)


def tone_by_outlet(cmp, names=None) -> str | None:
    t = plots.tone_outlet_data(cmp)
    if t.empty:
        return None
    labels = [_short(names.get(o, o) if names else o, 30) for o in t.index]
    left = max(_w(x) for x in labels) + 14
    plot_w, row_h = 360, 26
    values = t["mean_compound"].fillna(0).to_numpy()
    heads = t["headline_compound"].to_numpy() if "headline_compound" in t else np.full(len(t), np.nan)
    lim = max(0.25, float(np.nanmax(np.abs(np.r_[values, np.nan_to_num(heads)]))) * 1.15)
    scale = plot_w / (2 * lim)
    zero = left + plot_w / 2
    top = 22
    height = top + row_h * len(t) + 34
    body = [f'<line x1="{zero:.1f}" y1="{top - 6}" x2="{zero:.1f}" y2="{top + row_h * len(t)}" class="axis"/>']
    for tick in (-lim * 0.8, -lim * 0.4, lim * 0.4, lim * 0.8):
        x = zero + tick * scale
        body.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + row_h * len(t)}" class="grid"/>')
        body.append(_text(x, top + row_h * len(t) + 14, f"{tick:+.2f}", anchor="middle", size=10, cls="muted"))
    body.append(_text(zero, top + row_h * len(t) + 28, "mean sentence tone (VADER compound)", anchor="middle",
                      size=10, cls="muted"))
    body.append(_text(left, 12, "more negative", size=10, cls="muted"))
    body.append(_text(left + plot_w, 12, "more positive", anchor="end", size=10, cls="muted"))
    for i, (label, v, h) in enumerate(zip(labels, values, heads)):
        y = top + row_h * i
        x0, x1 = sorted((zero, zero + v * scale))
        fill = "#2a6f97" if v >= 0 else "#b4443c"
        body.append(_text(left - 8, y + row_h / 2 + 4, label, anchor="end"))
        body.append(f'<g><title>{esc(label)}: mean sentence tone {v:+.3f}</title><rect x="{x0:.1f}" y="{y + 6}" '
                    f'width="{max(x1 - x0, 1):.1f}" height="{row_h - 12}" rx="2" fill="{fill}"/></g>')
        if h == h:
            hx = zero + h * scale
            body.append(f'<g><title>{esc(label)}: headline tone {h:+.3f}</title><path d="M{hx:.1f} {y + 7} '
                        f'l5 6 l-5 6 l-5 -6 z" class="diamond"/></g>')
    legend_y = height - 4
    del legend_y
    return _svg(left + plot_w + 16, height, body, "Tone per outlet; diamonds mark the headline's tone")


def share_of_voice(cmp, names=None) -> str | None:
    matrix, by = plots.voice_data(cmp)
    if matrix.empty:
        return None
    labels = [_short(names.get(o, o) if names else o, 30) for o in matrix.index]
    left = max(_w(x) for x in labels) + 14
    plot_w, row_h, top = 380, 28, 8
    body = []
    colours = plots.voice_colours(matrix.columns)
    for i, (outlet, label) in enumerate(zip(matrix.index, labels)):
        y = top + row_h * i
        body.append(_text(left - 8, y + row_h / 2 + 4, label, anchor="end"))
        x = left
        for who in matrix.columns:
            v = float(matrix.loc[outlet, who])
            if v <= 0:
                continue
            w = v * plot_w
            body.append(f'<g><title>{esc(label)}: {v:.0%} of quoted words to {esc(who)}</title>'
                        f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
                        f'fill="{colours[who]}"/>')
            if w > 34:
                body.append(_text(x + w / 2, y + row_h / 2 + 4, f"{v:.0%}", anchor="middle", size=10,
                                  fill="#ffffff" if _luminance(colours[who]) < 0.5 else "#1f2933"))
            body.append("</g>")
            x += w
    legend_top = top + row_h * len(matrix) + 14
    lx, ly = left, legend_top
    for who, colour in colours.items():
        name = _short(who, 28)
        step = 20 + _w(name, 11) + 14
        if lx + step > left + plot_w + 40:
            lx, ly = left, ly + 18
        body.append(f'<rect x="{lx:.1f}" y="{ly - 9}" width="11" height="11" rx="2" fill="{colour}"/>')
        body.append(_text(lx + 16, ly, name, size=11))
        lx += step
    body.append(_text(left, ly + 20, f"share of each outlet's quoted words, by {by}", size=10, cls="muted"))
    return _svg(left + plot_w + 50, ly + 28, body, f"Share of voice per {by}")


def distinctive_terms(cmp, names=None, n: int = 8) -> list[tuple[str, str]]:
    """One small bar chart per outlet: ``[(outlet display name, svg), ...]``."""
    per = plots.distinctive_data(cmp, n)
    if not per:
        return []
    zmax = max(float(t["z"].max()) for t in per.values()) or 1.0
    out = []
    for outlet, top in per.items():
        display = names.get(outlet, outlet) if names else outlet
        words = [_short(w, 18) for w in top["term"]]
        left = max(_w(w) for w in words) + 10
        plot_w, row_h = 150, 20
        body = []
        for i, (word, z, count) in enumerate(zip(words, top["z"], top.get("count", [None] * len(top)))):
            y = 4 + row_h * i
            w = max(2.0, float(z) / zmax * plot_w)
            body.append(_text(left - 6, y + 14, word, anchor="end"))
            tip = f"“{word}”: z = {float(z):.2f}" + (f", used {int(count)} times" if count is not None else "")
            body.append(f'<g><title>{esc(tip)}</title><rect x="{left:.1f}" y="{y + 4}" width="{w:.1f}" '
                        f'height="{row_h - 7}" rx="2" fill="#1f5f8b"/></g>')
            body.append(_text(left + w + 4, y + 14, f"{float(z):.1f}", size=10, cls="muted"))
        out.append((display, _svg(left + plot_w + 34, 8 + row_h * len(top), body,
                                  f"Distinctive terms of {display}")))
    return out


def breakable(name) -> str:
    """Escaped outlet name with line-break opportunities after dots ("a.<wbr>example")."""
    return "<wbr>".join(esc(part) + ("." if i < n - 1 else "")
                        for parts in [str(name).split(".")] for n in [len(parts)] for i, part in enumerate(parts))


def coverage_table(cmp, names=None, max_claims: int = 24, anchor=None) -> str | None:
    """The coverage matrix as an HTML table: claims (rows) x outlets, ● carries / ○ leaves out."""
    rows = plots.coverage_rows(cmp, max_claims)
    if rows.empty:
        return None
    outlets = [c for c in rows.columns if c != "text"]
    head = "".join(f'<th scope="col"><span>{breakable(names.get(o, o) if names else o)}</span></th>'
                   for o in outlets)
    body = []
    for claim, row in rows.iterrows():
        cells = []
        for o in outlets:
            display = esc(names.get(o, o) if names else o)
            if bool(row[o]):
                cells.append(f'<td class="dot yes" title="{display} carries this">'
                             f'<span aria-label="carries">●</span></td>')
            else:
                cells.append(f'<td class="dot no" title="{display} leaves this out">'
                             f'<span aria-label="leaves out">○</span></td>')
        body.append(f'<tr><th scope="row">{esc(_short(row["text"], 160))}</th>{"".join(cells)}</tr>')
    return (f'<table class="coverage"><thead><tr><th scope="col">claim (first wording found)</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


__all__ = ["coverage_table", "distinctive_terms", "diverging", "frame_profile", "heatmap", "sequential",
           "share_of_voice", "similarity_heatmap", "tone_by_entity", "tone_by_outlet"]
