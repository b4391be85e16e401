"""Combinable comment filters, exposed as Comment.objects.<name>()."""

from __future__ import annotations

from django.db import models


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def with_status(self, status: str):
        return self.filter(status=status)

    def by_author(self, *, user=None, author_name: str = ""):
        """One commenter: a signed-in user by account, anyone else by the name they gave."""
        if user is not None and getattr(user, "pk", None) is not None:
            return self.filter(user=user)
        return self.filter(user__isnull=True, author_name=author_name)

    def decided_by_editor(self):
        return self.filter(decisions__user__isnull=False).distinct()

    def not_decided_by_editor(self):
        """Comments only the screening has judged; re-screening may change them, never an editor's call."""
        from .models import ModerationDecision

        return self.exclude(pk__in=ModerationDecision.objects.filter(user__isnull=False).values("comment_id"))
