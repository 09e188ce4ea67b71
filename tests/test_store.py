import pandas as pd
import pytest

from framescope.article import Article, articles_to_frame, frame_to_articles
from framescope.errors import NotFoundError, StoreError
from framescope.store import Store


def make(i, outlet="a.example", day=1):
    return Article(outlet=outlet, title=f"Title {i}", text=f"Body number {i} about the harbour.",
                   published=f"2024-03-{day:02d}T10:00:00+02:00")


def test_add_is_idempotent_and_batched(db_path):
    with Store(db_path) as store:
        first = store.add_articles([make(i) for i in range(7)], batch_size=3)
        second = store.add_articles([make(i) for i in range(9)], batch_size=3)
        assert len(first.added) == 7 and len(second.added) == 2 and len(second.duplicates) == 7
        assert len(store) == 9


def test_filters_and_search(db_path):
    with Store(db_path) as store:
        store.add_articles([make(1, day=1), make(2, "b.example", day=5), make(3, day=9)])
        assert len(store.articles(outlets=["B.example"])) == 1
        assert len(store.articles(since="2024-03-02", until="2024-03-05")) == 1
        assert len(store.search("number 3")) == 1
        assert len(store.search("harbour")) == 3
        frame = store.articles()
        assert str(frame["published"].dt.tz) == "UTC"
        assert frame["published"].iloc[0] == pd.Timestamp("2024-03-01T08:00:00Z")


def test_get_by_prefix_and_missing(db_path):
    with Store(db_path) as store:
        article = make(1)
        store.add_articles([article])
        assert store.get(article.id[:8]).title == "Title 1"
        with pytest.raises(NotFoundError, match="nope"):
            store.get("nope")


def test_newer_schema_refused(db_path):
    Store(db_path).close()
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db_path)


def test_frame_round_trip():
    articles = [make(1), make(2, "b.example")]
    back = frame_to_articles(articles_to_frame(articles))
    assert [a.id for a in back] == [a.id for a in articles]
    assert back[0].published == articles[0].published


def test_components_are_versioned(db_path):
    with Store(db_path) as store:
        store.ensure_component("demo", 1, "CREATE TABLE IF NOT EXISTS demo(x INTEGER)")
        store.ensure_component("demo", 1, "CREATE TABLE broken(")  # same version: not re-run
        store.ensure_component("demo", 2, "ALTER TABLE demo ADD COLUMN y INTEGER")
        cols = [r[1] for r in store.conn.execute("PRAGMA table_info(demo)")]
        assert cols == ["x", "y"]
