"""The comparison's charts as matplotlib Figures (notebooks) and as inline SVG (the HTML report).

Every function takes a :class:`~framescope.compare.Comparison` and returns a
``matplotlib.figure.Figure`` built with the Agg backend (nothing is shown or written).
``names`` maps outlet names to the names to display (the worksheet uses "Outlet A").
When a comparison has no data for a chart (e.g. no quotes), the figure says so.
"""

from __future__ import annotations

import io
import re
from contextlib import contextmanager

import numpy as np
import pandas as pd

INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"
ACCENT = "#1f5f8b"
POSITIVE = "#2a6f97"
NEGATIVE = "#b4443c"
GREYS = {"other": "#c9ced6", "unknown": "#9aa5b1", "unattributed": "#9aa5b1", "anonymous": "#6b7785",
         "anonymous source": "#6b7785"}
"""Colours of the voices that are not a side (unknown, anonymous, the rest)."""


def voice_colours(voices) -> dict:
    """``{voice: colour}``: the greys of :data:`GREYS`, then :data:`SERIES` in order."""
    palette = iter(SERIES * 4)
    return {who: GREYS.get(str(who)) or next(palette) for who in voices}


SERIES = ["#1f5f8b", "#d08c2e", "#2b7a78", "#8c5ca8", "#b4443c", "#5b7d2a", "#a0627a", "#6b7785"]

CHARTS = {
    "frame_profile": "Issue-frame profile per outlet",
    "tone_by_outlet": "Tone per outlet",
    "tone_by_entity": "Tone toward each key entity",
    "share_of_voice": "Share of voice",
    "distinctive_terms": "Distinctive terms per outlet",
    "coverage_matrix": "Who carries which facts",
    "similarity_heatmap": "How similar the outlets' coverage is",
}
"""Chart function name -> title, in report order."""


def _mpl():
    # A bare Figure (not pyplot) needs no GUI backend: it renders with Agg/SVG canvases,
    # is never registered with pyplot (no memory build-up, no plt.show) and still
    # displays inline in Jupyter.
    from matplotlib.figure import Figure

    return Figure


@contextmanager
def _style():
    import matplotlib as mpl

    with mpl.rc_context({
        "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
        "font.size": 9, "axes.titlesize": 10, "axes.titleweight": "bold", "axes.titlelocation": "left",
        "axes.labelcolor": MUTED, "axes.edgecolor": GRID, "axes.linewidth": 0.8, "xtick.color": MUTED,
        "ytick.color": INK, "text.color": INK, "axes.spines.top": False, "axes.spines.right": False,
        "xtick.major.size": 0, "ytick.major.size": 0, "figure.dpi": 100, "svg.fonttype": "none",
        "svg.hashsalt": "framescope", "text.usetex": False,
    }):
        yield


def _t(value, width: int | None = None) -> str:
    """A label safe for matplotlib: no mathtext (``$`` escaped), optionally shortened."""
    text = " ".join(str(value).split())
    if width and len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _name(outlet, names) -> str:
    return str(names.get(outlet, outlet)) if names else str(outlet)


def _figure(width: float, height: float):
    Figure = _mpl()
    return Figure(figsize=(width, height), layout="constrained")


def _empty(title: str, message: str):
    with _style():
        fig = _figure(6.4, 1.4)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_title(_t(title))
        ax.text(0.0, 0.45, _t(message), color=MUTED, transform=ax.transAxes, va="center")
    return fig


def _heat(ax, matrix: pd.DataFrame, *, cmap, vmin, vmax, fmt, xlabels, ylabels):
    data = matrix.to_numpy(dtype=float)
    masked = np.ma.masked_invalid(data)
    import matplotlib as mpl

    cmap = (mpl.colormaps[cmap] if isinstance(cmap, str) else cmap).with_extremes(bad="#f5f6f7")
    image = ax.imshow(masked, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(xlabels)), [_t(x, 22) for x in xlabels], rotation=35, ha="right",
                  rotation_mode="anchor")
    ax.set_yticks(range(len(ylabels)), [_t(y, 28) for y in ylabels])
    ax.tick_params(axis="x", colors=INK)
    for spine in ax.spines.values():
        spine.set_visible(False)
    span = (vmax - vmin) or 1.0
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            value = data[i, j]
            if value != value:
                continue
            strength = abs(value - (vmin + vmax) / 2) / (span / 2) if vmin < 0 else (value - vmin) / span
            ax.text(j, i, fmt(value), ha="center", va="center", fontsize=8,
                    color="white" if strength > 0.6 else INK)
    return image


def frame_profile_data(cmp) -> pd.DataFrame:
    """Outlet x issue frame (readable names) share of sentences; frames nobody uses dropped,
    the most used first."""
    from framescope.labels import ISSUE_FRAME_NAMES

    f = cmp.framing
    cols = [c for c in f.columns if str(c).startswith("issue__")] if f is not None else []
    if f is None or f.empty or not cols:
        return pd.DataFrame()
    shares = f[cols].astype(float)
    shares = shares.loc[:, shares.fillna(0).max(axis=0) > 0]
    if shares.empty:
        return shares
    shares = shares[shares.mean(axis=0).sort_values(ascending=False, kind="stable").index]
    shares.columns = [ISSUE_FRAME_NAMES.get(c[len("issue__"):], c[len("issue__"):]) for c in shares.columns]
    return shares


def frame_profile(cmp, names: dict | None = None):
    """Heat map: share of each outlet's sentences in each issue frame (frames nobody uses dropped).

    Examples
    --------
    >>> fig = frame_profile(cmp)  # doctest: +SKIP
    """
    title = CHARTS["frame_profile"]
    shares = frame_profile_data(cmp)
    if shares.empty:
        return _empty(title, "No sentence matched an issue frame.")
    frames = list(shares.columns)
    with _style():
        fig = _figure(max(5.5, 0.55 * len(frames) + 2.5), 0.42 * len(shares) + 1.9)
        ax = fig.add_subplot()
        _heat(ax, shares, cmap="Blues", vmin=0, vmax=max(0.6, float(np.nanmax(shares.to_numpy()))),
              fmt=lambda v: f"{v:.0%}" if v >= 0.005 else "·", xlabels=frames,
              ylabels=[_name(o, names) for o in shares.index])
        ax.set_title(_t(title) + " (share of sentences)")
    return fig


def tone_outlet_data(cmp) -> pd.DataFrame:
    """Per outlet (most negative first): mean sentence tone and the headline's tone."""
    t = cmp.tone
    if t is None or t.empty or "mean_compound" not in t:
        return pd.DataFrame(columns=["mean_compound", "headline_compound"])
    cols = [c for c in ("mean_compound", "headline_compound") if c in t]
    return t[cols].astype(float).sort_values("mean_compound", kind="stable")


def tone_by_outlet(cmp, names: dict | None = None):
    """Bars: mean sentence tone (VADER compound, -1..1) per outlet, with the headline's tone as a dot."""
    title = CHARTS["tone_by_outlet"]
    t = tone_outlet_data(cmp)
    if t.empty:
        return _empty(title, "No tone features were computed.")
    with _style():
        fig = _figure(6.4, 0.38 * len(t) + 1.5)
        ax = fig.add_subplot()
        y = np.arange(len(t))
        values = t["mean_compound"].astype(float).fillna(0).to_numpy()
        ax.barh(y, values, color=[POSITIVE if v >= 0 else NEGATIVE for v in values], height=0.55)
        if "headline_compound" in t:
            ax.scatter(t["headline_compound"].astype(float), y, marker="D", s=22, color=INK, zorder=3,
                       label="headline")
            ax.legend(loc="lower right", frameon=False, fontsize=8)
        ax.axvline(0, color=MUTED, linewidth=0.8)
        ax.set_yticks(y, [_t(_name(o, names), 28) for o in t.index])
        ax.invert_yaxis()  # most negative on top, as in the HTML report
        lim = max(0.25, float(np.nanmax(np.abs(np.r_[values, t.get("headline_compound", pd.Series([0.0]))
                                                       .astype(float).fillna(0).to_numpy()]))) * 1.15)
        ax.set_xlim(-lim, lim)
        ax.set_xlabel("mean sentence tone (negative ← 0 → positive)")
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(_t(title))
    return fig


def entity_tone_data(cmp) -> pd.DataFrame:
    """Key entity x outlet: mean tone of the sentences naming the entity (NaN: not named)."""
    et = cmp.entity_tone
    if et is None or et.empty:
        return pd.DataFrame()
    matrix = et.pivot_table(index="entity", columns="outlet", values="mean_compound", aggfunc="mean", sort=False)
    return matrix.reindex(columns=[o for o in cmp.outlets if o in matrix.columns])


def tone_by_entity(cmp, names: dict | None = None):
    """Heat map: mean tone of the sentences naming each key entity, per outlet."""
    title = CHARTS["tone_by_entity"]
    matrix = entity_tone_data(cmp)
    if matrix.empty:
        return _empty(title, "No key entity is named by two or more outlets.")
    with _style():
        fig = _figure(max(5.5, 0.9 * matrix.shape[1] + 2.6), 0.4 * len(matrix) + 1.9)
        ax = fig.add_subplot()
        image = _heat(ax, matrix, cmap="RdBu", vmin=-0.6, vmax=0.6, fmt=lambda v: f"{v:+.2f}",
                      xlabels=[_name(o, names) for o in matrix.columns], ylabels=list(matrix.index))
        fig.colorbar(image, ax=ax, shrink=0.7, label="mean tone", pad=0.02)
        ax.set_title(_t(title))
    return fig


def _voice_table(cmp) -> tuple[pd.DataFrame, str]:  # long form: outlet, who, share
    sides = cmp.sides
    if sides is not None and len(sides) and set(sides["side"]) - {"unknown"}:
        return sides.rename(columns={"side": "who"}), "side"
    voices = cmp.voices
    if voices is not None and len(voices):
        return voices.rename(columns={"speaker": "who"}), "speaker"
    return pd.DataFrame(columns=["outlet", "who", "share"]), "speaker"


def voice_data(cmp, top: int = 7) -> tuple[pd.DataFrame, str]:
    """Outlet x side (or speaker, when no side is known) share of quoted words, the ``top``
    voices kept and the rest summed as "other"; and which grouping was used."""
    table, by = _voice_table(cmp)
    if table.empty:
        return pd.DataFrame(), by
    totals = table.groupby("who")["share"].sum().sort_values(ascending=False, kind="stable")
    keep = list(totals.index[:top])
    table = table.assign(who=table["who"].where(table["who"].isin(keep), "other"))
    matrix = table.pivot_table(index="outlet", columns="who", values="share", aggfunc="sum", fill_value=0.0)
    matrix = matrix.reindex(index=list(cmp.outlets),
                            columns=[c for c in keep + ["other"] if c in matrix.columns]).fillna(0.0)
    return matrix, by


def share_of_voice(cmp, names: dict | None = None, top: int = 7):
    """Stacked bars: each outlet's quoted words split by side (or by speaker when sides are unknown)."""
    title = CHARTS["share_of_voice"]
    matrix, by = voice_data(cmp, top)
    if matrix.empty:
        return _empty(title, "No quotes were found in these articles.")
    with _style():
        fig = _figure(7.0, 0.42 * len(matrix) + 1.9)
        ax = fig.add_subplot()
        left = np.zeros(len(matrix))
        y = np.arange(len(matrix))
        colours = voice_colours(matrix.columns)
        for who in matrix.columns:
            values = matrix[who].to_numpy(dtype=float)
            color = colours[who]
            ax.barh(y, values, left=left, color=color, height=0.6, label=_t(who, 30), edgecolor="white",
                    linewidth=0.6)
            for yy, (x0, v) in enumerate(zip(left, values)):
                if v >= 0.12:
                    ax.text(x0 + v / 2, yy, f"{v:.0%}", ha="center", va="center", fontsize=7.5,
                            color=INK if color in ("#c9ced6", "#9aa5b1") else "white")
            left += values
        ax.set_yticks(y, [_t(_name(o, names), 28) for o in matrix.index])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(_percent())
        ax.set_xlabel(f"share of quoted words, by {by}")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
        ax.set_title(_t(title))
    return fig


def _percent():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"{v:.0%}")


def distinctive_data(cmp, n: int = 8) -> dict:
    """``{outlet: DataFrame(term, z, count, ...)}``: each outlet's ``n`` most distinctive words
    against all the others (positive z only), strongest first."""
    terms = cmp.distinctive.terms if cmp.distinctive is not None else None
    if terms is None or terms.empty:
        return {}
    rest = terms[~terms["pairwise"].astype(bool) & (terms["z"] > 0)]
    out = {}
    for outlet in cmp.outlets:
        top = rest[rest["group"] == outlet].sort_values("z", ascending=False, kind="stable").head(n)
        if len(top):
            out[outlet] = top.reset_index(drop=True)
    return out


def distinctive_terms(cmp, names: dict | None = None, n: int = 8):
    """Small multiples: each outlet's most distinctive words against the others (log-odds z-scores)."""
    title = CHARTS["distinctive_terms"]
    per = distinctive_data(cmp, n)
    if not per:
        return _empty(title, "No outlet uses any word markedly more than the others.")
    outlets = list(per)
    cols = min(3, len(outlets))
    rows = int(np.ceil(len(outlets) / cols))
    with _style():
        fig = _figure(3.0 * cols + 0.4, 2.3 * rows + 0.5)
        axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
        zmax = max(float(t["z"].max()) for t in per.values()) * 1.1 or 1.0
        for ax, outlet in zip(axes, outlets):
            top = per[outlet][::-1]
            y = np.arange(len(top))
            ax.barh(y, top["z"].astype(float), color=ACCENT, height=0.6)
            ax.set_yticks(y, [_t(w, 18) for w in top["term"]])
            ax.set_xlim(0, zmax)
            ax.set_title(_t(_name(outlet, names), 30), fontsize=9)
            ax.grid(axis="x", color=GRID, linewidth=0.6)
            ax.set_axisbelow(True)
            ax.tick_params(axis="x", labelsize=7)
        for ax in axes[len(outlets):]:
            ax.set_axis_off()
        fig.suptitle(_t(title) + " (z-score of log-odds vs the others)", x=0.01, ha="left", fontsize=10,
                     fontweight="bold")
    return fig


def coverage_rows(cmp, max_claims: int = 24) -> pd.DataFrame:
    """Claims carried by some outlets but not all (the informative rows of the coverage matrix).

    Returns a DataFrame indexed by claim id with the claim's text and one boolean column
    per outlet; the claims most widely carried come first.
    """
    om = cmp.omission
    if om is None or om.matrix is None or om.matrix.empty:
        return pd.DataFrame()
    matrix = om.matrix.reindex(columns=cmp.outlets).fillna(False).astype(bool)
    count = matrix.sum(axis=1)
    n = matrix.shape[1]
    partial = matrix[(count >= 2) & (count < n)] if n > 2 else matrix[count >= 1]
    if partial.empty:
        partial = matrix[count >= 1]
    text = om.claims.set_index("claim")["text"] if "claim" in om.claims else pd.Series(dtype=object)
    order = count[partial.index].sort_values(ascending=False, kind="stable").index[:max_claims]
    out = partial.loc[order].copy()
    out.insert(0, "text", [str(text.get(c, c)) for c in out.index])
    return out


def coverage_matrix(cmp, names: dict | None = None, max_claims: int = 24):
    """Dot matrix: which outlet carries which claim (claims carried by some outlets but not all)."""
    title = CHARTS["coverage_matrix"]
    rows = coverage_rows(cmp, max_claims)
    if rows.empty:
        return _empty(title, "No claim was aligned across the outlets.")
    outlets = [c for c in rows.columns if c != "text"]
    with _style():
        fig = _figure(min(11.0, 4.8 + 0.75 * len(outlets)), 0.3 * len(rows) + 1.7)
        ax = fig.add_subplot()
        for i, (_, row) in enumerate(rows.iterrows()):
            for j, outlet in enumerate(outlets):
                carried = bool(row[outlet])
                ax.scatter(j, i, s=60 if carried else 22, color=ACCENT if carried else "white",
                           edgecolors=ACCENT if carried else "#b8c0c8", linewidths=0.9, zorder=3)
        ax.set_xticks(range(len(outlets)), [_t(_name(o, names), 20) for o in outlets], rotation=35, ha="right",
                      rotation_mode="anchor")
        ax.xaxis.tick_top()
        ax.set_xticklabels([_t(_name(o, names), 20) for o in outlets], rotation=35, ha="left",
                           rotation_mode="anchor")
        ax.set_yticks(range(len(rows)), [_t(t, 62) for t in rows["text"]], fontsize=7.5)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(-0.5, len(outlets) - 0.5)
        ax.grid(color=GRID, linewidth=0.5)
        ax.set_axisbelow(True)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(_t(title) + " (● carries, ○ leaves out)", pad=12)
    return fig


def similarity_heatmap(cmp, names: dict | None = None):
    """Heat map: cosine similarity of the outlets' event text (1 = the same words)."""
    title = CHARTS["similarity_heatmap"]
    s = cmp.similarity
    if s is None or s.empty:
        return _empty(title, "Similarity needs two or more outlets with text.")
    labels = [_name(o, names) for o in s.index]
    with _style():
        fig = _figure(max(4.8, 0.8 * len(s) + 2.4), max(3.2, 0.6 * len(s) + 1.6))
        ax = fig.add_subplot()
        image = _heat(ax, s.astype(float), cmap="Blues", vmin=0, vmax=1, fmt=lambda v: f"{v:.2f}",
                      xlabels=labels, ylabels=labels)
        fig.colorbar(image, ax=ax, shrink=0.7, label="cosine similarity", pad=0.02)
        ax.set_title(_t(title))
    return fig


def all_figures(cmp, names: dict | None = None) -> dict:
    """Every chart of :data:`CHARTS` as ``{name: Figure}``."""
    return {name: globals()[name](cmp, names=names) for name in CHARTS}


_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|xlink:href="#|href="#)([^)"]+)')


def figure_svg(fig, prefix: str, label: str = "") -> str:
    """Serialise a figure as an inline ``<svg>`` element: ids prefixed (unique in the page),
    no XML prologue, scalable to its container, with an accessible label."""
    buffer = io.StringIO()
    with _style():
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    head_end = svg.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", svg[:head_end])
    from framescope.report.highlight import esc

    head += f' class="chart" role="img" aria-label="{esc(label)}" preserveAspectRatio="xMinYMin meet"'
    return head + svg[head_end:]


__all__ = ["CHARTS", "all_figures", "coverage_matrix", "coverage_rows", "distinctive_data", "distinctive_terms",
           "entity_tone_data", "figure_svg", "frame_profile", "frame_profile_data", "share_of_voice",
           "similarity_heatmap", "tone_by_entity", "tone_by_outlet", "tone_outlet_data", "voice_data"]
