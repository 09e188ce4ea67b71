"""Ingest on the bundled harbor-city corpus: its raw files in every format read back to the gold articles."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framescope.article import Article
from framescope.cli import main
from framescope.ingest import ingest, read_path

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "harbor-city"


@pytest.fixture
def corpus_dir():
    if not (CORPUS / "articles.jsonl").exists():
        pytest.skip("the harbor-city corpus is not built yet")
    return CORPUS


def _gold(corpus_dir):
    rows = [json.loads(line) for line in (corpus_dir / "articles.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return {row["key"]: row for row in rows}


def test_raw_files_read_back_to_the_gold_articles(corpus_dir):
    manifest_path = corpus_dir / "raw" / "MANIFEST.json"
    if not manifest_path.exists():
        pytest.skip("the corpus has no raw/ files")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    gold = _gold(corpus_dir)
    checked = 0
    for name, info in manifest.items():
        found = list(read_path(corpus_dir / "raw" / name))
        assert all(isinstance(a, Article) for a in found), (name, found)
        assert len(found) == len(info["keys"]), name
        for key, article in zip(info["keys"], found):
            expected = gold[key]
            assert article.text == expected["text"], (name, key)
            assert article.title == expected["title"], (name, key)
            assert article.outlet == expected["outlet"], (name, key)
            # Same instant (a time printed without a zone is read as UTC, like the store does).
            stamp = pd.Timestamp(article.published)
            stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
            assert stamp == pd.Timestamp(expected["published"]), (name, key)
            checked += 1
    assert checked >= 10


def test_cli_ingest_bundled_corpus(corpus_dir, runner, db_path):
    pytest.importorskip("framescope.datasets")
    result = runner.invoke(main, ["ingest", "--corpus", "harbor-city", "--db", str(db_path), "--quiet"])
    assert result.exit_code == 0, result.output
    n = len(_gold(corpus_dir))
    assert f"added {n}, duplicates 0, rejected 0" in result.output
    again = ingest([], db_path, corpus="harbor-city")
    assert len(again.duplicates) == n and not again.added
    from framescope.store import Store

    with Store(db_path) as store:
        frame = store.articles()
    gold = _gold(corpus_dir)
    for meta in frame["meta"]:
        expected = gold[meta["key"]]
        assert meta.get("gold_event") == expected.get("event")
    assert set(frame["id"]) == {row["id"] for row in gold.values()}  # ids are the corpus's content hashes


def test_unknown_corpus_is_a_clear_error(corpus_dir, runner, db_path):
    pytest.importorskip("framescope.datasets")
    result = runner.invoke(main, ["ingest", "--corpus", "no-such-corpus", "--db", str(db_path)])
    assert result.exit_code != 0 and "no-such-corpus" in result.output
