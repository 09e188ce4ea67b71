import pandas as pd
import pytest

from framescope.article import Article
from framescope.cli import main
from framescope.errors import InputError
from framescope.parquet import export_parquet, import_parquet
from framescope.store import Store


def articles(n):
    return [Article(outlet=f"o{i % 3}.example", title=f"T{i}", text=f"Body {i}.\n\nSecond paragraph.",
                    published=f"2024-03-{1 + i % 20:02d}T08:00:00+01:00", authors=["A. Writer"],
                    meta={"k": i}) for i in range(n)]


def test_round_trip_keeps_every_field(tmp_path):
    with Store(tmp_path / "a.db") as store:
        store.add_articles(articles(25))
        ids = store.ids()
        store.set_column("event", {ids[0]: "ev-1", ids[1]: "ev-1"})
        store.set_column("duplicate_of", {ids[1]: ids[0]})
        parts = export_parquet(store, tmp_path / "pq", partition_rows=10)
        original = store.articles()
    assert [p.name for p in parts] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    with Store(tmp_path / "b.db") as copy:
        result = import_parquet(tmp_path / "pq", copy)
        assert len(result.added) == 25
        again = import_parquet(tmp_path / "pq", copy)
        assert len(again.duplicates) == 25
        restored = copy.articles()
    pd.testing.assert_frame_equal(original.reset_index(drop=True), restored.reset_index(drop=True))


def test_bad_partitions_are_named(tmp_path):
    (tmp_path / "articles").mkdir()
    bad = tmp_path / "articles" / "part-00000.parquet"
    bad.write_bytes(b"not parquet")
    with Store(":memory:") as store, pytest.raises(InputError, match="part-00000.parquet"):
        import_parquet(tmp_path, store)
    with Store(":memory:") as store, pytest.raises(InputError, match="no Parquet partitions"):
        import_parquet(tmp_path / "missing", store)


def test_cli_export_import(tmp_path, runner):
    with Store(tmp_path / "a.db") as store:
        store.add_articles(articles(5))
    result = runner.invoke(main, ["export", "--parquet", str(tmp_path / "pq"), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["import", "--parquet", str(tmp_path / "pq"), "--db", str(tmp_path / "b.db")])
    assert result.exit_code == 0 and "added 5" in result.output
