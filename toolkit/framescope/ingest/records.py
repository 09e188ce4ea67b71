"""Turn one JSON object or CSV row into an Article: field aliases, column mapping, presets."""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import unicodedata
from typing import Any, Mapping

from framescope.article import Article, content_id, normalise_outlet
from framescope.errors import InvalidValueError
from framescope.ingest.base import Rejection
from framescope.ingest.dates import parse_date

TARGETS = ("text", "title", "outlet", "published", "url", "authors", "lang", "event", "key", "id")
"""Fields a column mapping (``--map``) can fill."""

ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "maintext", "article", "article_text", "full_text", "fulltext",
             "story", "body_text", "text_content", "content_text", "articlebody"),
    "title": ("title", "headline", "title_page", "title_rss", "heading"),
    "outlet": ("outlet", "source", "source_domain", "publisher", "site", "site_name", "sitename", "domain",
               "media_name", "media", "newspaper", "publication", "source_name", "outlet_name", "hostname"),
    "published": ("published", "date", "date_publish", "publish_date", "published_at", "publishedat",
                  "pubdate", "pub_date", "datetime", "timestamp", "publication_date", "date_published",
                  "datepublished", "created_at", "time", "seendate", "date_modify"),
    "url": ("url", "link", "href", "article_url", "canonical_url", "web_url", "uri"),
    "authors": ("authors", "author", "byline", "creator", "creators", "writers"),
    "lang": ("lang", "language", "locale"),
    "event": ("event", "gold_event"),
    "key": ("key",),
    "id": ("id", "_id", "article_id", "guid", "uuid"),
}
"""Record field names recognised for each Article field (matched case-insensitively)."""

_SUMMARY_FIELDS = ("summary", "description", "abstract", "lead", "snippet")

# Preset field choices: target -> field names in order of preference.
PRESET_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "news-please": {"text": ("maintext", "text"), "outlet": ("source_domain",),
                    "published": ("date_publish", "date_modify", "date_download"),
                    "title": ("title", "title_page", "title_rss"), "lang": ("language",)},
    "allsides": {"text": ("content_original", "content"), "outlet": ("source",), "published": ("date",),
                 "id": ("ID", "id")},
    "basil": {"text": ("body-paragraphs", "body_paragraphs"), "outlet": ("source",), "published": ("date",),
              "event": ("triplet-uuid", "triplet_uuid"), "id": ("uuid",)},
    "mediacloud": {"text": ("text", "story_text"), "outlet": ("media_url", "media_name"),
                   "published": ("publish_date", "indexed_date"), "id": ("stories_id", "id"),
                   "lang": ("language",)},
}

BASIL_OUTLETS = {"fox": "foxnews.com", "nyt": "nytimes.com", "hpo": "huffpost.com"}


@functools.lru_cache(maxsize=4096)
def _cached_outlet(name: str) -> str | None:
    return normalise_outlet(name)


def _id_part(value: str | None) -> str:
    # The same as content_id's normalisation (NFKC, whitespace runs -> one space, stripped):
    # str.split() and the regex \s split on the same 29 characters (checked over all of Unicode
    # in tests/test_ingest.py), and split() is several times faster on article-length text.
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


def article_id(outlet: str | None, title: str | None, text: str | None) -> str:
    """The id :class:`~framescope.article.Article` gives these values (:func:`content_id`), computed faster.

    ``outlet`` is the outlet as given to ``Article`` (it is normalised here the same way).

    Examples
    --------
    >>> a = Article(outlet="https://www.Harbor.example/x", title="Port  strike", text="Dockers walked  out.")
    >>> article_id("https://www.Harbor.example/x", "Port  strike", "Dockers walked  out.") == a.id
    True
    """
    outlet = _cached_outlet(outlet) if isinstance(outlet, str) else normalise_outlet(outlet)
    key = "\x1f".join([_id_part(outlet), _id_part(title), _id_part(text)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def parse_mapping(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """Parse ``"text=content,outlet=source"`` into ``{"text": "content", "outlet": "source"}``.

    Keys are Article fields (see :data:`TARGETS`), values are record field or column names.

    Examples
    --------
    >>> parse_mapping("text=content, outlet=source,published=date")
    {'text': 'content', 'outlet': 'source', 'published': 'date'}
    >>> parse_mapping("body=content")
    Traceback (most recent call last):
    ...
    framescope.errors.InvalidValueError: unknown mapping target 'body'; valid: authors, event, id, key, lang, outlet, published, text, title, url
    """
    if not spec:
        return {}
    if isinstance(spec, Mapping):
        items = list(spec.items())
    else:
        items = []
        for part in str(spec).split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise InvalidValueError(f"bad mapping {part.strip()!r}: expected FIELD=COLUMN, e.g. text=content")
            target, _, column = part.partition("=")
            items.append((target, column))
    mapping = {}
    for target, column in items:
        target, column = str(target).strip().lower(), str(column).strip()
        if target not in TARGETS:
            from framescope.errors import invalid_choice

            raise invalid_choice("mapping target", target, TARGETS)
        if not column:
            raise InvalidValueError(f"mapping for {target!r} names no column")
        mapping[target] = column
    return mapping


def detect_preset(fields) -> str | None:
    """The export preset a record's field names point to, or None.

    Examples
    --------
    >>> detect_preset(["maintext", "source_domain", "date_publish", "title"])
    'news-please'
    >>> detect_preset(["content", "source", "date", "title", "url", "bias"])
    'allsides'
    """
    keys = {str(f).lower() for f in fields}
    if "maintext" in keys or {"source_domain", "date_publish"} <= keys:
        return "news-please"
    if "body-paragraphs" in keys or "body_paragraphs" in keys:
        return "basil"
    if ("content" in keys or "content_original" in keys) and ("bias" in keys or "bias_text" in keys):
        return "allsides"
    if "stories_id" in keys or ({"media_name", "publish_date"} <= keys) or ({"media_url", "indexed_date"} <= keys):
        return "mediacloud"
    return None


def _missing(value) -> bool:
    if value.__class__ is str:  # the common case first (same answer as below)
        return not value.strip()
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    if isinstance(value, (list, dict)) and not value:
        return True
    return False


def resolve_fields(fields, mapping: Mapping[str, str] | None = None, preset: str | None = None) -> dict[str, str]:
    """Which record field feeds each Article field: the mapping, then the preset, then aliases."""
    present = {str(f).lower(): f for f in fields}
    chosen: dict[str, str] = {}
    for target in TARGETS:
        if mapping and target in mapping:
            continue
        candidates = list(PRESET_FIELDS.get(preset, {}).get(target, ())) + list(ALIASES[target])
        for name in candidates:
            if name.lower() in present and present[name.lower()] not in chosen.values():
                chosen[target] = present[name.lower()]
                break
    if mapping:
        chosen.update(mapping)
    return chosen


def _text_value(value) -> str:
    if isinstance(value, list):  # BASIL: paragraphs, each a list of sentences (or a string)
        paragraphs = []
        for item in value:
            if isinstance(item, list):
                paragraphs.append(" ".join(str(s).strip() for s in item if not _missing(s)))
            elif isinstance(item, dict):
                paragraphs.append(str(item.get("text") or item.get("sentence") or ""))
            elif not _missing(item):
                paragraphs.append(str(item))
        return "\n\n".join(p for p in paragraphs if p.strip())
    if isinstance(value, dict):
        return str(value.get("text") or value.get("value") or value.get("body") or "")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _authors_value(value) -> list[str]:
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, dict):
                item = item.get("name") or item.get("full_name") or ""
            if not _missing(item):
                out.append(str(item).strip())
        return out
    if isinstance(value, dict):
        return [str(value.get("name"))] if value.get("name") else []
    text = str(value).strip()
    if text.startswith("["):
        try:
            return _authors_value(json.loads(text))
        except ValueError:
            pass
    text = re.sub(r"^by\s+", "", text, flags=re.I)
    return [a.strip() for a in re.split(r";|,|\band\b|&|\|", text) if a.strip()]


def _outlet_value(value, preset) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("domain") or value.get("id") or value.get("url")
    if _missing(value):
        return None
    text = str(value).strip()
    if preset == "basil":
        return BASIL_OUTLETS.get(text.lower(), text)
    return text


def record_to_article(record: Mapping[str, Any], *, source: str, fields: Mapping[str, str],
                      outlet: str | None = None, preset: str | None = None, line: int | None = None,
                      number: int | None = None) -> Article | Rejection:
    """Build an Article from one record; fields not used go to ``meta``.

    ``fields`` maps Article fields to record fields (see :func:`resolve_fields`). A
    record's gold ``event`` goes to ``meta["gold_event"]``, ``key`` to ``meta["key"]``,
    a foreign ``id`` to ``meta["source_id"]`` (ids are always content hashes).

    Examples
    --------
    >>> rec = {"content": "Dockers walked out.", "source": "Harbor Herald", "date": "2024-03-01", "topic": "labour"}
    >>> a = record_to_article(rec, source="x.json", fields=resolve_fields(rec))
    >>> a.outlet, a.meta
    ('harbor herald', {'topic': 'labour'})
    """
    if record.__class__ is not dict and not isinstance(record, Mapping):
        return Rejection(source, f"expected a JSON object, got {type(record).__name__}", line=line, record=number)
    used = set()
    notes: list[str] = []

    def take(target):
        name = fields.get(target)
        if name is None or name not in record:
            return None
        used.add(name)
        value = record[name]
        return None if _missing(value) else value

    raw_text = take("text")
    text = _text_value(raw_text) if raw_text is not None else ""
    if not text:
        for name in _SUMMARY_FIELDS:
            match = next((k for k in record if str(k).lower() == name and not _missing(record[k])), None)
            if match is not None:
                text = _text_value(record[match])
                used.add(match)
                notes.append(f"no body text; used the {match!r} field")
                break
    if not text:
        wanted = fields.get("text")
        if wanted and wanted not in record:
            why = f"no {wanted!r} field (mapped to text)"
        elif wanted:
            why = f"empty text in field {wanted!r}"
        else:
            names = ", ".join(map(str, list(record)[:12])) or "(none)"
            why = f"no text field (fields: {names}); map one with --map text=FIELD"
        return Rejection(source, why, line=line, record=number)
    title = take("title")
    page_outlet = _outlet_value(take("outlet"), preset)
    url = take("url")
    published_raw = take("published")
    published = None
    if published_raw is not None:
        published = parse_date(published_raw)
        if published is None:
            notes.append(f"unrecognised date {str(published_raw)[:40]!r}")
    else:
        notes.append("no recognisable publication date")
    authors = _authors_value(take("authors")) if fields.get("authors") in record else []
    lang = take("lang")
    meta: dict[str, Any] = {}
    event = take("event")
    key = take("key")
    foreign_id = take("id")
    for name, value in record.items():
        if name in used or _missing(value):
            continue
        if name == "meta" and isinstance(value, Mapping):
            meta.update(value)
        elif name == "meta" and isinstance(value, str) and value.startswith("{"):
            try:
                meta.update(json.loads(value))
            except ValueError:
                meta[name] = value
        elif name in ("duplicate_of", "source") and fields.get("outlet") != name:
            meta[f"record_{name}"] = value
        else:
            meta[str(name)] = value
    if event is not None:
        meta["gold_event"] = event if isinstance(event, (int, str)) else str(event)
    if key is not None:
        meta["key"] = key
    if preset:
        meta.setdefault("preset", preset)
    if preset == "basil" and page_outlet and record.get(fields.get("outlet", "")) in BASIL_OUTLETS:
        meta["source_code"] = record[fields["outlet"]]
    chosen_outlet = outlet or page_outlet or (normalise_outlet(str(url)) if url else None)
    if not chosen_outlet:
        notes.append("no outlet (give one with --outlet or map a column)")
    if notes:
        meta["ingest_notes"] = notes
    title = str(title).strip() if title is not None else None
    try:
        article = Article(outlet=chosen_outlet, title=title, text=text, published=published,
                          url=str(url) if url is not None else None, lang=str(lang) if lang is not None else None,
                          authors=authors, source=source if line is None else f"{source}:{line}", meta=meta,
                          id=article_id(chosen_outlet, title, text))
    except (ValueError, TypeError) as exc:
        return Rejection(source, f"bad record: {exc}", line=line, record=number)
    if foreign_id is not None and str(foreign_id) != article.id:
        article.meta["source_id"] = foreign_id if isinstance(foreign_id, (int, str)) else str(foreign_id)
    return article


__all__ = ["TARGETS", "ALIASES", "PRESET_FIELDS", "parse_mapping", "detect_preset", "resolve_fields",
           "record_to_article", "content_id", "article_id"]
