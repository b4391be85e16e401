"""The vendor-specific text part of the index, outside Django's model state.

PostgreSQL: a `tsv` tsvector column on search_searchdocument and its GIN index.
SQLite: the FTS5 table search_fts (rowid = article id) holding space-separated pre-analysed terms
per column (headline, body, entities), and a trigger removing its row with the SearchDocument row.
The FTS5 tokenizer keeps letters, digits and marks together (the analysis layer's term alphabet;
the entity prefix U+01C2 is a letter) and never folds diacritics, so each stored term stays one token.
"""

from django.db import migrations

FTS5_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"

POSTGRESQL = [
    "ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_doc_tsv_idx ON search_searchdocument USING gin (tsv)",
    # Keep vectors inline in the heap row (no TOAST lookups when a row's vector is matched or ranked
    # on the sort-key walk): rows up to ~8 kB stay as they are, larger vectors are compressed in place
    # first, with lz4 (PostgreSQL 14+ built with lz4) where available.
    "ALTER TABLE search_searchdocument SET (toast_tuple_target = 8160)",
    "ALTER TABLE search_searchdocument ALTER COLUMN tsv SET STORAGE MAIN",
    "DO $$ BEGIN ALTER TABLE search_searchdocument ALTER COLUMN tsv SET COMPRESSION lz4;"
    " EXCEPTION WHEN others THEN RAISE NOTICE 'lz4 not available: tsv keeps the default compression'; END $$",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_doc_tsv_idx",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
]
SQLITE = [
    f'CREATE VIRTUAL TABLE search_fts USING fts5(headline, body, entities, tokenize="{FTS5_TOKENIZE}")',
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.article_id; END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
