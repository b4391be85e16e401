"""Shared pieces of the REST API: the one error shape, permissions, pagination, throttles, tokens.

Named in REST_FRAMEWORK settings, so it must not import rest_framework.views (or generics) at the
top: DRF reads the settings while importing those, which would import this module half-made.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection, transaction
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import authentication, exceptions, permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from articles.roles import EDITOR, is_editor
from newsroom.db import prepared_cursor

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100


# --- errors -----------------------------------------------------------------------------------


class ApiError(exceptions.APIException):
    """An error with a code of our own (e.g. an UploadRejected code) and optional field messages."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"
    default_detail = "The request could not be processed."

    def __init__(self, message: str, *, code: str | None = None, status_code: int | None = None,
                 fields: dict | None = None, details: dict | None = None):
        super().__init__(detail=message, code=code or self.default_code)
        if status_code is not None:
            self.status_code = status_code
        self.error_code = code or self.default_code
        self.fields = fields or {}
        self.details = details


def error_body(code: str, message: str, fields: dict | None = None, details: dict | None = None) -> dict:
    error = {"code": code, "message": message, "fields": fields or {}}
    if details:
        error["details"] = details
    return {"error": error}


def _first_code(codes) -> str:
    """DRF's get_codes() is a str, a list or a dict of those; the first leaf names the error."""
    if isinstance(codes, str):
        return codes
    if isinstance(codes, dict):
        for value in codes.values():
            return _first_code(value)
    if isinstance(codes, list | tuple) and codes:
        return _first_code(codes[0])
    return "error"


def api_exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every 4xx and 5xx as {"error": {code, message, fields}}.

    DRF's own handler runs first so its headers survive (WWW-Authenticate on 401, Retry-After on
    429); Django's ValidationError (a service's full_clean) becomes a 400; anything else is an
    unexpected failure: logged with its traceback, answered with a 500 that reveals nothing.
    """
    # Imported here: this module is named in REST_FRAMEWORK settings (throttles, pagination), and
    # rest_framework.views reads those settings at import, so importing it at the top would be circular.
    from rest_framework.views import exception_handler as drf_exception_handler
    from rest_framework.views import set_rollback

    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, RequestDataTooBig):
        exc = ApiError("The request body is too large.", code="too_large", status_code=413)
    elif isinstance(exc, SuspiciousOperation):  # e.g. too many form fields: the client's fault
        exc = ApiError(str(exc) or "Malformed request.", code="bad_request")
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(fields)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("unexpected error in API view %s", context.get("view").__class__.__name__, exc_info=exc)
        set_rollback()
        return _json_response(error_body("server_error", "An unexpected error occurred; it has been logged."),
                              status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, ApiError):
        response.data = error_body(exc.error_code, str(exc.detail), exc.fields, exc.details)
    elif isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = detail if isinstance(detail, dict) else {api_settings.NON_FIELD_ERRORS_KEY: detail}
        response.data = error_body(_first_code(exc.get_codes()), "Invalid input: see fields.", fields)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        message = str(detail) if not isinstance(detail, list | dict) else "; ".join(map(str, detail))
        response.data = error_body(_first_code(codes), message)
    return response


def _json_response(body: dict, status_code: int) -> Response:
    return Response(body, status=status_code)


def json_error(code: str, message: str, status_code: int) -> JsonResponse:
    """The error shape outside DRF views (URL not found under /api/, handler500)."""
    return JsonResponse(error_body(code, message), status=status_code, json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # answers every method with 404; a CSRF 403 would hide that the path does not exist
def api_not_found(request, *args, **kwargs):
    """The last route under /api/: an unknown API path is a JSON 404, not the HTML page."""
    return json_error("not_found", "No API endpoint at this path.", status.HTTP_404_NOT_FOUND)


def handler404(request, exception=None):
    """For newsroom.urls.handler404: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return json_error("not_found", "Not found.", status.HTTP_404_NOT_FOUND)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request):
    """For newsroom.urls.handler500: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return json_error("server_error", "An unexpected error occurred; it has been logged.",
                          status.HTTP_500_INTERNAL_SERVER_ERROR)
    from django.views.defaults import server_error

    return server_error(request)


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. not_found, invalid, empty.")
    message = serializers.CharField(help_text="A human-readable explanation.")
    fields = serializers.DictField(
        help_text="Per-field messages for invalid input (a list of strings, or nested per item/key); empty otherwise.",
    )
    details = serializers.DictField(required=False, help_text="Extra data for some errors (e.g. comment length).")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


_ERROR_DESCRIPTIONS = {
    400: "Invalid input",
    401: "Not authenticated (send `Authorization: Token <key>` or a session cookie)",
    403: "Not allowed for this role",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    422: "Refused",
    429: "Too many requests (see the Retry-After header)",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error responses of an operation: 401 and 429 always, plus the given ones."""
    wanted = sorted({401, 429, *codes})
    return {code: OpenApiResponse(ErrorSerializer, description=_ERROR_DESCRIPTIONS[code]) for code in wanted}


# --- authentication and permissions -----------------------------------------------------------


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication in one plain query that also says whether the user is an editor.

    Every API request asks for the user's role (visibility, write permission). Read with the
    token it costs no query of its own, and a plain query skips the ORM compiling a join and a
    subquery: ~0.4 ms of CPU instead of ~1.7 ms for DRF's query plus the role's. The user is built
    from the row as the ORM builds a model it read (Model.from_db, with the fields' converters),
    without a RawQuerySet reading the column names back from the cursor on every request; on
    PostgreSQL the query is prepared once per connection (newsroom/db.py). The role is kept on this
    request's user object only, so a change applies from the next request on. Errors (unknown
    token, inactive user) are DRF's own.
    """

    def authenticate_credentials(self, key):
        user = _token_user(key)
        if user is None or not user.is_active:
            return super().authenticate_credentials(key)  # raises AuthenticationFailed with DRF's message
        return user, Token(key=key, user=user)


def _token_user(key: str):
    """The active or inactive user of a token with .newsroom_is_editor set, or None."""
    sql, names, converters = _token_user_query()
    with prepared_cursor() if connection.vendor == "postgresql" else connection.cursor() as cursor:
        cursor.execute(sql, [EDITOR, key])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row[:-1])
    for i, column, convert in converters:
        for converter in convert:
            values[i] = converter(values[i], column, connection)
    user = get_user_model().from_db(connection.alias, names, values)
    user.newsroom_is_editor = bool(user.is_superuser or row[-1])
    return user


@cache
def _token_user_query() -> tuple[str, list[str], list[tuple[int, Any, list]]]:
    """The query for a token's user (every concrete field, as the ORM would read it) and whether they
    are in the editor group; the fields' attribute names in column order; the database converters
    per column, as a RawQuerySet would apply them (none on PostgreSQL for Django's User)."""
    quote = connection.ops.quote_name
    user_model = get_user_model()
    fields = list(user_model._meta.concrete_fields)
    groups_field = user_model._meta.get_field("groups")
    users, pk = quote(user_model._meta.db_table), quote(user_model._meta.pk.column)
    user_groups = quote(groups_field.remote_field.through._meta.db_table)
    member, group = quote(groups_field.m2m_column_name()), quote(groups_field.m2m_reverse_name())
    columns = ", ".join(f"u.{quote(f.column)}" for f in fields)
    sql = (
        f"SELECT {columns}, EXISTS (SELECT 1 FROM {user_groups} ug JOIN {quote(Group._meta.db_table)} g"
        f" ON g.id = ug.{group} WHERE ug.{member} = u.{pk} AND g.name = %s) AS token_user_is_editor"
        f" FROM {users} u JOIN {quote(Token._meta.db_table)} t ON t.user_id = u.{pk} WHERE t.key = %s"
    )
    converters = []
    for i, f in enumerate(fields):
        column = f.get_col(user_model._meta.db_table)
        convert = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if convert:
            converters.append((i, column, convert))
    return sql, [f.attname for f in fields], converters


def request_is_editor(request) -> bool:
    """is_editor, asked once per request (from the token's query when TokenAuthentication read it)."""
    cached = getattr(request, "_newsroom_is_editor", None)
    if cached is None:
        cached = getattr(request.user, "newsroom_is_editor", None)
        if cached is None:
            cached = is_editor(request.user)
        request._newsroom_is_editor = cached
    return cached


class IsEditor(permissions.BasePermission):
    message = "Only editors may do this."

    def has_permission(self, request, view) -> bool:
        return request_is_editor(request)


class IsEditorOrReadOnly(permissions.BasePermission):
    """Viewers (any authenticated user) read; editors also write."""

    message = "Viewers may read; only editors may change the archive."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or request_is_editor(request)


# --- pagination -------------------------------------------------------------------------------


class CursorPage(CursorPagination):
    """Newest first by id (unique, indexed), so every page costs one index range scan."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"

    def decode_cursor(self, request):
        # DRF answers a bad cursor with 404; it is a bad parameter, not a missing resource.
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise ApiError("Invalid cursor.", code="invalid_cursor", fields={"cursor": ["Invalid cursor."]}) from None


class OldestFirstCursorPage(CursorPage):
    ordering = "id"


def cursor_page_of(serializer_class, name: str):
    """The schema of a cursor page of `serializer_class`, for views that paginate by hand."""
    return inline_serializer(name=name, fields={
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializer_class(many=True),
    })


# --- throttles --------------------------------------------------------------------------------


class _SettingsRate:
    """Read the rate when asked, not at import, so settings overrides (tests, deployments) apply."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(_SettingsRate, UserRateThrottle):
    """Per user (per IP for anonymous requests); rate in REST_FRAMEWORK DEFAULT_THROTTLE_RATES["user"]."""

    scope = "user"


class AnonThrottle(_SettingsRate, AnonRateThrottle):
    """Anonymous requests per IP (they all end in 401, but token guessing is slowed down)."""

    scope = "anon"


# --- content negotiation ----------------------------------------------------------------------


class IgnoreFormatNegotiation(DefaultContentNegotiation):
    """For views that build their own response (CSV, Atom, the original bytes).

    DRF reads `?format=` as its renderer override and would answer 404 for format=csv; these
    views choose the representation themselves, so any Accept header and any `format` are fine.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# --- tokens -----------------------------------------------------------------------------------


@transaction.atomic
def token_create(*, user) -> Token:
    """A new API token for the user, replacing (revoking) any previous one."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def token_revoke(*, user) -> bool:
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)

