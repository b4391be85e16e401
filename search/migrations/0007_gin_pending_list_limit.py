"""PostgreSQL: the text indexes' pending lists capped at 256 kB instead of the server's 4 MB.

GIN's fast update appends new rows' keys to a pending list that every search then reads in full,
until a vacuum or the list's size limit merges it into the index. At 4 MB that is up to 512 pages
per search: with 352 pending pages left by loading 100k articles, the benchmark's two-term query
spent 3.6 ms in its index scan, against 1.4 ms with the list merged (375 pages read against 23).
At 256 kB a search reads at most 32 pending pages, and the processing workers still write in
batches (one merge every ~70 articles). The lists pending now are merged here.
SQLite: nothing.
"""

from django.db import migrations

INDEXES = ("search_doc_tsv_idx", "search_doc_pairs_idx")
LIMIT_KB = 256

FORWARD = [f"ALTER INDEX {name} SET (gin_pending_list_limit = {LIMIT_KB})" for name in INDEXES] + [
    f"SELECT gin_clean_pending_list('{name}'::regclass)" for name in INDEXES
]
REVERSE = [f"ALTER INDEX {name} RESET (gin_pending_list_limit)" for name in INDEXES]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_phrase_pairs")]

    operations = [migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(REVERSE))]
