"""Re-enqueue articles left pending or abandoned by a dead worker (also run every minute by beat)."""

from django.core.management.base import BaseCommand

from articles.services import articles_sweep_stale


class Command(BaseCommand):
    help = "Re-enqueue stale pending/processing articles."

    def handle(self, *args, **options):
        self.stdout.write(f"re-enqueued {articles_sweep_stale()} article(s)")
