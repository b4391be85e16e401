"""Report drift between the articles and the search index; exit 1 when there is some, --fix repairs."""

from django.core.management.base import BaseCommand, CommandError

from search.backends import get_backend
from search.checks import find_drift, fix_drift

# pg_stats.correlation of sort_date from which the newest months' rows sit together (1.0 after
# `reindex --cluster`; a live archive appending its daily articles stays near it)
CLUSTERED = 0.9


class Command(BaseCommand):
    help = (
        "Check the search index: processed articles missing from it, rows for deleted or failed articles, "
        "rows written by another pipeline/index version. Exits 1 when drift exists; --fix repairs it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true")

    def handle(self, *args, fix, **options):
        layout = get_backend().date_layout()
        if layout is not None:  # advice only: a scattered layout is slower, not wrong
            advice = "" if layout >= CLUSTERED else " (scattered: `manage.py reindex --cluster` at a quiet hour)"
            self.stdout.write(f"row layout: sort-date correlation {layout:.2f}{advice}")
        drift = find_drift()
        for line in drift.lines():
            self.stdout.write(line)
        if not drift:
            self.stdout.write(self.style.SUCCESS("search index in step: no drift"))
            return
        if fix:
            fix_drift(drift)
            after = find_drift()
            if after:
                raise CommandError(f"drift remains after --fix: {after.summary()}", returncode=1)
            self.stdout.write(self.style.SUCCESS(f"fixed: {drift.summary()}"))
            return
        raise CommandError(f"search index drift: {drift.summary()} (run search_check --fix)", returncode=1)
