"""The processing pipeline: an ordered registry of steps, each with a name and a version.

A step does its plain-Python work in `analyse` (outside any transaction, no writes) and writes
its rows in `store`, which article_process calls for every step inside ONE transaction, so a
run's results replace the previous run's all at once or not at all. Steps are listed by dotted
path in settings.NEWSROOM_PIPELINE_STEPS; the extraction and search work add theirs there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

from newsroom_text.language import detect_language
from newsroom_text.structure import ParsedArticle, parse_article


@dataclass
class Document:
    """What the steps see of an article: plain data, shared results of earlier steps."""

    article_id: int
    source_text: str
    fmt: str
    language: str  # "" until the structure step decided it, unless fixed by the uploader
    published: Any = None  # datetime.date | None
    parsed: ParsedArticle | None = None
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def body_text(self) -> str:
        return self.parsed.body_text if self.parsed else ""


class Step:
    name: ClassVar[str]
    version: ClassVar[str]

    def analyse(self, doc: Document) -> Any:
        raise NotImplementedError

    def store(self, article, result: Any) -> None:
        """Write `result` for `article`; runs inside the processing transaction."""


class StructureStep(Step):
    """Rubric, headline, subheadlines, byline, dateline, body blocks and the comment section."""

    name = "structure"
    version = "1"

    def analyse(self, doc: Document) -> ParsedArticle:
        parsed = parse_article(doc.source_text, fmt=doc.fmt)
        doc.parsed = parsed
        if not doc.language:
            doc.language = parsed.language or detect_language(parsed.body_text or doc.source_text)
        if doc.published is None and parsed.published is not None:
            doc.published = parsed.published
        return parsed

    def store(self, article, result: ParsedArticle) -> None:
        # Imported here: the services module imports this one.
        from .services import article_store_structure

        article_store_structure(article=article, parsed=result)


@cache
def steps() -> tuple[Step, ...]:
    return tuple(import_string(path)() for path in settings.NEWSROOM_PIPELINE_STEPS)


def pipeline_version() -> str:
    return "+".join(f"{s.name}@{s.version}" for s in steps())
