"""Fixtures for the search tests: the index step enabled, articles ingested and processed for real."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from articles import services
from articles.models import Article
from articles.pipeline import steps

INDEX_STEPS = ["articles.pipeline.StructureStep", "search.pipeline.IndexStep"]


@pytest.fixture(autouse=True)
def index_step_enabled():
    steps.cache_clear()
    with override_settings(NEWSROOM_PIPELINE_STEPS=INDEX_STEPS):
        steps.cache_clear()
        yield
    steps.cache_clear()


@pytest.fixture
def ingest(db, django_capture_on_commit_callbacks):
    """Ingest text (or bytes), process it through the pipeline, return the refreshed article."""

    def _ingest(data, name: str = "a.txt", *, published: datetime.date | None = None, **kwargs) -> Article:
        if isinstance(data, str):
            data = data.encode("utf-8")
        with django_capture_on_commit_callbacks(execute=True):
            result = services.article_ingest(data=data, file_name=name, **kwargs)
        article = Article.objects.get(pk=result.article.pk)
        assert article.status == Article.Status.PROCESSED, article.error
        if published is not None:
            from search.services import search_index_article

            Article.objects.filter(pk=article.pk).update(published_date=published, published_date_set_by_editor=True)
            article.refresh_from_db()
            search_index_article(article=article)
        return article

    return _ingest


@pytest.fixture
def seeds(ingest, korean_seed_bytes, english_seed_bytes):
    ko = ingest(korean_seed_bytes, "000_329ef9b1478a6bb7.txt")
    en = ingest(english_seed_bytes, "004_9e72b723b3a44e7c.txt")
    return ko, en


@pytest.fixture
def dated(ingest):
    """Seven small Korean articles, one per year 2017-2023, all about 협약."""
    articles = []
    for i, year in enumerate(range(2017, 2024)):
        text = f"협약 기사 {i}\n[뉴스{i}=기자{i} 기자] 한국전력이 {year}년 협약을 체결했다. " + "협약 " * (i + 1)
        articles.append(ingest(text, f"d{i}.txt", published=datetime.date(year, 6, 1)))
    return articles
