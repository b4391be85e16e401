"""Readers' comments under articles, screened against the article's comment policy, and every moderation decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from articles.models import Article

from .querysets import CommentQuerySet


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "published"
        HELD = "held", "held for review"
        HIDDEN = "hidden", "hidden"
        REFUSED = "refused", "refused"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author_name = models.CharField(max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    body = models.TextField()
    language = models.CharField(max_length=2, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED, db_index=True)
    reasons = models.JSONField(default=list, blank=True, help_text="Findings of the screening: category, reason, evidence.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["article", "status"]), models.Index(fields=["author_name", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"


class ModerationDecision(models.Model):
    """The audit log: every change of a comment's status, by the screening or by an editor."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             help_text="Empty when the automatic screening decided.")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, choices=Comment.Status.choices)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.from_status or '-'} -> {self.to_status}"
