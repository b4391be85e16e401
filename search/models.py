"""The search index: one row per article, a tsvector on PostgreSQL, an FTS5 table on SQLite."""
