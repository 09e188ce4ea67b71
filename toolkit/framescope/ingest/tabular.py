"""Reader for CSV and TSV exports with a column mapping (and the Media Cloud preset), streamed."""

from __future__ import annotations

import csv
import sys
from typing import Iterator

from framescope.article import Article
from framescope.ingest.base import MAX_DOCUMENT_BYTES, Rejection
from framescope.ingest.records import TARGETS, detect_preset, record_to_article, resolve_fields
from framescope.ingest.sources import LineTooLong, Source


def read_table(src: Source, *, outlet=None, mapping=None, preset=None, delimiter: str | None = None,
               limit: int = MAX_DOCUMENT_BYTES, **_) -> Iterator[Article | Rejection]:
    """One Article per row; the header names the columns; rows are streamed."""
    csv.field_size_limit(min(limit, sys.maxsize))
    too_long: list[LineTooLong] = []

    def physical_lines():
        for line in src.bounded_lines(limit, newline=""):
            if isinstance(line, LineTooLong):
                too_long.append(line)
                return
            yield line

    lines = physical_lines()
    if delimiter is None:
        sample = src.head.decode(src.encoding, errors="ignore")[:20000]
        try:
            delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n", delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield Rejection(src.name, "empty CSV (no header row)")
        return
    except csv.Error as exc:
        yield Rejection(src.name, f"cannot parse CSV header: {exc}", line=1)
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    columns = ", ".join(header) or "(none)"
    mapping = dict(mapping or {})
    missing = [f"{column!r} (mapped to {target})" for target, column in mapping.items() if column not in header]
    if missing:
        yield Rejection(src.name, f"column {' and '.join(missing)} not in the header; columns: {columns}", line=1)
        return
    preset = preset or detect_preset(header)
    fields = resolve_fields(header, mapping, preset)
    if "text" not in fields:
        hint = ("; Media Cloud exports list stories without their text: fetch the pages and ingest the HTML"
                if preset == "mediacloud" else "")
        yield Rejection(src.name, f"no text column; map one with --map text=COLUMN (columns: {columns}){hint}",
                        line=1)
        return
    width = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            if too_long:
                yield Rejection(src.name, f"{too_long[0]}; stopped reading here", line=too_long[0].line)
            return
        except csv.Error as exc:
            yield Rejection(src.name, f"cannot parse CSV row: {exc}", line=reader.line_num)
            continue
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num
        if len(row) != width:
            if len(row) > width and not any(c.strip() for c in row[width:]):
                row = row[:width]
            else:
                yield Rejection(src.name, f"row has {len(row)} cells, the header has {width}", line=line)
                continue
        yield record_to_article(dict(zip(header, row)), source=src.name, fields=fields, outlet=outlet,
                                preset=preset, line=line)


__all__ = ["read_table", "TARGETS"]
