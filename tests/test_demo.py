"""`framescope demo`: the README's main job, from nothing to a comparison a newcomer can read."""

from __future__ import annotations

import json
import re
import time

import pytest

from framescope.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("demo") / "out"
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["demo", "--out", str(out), "--quiet"])
    return result, out, time.perf_counter() - start


def test_demo_prints_a_compact_comparison_with_evidence(demo_run):
    result, out, _ = demo_run
    assert result.exit_code == 0, result.output
    text = result.output
    assert "bundled 'harbor-city' corpus" in text
    assert re.search(r"Event \S+: ", text)
    # the compact table: one row per outlet of the showcase event (e01 has six outlets)
    for outlet in ("csb.example", "meridianwire.example", "dailyclarion.example", "hpr.example",
                   "harborledger.example", "ostreltoday.example"):
        assert outlet in text
    assert "primary_frame" in text and "anecdotal" in text and "ANECDOTAL" in text
    # three differences, each with quoted evidence: “...” — outlet, article ID [field start:end]
    block = text.split("most telling differences")[1].split("Separability:")[0]
    items = re.findall(r"^\d\. ", block, flags=re.M)
    assert len(items) == 3
    assert len(re.findall(r"“.+” — \S+, article [0-9a-f]{16} \[(text|title) \d+:\d+\]", block)) >= 3
    assert f"Full outputs written to {out}/" in text


def test_demo_writes_every_output(demo_run):
    result, out, _ = demo_run
    for name in ("comparison.md", "comparison.json", "comparison.csv", "summary.txt", "report.html",
                 "framescope.db"):
        assert (out / name).is_file(), name
    data = json.loads((out / "comparison.json").read_text())
    assert data["anecdotal"] is True and len(data["differences"]) == 3
    assert set(data["sample_sizes"]) >= {"csb.example", "ostreltoday.example"}
    assert (out / "comparison.md").read_text().startswith("# Event ")
    tables = {p.name for p in (out / "tables").iterdir()}
    assert {"summary.csv", "differences.csv", "distinctive_terms.csv", "omissions.csv", "similarity.csv"} <= tables
    assert "anecdotal" in (out / "tables" / "coverage.csv").read_text().splitlines()[0]


def test_demo_default_folder_and_temporary_store(tmp_path, monkeypatch):
    from framescope.compare.demo import run_demo

    monkeypatch.chdir(tmp_path)
    result = run_demo()
    assert result.output_dir.resolve() == (tmp_path / "framescope-output").resolve()
    assert (tmp_path / "framescope-output" / "comparison.md").is_file()
    assert not (tmp_path / "framescope-output" / "framescope.db").exists()
    assert result.db_path is None
