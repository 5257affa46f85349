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


FAKES_WEB_ARTICLES = 150


@pytest.fixture(scope="session")
def fakes_web_db(tmp_path_factory, fakes_csv, seeds_dir) -> str:
    """The seeds and the first 150 FA-KES articles (as a JSONL feed: text, title, outlet) through
    ``sitroom run``'s library call into a real SQLite file: a few hundred Syrian reports, for the
    situation room's tests at the size an analyst opens."""
    from sitroom.ingest.fakes import load_fakes
    from sitroom.pipeline import run_corpus
    root = tmp_path_factory.mktemp("fakesweb")
    feed = root / "fakes.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for raw, _ in load_fakes(fakes_csv)[:FAKES_WEB_ARTICLES]:
            fh.write(json.dumps({"text": raw.body, "title": raw.title, "outlet": raw.outlet}) + "\n")
    db = str(root / "fakes-web.db")
    run_corpus([str(seeds_dir), str(feed)], db, out=root / "out")
    return db
