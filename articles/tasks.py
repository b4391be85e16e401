"""Thin Celery tasks: take primary keys, call services."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),  # the database restarting clears on its own
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=8,
)
def process_article(article_id: int) -> str:
    return services.article_process(article_id=article_id)


@shared_task
def sweep_stale_articles() -> int:
    return services.articles_sweep_stale()
