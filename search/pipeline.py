"""The pipeline step that keeps the search index in step with processing.

List it LAST in settings.NEWSROOM_PIPELINE_STEPS (after the structure and extraction steps):
`analyse` reads the structure step's parse and, when present, entity names an extraction step put
in Document.results (see search.services.entity_names_from_results for the accepted shapes);
`store` runs inside the processing transaction after the earlier steps stored their rows, so the
entities linked in the database are added to the index too.
"""

from __future__ import annotations

from articles.pipeline import Document, Step, pipeline_version

from .backends import IndexText
from .services import entity_names_from_results, index_text_for, search_index_article


class IndexStep(Step):
    name = "index"
    version = "2"  # 2: Kiwi without its multi-word dictionary splits some names differently

    def analyse(self, doc: Document) -> IndexText:
        parsed = doc.parsed
        if parsed is None:
            return IndexText((), (), ())
        return index_text_for(
            headline=parsed.headline,
            subheadlines=parsed.subheadlines,
            body_text=parsed.body_text,
            language=doc.language,
            entity_names=entity_names_from_results(doc.results),
        )

    def store(self, article, result: IndexText) -> None:
        # article.pipeline_version is set after the stores; the row records the version being written.
        search_index_article(article=article, text=result, pipeline_version=pipeline_version())
