"""Entity, entity list and events pages, per role."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import services as article_services
from articles.tests.factories import editor, viewer
from entities.models import Alias, Entity, EntityMerge, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """A browser asking for the English interface (the default language is Korean)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def seeds(django_capture_on_commit_callbacks, korean_seed_bytes, english_seed_bytes):
    with django_capture_on_commit_callbacks(execute=True):
        ko = article_services.article_ingest(data=korean_seed_bytes, file_name="ko.txt").article
        en = article_services.article_ingest(data=english_seed_bytes, file_name="en.txt").article
    ko.refresh_from_db()
    en.refresh_from_db()
    return ko, en


def _busiest_entity() -> Entity:
    from django.db.models import Count

    return Entity.objects.live().annotate(n=Count("mentions")).order_by("-n").first()


@pytest.mark.parametrize("make_user", [editor, viewer])
def test_entity_with_nothing_at_all(client, make_user):
    entity = Entity.objects.create(kind=Entity.Kind.ORG, name_en="Lonely Corp")
    client.force_login(make_user())
    response = client.get(reverse("entities:detail", args=[entity.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lonely Corp" in page and "This entity takes part in no event." in page
    assert response.context["mention_count"] == 0 and response.context["timeline"] is None


def test_entity_pages_need_login(client):
    entity = Entity.objects.create(kind=Entity.Kind.ORG, name_en="Hidden")
    for url in (reverse("entities:detail", args=[entity.pk]), reverse("entities:list"), reverse("entities:events")):
        assert client.get(url).status_code == 302


def test_unknown_entity_is_404(client):
    client.force_login(viewer())
    assert client.get(reverse("entities:detail", args=[999999])).status_code == 404


def test_entity_page_of_a_seed_entity(client, seeds):
    ko, en = seeds
    entity = _busiest_entity()
    client.force_login(viewer())
    response = client.get(reverse("entities:detail", args=[entity.pk]))
    assert response.status_code == 200
    assert response.context["mention_count"] == entity.mentions.count() > 0
    article_ids = {a.pk for a in response.context["articles"]}
    assert article_ids and article_ids <= {ko.pk, en.pk}
    co = response.context["co_mentioned"]
    assert co and all(e.shared >= 1 for e in co) and entity not in co
    assert "data-editor-action" not in response.content.decode()


def test_entity_list_searches_names_and_aliases(client):
    kt = Entity.objects.create(kind=Entity.Kind.ORG, name_ko="케이티", name_en="KT Corporation")
    Alias.objects.create(entity=kt, surface="Korea Telecom", normalised="korea telecom", language="en")
    Entity.objects.create(kind=Entity.Kind.ORG, name_en="Samsung")
    client.force_login(viewer())
    names = lambda q: [e.pk for e in client.get(reverse("entities:list"), {"q": q}).context["page"]]  # noqa: E731
    assert names("Telecom") == [kt.pk]
    assert names("케이") == [kt.pk]
    assert len(names("")) == 2
    assert names("nothing-like-this") == []


def test_events_page_draws_a_timeline_linking_to_the_evidence(client, seeds):
    client.force_login(viewer())
    response = client.get(reverse("entities:events"))
    assert response.status_code == 200
    page = response.content.decode()
    dated = Event.objects.exclude(date=None)
    if dated.exists():
        event = dated.first()
        assert "<svg" in page
        assert f'{reverse("articles:detail", args=[event.article_id])}#ev-{event.pk}' in page
    undated = Event.objects.filter(date=None).first()
    if undated:
        assert f"#ev-{undated.pk}" in page


def test_events_page_filters(client, seeds):
    client.force_login(viewer())
    event = Event.objects.first()
    assert event is not None, "the seeds yield at least one event"
    response = client.get(reverse("entities:events"), {"type": event.type})
    assert all(e.type == event.type for e in response.context["undated"] + response.context["dated"])
    participant = event.participants.exclude(entity=None).first()
    if participant:
        response = client.get(reverse("entities:events"), {"entity": participant.entity_id})
        assert event in response.context["undated"] + response.context["dated"]
    response = client.get(reverse("entities:events"), {"date_from": "1990-01-01", "date_to": "1990-12-31"})
    assert response.status_code == 200 and response.context["dated"] == []
    assert client.get(reverse("entities:events"), {"date_from": "not-a-date"}).status_code == 200


def test_viewers_cannot_edit_entities(client):
    a = Entity.objects.create(kind=Entity.Kind.ORG, name_en="Alpha")
    b = Entity.objects.create(kind=Entity.Kind.ORG, name_en="Beta")
    client.force_login(viewer())
    page = client.get(reverse("entities:detail", args=[a.pk]), {"target_q": "Beta"}).content.decode()
    assert "data-editor-action" not in page and reverse("entities:merge", args=[a.pk]) not in page
    assert client.post(reverse("entities:alias-add", args=[a.pk]), {"surface": "A", "language": "en"}).status_code == 403
    assert client.post(reverse("entities:merge", args=[a.pk]), {"target": b.pk}).status_code == 403
    merge = EntityMerge.objects.create(source=b, target=a)
    assert client.post(reverse("entities:split", args=[a.pk, merge.pk])).status_code == 403
    assert not Alias.objects.exists() and Entity.objects.get(pk=a.pk).merged_into is None


def test_editor_adds_an_alias(client):
    entity = Entity.objects.create(kind=Entity.Kind.ORG, name_en="KT Corporation")
    client.force_login(editor())
    page = client.get(reverse("entities:detail", args=[entity.pk])).content.decode()
    assert reverse("entities:alias-add", args=[entity.pk]) in page
    response = client.post(reverse("entities:alias-add", args=[entity.pk]), {"surface": "케이티", "language": "ko"})
    assert response.status_code == 302
    alias = Alias.objects.get(entity=entity)
    assert alias.surface == "케이티" and alias.source == Alias.Source.EDITOR
    assert "케이티" in client.get(reverse("entities:detail", args=[entity.pk])).content.decode()
    response = client.post(reverse("entities:alias-add", args=[entity.pk]), {"surface": "!!!", "language": "ko"}, follow=True)
    assert response.status_code == 200 and Alias.objects.count() == 1


def test_editor_merges_and_splits_again(client):
    source = Entity.objects.create(kind=Entity.Kind.PERSON, name_en="Kim Young-shub")
    target = Entity.objects.create(kind=Entity.Kind.PERSON, name_ko="김영섭")
    client.force_login(editor())
    page = client.get(reverse("entities:detail", args=[source.pk]), {"target_q": "김영섭"}).content.decode()
    assert reverse("entities:merge", args=[source.pk]) in page and f'value="{target.pk}"' in page

    response = client.post(reverse("entities:merge", args=[source.pk]), {"target": target.pk})
    assert response.status_code == 302 and response["Location"] == reverse("entities:detail", args=[target.pk])
    source.refresh_from_db()
    assert source.merged_into == target
    merge = EntityMerge.objects.get()
    page = client.get(reverse("entities:detail", args=[target.pk])).content.decode()
    assert reverse("entities:split", args=[target.pk, merge.pk]) in page
    assert "This entity was merged into" in client.get(reverse("entities:detail", args=[source.pk])).content.decode()

    response = client.post(reverse("entities:split", args=[target.pk, merge.pk]))
    assert response.status_code == 302
    source.refresh_from_db()
    merge.refresh_from_db()
    assert source.merged_into is None and merge.undone_at is not None
    # a second split of the same merge is refused with a message, not an error page
    response = client.post(reverse("entities:split", args=[target.pk, merge.pk]), follow=True)
    assert response.status_code == 200


def test_merging_into_itself_is_refused_with_a_message(client):
    entity = Entity.objects.create(kind=Entity.Kind.ORG, name_en="Self")
    client.force_login(editor())
    response = client.post(reverse("entities:merge", args=[entity.pk]), {"target": entity.pk}, follow=True)
    assert response.status_code == 200
    entity.refresh_from_db()
    assert entity.merged_into is None
    assert client.post(reverse("entities:merge", args=[entity.pk]), {"target": 999999}).status_code == 404
