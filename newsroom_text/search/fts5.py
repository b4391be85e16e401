"""A reference SQLite FTS5 index over pre-analysed tokens (stdlib sqlite3 only, no Django).

It shows the storage contract the real backend follows, and the tests use it to check recall end to
end: store ``index_text(analyse(text, entity_terms=...))`` in a plain ``unicode61`` FTS5 column and
query with ``to_fts5(parse_query(q))`` passed as a parameter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from newsroom_text.search.analysis import analyse, index_text, normalise_entity_term
from newsroom_text.search.query import parse_query, to_fts5


class MemoryIndex:
    def __init__(self, tokenizer: str = "unicode61") -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute(f"CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = '{tokenizer}')")

    def add(self, doc_id: int, text: str, *, entities: Iterable[str] = ()) -> None:
        ents = [normalise_entity_term(e) for e in entities]
        self.db.execute(
            "INSERT INTO docs(rowid, body) VALUES (?, ?)",
            (doc_id, index_text(analyse(text, entity_terms=[e for e in ents if e]))),
        )

    def search(self, q: str) -> list[int]:
        """Matching ids, best (bm25) first; [] for a query with nothing positive."""
        expr = to_fts5(parse_query(q))
        if not expr:
            return []
        rows = self.db.execute("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs)", (expr,))
        return [r[0] for r in rows]
