"""Rebuild search index rows from the articles' stored fields, in batches, printing progress."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article
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

    def handle(self, *args, ids, all, batch_size, **options):
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
