"""The entities and events API: search by name or alias, detail, aliases, merge and split, events."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from entities.models import Alias, Entity, EntityMerge, Event, EventParticipant, Mention
from tests.api.helpers import editor_client, error_of, make_article, viewer_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def kt():
    entity = Entity.objects.create(kind="ORG", name_ko="케이티", name_en="KT")
    Alias.objects.create(entity=entity, surface="한국통신", normalised="한국통신", language="ko")
    return entity


def mention(article, entity, text="x"):
    return Mention.objects.create(article=article, entity=entity, start=0, end=len(text), text=text)


def test_anonymous_401_and_viewer_cannot_edit(kt):
    assert APIClient().get("/api/v1/entities").status_code == 401
    assert APIClient().get("/api/v1/events").status_code == 401
    client = viewer_client()
    other = Entity.objects.create(kind="ORG", name_en="Korea Telecom")
    for response in (
        client.post(f"/api/v1/entities/{kt.pk}/aliases", {"surface": "KT Corp"}, format="json"),
        client.post(f"/api/v1/entities/{kt.pk}/merge", {"into": other.pk}, format="json"),
        client.post("/api/v1/entities/merges/1/split"),
    ):
        assert response.status_code == 403 and error_of(response)["code"] == "permission_denied"


@pytest.mark.parametrize("q", ["케이", "kt", "한국통신"])
def test_find_by_name_or_alias_in_either_language(kt, q):
    Entity.objects.create(kind="PERSON", name_ko="김영섭")
    body = viewer_client().get("/api/v1/entities", {"q": q}).json()
    assert [e["id"] for e in body["results"]] == [kt.pk]


def test_list_filters_and_hides_merged_entities(kt):
    merged = Entity.objects.create(kind="ORG", name_en="K.T.", merged_into=kt)
    client = viewer_client()
    assert merged.pk not in {e["id"] for e in client.get("/api/v1/entities").json()["results"]}
    assert merged.pk in {e["id"] for e in client.get("/api/v1/entities", {"merged": "true"}).json()["results"]}
    assert client.get("/api/v1/entities", {"kind": "PERSON"}).json()["results"] == []
    assert client.get("/api/v1/entities", {"kind": "ANIMAL"}).status_code == 400


def test_detail_with_aliases_articles_co_mentions_and_events(kt, django_assert_max_num_queries):
    person = Entity.objects.create(kind="PERSON", name_ko="김영섭")
    old = make_article(headline="옛 기사", published_date=datetime.date(2020, 1, 1))
    new = make_article(headline="새 기사", published_date=datetime.date(2024, 1, 1))
    for article in (old, new):
        mention(article, kt)
    mention(new, person)
    event = Event.objects.create(type="appointment", trigger="선임", article=new, evidence_start=0, evidence_end=1,
                                 evidence="김영섭 KT 대표 선임", date=datetime.date(2023, 8, 30))
    EventParticipant.objects.create(event=event, entity=kt, text="KT", role="org")
    client = viewer_client()
    with django_assert_max_num_queries(14):
        body = client.get(f"/api/v1/entities/{kt.pk}").json()
    assert [a["surface"] for a in body["aliases"]] == ["한국통신"]
    assert [a["headline"] for a in body["articles"]] == ["새 기사", "옛 기사"] and body["article_count"] == 2
    assert body["co_mentioned"] == [{"id": person.pk, "kind": "PERSON", "name_ko": "김영섭", "name_en": "", "articles": 1}]
    assert body["events"][0]["participants"][0]["entity"]["id"] == kt.pk
    assert viewer_client().get("/api/v1/entities/999999").status_code == 404


def test_editor_adds_an_alias(kt):
    response = editor_client().post(f"/api/v1/entities/{kt.pk}/aliases", {"surface": "KT Corp", "language": "en"},
                                    format="json")
    assert response.status_code == 201, response.content
    assert Alias.objects.filter(entity=kt, surface="KT Corp", source="editor").exists()
    bad = editor_client().post(f"/api/v1/entities/{kt.pk}/aliases", {"surface": "!!!"}, format="json")
    assert bad.status_code == 400 and "surface" in error_of(bad)["fields"]


def test_editor_merges_and_splits(kt):
    dup = Entity.objects.create(kind="ORG", name_en="Korea Telecom")
    moved = mention(make_article(), dup, "Korea Telecom")
    client = editor_client()
    response = client.post(f"/api/v1/entities/{dup.pk}/merge", {"into": kt.pk}, format="json")
    assert response.status_code == 201, response.content
    merge = response.json()
    moved.refresh_from_db()
    assert moved.entity_id == kt.pk and merge["moved_mentions"] == [moved.pk]
    assert client.get(f"/api/v1/entities/{kt.pk}").json()["merges"][0]["id"] == merge["id"]
    again = client.post(f"/api/v1/entities/{dup.pk}/merge", {"into": kt.pk}, format="json")
    assert again.status_code == 400
    assert client.post(f"/api/v1/entities/{kt.pk}/merge", {"into": kt.pk}, format="json").status_code == 400
    assert client.post(f"/api/v1/entities/{kt.pk}/merge", {"into": 999999}, format="json").status_code == 400
    split = client.post(merge["split_url"])
    assert split.status_code == 200 and split.json()["id"] == dup.pk
    moved.refresh_from_db()
    assert moved.entity_id == dup.pk and EntityMerge.objects.get().undone_at is not None
    twice = client.post(merge["split_url"])
    assert twice.status_code == 409 and error_of(twice)["code"] == "conflict"
    assert client.post("/api/v1/entities/merges/999999/split").status_code == 404


def test_events_list_filters_and_detail(kt):
    article = make_article()
    other_article = make_article()
    launch = Event.objects.create(type="launch", trigger="출시", article=article, evidence_start=0, evidence_end=1,
                                  evidence="출시", date=datetime.date(2024, 5, 1))
    EventParticipant.objects.create(event=launch, entity=kt, text="KT", role="org")
    launch.reported_by.add(article, other_article)
    meeting = Event.objects.create(type="meeting", trigger="회의", article=article, evidence_start=0, evidence_end=1,
                                   evidence="회의", date=datetime.date(2020, 1, 1))
    client = viewer_client()

    def ids(**params):
        response = client.get("/api/v1/events", params)
        assert response.status_code == 200, response.content
        return [e["id"] for e in response.json()["results"]]

    assert ids(type="launch") == [launch.pk]
    assert ids(entity=kt.pk) == [launch.pk]
    assert ids(date_from="2023-01-01") == [launch.pk]
    assert ids(date_to="2021-01-01") == [meeting.pk]
    assert ids(article=other_article.pk) == [launch.pk]
    assert client.get("/api/v1/events", {"date_from": "soon"}).status_code == 400
    body = client.get(f"/api/v1/events/{launch.pk}").json()
    assert body["participants"][0]["entity"]["name_en"] == "KT"
    assert sorted(body["reported_by"]) == sorted([article.pk, other_article.pk])
