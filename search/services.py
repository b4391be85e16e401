"""Writes to the search index: analyse an article's text and store/remove its index row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from articles.models import Article
from newsroom_text.search.analysis import analyse, normalise_entity_term

from .backends import IndexText, get_backend
from .models import INDEX_VERSION

__all__ = [
    "entity_names_from_results",
    "entity_terms_for_article",
    "index_text_for",
    "search_index_article",
    "search_remove_article",
]


def _terms(text: str, lang: str | None) -> tuple[str, ...]:
    return tuple(t.term for t in analyse(text or "", lang=lang or None))


def normalised_entity_terms(names: Iterable[str]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for name in names:
        if isinstance(name, str):
            term = normalise_entity_term(name)
            if term:
                out[term] = None
    return tuple(out)


def index_text_for(
    *, headline: str, subheadlines: Iterable[str], body_text: str, language: str = "", entity_names: Iterable[str] = ()
) -> IndexText:
    """The analysed terms of an article (the slow, plain-Python part: kiwi for Korean)."""
    parts = [_terms(headline, language)] + [_terms(s, language) for s in subheadlines if s]
    return IndexText(
        headline_parts=tuple(p for p in parts if p),
        body_terms=_terms(body_text, language),
        entity_terms=normalised_entity_terms(entity_names),
    )


def entity_names_from_results(results: dict[str, Any]) -> list[str]:
    """Entity names/aliases an earlier pipeline step left in Document.results, whatever its shape.

    Accepted (all optional, merged):
    - results["entity_terms"]: a list of strings (names and aliases of the linked entities);
    - results["entities"]: a list of strings, or an object/dict with `entity_terms`, `terms`,
      `names` or `aliases` (lists of strings), or a list of objects/dicts with `name`, `name_ko`,
      `name_en`, `surface`, `text` and/or `aliases` (strings or lists of strings).
    """
    names: list[str] = []

    def add(value: Any, depth: int = 0) -> None:
        if depth > 6 or value is None:
            return
        if isinstance(value, str):
            names.append(value)
            return
        if isinstance(value, dict):
            for key in ("entity_terms", "terms", "names", "name", "name_ko", "name_en", "surface", "text", "aliases"):
                if key in value:
                    add(value[key], depth + 1)
            return
        if isinstance(value, list | tuple | set | frozenset):
            for item in value:
                add(item, depth + 1)
            return
        for key in ("entity_terms", "terms", "names", "name", "name_ko", "name_en", "surface", "aliases", "entities"):
            attr = getattr(value, key, None)
            if attr is not None and not callable(attr):
                add(attr, depth + 1)

    add(results.get("entity_terms"))
    add(results.get("entities"))
    return names


def entity_terms_for_article(article_id: int) -> list[str]:
    """Names and aliases of the entities mentioned in the article (as linked in the database)."""
    from entities.models import Alias, Entity, Mention

    entity_ids = set(Mention.objects.filter(article_id=article_id).values_list("entity_id", flat=True))
    if not entity_ids:
        return []
    names: list[str] = []
    for name_ko, name_en in Entity.objects.filter(pk__in=entity_ids).values_list("name_ko", "name_en"):
        names += [n for n in (name_ko, name_en) if n]
    names += list(Alias.objects.filter(entity_id__in=entity_ids).values_list("surface", flat=True))
    return names


def _row(article: Article, pipeline_version: str) -> dict[str, Any]:
    created = article.created_at
    return {
        "language": article.language or "",
        "outlet_id": article.outlet_id,
        "reporter": (article.reporter_name or "")[:100],
        "published_date": article.published_date,
        "created_at": created,
        "sort_date": article.published_date or created.date(),
        "pipeline_version": pipeline_version,
        "index_version": INDEX_VERSION,
    }


def search_index_article(
    *, article: Article, text: IndexText | None = None, pipeline_version: str | None = None
) -> None:
    """Write the article's index row. Without `text` the article's stored fields are analysed now.

    Entity tokens always include the entities linked to the article in the database (so a row built
    by the pipeline and one rebuilt by `reindex` agree), plus any names `text` already carries.
    """
    db_names = entity_terms_for_article(article.pk)
    if text is None:
        text = index_text_for(
            headline=article.headline,
            subheadlines=article.subheadlines or [],
            body_text=article.body_text,
            language=article.language,
            entity_names=db_names,
        )
    elif db_names:
        merged = dict.fromkeys((*text.entity_terms, *normalised_entity_terms(db_names)))
        text = IndexText(text.headline_parts, text.body_terms, tuple(merged))
    version = article.pipeline_version if pipeline_version is None else pipeline_version
    get_backend().index(article.pk, _row(article, version), text)


def search_remove_article(*, article_id: int) -> None:
    get_backend().remove(article_id)
