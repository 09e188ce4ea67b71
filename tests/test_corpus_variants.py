"""Every raw-format variant of the harbor-city corpus ingests to the same clean article as its plain twin."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

RAW = Path(__file__).resolve().parents[1] / "corpora" / "harbor-city" / "raw"
MANIFEST = json.loads((RAW / "MANIFEST.json").read_text(encoding="utf-8"))


def _norm(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


@pytest.fixture(scope="module")
def plain():
    from framescope.datasets import load

    articles = load("harbor-city").articles
    return {row["key"]: row for row in articles.to_dict(orient="records")}


def test_manifest_lists_every_variant_file():
    files = {p.name for p in RAW.iterdir() if p.name != "MANIFEST.json"}
    assert files == set(MANIFEST)
    assert len(MANIFEST) >= 6


def test_manifest_covers_every_reader_kind():
    suffixes = {Path(name).suffix for name in MANIFEST}
    assert {".txt", ".html", ".xml", ".csv", ".jsonl", ".json"} <= suffixes


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_variant_ingests_to_its_plain_twin(name, plain):
    ingest = pytest.importorskip("framescope.ingest")
    from framescope.article import Article

    items = list(ingest.read_path(RAW / name, fmt=None, outlet=None))
    rejected = [str(item) for item in items if not isinstance(item, Article)]
    assert not rejected, rejected
    keys = MANIFEST[name]["keys"]
    assert len(items) == len(keys), f"{name}: read {len(items)} articles, expected {len(keys)}"
    for article, key in zip(items, keys):
        twin = plain[key]
        assert _norm(article.title) == _norm(twin["title"]), f"{name} -> {key}: title"
        assert article.outlet == twin["outlet"], f"{name} -> {key}: outlet"
        assert article.published is not None, f"{name} -> {key}: no date"
        assert article.published.timestamp() == twin["published"].timestamp(), f"{name} -> {key}: published"
        assert _norm(article.text) == _norm(twin["text"]), f"{name} -> {key}: body text"
        assert article.id == twin["id"], f"{name} -> {key}: content id"
