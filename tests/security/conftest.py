"""Fixtures for the security tests: a small archive with one object of every kind, and clients per role.

Roles: anonymous; a viewer; an editor (the owner of the article, the token, the merge); another
editor; and a client sending a token that was revoked. UI clients hold a session, API clients send
`Authorization: Token` (and enforce CSRF, to prove a token needs none).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article, ProcessingLog
from articles.roles import EDITOR, roles_ensure
from articles.tests.factories import UserFactory
from comments.models import Comment, ModerationDecision
from comments.tests.factories import ArticleFactory, CommentPolicyFactory, OutletFactory, UploadFactory
from entities import services as entity_services
from entities.models import Alias, Amount, DateMention, Entity, Event, EventParticipant, Mention, Quote
from newsroom.api import token_create, token_revoke

ROLES = ("anonymous", "revoked", "viewer", "editor", "other_editor")
BODY = "한국전력이 협약을 체결했다. 김영섭 대표가 참석했다."
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PASSWORD = "a-long-test-password"  # articles.tests.factories.UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords_and_fresh_counters(settings):
    # PBKDF2 at its production cost makes each user take ~0.3 s; the hasher is not under test here.
    settings.PASSWORD_HASHERS = FAST_HASHER
    cache.clear()  # API throttle counters: ids and addresses repeat across rolled-back tests
    yield
    cache.clear()


@dataclass
class World:
    editor: object
    other_editor: object
    viewer: object
    revoked_user: object
    keys: dict[str, str]
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def ui_client(self, role: str, *, enforce_csrf: bool = False) -> Client:
        client = Client(enforce_csrf_checks=enforce_csrf)
        user = self.user_for(role)
        if user is not None:
            client.force_login(user)
        elif role == "revoked":
            client.defaults["HTTP_AUTHORIZATION"] = f"Token {self.keys['revoked']}"
        return client

    def api_client(self, role: str) -> APIClient:
        client = APIClient(enforce_csrf_checks=True)
        if role in self.keys:
            client.credentials(HTTP_AUTHORIZATION=f"Token {self.keys[role]}")
        return client

    def user_for(self, role: str):
        if role == "superuser":
            return self.superuser
        return {"viewer": self.viewer, "editor": self.editor, "other_editor": self.other_editor}.get(role)


def user_with_role(group: Group, **kwargs):
    """articles.tests.factories' editor()/viewer(), without refreshing both groups for every user."""
    user = UserFactory(is_staff=group.name == EDITOR, **kwargs)
    user.groups.add(group)
    return user


def build_world(text: str = "") -> World:
    """One object of every kind; `text` (e.g. an XSS payload) is put into every free-text field."""
    # Refreshed once here, as the factories do: see test_roles.py for what a fresh migrate leaves.
    editors, viewers = roles_ensure()
    owner = user_with_role(editors, username="desk-editor", email="desk@example.org")
    other = user_with_role(editors, username="night-editor")
    reader = user_with_role(viewers, username="reader")
    revoked_user = user_with_role(editors, username="former-editor")
    keys = {"editor": token_create(user=owner).key, "other_editor": token_create(user=other).key,
            "viewer": token_create(user=reader).key, "revoked": token_create(user=revoked_user).key}
    token_revoke(user=revoked_user)

    outlet = OutletFactory(name=f"뉴스{text}")
    upload = UploadFactory(file_name=f"article{text}.txt", uploaded_by=owner)
    body = f"{BODY} {text}".strip()
    article = ArticleFactory(
        upload=upload, outlet=outlet, headline=f"협약 체결 {text}".strip(), rubric=f"경제{text}"[:100],
        subheadlines=[f"부제 {text}"], reporter_name=f"김기자{text}"[:100], reporter_role="기자",
        body_text=body, blocks=[{"kind": "paragraph", "text": body, "start": 0, "end": len(body)}],
        published_date=datetime.date(2024, 3, 1), processed_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
        error="", language="ko",
    )
    ProcessingLog.objects.create(article=article, status=Article.Status.PROCESSED, message=f"processed {text}")
    policy = CommentPolicyFactory(article=article, source_text=f"욕설 금지 {text}", categories=["profanity"],
                                  actions={"profanity": "hold"})
    comment = Comment.objects.create(article=article, author_name=f"독자{text}"[:100], user=reader,
                                     body=f"좋은 기사 {text}", status=Comment.Status.HELD, language="ko",
                                     reasons=[{"category": "profanity", "reason": f"held {text}", "evidence": text}])
    published = Comment.objects.create(article=article, author_name=f"공개{text}"[:100], user=reader,
                                       body=f"공개 댓글 {text}", status=Comment.Status.PUBLISHED, language="ko")
    decision = ModerationDecision.objects.create(comment=comment, user=owner, from_status="", to_status="held",
                                                 reason=f"screened {text}")

    entity = Entity.objects.create(kind="ORG", name_ko=f"한국전력{text}"[:200], name_en=f"KEPCO{text}"[:200])
    person = Entity.objects.create(kind="PERSON", name_ko=f"김영섭{text}"[:200])
    target = Entity.objects.create(kind="ORG", name_ko="한전", name_en="KEPCO Holdings")
    merged = Entity.objects.create(kind="ORG", name_ko="한국전력공사")
    alias = Alias.objects.create(entity=entity, surface=f"한전{text}"[:200], normalised=f"한전{len(text)}", language="ko")
    mention = Mention.objects.create(article=article, entity=entity, start=0, end=4, text="한국전력")
    Mention.objects.create(article=article, entity=person, start=17, end=20, text="김영섭")
    Mention.objects.create(article=article, entity=merged, start=0, end=4, text="한국전력")
    merge = entity_services.entity_merge(source=merged, target=entity, user=owner)
    event = Event.objects.create(type="agreement", trigger=f"협약{text}"[:100], article=article, evidence_start=0,
                                 evidence_end=14, evidence=f"한국전력이 협약을 체결했다. {text}",
                                 date=datetime.date(2024, 3, 1), place_text=text[:200])
    EventParticipant.objects.create(event=event, entity=entity, text=f"한국전력{text}"[:200], role="party")
    quote = Quote.objects.create(article=article, speaker=person, speaker_text=f"김영섭{text}"[:200],
                                 text=f"협약은 중요하다 {text}", start=0, end=4)
    amount = Amount.objects.create(article=article, kind="money", currency="KRW", value=1000, text=f"1000원{text}"[:100],
                                   start=0, end=4)
    date_mention = DateMention.objects.create(article=article, text=f"3월 1일{text}"[:100], value=datetime.date(2024, 3, 1),
                                              precision="day", resolved=True, start=0, end=4)
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    attempt = AccessAttempt.objects.create(username="intruder", ip_address="10.0.0.9", user_agent="curl",
                                           get_data="", post_data="", http_accept="*/*", path_info="/accounts/login/",
                                           failures_since_start=2)
    access_log = AccessLog.objects.create(username="reader", ip_address="10.0.0.8", user_agent="firefox",
                                          http_accept="*/*", path_info="/accounts/login/")
    failure_log = AccessFailureLog.objects.create(username="intruder", ip_address="10.0.0.9", user_agent="curl",
                                                  http_accept="*/*", path_info="/accounts/login/")
    objects = {
        "outlet": outlet, "upload": upload, "article": article, "policy": policy, "comment": comment,
        "published_comment": published, "decision": decision, "entity": entity, "person": person, "target": target,
        "merged": merged, "merge": merge, "alias": alias, "mention": mention, "event": event, "quote": quote,
        "amount": amount, "date_mention": date_mention, "group": Group.objects.get(name=EDITOR),
        "token": Token.objects.get(user=owner), "accessattempt": attempt, "accesslog": access_log,
        "accessfailurelog": failure_log,
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    return World(editor=owner, other_editor=other, viewer=reader, revoked_user=revoked_user, keys=keys, objects=objects)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """One world for a whole module, inside a transaction rolled back at the module's end; each test
    runs in a savepoint of it (pytest-django's own atomic), so what a test writes is undone after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHER):
                yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(_module_world, db) -> World:
    """The module's world, for tests that only read it or whose writes the savepoint undoes."""
    return _module_world
