"""Combinable article filters, exposed as Article.objects.<name>()."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def processed(self):
        return self.filter(status="processed")

    def pending(self):
        return self.filter(status="pending")

    def failed(self):
        return self.filter(status="failed")

    def stale(self, *, pending_after: int, lease: int):
        """Articles a sweep should re-enqueue: pending for a while, or claimed by a worker that died."""
        now = timezone.now()
        return self.filter(
            models.Q(status="pending", updated_at__lt=now - timedelta(seconds=pending_after))
            | models.Q(status="processing", claimed_at__lt=now - timedelta(seconds=lease))
        )

    def needs_reprocessing(self, pipeline_version: str):
        return self.exclude(pipeline_version=pipeline_version)

    def newest_first(self):
        return self.order_by(models.F("published_date").desc(nulls_last=True), "-created_at")
