"""Shared pieces of the readers: format names, Rejection and Note records, size limits."""

from __future__ import annotations

import os
from dataclasses import dataclass

from framescope.errors import invalid_choice

FORMATS = ("text", "html", "json", "jsonl", "csv", "tsv", "feed",
           "news-please", "allsides", "basil", "mediacloud")
"""Input formats ``--format`` accepts (the last four are presets of json/jsonl and csv)."""

ALIASES = {"raw": "text", "txt": "text", "page": "text", "htm": "html", "xhtml": "html",
           "ndjson": "jsonl", "rss": "feed", "atom": "feed", "xml": "feed", "newsplease": "news-please",
           "abp": "allsides", "article-bias-prediction": "allsides", "media-cloud": "mediacloud"}

PRESETS = {"news-please": "json", "allsides": "json", "basil": "json", "mediacloud": "csv"}
"""Preset -> the container format it comes in (json also covers jsonl)."""

MAX_DOCUMENT_BYTES = int(float(os.environ.get("FRAMESCOPE_MAX_DOCUMENT_MB", "64")) * 1_000_000)
"""Largest single-document file (page text, HTML, feed, JSON object) read into memory.

JSONL, CSV/TSV and JSON arrays are streamed record by record and have no size limit.
``$FRAMESCOPE_MAX_DOCUMENT_MB`` changes it.
"""


def human_size(n: int | float) -> str:
    """Bytes as a short human-readable size.

    Examples
    --------
    >>> human_size(100_000), human_size(64 * 1024 * 1024)
    ('100 kB', '67.1 MB')
    """
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value >= 100 or value == int(value) else f"{value:.1f} {unit}"
    return f"{int(n)} bytes"


def check_format(fmt: str | None) -> str | None:
    """Canonical format name (aliases accepted), or None for auto-detection.

    Examples
    --------
    >>> check_format("RSS"), check_format(None)
    ('feed', None)
    """
    if fmt is None or fmt == "auto":
        return None
    name = str(fmt).strip().lower()
    name = ALIASES.get(name, name)
    if name not in FORMATS:
        raise invalid_choice("input format", fmt, FORMATS + ("auto",))
    return name


@dataclass
class Rejection:
    """An input that could not be ingested, and why (names the file, and line/record if known).

    Examples
    --------
    >>> str(Rejection("feed.jsonl", "invalid JSON", line=3))
    'feed.jsonl, line 3: invalid JSON'
    """

    source: str
    reason: str
    line: int | None = None
    record: int | None = None

    def __str__(self) -> str:
        where = [str(self.source)]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.record is not None:
            where.append(f"record {self.record}")
        return f"{', '.join(where)}: {self.reason}"


@dataclass
class Note:
    """Something worth knowing about an ingested article (kept, but e.g. without a date)."""

    source: str
    message: str
    id: str | None = None

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"
