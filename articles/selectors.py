"""Composite reads shared by views and the API."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q

from newsroom.db import prepared_cursor

from .models import Article


def processing_counts() -> dict[str, int]:
    counts = dict(Article.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in Article.Status.values}


# --- archive search -------------------------------------------------------------------------
# The search app (search.selectors.search_articles) owns the real index. Its rows are written by
# the search.pipeline.IndexStep processing step, so the pages use it only when that step is
# configured; otherwise (a tree without the search app, or with the step not yet listed) they
# fall back to a plain ORM filter below, so the search page works either way.

SEARCH_SORTS = ("relevance", "newest", "oldest")


@dataclass
class ArchiveHit:
    article: Article
    snippets: list  # [[(text, is_match), ...], ...]
    headline: list = field(default_factory=list)


@dataclass
class ArchiveResult:
    items: list
    total: int
    total_capped: bool
    next_cursor: str | None
    facets: dict[str, Any]
    engine: str = "orm"

    @property
    def total_display(self) -> str:
        return f"{self.total:,}+" if self.total_capped else f"{self.total:,}"


class InvalidSearchCursor(ValueError):
    pass


def search_index_enabled() -> bool:
    if "search.pipeline.IndexStep" not in settings.NEWSROOM_PIPELINE_STEPS:
        return False
    try:
        import search.selectors  # noqa: F401
    except ImportError:
        return False
    return True


def archive_search(q: str = "", *, page_size: int = 20, **filters: Any) -> ArchiveResult:
    """Search the archive: the search index when it is in use, else a simple ORM filter.

    filters: language, outlet, reporter, date_from, date_to, entity, event_type, sort, cursor.
    Raises InvalidSearchCursor for a cursor the search did not produce.
    """
    if search_index_enabled():
        from search.selectors import InvalidCursor, search_articles

        try:
            result = search_articles(q or None, page_size=page_size, **filters)
        except InvalidCursor as exc:
            raise InvalidSearchCursor(str(exc)) from exc
        items = [ArchiveHit(hit.article, hit.snippets, hit.headline) for hit in result.items]
        return ArchiveResult(items, result.total, result.total_capped, result.next_cursor, result.facets, "index")
    return _orm_search(q, page_size=page_size, **filters)


_TOKEN = re.compile(r'-?"[^"]*"|\S+')


def _parse_simple_query(q: str) -> tuple[list[list[str]], list[str]]:
    """'a b OR c "d e" -f' -> ([[a], [b, c], [d e]], [f]): AND of OR-groups, and exclusions."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for token in _TOKEN.findall(q or ""):
        if token == "OR":
            join_next = bool(groups)
            continue
        negative = token.startswith("-") and len(token) > 1
        term = token[1:] if negative else token
        term = term.strip('"').strip()
        if not term:
            continue
        if negative:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return groups, excluded


def _term_q(term: str) -> Q:
    return Q(headline__icontains=term) | Q(body_text__icontains=term) | Q(mentions__entity__aliases__surface__iexact=term)


def _plain_highlight(text: str, terms: list[str], max_len: int = 240) -> list[list[tuple[str, bool]]]:
    if not text:
        return []
    lowered = text.lower()
    first = min((i for i in (lowered.find(t.lower()) for t in terms if t) if i >= 0), default=0)
    start = max(0, first - max_len // 3)
    window = text[start : start + max_len]
    pieces: list[tuple[str, bool]] = []
    pattern = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True) if t)
    pos = 0
    if pattern:
        for m in re.finditer(pattern, window, flags=re.IGNORECASE):
            if m.start() > pos:
                pieces.append((window[pos : m.start()], False))
            pieces.append((m.group(0), True))
            pos = m.end()
    if pos < len(window):
        pieces.append((window[pos:], False))
    if start > 0:
        pieces.insert(0, ("…", False))
    if start + max_len < len(text):
        pieces.append(("…", False))
    return [pieces]


def _orm_search(q: str, *, page_size: int, language=None, outlet=None, reporter=None, date_from=None,
                date_to=None, entity=None, event_type=None, sort="relevance", cursor=None) -> ArchiveResult:
    groups, excluded = _parse_simple_query(q)
    qs = Article.objects.processed()
    for group in groups:
        condition = Q()
        for term in group:
            condition |= _term_q(term)
        qs = qs.filter(pk__in=Article.objects.filter(condition).values("pk"))
    for term in excluded:
        qs = qs.exclude(Q(headline__icontains=term) | Q(body_text__icontains=term))
    if q and q.strip() and not groups:
        qs = qs.none()
    if language:
        qs = qs.filter(language=language)
    if outlet:
        qs = qs.filter(outlet_id=int(getattr(outlet, "pk", outlet)))
    if reporter:
        qs = qs.filter(reporter_name__icontains=reporter)
    if date_from:
        qs = qs.filter(published_date__gte=date_from)
    if date_to:
        qs = qs.filter(published_date__lte=date_to)
    if entity:
        qs = qs.filter(pk__in=Article.objects.filter(mentions__entity_id=int(getattr(entity, "pk", entity))).values("pk"))
    if event_type:
        qs = qs.filter(pk__in=Article.objects.filter(events__type=event_type).values("pk"))
    facets = _orm_facets(qs)
    if sort == "oldest":
        qs = qs.order_by(F("published_date").asc(nulls_last=True), "created_at", "pk")
    else:
        qs = qs.order_by(F("published_date").desc(nulls_last=True), "-created_at", "-pk")
    try:
        offset = int(cursor) if cursor else 0
    except ValueError as exc:
        raise InvalidSearchCursor(cursor) from exc
    if offset < 0:
        raise InvalidSearchCursor(cursor)
    total = qs.count()
    page = list(qs.select_related("outlet")[offset : offset + page_size])
    terms = [t for group in groups for t in group]
    items = [
        ArchiveHit(a, _plain_highlight(a.body_text, terms), _plain_highlight(a.headline, terms, max_len=500)[:1])
        for a in page
    ]
    next_cursor = str(offset + page_size) if offset + page_size < total else None
    return ArchiveResult(items, total, False, next_cursor, facets, "orm")


def _orm_facets(qs) -> dict[str, Any]:
    from entities.models import Entity, Event

    ids = qs.order_by().values("pk")
    languages = dict(Article.Language.choices)
    by_language = qs.order_by().values_list("language").annotate(n=Count("pk")).order_by("-n")
    by_outlet = qs.order_by().exclude(outlet=None).values_list("outlet_id", "outlet__name").annotate(n=Count("pk")).order_by("-n")
    by_entity = (
        Entity.objects.filter(mentions__article__in=ids).values_list("pk").annotate(n=Count("mentions__article", distinct=True))
        .order_by("-n")[:10]
    )
    entities = Entity.objects.in_bulk([pk for pk, _ in by_entity])
    types = dict(Event.Type.choices)
    by_type = (
        Event.objects.filter(article__in=ids).values_list("type").annotate(n=Count("article", distinct=True)).order_by("-n")
    )
    return {
        "language": [{"value": v, "label": languages.get(v, v), "count": n} for v, n in by_language if v],
        "outlet": [{"value": pk, "label": name, "count": n} for pk, name, n in by_outlet],
        "entity": [{"value": pk, "label": str(entities[pk]), "count": n} for pk, n in by_entity if pk in entities],
        "event_type": [{"value": v, "label": types.get(v, v), "count": n} for v, n in by_type],
    }


# --- the API's article detail ----------------------------------------------------------------
# The detail shows about 60 fields from eight tables. Read through the ORM (articles.api's
# _detail_queryset) that is eight queries and most of the request's CPU; on PostgreSQL the one
# query below reads the same rows, each list aggregated to JSON in its serializer's order
# (start, then id: ties on start used to come back in whatever order the plan gave).
# Keys are the serializer's field names; articles.serializers.article_detail_representation
# formats every value with the serializer's own fields, and a test compares the two paths.

_DETAIL_SQL = """
SELECT a.id, a.headline, a.language, a.outlet_id, o.name AS outlet_name, a.reporter_name, a.published_date,
       a.status, a.created_at, a.processed_at, a.comment_count, u.file_name, a.rubric, a.headline_derived,
       a.subheadlines, a.language_fixed, a.reporter_role, a.reporter_email, a.dateline, a.published_precision,
       a.published_date_set_by_editor, a.blocks, a.body_text, a.error, a.attempts, a.pipeline_version,
       a.updated_at,
       (SELECT json_build_object('max_length', p.max_length, 'spaces_count', p.spaces_count,
                                 'categories', p.categories, 'actions', p.actions, 'source_text', p.source_text,
                                 'article_id', p.article_id)
          FROM articles_commentpolicy p
         WHERE p.id = COALESCE((SELECT own.id FROM articles_commentpolicy own WHERE own.article_id = a.id),
                               o.default_policy_id)) AS comment_policy,
       (SELECT json_agg(json_build_object('id', m.id, 'entity', m.entity_id, 'text', m.text, 'start', m.start,
                                          'end', m."end", 'method', m.method, 'confidence', m.confidence,
                                          'kind', e.kind, 'name_ko', e.name_ko, 'name_en', e.name_en)
                        ORDER BY m.start, m.id)
          FROM entities_mention m JOIN entities_entity e ON e.id = m.entity_id
         WHERE m.article_id = a.id) AS mentions,
       (SELECT json_agg(json_build_object(
                   'id', ev.id, 'type', ev.type, 'trigger', ev.trigger, 'date', ev.date, 'end_date', ev.end_date,
                   'date_precision', ev.date_precision, 'date_text', ev.date_text, 'place', ev.place_id,
                   'place_text', ev.place_text, 'evidence', ev.evidence, 'evidence_start', ev.evidence_start,
                   'evidence_end', ev.evidence_end, 'amount', ev.amount_id, 'confidence', ev.confidence,
                   'participants', (SELECT COALESCE(json_agg(json_build_object('entity', pa.entity_id,
                                                                               'text', pa.text, 'role', pa.role)
                                                             ORDER BY pa.id), '[]')
                                      FROM entities_eventparticipant pa WHERE pa.event_id = ev.id))
                        ORDER BY ev.date NULLS LAST, ev.id)
          FROM entities_event ev WHERE ev.article_id = a.id) AS events,
       (SELECT json_agg(json_build_object('id', q.id, 'speaker', q.speaker_id, 'speaker_text', q.speaker_text,
                                          'text', q.text, 'start', q.start, 'end', q."end")
                        ORDER BY q.start, q.id)
          FROM entities_quote q WHERE q.article_id = a.id) AS quotes,
       (SELECT json_agg(json_build_object('id', am.id, 'kind', am.kind, 'currency', am.currency,
                                          'value', am.value::text, 'approximate', am.approximate, 'unit', am.unit,
                                          'text', am.text, 'start', am.start, 'end', am."end")
                        ORDER BY am.start, am.id)
          FROM entities_amount am WHERE am.article_id = a.id) AS amounts,
       (SELECT json_agg(json_build_object('id', d.id, 'text', d.text, 'start', d.start, 'end', d."end",
                                          'value', d.value, 'end_value', d.end_value, 'precision', d.precision,
                                          'resolved', d.resolved)
                        ORDER BY d.start, d.id)
          FROM entities_datemention d WHERE d.article_id = a.id) AS dates
  FROM articles_article a
  JOIN articles_upload u ON u.id = a.upload_id
  LEFT JOIN articles_outlet o ON o.id = a.outlet_id
 WHERE a.id = %s AND (%s OR a.status = %s)
"""

MAX_ARTICLE_ID = 2**63 - 1
_detail_columns: tuple[str, ...] | None = None


def article_detail_in_one_query() -> bool:
    """Whether article_detail_record can be used (PostgreSQL); elsewhere the API serializes models."""
    return connection.vendor == "postgresql"


def article_detail_record(article_id: int, *, processed_only: bool) -> dict[str, Any] | None:
    """PostgreSQL: the article and every list its API detail shows, as one dict; None when absent
    (or not processed and processed_only). Lists are lists of dicts (JSON values: dates as ISO text,
    the amount's value as text), the article's own columns are Python values."""
    global _detail_columns
    if not 0 < article_id <= MAX_ARTICLE_ID:
        return None
    # Prepared once per connection: planning this query took longer than running it (newsroom/db.py).
    with prepared_cursor() as cursor:
        cursor.execute(_DETAIL_SQL, [article_id, not processed_only, Article.Status.PROCESSED.value])
        row = cursor.fetchone()
        if row is None:
            return None
        if _detail_columns is None:  # the query's own column names, read once rather than per request
            _detail_columns = tuple(col.name for col in cursor.description)
    record = dict(zip(_detail_columns, row, strict=True))
    for name in ("subheadlines", "dateline", "blocks"):  # jsonb columns arrive as text, as JSONField reads them
        record[name] = json.loads(record[name])
    return record


# --- pages ----------------------------------------------------------------------------------


def articles_status(ids: list[int]) -> list[dict[str, Any]]:
    """The processing state of the given articles (for the upload progress page)."""
    rows = Article.objects.filter(pk__in=ids).select_related("upload").only(
        "pk", "status", "error", "headline", "upload__file_name"
    )
    by_id = {a.pk: a for a in rows}
    return [
        {"id": a.pk, "status": a.status, "error": a.error, "headline": a.headline, "file_name": a.upload.file_name}
        for a in (by_id[i] for i in ids if i in by_id)
    ]


def processing_queue(limit: int = 20) -> dict[str, list[Article]]:
    base = Article.objects.select_related("upload", "outlet")
    return {
        "pending": list(base.pending().order_by("created_at")[:limit]),
        "processing": list(base.filter(status=Article.Status.PROCESSING).order_by("claimed_at")[:limit]),
        "failed": list(base.failed().order_by("-updated_at")[:limit]),
    }
