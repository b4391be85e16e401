"""The editorial pages for articles, per role: search, article page, upload and progress, dashboard."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleRevision
from articles.pipeline import steps
from articles.tests.factories import editor, viewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """A browser asking for the English interface (the default language is Korean)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")

PAGES = ["articles:search", "articles:dashboard", "articles:upload", "articles:progress", "entities:list", "entities:events"]


@pytest.fixture
def ingest(django_capture_on_commit_callbacks):
    """Ingest bytes and run processing in-process, as the embedded setup does."""

    def run(data: bytes, name: str = "upload.txt") -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            article = services.article_ingest(data=data, file_name=name).article
        article.refresh_from_db()
        return article

    return run


@pytest.fixture
def korean(ingest, korean_seed_bytes) -> Article:
    return ingest(korean_seed_bytes, "korean.txt")


def _pending(data: bytes = b"A pending article\n\nIts body waits for a worker.") -> Article:
    return services.article_ingest(data=data, file_name="pending.txt").article  # callbacks never run


@pytest.mark.parametrize("name", PAGES)
def test_every_page_needs_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_article_pages_need_login(client):
    article = _pending()
    for url in (reverse("articles:detail", args=[article.pk]), reverse("articles:original", args=[article.pk]),
                reverse("articles:status") + f"?ids={article.pk}"):
        response = client.get(url)
        assert response.status_code == 302, url


@pytest.mark.parametrize("make_user", [editor, viewer])
@pytest.mark.parametrize("name", ["articles:search", "articles:dashboard", "articles:progress", "entities:list", "entities:events"])
def test_pages_of_an_empty_archive(client, make_user, name):
    client.force_login(make_user())
    response = client.get(reverse(name))
    assert response.status_code == 200


def test_dashboard_of_an_empty_archive(client):
    client.force_login(editor())
    response = client.get(reverse("articles:dashboard"))
    assert response.status_code == 200
    assert response.context["counts"] == {"pending": 0, "processing": 0, "processed": 0, "failed": 0}
    assert "The archive is empty." in response.content.decode()


def test_search_with_a_query_on_an_empty_archive(client):
    client.force_login(viewer())
    response = client.get(reverse("articles:search"), {"q": '김영섭 "KT 대표" OR 구현모 -삼성', "sort": "newest"})
    assert response.status_code == 200
    assert response.context["result"].total == 0


def test_login_page_and_password_change(client):
    assert client.get(reverse("login")).status_code == 200
    user = viewer()
    client.force_login(user)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(reverse("password_change"), {
        "old_password": "a-long-test-password", "new_password1": "another-long-passphrase-7", "new_password2": "another-long-passphrase-7",
    })
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert client.get(reverse("password_change_done")).status_code == 200


def test_the_header_navigation_depends_on_the_role(client):
    client.force_login(viewer())
    page = client.get(reverse("articles:search")).content.decode()
    for name in ("articles:search", "entities:list", "entities:events", "articles:dashboard", "set_language", "logout"):
        assert f'"{reverse(name)}"' in page, name
    assert f'"{reverse("articles:upload")}"' not in page
    assert f'"{reverse("admin:index")}"' not in page

    client.force_login(editor())  # editors are staff in the factories
    page = client.get(reverse("articles:search")).content.decode()
    assert f'"{reverse("articles:upload")}"' in page and f'"{reverse("admin:index")}"' in page


def test_the_interface_speaks_korean_and_english(client):
    client.force_login(viewer())
    korean = client.get(reverse("articles:dashboard"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    english = client.get(reverse("articles:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "대시보드" in korean and "Dashboard" in english and "대시보드" not in english
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("articles:dashboard")})
    assert response.status_code == 302
    assert "Dashboard" in client.get(reverse("articles:dashboard")).content.decode()


# --- search -------------------------------------------------------------------------------------


def test_search_finds_the_korean_seed_with_highlights(client, korean):
    client.force_login(viewer())
    response = client.get(reverse("articles:search"), {"q": "김영섭"})
    assert response.status_code == 200
    result = response.context["result"]
    assert [hit.article.pk for hit in result.items] == [korean.pk]
    assert "<mark>김영섭</mark>" in response.content.decode()
    assert result.facets["language"][0]["value"] == "ko"


def test_search_filters_and_exclusions(client, korean):
    client.force_login(viewer())
    assert client.get(reverse("articles:search"), {"q": "김영섭", "language": "en"}).context["result"].total == 0
    assert client.get(reverse("articles:search"), {"q": "김영섭 -KT"}).context["result"].total == 0
    assert client.get(reverse("articles:search"), {"q": "없는낱말 OR 김영섭"}).context["result"].total == 1


def test_search_escapes_what_it_shows(client, ingest):
    ingest(b"Headline about <script>alert(1)</script> things\n\nThe body mentions <b>bold</b> claims about zebras today.")
    client.force_login(viewer())
    page = client.get(reverse("articles:search"), {"q": "zebras"}).content.decode()
    assert "<script>alert(1)</script>" not in page and "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page or "bold" in page


def test_search_with_a_bad_cursor_shows_the_first_page(client, korean):
    client.force_login(viewer())
    response = client.get(reverse("articles:search"), {"q": "김영섭", "cursor": "not-a-cursor!"})
    assert response.status_code == 200 and response.context["result"].total == 1


# --- the article page ----------------------------------------------------------------------------


def test_article_page_marks_entities_and_links_them(client, korean):
    client.force_login(viewer())
    response = client.get(reverse("articles:detail", args=[korean.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "[뉴투분석]" in page and korean.headline in page
    mention = korean.mentions.select_related("entity").first()
    assert mention is not None
    assert f'href="{reverse("entities:detail", args=[mention.entity_id])}"' in page
    assert f"kind-{mention.entity.kind.lower()}" in page
    for event in korean.events.all():
        assert f'id="ev-{event.pk}"' in page


def test_article_page_carries_newsarticle_jsonld(client, korean):
    import json
    import re

    client.force_login(viewer())
    page = client.get(reverse("articles:detail", args=[korean.pk])).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "NewsArticle" and data["headline"] == korean.headline[:110]
    assert data["author"] == {"@type": "Person", "name": korean.reporter_name}
    assert data["url"].endswith(reverse("articles:detail", args=[korean.pk]))


def test_article_page_escapes_the_body(client, ingest):
    article = ingest(b"<p>Plain headline here</p><p>Body with &lt;script&gt;alert(1)&lt;/script&gt; in it, written by someone.</p>",
                     "page.html")
    client.force_login(viewer())
    page = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_article_page_of_a_pending_article(client):
    article = _pending()
    client.force_login(viewer())
    response = client.get(reverse("articles:detail", args=[article.pk]))
    assert response.status_code == 200
    assert "The body appears once the article is processed." in response.content.decode()


def test_article_page_of_an_article_that_failed_processing(client, ingest):
    steps.cache_clear()
    with override_settings(NEWSROOM_PIPELINE_STEPS=["articles.pipeline.StructureStep", "tests.faults.RaiseOnMarkerStep"]):
        article = ingest(b"Headline of a doomed article\n\nFAULT-RAISE in the body of the article.")
    steps.cache_clear()
    assert article.status == "failed"
    for user in (viewer(), editor()):
        client.force_login(user)
        response = client.get(reverse("articles:detail", args=[article.pk]))
        assert response.status_code == 200
        assert "injected fault" in response.content.decode()
    dashboard = client.get(reverse("articles:dashboard")).content.decode()
    assert "injected fault" in dashboard and reverse("articles:reprocess", args=[article.pk]) in dashboard


def test_article_without_a_date_and_an_editor_sets_it(client, ingest, django_capture_on_commit_callbacks):
    article = ingest(b"A headline without any date\n\nThe body says nothing about when this happened at all.")
    assert article.published_date is None
    client.force_login(viewer())
    page = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert "date unknown" in page and reverse("articles:metadata", args=[article.pk]) not in page

    user = editor()
    client.force_login(user)
    page = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert reverse("articles:metadata", args=[article.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("articles:metadata", args=[article.pk]), {"published_date": "2024-03-05", "language": ""})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.published_date == datetime.date(2024, 3, 5) and article.published_date_set_by_editor
    assert article.status == "processed"
    revision = ArticleRevision.objects.get(article=article)
    assert revision.field == "published_date" and revision.user == user
    page = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert "2024-03-05" in page and "queued for re-processing" in page


def test_viewers_cannot_change_articles(client, korean):
    client.force_login(viewer())
    page = client.get(reverse("articles:detail", args=[korean.pk])).content.decode()
    assert "data-editor-action" not in page
    assert client.post(reverse("articles:reprocess", args=[korean.pk])).status_code == 403
    assert client.post(reverse("articles:metadata", args=[korean.pk]), {"published_date": "2020-01-01"}).status_code == 403
    assert client.get(reverse("articles:upload")).status_code == 403
    assert client.post(reverse("articles:upload"), {"text": "Some headline\n\nSome text"}).status_code == 403
    korean.refresh_from_db()
    assert korean.published_date != datetime.date(2020, 1, 1)


def test_editor_reprocesses_an_article(client, korean, django_capture_on_commit_callbacks):
    client.force_login(editor())
    page = client.get(reverse("articles:detail", args=[korean.pk])).content.decode()
    assert 'data-editor-action="reprocess"' in page
    assert client.get(reverse("articles:reprocess", args=[korean.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("articles:reprocess", args=[korean.pk]))
    assert response.status_code == 302
    korean.refresh_from_db()
    assert korean.status == "processed" and korean.attempts == 2


def test_original_download_is_byte_for_byte(client, korean, korean_seed_bytes):
    client.force_login(viewer())
    response = client.get(reverse("articles:original", args=[korean.pk]))
    assert response.status_code == 200
    assert response.content == korean_seed_bytes
    assert response["Content-Disposition"].startswith("attachment;")


def test_comment_section_shows_only_visible_comments(client, korean):
    from comments.models import Comment

    Comment.objects.create(article=korean, author_name="reader", body="A published remark", status="published")
    Comment.objects.create(article=korean, author_name="troll", body="A hidden remark", status="hidden")
    client.force_login(viewer())
    response = client.get(reverse("articles:detail", args=[korean.pk]))
    page = response.content.decode()
    if response.context["comments_template"] is None:
        assert "A published remark" in page
    assert "A hidden remark" not in page


# --- upload and progress -------------------------------------------------------------------------


def test_upload_several_files_one_refused(client, korean_seed_bytes, english_seed_bytes, django_capture_on_commit_callbacks):
    client.force_login(editor())
    assert client.get(reverse("articles:upload")).status_code == 200
    files = [
        SimpleUploadedFile("ko.txt", korean_seed_bytes, content_type="text/plain"),
        SimpleUploadedFile("empty.txt", b"", content_type="text/plain"),
        SimpleUploadedFile("en.txt", english_seed_bytes, content_type="text/plain"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("articles:upload"), {"files": files, "language": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("articles:progress") + "?ids=")
    assert Article.objects.count() == 2
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "empty.txt" in text and "(empty)" in text  # the refusal, with its code
    assert len(page.context["rows"]) == 2
    ids = response["Location"].split("=", 1)[1]
    data = client.get(reverse("articles:status"), {"ids": ids}).json()
    assert [row["status"] for row in data["articles"]] == ["processed", "processed"]
    assert all(row["url"].startswith("/articles/") for row in data["articles"])


def test_upload_pasted_text_with_a_chosen_language(client):
    client.force_login(editor())
    response = client.post(reverse("articles:upload"), {"text": "A pasted headline\n\nA pasted body of some length.", "language": "en"})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.language == "en" and article.language_fixed and article.status == "pending"
    page = client.get(response["Location"]).content.decode()
    assert 'data-status-url="/articles/status"' in page and "js/progress.js" in page


def test_upload_with_nothing_shows_the_form_again(client):
    client.force_login(editor())
    response = client.post(reverse("articles:upload"), {"text": "  "})
    assert response.status_code == 200
    assert "Choose at least one file or paste some text." in response.content.decode()


def test_upload_where_every_file_is_refused(client):
    client.force_login(editor())
    response = client.post(reverse("articles:upload"), {"files": [SimpleUploadedFile("x.bin", b"\x00\x01\x02" * 50)]}, follow=True)
    assert response.status_code == 200 and Article.objects.count() == 0
    assert "x.bin" in response.content.decode()


def test_status_endpoint_ignores_junk(client):
    client.force_login(viewer())
    article = _pending()
    data = client.get(reverse("articles:status"), {"ids": f"{article.pk},abc,,99999,{article.pk}"}).json()
    assert [row["id"] for row in data["articles"]] == [article.pk]
    assert data["articles"][0]["status"] == "pending"


def test_search_page_uses_the_search_index_when_its_step_is_configured(client, settings, korean_seed_bytes,
                                                                       django_capture_on_commit_callbacks):
    pytest.importorskip("search.pipeline")
    settings.NEWSROOM_PIPELINE_STEPS = [*settings.NEWSROOM_PIPELINE_STEPS, "search.pipeline.IndexStep"]
    steps.cache_clear()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article = services.article_ingest(data=korean_seed_bytes, file_name="ko.txt").article
        client.force_login(viewer())
        response = client.get(reverse("articles:search"), {"q": "김영섭", "sort": "relevance"})
        result = response.context["result"]
        assert result.engine == "index"
        assert [hit.article.pk for hit in result.items] == [article.pk]
        assert "<mark>" in response.content.decode()
        assert client.get(reverse("articles:search"), {"q": "김영섭", "cursor": "garbage"}).status_code == 200
    finally:
        steps.cache_clear()
