"""PostgreSQL: add the year token (U+01C1 + the sort date's year) to every indexed vector.

The window query asks the GIN index for "these terms in year Y" (search.backends, year slices); a
row without its token would be missed by those slices until re-indexed, so existing rows get it
here. Rows whose vector is empty (not yet indexed) are left for the pipeline. SQLite: nothing.
"""

from django.db import migrations

YEAR_PREFIX = "\u01c1"  # newsroom_text.search.analysis.YEAR_PREFIX at the time of this migration

FORWARD = (
    "UPDATE search_searchdocument"
    f" SET tsv = tsv || ('''{YEAR_PREFIX}' || extract(year FROM sort_date)::int || '''')::tsvector,"
    " index_version = '2'"
    " WHERE tsv <> ''::tsvector"
)
REVERSE = (
    "UPDATE search_searchdocument SET tsv = ts_delete(tsv,"
    f" ARRAY(SELECT lexeme FROM unnest(tsv) WHERE left(lexeme, 1) = '{YEAR_PREFIX}')), index_version = '1'"
)


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_text_index")]

    operations = [migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(REVERSE))]
