"""Helpers shared by the API tests: API clients per role and articles written straight to the database.

Articles are created with the ORM (no pipeline run) so API tests stay fast; the tests that need real
processing ingest through articles.services.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools

from rest_framework.test import APIClient

from articles.models import Article, Outlet, Upload
from articles.tests.factories import editor, viewer
from newsroom.api import token_create

_counter = itertools.count(1)


def client_for(user=None) -> APIClient:
    """An API client authenticated with the user's token (anonymous without a user)."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user).key}")
    return client


def editor_client() -> APIClient:
    return client_for(editor())


def viewer_client() -> APIClient:
    return client_for(viewer())


def make_article(*, headline: str | None = None, body: str = "본문입니다.", language: str = "ko",
                 status: str = Article.Status.PROCESSED, outlet: Outlet | str | None = None, reporter_name: str = "",
                 published_date: datetime.date | None = None, file_name: str = "a.txt",
                 content: bytes | None = None) -> Article:
    n = next(_counter)
    headline = f"기사 {n}" if headline is None else headline
    text = f"{headline}\n{body}\n#{n}"
    data = content if content is not None else text.encode("utf-8")
    if isinstance(outlet, str):
        outlet, _ = Outlet.objects.get_or_create(name=outlet)
    upload = Upload.objects.create(file_name=file_name, content=data, size=len(data),
                                   sha256=hashlib.sha256(data).hexdigest(), encoding="utf-8", fmt="text")
    return Article.objects.create(
        upload=upload, source_text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), language=language,
        headline=headline, body_text=body, blocks=[{"kind": "paragraph", "text": body, "start": 0, "end": len(body)}],
        status=status, outlet=outlet, reporter_name=reporter_name, published_date=published_date,
        processed_at=datetime.datetime.now(datetime.UTC) if status == Article.Status.PROCESSED else None,
    )


def bulk_articles(count: int, **kwargs) -> list[int]:
    """Many processed articles at once (for export and pagination tests)."""
    uploads, articles = [], []
    for i in range(count):
        data = f"bulk {i} {kwargs.get('tag', '')}".encode()
        uploads.append(Upload(file_name=f"b{i}.txt", content=data, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                              encoding="utf-8", fmt="text"))
    Upload.objects.bulk_create(uploads)
    for i, upload in enumerate(uploads):
        text = f"bulk article {i} {kwargs.get('tag', '')}"
        articles.append(Article(upload=upload, source_text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                                language="en", headline=f"Bulk headline {i}", body_text=text,
                                status=Article.Status.PROCESSED, reporter_name="Kim"))
    Article.objects.bulk_create(articles)
    return list(Article.objects.filter(upload__in=uploads).values_list("pk", flat=True))


def error_of(response) -> dict:
    """The API's one error shape; fails the test when a response does not have it."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message", "fields"} <= set(body["error"]), body
    return body["error"]


__all__ = ["bulk_articles", "client_for", "editor", "editor_client", "error_of", "make_article", "viewer",
           "viewer_client"]
