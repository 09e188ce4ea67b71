"""extract_features (chunks, cache, invalidation, parallel) and the `framescope features` command."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from framescope.article import Article
from framescope.cli import main
from framescope.framing import FAMILIES, extract_features
from framescope.framing.base import EVIDENCE_COLUMNS, as_docs
from framescope.framing.extract import available_families, family_version, resolve_families, text_hash
from framescope.framing.tone import Tone
from framescope.store import Store

TEXTS = [
    ("Port strike", "Union bosses slammed the terrible deal. Ships were delayed at the port, officials said.\n\n"
                    "“We will not back down,” said Rosa Ilvane. The strike may last a week."),
    ("Court ruling", "The Constitutional Court struck down the protest law. Judges said it was unconstitutional."),
    ("Floods", "Floods killed four people in Korrin. Thousands were evacuated.\n\nRescuers worked all night."),
    ("Budget", "The finance minister presented a budget that raises defence spending by 18 percent."),
    ("", ""),
]


def frame():
    return pd.DataFrame({"id": [f"a{i}" for i in range(len(TEXTS))], "title": [t for t, _ in TEXTS],
                         "text": [x for _, x in TEXTS]})


@pytest.fixture
def filled_db(db_path):
    with Store(db_path) as store:
        result = store.add_articles([Article(outlet=f"o{i}.example", title=t, text=x)
                                     for i, (t, x) in enumerate(TEXTS)])
        store.set_column("event", {result.added[0]: "e1", result.added[1]: "e1", result.added[2]: "e2"})
    return db_path


def test_extract_features_shapes_and_names():
    result = extract_features(frame(), families=["tone", "persuasion", "structure"])
    values = result.values
    assert values.index.tolist() == [f"a{i}" for i in range(len(TEXTS))] and values.index.name == "id"
    assert values.columns[0] == "tone__mean_compound"
    assert all(c.split("__")[0] in ("tone", "persuasion", "structure") for c in values.columns)
    assert np.isfinite(values.to_numpy()).all()
    assert (values.loc["a4"] == 0).all()
    assert list(result.evidence.columns) == EVIDENCE_COLUMNS
    assert set(result.evidence["family"]) == {"tone", "persuasion", "structure"}


def test_default_families_are_all_that_import():
    names, missing = available_families()
    assert set(names) | set(missing) == set(FAMILIES)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chosen = resolve_families(None)
    assert chosen == names
    assert bool(caught) == bool(missing)


def test_bad_family_names_list_valid_ones():
    from framescope.errors import FramescopeError

    with pytest.raises(FramescopeError, match="tone"):
        extract_features(frame(), families=["tones"])
    with pytest.raises(FramescopeError):
        extract_features(frame(), families="tone", chunk_size=0)


def test_chunks_give_the_same_values():
    a = extract_features(frame(), families="tone,structure", chunk_size=2)
    b = extract_features(frame(), families="tone,structure", chunk_size=1000)
    pd.testing.assert_frame_equal(a.values, b.values)
    assert len(a.evidence) == len(b.evidence)


def test_cache_is_used_and_invalidated(db_path, monkeypatch):
    from framescope.framing import tone as tone_module

    calls = []
    real = tone_module.Tone.analyse

    def counting(self, docs):
        calls.append([d.id for d in docs])
        return real(self, docs)

    monkeypatch.setattr(tone_module.Tone, "analyse", counting)
    with Store(db_path) as store:
        first = extract_features(frame(), families=["tone"], store=store)
        assert calls == [[f"a{i}" for i in range(len(TEXTS))]]
        second = extract_features(frame(), families=["tone"], store=store)
        assert len(calls) == 1  # all from the cache
        pd.testing.assert_frame_equal(first.values, second.values)
        pd.testing.assert_frame_equal(first.evidence.reset_index(drop=True), second.evidence.reset_index(drop=True))
        edited = frame()
        edited.loc[1, "text"] = "A wonderful, happy ruling."
        third = extract_features(edited, families=["tone"], store=store)
        assert calls[-1] == ["a1"]  # only the edited article
        assert third.values.loc["a1", "tone__mean_compound"] > 0.5
        monkeypatch.setattr(tone_module.Tone, "version", 999)
        extract_features(edited, families=["tone"], store=store)
        assert len(calls[-1]) == len(TEXTS)  # new code version: everything again
        extract_features(edited, families=["tone"], store=store, use_cache=False)
        assert len(calls) == 4
        n_rows = store.conn.execute("SELECT COUNT(*) FROM feature_values WHERE family='tone'").fetchone()[0]
        assert n_rows == len(TEXTS)


def test_version_1_cache_is_dropped_and_recomputed(db_path):
    # a store whose feature cache has the version-1 layout (one row per span)
    with Store(db_path) as store:
        store.conn.executescript("""
            CREATE TABLE feature_values (article_id TEXT NOT NULL, family TEXT NOT NULL, version TEXT NOT NULL,
                text_hash TEXT NOT NULL, n_values INTEGER NOT NULL, vals BLOB NOT NULL, computed_at TEXT NOT NULL,
                PRIMARY KEY (article_id, family));
            CREATE TABLE feature_evidence (article_id TEXT NOT NULL, family TEXT NOT NULL, field TEXT,
                start INTEGER, "end" INTEGER, label TEXT, text TEXT, weight REAL);
            INSERT INTO components(name, version) VALUES ('features', 1);""")
        fresh = extract_features(frame(), families=["tone"], use_cache=False)
        stale = np.zeros(fresh.values.shape[1]).tobytes()
        for doc in as_docs(frame()):
            store.conn.execute("INSERT INTO feature_values VALUES (?, 'tone', ?, ?, ?, ?, 'then')",
                               (doc.id, family_version(Tone), text_hash(doc),
                                fresh.values.shape[1], stale))
        store.conn.commit()
        upgraded = extract_features(frame(), families=["tone"], store=store)
        tables = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "feature_evidence" not in tables and "feature_spans" in tables
        assert store.conn.execute("SELECT version FROM components WHERE name='features'").fetchone()[0] == 2
    pd.testing.assert_frame_equal(upgraded.values, fresh.values)  # the stale zeros were not used
    pd.testing.assert_frame_equal(upgraded.evidence.reset_index(drop=True), fresh.evidence.reset_index(drop=True))


def test_damaged_cache_row_is_named_and_recomputed(db_path):
    with Store(db_path) as store:
        first = extract_features(frame(), families=["tone"], store=store)
        store.conn.execute("UPDATE feature_spans SET spans='[[\"text\", 1' WHERE article_id='a0'")
        with pytest.warns(RuntimeWarning, match="article 'a0', family 'tone'"):
            again = extract_features(frame(), families=["tone"], store=store)
        repaired = store.conn.execute("SELECT spans FROM feature_spans WHERE article_id='a0'").fetchone()[0]
    pd.testing.assert_frame_equal(first.values, again.values)
    pd.testing.assert_frame_equal(first.evidence, again.evidence)  # recomputed spans in their article's place
    assert json.loads(repaired)  # rewritten


def test_values_only_run_neither_returns_nor_reads_spans(db_path):
    with Store(db_path) as store:
        full = extract_features(frame(), families=["tone", "persuasion"], store=store)
        cold = extract_features(frame(), families=["tone", "persuasion"], evidence=False)
        assert cold.evidence.empty and cold.evidence.attrs["n_spans"] == len(full.evidence) > 0
        store.conn.execute("UPDATE feature_spans SET spans='not json'")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # reading a damaged spans row would warn
            warm = extract_features(frame(), families=["tone", "persuasion"], store=store, evidence=False)
    pd.testing.assert_frame_equal(cold.values, full.values)
    pd.testing.assert_frame_equal(warm.values, full.values)
    assert warm.evidence.empty


@pytest.mark.slow
def test_parallel_matches_serial():
    many = pd.concat([frame()] * 6, ignore_index=True)
    many["id"] = [f"x{i}" for i in range(len(many))]
    a = extract_features(many, families=["tone", "persuasion", "structure"], chunk_size=7, n_jobs=2)
    b = extract_features(many, families=["tone", "persuasion", "structure"], chunk_size=7)
    pd.testing.assert_frame_equal(a.values, b.values)
    assert len(a.evidence) == len(b.evidence)


def test_cli_writes_values_and_spans(runner, filled_db, tmp_path):
    out, spans = tmp_path / "f.csv", tmp_path / "s.jsonl"
    result = runner.invoke(main, ["features", "--db", str(filled_db), "--families", "tone,persuasion",
                                  "--out", str(out), "--spans", str(spans), "--quiet"])
    assert result.exit_code == 0, result.output
    values = pd.read_csv(out)
    assert list(values.columns[:2]) == ["id", "tone__mean_compound"] and len(values) == len(TEXTS)
    lines = [json.loads(line) for line in spans.read_text(encoding="utf-8").splitlines()]
    assert lines and set(lines[0]) == set(EVIDENCE_COLUMNS)
    assert {r["family"] for r in lines} == {"tone", "persuasion"}


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_cli_other_formats(runner, filled_db, tmp_path, suffix):
    out = tmp_path / f"f{suffix}"
    result = runner.invoke(main, ["features", "--db", str(filled_db), "--families", "structure", "--out", str(out),
                                  "--event", "e1", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    values = pd.read_parquet(out) if suffix == ".parquet" else pd.read_json(out, lines=True)
    assert len(values) == 2 and values.columns[0] == "id"
    with Store(filled_db) as store:  # --no-cache wrote nothing
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "feature_values" not in tables


def test_cli_stdout_and_cache(runner, filled_db):
    result = runner.invoke(main, ["features", "--db", str(filled_db), "--families", "tone", "--event", "e2"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("id,tone__mean_compound")
    assert len(result.output.splitlines()) == 2
    with Store(filled_db) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM feature_values").fetchone()[0] == 1


def test_cli_errors(runner, filled_db, tmp_path):
    result = runner.invoke(main, ["features", "--db", str(filled_db), "--families", "bogus"])
    assert result.exit_code == 1 and "bogus" in result.output and "tone" in result.output
    result = runner.invoke(main, ["features", "--db", str(filled_db), "--families", "tone",
                                  "--out", str(tmp_path / "f.xlsx")])
    assert result.exit_code == 1 and ".xlsx" in result.output and ".parquet" in result.output
    result = runner.invoke(main, ["features", "--db", str(filled_db), "--families", "tone", "--event", "nope"])
    assert result.exit_code == 1 and "nope" in result.output
