"""Writes to articles: ingest an upload, process it, re-process it, sweep what was left behind."""

from __future__ import annotations

import hashlib
import logging
import os
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from newsroom_text.decode import UploadRejected, decode_upload
from newsroom_text.structure import ParsedArticle

from .models import Article, ArticleRevision, CommentPolicy, Outlet, ProcessingLog, Upload
from .pipeline import Document, pipeline_version, steps

logger = logging.getLogger(__name__)

__all__ = [
    "IngestResult",
    "ProcessingInterrupted",
    "UploadRejected",
    "article_enqueue",
    "article_ingest",
    "article_ingest_text",
    "article_process",
    "article_reprocess",
    "article_update_metadata",
    "articles_sweep_stale",
]


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool


def clean_file_name(name: str) -> str:
    """A safe display name: the last path component, no control characters, at most 255 chars."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    if not name:
        return "upload.txt"
    stem, ext = os.path.splitext(name)
    return stem[: 255 - len(ext[:20])] + ext[:20]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_ingest(*, data: bytes, file_name: str, uploaded_by=None, language: str = "") -> IngestResult:
    """Store an upload untouched and a pending article for it, then enqueue processing on commit.

    Raises UploadRejected (with .code and .message) for input that cannot become an article; in
    that case nothing is stored. The same text uploaded again returns the existing article.
    """
    file_name = clean_file_name(file_name)
    decoded = decode_upload(data, file_name, max_bytes=settings.NEWSROOM_MAX_UPLOAD_BYTES)
    digest = content_hash(decoded.text)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return IngestResult(existing, created=False)
    if language and language not in Article.Language.values:
        raise UploadRejected("unknown_language", f"unknown language {language!r}: use one of {Article.Language.values}")
    try:
        with transaction.atomic():
            upload = Upload(
                file_name=file_name,
                content=bytes(data),
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                encoding=decoded.encoding,
                fmt=decoded.fmt,
                uploaded_by=uploaded_by,
            )
            upload.full_clean()
            upload.save()
            article = Article(
                upload=upload,
                source_text=decoded.text,
                content_hash=digest,
                language=language,
                language_fixed=bool(language),
            )
            article.full_clean(exclude=["content_hash"])  # uniqueness is the database's job, below
            article.save()
            ProcessingLog.objects.create(article=article, status=Article.Status.PENDING, message=f"uploaded {file_name}")
            article_enqueue(article)
    except IntegrityError:
        # The same text uploaded at the same moment by someone else: theirs won, use it.
        existing = Article.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        return IngestResult(existing, created=False)
    return IngestResult(article, created=True)


def article_ingest_text(*, text: str, uploaded_by=None, language: str = "", file_name: str = "pasted-text.txt") -> IngestResult:
    return article_ingest(data=text.encode("utf-8"), file_name=file_name, uploaded_by=uploaded_by, language=language)


def article_enqueue(article: Article) -> None:
    """Enqueue processing once the surrounding transaction commits.

    If the broker is unreachable the article simply stays pending; the sweep enqueues it later,
    so an upload is never refused or lost because Redis is down.
    """
    from .tasks import process_article

    def send() -> None:
        try:
            process_article.delay(article.pk)
        except Exception as exc:  # kombu raises several connection error types; all mean "later"
            logger.warning("could not enqueue article %s (%s); the sweep will retry", article.pk, exc)

    transaction.on_commit(send)


class ProcessingInterrupted(OperationalError):
    """The database went away mid-run and was still away when the run tried to give its claim back.

    Still an OperationalError, so the task retries it; the retry passes `claim` back to
    article_process so it can take the article up again (see _claim).
    """

    def __init__(self, claim: datetime):
        super().__init__(f"database unavailable; claim {claim.isoformat()} could not be given back")
        self.claim = claim


def _claim(article_id: int, held: datetime | None = None):
    """Mark the article as being processed by us; None when it is not ours to process.

    Only pending articles, or ones whose claim outlived the lease (their worker died), can be
    claimed, so a redelivered or duplicated message never processes an article twice. `held` is
    a claim an earlier run of the same task could not give back (ProcessingInterrupted).
    """
    now = timezone.now()
    expired = now - timedelta(seconds=settings.NEWSROOM_PROCESSING_LEASE_SECONDS)
    claimable = Q(status=Article.Status.PENDING) | Q(status=Article.Status.PROCESSING, claimed_at__lt=expired)
    if held is not None:
        # Without this, the retry after a database outage found its own claim, took it for
        # another worker's and skipped: the article stayed 'processing' until the lease expired.
        claimable |= Q(status=Article.Status.PROCESSING, claimed_at=held)
    claimed = Article.objects.filter(claimable, pk=article_id).update(
        status=Article.Status.PROCESSING, claimed_at=now, attempts=F("attempts") + 1, error=""
    )
    if not claimed:
        return None
    ProcessingLog.objects.create(article_id=article_id, status=Article.Status.PROCESSING)
    return now


def article_process(*, article_id: int, held_claim: datetime | None = None) -> str:
    """Run every pipeline step on the article and store all results in one transaction.

    Returns the article's resulting status, or "skipped" when it was not ours to process.
    Database outages propagate (the task retries them; ProcessingInterrupted when the claim is
    still held, to be passed back as `held_claim`); any other error fails the article with its
    reason, keeping the article and its upload.
    """
    claim = _claim(article_id, held_claim)
    if claim is None:
        return "skipped"
    article = Article.objects.select_related("upload").get(pk=article_id)
    doc = Document(
        article_id=article.pk,
        source_text=article.source_text,
        fmt=article.upload.fmt,
        language=article.language if article.language_fixed else "",
        published=article.published_date if article.published_date_set_by_editor else None,
    )
    current = ""
    try:
        results = []
        for step in steps():
            current = step.name
            result = step.analyse(doc)
            doc.results[step.name] = result
            results.append((step, result))
        with transaction.atomic():
            locked = Article.objects.select_for_update().get(pk=article_id)
            if locked.status != Article.Status.PROCESSING or locked.claimed_at != claim:
                return "skipped"  # our lease expired and another worker took the article over
            locked.language = doc.language
            if not locked.published_date_set_by_editor:
                locked.published_date = doc.published
            for step, result in results:
                current = step.name
                step.store(locked, result)
            locked.status = Article.Status.PROCESSED
            locked.processed_at = timezone.now()
            locked.pipeline_version = pipeline_version()
            locked.claimed_at = None
            locked.error = ""
            locked.save()
            ProcessingLog.objects.create(article=locked, status=Article.Status.PROCESSED, message=locked.pipeline_version)
        return Article.Status.PROCESSED
    except OperationalError as exc:
        if _transient(exc):
            if not _release(article_id, claim):
                raise ProcessingInterrupted(claim) from exc
            raise
        reason = f"{current or 'pipeline'} step failed: {type(exc).__name__}: {exc}"[:2000]
        logger.exception("processing article %s failed", article_id)
        article_mark_failed(article_id=article_id, claim=claim, reason=reason)
        return Article.Status.FAILED
    except Exception as exc:
        reason = f"{current or 'pipeline'} step failed: {type(exc).__name__}: {exc}"[:2000]
        logger.exception("processing article %s failed", article_id)
        article_mark_failed(article_id=article_id, claim=claim, reason=reason)
        return Article.Status.FAILED


# SQLSTATE classes of errors that clear on their own: connection exceptions, operator intervention
# (server shutting down or starting), insufficient resources, serialization failures and deadlocks.
_TRANSIENT_SQLSTATES = ("08", "57P", "53", "40")


def _transient(exc: OperationalError) -> bool:
    """A database outage worth retrying, not an error this article's data causes every time.

    psycopg reports some data errors as OperationalError too (e.g. "word is too long", SQLSTATE
    54000): retried, they would loop through the retries and the sweep for ever instead of
    failing the article with its reason.
    """
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(_TRANSIENT_SQLSTATES)


def _release(article_id: int, claim) -> bool:
    """Give a claimed article back to the queue after a transient error; False if the database is still away."""
    try:
        Article.objects.filter(pk=article_id, claimed_at=claim).update(status=Article.Status.PENDING, claimed_at=None)
    except OperationalError:
        logger.warning("could not release article %s; the task's retry takes it up again", article_id)
        return False
    return True


def article_mark_failed(*, article_id: int, claim, reason: str) -> None:
    with transaction.atomic():
        updated = Article.objects.filter(pk=article_id, claimed_at=claim).update(
            status=Article.Status.FAILED, error=reason, claimed_at=None
        )
        if updated:
            ProcessingLog.objects.create(article_id=article_id, status=Article.Status.FAILED, message=reason)


def article_store_structure(*, article: Article, parsed: ParsedArticle) -> None:
    """Copy the parsed structure onto the article and replace its parsed comment policy."""
    article.rubric = parsed.rubric[:100]
    article.headline = parsed.headline[:500]
    article.headline_derived = parsed.headline_derived
    article.subheadlines = list(parsed.subheadlines)
    byline = parsed.byline
    article.reporter_name = byline.reporter[:100] if byline else ""
    article.reporter_role = byline.role[:50] if byline else ""
    article.reporter_email = byline.email[:254] if byline else ""
    article.dateline = (
        {"place": parsed.dateline.place, "date_text": parsed.dateline.date_text, "agency": parsed.dateline.agency}
        if parsed.dateline
        else {}
    )
    if not article.published_date_set_by_editor:
        article.published_precision = parsed.published_precision if article.published_date else ""
    blocks, offset = [], 0
    for block in parsed.blocks:
        blocks.append({"kind": block.kind, "text": block.text, "start": offset, "end": offset + len(block.text)})
        offset += len(block.text) + 1
    article.blocks = blocks
    article.body_text = parsed.body_text
    outlet_name = (byline.outlet if byline else "") or (parsed.dateline.agency if parsed.dateline else "")
    if outlet_name and article.outlet_id is None:
        article.outlet, _ = Outlet.objects.get_or_create(name=outlet_name[:200])

    # The parsed policy is replaced on every run, unless an editor has changed it since.
    existing = CommentPolicy.objects.filter(article=article).first()
    if existing is None or not existing.edited_by_editor:
        section = parsed.comment_section
        if section and section.policy:
            policy = section.policy
            CommentPolicy.objects.update_or_create(
                article=article,
                defaults={
                    "max_length": policy.max_length,
                    "spaces_count": policy.spaces_count if policy.spaces_count is not None else True,
                    "categories": list(policy.categories),
                    "actions": {category: policy.action for category in policy.categories if policy.action},
                    "source_text": policy.source_text,
                },
            )
        elif existing is not None:
            existing.delete()
    article.comment_count = article.comments.filter(status="published").count()  # comments app


def article_reprocess(*, article: Article) -> None:
    """Queue an article for processing again (failed, stale or after an editorial change)."""
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PENDING, claimed_at=None, error="")
        ProcessingLog.objects.create(article=article, status=Article.Status.PENDING, message="queued for re-processing")
        article_enqueue(article)
    article.refresh_from_db()


def articles_sweep_stale() -> int:
    """Re-enqueue articles left pending (broker down) or claimed by a dead worker; idempotent."""
    stale = Article.objects.stale(
        pending_after=settings.NEWSROOM_SWEEP_PENDING_AFTER_SECONDS, lease=settings.NEWSROOM_PROCESSING_LEASE_SECONDS
    )
    count = 0
    for article in stale.only("pk", "status"):
        # Enqueueing twice is harmless: only one task can claim the article.
        with transaction.atomic():
            article_enqueue(article)
        count += 1
    return count


EDITABLE_FIELDS = ("headline", "published_date", "outlet", "reporter_name", "language")


def article_update_metadata(*, article: Article, user, **changes) -> list[ArticleRevision]:
    """Apply an editor's changes to editorial metadata, record each in the history, re-process.

    An editor-set publication date or language is kept by processing (never overwritten by the
    parser), and re-processing resolves the article's relative dates against the new date.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    revisions = []
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        for field, new in changes.items():
            old = getattr(article, field)
            if old == new:
                continue
            setattr(article, field, new)
            if field == "published_date":
                article.published_date_set_by_editor = new is not None
                article.published_precision = Article.DatePrecision.DAY if new else ""
            if field == "language":
                article.language_fixed = bool(new)
            revisions.append(
                ArticleRevision(article=article, user=user, field=field, old_value="" if old is None else str(old),
                                new_value="" if new is None else str(new))
            )
        if not revisions:
            return []
        article.full_clean()
        article.save()
        ArticleRevision.objects.bulk_create(revisions)
        article_reprocess(article=article)
    return revisions


@transaction.atomic
def article_delete(*, article: Article) -> None:
    """Delete the article (its extraction, comments and index row cascade) and then its upload."""
    upload = article.upload
    article.delete()
    upload.delete()
