"""The API's hot paths read what the ORM would: the token's user, a search page's articles, the
search's validated parameters, and on PostgreSQL the prepared statements behind them.

Each shortcut is compared with the reference it replaces (the ORM's model, the queryset's rows,
the FilterSet's cleaned values), so a difference in values, deferred fields or cached relations
fails here rather than in a response.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from rest_framework.request import Request

from articles import api as articles_api
from articles.models import Article, Outlet
from articles.roles import is_editor
from articles.tests.factories import UserFactory
from newsroom.api import _token_user, token_create
from search.selectors import RESULT_FIELDS, result_articles
from tests.api.helpers import client_for, editor, make_article, viewer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def _fields(instance) -> dict:
    return {name: value for name, value in vars(instance).items() if name != "_state"}


def _same_model(ours, reference) -> None:
    assert type(ours) is type(reference)
    assert _fields(ours) == _fields(reference)
    assert ours.get_deferred_fields() == reference.get_deferred_fields()
    assert (ours._state.adding, ours._state.db) == (reference._state.adding, reference._state.db)


# --- the token's user ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "viewer", "superuser", "no role", "inactive editor"])
def test_the_tokens_user_is_the_orms(role):
    user = {
        "editor": editor, "viewer": viewer, "no role": UserFactory,
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "inactive editor": lambda: editor(is_active=False),
    }[role]()
    get_user_model().objects.filter(pk=user.pk).update(last_login=datetime.datetime(2024, 3, 5, 1, 2, 3, 4,
                                                                                       tzinfo=datetime.UTC))
    key = token_create(user=user).key
    ours = _token_user(key)
    reference = get_user_model().objects.get(pk=user.pk)
    assert vars(ours).pop("newsroom_is_editor") is is_editor(reference)
    _same_model(ours, reference)
    assert _token_user(key[:-1] + ("0" if key[-1] != "0" else "1")) is None


def test_an_inactive_users_token_is_refused_with_drfs_message():
    client = client_for(editor(is_active=False))
    response = client.get("/api/v1/articles", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "User inactive or deleted."


# --- a search page's articles -------------------------------------------------------------------


@pytest.mark.parametrize("with_body", [False, True])
def test_result_articles_are_the_querysets(with_body):
    outlet = Outlet.objects.create(name="한겨레")
    articles = [
        make_article(outlet=outlet, reporter_name="기자", published_date=datetime.date(2024, 3, 5)),
        make_article(headline="", body="", language=""),  # no outlet: the cached relation is None
        make_article(status=Article.Status.PENDING),
    ]
    ids = [a.pk for a in articles] + [10**9]  # a missing id is left out, as in_bulk does
    fields = (*RESULT_FIELDS, "body_text") if with_body else RESULT_FIELDS
    reference = Article.objects.select_related("outlet").only(*fields).in_bulk(ids)
    ours = result_articles(ids, with_body=with_body)
    assert ours.keys() == reference.keys() == {a.pk for a in articles}
    for pk, article in ours.items():
        _same_model(article, reference[pk])
        assert article._state.fields_cache.keys() == reference[pk]._state.fields_cache.keys() == {"outlet"}
        if reference[pk].outlet is None:
            assert article.outlet is None
        else:
            _same_model(article._state.fields_cache["outlet"], reference[pk]._state.fields_cache["outlet"])
    assert result_articles([], with_body=with_body) == {}


def test_prepared_queries_read_timestamps_as_the_orm_does_with_the_compiled_loader():
    """The prepared queries read timestamptz with psycopg's compiled loader instead of Django's
    Python one (newsroom/db.py): same instant, same microseconds, same tzinfo."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    import psycopg

    from newsroom import db

    if db._C_TIMESTAMPTZ is None:
        pytest.skip("psycopg is installed without its compiled part")
    article = make_article()
    moments = {"created_at": datetime.datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=datetime.UTC),
               "processed_at": datetime.datetime(1999, 12, 31, 15, 0, 0, 1, tzinfo=datetime.UTC)}
    Article.objects.filter(pk=article.pk).update(**moments)
    ours = result_articles([article.pk])[article.pk]
    reference = Article.objects.get(pk=article.pk)
    for name, moment in moments.items():
        value = getattr(ours, name)
        assert value == getattr(reference, name) == moment
        assert value.microsecond == moment.microsecond
        assert value.tzinfo is getattr(reference, name).tzinfo
    with db.prepared_cursor() as cursor:
        oid = psycopg.postgres.types["timestamptz"].oid
        assert cursor.cursor.adapters.get_loader(oid, psycopg.pq.Format.TEXT) is db._C_TIMESTAMPTZ


# --- the search's validated parameters ----------------------------------------------------------


def _filterset_cleaned(query: str) -> dict:
    request = Request(RequestFactory().get(f"/api/v1/articles?{query}"))
    request.user = editor()
    filterset = articles_api.ArticleFilter(QueryDict(query), queryset=Article.objects.all(), request=request)
    assert filterset.is_valid()
    return filterset.form.cleaned_data


def test_a_repeated_search_is_validated_to_the_same_values():
    articles_api._forget_cleaned_searches()
    query = "q=%EA%B8%B0%EC%82%AC&sort=newest&date_from=2024-01-02&entity=7&snippets=true&language=ko"
    request = Request(RequestFactory().get(f"/api/v1/articles?{query}"))
    request.user = editor()
    first, filterset = articles_api._cleaned_params(request)
    assert filterset is not None  # validated by the FilterSet the first time
    second, filterset = articles_api._cleaned_params(request)
    assert filterset is None  # then from the kept values
    assert first == second == _filterset_cleaned(query)
    second["q"] = "changed"  # callers get their own copy
    assert articles_api._cleaned_params(request)[0] == first


def test_a_repeated_search_answers_the_same_and_other_parameters_are_still_checked():
    outlet = Outlet.objects.create(name="매체")
    make_article(outlet=outlet)
    client = client_for(viewer())
    first = client.get("/api/v1/articles", {"q": "기사"})
    again = client.get("/api/v1/articles", {"q": "기사"})
    assert first.status_code == again.status_code == 200 and first.content == again.content
    for params, field in [({"q": "기사", "sort": "best"}, "sort"), ({"q": "기사", "date_from": "2024-13-01"}, "date_from"),
                          ({"q": "기사", "language": "xx"}, "language"), ({"q": "기사", "entity": "0"}, "entity")]:
        for _ in range(2):
            response = client.get("/api/v1/articles", params)
            assert response.status_code == 400 and field in response.json()["error"]["fields"], params
    # the outlet is looked up every time: a deleted one is refused even after the same search passed
    with_outlet = {"q": "기사", "outlet": outlet.pk}
    assert client.get("/api/v1/articles", with_outlet).status_code == 200
    Article.objects.filter(outlet=outlet).update(outlet=None)
    outlet.delete()
    response = client.get("/api/v1/articles", with_outlet)
    assert response.status_code == 400 and "outlet" in response.json()["error"]["fields"]


def test_kept_values_follow_the_language():
    client = client_for(viewer())
    params = {"q": "기사", "date_from": "2024-01-02"}
    for language in ("ko", "en", "ko"):
        response = client.get("/api/v1/articles", params, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200 and response["Content-Language"] == language
        bad = client.get("/api/v1/articles", {**params, "date_from": "x"}, HTTP_ACCEPT_LANGUAGE=language)
        assert bad.status_code == 400 and bad["Content-Language"] == language


# --- prepared statements (PostgreSQL) -----------------------------------------------------------


def _prepared(fragment: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{fragment}%"])
        return [row[0] for row in cursor.fetchall()]


def test_the_hot_queries_are_prepared_once_per_connection():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    if connection.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        pytest.skip("prepared statements are off (DB_PREPARED_STATEMENTS=false)")
    articles = [make_article() for _ in range(3)]
    client = client_for(viewer())
    for article in articles * 2:
        assert client.get(f"/api/v1/articles/{article.pk}").status_code == 200
    result_articles([a.pk for a in articles])
    result_articles([articles[0].pk])
    assert len(_prepared("articles_commentpolicy")) == 1  # the detail
    assert len(_prepared("authtoken_token")) == 1  # the token's user
    assert len(_prepared("= ANY(")) == 1  # a result page's articles, whatever the page's length


def test_the_connection_runs_searches_in_one_process_without_jit():
    """Each PostgreSQL session starts with JIT off and no parallel workers (DB_PARALLEL_WORKERS):
    both cost a search more than they save on a small, busy server (newsroom/settings.py)."""
    if connection.vendor != "postgresql":
        pytest.skip("session settings are PostgreSQL's")
    import os

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = cursor.fetchone()[0]
    assert jit == "off"
    assert workers == os.environ.get("DB_PARALLEL_WORKERS", "0")


def test_without_prepared_statements_the_answers_are_the_same():
    """Behind a transaction-mode pooler (DB_PREPARED_STATEMENTS=false) the same queries run unprepared."""
    article = make_article(outlet="매체")
    client = client_for(editor())
    prepared = client.get(f"/api/v1/articles/{article.pk}")
    searched = result_articles([article.pk])
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    raw = connection.connection
    threshold = raw.prepare_threshold
    raw.prepare_threshold = None
    try:
        unprepared = client.get(f"/api/v1/articles/{article.pk}")
        searched_again = result_articles([article.pk])
    finally:
        raw.prepare_threshold = threshold
    assert prepared.status_code == 200 and unprepared.content == prepared.content
    _same_model(searched_again[article.pk], searched[article.pk])


def test_the_hot_queries_are_logged_with_their_values():
    """DEBUG and CaptureQueriesContext show a prepared query as Django shows its own: values inlined."""
    from django.test.utils import CaptureQueriesContext

    article = make_article(outlet="매체")
    client = client_for(viewer())
    with CaptureQueriesContext(connection) as queries:
        for _ in range(2):  # prepared on the first execution, only executed on the second
            assert client.get(f"/api/v1/articles/{article.pk}").status_code == 200
            result_articles([article.pk])
    logged = [q["sql"] for q in queries.captured_queries]
    assert all(isinstance(sql, str) and "%s" not in sql for sql in logged), logged
    if connection.vendor == "postgresql":
        assert sum(f"a.id = {article.pk} AND" in sql for sql in logged) == 2  # the detail
        assert sum("= ANY(" in sql and str(article.pk) in sql for sql in logged) == 2
