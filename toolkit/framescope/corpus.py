"""Library functions behind the corpus commands (list and show stored articles)."""

from __future__ import annotations

import pandas as pd

from framescope.store import Store


def list_articles(db=None, *, outlets=None, since=None, until=None, search=None, event=None,
                  limit=None, fmt: str = "table") -> pd.DataFrame:
    """Stored articles, filtered; the table format gets a short column selection.

    Examples
    --------
    >>> list_articles(":memory:").shape[0]
    0
    """
    with Store(db) as store:
        frame = store.articles(outlets=outlets, since=since, until=until, search=search, event=event,
                               limit=limit)
    if fmt == "table":
        frame = frame.assign(words=frame["text"].str.split().str.len().fillna(0).astype(int))
        return frame[["id", "outlet", "published", "event", "words", "title"]]
    frame = frame.copy()
    frame["published"] = [None if pd.isna(v) else v.isoformat() for v in frame["published"]]
    return frame


def get_article(db, article_id: str) -> dict:
    """One stored article as a JSON-ready dict (with its ``event``)."""
    with Store(db) as store:
        article = store.get(article_id)
        row = store.conn.execute("SELECT event, duplicate_of FROM articles WHERE id=?", (article.id,)).fetchone()
    record = article.to_dict()
    record["meta"].pop("event", None)
    record["event"], record["duplicate_of"] = row[0], row[1]
    return record
