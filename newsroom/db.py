"""Prepared statements for the API's hottest hand-written queries (PostgreSQL only).

Django sends every query as text with its values inlined (psycopg's client-side binding), so
PostgreSQL parses and plans it again on every execution. The article detail's query reads eight
tables through six subqueries: planning it took ~0.6 ms, three times as long as running it, and
it runs on every `GET /api/v1/articles/{id}`, after the token's query. A query run through
prepared_cursor() is planned once per database connection and then only bound and executed;
psycopg keeps track of the statement (a new connection, a DISCARD ALL or a rollback make it
prepare again).

Prepared statements need a session that stays on one server connection, which transaction-mode
poolers (PgBouncer) do not give: Django therefore leaves them off unless the database's OPTIONS
set `prepare_threshold`, and so does this module (settings: DB_PREPARED_STATEMENTS). When off,
the same query is sent unprepared with its values bound by the server.

The ORM's own cursors are untouched: psycopg's client-side binding never prepares.
"""

from __future__ import annotations

import psycopg
from django.db import connection
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


def _compiled_timestamptz_loader():
    """psycopg's compiled text loader for timestamptz, or None without the psycopg-binary/c build."""
    loader = psycopg.postgres.adapters.get_loader(psycopg.postgres.types["timestamptz"].oid, psycopg.pq.Format.TEXT)
    return None if loader is None or loader.__module__.startswith("psycopg.") else loader


_C_TIMESTAMPTZ = _compiled_timestamptz_loader()


class _PreparingCursor(psycopg.Cursor):
    """A server-binding cursor that asks for every query to be prepared (psycopg ignores the
    request when the connection's prepare_threshold is None)."""

    def execute(self, query, params=None, *, prepare: bool | None = True, binary: bool | None = None):
        return super().execute(query, params, prepare=prepare, binary=binary)


class _PreparedDebugWrapper(CursorDebugWrapper):
    """Django logs a query (DEBUG, assertNumQueries, CaptureQueriesContext) with the text psycopg
    sent, which a prepared execution does not keep: log it with its values inlined instead, the
    text Django logs for its own queries."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return CursorWrapper.execute(self, sql, params)


def prepared_cursor(db=None):
    """A cursor of the PostgreSQL connection `db` (default: the default one) whose queries are
    prepared once per connection.

    It is Django's cursor wrapper around it, as connection.cursor() gives: the per-request health
    check, thread-sharing check, query logging (assertNumQueries, DEBUG), execute wrappers and
    the translation of database errors all apply. Placeholders are %s, as in Django; the query
    must not contain a literal %.
    """
    db = db if db is not None else connection
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    with db.wrap_database_errors:
        raw = _PreparingCursor(db.connection)
    if _C_TIMESTAMPTZ is not None and db.timezone_name == "UTC":
        # Django reads timestamptz text through a Python subclass of psycopg's pure-Python loader
        # (to attach its time zone): ~3.5 us a value, 0.13 ms of a search's 40. On a UTC session
        # psycopg's compiled loader gives the same datetime with the same tzinfo (timezone.utc).
        raw.adapters.register_loader("timestamptz", _C_TIMESTAMPTZ)
    return _PreparedDebugWrapper(raw, db) if db.queries_logged else db.make_cursor(raw)
