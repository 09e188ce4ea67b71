"""Readers for JSON (one article, a list, or a wrapper object) and JSON Lines, streamed."""

from __future__ import annotations

import json
from typing import Iterator, Mapping

from framescope.article import Article
from framescope.ingest.base import MAX_DOCUMENT_BYTES, Rejection, human_size
from framescope.ingest.records import detect_preset, record_to_article, resolve_fields
from framescope.ingest.sources import LineTooLong, Source

_WRAPPER_KEYS = ("articles", "items", "data", "results", "records", "stories", "docs", "documents", "entries",
                 "response")
_CHUNK = 1 << 16


class _Records:
    """Converts records to Articles, resolving fields once per distinct key set."""

    def __init__(self, source, *, outlet, mapping, preset):
        self.source, self.outlet, self.mapping, self.preset = source, outlet, mapping, preset
        self._cache: dict = {}

    def convert(self, record, *, line=None, number=None):
        if record.__class__ is not dict and not isinstance(record, Mapping):
            return Rejection(self.source, f"expected a JSON object, got {type(record).__name__}", line=line,
                             record=number)
        keys = tuple(record)
        plan = self._cache.get(keys)
        if plan is None:
            preset = self.preset or detect_preset(keys)
            plan = (resolve_fields(keys, self.mapping, preset), preset)
            if len(self._cache) < 256:
                self._cache[keys] = plan
        fields, preset = plan
        return record_to_article(record, source=self.source, fields=fields, outlet=self.outlet, preset=preset,
                                 line=line, number=number)


def read_jsonl(src: Source, *, outlet=None, mapping=None, preset=None, limit: int = MAX_DOCUMENT_BYTES,
               **_) -> Iterator[Article | Rejection]:
    """One Article per line of a JSON Lines file, streamed (blank lines skipped; a line longer
    than ``limit`` is rejected without being read into memory)."""
    records = _Records(src.name, outlet=outlet, mapping=mapping, preset=preset)
    for number, line in enumerate(src.bounded_lines(limit), 1):
        if isinstance(line, LineTooLong):
            yield Rejection(src.name, f"{line}; skipped", line=number)
            continue
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            why = "truncated JSON" if "Unterminated" in str(exc) or "Expecting" in str(exc) else "invalid JSON"
            yield Rejection(src.name, f"{why}: {exc}", line=number)
            continue
        item = records.convert(record, line=number)
        if "\ufffd" in line and isinstance(item, Article):
            item.meta.setdefault("ingest_notes", []).append(f"undecodable bytes replaced (not valid {src.encoding})")
        yield item


def _position(text: str, pos: int, base_line: int) -> int:
    return base_line + text.count("\n", 0, pos)


def read_json(src: Source, *, outlet=None, mapping=None, preset=None, limit: int = MAX_DOCUMENT_BYTES,
              **_) -> Iterator[Article | Rejection]:
    """Articles from a JSON file: one object, a list of objects (streamed), a wrapper object with a
    list under "articles"/"items"/"data"/..., or several concatenated objects."""
    records = _Records(src.name, outlet=outlet, mapping=mapping, preset=preset)
    first = src.head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")[:1]
    if first == "[":
        yield from _stream_array(src, records, limit)
        return
    data = src.read_all(limit)
    if data is None:
        from framescope.ingest.raw import too_large

        yield too_large(src, limit, "JSON (not a list)")
        return
    text = src.decode(data).lstrip("\ufeff")
    decoder = json.JSONDecoder()
    pos, number = 0, 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            break
        try:
            value, end = decoder.raw_decode(text, pos)
        except ValueError as exc:
            why = "truncated JSON" if getattr(exc, "pos", 0) >= len(text.rstrip()) - 1 or "Unterminated" in str(exc) \
                else "invalid JSON"
            yield Rejection(src.name, f"{why}: {exc}", line=_position(text, getattr(exc, "pos", pos), 1))
            return
        number += 1
        line = _position(text, pos, 1)
        if isinstance(value, Mapping) and number == 1 and end >= len(text.rstrip()):
            wrapped = _wrapped_list(value)
            if wrapped is not None:
                for i, item in enumerate(wrapped, 1):
                    yield records.convert(item, number=i)
                return
        if isinstance(value, list):
            for i, item in enumerate(value, 1):
                yield records.convert(item, number=i)
        else:
            yield records.convert(value, line=line if number > 1 else None, number=number if number > 1 else None)
        pos = end


def _wrapped_list(value: Mapping):
    for key in _WRAPPER_KEYS:
        inner = value.get(key)
        if isinstance(inner, Mapping):
            inner = _wrapped_list(inner)
        if isinstance(inner, list) and inner and all(isinstance(i, Mapping) for i in inner[:5]):
            return inner
    return None


def _stream_array(src: Source, records: _Records, limit: int):
    """Parse a top-level JSON array element by element with bounded memory."""
    stream = src.text_lines()
    decoder = json.JSONDecoder()
    buf = stream.read(_CHUNK).lstrip("\ufeff \t\r\n")
    if not buf.startswith("["):
        yield Rejection(src.name, "invalid JSON: expected a list")
        return
    pos, number, eof = 1, 0, False
    line, counted = 1, 0  # line number at buffer offset ``counted``

    def line_at(offset):
        nonlocal line, counted
        line += buf.count("\n", counted, offset)
        counted = offset
        return line

    while True:
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos < len(buf) or eof:
                break
            more = stream.read(_CHUNK)
            eof = not more
            buf += more
        if pos >= len(buf):
            yield Rejection(src.name, "truncated JSON: the list is never closed (missing ']')",
                            line=line_at(len(buf)), record=number + 1)
            return
        if buf[pos] == "]":
            return
        try:
            value, end = decoder.raw_decode(buf, pos)
        except ValueError as exc:
            if eof:
                yield Rejection(src.name, f"truncated JSON: {exc}", line=line_at(pos), record=number + 1)
                return
            if len(buf) - pos > limit:
                yield Rejection(src.name, f"JSON list element larger than {human_size(limit)}; stopped here",
                                line=line_at(pos), record=number + 1)
                return
            more = stream.read(_CHUNK)
            eof = not more
            buf += more
            continue
        number += 1
        yield records.convert(value, line=line_at(pos), number=number)
        pos = end
        if pos > _CHUNK:
            line_at(pos)
            buf, pos, counted = buf[pos:], 0, 0
