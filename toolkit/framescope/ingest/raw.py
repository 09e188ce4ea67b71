"""Reader for raw page text: what a scraper leaves when it saves a page's visible text."""

from __future__ import annotations

from typing import Iterator

from framescope.article import Article
from framescope.ingest.base import MAX_DOCUMENT_BYTES, Rejection, human_size
from framescope.ingest.clutter import LineStats, clean_page_text
from framescope.ingest.sources import Source


def read_text_page(src: Source, *, outlet: str | None = None, stats: LineStats | None = None,
                   limit: int = MAX_DOCUMENT_BYTES, **_) -> Iterator[Article | Rejection]:
    """One Article from a raw page-text file (title, date, outlet and body recovered, clutter removed)."""
    data = src.read_all(limit)
    if data is None:
        yield too_large(src, limit, "page text")
        return
    text = src.decode(data)
    page = clean_page_text(text, outlet=outlet, stats=stats)
    if not page.text.strip():
        yield Rejection(src.name, f"no article text left after removing page clutter "
                                  f"({len(page.removed_lines)} clutter lines)")
        return
    meta = {"removed_lines": len(page.removed_lines)}
    notes = src.notes + page.notes
    if notes:
        meta["ingest_notes"] = notes
    yield Article(outlet=page.outlet, title=page.title, text=page.text, published=page.published, url=page.url,
                  authors=page.authors, source=src.name, meta=meta)


def too_large(src: Source, limit: int, what: str) -> Rejection:
    size = human_size(src.size) if src.size is not None else "more than the limit"
    return Rejection(src.name, f"{what} file too large to read as one document ({size}; limit "
                               f"{human_size(limit)}, set FRAMESCOPE_MAX_DOCUMENT_MB to raise it); "
                               f"split it, or use JSONL/CSV, which are streamed")
