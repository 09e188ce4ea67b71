"""Render DataFrames and record lists as table, JSON, JSONL, CSV or Markdown text."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any, Sequence

import numpy as np
import pandas as pd

from framescope.errors import invalid_choice

FORMATS = ("table", "json", "jsonl", "csv", "markdown")


def json_default(value: Any):
    """JSON encoder fallback for timestamps, numpy scalars, sets and NaN-like values."""
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return None if pd.isna(value) else value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if value is pd.NaT or value is pd.NA:
        return None
    return str(value)


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value


def frame_records(frame: pd.DataFrame) -> list[dict]:
    """DataFrame rows as JSON-ready dicts (NaN -> None, timestamps -> ISO 8601)."""
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _cell(value, width: int) -> str:
    if isinstance(value, float):
        text = "" if math.isnan(value) else f"{value:.3g}"
    elif isinstance(value, pd.Timestamp):
        text = "" if pd.isna(value) else value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, (list, tuple)):
        text = ", ".join(map(str, value))
    elif value is None or value is pd.NA or value is pd.NaT:
        text = ""
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_frame(frame: pd.DataFrame, fmt: str = "table", *, max_width: int = 60,
                 index: bool = False) -> str:
    """Render a DataFrame as text in one of :data:`FORMATS`.

    Examples
    --------
    >>> df = pd.DataFrame({"outlet": ["a"], "n": [2]})
    >>> print(render_frame(df, "csv").strip())
    outlet,n
    a,2
    >>> print(render_frame(df, "json"))
    [{"outlet": "a", "n": 2}]
    """
    if fmt not in FORMATS:
        raise invalid_choice("format", fmt, FORMATS)
    if index:
        frame = frame.reset_index()
    if fmt == "json":
        return json.dumps(frame_records(frame), ensure_ascii=False, default=json_default)
    if fmt == "jsonl":
        return "\n".join(json.dumps(r, ensure_ascii=False, default=json_default) for r in frame_records(frame))
    if fmt == "csv":
        out = frame.copy()
        for column in out.columns:
            if out[column].map(lambda v: isinstance(v, (list, dict))).any():
                out[column] = out[column].map(lambda v: json.dumps(v, ensure_ascii=False, default=json_default)
                                              if isinstance(v, (list, dict)) else v)
        return out.to_csv(index=False)
    rows = [[_cell(v, max_width) for v in row] for row in frame.itertuples(index=False)]
    headers = [str(c) for c in frame.columns]
    if fmt == "markdown":
        def esc(text):
            return text.replace("|", "\\|")
        lines = ["| " + " | ".join(map(esc, headers)) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def render_records(records: Sequence[dict], fmt: str = "table", **kwargs) -> str:
    """Render a list of dicts (see :func:`render_frame`)."""
    if fmt == "json":
        return json.dumps(list(records), ensure_ascii=False, default=json_default, indent=None)
    return render_frame(pd.DataFrame(list(records)), fmt, **kwargs)
