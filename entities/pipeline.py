"""The extraction pipeline step: entities, dates, amounts, quotes and events of an article."""

from __future__ import annotations

from django.db.models import Q

from articles.pipeline import Document, Step
from newsroom_text import korean
from newsroom_text.extract import EXTRACTION_VERSION, Extraction, extract

from .models import Alias


def known_names() -> list[tuple[str, str]]:
    """Names editors vouched for (confirmed entities, editor aliases): always recognised, same split."""
    rows = Alias.objects.filter(
        Q(source=Alias.Source.EDITOR) | Q(entity__confirmed=True), entity__merged_into__isnull=True
    ).values_list("surface", "entity__kind")
    return [(surface, kind) for surface, kind in rows]


class ExtractionStep(Step):
    name = "extract"
    version = EXTRACTION_VERSION

    def analyse(self, doc: Document) -> Extraction:
        known = known_names()
        if doc.language == "ko":
            korean.add_user_words((s, "NNP") for s, _ in known if s and not s.isascii())
        return extract(doc.body_text, lang=doc.language or "ko", published=doc.published, known=known)

    def store(self, article, result: Extraction) -> None:
        from .services import entities_store_extraction

        entities_store_extraction(article=article, extraction=result)
