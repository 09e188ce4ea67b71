"""--jobs N gives the same results as --jobs 1 (ingest parsing, feature extraction); streamed features."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from framescope.cli import main
from framescope.errors import InvalidValueError
from framescope.framing import extract
from framescope.framing.extract import extract_features, store_features
from framescope.ingest import ingest, parallel
from framescope.store import Store

FAMILIES = ["tone", "structure"]


def _records(n):
    rows = []
    for i in range(n):
        rows.append({"outlet": f"outlet{i % 3}.example", "title": f"Dock strike day {i}",
                     "published": f"2024-03-{1 + i % 28:02d}T10:00:00Z",
                     "text": f"Rosa Ilvane said {i} dockers walked out.\n\nThe port authority warned of delays."})
    return rows


def _write_inputs(folder):
    lines = [json.dumps(r) for r in _records(40)]
    lines.insert(7, "{not json")
    lines.insert(20, "")
    lines.insert(25, json.dumps(_records(3)[1]))  # a duplicate
    lines.insert(30, '{"text": "caf\ufffd opened", "outlet": "x"}')
    (folder / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pages = folder / "pages"
    pages.mkdir()
    for i in range(5):
        (pages / f"p{i}.txt").write_text(
            f"Menu Home Sport\n3 Mar, 2024 10:00\n\nFerry fares rise {i}\n\n"
            f"The ferry operator raised fares by {i + 3} percent on Monday, riders said.\n\n"
            "Share this story\n", encoding="utf-8")
    (pages / "blob.bin").write_bytes(b"\x00\x01\x02" * 50)
    return [str(folder / "big.jsonl"), str(pages)]


def _summary(report, db):
    with Store(db) as store:
        stored = store.articles()
    return ([str(r) for r in report.rejected], report.added, [(d.id, d.source) for d in report.duplicates],
            [(n.source, n.message) for n in report.notes], stored.drop(columns=[]).to_dict(orient="list"))


@pytest.mark.slow
def test_ingest_jobs_gives_the_serial_result(tmp_path, monkeypatch):
    paths = _write_inputs(tmp_path)
    monkeypatch.setattr(parallel, "SPLIT_BYTES", 500)  # split the JSONL file into line-aligned pieces
    monkeypatch.setattr(parallel, "PIECE_BYTES", 700)
    monkeypatch.setattr(parallel, "BATCH_FILES", 2)
    assert len(parallel._jsonl_pieces(paths[0], (tmp_path / "big.jsonl").stat().st_size)) > 4
    serial = ingest(paths, tmp_path / "one.db")
    parallel_report = ingest(paths, tmp_path / "two.db", n_jobs=2)
    one, two = _summary(serial, tmp_path / "one.db"), _summary(parallel_report, tmp_path / "two.db")
    assert one[0] == two[0] and len(one[0]) == 2  # the bad JSON line (right line number) and the binary file
    assert any("line 8" in r for r in two[0])
    assert one[1] == two[1] and len(one[1]) == 46
    assert one[2] == two[2] and len(one[2]) == 1
    assert one[3] == two[3]
    for column in one[4]:
        if column != "ingested_at":
            assert one[4][column] == two[4][column], column


@pytest.mark.slow
def test_ingest_cli_jobs_and_bad_jobs(tmp_path):
    paths = _write_inputs(tmp_path)
    run = CliRunner().invoke(main, ["ingest", *paths, "--db", str(tmp_path / "c.db"), "--jobs", "2", "--quiet"])
    assert run.exit_code == 1 and "added 46, duplicates 1, rejected 2" in run.output  # 1: something was rejected
    run = CliRunner().invoke(main, ["ingest", *paths, "--db", str(tmp_path / "d.db"), "--jobs", "0"])
    assert run.exit_code == 1 and "jobs must be a positive number" in run.output and "got 0" in run.output
    with pytest.raises(InvalidValueError, match="n_jobs must be"):
        extract_features(["text"], families=["tone"], n_jobs=0)


@pytest.mark.slow
def test_feature_jobs_give_the_serial_result():
    arts = pd.DataFrame(_records(30))
    arts.insert(0, "id", [f"a{i}" for i in range(len(arts))])
    arts.loc[3, "text"] = "Critics slammed the disastrous, shameful deal. \u201cIt is a scandal,\u201d one said."
    one = extract_features(arts, families=FAMILIES, chunk_size=7, use_cache=False)
    two = extract_features(arts, families=FAMILIES, chunk_size=7, use_cache=False, n_jobs=2)
    pd.testing.assert_frame_equal(one.values, two.values)
    pd.testing.assert_frame_equal(one.evidence, two.evidence)
    assert len(one.evidence) > 30


def test_store_features_streams_blocks(tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    ingest([str(_write_inputs(tmp_path)[0])], db)
    with Store(db) as store:
        everything = store.articles(columns=["id", "title", "text"])
    whole = extract_features(everything, families=FAMILIES, use_cache=False, chunk_size=9)  # = the blocks
    monkeypatch.setattr(extract, "STREAM_ROWS", 9)  # 41 articles: 5 blocks
    calls = []
    original = Store.articles

    def spy(self, **kw):
        frame = original(self, **kw)
        calls.append((tuple(kw.get("columns") or ()), len(frame)))
        return frame

    monkeypatch.setattr(Store, "articles", spy)
    streamed = store_features(db, families=FAMILIES, use_cache=False, spans=tmp_path / "s.jsonl",
                              out=tmp_path / "v.csv", keep_evidence=False)
    pd.testing.assert_frame_equal(whole.values, streamed.values)
    assert max(n for cols, n in calls if "text" in cols) == 9  # never more than a block of text in memory
    assert streamed.evidence.empty and streamed.evidence.attrs["n_spans"] == len(whole.evidence) > 0
    spans = pd.read_json(tmp_path / "s.jsonl", lines=True)
    assert len(spans) == len(whole.evidence)
    assert pd.read_csv(tmp_path / "v.csv").shape == (41, whole.values.shape[1] + 1)
    kept = store_features(db, families=FAMILIES, use_cache=False)
    pd.testing.assert_frame_equal(kept.evidence, whole.evidence)


def test_parallel_store_run_writes_what_the_serial_run_writes(tmp_path, monkeypatch):
    """Workers encode the cache rows and span lines: byte for byte what the parent wrote before,
    read back unchanged by a second (cached) run, across block boundaries."""
    monkeypatch.setattr(extract, "STREAM_ROWS", 9)
    ingest([str(_write_inputs(tmp_path)[0])], tmp_path / "serial.db")
    (tmp_path / "parallel.db").write_bytes((tmp_path / "serial.db").read_bytes())
    serial = store_features(tmp_path / "serial.db", families=FAMILIES, spans=tmp_path / "serial.jsonl",
                            chunk_size=4)
    parallel_run = store_features(tmp_path / "parallel.db", families=FAMILIES, spans=tmp_path / "parallel.jsonl",
                                  chunk_size=4, n_jobs=2)
    assert (tmp_path / "parallel.jsonl").read_bytes() == (tmp_path / "serial.jsonl").read_bytes()
    pd.testing.assert_frame_equal(parallel_run.values, serial.values)
    pd.testing.assert_frame_equal(parallel_run.evidence, serial.evidence)

    def cache_rows(db):
        with Store(db) as store:
            return store.conn.execute("SELECT article_id, family, spans FROM feature_spans ORDER BY 1, 2").fetchall()

    rows = cache_rows(tmp_path / "parallel.db")
    assert rows == cache_rows(tmp_path / "serial.db")
    by_key = {(a, f): s for a, f, s in rows}
    some = serial.evidence.iloc[0]
    expected = [[r.field, int(r.start), int(r.end), r.label, r.text, float(r.weight)]
                for r in serial.evidence.itertuples()
                if r.article_id == some.article_id and r.family == some.family]
    assert by_key[(some.article_id, some.family)] == json.dumps(expected, ensure_ascii=False)
    again = store_features(tmp_path / "parallel.db", families=FAMILIES, spans=tmp_path / "again.jsonl",
                           chunk_size=4, n_jobs=2)
    assert (tmp_path / "again.jsonl").read_bytes() == (tmp_path / "serial.jsonl").read_bytes()
    pd.testing.assert_frame_equal(again.evidence, serial.evidence)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_partly_cached_chunks_give_the_spans_in_article_order(tmp_path, n_jobs):
    """Cached and recomputed articles in one chunk: the same evidence, in the same order, as no cache."""
    db = tmp_path / "s.db"
    ingest([str(_write_inputs(tmp_path)[0])], db)
    fresh = store_features(db, families=FAMILIES, use_cache=False, spans=tmp_path / "fresh.jsonl", chunk_size=8)
    store_features(db, families=FAMILIES, chunk_size=8)  # fill the cache
    forgotten = fresh.values.index[1::3].tolist()  # every chunk now mixes cached and recomputed articles
    with Store(db) as store, store.transaction() as conn:
        conn.executemany("DELETE FROM feature_values WHERE article_id = ?", [(i,) for i in forgotten])
    mixed = store_features(db, families=FAMILIES, spans=tmp_path / "mixed.jsonl", chunk_size=8, n_jobs=n_jobs)
    assert (tmp_path / "mixed.jsonl").read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()
    pd.testing.assert_frame_equal(mixed.evidence, fresh.evidence)
    pd.testing.assert_frame_equal(mixed.values, fresh.values)


@pytest.mark.slow
def test_a_feature_worker_dying_fails_cleanly_and_rerun_completes(tmp_path, monkeypatch):
    import os
    import signal

    from joblib.externals.loky import reusable_executor

    from framescope.errors import FramescopeError

    db = tmp_path / "s.db"
    ingest([str(_write_inputs(tmp_path)[0])], db)
    serial = store_features(db, families=FAMILIES, use_cache=False, spans=tmp_path / "serial.jsonl", chunk_size=4)
    (tmp_path / "old.jsonl").write_text("previous run\n", encoding="utf-8")
    original = extract._FeatureRun.assemble
    killed = []

    def assemble_then_kill(self, chunk, planned, computed):
        original(self, chunk, planned, computed)
        if not killed:  # after the first chunk is cached, one worker is killed
            pid = next(iter(reusable_executor._executor._processes))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    monkeypatch.setattr(extract._FeatureRun, "assemble", assemble_then_kill)
    with pytest.raises(FramescopeError, match="worker process died.*run the same command again"):
        store_features(db, families=FAMILIES, spans=tmp_path / "old.jsonl", out=tmp_path / "v.csv",
                       chunk_size=4, n_jobs=2)
    assert (tmp_path / "old.jsonl").read_text(encoding="utf-8") == "previous run\n"  # not half-overwritten
    assert not (tmp_path / "old.jsonl.partial").exists() and not (tmp_path / "v.csv").exists()
    with Store(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        cached = store.conn.execute("SELECT count(*) FROM feature_values").fetchone()[0]
    assert cached >= 4 * len(FAMILIES) and cached < len(serial.values) * len(FAMILIES)
    monkeypatch.setattr(extract._FeatureRun, "assemble", original)
    again = store_features(db, families=FAMILIES, spans=tmp_path / "old.jsonl", chunk_size=4, n_jobs=2)
    assert (tmp_path / "old.jsonl").read_bytes() == (tmp_path / "serial.jsonl").read_bytes()
    pd.testing.assert_frame_equal(again.values, serial.values)
