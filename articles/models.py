"""Articles, their untouched original uploads, outlets, comment policies and editorial history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .querysets import ArticleQuerySet


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    default_policy = models.ForeignKey(
        "CommentPolicy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Applies to the outlet's articles that state no comment policy of their own.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Upload(models.Model):
    """The original upload, byte for byte. Written once by articles.services and never changed."""

    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    encoding = models.CharField(max_length=32, help_text="Encoding detected when the bytes were decoded.")
    fmt = models.CharField("format", max_length=16)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.size} bytes)"


class Article(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        PROCESSING = "processing", "processing"
        PROCESSED = "processed", "processed"
        FAILED = "failed", "failed"

    class Language(models.TextChoices):
        KOREAN = "ko", "Korean"
        ENGLISH = "en", "English"

    class DatePrecision(models.TextChoices):
        UNKNOWN = "", "unknown"
        DAY = "day", "day"
        MONTH = "month", "month"
        YEAR = "year", "year"

    upload = models.OneToOneField(Upload, on_delete=models.PROTECT, related_name="article")
    source_text = models.TextField(help_text="The upload decoded to text; what the parser reads.")
    content_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=2, choices=Language.choices, blank=True)
    language_fixed = models.BooleanField(
        default=False, help_text="Set by the uploader or an editor; processing keeps it instead of detecting."
    )
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")

    # Structure, filled by processing.
    rubric = models.CharField(max_length=100, blank=True)
    headline = models.CharField(max_length=500, blank=True)
    headline_derived = models.BooleanField(default=False, help_text="No headline was written; derived from the lead.")
    subheadlines = models.JSONField(default=list, blank=True)
    reporter_name = models.CharField(max_length=100, blank=True)
    reporter_role = models.CharField(max_length=50, blank=True)
    reporter_email = models.EmailField(blank=True)
    dateline = models.JSONField(default=dict, blank=True)
    published_date = models.DateField(null=True, blank=True, help_text="Empty when unknown: never invented.")
    published_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    published_date_set_by_editor = models.BooleanField(default=False)
    blocks = models.JSONField(
        default=list, blank=True,
        help_text="Body as ordered blocks: {kind: paragraph|heading|caption, text, start, end} into body_text.",
    )
    body_text = models.TextField(blank=True, help_text="Body blocks joined by newlines; mention offsets point here.")
    comment_count = models.PositiveIntegerField(default=0)

    # Processing state.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    pipeline_version = models.CharField(max_length=200, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["published_date", "id"])]

    def __str__(self) -> str:
        return self.headline or f"article {self.pk}"

    @property
    def paragraphs(self) -> list[str]:
        return [b["text"] for b in self.blocks if b.get("kind") == "paragraph"]


class ProcessingLog(models.Model):
    """One line of an article's processing history, shown to editors."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="processing_log")
    status = models.CharField(max_length=10, choices=Article.Status.choices)
    message = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.article_id} {self.status} {self.at:%Y-%m-%d %H:%M:%S}"


class CommentPolicy(models.Model):
    class Category(models.TextChoices):
        PROFANITY = "profanity", "profanity (욕설)"
        SLANDER = "slander", "slander (비방)"
        FALSE_INFORMATION = "false_information", "false information (허위)"
        DEFAMATION = "defamation", "defamation (명예훼손)"
        FLOODING = "flooding", "flooding (도배)"

    class Action(models.TextChoices):
        REFUSE = "refuse", "refuse"
        HOLD = "hold", "hold for review"
        HIDE = "hide", "hide from display"

    article = models.OneToOneField(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="comment_policy",
        help_text="Set when the policy was parsed from this article's comment section.",
    )
    max_length = models.PositiveIntegerField(null=True, blank=True)
    spaces_count = models.BooleanField(default=True, help_text="Whether spaces count towards the maximum length.")
    categories = models.JSONField(default=list, blank=True, help_text="Restricted categories, see Category.")
    actions = models.JSONField(default=dict, blank=True, help_text="Category -> refuse | hold | hide.")
    source_text = models.TextField(blank=True, help_text="The policy as written in the article or by an editor.")
    edited_by_editor = models.BooleanField(default=False, help_text="Re-processing keeps an editor's policy.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "comment policies"

    def __str__(self) -> str:
        limit = f"{self.max_length} chars" if self.max_length else "no length limit"
        return f"policy ({limit}; {', '.join(self.categories) or 'no categories'})"


class ArticleRevision(models.Model):
    """One editorial change to an article's metadata: who, when, which field, old -> new."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value!r} -> {self.new_value!r}"
