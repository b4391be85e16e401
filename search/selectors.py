"""Reads: archive search with filters, sorts, cursor pagination, facets and highlighted snippets."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from articles.models import Article, Outlet
from newsroom.db import prepared_cursor
from newsroom_text.search.query import Node, parse_query
from newsroom_text.search.snippets import highlight

from .backends import RANK_WINDOW, SORTS, TOTAL_CAP, FacetCounts, Filters, InvalidCursor, get_backend

__all__ = ["SORTS", "InvalidCursor", "SearchHit", "SearchResult", "search_articles"]

Fragment = list[tuple[str, bool]]

# What a search result shows of its article (the search page, the API's list items, the export);
# SearchHit.article is read with these only (and the body when there are snippets).
RESULT_FIELDS = ("headline", "language", "outlet__name", "reporter_name", "published_date", "status", "created_at",
                 "processed_at", "comment_count")


@dataclass
class SearchHit:
    """One result; unpacks as (article, snippets). Fragments are [(original text, is_match), ...]."""

    article: Article
    snippets: list[Fragment]  # from the body
    headline: list[Fragment] = field(default_factory=list)  # the headline with its matches marked

    def __iter__(self):
        return iter((self.article, self.snippets))


@dataclass
class SearchResult:
    items: list[SearchHit]
    total: int
    total_capped: bool  # True: at least `total` matches ("1,000+")
    next_cursor: str | None
    facets: dict[str, Any]
    query: Node | None = None

    @property
    def total_display(self) -> str:
        return f"{self.total:,}+" if self.total_capped else f"{self.total:,}"


def _id(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(getattr(value, "pk", value))


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def result_articles(ids: list[int], *, with_body: bool = False) -> dict[int, Article]:
    """The articles of a result page by id, read with RESULT_FIELDS (+ the body): what
    Article.objects.select_related("outlet").only(*fields).in_bulk(ids) gives.

    On PostgreSQL one prepared query (newsroom/db.py) whose rows become models exactly as that
    queryset's would (Model.from_db with the same fields in the same order, the outlet cached on
    its article): compiling the queryset, planning its SQL and the ORM's row handling were about
    a sixth of a search request's CPU. Elsewhere the queryset itself.
    """
    fields = (*RESULT_FIELDS, "body_text") if with_body else RESULT_FIELDS
    if connection.vendor != "postgresql":
        return Article.objects.select_related("outlet").only(*fields).in_bulk(ids)
    if not ids:
        return {}
    query = _result_query(with_body)
    with prepared_cursor() as cursor:
        cursor.execute(query.sql, [list(ids)])
        rows = cursor.fetchall()
    db = connection.alias
    n = len(query.article_fields)
    out: dict[int, Article] = {}
    for row in rows:
        values = query.convert(row)
        article = Article.from_db(db, query.article_fields, values[:n])
        outlet = Outlet.from_db(db, query.outlet_fields, values[n:]) if values[n] is not None else None
        query.cache_outlet(article, outlet)
        out[article.pk] = article
    return out


@dataclass(frozen=True)
class _ResultQuery:
    sql: str
    article_fields: list[str]
    outlet_fields: list[str]
    converters: tuple
    cache_outlet: Any

    def convert(self, row) -> list:
        values = list(row)
        for i, column, convert in self.converters:
            for converter in convert:
                values[i] = converter(values[i], column, connection)
        return values


@functools.cache
def _result_query(with_body: bool) -> _ResultQuery:
    """The SQL of result_articles and how to read its rows: the columns the ORM selects for
    select_related("outlet").only(...) (the article's loaded fields in model order, then the
    outlet's), and each column's database converters as the ORM would apply them."""
    fields = (*RESULT_FIELDS, "body_text") if with_body else RESULT_FIELDS
    own = {"id", "outlet_id"} | {Article._meta.get_field(f).attname for f in fields if "__" not in f}
    via_outlet = {"id"} | {f.split("__", 1)[1] for f in fields if f.startswith("outlet__")}
    article_fields = [f for f in Article._meta.concrete_fields if f.attname in own]
    outlet_fields = [f for f in Outlet._meta.concrete_fields if f.attname in via_outlet]
    quote = connection.ops.quote_name
    columns = [f"a.{quote(f.column)}" for f in article_fields] + [f"o.{quote(f.column)}" for f in outlet_fields]
    outlet_fk = Article._meta.get_field("outlet")
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(Article._meta.db_table)} a"
        f" LEFT OUTER JOIN {quote(Outlet._meta.db_table)} o ON o.{quote(Outlet._meta.pk.column)} = a.{quote(outlet_fk.column)}"
        f" WHERE a.{quote(Article._meta.pk.column)} = ANY(%s)"
    )
    converters = []
    for i, (table, model_field) in enumerate([(Article._meta.db_table, f) for f in article_fields]
                                       + [(Outlet._meta.db_table, f) for f in outlet_fields]):
        column = model_field.get_col(table)
        convert = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if convert:
            converters.append((i, column, convert))
    return _ResultQuery(sql, [f.attname for f in article_fields], [f.attname for f in outlet_fields],
                        tuple(converters), outlet_fk.set_cached_value)


def _facet_labels(outlet_ids: list[int], entity_ids: list[int]) -> tuple[dict[int, str], dict[int, str]]:
    """Outlet names and entity labels (Entity.__str__) in one plain query: a search asks for them
    every time, and compiling two querysets cost more CPU than the rest of the facets together."""
    from entities.models import Entity

    quote = connection.ops.quote_name
    parts, params = [], []
    if outlet_ids:
        parts.append(f"SELECT 'outlet', id, name, '' FROM {quote(Outlet._meta.db_table)}"
                     f" WHERE id IN ({', '.join(['%s'] * len(outlet_ids))})")
        params += outlet_ids
    if entity_ids:
        parts.append(f"SELECT 'entity', id, name_ko, name_en FROM {quote(Entity._meta.db_table)}"
                     f" WHERE id IN ({', '.join(['%s'] * len(entity_ids))})")
        params += entity_ids
    outlets: dict[int, str] = {}
    entities: dict[int, str] = {}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for kind, pk, name, name_en in cursor.fetchall():
                if kind == "outlet":
                    outlets[pk] = name
                else:
                    entities[pk] = str(Entity(pk=pk, name_ko=name, name_en=name_en))
    return outlets, entities


def _facets(counts: FacetCounts) -> dict[str, Any]:
    from entities.models import Event

    languages = dict(Article.Language.choices)
    outlets, entities = _facet_labels([o for o, _ in counts.outlet if o is not None], [e for e, _ in counts.entity])
    event_types = dict(Event.Type.choices)
    return {
        "language": [{"value": v, "label": languages.get(v, v), "count": n} for v, n in counts.language],
        "outlet": [{"value": v, "label": outlets.get(v, str(v)), "count": n} for v, n in counts.outlet],
        "month": [{"value": v, "label": v, "count": n} for v, n in counts.month],
        "entity": [{"value": v, "label": entities.get(v, str(v)), "count": n} for v, n in counts.entity],
        "event_type": [{"value": v, "label": event_types.get(v, v), "count": n} for v, n in counts.event_type],
        "window": counts.window,
        "capped": counts.capped,
    }


def search_articles(
    q: str | None,
    *,
    language: str | None = None,
    outlet: Any = None,
    reporter: str | None = None,
    date_from: Any = None,
    date_to: Any = None,
    entity: Any = None,
    event_type: str | None = None,
    sort: str = "relevance",
    cursor: str | None = None,
    page_size: int = 20,
    with_facets: bool = True,
    with_snippets: bool = True,
) -> SearchResult:
    """Search the index. An empty `q` lists every indexed article matching the filters.

    outlet/entity: an instance or a primary key; date_from/date_to: dates (or ISO strings) on the
    published date, else the upload's date. A query with nothing positive in it (only exclusions,
    only stop words) matches nothing. Totals are counted up to TOTAL_CAP; facets over the first
    TOTAL_CAP matches in date order (newest first; oldest first for sort="oldest"; facets["capped"]
    says when the matching set is larger). "relevance" ranks the newest RANK_WINDOW matches. Raises
    InvalidCursor for a cursor this sort did not produce and ValueError for an unknown sort.
    The hits' articles are read with RESULT_FIELDS only (plus the body with snippets); any other
    field costs a query per article.
    """
    node = parse_query(q) if q and q.strip() else None
    if q and q.strip() and node is None:
        return SearchResult([], 0, False, None, _facets(FacetCounts()), None)
    filters = Filters(
        language=language or None,
        outlet_id=_id(outlet),
        reporter=reporter or None,
        date_from=_date(date_from),
        date_to=_date(date_to),
        entity_id=_id(entity),
        event_type=event_type or None,
    )
    backend = get_backend()
    page = backend.search(node, filters, sort=sort, cursor=cursor, page_size=page_size, with_facets=with_facets)
    articles = result_articles(page.ids, with_body=with_snippets)
    items = []
    for pk in page.ids:
        article = articles.get(pk)
        if article is None:  # deleted between the two queries
            continue
        snippets = highlight(article.body_text, node, lang=article.language or None) if with_snippets else []
        headline = highlight(article.headline, node, max_len=500, max_fragments=1) if with_snippets else []
        items.append(SearchHit(article, snippets, headline))
    facets = _facets(page.facets) if with_facets and page.facets is not None else {}
    return SearchResult(items, page.total, page.total_capped, page.next_cursor, facets, node)


__all__ += ["RANK_WINDOW", "TOTAL_CAP"]
