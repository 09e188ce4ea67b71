"""Reader for RSS and Atom feeds (feedparser): one Article per entry."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Iterator

from framescope.article import Article, normalise_outlet
from framescope.ingest.base import MAX_DOCUMENT_BYTES, Rejection
from framescope.ingest.dates import parse_date
from framescope.ingest.sources import Source

_BLOCK = re.compile(r"(?i)</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|section|article|tr|table|figure)\b[^>]*>")


def html_fragment_text(fragment: str) -> str:
    """Plain text of a small HTML fragment, block elements becoming paragraph breaks.

    Examples
    --------
    >>> html_fragment_text("<p>One &amp; two.</p><p>Three.</p>")
    'One & two.\\n\\nThree.'
    """
    if "<" not in fragment:
        import html

        return re.sub(r"[ \t]+", " ", html.unescape(fragment)).strip()
    from lxml import html as lxml_html

    marked = _BLOCK.sub("\n\n", fragment)
    try:
        text = lxml_html.fromstring(f"<div>{marked}</div>").text_content()
    except Exception:  # lxml parser errors on odd fragments
        text = re.sub(r"<[^>]+>", " ", marked)
    paragraphs = [re.sub(r"[ \t\r\f\v]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(" ".join(p.split("\n")) for p in paragraphs if p)


def _when(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime(*parsed[:6], tzinfo=timezone.utc)
    for key in ("published", "updated", "created", "dc_date"):
        if entry.get(key):
            value = parse_date(entry.get(key))
            if value is not None:
                return value
    return None


def read_feed(src: Source, *, outlet=None, limit: int = MAX_DOCUMENT_BYTES, **_) -> Iterator[Article | Rejection]:
    """Articles from an RSS or Atom feed (full content when the feed carries it, else the summary)."""
    data = src.read_all(limit)
    if data is None:
        from framescope.ingest.raw import too_large

        yield too_large(src, limit, "feed")
        return
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        why = f"not a valid RSS/Atom feed ({problem})" if parsed.get("bozo") else "feed has no entries"
        yield Rejection(src.name, why)
        return
    feed = parsed.get("feed", {})
    feed_outlet = normalise_outlet(feed.get("link")) if feed.get("link") else None
    for number, entry in enumerate(entries, 1):
        notes = []
        body = ""
        for content in entry.get("content") or []:
            body = html_fragment_text(content.get("value") or "")
            if body:
                break
        if not body and entry.get("summary"):
            body = html_fragment_text(entry.get("summary"))
            notes.append("feed carries only a summary")
        if not body:
            yield Rejection(src.name, "entry has no content or summary", record=number)
            continue
        published = _when(entry)
        if published is None:
            notes.append("no recognisable publication date")
        link = entry.get("link")
        authors = [a.get("name") for a in entry.get("authors") or [] if a.get("name")] or \
            ([entry.get("author")] if entry.get("author") else [])
        meta = {"feed_title": feed.get("title")} if feed.get("title") else {}
        if entry.get("id"):
            meta["guid"] = entry.get("id")
        tags = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
        if tags:
            meta["tags"] = tags
        if notes:
            meta["ingest_notes"] = notes
        yield Article(outlet=outlet or (normalise_outlet(link) if link else None) or feed_outlet,
                      title=html_fragment_text(entry.get("title") or "") or None, text=body, published=published,
                      url=link, lang=feed.get("language"), authors=authors, source=src.name, meta=meta)
