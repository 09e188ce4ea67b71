"""The SQLite corpus store: articles, full-text search, and tables other stages add."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pandas as pd

from framescope.article import ARTICLE_FIELDS, Article, to_utc
from framescope.errors import NotFoundError, StoreError

SCHEMA_VERSION = 2
"""Version 2: new rows reach the full-text index from :meth:`Store.add_articles` (one
statement per batch) instead of a per-row insert trigger; version-1 stores are upgraded
on opening (the trigger is dropped; the index they hold stays valid)."""
DEFAULT_DB = "framescope.db"

_CORE_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    outlet TEXT,
    url TEXT,
    title TEXT,
    published TEXT,            -- ISO 8601, UTC when the zone was known
    text TEXT NOT NULL,
    lang TEXT,
    authors TEXT NOT NULL DEFAULT '[]',   -- JSON list
    source TEXT,
    meta TEXT NOT NULL DEFAULT '{}',      -- JSON object
    event TEXT,                -- event id assigned by grouping or by the user
    duplicate_of TEXT,         -- id of the article this one reprints (wire copy)
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_event ON articles(event);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid'
);
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TABLE IF NOT EXISTS components (
    name TEXT PRIMARY KEY,     -- a stage that added its own tables (events, features, ...)
    version INTEGER NOT NULL
);
"""

STORE_COLUMNS = ARTICLE_FIELDS + ("event", "duplicate_of")


def default_db_path() -> Path:
    """``$FRAMESCOPE_DB`` if set, else ``./framescope.db``."""
    return Path(os.environ.get("FRAMESCOPE_DB") or DEFAULT_DB)


@dataclass
class AddResult:
    """What :meth:`Store.add_articles` did: ids added and ids already present."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.isoformat()


_INSERT_SQL = ("INSERT OR IGNORE INTO articles(id, outlet, url, title, published, text, lang, authors, source, meta,"
               " ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
_dump_authors = json.JSONEncoder(ensure_ascii=False).encode
_dump_meta = json.JSONEncoder(ensure_ascii=False, default=str).encode


def article_values(article: Article) -> tuple:
    """The values of an Article's ``articles`` table row, in :data:`ROW_FIELDS` order (see :meth:`Store.add_rows`).

    Examples
    --------
    >>> article_values(Article(outlet="a", title="T", text="x", published="2024-03-01T10:00:00+02:00"))[4]
    '2024-03-01T08:00:00+00:00'
    """
    return (article.id, article.outlet, article.url, article.title, _iso(article.published), article.text,
            article.lang, _dump_authors(article.authors), article.source, _dump_meta(article.meta))


ROW_FIELDS = ("id", "outlet", "url", "title", "published", "text", "lang", "authors", "source", "meta")
"""Order of the values :func:`article_values` gives (``published`` ISO 8601 in UTC when the
zone is known, ``authors`` and ``meta`` as JSON text)."""


class Store:
    """A corpus of articles in one SQLite file.

    Parameters
    ----------
    path : database file (created if missing); ``":memory:"`` for a throw-away store.

    Examples
    --------
    >>> from framescope.article import Article
    >>> with Store(":memory:") as store:
    ...     result = store.add_articles([Article(outlet="a", title="Port strike", text="Dockers walked out.")])
    ...     again = store.add_articles([Article(outlet="a", title="Port strike", text="Dockers walked out.")])
    ...     len(result.added), len(again.duplicates), len(store.search("dockers"))
    (1, 1, 1)
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = str(path if path is not None else default_db_path())
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open corpus database {self.path!r}: {exc}") from exc

    # -- schema -----------------------------------------------------------------
    def _migrate(self):
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path!r} has schema version {version}, newer than this framescope "
                f"understands ({SCHEMA_VERSION}); upgrade framescope")
        # executescript commits on its own, so the transaction is spelled out in the script.
        # Version 1 had an AFTER INSERT trigger feeding the full-text index row by row; FTS5
        # flushes its pending terms at every statement boundary, so a trigger writes one
        # index segment per article. Version 2 indexes each batch with one INSERT ... SELECT.
        self.conn.executescript(f"BEGIN IMMEDIATE;{_CORE_SCHEMA}DROP TRIGGER IF EXISTS articles_ai;"
                                f"PRAGMA user_version={SCHEMA_VERSION};COMMIT;")

    def ensure_component(self, name: str, version: int, ddl: str) -> None:
        """Create the tables of a stage (``events``, ``features``...) once per version.

        ``ddl`` must be idempotent (``CREATE ... IF NOT EXISTS``); a higher ``version``
        re-runs it so a stage can add tables or columns later.
        """
        row = self.conn.execute("SELECT version FROM components WHERE name=?", (name,)).fetchone()
        if row is not None and row[0] >= version:
            return
        if self.conn.in_transaction:
            raise StoreError("ensure_component must not run inside a transaction")
        self.conn.executescript(
            f"BEGIN IMMEDIATE;{ddl};INSERT OR REPLACE INTO components(name, version) "
            f"VALUES ('{name}', {int(version)});COMMIT;")

    @contextmanager
    def transaction(self):
        """A write transaction: all or nothing (nested calls join the outer one)."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self):
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- writing ----------------------------------------------------------------
    def add_articles(self, articles: Iterable[Article], *, batch_size: int = 500) -> AddResult:
        """Insert articles in batched transactions; ids already stored are duplicates.

        Each batch commits on its own, so an ingest killed midway leaves every finished
        batch stored and the database consistent; running it again adds the rest.
        """
        result = AddResult()
        batch: list[tuple] = []
        for article in articles:
            batch.append(article_values(article))
            if len(batch) >= batch_size:
                self.add_rows(batch, result=result)
                batch = []
        if batch:
            self.add_rows(batch, result=result)
        return result

    def add_rows(self, rows: Sequence[tuple], *, result: AddResult | None = None) -> AddResult:
        """Insert one batch of rows made by :func:`article_values`, all or nothing (one transaction).

        This is :meth:`add_articles` for callers that serialised the articles elsewhere
        (ingest's worker processes). Of rows with the same id, the first is stored and
        the others are duplicates, as are ids already in the store.

        Examples
        --------
        >>> with Store(":memory:") as store:
        ...     row = article_values(Article(outlet="a", title="T", text="Dockers walked out."))
        ...     result = store.add_rows([row, row])
        ...     len(result.added), len(result.duplicates)
        (1, 1)
        """
        result = result if result is not None else AddResult()
        now = datetime.now(timezone.utc).isoformat()
        with self.transaction():
            added = self._insert_rows([row + (now,) for row in rows])
        for row in rows:
            if row[0] in added:
                added.discard(row[0])
                result.added.append(row[0])
            else:
                result.duplicates.append(row[0])
        return result

    def _insert_rows(self, rows: Sequence[tuple]) -> set[str]:
        """Insert full rows (values + ingested_at) inside a transaction; the ids newly stored.

        Rows whose id is already stored are skipped (``INSERT OR IGNORE``). The new rows
        go to the full-text index with one statement: new rowids are always above the
        largest rowid before the insert, so they are exactly the rows above it.
        """
        conn = self.conn
        last = conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
        conn.executemany(_INSERT_SQL, rows)
        added = {r[0] for r in conn.execute("SELECT id FROM articles WHERE rowid > ?", (last,))}
        if added:
            conn.execute("INSERT INTO articles_fts(rowid, title, text) SELECT rowid, title, text FROM articles"
                         " WHERE rowid > ?", (last,))
        return added

    def set_column(self, column: str, values: dict[str, str | None]) -> None:
        """Set ``event`` or ``duplicate_of`` for the given article ids in one transaction."""
        if column not in ("event", "duplicate_of"):
            from framescope.errors import invalid_choice

            raise invalid_choice("article column", column, ["event", "duplicate_of"])
        with self.transaction():
            self.conn.executemany(f"UPDATE articles SET {column}=? WHERE id=?",
                                  [(value, key) for key, value in values.items()])

    def delete(self, ids: Iterable[str]) -> int:
        """Remove articles by id; returns how many were removed."""
        with self.transaction():
            return sum(self.conn.execute("DELETE FROM articles WHERE id=?", (i,)).rowcount for i in ids)

    # -- reading ----------------------------------------------------------------
    def __len__(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY rowid")]

    def outlets(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")]

    def get(self, article_id: str) -> Article:
        """One article by id (a unique prefix of at least 6 characters also works)."""
        row = self.conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None and len(article_id) >= 6:
            rows = self.conn.execute("SELECT * FROM articles WHERE id LIKE ? LIMIT 2",
                                     (article_id + "%",)).fetchall()
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r} in {self.path}")
        return _row_to_article(row)

    def articles(self, *, outlets: Sequence[str] | None = None, since=None, until=None,
                 search: str | None = None, event: str | None = None,
                 ids: Sequence[str] | None = None, columns: Sequence[str] | None = None,
                 limit: int | None = None) -> pd.DataFrame:
        """Articles as a DataFrame (Article fields + ``event``, ``duplicate_of``), filtered.

        ``since``/``until`` are dates or date-times (inclusive); ``search`` is an FTS5
        query over title and text.
        """
        frames = list(self.iter_articles(outlets=outlets, since=since, until=until, search=search,
                                         event=event, ids=ids, columns=columns, limit=limit,
                                         chunk_size=None))
        if frames:
            return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
        return _rows_to_frame([], list(columns or STORE_COLUMNS))

    def iter_articles(self, *, chunk_size: int | None = 5000, outlets=None, since=None, until=None,
                      search=None, event=None, ids=None, columns=None, limit=None) -> Iterator[pd.DataFrame]:
        """Yield the filtered articles in DataFrame chunks (bounded memory)."""
        columns = list(columns or STORE_COLUMNS)
        unknown = set(columns) - set(STORE_COLUMNS)
        if unknown:
            from framescope.errors import invalid_choice

            raise invalid_choice("column", sorted(unknown)[0], STORE_COLUMNS)
        where, params = [], []
        if outlets:
            names = [o.strip().lower() for o in outlets]
            where.append(f"a.outlet IN ({','.join('?' * len(names))})")
            params += names
        if since is not None:
            where.append("a.published >= ?")
            params.append(_bound(since, end=False))
        if until is not None:
            where.append("a.published <= ?")
            params.append(_bound(until, end=True))
        if event is not None:
            where.append("a.event = ?")
            params.append(event)
        if ids is not None:
            ids = list(ids)
            if not ids:
                return
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _wanted(id TEXT PRIMARY KEY)")
            self.conn.execute("DELETE FROM _wanted")
            self.conn.executemany("INSERT OR IGNORE INTO _wanted VALUES (?)", [(i,) for i in ids])
            where.append("a.id IN (SELECT id FROM _wanted)")
        source = "articles a"
        if search:
            source = "articles a JOIN articles_fts f ON f.rowid = a.rowid"
            where.append("articles_fts MATCH ?")
            params.append(_fts_query(search))
        sql = f"SELECT {', '.join('a.' + c for c in columns)} FROM {source}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.published IS NULL, a.published, a.rowid"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        try:
            cursor = self.conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            from framescope.errors import InvalidValueError

            raise InvalidValueError(f"bad search query {search!r}: {exc}") from exc
        while True:
            rows = cursor.fetchmany(chunk_size) if chunk_size else cursor.fetchall()
            if not rows:
                break
            yield _rows_to_frame(rows, columns)
            if not chunk_size:
                break

    def search(self, query: str, **filters) -> pd.DataFrame:
        """Full-text search over title and text (FTS5 syntax; plain words are ANDed)."""
        return self.articles(search=query, **filters)


def _fts_query(text: str) -> str:
    """Plain words become quoted FTS5 terms (so '-' or ':' in user text cannot break it)."""
    if any(op in text for op in ('"', " OR ", " AND ", " NOT ", "*", "NEAR(")):
        return text
    from framescope.text import tokenize

    return " ".join(f'"{w}"' for w in tokenize(text)) or '""'


def _bound(value, *, end: bool) -> str:
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    if end and isinstance(value, str) and len(value.strip()) <= 10:
        stamp = stamp + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    return stamp.tz_convert("UTC").isoformat()


def _rows_to_frame(rows, columns) -> pd.DataFrame:
    frame = pd.DataFrame([tuple(r) for r in rows], columns=columns)
    if "published" in frame:
        frame["published"] = to_utc(frame["published"])
    if "authors" in frame:
        frame["authors"] = [json.loads(v) if v else [] for v in frame["authors"]]
    if "meta" in frame:
        frame["meta"] = [json.loads(v) if v else {} for v in frame["meta"]]
    return frame


def _row_to_article(row: sqlite3.Row) -> Article:
    data = {k: row[k] for k in ARTICLE_FIELDS}
    data["authors"] = json.loads(data["authors"] or "[]")
    data["meta"] = json.loads(data["meta"] or "{}")
    article = Article(**data)
    article.meta.setdefault("event", row["event"]) if row["event"] else None
    return article
