"""Drift between articles and the search index (used by search_check and reindex)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from articles.models import Article

from .backends import get_backend
from .models import INDEX_VERSION, SearchDocument

# Articles in these states are being (re)processed: their old row is kept until the new one is stored.
IN_FLIGHT = (Article.Status.PENDING, Article.Status.PROCESSING)


@dataclass
class Drift:
    missing: list[int] = field(default_factory=list)  # processed, no index row (or no text row)
    orphaned: list[int] = field(default_factory=list)  # index rows of deleted or failed articles
    orphaned_text: list[int] = field(default_factory=list)  # text rows without a document row (SQLite FTS)
    stale: list[int] = field(default_factory=list)  # another pipeline / index version, or facet columns differ

    def __bool__(self) -> bool:
        return bool(self.missing or self.orphaned or self.orphaned_text or self.stale)

    def summary(self) -> str:
        return (
            f"{len(self.missing)} missing, {len(self.orphaned)} orphaned, "
            f"{len(self.orphaned_text)} orphaned text rows, {len(self.stale)} stale"
        )

    def lines(self) -> list[str]:
        out = []
        for label, ids in (
            ("processed articles missing from the index", self.missing),
            ("index rows of deleted or unprocessed articles", self.orphaned),
            ("text rows without an index row", self.orphaned_text),
            ("stale index rows (pipeline or index version, or entity ids / event types differ)", self.stale),
        ):
            if ids:
                shown = ", ".join(map(str, ids[:20])) + (" ..." if len(ids) > 20 else "")
                out.append(f"{label}: {len(ids)} ({shown})")
        return out


def find_drift() -> Drift:
    backend = get_backend()
    processed = dict(Article.objects.processed().values_list("pk", "pipeline_version"))
    in_flight = set(Article.objects.filter(status__in=IN_FLIGHT).values_list("pk", flat=True))
    rows = {pk: (pv, iv) for pk, pv, iv in SearchDocument.objects.values_list("article_id", "pipeline_version", "index_version")}
    # PostgreSQL keeps the text in the row itself; SQLite's FTS5 table can drift on its own
    text_ids = backend.text_row_ids() if backend.vendor == "sqlite" else set(rows)
    facet_drift = set(backend.facet_drift())  # rows whose entity ids / event types differ from the tables
    drift = Drift()
    for pk, version in sorted(processed.items()):
        row = rows.get(pk)
        if row is None or (backend.vendor == "sqlite" and pk not in text_ids):
            drift.missing.append(pk)
        elif row[0] != version or row[1] != INDEX_VERSION or pk in facet_drift:
            drift.stale.append(pk)
    drift.orphaned = sorted(pk for pk in rows if pk not in processed and pk not in in_flight)
    drift.orphaned_text = sorted(pk for pk in text_ids if pk not in rows)
    return drift


def fix_drift(drift: Drift) -> None:
    from .services import search_index_article

    backend = get_backend()
    with transaction.atomic():
        for pk in drift.orphaned + drift.orphaned_text:
            backend.remove(pk)
    todo = sorted(set(drift.missing) | set(drift.stale))
    for start in range(0, len(todo), 200):
        with transaction.atomic():
            for article in Article.objects.filter(pk__in=todo[start : start + 200]):
                search_index_article(article=article)
