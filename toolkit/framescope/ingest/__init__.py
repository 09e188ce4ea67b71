"""Read news articles from files of every kind (page text, HTML, JSON/JSONL, CSV/TSV, feeds) into Articles.

The public API:

- :func:`read_path` / :func:`read_paths` yield :class:`~framescope.article.Article` or
  :class:`Rejection` records, lazily, never raising for a bad input file;
- :func:`ingest` stores them in a corpus database in batches and returns an
  :class:`IngestReport` (added ids, duplicates, rejections, notes);
- :func:`clean_page_text` splits scraped page text into title, date, outlet and body;
  :func:`is_clutter_line` / :func:`clutter_reason` are its line classifier;
- :func:`parse_date` parses news date formats; :func:`parse_mapping` parses ``--map``;
- :data:`FORMATS` names the input formats.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "FORMATS": "base", "MAX_DOCUMENT_BYTES": "base", "Note": "base", "Rejection": "base", "check_format": "base",
    "CleanedPage": "clutter", "LineContext": "clutter", "LineStats": "clutter", "clean_page_text": "clutter",
    "clutter_reason": "clutter", "is_clutter_line": "clutter", "looks_like_prose": "clutter",
    "parse_date": "dates", "Duplicate": "pipeline", "IngestReport": "pipeline", "ingest": "pipeline",
    "read_path": "pipeline", "read_paths": "pipeline", "TARGETS": "records", "parse_mapping": "records",
}
"""Public names -> the submodule defining them (imported on first use, so the CLI starts fast)."""

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"framescope.ingest.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'framescope.ingest' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
