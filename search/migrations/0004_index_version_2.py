"""index_version's default becomes a callable (INDEX_VERSION bumps need no migration from now on).

On SQLite, AlterField rebuilds search_searchdocument, and dropping the old table drops its
trigger search_fts_delete (migration 0002), which removes an article's FTS5 row with its document
row; it is created again here.
"""

from django.db import migrations, models

import search.models

SQLITE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.article_id; END"
)


def _recreate_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_year_tokens")]

    operations = [
        migrations.AlterField(
            model_name="searchdocument",
            name="index_version",
            field=models.CharField(default=search.models.current_index_version, max_length=20),
        ),
        migrations.RunPython(_recreate_trigger, migrations.RunPython.noop),
    ]
