"""Every URL pattern of the project x every role x every method it supports: the expected status.

The table below is the design written down: anonymous UI -> the login page, anonymous API -> 401,
viewers read, editors write, a viewer's write -> 403, a revoked token counts for nothing. Where an
object has an owner (the article's uploader, the merge's editor, a token) another editor is tried
too: editing is editor-wide by design, except a token, which only its owner can replace or revoke.

`test_every_url_pattern_is_in_the_matrix` walks newsroom.urls and fails when a pattern has no row,
or a row names a pattern that no longer exists; for API views it also compares the methods in the
row with the methods the view answers, so a new endpoint or a new method cannot slip in untested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .conftest import ROLES, World

LOGIN = "login"  # 302 to /accounts/login/?next=...
ADMIN_LOGIN = "admin-login"  # 302 to /admin/login/?next=...
ADMIN_INDEX = "admin-index"  # 302 to /admin/ (the admin's answer to logging out when not signed in to it)


def ui(viewer, editor, *, anonymous=LOGIN, other_editor=None) -> dict:
    """A UI page: a revoked token is ignored there (UI sessions only), so it counts as anonymous."""
    return {"anonymous": anonymous, "revoked": anonymous, "viewer": viewer, "editor": editor,
            "other_editor": editor if other_editor is None else other_editor}


def api(viewer, editor, *, anonymous=401, other_editor=None) -> dict:
    """An API endpoint: DRF authenticates every request, so a revoked token is always 401."""
    return {"anonymous": anonymous, "revoked": 401, "viewer": viewer, "editor": editor,
            "other_editor": editor if other_editor is None else other_editor}


def admin(editor) -> dict:
    """An admin page: anonymous users and viewers (not staff) are sent to the admin's login."""
    return ui(ADMIN_LOGIN, editor, anonymous=ADMIN_LOGIN)


@dataclass
class Row:
    url: Callable[[World], str]
    expect: dict[str, dict]  # method -> role -> status (or LOGIN / ADMIN_LOGIN)
    data: dict[str, Callable[[World], dict]] = field(default_factory=dict)  # method -> request body
    kind: str = "ui"  # ui (session), api (token), admin (session)
    owned: bool = False  # also try another editor: the object belongs to `editor`
    check: Callable | None = None  # (world, role, method, response) -> None, after the request


def _token_owner_unaffected(world: World, role: str, method: str, response) -> None:
    """Another editor's request acts on their own token only: the owner's token still works."""
    if role == "other_editor":
        assert Token.objects.filter(user=world.editor, key=world.keys["editor"]).exists()
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.keys['editor']}")
        assert client.get("/api/v1/articles").status_code == 200


def _a(w):
    return w.article.pk


def _e(w):
    return w.entity.pk


UI_ROWS: dict[str, Row] = {
    "": Row(lambda w: "/", {"GET": ui(200, 200), "POST": ui(405, 405)}),
    "search/": Row(lambda w: "/search/?q=협약", {"GET": ui(200, 200), "POST": ui(405, 405)}),
    "dashboard/": Row(lambda w: "/dashboard/", {"GET": ui(200, 200)}),
    "upload/": Row(lambda w: "/upload/", {"GET": ui(403, 200), "POST": ui(403, 302)},
                   data={"POST": lambda w: {"text": "새 기사\n본문입니다. 업로드 시험.", "language": "ko"}}),
    "articles/progress/": Row(lambda w: f"/articles/progress/?ids={_a(w)}", {"GET": ui(200, 200)}),
    "articles/status": Row(lambda w: f"/articles/status?ids={_a(w)}", {"GET": ui(200, 200), "POST": ui(405, 405)}),
    "articles/<int:pk>/": Row(lambda w: f"/articles/{_a(w)}/", {"GET": ui(200, 200)}),
    "articles/<int:pk>/original": Row(lambda w: f"/articles/{_a(w)}/original", {"GET": ui(200, 200)}),
    "articles/<int:pk>/reprocess": Row(lambda w: f"/articles/{_a(w)}/reprocess",
                                       {"GET": ui(403, 405), "POST": ui(403, 302)}, owned=True),
    "articles/<int:pk>/metadata": Row(lambda w: f"/articles/{_a(w)}/metadata",
                                      {"GET": ui(403, 405), "POST": ui(403, 302)}, owned=True,
                                      data={"POST": lambda w: {"published_date": "2024-03-02", "language": "ko"}}),
    "entities/": Row(lambda w: "/entities/?q=한국", {"GET": ui(200, 200)}),
    "entities/<int:pk>/": Row(lambda w: f"/entities/{_e(w)}/?target_q=한전", {"GET": ui(200, 200)}),
    "entities/<int:pk>/aliases": Row(lambda w: f"/entities/{_e(w)}/aliases", {"GET": ui(403, 405), "POST": ui(403, 302)},
                                     data={"POST": lambda w: {"surface": "켑코", "language": "ko"}}),
    "entities/<int:pk>/merge": Row(lambda w: f"/entities/{w.target.pk}/merge", {"GET": ui(403, 405), "POST": ui(403, 302)},
                                   data={"POST": lambda w: {"target": w.entity.pk}}),
    "entities/<int:pk>/merges/<int:merge_id>/split": Row(
        lambda w: f"/entities/{_e(w)}/merges/{w.merge.pk}/split", {"GET": ui(403, 405), "POST": ui(403, 302)}, owned=True),
    "events/": Row(lambda w: "/events/?type=agreement", {"GET": ui(200, 200)}),
    "articles/<int:pk>/comments/": Row(lambda w: f"/articles/{_a(w)}/comments/", {"GET": ui(405, 405), "POST": ui(302, 302)},
                                       data={"POST": lambda w: {"body": "좋은 기사입니다."}}),
    "articles/<int:pk>/comment-policy/": Row(
        lambda w: f"/articles/{_a(w)}/comment-policy/", {"GET": ui(403, 200), "POST": ui(403, 302)}, owned=True,
        data={"POST": lambda w: {"max_length": "300", "spaces_count": "on", "categories": ["profanity"],
                                 "source_text": "욕설 금지", **{f"action_{c}": "hold" for c in
                                                              ("profanity", "slander", "false_information",
                                                               "defamation", "flooding")}}}),
    "moderation/": Row(lambda w: "/moderation/?status=all", {"GET": ui(403, 200)}),
    "moderation/decide/": Row(lambda w: "/moderation/decide/", {"GET": ui(405, 405), "POST": ui(403, 302)}, owned=True,
                              data={"POST": lambda w: {"comments": [w.comment.pk], "action": "approve",
                                                       "reason": "ok", "status": "held"}}),
    "accounts/token/": Row(lambda w: "/accounts/token/", {"GET": ui(200, 200), "POST": ui(403, 200)}, owned=True,
                           check=_token_owner_unaffected),
    "accounts/token/revoke": Row(lambda w: "/accounts/token/revoke", {"GET": ui(405, 405), "POST": ui(302, 302)},
                                 owned=True, check=_token_owner_unaffected),
    "accounts/login/": Row(lambda w: "/accounts/login/", {"GET": ui(200, 200, anonymous=200),
                                                          "POST": ui(200, 200, anonymous=200)},
                           data={"POST": lambda w: {"username": "reader", "password": "wrong"}}),
    "accounts/logout/": Row(lambda w: "/accounts/logout/", {"GET": ui(405, 405, anonymous=405),
                                                            "POST": ui(302, 302, anonymous=302)}),
    "accounts/password_change/": Row(lambda w: "/accounts/password_change/", {"GET": ui(200, 200), "POST": ui(200, 200)}),
    "accounts/password_change/done/": Row(lambda w: "/accounts/password_change/done/", {"GET": ui(200, 200)}),
    # The language switch is for everyone, the login page included.
    "i18n/setlang/": Row(lambda w: "/i18n/setlang/", {"GET": ui(302, 302, anonymous=302),
                                                      "POST": ui(302, 302, anonymous=302)},
                         data={"POST": lambda w: {"language": "en", "next": "/"}}),
}

ARTICLE_API = "api/v1/^articles/(?P<pk>\\d+)"
API_ROWS: dict[str, Row] = {
    "api/v1/articles/export": Row(lambda w: "/api/v1/articles/export?format=jsonl", {"GET": api(200, 200)}),
    "api/v1/articles/<int:article_id>/comments": Row(
        lambda w: f"/api/v1/articles/{_a(w)}/comments", {"GET": api(200, 200), "POST": api(201, 201)},
        data={"POST": lambda w: {"body": "좋은 기사입니다."}}),
    "api/v1/uploads/status": Row(lambda w: f"/api/v1/uploads/status?ids={_a(w)}", {"GET": api(200, 200)}),
    "api/v1/entities/merges/<int:merge_id>/split": Row(lambda w: f"/api/v1/entities/merges/{w.merge.pk}/split",
                                                       {"POST": api(403, 200)}, owned=True),
    "api/v1/comments/queue": Row(lambda w: "/api/v1/comments/queue?status=all", {"GET": api(403, 200)}),
    "api/v1/comments/bulk-moderate": Row(lambda w: "/api/v1/comments/bulk-moderate", {"POST": api(403, 200)}, owned=True,
                                         data={"POST": lambda w: {"ids": [w.comment.pk], "to_status": "published",
                                                                  "reason": "ok"}}),
    "api/v1/comments/<int:comment_id>/moderate": Row(
        lambda w: f"/api/v1/comments/{w.comment.pk}/moderate", {"POST": api(403, 200)}, owned=True,
        data={"POST": lambda w: {"to_status": "hidden", "reason": "off topic"}}),
    # A viewer may hold a token (manage.py create_token) and revoke it; only editors create one.
    "api/v1/tokens": Row(lambda w: "/api/v1/tokens", {"POST": api(403, 201), "DELETE": api(204, 204)}, owned=True,
                         check=_token_owner_unaffected),
    "api/v1/feed.atom": Row(lambda w: "/api/v1/feed.atom", {"GET": api(200, 200)}),
    "api/v1/^articles$": Row(lambda w: "/api/v1/articles", {"GET": api(200, 200), "POST": api(403, 202)},
                             data={"POST": lambda w: {"text": "새 기사\n본문입니다. API 업로드 시험."}}),
    ARTICLE_API + "$": Row(lambda w: f"/api/v1/articles/{_a(w)}",
                           {"GET": api(200, 200), "PATCH": api(403, 200), "DELETE": api(403, 204)}, owned=True,
                           data={"PATCH": lambda w: {"reporter_name": "박기자"}}),
    ARTICLE_API + "/history$": Row(lambda w: f"/api/v1/articles/{_a(w)}/history", {"GET": api(200, 200)}),
    ARTICLE_API + "/ninjs$": Row(lambda w: f"/api/v1/articles/{_a(w)}/ninjs", {"GET": api(200, 200)}),
    ARTICLE_API + "/original$": Row(lambda w: f"/api/v1/articles/{_a(w)}/original", {"GET": api(200, 200)}),
    ARTICLE_API + "/status$": Row(lambda w: f"/api/v1/articles/{_a(w)}/status", {"GET": api(200, 200)}),
    ARTICLE_API + "/reprocess$": Row(lambda w: f"/api/v1/articles/{_a(w)}/reprocess", {"POST": api(403, 202)}, owned=True),
    "api/v1/^entities$": Row(lambda w: "/api/v1/entities?q=한국", {"GET": api(200, 200)}),
    "api/v1/^entities/(?P<pk>\\d+)$": Row(lambda w: f"/api/v1/entities/{_e(w)}", {"GET": api(200, 200)}),
    "api/v1/^entities/(?P<pk>\\d+)/aliases$": Row(lambda w: f"/api/v1/entities/{_e(w)}/aliases", {"POST": api(403, 201)},
                                                  data={"POST": lambda w: {"surface": "켑코", "language": "ko"}}),
    "api/v1/^entities/(?P<pk>\\d+)/merge$": Row(lambda w: f"/api/v1/entities/{w.target.pk}/merge", {"POST": api(403, 201)},
                                                data={"POST": lambda w: {"into": w.entity.pk}}),
    "api/v1/^events$": Row(lambda w: "/api/v1/events", {"GET": api(200, 200)}),
    "api/v1/^events/(?P<pk>\\d+)$": Row(lambda w: f"/api/v1/events/{w.event.pk}", {"GET": api(200, 200)}),
    # The schema and its two viewers describe the API and hold no archive data: public by design
    # (drf-spectacular's SERVE_PERMISSIONS); a bad token is still refused, as on every DRF view.
    "api/schema/": Row(lambda w: "/api/schema/", {"GET": api(200, 200, anonymous=200)}),
    "api/schema/swagger/": Row(lambda w: "/api/schema/swagger/", {"GET": api(200, 200, anonymous=200)}),
    "api/schema/redoc/": Row(lambda w: "/api/schema/redoc/", {"GET": api(200, 200, anonymous=200)}),
    # Anything else under /api/ is a 404 for everyone, before any authentication.
    "api/^[\\s\\S]*$": Row(lambda w: "/api/v2/articles", {"GET": api(404, 404, anonymous=404) | {"revoked": 404},
                                                         "POST": api(404, 404, anonymous=404) | {"revoked": 404}}),
}
for _row in API_ROWS.values():
    _row.kind = "api"

ADMIN_ROWS: dict[str, Row] = {
    "admin/": Row(lambda w: "/admin/", {"GET": admin(200)}),
    "admin/login/": Row(lambda w: "/admin/login/", {"GET": ui(200, 302, anonymous=200), "POST": ui(200, 200, anonymous=200)},
                        data={"POST": lambda w: {"username": "desk-editor", "password": "wrong"}}),
    "admin/logout/": Row(lambda w: "/admin/logout/", {"GET": ui(ADMIN_INDEX, 405, anonymous=ADMIN_INDEX),
                                                      "POST": ui(ADMIN_INDEX, 302, anonymous=ADMIN_INDEX)}),
    "admin/password_change/": Row(lambda w: "/admin/password_change/", {"GET": admin(200), "POST": admin(200)}),
    "admin/password_change/done/": Row(lambda w: "/admin/password_change/done/", {"GET": admin(200)}),
    "admin/autocomplete/": Row(lambda w: "/admin/autocomplete/", {"GET": admin(403)}),
    "admin/jsi18n/": Row(lambda w: "/admin/jsi18n/", {"GET": admin(200)}),
    "admin/r/<path:content_type_id>/<path:object_id>/": Row(lambda w: _view_on_site(w), {"GET": admin(404)}),
    # The admin's last pattern: unknown admin paths.
    "admin/(?P<url>.*)$": Row(lambda w: "/admin/no-such-page/", {"GET": admin(404)}),
}
for _row in ADMIN_ROWS.values():
    _row.kind = "admin"


def _view_on_site(w: World) -> str:
    from django.contrib.contenttypes.models import ContentType

    return f"/admin/r/{ContentType.objects.get_for_model(w.article).pk}/{_a(w)}/"


# What editors may do in the admin, per model (the roles give editors the model permissions of the
# articles, entities and comments apps; the admins of uploads and comments take some away). Nothing
# of users, groups, tokens or the login log: those are the superuser's.
ADMIN_MODELS: dict[str, tuple[str, set[str]]] = {
    # model: (world object, what an editor may do)
    "auth/group": ("group", set()),
    "auth/user": ("editor", set()),
    "authtoken/tokenproxy": ("editor", set()),  # DRF's token admin names a token by its user's id
    "axes/accessattempt": ("accessattempt", set()),
    "axes/accesslog": ("accesslog", set()),
    "axes/accessfailurelog": ("accessfailurelog", set()),
    "articles/outlet": ("outlet", {"view", "add", "change", "delete"}),
    "articles/upload": ("upload", {"view", "delete"}),  # read-only; deleting one an article holds is refused
    "articles/article": ("article", {"view", "add", "change", "delete"}),
    "articles/commentpolicy": ("policy", {"view", "add", "change", "delete"}),
    "entities/entity": ("target", {"view", "add", "change", "delete"}),
    "entities/alias": ("alias", {"view", "add", "change", "delete"}),
    "entities/mention": ("mention", {"view", "add", "change", "delete"}),
    "entities/event": ("event", {"view", "add", "change", "delete"}),
    "entities/quote": ("quote", {"view", "add", "change", "delete"}),
    "entities/amount": ("amount", {"view", "add", "change", "delete"}),
    "entities/datemention": ("date_mention", {"view", "add", "change", "delete"}),
    "entities/entitymerge": ("merge", {"view", "add", "change", "delete"}),
    "comments/comment": ("comment", {"view", "change"}),  # no add, no delete: comments come through screening
    "comments/moderationdecision": ("decision", {"view"}),  # the audit log is read-only
}
# Editors' empty "change"/"add" POST: a form with required fields (or an inline's management form)
# is shown again with errors (200); a comment policy has no required field, so it is saved (302).
ADMIN_EMPTY_POST_SAVES = {"articles/commentpolicy"}
# Deleting an upload its article still holds (on_delete=PROTECT) shows the refusal page again.
ADMIN_DELETE_PROTECTED = {"articles/upload"}
# Deleting an article would delete its comments and moderation decisions, which the comments admin
# never deletes: the admin refuses (403) even editors. (The API's DELETE goes through article_delete.)
ADMIN_DELETE_REFUSED = {"articles/article"}
# Owned objects: the editor's article, token and merge; another editor gets what an editor gets.
ADMIN_OWNED = {"articles/article", "articles/upload", "authtoken/tokenproxy", "entities/entitymerge"}


def _changelist_post(model: str, may: set[str]) -> int:
    """The changelist's POST of the "delete selected" action, confirmed."""
    if not may & {"view", "change"}:
        return 403
    if "delete" not in may:
        # No such action for this editor: "no action selected" and back to the list, or, where the
        # list has no actions at all (view only), the list again.
        return 302 if "change" in may else 200
    if model in ADMIN_DELETE_REFUSED:
        return 403
    return 200 if model in ADMIN_DELETE_PROTECTED else 302


def _admin_model_rows() -> dict[str, Row]:
    rows = {}
    for model, (obj, may) in ADMIN_MODELS.items():
        base = f"admin/{model}/"
        owned = model in ADMIN_OWNED
        has_password_page = model == "auth/user"  # the user admin adds one page

        def obj_url(w, suffix="", obj=obj, base=base):
            return f"/{base}{getattr(w, obj).pk}/{suffix}"

        def allowed(*needs, may=may, ok=200):
            return admin(ok if may & set(needs) else 403)

        rows[base] = Row(lambda w, base=base: f"/{base}", {
            "GET": allowed("view", "change"),
            # The changelist's POST runs a bulk action ("delete_selected" here).
            "POST": admin(_changelist_post(model, may)),
        }, data={"POST": lambda w, obj=obj: {"action": "delete_selected", "_selected_action": [getattr(w, obj).pk],
                                             "post": "yes"}},
            owned=owned)
        rows[base + "add/"] = Row(lambda w, base=base: f"/{base}add/",
                                  {"GET": allowed("add"), "POST": allowed("add", ok=302 if model in ADMIN_EMPTY_POST_SAVES else 200)},
                                  owned=owned)
        rows[base + "<path:object_id>/history/"] = Row(lambda w, f=obj_url: f(w, "history/"),
                                                       {"GET": allowed("view", "change")}, owned=owned)
        rows[base + "<path:object_id>/delete/"] = Row(
            lambda w, f=obj_url: f(w, "delete/"),
            {"GET": allowed("delete"),
             "POST": admin(403) if model in ADMIN_DELETE_REFUSED else
             allowed("delete", ok=200 if model in ADMIN_DELETE_PROTECTED else 302)},
            data={"POST": lambda w: {"post": "yes"}}, owned=owned)
        rows[base + "<path:object_id>/change/"] = Row(
            lambda w, f=obj_url: f(w, "change/"),
            {"GET": allowed("view", "change"),
             "POST": allowed("change", ok=302 if model in ADMIN_EMPTY_POST_SAVES else 200)}, owned=owned)
        rows[base + "<path:object_id>/"] = Row(lambda w, f=obj_url: f(w), {"GET": admin(302)}, owned=owned)
        if has_password_page:
            rows[base + "<id>/password/"] = Row(lambda w, f=obj_url: f(w, "password/"),
                                                {"GET": admin(403), "POST": admin(403)})
    apps = "|".join(sorted({m.split("/")[0] for m in ADMIN_MODELS}))
    rows[f"admin/^(?P<app_label>{apps})/$"] = Row(lambda w: "/admin/articles/", {"GET": admin(200)})
    for row in rows.values():
        row.kind = "admin"
    return rows


ADMIN_ROWS.update(_admin_model_rows())
MATRIX: dict[str, Row] = {**UI_ROWS, **API_ROWS, **ADMIN_ROWS}


# --- the URL map against the matrix -----------------------------------------------------------


def url_patterns(resolver=None, prefix: str = ""):
    """(full pattern, URLPattern) for every route of newsroom.urls, includes followed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def _admin_app_pattern(route: str) -> str:
    # The app-index pattern lists the installed apps' labels in registration order; compare them sorted.
    if route.startswith("admin/^(?P<app_label>"):
        labels = route[len("admin/^(?P<app_label>"):].split(")")[0]
        return f"admin/^(?P<app_label>{'|'.join(sorted(labels.split('|')))})/$"
    return route


def _api_methods(callback) -> set[str]:
    """The methods a DRF view answers (viewsets: those routed to an action), HEAD and OPTIONS aside."""
    actions = getattr(callback, "actions", None)
    if actions:
        return {m.upper() for m in actions} - {"HEAD", "OPTIONS"}
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is None:
        return set()
    return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)} - {"HEAD", "OPTIONS"}


def matrix_gaps(resolver=None) -> list[str]:
    """Every disagreement between a URL map and the matrix: unlisted patterns, stale rows, and API
    rows whose methods differ from what the view answers."""
    routes = {_admin_app_pattern(route): pattern for route, pattern in url_patterns(resolver)}
    static = {r for r in routes if r.startswith(("static/", "^static/"))}
    gaps = [f"no row for {route!r}" for route in sorted(set(routes) - static - set(MATRIX))]
    gaps += [f"a row for {route!r}, which no longer exists" for route in sorted(set(MATRIX) - set(routes))]
    for route, row in MATRIX.items():
        if row.kind == "api" and route in routes:
            answered = _api_methods(routes[route].callback)
            if answered and set(row.expect) != answered:  # DRF views; the JSON 404 fallback is a plain function
                gaps.append(f"{route!r}: the matrix tests {sorted(row.expect)}, the view answers {sorted(answered)}")
    return gaps


def test_every_url_pattern_is_in_the_matrix():
    assert matrix_gaps() == []


def test_a_new_url_pattern_or_method_fails_the_matrix():
    """The completeness check itself: a URL map with one more page, and one more API method."""
    from django.urls import path
    from rest_framework.views import APIView

    import newsroom.urls

    class Extra(APIView):
        def get(self, request):
            return None

    class TokensWithGet(APIView):
        def post(self, request):
            return None

        def delete(self, request):
            return None

        def get(self, request):
            return None

    module = type(newsroom.urls)("extra_urls")
    module.urlpatterns = [*newsroom.urls.urlpatterns, path("reports/", lambda request: None),
                          path("api/v1/reports", Extra.as_view()), path("api/v1/tokens", TokensWithGet.as_view())]
    gaps = matrix_gaps(get_resolver(module))
    assert "no row for 'reports/'" in gaps and "no row for 'api/v1/reports'" in gaps
    assert "'api/v1/tokens': the matrix tests ['DELETE', 'POST'], the view answers ['DELETE', 'GET', 'POST']" in gaps


def _cases():
    for route, row in MATRIX.items():
        for method in row.expect:
            for role in ROLES:
                if role == "other_editor" and not row.owned:
                    continue
                yield pytest.param(route, method, role, id=f"{method} {route or '/'} as {role}")


CASES = list(_cases())


def _request(world: World, row: Row, method: str, role: str):
    url = row.url(world)
    data = row.data.get(method, lambda w: {})(world)
    if row.kind == "api":
        client = world.api_client(role)
        return getattr(client, method.lower())(url, data, format="json") if data or method != "GET" else client.get(url)
    client = world.ui_client(role)
    if method == "GET":
        return client.get(url)
    return client.generic(method, url, data=_form(data), content_type="application/x-www-form-urlencoded")


def _form(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


@pytest.mark.parametrize("route,method,role", CASES)
def test_authorisation(shared_world, route, method, role):
    world = shared_world
    row = MATRIX[route]
    expected = row.expect[method][role]
    response = _request(world, row, method, role)
    if expected == LOGIN:
        assert response.status_code == 302, (response.status_code, response.content[:300])
        assert response["Location"].startswith("/accounts/login/?next="), response["Location"]
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302, (response.status_code, response.content[:300])
        assert response["Location"].startswith("/admin/login/?next="), response["Location"]
    elif expected == ADMIN_INDEX:
        assert response.status_code == 302 and response["Location"] == "/admin/", response
    else:
        assert response.status_code == expected, (response.status_code, response.content[:500])
    if row.kind == "api" and response.status_code == 401:
        assert response["WWW-Authenticate"].startswith("Token")
    if row.check:
        row.check(world, role, method, response)

