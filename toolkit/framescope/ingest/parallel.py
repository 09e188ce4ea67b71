"""Parse inputs in joblib worker processes (``ingest --jobs N``), yielding exactly what the serial readers yield."""

from __future__ import annotations

import io
import os
from typing import Iterator

from framescope.article import Article
from framescope.ingest.base import MAX_DOCUMENT_BYTES, Rejection, check_format
from framescope.ingest.records import parse_mapping

SPLIT_BYTES = 8 << 20
"""JSON Lines files larger than this are split into line-aligned pieces parsed in parallel."""
PIECE_BYTES = 1 << 20
BATCH_FILES = 256
BATCH_BYTES = 8 << 20
IN_FLIGHT = 4
"""Work units per worker submitted ahead of the consumer (bounds the parsed data held in memory)."""


def _read_files(files, options, as_rows: bool = False) -> list:
    from framescope.ingest.pipeline import _read_one, article_row

    items = [item for path in files for item in _read_one(path, **options)]
    return [article_row(item) for item in items] if as_rows else items


def _read_piece(path: str, start: int, length: int, first_line: int, encoding: str, notes: list, options,
                as_rows: bool = False) -> list:
    """Records of lines ``first_line``... of a JSON Lines file (bytes ``start`` to ``start + length``)."""
    from framescope.ingest.jsonfmt import read_jsonl
    from framescope.ingest.sources import Source

    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(length)
    src = Source(name=path, head=data[:65536], size=len(data), stream=io.BytesIO(data), encoding=encoding,
                 notes=list(notes))
    offset = first_line - 1
    out = []
    for item in read_jsonl(src, outlet=options["outlet"], mapping=options["mapping"], preset=options["preset"]):
        if isinstance(item, Rejection):
            if item.line is not None:
                item.line += offset
        else:
            if item.source and item.source.startswith(f"{path}:"):
                item.source = f"{path}:{int(item.source[len(path) + 1:]) + offset}"
            if src.notes:
                found = item.meta.setdefault("ingest_notes", [])
                found.extend(n for n in src.notes if n not in found)
        out.append(item)
    if as_rows:
        from framescope.ingest.pipeline import article_row

        return [article_row(item) for item in out]
    return out


def _jsonl_pieces(path: str, size: int) -> list[tuple[int, int, int]]:
    """(start, length, first line number) of line-aligned pieces of about PIECE_BYTES."""
    pieces = []
    start, line = 0, 1
    with open(path, "rb") as handle:
        while start < size:
            handle.seek(min(start + PIECE_BYTES, size))
            if start + PIECE_BYTES < size:
                handle.readline()  # to the end of the current line
            end = min(handle.tell(), size) if start + PIECE_BYTES < size else size
            handle.seek(start)
            lines = handle.read(end - start).count(b"\n")
            pieces.append((start, end - start, line))
            start, line = end, line + lines
    return pieces


def _units(paths, *, fmt, outlet, mapping, encoding, stats, limit, exclude):
    """Work units in input order: ("rejection", r), ("files", [...]), ("piece", args)."""
    from framescope.ingest.pipeline import _container
    from framescope.ingest.sources import expand, open_source

    batch: list[str] = []
    batch_bytes = 0
    for path in paths:
        for item in expand(os.fspath(path), exclude):
            if isinstance(item, Rejection):
                if batch:
                    yield "files", batch
                    batch, batch_bytes = [], 0
                yield "rejection", item
                continue
            size = os.path.getsize(item) if item != "-" and os.path.isfile(item) else 0
            if size > SPLIT_BYTES:
                src = open_source(item, encoding=encoding)
                if not isinstance(src, Rejection):
                    try:
                        kind, preset = _container(src, fmt)
                        enc, notes = src.encoding, list(src.notes)
                    finally:
                        src.close()
                    if kind == "jsonl":
                        if batch:
                            yield "files", batch
                            batch, batch_bytes = [], 0
                        options = {"outlet": outlet, "mapping": mapping, "preset": preset}
                        for start, length, line in _jsonl_pieces(item, size):
                            yield "piece", (item, start, length, line, enc, notes, options)
                        continue
            batch.append(item)
            batch_bytes += size
            if len(batch) >= BATCH_FILES or batch_bytes >= BATCH_BYTES:
                yield "files", batch
                batch, batch_bytes = [], 0
    if batch:
        yield "files", batch


def read_paths_parallel(paths, *, n_jobs: int = -1, fmt: str | None = None, outlet: str | None = None,
                        mapping=None, encoding: str | None = None, repeated_lines: bool = True,
                        max_document_bytes: int | None = None, exclude=(),
                        as_rows: bool = False) -> Iterator[Article | Rejection]:
    """:func:`~framescope.ingest.read_paths` with the parsing done by ``n_jobs`` processes.

    Yields the same items in the same order as the serial reader (tests check this).
    Files are parsed in batches, and large JSON Lines files in line-aligned pieces, by
    joblib workers; at most a few units per worker are in flight, so memory stays
    bounded whatever the corpus size. With ``as_rows`` each Article comes as
    :func:`framescope.ingest.pipeline.article_row` makes it (its table row and notes),
    serialised in the workers.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.jsonl").write_text('{"text": "Dockers walked out.", "source": "Harbor Herald"}\\n')
    >>> [type(x).__name__ for x in read_paths_parallel(d, n_jobs=2)]
    ['Article']
    """
    from framescope.ingest.pipeline import _is_raw_page, build_line_stats
    from framescope.ingest.sources import expand

    if not isinstance(n_jobs, int) or n_jobs == 0:
        from framescope.errors import InvalidValueError

        raise InvalidValueError(f"jobs must be a positive number of processes or -1 (all cores), got {n_jobs!r}")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    fmt = check_format(fmt)
    mapping = parse_mapping(mapping)
    paths = [os.fspath(p) for p in paths]
    if "-" in paths:  # stdin cannot be shared with workers: read serially
        from framescope.ingest.pipeline import article_row, read_paths

        items = read_paths(paths, fmt=fmt, outlet=outlet, mapping=mapping, encoding=encoding,
                           repeated_lines=repeated_lines, max_document_bytes=max_document_bytes, exclude=exclude)
        yield from (map(article_row, items) if as_rows else items)
        return
    skip = frozenset(os.path.abspath(os.fspath(p)) for p in exclude)
    stats = None
    if repeated_lines and (fmt in (None, "text")):
        files = [f for p in paths for f in expand(p, skip) if isinstance(f, str)]
        raw = [f for f in files if _is_raw_page(f, fmt)]
        if len(raw) >= 3:
            stats = build_line_stats(raw, outlet=outlet, fmt="text")
    limit = max_document_bytes or MAX_DOCUMENT_BYTES
    options = {"fmt": fmt, "outlet": outlet, "mapping": mapping, "encoding": encoding, "stats": stats,
               "limit": limit}

    def tasks():
        for kind, unit in _units(paths, fmt=fmt, outlet=outlet, mapping=mapping, encoding=encoding, stats=stats,
                                 limit=limit, exclude=skip):
            if kind == "rejection":
                yield None, unit
            elif kind == "files":
                yield _read_files, (unit, options, as_rows)
            else:
                yield _read_piece, (*unit, as_rows)

    for items in _ordered_map(tasks(), n_jobs):
        yield from items


def _ordered_map(tasks, n_jobs: int) -> Iterator[list]:
    """Run ``(function, args)`` tasks in joblib's (loky) worker pool; results in task order.

    At most ``IN_FLIGHT`` tasks per worker are submitted and not yet consumed, so memory
    stays bounded however far the workers run ahead of the consumer (joblib's
    ``Parallel`` dispatches a new task whenever one finishes, consumed or not).
    A ``(None, item)`` task is no work: its result is ``[item]``. A worker that dies
    raises :class:`~framescope.errors.FramescopeError`; everything consumed before
    stays valid.
    """
    import itertools
    from collections import deque

    from joblib import effective_n_jobs
    from joblib.executor import get_memmapping_executor
    from joblib.externals.loky.process_executor import BrokenProcessPool

    workers = max(1, effective_n_jobs(n_jobs))
    window = IN_FLIGHT * workers
    executor = None
    pending: deque = deque()  # futures, and Rejections standing in their place in the order
    running = 0
    tasks = iter(tasks)
    head: list = []  # with a single unit of work, starting workers costs more than it saves
    for task in tasks:
        head.append(task)
        if sum(t[0] is not None for t in head) > 1:
            break
    else:
        for function, args in head:
            yield [args] if function is None else function(*args)
        return
    tasks = itertools.chain(head, tasks)

    def fill():
        nonlocal executor, running
        while running < window:
            task = next(tasks, None)
            if task is None:
                return
            function, args = task
            if function is None:
                pending.append(args)
                continue
            if executor is None:
                # joblib's own reusable worker pool (the one Parallel(backend="loky") uses):
                # a pool made outside joblib would break a later Parallel call in this process
                executor = get_memmapping_executor(workers)
            pending.append(executor.submit(function, *args))
            running += 1

    try:
        fill()
        while pending:
            first = pending.popleft()
            if isinstance(first, Rejection):
                yield [first]
                continue
            result = first.result()
            running -= 1
            fill()
            yield result
    except BrokenProcessPool as exc:  # from result() or from submit() to the broken pool
        from framescope.errors import FramescopeError

        raise FramescopeError(f"a parsing worker process died ({type(exc).__name__}: killed, or out of "
                              f"memory?); every batch written before is complete - run the same "
                              f"command again to add the rest") from exc
    finally:
        for future in pending:
            if not isinstance(future, Rejection):
                future.cancel()


__all__ = ["read_paths_parallel"]
