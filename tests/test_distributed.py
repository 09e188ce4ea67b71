"""Dask backend: a LocalCluster with 2 worker processes gives the local path's features and events."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time

import pandas as pd
import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from framescope.cli import main  # noqa: E402
from framescope.distributed import prepare_partitions, run_events, run_features  # noqa: E402
from framescope.errors import FramescopeError, InputError, InvalidValueError  # noqa: E402
from framescope.events import list_events, regroup  # noqa: E402
from framescope.framing.extract import store_features  # noqa: E402
from framescope.ingest import ingest  # noqa: E402
from framescope.store import Store  # noqa: E402

pytestmark = pytest.mark.slow
FAMILIES = ["tone", "persuasion"]
EVIDENCE_KEY = ["article_id", "family", "field", "start", "end", "label", "text"]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        with distributed.Client(c) as client:
            yield c, client


def _corpus(path, n=None):
    ingest([], path, corpus="harbor-city")
    if n is not None:
        with Store(path) as store:
            store.delete(store.ids()[n:])
    return str(path)


def _sorted_evidence(frame):
    return frame.sort_values(EVIDENCE_KEY, kind="stable").reset_index(drop=True)


def test_features_and_events_match_the_local_path(tmp_path, cluster):
    _, client = cluster
    local_db = _corpus(tmp_path / "local.db", 30)
    dask_db = _corpus(tmp_path / "dask.db", 30)
    local = store_features(local_db, families=FAMILIES, use_cache=False)
    result = run_features(dask_db, scheduler=client, families=FAMILIES, partition_rows=10,
                          out=tmp_path / "f.csv", spans=tmp_path / "s.jsonl")
    pd.testing.assert_frame_equal(local.values, result.values)
    assert len(local.evidence) > 50
    pd.testing.assert_frame_equal(_sorted_evidence(local.evidence), _sorted_evidence(result.evidence))
    assert len(list((tmp_path / "dask.db.dask" / "articles").glob("part-*.parquet"))) == 3
    # imported into the store's feature cache: the local command now reads the same values from it
    cached = store_features(dask_db, families=FAMILIES)
    pd.testing.assert_frame_equal(local.values, cached.values)
    assert pd.read_csv(tmp_path / "f.csv").shape == (30, local.values.shape[1] + 1)

    local_events = regroup(local_db)
    dask_events = run_events(dask_db, scheduler=client, partition_rows=10)
    assert local_events.events["n_articles"].sum() > 10
    pd.testing.assert_series_equal(local_events.assignments, dask_events.assignments)
    pd.testing.assert_series_equal(local_events.duplicate_of, dask_events.duplicate_of)
    pd.testing.assert_frame_equal(local_events.events, dask_events.events)
    pd.testing.assert_frame_equal(list_events(local_db).drop(columns=[]), list_events(dask_db))

    # one event: the ids come from the store (the export may predate the grouping)
    event = local_events.events["id"].iloc[0]
    one = run_features(dask_db, scheduler=client, families=FAMILIES, event=event, partition_rows=10)
    pd.testing.assert_frame_equal(one.values, local.values.loc[list(one.values.index)])
    assert sorted(one.values.index) == sorted(local_events.events["articles"].iloc[0])
    with pytest.raises(FramescopeError, match="no stored articles with event 'nope'"):
        run_features(dask_db, scheduler=client, families=FAMILIES, event="nope")

    # a re-run reuses the export and skips the finished partitions
    done = {p: p.stat().st_mtime_ns for p in (tmp_path / "dask.db.dask").rglob("*.parquet")}
    run_features(dask_db, scheduler=client, families=FAMILIES, partition_rows=10)
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "dask.db.dask").rglob("*.parquet")} == done

    # the CLI with a scheduler address
    address = client.scheduler.address
    run = CliRunner().invoke(main, ["features", "--db", dask_db, "--families", ",".join(FAMILIES), "--scheduler",
                                    address, "--out", str(tmp_path / "again.parquet"), "--quiet"])
    assert run.exit_code == 0, run.output
    again = pd.read_parquet(tmp_path / "again.parquet").set_index("id")
    pd.testing.assert_frame_equal(local.values, again, check_index_type=False)
    run = CliRunner().invoke(main, ["events", "--db", dask_db, "--regroup", "--scheduler", address,
                                    "--format", "json"])
    assert run.exit_code == 0, run.output
    assert len(pd.read_json(__import__("io").StringIO(run.output))) == len(local_events.events)


def test_parquet_folder_of_another_corpus_is_refused(tmp_path, cluster):
    _, client = cluster
    db = _corpus(tmp_path / "a.db", 12)
    other = _corpus(tmp_path / "b.db", 20)
    with Store(other) as store:
        prepare_partitions(store, work_dir=tmp_path / "other")
    with pytest.raises(InputError, match="not in the store"):
        run_events(db, scheduler=client, parquet=tmp_path / "other")
    with pytest.raises(InputError, match="no Parquet partitions"):
        run_features(db, scheduler=client, parquet=tmp_path, families=FAMILIES)


def test_bad_scheduler_and_options(tmp_path):
    db = _corpus(tmp_path / "a.db", 5)
    with pytest.raises(InvalidValueError, match="bad Dask scheduler 'nonsense'"):
        run_features(db, scheduler="nonsense", families=FAMILIES)
    run = CliRunner().invoke(main, ["features", "--db", db, "--parquet", str(tmp_path)])
    assert run.exit_code == 2 and "--parquet and --work-dir need --scheduler" in run.output
    run = CliRunner().invoke(main, ["events", "--db", db, "--work-dir", str(tmp_path)])
    assert run.exit_code == 2 and "need --scheduler" in run.output


def test_worker_killed_mid_run(tmp_path, cluster):
    """Kill a worker while tasks run: retried or a clean error; store intact; a re-run completes."""
    c, client = cluster
    db = _corpus(tmp_path / "k.db", 32)
    outcome = {}

    def work():
        try:
            outcome["result"] = run_features(db, scheduler=client, families=FAMILIES, partition_rows=4, retries=0)
        except FramescopeError as exc:
            outcome["error"] = exc
        except BaseException as exc:  # noqa: BLE001 - anything else is a failure of the test
            outcome["other"] = exc

    thread = threading.Thread(target=work)
    thread.start()
    results = tmp_path / "k.db.dask" / "results"
    deadline = time.time() + 60
    while time.time() < deadline and not (results.exists() and any(results.glob("*.values.parquet"))):
        time.sleep(0.05)
    # (not client.scheduler_info(): with the client busy in another thread it may answer from a cache
    # that lists no workers)
    pids = client.run(os.getpid)
    os.kill(pids[sorted(pids)[0]], signal.SIGKILL)
    thread.join(120)
    assert not thread.is_alive()
    assert "other" not in outcome, outcome.get("other")
    assert "result" in outcome or "partition" in str(outcome["error"])
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker
    again = run_features(db, scheduler=client, families=FAMILIES, partition_rows=4)
    local = store_features(_corpus(tmp_path / "l.db", 32), families=FAMILIES, use_cache=False)
    pd.testing.assert_frame_equal(local.values, again.values)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(DISTINCT article_id) FROM feature_values").fetchone()[0] == 32
