"""Read paths of any kind into Articles, and ingest them into a corpus store in batches."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from framescope.article import Article
from framescope.ingest.base import MAX_DOCUMENT_BYTES, PRESETS, Note, Rejection, check_format
from framescope.ingest.clutter import LineStats, detect_outlet
from framescope.ingest.records import parse_mapping
from framescope.ingest.sources import Source, expand, open_source, sniff_format


def _reader(fmt: str):
    if fmt == "text":
        from framescope.ingest.raw import read_text_page
        return read_text_page, {}
    if fmt == "html":
        from framescope.ingest.html import read_html_page
        return read_html_page, {}
    if fmt == "json":
        from framescope.ingest.jsonfmt import read_json
        return read_json, {}
    if fmt == "jsonl":
        from framescope.ingest.jsonfmt import read_jsonl
        return read_jsonl, {}
    if fmt in ("csv", "tsv"):
        from framescope.ingest.tabular import read_table
        return read_table, {"delimiter": "\t" if fmt == "tsv" else None}
    if fmt == "feed":
        from framescope.ingest.feeds import read_feed
        return read_feed, {}
    raise AssertionError(fmt)  # pragma: no cover - check_format guards this


def _container(src: Source, fmt: str | None) -> tuple[str, str | None]:
    """(reader format, preset) for a source, honouring an explicit ``fmt``."""
    if fmt in PRESETS:
        base = PRESETS[fmt]
        if base == "json":
            base = sniff_format(src.name, src.head)
            base = base if base in ("json", "jsonl") else "json"
        return base, fmt
    return fmt or sniff_format(src.name, src.head), None


def _read_one(path: str, *, fmt, outlet, mapping, encoding, stats, limit) -> Iterator[Article | Rejection]:
    src = open_source(path, encoding=encoding)
    if isinstance(src, Rejection):
        yield src
        return
    try:
        kind, preset = _container(src, fmt)
        reader, extra = _reader(kind)
        try:
            for item in reader(src, outlet=outlet, mapping=mapping, preset=preset, stats=stats, limit=limit,
                               **extra):
                if isinstance(item, Article) and src.notes:
                    notes = item.meta.setdefault("ingest_notes", [])
                    notes.extend(n for n in src.notes if n not in notes)
                yield item
        except (OSError, MemoryError) as exc:
            yield Rejection(src.name, f"read failed: {exc}")
        except UnicodeError as exc:
            yield Rejection(src.name, f"cannot decode text: {exc}")
    finally:
        src.close()


def read_path(path, *, fmt: str | None = None, outlet: str | None = None, mapping=None,
              encoding: str | None = None, stats: LineStats | None = None,
              max_document_bytes: int | None = None, exclude=()) -> Iterator[Article | Rejection]:
    """Read one path — a file, a directory (recursively), a glob, or ``"-"`` for stdin.

    Yields an :class:`~framescope.article.Article` per article read and a
    :class:`Rejection` (naming the file, and line/record when known) per input that
    could not be read; it never raises for a bad input file. Records are read lazily,
    so JSONL, CSV and JSON lists of any size stream through in bounded memory.

    Parameters
    ----------
    path : file, directory, glob pattern or ``"-"``.
    fmt : one of :data:`FORMATS` (auto-detected from the name and content when None).
    outlet : outlet for every article read (wins over what the input says).
    mapping : column mapping, ``"text=content,outlet=source"`` or a dict.
    encoding : text encoding (detected when None: BOM, UTF-8, else charset-normalizer).
    stats : line repetition counts for raw pages (built automatically by :func:`read_paths`).
    max_document_bytes : size limit of single-document files (page, HTML, feed, JSON object).
    exclude : files to skip (the corpus database being written, so ``ingest .`` works).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.jsonl").write_text('{"text": "Dockers walked out.", "source": "Harbor Herald"}\\n')
    >>> [type(x).__name__ for x in read_path(d)]
    ['Article']
    >>> [str(x) for x in read_path(d / "missing.txt")]  # doctest: +ELLIPSIS
    ['.../missing.txt: no such file or directory']
    """
    fmt = check_format(fmt)
    mapping = parse_mapping(mapping)
    limit = max_document_bytes or MAX_DOCUMENT_BYTES
    exclude = frozenset(os.path.abspath(os.fspath(p)) for p in exclude)
    for item in expand(os.fspath(path), exclude):
        if isinstance(item, Rejection):
            yield item
            continue
        yield from _read_one(item, fmt=fmt, outlet=outlet, mapping=mapping, encoding=encoding, stats=stats,
                             limit=limit)


def _is_raw_page(path: str, fmt: str | None) -> bool:
    if path == "-":
        return False
    if fmt is not None:
        return fmt == "text"
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return sniff_format(path, head) == "text"


def build_line_stats(files: Iterable[str], *, outlet: str | None = None, fmt: str | None = None,
                     limit: int = 4 * 1024 * 1024) -> LineStats | None:
    """First pass over the raw pages of a batch: which short lines repeat across an outlet's pages."""
    stats = LineStats()
    pages = 0
    for path in files:
        if not _is_raw_page(path, fmt):
            continue
        try:
            if os.path.getsize(path) > limit:
                continue
            with open(path, "rb") as handle:
                text = handle.read().decode("utf-8", errors="replace")
        except OSError:
            continue
        stats.add(outlet or detect_outlet(text)[0], text)
        pages += 1
    return stats if pages >= 3 else None


def read_paths(paths, *, fmt: str | None = None, outlet: str | None = None, mapping=None,
               encoding: str | None = None, repeated_lines: bool = True,
               max_document_bytes: int | None = None, exclude=()) -> Iterator[Article | Rejection]:
    """Read several paths (see :func:`read_path`), in order.

    Raw page-text files get a first pass so that lines repeated across many pages of the
    same outlet (menus, teasers no pattern names) are recognised as clutter; set
    ``repeated_lines=False`` to skip it.

    Examples
    --------
    >>> list(read_paths([]))
    []
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    fmt = check_format(fmt)
    mapping = parse_mapping(mapping)
    paths = [os.fspath(p) for p in paths]
    stats = None
    if repeated_lines and (fmt in (None, "text")):
        skip = frozenset(os.path.abspath(os.fspath(p)) for p in exclude)
        files = [f for p in paths for f in expand(p, skip) if isinstance(f, str)]
        raw = [f for f in files if _is_raw_page(f, fmt)]
        if len(raw) >= 3:
            stats = build_line_stats(raw, outlet=outlet, fmt="text")
    for path in paths:
        yield from read_path(path, fmt=fmt, outlet=outlet, mapping=mapping, encoding=encoding, stats=stats,
                             max_document_bytes=max_document_bytes, exclude=exclude)


INGEST_CACHE_KB = 64 * 1024
"""SQLite page cache (KiB) of the store's connection while :func:`ingest` writes to it."""


@dataclass
class Duplicate:
    """An article already in the store (or read twice): its id and where this copy came from."""

    id: str
    source: str | None


@dataclass
class IngestReport:
    """What :func:`ingest` did: ids added, duplicates, rejections (with reasons) and notes."""

    added: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    dry_run: bool = False
    db: str | None = None

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.rejected

    def summary(self, *, max_notes: int = 5) -> str:
        """A few human-readable lines: counts, every rejection, notes grouped by message."""
        verb = "would add" if self.dry_run else "added"
        lines = [f"{verb} {len(self.added)}, duplicates {len(self.duplicates)}, rejected {len(self.rejected)}"
                 + (f" (database {self.db})" if self.db and not self.dry_run else "")]
        for rejection in self.rejected:
            lines.append(f"rejected: {rejection}")
        groups: dict[str, list[Note]] = {}
        for note in self.notes:
            groups.setdefault(note.message.split(" (")[0].split(";")[0], []).append(note)
        for message, notes in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            shown = ", ".join(n.source for n in notes[:max_notes])
            more = f" and {len(notes) - max_notes} more" if len(notes) > max_notes else ""
            lines.append(f"note: {message}: {len(notes)} article{'s' * (len(notes) != 1)} ({shown}{more})")
        return "\n".join(lines)


def article_row(item: Article | Rejection):
    """A Rejection as it is; an Article as (its table row, its ingest notes) — what :func:`ingest` writes."""
    if isinstance(item, Rejection):
        return item
    from framescope.store import article_values

    return article_values(item), tuple(item.meta.get("ingest_notes", ()))


def _existing_ids(db: str | None, ids: list[str]) -> set[str]:
    if not db or db == ":memory:" or not os.path.exists(db):
        return set()
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            found = set()
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                rows = conn.execute(f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk)
                found.update(r[0] for r in rows)
            return found
        finally:
            conn.close()
    except sqlite3.Error:
        return set()


def ingest(paths, store_or_db=None, *, fmt: str | None = None, outlet: str | None = None, mapping=None,
           dry_run: bool = False, progress: bool = False, corpus: str | None = None, encoding: str | None = None,
           batch_size: int = 500, max_document_bytes: int | None = None, n_jobs: int = 1) -> IngestReport:
    """Read ``paths`` and store the articles; report what was added, duplicated and rejected.

    Articles stream from the readers into the store in batches of ``batch_size``, each
    batch its own transaction: memory stays flat whatever the corpus size, an ingest
    killed midway leaves every finished batch stored and the database consistent, and
    running it again adds the rest (stored articles come back as duplicates).

    Parameters
    ----------
    paths : a path or list of paths (files, directories, globs, ``"-"``).
    store_or_db : a :class:`~framescope.store.Store`, a database path, or None for the default.
    fmt, outlet, mapping, encoding : see :func:`read_path`.
    dry_run : read and check everything, write nothing.
    progress : show a tqdm progress bar (on stderr).
    corpus : also ingest a bundled corpus by name (its ``articles.jsonl``).
    n_jobs : processes parsing the inputs (joblib; -1: all cores) while this one writes
        the store; the result is the same as with 1 (see
        :func:`framescope.ingest.parallel.read_paths_parallel`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.jsonl").write_text('{"text": "Dockers walked out.", "outlet": "herald.example"}\\n' * 2)
    >>> report = ingest(d, d / "corpus.db")
    >>> len(report.added), len(report.duplicates), report.ok
    (1, 1, True)
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [os.fspath(p) for p in (paths or [])]
    if corpus:
        from framescope import datasets

        paths.append(os.fspath(datasets.corpus_articles_path(corpus)))
    fmt = check_format(fmt)
    mapping = parse_mapping(mapping)
    report = IngestReport(dry_run=dry_run)

    store = None
    own_store = False
    if not dry_run:
        from framescope.store import Store

        if isinstance(store_or_db, Store):
            store = store_or_db
        else:
            store = Store(store_or_db)
            own_store = True
        report.db = store.path
        # A larger page cache for the bulk writes (the id index and the full-text index
        # are updated at random places): ~10% less CPU at 100k articles. Restored at the end.
        cache_size = store.conn.execute("PRAGMA cache_size").fetchone()[0]
        store.conn.execute(f"PRAGMA cache_size={-INGEST_CACHE_KB}")
    else:
        from framescope.store import Store, default_db_path

        report.db = store_or_db.path if isinstance(store_or_db, Store) else os.fspath(store_or_db or default_db_path())

    exclude = ()
    if report.db and report.db != ":memory:":
        exclude = tuple(report.db + suffix for suffix in ("", "-wal", "-shm", "-journal"))
    if n_jobs != 1:
        from framescope.ingest.parallel import read_paths_parallel

        # workers hand back ready-made table rows: cheaper to pass between processes than Articles
        items = read_paths_parallel(paths, n_jobs=n_jobs, fmt=fmt, outlet=outlet, mapping=mapping,
                                    encoding=encoding, max_document_bytes=max_document_bytes, exclude=exclude,
                                    as_rows=True)
    else:
        items = map(article_row, read_paths(paths, fmt=fmt, outlet=outlet, mapping=mapping, encoding=encoding,
                                            max_document_bytes=max_document_bytes, exclude=exclude))
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit=" articles", desc="ingest", leave=False)
    seen: set[str] = set()

    def flush(batch: list[tuple]):
        # batch: article_values rows (id first, source ninth)
        if not batch:
            return
        if dry_run:
            existing = _existing_ids(report.db, [row[0] for row in batch])
            for row in batch:
                if row[0] in seen or row[0] in existing:
                    report.duplicates.append(Duplicate(row[0], row[8]))
                else:
                    seen.add(row[0])
                    report.added.append(row[0])
            return
        added = set(store.add_rows(batch).added)
        for row in batch:
            if row[0] in added:
                added.discard(row[0])
                report.added.append(row[0])
            else:
                report.duplicates.append(Duplicate(row[0], row[8]))

    try:
        batch: list[tuple] = []
        for item in items:
            if isinstance(item, Rejection):
                report.rejected.append(item)
                continue
            row, notes = item
            for message in notes:
                report.notes.append(Note(row[8] or "?", message, row[0]))
            batch.append(row)
            if bar is not None:
                bar.update(1)
            if len(batch) >= batch_size:
                flush(batch)
                batch = []
        flush(batch)
    finally:
        if bar is not None:
            bar.close()
        if own_store:
            store.close()
        elif store is not None:
            store.conn.execute(f"PRAGMA cache_size={int(cache_size)}")
    return report
