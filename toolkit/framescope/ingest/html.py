"""Reader for HTML pages: trafilatura extracts the article, then the clutter pass cleans it."""

from __future__ import annotations

import re
from typing import Iterator

from framescope.article import Article, normalise_outlet
from framescope.ingest.base import MAX_DOCUMENT_BYTES, Rejection
from framescope.ingest.clutter import clean_page_text
from framescope.ingest.dates import parse_date
from framescope.ingest.raw import too_large
from framescope.ingest.sources import Source

_DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
              "publishdate", "publish-date", "publication_date", "dc.date.issued", "dc.date", "dcterms.created",
              "parsely-pub-date", "sailthru.date", "article.published", "cxenseparse:recs:publishtime",
              "originalpublicationdate")


def _published_from_html(tree) -> object:
    """The publication time from meta tags, JSON-LD or the first <time datetime>, with the time of day."""
    metas = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and meta.get("content") and key not in metas:
            metas[key] = meta.get("content")
    for key in _DATE_META:
        if key in metas:
            value = parse_date(metas[key])
            if value is not None:
                return value
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        found = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.text)
        if found:
            value = parse_date(found.group(1))
            if value is not None:
                return value
    for node in tree.iter("time"):
        if node.get("datetime"):
            value = parse_date(node.get("datetime"))
            if value is not None:
                return value
    return None


_DECLARED_CHARSET = re.compile(rb"<meta[^>]+charset|<\?xml[^>]+encoding", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DATE_HINT = re.compile(r"date|time|publish|posted|updated|byline|meta|info", re.I)
_SITE_SUFFIX = re.compile(r"\s+(?:\||–|—|-|::|·|•)\s+([^|–—:·•]{2,60})$")


def _refine_time(tree, value):
    """A date-only value gains its time of day from a visible dateline of the same day."""
    if value is None or (value.hour, value.minute, value.second) != (0, 0, 0):
        return value
    from framescope.ingest.dates import is_date_line

    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "head", "meta"):
            continue
        if not _DATE_HINT.search(f"{node.get('class') or ''} {node.get('id') or ''}") and node.tag != "time":
            continue
        text = " ".join(node.text_content().split())
        if not text or len(text) > 100:
            continue
        found = is_date_line(text)
        if found is not None and found.date() == value.date() and (found.hour, found.minute) != (0, 0):
            return found
    return value


def _site_from_title(tree, title: str | None) -> str | None:
    """The site name from a ``<title>`` like "Headline | Site" when nothing else names the outlet."""
    node = tree.find(".//title")
    full = " ".join((node.text_content() if node is not None else "").split())
    match = _SITE_SUFFIX.search(full)
    if match and (not title or full.startswith(title[:20])):
        return match.group(1).strip()
    return None


def read_html_page(src: Source, *, outlet: str | None = None, limit: int = MAX_DOCUMENT_BYTES,
                   url: str | None = None, **_) -> Iterator[Article | Rejection]:
    """One Article from an HTML page (title, date, outlet, authors, URL, clean body)."""
    data = src.read_all(limit)
    if data is None:
        yield too_large(src, limit, "HTML")
        return
    import trafilatura
    from lxml import html as lxml_html

    document = data
    if not _DECLARED_CHARSET.search(data[:8192]):
        # No declared charset: decode with the detected encoding ourselves (libxml2 would
        # read undeclared bytes as Latin-1, turning UTF-8 "café" into "cafÃ©").
        document = _XML_DECLARATION.sub("", src.decode(data), count=1)
    try:
        tree = lxml_html.fromstring(document)
    except (ValueError, Exception) as exc:  # lxml raises several parser errors
        yield Rejection(src.name, f"cannot parse HTML: {exc}")
        return
    try:
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_recall=True)
    except Exception as exc:  # pragma: no cover - trafilatura internals
        yield Rejection(src.name, f"HTML extraction failed: {exc}")
        return
    found = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    body = (found.get("text") or "").strip()
    if not body:
        yield Rejection(src.name, "no article text found in the HTML (an index page, a login or cookie wall, "
                                  "or content rendered by JavaScript?)")
        return
    published = _refine_time(tree, _published_from_html(tree) or parse_date(found.get("date")))
    page_url = found.get("url") or url
    site = found.get("sitename")
    chosen = outlet or (normalise_outlet(found.get("hostname")) if found.get("hostname") else None) or \
        (normalise_outlet(page_url) if page_url else None) or site
    title = (found.get("title") or "").strip() or None
    if not chosen:
        chosen = _site_from_title(tree, title)
    page = clean_page_text(body, outlet=chosen, title=title, published=published, url=page_url,
                           paragraph_per_line=True)
    if not page.text.strip():
        shown = "; ".join(line for line, _ in page.removed_lines[:3])
        yield Rejection(src.name, f"no article text found in the HTML, only page clutter ({shown[:80]})")
        return
    authors = [a.strip() for a in re.split(r";|,| and ", found.get("author") or "") if a.strip()]
    meta = {k: found[k] for k in ("sitename", "description", "categories", "tags") if found.get(k)}
    meta["removed_lines"] = len(page.removed_lines)
    notes = src.notes + page.notes
    if notes:
        meta["ingest_notes"] = notes
    yield Article(outlet=page.outlet or chosen, title=title or page.title, text=page.text, published=page.published,
                  url=page_url, lang=found.get("language"), authors=authors or page.authors, source=src.name,
                  meta=meta)
