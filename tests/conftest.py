"""Shared fixtures: a temporary store, the seed folder, the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "corpus.db"


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture
def seed_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present here")
    return SEEDS
