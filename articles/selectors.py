"""Composite reads shared by views and the API."""

from __future__ import annotations

from django.db.models import Count

from .models import Article


def processing_counts() -> dict[str, int]:
    counts = dict(Article.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in Article.Status.values}
