"""The search index: one row per article, a tsvector on PostgreSQL, an FTS5 table on SQLite.

`SearchDocument` holds the denormalised filter and sort columns on both databases. The text part
is vendor specific and lives outside Django's model state (migration 0002 creates it):

- PostgreSQL: a `tsv tsvector` column on this table, written from a literal built in Python from the
  analysed terms (headline + subheadlines weight A, entity tokens B, body D), with a GIN index;
- SQLite: the FTS5 table `search_fts(headline, body, entities)` keyed by rowid = article id, with a
  trigger deleting its row when the SearchDocument row goes (article deletion cascades to it).

Only `search.backends` reads or writes those; views and selectors never write SQL.
"""

from __future__ import annotations

from django.db import models

from articles.models import Article, Outlet

# Bumped when what an index row contains changes (fields, weights, analysis); search_check reports
# rows written by another version as stale.
INDEX_VERSION = "3"  # 2: PostgreSQL vectors carry a year token; 3: and a month token


def current_index_version() -> str:
    # A callable, so bumping INDEX_VERSION needs no migration: on SQLite every AlterField rebuilds
    # the table, which drops the trigger that deletes an article's FTS5 row (migration 0004).
    return INDEX_VERSION


class SearchDocument(models.Model):
    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="search_document")
    language = models.CharField(max_length=2, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reporter = models.CharField(max_length=100, blank=True)
    published_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    sort_date = models.DateField(help_text="coalesce(published_date, created date): what newest/oldest sort by.")
    pipeline_version = models.CharField(max_length=200, blank=True, help_text="The article's pipeline at indexing.")
    index_version = models.CharField(max_length=20, default=current_index_version)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["sort_date", "article"], name="search_doc_sort_idx")]

    def __str__(self) -> str:
        return f"index row of article {self.article_id}"
