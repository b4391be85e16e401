"""The pages that exist so far: login required, dashboard, article page, original download."""

import pytest
from django.urls import reverse

from articles import services
from articles.tests.factories import editor

pytestmark = pytest.mark.django_db


def test_every_page_needs_login(client):
    response = client.get(reverse("articles:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_dashboard_of_an_empty_archive(client):
    client.force_login(editor())
    response = client.get(reverse("articles:dashboard"))
    assert response.status_code == 200
    assert response.context["counts"] == {"pending": 0, "processing": 0, "processed": 0, "failed": 0}


def test_original_download_is_byte_for_byte(client, korean_seed_bytes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = services.article_ingest(data=korean_seed_bytes, file_name="김영섭.txt").article
    client.force_login(editor())

    page = client.get(reverse("articles:detail", args=[article.pk]))
    assert page.status_code == 200 and "[뉴투분석]" in page.content.decode()

    response = client.get(reverse("articles:original", args=[article.pk]))
    assert response.status_code == 200
    assert response.content == korean_seed_bytes
    assert response["Content-Disposition"].startswith("attachment;")


def test_admin_shows_articles_to_an_editor(client, korean_seed_bytes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.article_ingest(data=korean_seed_bytes, file_name="seed.txt")
    client.force_login(editor())
    response = client.get("/admin/articles/article/?q=김영섭")
    assert response.status_code == 200
    assert "KT 김영섭 호(號)" in response.content.decode()
