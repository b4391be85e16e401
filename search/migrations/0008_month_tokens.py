"""PostgreSQL: add the month token (U+01C1 + the sort date's year and month, six digits) to every
indexed vector.

The window's date slices are months (search.backends): a common word's matches in one year are
several times the 1,001 rows the window keeps, and a slice reads all of its rows. A row without its
month token would be missed by month slices until re-indexed, so existing rows get it here (the
phrase index's search_pairs() keeps every U+01C1 token, so its rows get it too). Rows whose vector
is empty (not yet indexed) are left for the pipeline. A large archive rewrites every row here: at
1M articles it takes the better part of an hour (docs/operations.md). SQLite has no date tokens (FTS5):
its rows only move to index version 3, so that `search_check` does not report them stale.
"""

from django.db import migrations

YEAR_PREFIX = "\u01c1"  # newsroom_text.search.analysis.YEAR_PREFIX at the time of this migration

FORWARD = (
    "UPDATE search_searchdocument"
    f" SET tsv = tsv || ('''{YEAR_PREFIX}' || to_char(sort_date, 'YYYYMM') || '''')::tsvector,"
    " index_version = '3'"
    " WHERE tsv <> ''::tsvector"
)
REVERSE = (
    "UPDATE search_searchdocument SET tsv = ts_delete(tsv,"
    f" ARRAY(SELECT lexeme FROM unnest(tsv) WHERE left(lexeme, 1) = '{YEAR_PREFIX}' AND length(lexeme) = 7)),"
    " index_version = '2'"
)


SQLITE_FORWARD = "UPDATE search_searchdocument SET index_version = '3' WHERE index_version = '2'"
SQLITE_REVERSE = "UPDATE search_searchdocument SET index_version = '2' WHERE index_version = '3'"


def statement(vendor: str, forward: bool = True) -> str:
    if vendor == "postgresql":
        return FORWARD if forward else REVERSE
    return SQLITE_FORWARD if forward else SQLITE_REVERSE


def _run(forward):
    def run(apps, schema_editor):
        schema_editor.execute(statement(schema_editor.connection.vendor, forward))

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_gin_pending_list_limit")]

    operations = [migrations.RunPython(_run(True), _run(False))]
