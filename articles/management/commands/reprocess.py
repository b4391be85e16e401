"""Queue articles for processing again: given ids, all, failed ones, or those from an older pipeline."""

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.pipeline import pipeline_version
from articles.services import article_reprocess


class Command(BaseCommand):
    help = "Re-process articles: IDs, --all, --failed or --stale (made by an older pipeline version)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int)
        parser.add_argument("--all", action="store_true")
        parser.add_argument("--failed", action="store_true")
        parser.add_argument("--stale", action="store_true", help="articles processed by another pipeline version")

    def handle(self, *args, ids, all, failed, stale, **options):
        if not (ids or all or failed or stale):
            raise CommandError("give article ids, --all, --failed or --stale")
        articles = Article.objects.all()
        if ids:
            articles = articles.filter(pk__in=ids)
            missing = set(ids) - set(articles.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no article with id {', '.join(map(str, sorted(missing)))}")
        elif failed:
            articles = articles.failed()
        elif stale:
            articles = articles.needs_reprocessing(pipeline_version())
        count = 0
        for article in articles.order_by("pk").iterator():
            article_reprocess(article=article)
            count += 1
        self.stdout.write(f"queued {count} article(s) for processing")
