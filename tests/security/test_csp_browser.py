"""The Content-Security-Policy in a real Chromium: no page of the archive, the admin or the API docs
trips it, and Swagger UI and ReDoc (with their nonce) still draw the API."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD

from .conftest import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"BROWSER SKIPPED: no chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]

# Refusals that are the policy working as meant, not a broken page.
EXPECTED_REFUSALS = {
    # ReDoc's "API docs by Redocly" logo comes from Redocly's CDN: refused (nothing loads from outside);
    # ReDoc then leaves the logo out.
    "/api/schema/redoc/": "Loading the image 'https://cdn.redoc.ly/",
    # Django REST framework's browsable API floats two buttons with style attributes: refused, so
    # they sit in the flow of the page instead (layout only; the page works).
    "/api/v1/": "Applying inline style violates",
}


def _watch(page) -> list[str]:
    """Collect the policy's refusals (console errors) and script errors on this page."""
    seen: list[str] = []

    def console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            expected = [text for path, text in EXPECTED_REFUSALS.items() if path in page.url and text in message.text]
            if not expected:
                seen.append(f"{page.url}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda e: seen.append(f"{page.url}: script error: {e}"))
    return seen


def in_a_browser(base_url: str, script) -> list[str]:
    """Run script(page) in a Chromium of its own, on a thread of its own, and return the refusals.

    Playwright's sync API refuses a thread that already drives another Playwright, which the whole
    suite's thread does once tests/browser's session fixture has started.
    """

    def run() -> list[str]:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                context = chromium.new_context(base_url=base_url, locale="en-US", viewport={"width": 1280, "height": 900})
                context.set_default_timeout(20_000)
                page = context.new_page()
                refused = _watch(page)
                script(page)
                return refused
            finally:
                chromium.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def test_swagger_ui_and_redoc_work_under_the_policy(live_server):
    def script(page):
        page.goto("/api/schema/swagger/")
        page.wait_for_selector(".swagger-ui .info .title")
        assert "Newsroom archive API" in page.inner_text(".swagger-ui .info .title")
        page.wait_for_selector(".opblock-tag")  # the operations, drawn from /api/schema/
        assert page.locator(".opblock").count() > 10
        page.goto("/api/schema/redoc/")
        page.wait_for_selector("#redoc-container h1")
        assert "Newsroom archive API" in page.inner_text("#redoc-container h1")
        page.wait_for_selector("[data-section-id]")
        page.click("input.search-input")
        page.keyboard.type("article")  # the search index lives in the blob: worker
        page.wait_for_selector("[data-role='search:results'] li", timeout=10_000)

    refused = in_a_browser(live_server.url, script)
    assert not refused, "\n".join(refused)


PAGES = [
    "/", "/?q=협약", "/dashboard/", "/upload/", "/articles/{article}/", "/articles/{article}/comment-policy/",
    "/entities/", "/entities/{entity}/", "/events/", "/moderation/?status=all", "/accounts/token/",
    "/accounts/password_change/", "/admin/", "/admin/articles/article/", "/admin/articles/article/{article}/change/",
    "/admin/comments/comment/{comment}/change/", "/api/v1/articles/{article}",
]


def test_no_page_trips_the_policy(live_server):
    world = build_world()
    urls = [url.format(article=world.article.pk, entity=world.entity.pk, comment=world.comment.pk) for url in PAGES]

    def script(page):
        page.goto("/accounts/login/")
        page.fill("#id_username", world.editor.username)
        page.fill("#id_password", PASSWORD)
        page.click("form.narrow-form button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, (url, response.status)
            page.wait_for_load_state("load")
        # The stylesheet applied (a refused stylesheet would leave the header unstyled).
        page.goto("/")
        assert page.evaluate("getComputedStyle(document.querySelector('header.site')).display") == "flex"

    refused = in_a_browser(live_server.url, script)
    assert not refused, "\n".join(refused)
