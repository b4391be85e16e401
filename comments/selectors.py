"""Composite reads of comments shared by the article page, the moderation queue and the API."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from articles.models import Article

from .models import Comment, ModerationDecision

QUEUE_STATUSES = (Comment.Status.HELD, Comment.Status.HIDDEN, Comment.Status.PUBLISHED, Comment.Status.REFUSED)


def visible_comments(article: Article) -> QuerySet[Comment]:
    """What readers see under an article: its published comments, oldest first."""
    return Comment.objects.filter(article=article).published().select_related("user").order_by("created_at", "id")


def moderated_comments(article: Article) -> QuerySet[Comment]:
    """What editors additionally see under an article: held, hidden and refused comments with reasons."""
    return (
        Comment.objects.filter(article=article)
        .exclude(status=Comment.Status.PUBLISHED)
        .order_by("created_at", "id")
    )


def moderation_queue(status: str | None = Comment.Status.HELD) -> QuerySet[Comment]:
    """Comments waiting for (or open to) an editor's decision, oldest first, with their decisions.

    status None lists every status.
    """
    qs = Comment.objects.select_related("article", "user").prefetch_related(
        Prefetch("decisions", queryset=ModerationDecision.objects.select_related("user").order_by("at", "id"))
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "id")


def comment_history(comment: Comment) -> QuerySet[ModerationDecision]:
    """The audit log of one comment: every status change, by the screening (user None) or an editor."""
    return ModerationDecision.objects.filter(comment=comment).select_related("user").order_by("at", "id")
