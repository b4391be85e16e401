"""PostgreSQL: each index row carries its article's entity ids and event types, for the facets.

The facets count entities and event types over the window's 1,001 matches; looking them up in
entities_mention / entities_event cost 1,001 index probes each (17 ms of a 49 ms faceted search at
1M articles). The window reads each match's row anyway, so the row carries them:
search.backends writes them with the row, and statement-level triggers on entities_mention and
entities_event re-read them for the articles a statement touched (processing's bulk insert, a
merge's or split's UPDATE, an editor's edit, a cascade delete), so no code path can leave them
behind. search_check compares them with the tables. Existing rows are filled here.
SQLite: nothing (its facets look the ids up).
"""

from django.db import migrations

ENTITY_IDS = "ARRAY(SELECT DISTINCT m.entity_id FROM entities_mention m WHERE m.article_id = d.article_id ORDER BY 1)"
EVENT_TYPES = "ARRAY(SELECT DISTINCT e.type FROM entities_event e WHERE e.article_id = d.article_id ORDER BY 1)"


def _trigger_sql(table: str, column: str, value: str) -> list[str]:
    function = f"search_facets_{table}"
    touched = {
        "INSERT": "SELECT article_id FROM new_rows",
        "DELETE": "SELECT article_id FROM old_rows",
        "UPDATE": "SELECT article_id FROM new_rows UNION SELECT article_id FROM old_rows",
    }
    branches = "".join(
        f" {'IF' if i == 0 else 'ELSIF'} TG_OP = '{op}' THEN"
        f" UPDATE search_searchdocument d SET {column} = {value} WHERE d.article_id IN ({query});"
        for i, (op, query) in enumerate(touched.items())
    )
    statements = [
        f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN{branches} END IF;"
        " RETURN NULL; END $$",
        f"CREATE TRIGGER {function}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {function}_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {function}_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows"
        f" NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]
    return statements


FORWARD = [
    "ALTER TABLE search_searchdocument"
    " ADD COLUMN entity_ids bigint[] NOT NULL DEFAULT '{}', ADD COLUMN event_types text[] NOT NULL DEFAULT '{}'",
    f"UPDATE search_searchdocument d SET entity_ids = {ENTITY_IDS}, event_types = {EVENT_TYPES}",
    *_trigger_sql("entities_mention", "entity_ids", ENTITY_IDS),
    *_trigger_sql("entities_event", "event_types", EVENT_TYPES),
]
REVERSE = [
    "DROP FUNCTION search_facets_entities_mention() CASCADE",
    "DROP FUNCTION search_facets_entities_event() CASCADE",
    "ALTER TABLE search_searchdocument DROP COLUMN entity_ids, DROP COLUMN event_types",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_index_version_2"), ("entities", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(REVERSE))]
