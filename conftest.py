"""Shared pytest fixtures: paths to the seeds and to the evaluation corpora in ../shared."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SEEDS_DIR = ROOT / "seeds"
SHARED_EVAL_DIR = ROOT.parent / "shared" / "eval"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture
def shared_eval_dir() -> Path:
    """The evaluation corpora; tests that need them skip on a machine without ../shared."""
    if not SHARED_EVAL_DIR.is_dir():
        pytest.skip(f"evaluation corpora not found at {SHARED_EVAL_DIR} (only present on the team's machines)")
    return SHARED_EVAL_DIR


def _production_stack() -> bool:
    from django.conf import settings

    if not settings.configured:  # plain-Python runs with -p no:django
        return False
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and settings.CELERY_BROKER_URL.startswith("redis")


def pytest_collection_modifyitems(config, items):
    """Integration tests need PostgreSQL + Redis; without them they skip with a loud reason."""
    if _production_stack():
        return
    skip = pytest.mark.skip(reason="INTEGRATION SKIPPED: set DATABASE_URL=postgres://... and REDIS_URL=redis://...")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Unit tests run tasks in-process even on the production stack; integration tests use the broker."""
    from newsroom.celery import app

    eager = "integration" not in request.keywords
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def korean_seed_bytes(seeds_dir) -> bytes:
    return (seeds_dir / "000_329ef9b1478a6bb7.txt").read_bytes()


@pytest.fixture
def english_seed_bytes(seeds_dir) -> bytes:
    return (seeds_dir / "004_9e72b723b3a44e7c.txt").read_bytes()
