"""Shared fixtures: the read-only corpus in ../shared (seeds, gold, FA-KES), skipped when absent."""
import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "reference" / "seeds-gold.json"
FAKES = SHARED / "data" / "fa-kes-dev" / "articles.csv"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not beside the repo")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SEEDS)


@pytest.fixture(scope="session")
def seeds_gold() -> dict:
    return json.loads(_need(GOLD).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fakes_csv() -> Path:
    return _need(FAKES)


@pytest.fixture
def db_path(tmp_path) -> str:
    """A fresh SQLite file (a real one: the store's WAL and transactions are part of what is tested)."""
    return str(tmp_path / "sitroom.db")
