"""The articles API, per endpoint and per role: anonymous 401, viewers read, editors write."""

from __future__ import annotations

import csv
import datetime
import io
import json
import tracemalloc

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from articles import api as articles_api
from articles.jsonld import article_jsonld
from articles.models import Article, ArticleRevision, Outlet
from entities.models import Entity, Event, Mention
from tests.api.helpers import (
    bulk_articles,
    client_for,
    editor,
    editor_client,
    error_of,
    make_article,
    viewer,
    viewer_client,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()  # throttle history lives in the cache; ids repeat across rolled-back tests
    yield
    cache.clear()


def detail(pk: int, suffix: str = "") -> str:
    return f"/api/v1/articles/{pk}{suffix}"


# --- authentication and roles ---------------------------------------------------------------------


@pytest.mark.parametrize("method,path", [
    ("get", LIST), ("post", LIST), ("get", "/api/v1/articles/1"), ("patch", "/api/v1/articles/1"),
    ("get", "/api/v1/articles/1/history"), ("get", "/api/v1/articles/export"), ("get", "/api/v1/uploads/status?ids=1"),
    ("get", "/api/v1/feed.atom"), ("post", "/api/v1/tokens"),
])
def test_anonymous_gets_401_with_a_challenge(method, path):
    response = getattr(APIClient(), method)(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert error_of(response)["code"] == "not_authenticated"


def test_a_wrong_token_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get(LIST)
    assert response.status_code == 401 and error_of(response)["code"] == "authentication_failed"


def test_viewer_reads_but_cannot_write():
    article = make_article()
    client = viewer_client()
    assert client.get(LIST).status_code == 200
    assert client.get(detail(article.pk)).status_code == 200
    for response in (
        client.post(LIST, {"text": "새 기사\n본문"}, format="json"),
        client.patch(detail(article.pk), {"headline": "x"}, format="json"),
        client.delete(detail(article.pk)),
        client.post(detail(article.pk, "/reprocess")),
        client.post("/api/v1/tokens"),
    ):
        assert response.status_code == 403, response.content
        assert error_of(response)["code"] == "permission_denied"
    assert Article.objects.filter(pk=article.pk, headline=article.headline).exists()


def test_viewers_see_processed_articles_only_editors_see_all():
    done = make_article()
    failed = make_article(status=Article.Status.FAILED)
    viewer_ids = {a["id"] for a in viewer_client().get(LIST).json()["results"]}
    editor_ids = {a["id"] for a in editor_client().get(LIST).json()["results"]}
    assert viewer_ids == {done.pk} and editor_ids == {done.pk, failed.pk}
    assert viewer_client().get(detail(failed.pk)).status_code == 404


def test_session_auth_enforces_csrf(client):
    user = editor()
    csrf_client = APIClient(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    assert csrf_client.get(LIST).status_code == 200
    response = csrf_client.post("/api/v1/tokens")
    assert response.status_code == 403 and "CSRF" in error_of(response)["message"]


# --- errors -----------------------------------------------------------------------------------------


def test_errors_have_one_shape():
    client = editor_client()
    missing = client.get(detail(999999))
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"
    put = client.put(detail(make_article().pk), {}, format="json")
    assert put.status_code == 405 and error_of(put)["code"] == "method_not_allowed"
    huge = client.get(detail(10**30, "/history"))
    assert huge.status_code == 404 and error_of(huge)["code"] == "not_found"
    unknown = client.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404 and error_of(unknown)["code"] == "not_found"
    bad = client.get(LIST, {"language": "fr", "date_from": "yesterday"})
    assert bad.status_code == 400
    assert set(error_of(bad)["fields"]) == {"language", "date_from"}


def test_unexpected_exception_is_a_500_in_the_error_shape(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(articles_api, "visible_articles", boom)
    client = editor_client()
    client.raise_request_exception = False
    response = client.get(LIST)
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "server_error" and "fire" not in error["message"]


def test_throttled_requests_get_429_with_retry_after():
    from django.conf import settings

    rates = {**settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}), "user": "3/minute"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        client = viewer_client()
        codes = [client.get(LIST).status_code for _ in range(4)]
        response = client.get(LIST)
    assert codes[:3] == [200, 200, 200] and response.status_code == 429
    assert int(response["Retry-After"]) > 0 and error_of(response)["code"] == "throttled"


# --- list, filters, pagination, search --------------------------------------------------------------


def test_list_is_cursor_paginated_with_a_hard_maximum():
    bulk_articles(105)
    client = viewer_client()
    first = client.get(LIST, {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"] and first["facets"] is None
    second = client.get(first["next"]).json()
    assert {a["id"] for a in first["results"]}.isdisjoint(a["id"] for a in second["results"])
    assert len(client.get(LIST, {"page_size": 1000}).json()["results"]) == 100


def test_list_filters():
    outlet = Outlet.objects.create(name="뉴시스")
    ko = make_article(outlet=outlet, reporter_name="김기자", published_date=datetime.date(2024, 3, 1))
    en = make_article(language="en", published_date=datetime.date(2020, 1, 1))
    entity = Entity.objects.create(kind="ORG", name_ko="케이티", name_en="KT")
    Mention.objects.create(article=en, entity=entity, start=0, end=2, text="KT")
    Event.objects.create(type="launch", trigger="출시", article=ko, evidence_start=0, evidence_end=1, evidence="x")
    client = viewer_client()

    def ids(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content
        return {a["id"] for a in response.json()["results"]}

    assert ids(language="en") == {en.pk}
    assert ids(outlet=outlet.pk) == {ko.pk}
    assert ids(reporter="김기자") == {ko.pk}
    assert ids(date_from="2023-01-01") >= {ko.pk} and en.pk not in ids(date_from="2023-01-01")
    assert ids(date_to="2021-01-01") == {en.pk}
    assert ids(entity=entity.pk) == {en.pk}
    assert ids(event_type="launch") == {ko.pk}
    assert error_of(client.get(LIST, {"outlet": 999999}))["fields"].keys() == {"outlet"}


def test_search_uses_the_index_with_facets_and_snippets():
    from search.services import search_index_article

    hit = make_article(headline="한국전력 협약 체결", body="한국전력이 새로운 협약을 체결했다.", language="ko")
    miss = make_article(headline="날씨", body="맑음", language="ko")
    for article in (hit, miss):
        search_index_article(article=article)
    response = viewer_client().get(LIST, {"q": "협약", "language": "ko", "snippets": "true", "facets": "true"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [a["id"] for a in body["results"]] == [hit.pk]
    assert body["total"] == 1 and body["facets"]["language"][0]["value"] == "ko"
    assert any(f["match"] for snippet in body["results"][0]["snippets"] for f in snippet)
    plain = viewer_client().get(LIST, {"q": "협약"}).json()
    assert plain["results"][0]["snippets"] is None and plain["facets"] is None  # both opt-in
    assert error_of(viewer_client().get(LIST, {"q": "협약", "cursor": "garbage!"}))["code"] == "invalid_cursor"
    assert viewer_client().get(LIST, {"sort": "newest"}).status_code == 400  # sort needs q


# --- create, status, detail -------------------------------------------------------------------------


def test_editor_uploads_json_and_gets_202_with_location():
    client = editor_client()
    response = client.post(LIST, {"text": "새 기사 제목\n본문 문장입니다.", "language": "ko", "file_name": "new.txt"},
                           format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert response["Location"] == body["url"] and body["status"] == "pending" and body["created"] is True
    article = Article.objects.get(pk=body["id"])
    assert article.upload.file_name == "new.txt" and article.language == "ko" and article.language_fixed
    again = client.post(LIST, {"text": "새 기사 제목\n본문 문장입니다."}, format="json")
    assert again.status_code == 200 and again.json()["id"] == article.pk and again.json()["created"] is False
    status = client.get(body["status_url"]).json()
    assert status["status"] == "pending" and status["id"] == article.pk


def test_upload_rejections_are_400_with_the_decoder_code():
    client = editor_client()
    empty = client.post(LIST, {"text": "   "}, format="json")
    assert empty.status_code == 400 and error_of(empty)["code"] == "empty"
    binary = client.post(LIST, {"file": io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)}, format="multipart")
    assert binary.status_code == 400 and error_of(binary)["code"] in {"binary", "unknown_type"}
    neither = client.post(LIST, {}, format="json")
    assert neither.status_code == 400 and "text" in error_of(neither)["fields"]
    assert not Article.objects.exists()


def test_multipart_upload_is_processed_and_the_detail_has_everything(
    korean_seed_bytes, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client = editor_client()
    upload = io.BytesIO(korean_seed_bytes)
    upload.name = "김영섭.txt"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LIST, {"file": upload}, format="multipart")
    assert response.status_code == 202, response.content
    pk = response.json()["id"]
    article = Article.objects.get(pk=pk)
    assert article.status == "processed", article.error
    with django_assert_max_num_queries(15):  # constant: everything is prefetched
        body = client.get(detail(pk)).json()
    assert body["headline"] and body["file_name"] == "김영섭.txt"
    assert body["mentions"] and body["entities"] and body["entities"][0]["mentions"] >= 1
    assert {"events", "quotes", "amounts", "dates", "comment_policy", "blocks"} <= set(body)
    assert "source_text" not in body
    original = client.get(body["original_url"])
    assert original.status_code == 200 and original.content == korean_seed_bytes
    assert "filename*=UTF-8''%EA%B9%80" in original["Content-Disposition"]


def test_batch_status():
    a, b = make_article(), make_article(status=Article.Status.PENDING)
    body = editor_client().get("/api/v1/uploads/status", {"ids": f"{a.pk},{b.pk},999999"}).json()
    assert [r["status"] for r in body["results"]] == ["processed", "pending"] and body["missing"] == [999999]
    assert editor_client().get("/api/v1/uploads/status", {"ids": "1,x"}).status_code == 400


# --- editorial changes ------------------------------------------------------------------------------


def test_patch_metadata_records_history_and_reprocesses():
    article = make_article(headline="옛 제목")
    user = editor()
    client = client_for(user)
    response = client.patch(detail(article.pk), {"headline": "새 제목", "outlet": "연합뉴스",
                                                  "published_date": "2024-05-01"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["headline"] == "새 제목" and body["outlet"]["name"] == "연합뉴스"
    assert body["published_date"] == "2024-05-01" and body["published_date_set_by_editor"] is True
    assert body["status"] == "pending"  # queued for re-processing
    history = client.get(detail(article.pk, "/history")).json()
    changes = {r["field"]: (r["old_value"], r["new_value"], r["user"]) for r in history["revisions"]}
    assert changes["headline"] == ("옛 제목", "새 제목", user.username)
    assert "queued for re-processing" in [line["message"] for line in history["processing_log"]]
    outlet = Outlet.objects.get(name="연합뉴스")
    assert client.patch(detail(article.pk), {"outlet": outlet.pk}, format="json").status_code == 200
    invalid = client.patch(detail(article.pk), {"published_date": "not a date", "outlet": 987654}, format="json")
    assert invalid.status_code == 400 and set(error_of(invalid)["fields"]) == {"published_date", "outlet"}
    assert client.patch(detail(article.pk), {}, format="json").status_code == 400
    assert ArticleRevision.objects.filter(article=article).count() == 3  # the same outlet again is no change


def test_reprocess_and_delete():
    article = make_article(status=Article.Status.FAILED)
    client = editor_client()
    response = client.post(detail(article.pk, "/reprocess"))
    assert response.status_code == 202 and response.json()["status"] == "pending"
    assert client.delete(detail(article.pk)).status_code == 204
    assert client.get(detail(article.pk)).status_code == 404
    assert not Article.objects.filter(pk=article.pk).exists()


# --- export -----------------------------------------------------------------------------------------


def _consume(response) -> bytes:
    return b"".join(response.streaming_content)


def test_export_csv_streams_every_row():
    bulk_articles(1_050)
    make_article(headline="=HYPERLINK(\"http://evil\")", language="ko")
    response = viewer_client().get("/api/v1/articles/export", {"format": "csv"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(_consume(response).decode("utf-8"))))
    assert len(rows) == 1_051
    assert list(rows[0]) == articles_api.EXPORT_COLUMNS
    assert any(r["headline"].startswith("'=HYPERLINK") for r in rows)  # no formula injection


def test_export_jsonl_with_filters_and_entities():
    ko = make_article(language="ko")
    make_article(language="en")
    entity = Entity.objects.create(kind="ORG", name_ko="케이티", name_en="KT")
    Mention.objects.create(article=ko, entity=entity, start=0, end=2, text="KT")
    response = viewer_client().get("/api/v1/articles/export", {"format": "jsonl", "language": "ko"})
    lines = [json.loads(line) for line in _consume(response).decode().splitlines()]
    assert [(r["id"], r["entities"]) for r in lines] == [(ko.pk, ["케이티"])]
    assert lines[0]["url"].endswith(f"/articles/{ko.pk}/")
    bad = viewer_client().get("/api/v1/articles/export", {"format": "xml"})
    assert bad.status_code == 400 and "format" in error_of(bad)["fields"]


def test_export_memory_does_not_grow_with_rows(monkeypatch):
    monkeypatch.setattr(articles_api, "EXPORT_BATCH_SIZE", 100)
    client = viewer_client()

    def peak(tag: str, count: int) -> int:
        bulk_articles(count, tag=tag)
        response = client.get("/api/v1/articles/export", {"format": "csv", "reporter": "Kim"})
        tracemalloc.start()
        n = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert n >= count
        return top

    small = peak("small", 200)
    large = peak("large", 2_000)  # 2,200 rows in total now
    assert large < 3 * small, (small, large)


# --- news standards ---------------------------------------------------------------------------------


def test_ninjs():
    article = make_article(headline="KT 김영섭 호", body="KT가 발표했다.", outlet="뉴투데이", reporter_name="이기자",
                           published_date=datetime.date(2023, 8, 30))
    person = Entity.objects.create(kind="PERSON", name_ko="김영섭", name_en="Kim Young-shub")
    Mention.objects.create(article=article, entity=person, start=0, end=3, text="김영섭")
    body = viewer_client().get(detail(article.pk, "/ninjs")).json()
    assert body["$standard"]["name"] == "ninjs" and body["$standard"]["version"].startswith("2.")
    assert body["type"] == "text" and body["language"] == "ko" and body["uri"].endswith(f"/articles/{article.pk}")
    assert body["headlines"][0] == {"role": "main", "value": "KT 김영섭 호"}
    assert body["bodies"][0]["value"] == "KT가 발표했다." and body["by"] == "이기자"
    assert body["people"][0]["name"] == "김영섭" and body["subjects"][0]["rel"] == "about"
    assert body["versioncreated"] and body["firstcreated"]


def test_atom_feed_escapes_everything():
    make_article(headline="<script>alert(1)</script> & \x07bell", body="<b>bold</b>")
    response = viewer_client().get("/api/v1/feed.atom")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; bell" in xml
    import xml.etree.ElementTree as ET

    assert ET.fromstring(response.content).tag.endswith("feed")


def test_jsonld_is_safe_inside_a_script_element(rf):
    article = make_article(headline="</script><script>alert(1)</script>", outlet="A&B")
    text = article_jsonld(article, rf.get("/"))
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["@type"] == "NewsArticle" and data["headline"].startswith("</script>")
    assert data["publisher"]["name"] == "A&B"


# --- tokens -----------------------------------------------------------------------------------------


def test_editor_creates_and_revokes_their_token_from_a_session():
    user = editor()
    session = APIClient()
    session.force_login(user)
    created = session.post("/api/v1/tokens")
    assert created.status_code == 201
    token = created.json()["token"]
    with_token = APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert with_token.get(LIST).status_code == 200
    assert session.delete("/api/v1/tokens").status_code == 204
    assert with_token.get(LIST).status_code == 401
    assert session.delete("/api/v1/tokens").status_code == 404


def test_create_token_command(capsys):
    user = viewer()
    call_command("create_token", user.username)
    token = capsys.readouterr().out.strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(LIST).status_code == 200
    call_command("create_token", user.username)
    assert capsys.readouterr().out.strip() == token  # printed again, not replaced
    call_command("create_token", user.username, "--revoke")
    assert client.get(LIST).status_code == 401


def test_schema_and_docs_are_served_from_local_assets(client):
    schema = client.get(reverse("schema"), {"format": "json"})
    assert schema.status_code == 200 and "/api/v1/articles/export" in schema.json()["paths"]
    swagger = client.get(reverse("swagger-ui"))
    assert swagger.status_code == 200 and b"drf_spectacular_sidecar" in swagger.content
    assert client.get(reverse("redoc")).status_code == 200
