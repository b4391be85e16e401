"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

On SQLite, processing runs in-process when the upload commits (the live server's thread, or the
test's own thread for seeds). On PostgreSQL + Redis, a real Celery worker process is started
(the integration tests' fixture) and uploads reach it through the broker.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in this thread; Django would otherwise refuse the
# test's own ORM calls. Only in this test process, never in the application.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.integration.conftest import broker_url, start_worker  # noqa: E402,F401  (fixtures reused)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PASSWORD = "a-long-test-password"  # articles.tests.factories.UserFactory
INDEX_STEP = "search.pipeline.IndexStep"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"BROWSER SKIPPED: no chromium at {CHROMIUM} (scripts/browser_tests.sh installs it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(locale="en-US", width=1280) -> a page in a fresh context; closed after the test."""
    contexts = []

    def make(*, locale: str = "en-US", width: int = 1280, height: int = 900):
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height},
                                      base_url=live_server.url)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form.narrow-form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _production_stack() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and settings.CELERY_BROKER_URL.startswith("redis")


@pytest.fixture
def processing(request, settings):
    """Where articles get processed: in-process on SQLite, a real worker on PostgreSQL + Redis.

    The search index step is added to the pipeline when the settings do not list it yet, so the
    search pages are tested against the real index (in the worker too, through its environment).
    """
    from articles.pipeline import steps
    from newsroom.celery import app

    extra = {}
    if INDEX_STEP not in settings.NEWSROOM_PIPELINE_STEPS:
        try:
            import search.pipeline  # noqa: F401
        except ImportError:
            pass
        else:
            settings.NEWSROOM_PIPELINE_STEPS = [*settings.NEWSROOM_PIPELINE_STEPS, INDEX_STEP]
            extra["NEWSROOM_EXTRA_PIPELINE_STEPS"] = ",".join(
                [*os.environ.get("NEWSROOM_EXTRA_PIPELINE_STEPS", "").split(","), INDEX_STEP]).strip(",")
    steps.cache_clear()
    worker = None
    previous = app.conf.task_always_eager
    if _production_stack():
        worker = request.getfixturevalue("start_worker")(**extra)
        app.conf.task_always_eager = False
    yield worker
    app.conf.task_always_eager = previous
    steps.cache_clear()


def wait_processed(article_id: int, timeout: float = 120) -> None:
    from articles.models import Article

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Article.objects.values_list("status", flat=True).get(pk=article_id)
        if status in ("processed", "failed"):
            assert status == "processed", Article.objects.get(pk=article_id).error
            return
        time.sleep(0.3)
    raise AssertionError(f"article {article_id} was not processed within {timeout}s")


@pytest.fixture
def seeds(processing, korean_seed_bytes, english_seed_bytes):
    from articles import services

    ko = services.article_ingest(data=korean_seed_bytes, file_name="korean-seed.txt").article
    en = services.article_ingest(data=english_seed_bytes, file_name="english-seed.txt").article
    wait_processed(ko.pk)
    wait_processed(en.pk)
    ko.refresh_from_db()
    en.refresh_from_db()
    return ko, en
