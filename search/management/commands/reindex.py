"""Rebuild search index rows from the articles' stored fields, in batches, printing progress."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article
from search.backends import get_backend
from search.checks import find_drift
from search.services import search_index_article


class Command(BaseCommand):
    help = (
        "Index processed articles that are missing from the search index or stale; --all rebuilds every "
        "processed article's row; IDs index just those."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int)
        parser.add_argument("--all", action="store_true", help="rebuild every processed article's row")
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--cluster",
            action="store_true",
            help="then rewrite the index table in date order (PostgreSQL; locks the table while it runs: "
            "after a back catalogue was imported out of date order, at a quiet hour)",
        )

    def handle(self, *args, ids, all, batch_size, cluster, **options):
        if cluster and not (ids or all):  # only the layout was asked for: leave drift to search_check
            self._cluster()
            return
        if ids:
            todo = list(Article.objects.processed().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        elif all:
            todo = list(Article.objects.processed().order_by("pk").values_list("pk", flat=True))
        else:
            drift = find_drift()
            todo = sorted(set(drift.missing) | set(drift.stale))
        total = len(todo)
        self.stdout.write(f"indexing {total} article(s)")
        done = 0
        for start in range(0, total, batch_size):
            batch = todo[start : start + batch_size]
            with transaction.atomic():
                for article in Article.objects.filter(pk__in=batch).order_by("pk"):
                    search_index_article(article=article)
                    done += 1
            self.stdout.write(f"  {done}/{total}")
        self.stdout.write(self.style.SUCCESS(f"indexed {done} article(s)"))
        if cluster:
            self._cluster()

    def _cluster(self) -> None:
        backend = get_backend()
        before = backend.date_layout()
        if not backend.cluster_by_date():
            self.stdout.write(f"{backend.vendor}: the index has no row layout to rewrite")
            return
        after = backend.date_layout()
        self.stdout.write(self.style.SUCCESS(f"index rows rewritten in date order (layout {_fmt(before)} -> {_fmt(after)})"))


def _fmt(correlation: float | None) -> str:
    return "unknown" if correlation is None else f"{correlation:.2f}"
