"""Escape article text and wrap evidence spans in nested, family-coloured ``<mark>`` elements."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def esc(value) -> str:
    """Escape any value for HTML text or a double-quoted attribute (``None``/NaN -> "").

    Examples
    --------
    >>> esc('<a href="x">&')
    '&lt;a href=&quot;x&quot;&gt;&amp;'
    >>> esc(None)
    ''
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover
        pass
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class Span:
    """One evidence span to draw: ``key`` (unique id), offsets, CSS class and tooltip label."""

    key: int
    start: int
    end: int
    css: str
    label: str
    family: str = ""


@dataclass(frozen=True)
class Mask:
    """Characters ``[start, end)`` shown as ``replacement`` (e.g. an outlet's name in a worksheet)."""

    start: int
    end: int
    replacement: str


@dataclass
class Highlighted:
    """Result of :func:`highlight`: the HTML, the keys drawn, and the spans that were invalid."""

    html: str
    drawn: set = field(default_factory=set)
    invalid: list = field(default_factory=list)


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """Ranges covering ``text`` completely, one per paragraph (blank-line separated).

    Each range includes the whitespace that follows its paragraph, so every character
    belongs to exactly one range.

    Examples
    --------
    >>> paragraph_ranges("One.\\n\\nTwo.")
    [(0, 6), (6, 10)]
    """
    if not text:
        return []
    cuts = [m.end() for m in _PARAGRAPH_BREAK.finditer(text) if 0 < m.end() < len(text)]
    starts = [0] + cuts
    ends = cuts + [len(text)]
    return [(a, b) for a, b in zip(starts, ends) if b > a]


def _open_tag(span: Span, depth: int, first: bool, tooltips: bool) -> str:
    attrs = [f'class="ev {span.css} d{min(depth, 3)}"', f'data-ev="{span.key}"', f'data-label="{esc(span.label)}"']
    if tooltips:
        attrs.append(f'title="{esc(span.label)}"')
    if first:
        attrs.append('tabindex="0" data-first="1"')
    return "<mark " + " ".join(attrs) + ">"


def _render_range(text: str, a: int, b: int, spans: Sequence[Span], masks: Sequence[Mask], started: set,
                  tooltips: bool) -> str:
    inside = [s for s in spans if s.start < b and s.end > a]
    local_masks = [m for m in masks if m.start < b and m.end > a]
    bounds = {a, b}
    for s in inside:
        bounds.update((max(s.start, a), min(s.end, b)))
    for m in local_masks:
        bounds.update((max(m.start, a), min(m.end, b)))
    points = sorted(bounds)
    # outermost first: earlier start, then longer, then key
    order = sorted(inside, key=lambda s: (s.start, -s.end, s.key))
    rank = {s.key: i for i, s in enumerate(order)}
    stack: list[Span] = []
    out: list[str] = []
    shown_masks: set[int] = set()
    for lo, hi in zip(points, points[1:]):
        active = [s for s in order if s.start <= lo and s.end >= hi]
        active.sort(key=lambda s: rank[s.key])
        common = 0
        while common < len(stack) and common < len(active) and stack[common].key == active[common].key:
            common += 1
        for _ in range(len(stack) - common):
            out.append("</mark>")
            stack.pop()
        for s in active[common:]:
            out.append(_open_tag(s, len(stack), s.key not in started, tooltips))
            started.add(s.key)
            stack.append(s)
        mask = next((i for i, m in enumerate(local_masks) if m.start <= lo and m.end >= hi), None)
        if mask is None:
            out.append(esc(text[lo:hi]))
        elif mask not in shown_masks:
            shown_masks.add(mask)
            out.append('<span class="redacted">' + esc(local_masks[mask].replacement) + "</span>")
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def highlight(text: str, spans: Iterable[Span], *, masks: Iterable[Mask] = (), paragraphs: bool = True,
              tooltips: bool = True) -> Highlighted:
    """Escape ``text`` and wrap each span in ``<mark>`` elements, nesting overlapping spans.

    Overlapping spans that do not nest are split into pieces that share ``data-ev``
    (the span's key); the first piece is focusable (``tabindex=0``) and marked
    ``data-first``. The text itself is never altered: removing the tags and unescaping
    gives back ``text`` (apart from ``masks``, which replace their characters).
    Paragraphs (blank-line separated) become ``<p>`` elements when ``paragraphs`` is true.

    Parameters
    ----------
    text : the article field the offsets point into.
    spans : :class:`Span` records; spans outside ``text`` or empty are returned in
        ``invalid`` and not drawn.
    masks : character ranges to replace (worksheets hide outlet names with them).
    paragraphs : wrap paragraphs in ``<p>``.
    tooltips : add a ``title`` attribute with the label (off in worksheets, where the
        labels are the answers).

    Examples
    --------
    >>> h = highlight("a <b> c", [Span(0, 0, 5, "f0", "x"), Span(1, 2, 7, "f1", "y")], paragraphs=False)
    >>> import re, html as h2
    >>> h2.unescape(re.sub("<[^>]+>", "", h.html))
    'a <b> c'
    >>> sorted(h.drawn)
    [0, 1]
    """
    text = text or ""
    n = len(text)
    valid, invalid = [], []
    for s in spans:
        if 0 <= s.start < s.end <= n:
            valid.append(s)
        else:
            invalid.append(s)
    masks = [m for m in masks if 0 <= m.start < m.end <= n]
    started: set = set()
    if not paragraphs:
        body = _render_range(text, 0, n, valid, masks, started, tooltips) if n else ""
        return Highlighted(body, started, invalid)
    parts = []
    for a, b in paragraph_ranges(text):
        parts.append("<p>" + _render_range(text, a, b, valid, masks, started, tooltips) + "</p>")
    return Highlighted("\n".join(parts), started, invalid)
