"""Thin Celery tasks: take primary keys, call services."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    bind=True,
    autoretry_for=(OperationalError, InterfaceError),  # the database restarting clears on its own
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=8,
)
def process_article(self, article_id: int, held_claim: str = "") -> str:
    try:
        return services.article_process(
            article_id=article_id, held_claim=datetime.fromisoformat(held_claim) if held_claim else None
        )
    except services.ProcessingInterrupted as exc:
        # The outage kept the run from giving its claim back. autoretry sends the retry with
        # request.kwargs, so the retry carries the claim and takes the article up again instead
        # of skipping it as another worker's until the lease expires.
        self.request.kwargs = {**(self.request.kwargs or {}), "held_claim": exc.claim.isoformat()}
        raise


@shared_task
def sweep_stale_articles() -> int:
    return services.articles_sweep_stale()
