"""Import article files (by default the project's seeds/ folder), idempotently by content hash."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.services import UploadRejected, article_ingest

SUFFIXES = {".txt", ".text", ".html", ".htm", ".md", ".markdown"}


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder")
    return found


class Command(BaseCommand):
    help = "Import article files (default: seeds/). Re-running creates nothing new; exits 1 if any file failed."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the seeds folder)")
        parser.add_argument("--language", default="", choices=["", *Article.Language.values])

    def handle(self, *args, paths: list[Path], language: str, **options):
        files = _files(paths or [Path(settings.BASE_DIR) / "seeds"])
        created = skipped = 0
        failures: list[tuple[Path, str]] = []
        for n, path in enumerate(files, start=1):
            prefix = f"[{n}/{len(files)}] {path.name}"
            try:
                result = article_ingest(data=path.read_bytes(), file_name=path.name, language=language)
            except UploadRejected as exc:
                failures.append((path, exc.message))
                self.stderr.write(f"{prefix}: failed: {exc.message}")
                continue
            if result.created:
                created += 1
                article = Article.objects.get(pk=result.article.pk)
                self.stdout.write(f"{prefix}: created article {article.pk} ({article.status})")
            else:
                skipped += 1
                self.stdout.write(f"{prefix}: skipped, already archived as article {result.article.pk}")
        self.stdout.write(f"created {created}, skipped {skipped}, failed {len(failures)}")
        for path, reason in failures:
            self.stdout.write(f"  failed {path}: {reason}")
        if failures:
            raise CommandError(f"{len(failures)} file(s) failed", returncode=1)
