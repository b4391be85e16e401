"""The editorial UI in a real browser: log in, search, follow an entity, upload and watch, roles."""

from __future__ import annotations

import re

import pytest

from articles.tests.factories import editor, viewer
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _hits(page) -> list[str]:
    return page.locator("ol.hits li.hit h3").all_inner_texts()


def test_log_in_and_search_the_korean_seed(new_page, seeds):
    ko, _ = seeds
    page = new_page(locale="ko-KR")
    page.goto("/")
    assert "/accounts/login/" in page.url
    log_in(page, viewer())
    page.fill("#id_q", "김영섭")
    page.press("#id_q", "Enter")
    page.wait_for_url(re.compile(r"q=%EA%B9%80"))
    assert page.locator("h1").inner_text() == "아카이브 검색"  # Korean interface from the browser language
    hits = _hits(page)
    assert any(ko.headline[:20] in hit for hit in hits), hits
    assert page.locator("ol.hits mark").count() > 0
    screenshot(page, "search-korean")


def test_search_a_romanised_name_finds_both_seeds(new_page, seeds):
    ko, en = seeds
    page = new_page()
    log_in(page, viewer())
    page.goto("/?q=Kim+Young-shub")
    links = page.locator("ol.hits li.hit h3 a")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    screenshot(page, "search-romanised")
    assert {f"/articles/{ko.pk}/", f"/articles/{en.pk}/"} <= hrefs, hrefs


def test_open_the_article_and_follow_a_highlighted_entity(new_page, seeds):
    ko, _ = seeds
    page = new_page()
    log_in(page, viewer())
    page.goto(f"/articles/{ko.pk}/")
    mention = page.locator(".body a.mention").first
    name = mention.inner_text()
    screenshot(page, "article")
    mention.click()
    page.wait_for_url(re.compile(r"/entities/\d+/$"))
    assert page.locator("h1").count() == 1
    assert page.locator(".meta-list").inner_text()  # names and aliases
    assert name in page.content() or page.locator("h1").inner_text()
    screenshot(page, "entity")


def test_upload_a_file_and_watch_it_become_processed(new_page, processing, korean_seed_bytes, tmp_path):
    page = new_page()
    log_in(page, editor())
    page.click("header nav >> text=Upload")
    path = tmp_path / "seed.txt"
    path.write_bytes(korean_seed_bytes)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    page.set_input_files("#id_files", [str(path), str(empty)])
    page.click("form.upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/articles/progress/\?ids="))
    assert "empty.txt" in page.locator(".messages").inner_text()
    status = page.locator("#progress [data-field=status]")
    assert status.count() == 1
    # No reload: progress.js polls the status endpoint and updates the row in place.
    page.wait_for_selector("#progress [data-field=status].status-processed", timeout=120_000)
    assert status.inner_text() == "processed"
    screenshot(page, "upload-progress")


def test_a_viewer_sees_no_editor_actions(new_page, seeds):
    ko, _ = seeds
    page = new_page()
    log_in(page, viewer())
    page.goto(f"/articles/{ko.pk}/")
    assert page.locator("[data-editor-action]").count() == 0
    assert page.locator("header nav >> text=Upload").count() == 0
    screenshot(page, "article-viewer")
    response = page.goto("/upload/")
    assert response.status == 403


PAGES = ["/", "/?q=KT", "/dashboard/", "/upload/", "/entities/", "/events/"]


@pytest.mark.parametrize("width", [1280, 360])
def test_pages_fit_the_screen(new_page, seeds, width):
    """Every page at desktop and phone width, without horizontal scrolling; screenshots for people."""
    ko, _ = seeds
    from entities.models import Entity

    entity = Entity.objects.filter(mentions__article=ko).first()
    page = new_page(width=width)
    log_in(page, editor())
    for url in [*PAGES, f"/articles/{ko.pk}/", f"/entities/{entity.pk}/"]:
        response = page.goto(url)
        assert response.status == 200, url
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        name = re.sub(r"[^a-z0-9]+", "-", url.strip("/").lower()) or "home"
        screenshot(page, f"{width}-{name}")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"
