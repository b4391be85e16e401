"""API tokens: editors create theirs in the UI or the API, anyone revokes their own (UI form with CSRF,
or DELETE /api/v1/tokens), the old token is then refused, and nobody can revoke someone else's."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from newsroom.api import token_create

from . import html

pytestmark = pytest.mark.django_db


def _api_status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/articles").status_code


def _form(client, action: str) -> dict:
    page = client.get("/accounts/token/")
    assert page.status_code == 200
    form = next(f for f in html.forms(page.content.decode()) if f.action == action)
    assert form.fields["csrfmiddlewaretoken"]
    return form.fields


def test_an_editor_creates_a_token_in_the_ui_sees_it_once_and_revokes_it(world):
    client = world.ui_client("editor", enforce_csrf=True)
    old = world.keys["editor"]
    response = client.post("/accounts/token/", _form(client, "/accounts/token/"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]
    key = Token.objects.get(user=world.editor).key
    assert key in response.content.decode() and key != old
    assert _api_status(old) == 401  # replaced: the previous token stops working
    assert _api_status(key) == 200
    assert key not in client.get("/accounts/token/").content.decode()  # shown once only

    response = client.post("/accounts/token/revoke", _form(client, "/accounts/token/revoke"))
    assert response.status_code == 302 and response["Location"] == "/accounts/token/"
    assert _api_status(key) == 401
    assert "no API token" in client.get("/accounts/token/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_viewer_revokes_their_token_in_the_ui_but_cannot_create_one(world):
    client = world.ui_client("viewer", enforce_csrf=True)
    page = client.get("/accounts/token/").content.decode()
    assert not [f for f in html.forms(page) if f.action == "/accounts/token/"]  # no create button
    fields = _form(client, "/accounts/token/revoke")
    assert client.post("/accounts/token/", fields).status_code == 403
    assert client.post("/accounts/token/revoke", fields).status_code == 302
    assert _api_status(world.keys["viewer"]) == 401
    assert not Token.objects.filter(user=world.viewer).exists()


def test_revoking_without_the_csrf_token_is_refused(world):
    client = world.ui_client("editor", enforce_csrf=True)
    assert client.post("/accounts/token/revoke").status_code == 403
    assert _api_status(world.keys["editor"]) == 200


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_revoking_through_the_api_with_the_token_itself(world, role):
    client = world.api_client(role)
    assert client.delete("/api/v1/tokens").status_code == 204
    assert client.delete("/api/v1/tokens").status_code == 401  # the token is gone
    assert _api_status(world.keys[role]) == 401


def test_revoking_through_the_api_from_a_session_needs_csrf(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.viewer)
    assert client.delete("/api/v1/tokens").status_code == 403
    client.get("/accounts/login/")
    csrf = client.cookies["csrftoken"].value
    assert client.delete("/api/v1/tokens", HTTP_X_CSRFTOKEN=csrf).status_code == 204
    assert client.delete("/api/v1/tokens", HTTP_X_CSRFTOKEN=csrf).status_code == 404
    assert _api_status(world.keys["viewer"]) == 401


def test_nobody_can_revoke_someone_elses_token(world):
    owner_key = world.keys["editor"]
    # Another editor's form, with the owner named every way a request could name them: only their own goes.
    other = world.ui_client("other_editor")
    response = other.post("/accounts/token/revoke", {"user": world.editor.pk, "username": world.editor.username,
                                                     "key": owner_key, "token": owner_key})
    assert response.status_code == 302
    assert _api_status(owner_key) == 200 and _api_status(world.keys["other_editor"]) == 401
    # The API: the body and the query string are ignored; the token acted on is the caller's.
    viewer = world.api_client("viewer")
    response = viewer.delete(f"/api/v1/tokens?user={world.editor.pk}&key={owner_key}",
                             {"user": world.editor.pk, "key": owner_key}, format="json")
    assert response.status_code == 204
    assert _api_status(owner_key) == 200 and _api_status(world.keys["viewer"]) == 401
    # Using the owner's token is being the owner (which is why a leaked token must be revoked).
    # The admin's token pages are the superuser's: an editor is refused.
    admin = world.ui_client("other_editor")
    assert admin.post(f"/admin/authtoken/tokenproxy/{world.editor.pk}/delete/", {"post": "yes"}).status_code == 403
    assert _api_status(owner_key) == 200


def test_a_revoked_token_is_refused_everywhere_in_the_api(world):
    client = world.api_client("revoked")
    for url in ("/api/v1/articles", f"/api/v1/articles/{world.article.pk}", "/api/v1/feed.atom", "/api/schema/"):
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 401, url
        assert b"authentication_failed" in response.content


def test_the_create_token_command_revokes_too(world, capsys):
    call_command("create_token", world.viewer.username, "--revoke")
    assert _api_status(world.keys["viewer"]) == 401
    key = token_create(user=world.viewer).key
    assert _api_status(key) == 200
