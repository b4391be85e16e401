"""Login throttling (django-axes): 5 wrong passwords for one username from one address lock that pair
out for 15 minutes, with a clear message; other users, other addresses and API tokens are unaffected."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from newsroom.api import token_create
from newsroom.auth import client_ip

from . import html
from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
WRONG = "not-the-password"


@pytest.fixture
def users(db):
    from articles.roles import roles_ensure

    from .conftest import user_with_role

    editors, viewers = roles_ensure()
    return user_with_role(editors, username="desk-editor"), user_with_role(viewers, username="reader")


def _login(client: Client, username: str, password: str, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def _lock_out(client: Client, username: str, **extra) -> None:
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = _login(client, username, WRONG, **extra)
        expected = 429 if attempt == settings.AXES_FAILURE_LIMIT else 200  # the fifth failure locks
        assert response.status_code == expected, (attempt, response.status_code)


def test_the_defaults_are_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_five_wrong_passwords_then_the_right_one_is_refused_with_the_lockout_message(users):
    editor, _ = users
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    _lock_out(client, editor.username)
    response = _login(client, editor.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Too many failed log-ins" in page and "15 minutes" in page
    assert not html.active_content(page)
    assert "Content-Security-Policy" in response
    # The admin's login form goes through the same backend.
    assert client.post("/admin/login/", {"username": editor.username, "password": PASSWORD}).status_code == 429


def test_the_lockout_message_is_in_korean_too(users):
    editor, _ = users
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    _lock_out(client, editor.username)
    page = _login(client, editor.username, PASSWORD).content.decode()
    assert "로그인 실패가 너무 많아" in page and "15분" in page


def test_a_different_user_or_address_is_unaffected(users):
    editor, reader = users
    client = Client()
    _lock_out(client, editor.username)
    assert _login(Client(), reader.username, PASSWORD).status_code == 302  # same address, other user
    elsewhere = _login(Client(REMOTE_ADDR="192.0.2.44"), editor.username, PASSWORD)  # same user, other address
    assert elsewhere.status_code == 302


def test_api_tokens_are_unaffected_by_a_lockout(users):
    editor, _ = users
    key = token_create(user=editor).key
    _lock_out(Client(), editor.username)
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/articles").status_code == 200


def test_after_the_cool_off_the_right_password_works_again(users):
    editor, _ = users
    client = Client()
    _lock_out(client, editor.username)
    with override_settings(AXES_COOLOFF_TIME=datetime.timedelta(minutes=1)):
        AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(seconds=50))
        assert _login(client, editor.username, PASSWORD).status_code == 429  # not yet
        AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(seconds=61))
        assert _login(client, editor.username, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_the_default_cool_off_is_fifteen_minutes(users):
    editor, _ = users
    client = Client()
    _lock_out(client, editor.username)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=14))
    assert _login(client, editor.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _login(client, editor.username, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(users):
    editor, _ = users
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, editor.username, WRONG).status_code == 200
    assert _login(client, editor.username, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, editor.username, WRONG).status_code == 200
    assert _login(client, editor.username, PASSWORD).status_code == 302


def test_the_password_is_not_recorded(users):
    editor, _ = users
    _login(Client(), editor.username, "my-secret-guess")
    attempt = AccessAttempt.objects.get()
    assert "my-secret-guess" not in attempt.post_data


def test_server_side_authentication_and_the_test_client_still_work(users):
    """authenticate() without a request (management commands, Client.login) is not throttled: there is
    no client to throttle, and axes would raise instead."""
    editor, _ = users
    assert authenticate(username=editor.username, password=PASSWORD) == editor
    assert Client().login(username=editor.username, password=PASSWORD)


def test_the_client_address_behind_proxies():
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(spoofed) == "10.0.0.1"  # no proxy configured: the header is the client's word
    with override_settings(NEWSROOM_TRUSTED_PROXY_COUNT=1):
        through_one = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
        assert client_ip(through_one) == "198.51.100.7"  # the address our proxy saw, not the forged one
        direct = factory.get("/", REMOTE_ADDR="10.0.0.1")
        assert client_ip(direct) == "10.0.0.1"
    with override_settings(NEWSROOM_TRUSTED_PROXY_COUNT=2):
        through_two = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.2")
        assert client_ip(through_two) == "198.51.100.7"


def test_limits_come_from_the_environment(tmp_path):
    env = {**os.environ, "NEWSROOM_DATA_DIR": str(tmp_path), "LOGIN_FAILURE_LIMIT": "3", "LOGIN_LOCKOUT_MINUTES": "60",
           "TRUSTED_PROXY_COUNT": "1", "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    code = ("import json; from django.conf import settings as s; print(json.dumps([s.AXES_FAILURE_LIMIT, "
            "s.AXES_COOLOFF_TIME.total_seconds(), s.NEWSROOM_TRUSTED_PROXY_COUNT]))")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [3, 3600.0, 1]
