"""The API's hot paths answer byte for byte what the reference serializers do.

Detail: on PostgreSQL GET /api/v1/articles/{id} reads the article with
articles.selectors.article_detail_record and formats it with article_detail_representation;
elsewhere it serializes the models (so on SQLite these tests check the reference against itself and
the list orders; the PostgreSQL half of scripts/test.sh runs them against the one-query path).
List and search: article_list_items on every database. The tests render the reference serializer
over the ORM's models and compare bytes (so 1.0 vs 1, "1.500000" vs 1.5, a date's or a time's
format would all show), for every role.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from articles.api import _detail_queryset
from articles.models import Article, CommentPolicy, Outlet
from articles.selectors import article_detail_in_one_query, article_detail_record
from articles.serializers import (
    ArticleDetailSerializer,
    ArticleListItemSerializer,
    article_list_items,
    pk_urls,
)
from articles.tests.factories import UserFactory
from entities.models import Amount, DateMention, Entity, Event, EventParticipant, Mention, Quote
from tests.api.helpers import client_for, editor, make_article, viewer

pytestmark = pytest.mark.django_db

ROLES = ("editor", "viewer", "superuser", "no role")


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def _user(role: str):
    if role == "editor":
        return editor()
    if role == "viewer":
        return viewer()
    if role == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    return UserFactory()


def _reference(pk: int) -> bytes:
    """The body the serializer gives for the article, read through the ORM."""
    article = _detail_queryset(Article.objects.all()).get(pk=pk)
    request = RequestFactory().get("/")  # host "testserver", as the test client's requests
    data = ArticleDetailSerializer(article, context={"request": request}).data
    return JSONRenderer().render(data, "application/json", {})


def _full_article() -> Article:
    """An article with every list, awkward values included (integral floats, ties, nulls, decimals)."""
    policy = CommentPolicy.objects.create(max_length=300, spaces_count=False, categories=["profanity"],
                                          actions={"profanity": "hold"}, source_text="300자 이내")
    outlet = Outlet.objects.create(name="한겨레", default_policy=policy)
    article = make_article(headline="정부 \"예산\" 발표\\n", body="김철수 장관은 1조 2천억 원을 2024년 3월에 말했다.",
                           outlet=outlet, reporter_name="기자", published_date=datetime.date(2024, 3, 5))
    Article.objects.filter(pk=article.pk).update(
        subheadlines=["부제 1", ""], dateline={"place": "서울", "date": "2024-03-05"}, rubric="경제",
        reporter_role="기자", reporter_email="a@example.com", published_precision="day", attempts=2,
        pipeline_version="structure@1", error="", comment_count=3,
    )
    kim = Entity.objects.create(kind="PERSON", name_ko="김철수", name_en="Kim Chul-soo")
    gov = Entity.objects.create(kind="ORG", name_ko="정부")
    seoul = Entity.objects.create(kind="PLACE", name_ko="서울", name_en="Seoul")
    for entity, start, confidence in [(kim, 0, 1.0), (gov, 0, 0.1 + 0.2), (kim, 10, 1e-7), (seoul, 20, 0.5),
                                      (gov, 30, 1.0)]:
        Mention.objects.create(article=article, entity=entity, start=start, end=start + 3, text="x" * 3,
                               method="crf", confidence=confidence)
    money = Amount.objects.create(article=article, kind="money", currency="KRW", value=Decimal("1200000000000"),
                                  text="1조 2천억 원", start=8, end=16, unit="원")
    Amount.objects.create(article=article, kind="ratio", value=Decimal("-0.5"), approximate=True, text="절반",
                          start=8, end=10)
    Amount.objects.create(article=article, kind="quantity", value=None, text="몇", start=2, end=3)
    Amount.objects.create(article=article, kind="money", value=Decimal("12345678901234567890.123456"),
                          text="큰 돈", start=40, end=44)
    for date, confidence in [(datetime.date(2024, 3, 1), 1.0), (None, 0.25), (datetime.date(1999, 1, 1), 0.75)]:
        event = Event.objects.create(type="ANNOUNCE" if date else "MEET", trigger="말했다", date=date,
                                     end_date=date and date + datetime.timedelta(days=2), date_precision="day",
                                     date_text="3월", place=seoul if date else None, place_text="서울",
                                     article=article, evidence="김철수 장관은 … 말했다.", evidence_start=0,
                                     evidence_end=30, amount=money if date else None, confidence=confidence)
        EventParticipant.objects.create(event=event, entity=kim, text="김철수", role="speaker")
        EventParticipant.objects.create(event=event, entity=None, text="누군가", role="object")
    Quote.objects.create(article=article, speaker=kim, speaker_text="김철수", text="\"예산은\t충분하다\"", start=5,
                         end=20)
    Quote.objects.create(article=article, speaker=None, text="익명", start=5, end=8)
    DateMention.objects.create(article=article, text="2024년 3월", start=17, end=25, value=datetime.date(2024, 3, 1),
                               end_value=datetime.date(2024, 3, 31), precision="month", resolved=True)
    DateMention.objects.create(article=article, text="어제", start=17, end=19)
    return article


def _articles() -> list[Article]:
    full = _full_article()
    bare = make_article(headline="", body="", language="")  # no outlet, no lists, no dates
    own_policy = make_article(outlet=full.outlet)  # its own policy wins over the outlet's
    CommentPolicy.objects.create(article=own_policy, max_length=None, categories=[], actions={})
    outlet_without_policy = make_article(outlet="매체")
    pending = make_article(status=Article.Status.PENDING)
    failed = make_article(status=Article.Status.FAILED)
    Article.objects.filter(pk=failed.pk).update(error="extract step failed: boom", attempts=3)
    return [full, bare, own_policy, outlet_without_policy, pending, failed]


@pytest.mark.parametrize("role", ROLES)
def test_detail_body_is_the_serializers_for_every_role(role):
    articles = _articles()
    client = client_for(_user(role))
    sees_everything = role in ("editor", "superuser")
    for article in articles:
        response = client.get(f"/api/v1/articles/{article.pk}")
        if article.status != Article.Status.PROCESSED and not sees_everything:
            assert response.status_code == 404, (role, article.status)
            assert response.json()["error"]["code"] == "not_found"
            continue
        assert response.status_code == 200, response.content
        assert response.content == _reference(article.pk), (role, article.pk)


def test_detail_over_a_session_is_the_same():
    article = _full_article()
    client = APIClient()
    client.force_login(viewer())
    response = client.get(f"/api/v1/articles/{article.pk}")
    assert response.status_code == 200 and response.content == _reference(article.pk)


def test_lists_come_in_text_order_with_ties_by_id():
    article = _full_article()
    body = client_for(viewer()).get(f"/api/v1/articles/{article.pk}").json()
    mentions = [(m["start"], m["id"]) for m in body["mentions"]]
    assert mentions == sorted(mentions) and mentions[0][0] == mentions[1][0]  # a tie on start, by id
    amounts = [(a["start"], a["id"]) for a in body["amounts"]]
    assert amounts == sorted(amounts)
    assert [e["date"] for e in body["events"]] == ["1999-01-01", "2024-03-01", None]
    assert body["amounts"][1]["value"] == "1200000000000.000000" and body["amounts"][0]["value"] is None
    assert [e["mentions"] for e in body["entities"]] == [2, 2, 1]
    assert body["comment_policy"]["source"] == "outlet" and body["events"][0]["participants"][1]["entity"] is None


def test_detail_costs_two_queries_on_postgresql(django_assert_num_queries):
    if not article_detail_in_one_query():
        pytest.skip("the one-query detail is PostgreSQL's; other databases serialize the models")
    article = _full_article()
    client = client_for(viewer())
    with django_assert_num_queries(2):  # the token with the user and role, then the article
        assert client.get(f"/api/v1/articles/{article.pk}").status_code == 200


def test_the_record_is_none_for_ids_out_of_range():
    if not article_detail_in_one_query():
        pytest.skip("the one-query detail is PostgreSQL's")
    assert article_detail_record(2**63, processed_only=False) is None
    assert article_detail_record(0, processed_only=False) is None
    assert client_for(editor()).get(f"/api/v1/articles/{10**30}").status_code == 404


def test_a_processed_seed_article_reads_the_same(korean_seed_bytes, django_capture_on_commit_callbacks):
    """Real pipeline output: mentions linked to entities, events, quotes, amounts, dates, the policy."""
    from articles import services

    with django_capture_on_commit_callbacks(execute=True):
        result = services.article_ingest(data=korean_seed_bytes, file_name="seed.txt")
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == Article.Status.PROCESSED, article.error
    assert article.mentions.exists() and article.date_mentions.exists()
    for role in ("editor", "viewer"):
        response = client_for(_user(role)).get(f"/api/v1/articles/{article.pk}")
        assert response.status_code == 200 and response.content == _reference(article.pk), role


# --- list and search ------------------------------------------------------------------------------


def _render(data) -> bytes:
    return JSONRenderer().render(data, "application/json", {})


def test_list_items_are_the_serializers():
    articles = _articles()
    Article.objects.filter(pk=articles[0].pk).update(processed_at=datetime.datetime(2024, 3, 5, 0, 0, 0, 5,
                                                                                      tzinfo=datetime.UTC))
    request = RequestFactory().get("/")
    read = list(Article.objects.select_related("outlet").order_by("pk"))
    snippets = {read[0].pk: [[("김철수", True), (" 장관은", False)]], read[1].pk: []}
    for context in ({"request": request}, {"request": request, "snippets": snippets}):
        reference = ArticleListItemSerializer(read, many=True, context=context).data
        assert _render(article_list_items(read, request, context.get("snippets"))) == _render(reference)


@pytest.mark.parametrize("role", ROLES)
def test_list_page_is_the_serializers_for_every_role(role):
    _articles()
    response = client_for(_user(role)).get("/api/v1/articles", {"page_size": 100})
    assert response.status_code == 200
    results = response.json()["results"]
    read = Article.objects.select_related("outlet").in_bulk([r["id"] for r in results])
    reference = ArticleListItemSerializer([read[r["id"]] for r in results], many=True,
                                          context={"request": RequestFactory().get("/")}).data
    assert _render(results) == _render(reference)
    assert len(results) == (6 if role in ("editor", "superuser") else 4)


@pytest.mark.parametrize("snippets", [False, True])
def test_search_page_is_the_serializers(snippets):
    from search.selectors import search_articles
    from search.services import search_index_article

    for article in _articles():
        if article.status == Article.Status.PROCESSED:
            search_index_article(article=Article.objects.get(pk=article.pk))
    params = {"q": "김철수 OR 기사", "facets": "true", **({"snippets": "true"} if snippets else {})}
    body = client_for(viewer()).get("/api/v1/articles", params).json()
    result = search_articles(params["q"], with_snippets=snippets)
    assert [r["id"] for r in body["results"]] == [hit.article.pk for hit in result.items] and body["results"]
    context = {"request": RequestFactory().get("/"),
               "snippets": {hit.article.pk: hit.snippets for hit in result.items} if snippets else None}
    reference = ArticleListItemSerializer([hit.article for hit in result.items], many=True, context=context).data
    assert _render(body["results"]) == _render(reference)
    assert body["facets"]["outlet"][0]["label"] == "한겨레"
    assert {f["label"] for f in body["facets"]["entity"]} == {"김철수 / Kim Chul-soo", "정부", "서울 / Seoul"}


def test_pk_urls_are_reverse_under_any_script_prefix():
    from django.urls import get_script_prefix, reverse, set_script_prefix

    request = RequestFactory().get("/")
    previous = get_script_prefix()
    try:
        # non-ASCII (escaped by build_absolute_uri), "." segments (joined, not prefixed), the marker's digits
        for prefix in ("/", "/newsroom/", "/뉴스룸 아카이브/", "/a/./b/../", "/9876543210/"):
            set_script_prefix(prefix)
            for name in ("api:article-detail", "articles:detail", "api:article-original", "api:entity-detail"):
                for pk in (1, 42, 2**62):
                    assert pk_urls(request, name)(pk) == request.build_absolute_uri(reverse(name, args=[pk]))
    finally:
        set_script_prefix(previous)
