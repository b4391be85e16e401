"""Korean-aware archive search, text side (plain Python, no Django).

- ``analysis``: ``analyse`` (index tokens), ``analyse_query_word``/``analyse_query_term`` (query words),
  ``normalise_entity_term`` (entity tokens), ``index_text`` (what a backend stores).
- ``query``: ``parse_query`` -> AST, ``to_tsquery`` (PostgreSQL 'simple'), ``to_fts5`` (SQLite FTS5),
  ``query_entity_forms``.
- ``snippets``: ``highlight`` -> fragments of the original text with matches marked.
- ``fts5``: ``MemoryIndex``, a reference FTS5 index showing the storage contract.
"""
