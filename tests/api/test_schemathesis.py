"""Property-based test of the whole API against its own OpenAPI schema (schemathesis).

Every operation in /api/schema/ gets a bounded number of generated requests, sent through the WSGI
app as an editor (token auth) over a small seeded archive. Checked: no 5xx, every status code,
content type, header and body documented in the schema.
"""

from __future__ import annotations

import datetime

import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from articles.models import CommentPolicy
from articles.tests.factories import editor
from comments.models import Comment
from entities.models import Alias, Entity, Event, EventParticipant, Mention
from newsroom.api import token_create
from tests.api.helpers import make_article

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture
def seeded_archive(db):
    """A few rows of every kind so generated ids sometimes hit real objects."""
    articles = [make_article(headline=f"협약 기사 {i}", body="한국전력이 협약을 체결했다.", outlet="뉴스",
                             published_date=datetime.date(2024, 1, i + 1)) for i in range(3)]
    kt = Entity.objects.create(kind="ORG", name_ko="케이티", name_en="KT")
    person = Entity.objects.create(kind="PERSON", name_ko="김영섭")
    Alias.objects.create(entity=kt, surface="한국통신", normalised="한국통신")
    for article in articles:
        Mention.objects.create(article=article, entity=kt, start=0, end=2, text="KT")
        Mention.objects.create(article=article, entity=person, start=3, end=6, text="김영섭")
    event = Event.objects.create(type="appointment", trigger="선임", article=articles[0], evidence_start=0,
                                 evidence_end=2, evidence="선임", date=datetime.date(2024, 1, 1))
    EventParticipant.objects.create(event=event, entity=person, text="김영섭", role="person")
    CommentPolicy.objects.create(article=articles[0], max_length=100, categories=["profanity"],
                                 actions={"profanity": "hold"})
    Comment.objects.create(article=articles[0], author_name="독자", body="좋은 기사", status="held")
    try:
        from search.services import search_index_article

        for article in articles:
            search_index_article(article=article)
    except ImportError:  # pragma: no cover - without the search app the list falls back
        pass
    return articles


@pytest.fixture
def unthrottled():
    rates = {"user": "100000/minute", "anon": "100000/minute"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        cache.clear()
        yield
    cache.clear()


@pytest.fixture
def connection_kept_open():
    """Requests go straight to the WSGI app, not through Django's test client, so do what the client
    does: keep request signals from closing the connection that holds the test's transaction."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(seeded_archive, unthrottled, connection_kept_open):
    return token_create(user=editor(username="schemathesis-editor")).key


# Loaded at collection: serving the schema touches no database (schemathesis' fixture-based lazy
# loader does not work with pytest 9's node objects).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(max_examples=15, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                            HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case, editor_token):
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"}, checks=CHECKS)
