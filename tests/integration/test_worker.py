"""Uploads go through the real Redis broker to separately started Celery worker processes."""

import pytest

from articles import services
from articles.models import Article, ProcessingLog
from tests.integration.conftest import unacknowledged_messages_due, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def status(pk: int) -> str:
    return Article.objects.values_list("status", flat=True).get(pk=pk)


def test_an_upload_is_processed_by_a_separate_worker(start_worker, korean_seed_bytes):
    worker = start_worker()
    article = services.article_ingest(data=korean_seed_bytes, file_name="seed.txt").article
    assert article.status == "pending"  # answered before any processing

    wait_for(lambda: status(article.pk) == "processed", timeout=90, what="processing", log=worker.log)
    article.refresh_from_db()
    assert article.rubric == "[뉴투분석]" and article.reporter_name == "임성지"
    assert article.attempts == 1


def test_a_worker_killed_mid_processing_loses_nothing_and_processes_once(
    start_worker, broker_url, korean_seed_bytes, tmp_path
):
    marker = tmp_path / "in-slow-step"
    fault_env = {
        "NEWSROOM_EXTRA_PIPELINE_STEPS": "tests.faults.SlowStep",
        "NEWSROOM_FAULT_MARKER": str(marker),
        "NEWSROOM_FAULT_SLEEP": "30",
        # Short lease and visibility timeout so the redelivery happens within the test.
        "NEWSROOM_PROCESSING_LEASE_SECONDS": "4",
        "CELERY_VISIBILITY_TIMEOUT": "6",
    }
    first = start_worker(**fault_env)
    article = services.article_ingest(data=korean_seed_bytes, file_name="seed.txt").article

    wait_for(marker.exists, timeout=90, what="the worker to enter the slow step", log=first.log)
    assert status(article.pk) == "processing"
    first.kill()
    wait_for(lambda: unacknowledged_messages_due(broker_url, 6), timeout=30, what="the message to be due again")

    second = start_worker(**{**fault_env, "NEWSROOM_FAULT_SLEEP": "0.5"})
    wait_for(lambda: status(article.pk) == "processed", timeout=120, what="redelivery after SIGKILL", log=second.log)

    article.refresh_from_db()
    assert article.attempts == 2  # the killed attempt, then exactly one more
    assert ProcessingLog.objects.filter(article=article, status="processed").count() == 1
    assert bytes(article.upload.content) == korean_seed_bytes
    assert article.headline.startswith("KT 김영섭 호(號)")
