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


def _version_1_store(path):
    """A store as schema version 1 made it: full-text index fed by a per-row insert trigger."""
    import sqlite3

    from framescope import store as store_module

    conn = sqlite3.connect(path)
    conn.executescript(store_module._CORE_SCHEMA + """
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        PRAGMA user_version=1;""")
    conn.execute("INSERT INTO articles(id, outlet, title, text, ingested_at) "
                 "VALUES ('old1', 'a.example', 'Ferry fares', 'Old body about the harbour.', 'then')")
    conn.commit()
    conn.close()


def test_version_1_store_opens_upgraded_and_stays_searchable(db_path):
    _version_1_store(db_path)
    with Store(db_path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 2
        triggers = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert "articles_ai" not in triggers and {"articles_ad", "articles_au"} <= triggers
        store.add_articles([make(1), make(2)])
        assert sorted(store.search("harbour")["id"]) == sorted(["old1", make(1).id, make(2).id])
        assert list(store.search("ferry")["id"]) == ["old1"]
        # every row indexed exactly once (a second index entry per row would fail this check)
        store.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")


def test_batches_index_new_rows_once_and_keep_the_first_of_repeated_ids(db_path):
    with Store(db_path) as store:
        first = store.add_articles([make(1), make(2), make(1), make(3)], batch_size=10)
        assert first.added == [make(1).id, make(2).id, make(3).id] and first.duplicates == [make(1).id]
        store.delete([make(3).id])
        again = store.add_articles([make(3), make(4), make(2)])
        assert again.added == [make(3).id, make(4).id] and again.duplicates == [make(2).id]
        assert len(store.search("harbour")) == 4 and len(store.search("number 3")) == 1
        store.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")
        store.conn.execute("UPDATE articles SET text='Rewritten about ferries.' WHERE id=?", (make(4).id,))
        assert list(store.search("ferries")["id"]) == [make(4).id] and len(store.search("harbour")) == 3
        store.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")


def test_failed_batch_writes_nothing(db_path, monkeypatch):
    import sqlite3

    from framescope import store as store_module

    with Store(db_path) as store:
        store.add_articles([make(1)])
        real = store_module.article_values

        def broken(article):
            if article.title == "Title 3":
                raise RuntimeError("boom")
            return real(article)

        monkeypatch.setattr(store_module, "article_values", broken)
        with pytest.raises(RuntimeError):
            store.add_articles([make(2), make(3)])
        # a row failing mid-batch (after others of the batch were inserted) rolls the batch back
        store.conn.execute("CREATE TEMP TRIGGER boom BEFORE INSERT ON articles WHEN new.title = 'Title 5' "
                           "BEGIN SELECT RAISE(ABORT, 'boom'); END")
        with pytest.raises(sqlite3.IntegrityError, match="boom"):
            store.add_articles([make(4), make(5), make(6)])
        assert store.ids() == [make(1).id] and len(store.search("harbour")) == 1
        assert not store.conn.in_transaction
