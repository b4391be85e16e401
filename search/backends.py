"""Search backends: the only code that writes SQL for the index, chosen by connection.vendor.

Interface (both backends):
    index(article_id, row, text)      upsert the article's row (filter/sort columns) and its terms
    remove(article_id)                delete the row (and, on SQLite, its FTS5 row)
    search(node, filters, sort=..., cursor=..., page_size=..., with_facets=...)
        -> Page(ids, total, total_capped, next_cursor, facets)
    facets(node, filters) -> FacetCounts
    count(node, filters) -> (total up to TOTAL_CAP, capped)
    text_row_ids() -> set[int]        article ids that have a text row (drift checks)

`node` is a parsed query (newsroom_text.search.query.parse_query) or None for "every indexed
article" (filters only). The compiled query string is always passed as a parameter.

One "window" query does most of the work: the first TOTAL_CAP + 1 matches in date order (through
the sort-key index or the text index, as the planner sees fit), giving the capped total ("1,000+"),
the first page, the facets, and for "relevance" the text score of the newest RANK_WINDOW matches,
which Python multiplies by a recency boost and sorts (pages by offset inside that window).
"newest"/"oldest" pages after the first use keyset pagination on (sort_date, article_id), so a
deep page costs the same as the first.
"""

from __future__ import annotations

import base64
import datetime
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection as default_connection

from newsroom.db import prepared_cursor
from newsroom_text.search.analysis import YEAR_PREFIX
from newsroom_text.search.query import Node, Phrase, to_fts5, to_tsquery, ts_quote

from .models import SearchDocument

SORTS = ("relevance", "newest", "oldest")
TOTAL_CAP = 1000
RANK_WINDOW = 200  # relevance ranks the newest 200 matches: docs/quality.md (search ranking) measures what it costs
MAX_SLICE_MONTHS = 36  # wider than this, the window's remaining months are read with a date cut instead
FACET_TOP = 10
MAX_PAGE_SIZE = 100

# tsvector limits: positions are 1..16383, a lexeme keeps at most 256 positions.
_MAX_POS = 16383
_MAX_POSITIONS_PER_LEXEME = 256

DOC_TABLE = SearchDocument._meta.db_table
# the (sort_date, article_id) index the model declares, by the name the model gives it
SORT_INDEX = next(i.name for i in SearchDocument._meta.indexes if i.fields == ["sort_date", "article"])


@dataclass(frozen=True)
class IndexText:
    """An article's analysed terms, in order, per field (from newsroom_text.search.analysis)."""

    headline_parts: tuple[tuple[str, ...], ...]  # the headline, then each subheadline
    body_terms: tuple[str, ...]
    entity_terms: tuple[str, ...]  # normalised entity tokens (ENTITY_PREFIX + name)


@dataclass(frozen=True)
class Filters:
    language: str | None = None
    outlet_id: int | None = None
    reporter: str | None = None
    date_from: datetime.date | None = None  # on sort_date (published date, else the upload's date)
    date_to: datetime.date | None = None
    entity_id: int | None = None  # articles with a Mention of this entity
    event_type: str | None = None  # articles with an Event of this type (as evidence or reporting it)


@dataclass
class FacetCounts:
    language: list[tuple[str, int]] = field(default_factory=list)
    outlet: list[tuple[int | None, int]] = field(default_factory=list)
    month: list[tuple[str, int]] = field(default_factory=list)  # "YYYY-MM", newest first
    entity: list[tuple[int, int]] = field(default_factory=list)  # (entity id, articles)
    event_type: list[tuple[str, int]] = field(default_factory=list)
    window: int = TOTAL_CAP
    capped: bool = False  # True when the matching set is larger than the counted window


@dataclass
class Page:
    ids: list[int]
    total: int
    total_capped: bool
    next_cursor: str | None = None
    facets: FacetCounts | None = None


class InvalidCursor(ValueError):
    pass


def encode_cursor(kind: str, *values: Any) -> str:
    raw = "|".join([kind, *(str(v) for v in values)])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return base64.urlsafe_b64decode(padded.encode()).decode().split("|")
    except Exception as exc:  # binascii.Error, UnicodeDecodeError
        raise InvalidCursor(cursor) from exc


def year_term(year: int) -> str:
    return f"{YEAR_PREFIX}{year}"


def month_term(year: int, month: int) -> str:
    return f"{YEAR_PREFIX}{year}{month:02d}"  # six digits where a year token has four


def slice_terms(first: int, last: int) -> list[str]:
    """Date tokens covering months `first`..`last` (year * 12 + month - 1, inclusive): whole years
    as year tokens, the months of a partial year as month tokens, so that a slice of years is as few
    OR-ed tokens as before month tokens existed."""
    terms, m = [], first
    while m <= last:
        year, month = divmod(m, 12)
        if month == 0 and m + 11 <= last:
            terms.append(year_term(year))
            m += 12
        else:
            terms.append(month_term(year, month + 1))
            m += 1
    return terms


def _month(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(month: int) -> datetime.date:
    year, index = divmod(month, 12)
    return datetime.date(year, index + 1, 1)


def tsvector_literal(text: IndexText, day: datetime.date | None = None) -> str:
    """'term':1A,5A 'other':2 ... built in Python so PostgreSQL never re-parses the analysed terms.

    Headline parts get weight A (a one-position gap between parts so a phrase never spans two),
    body terms D (the default, no letter), entity tokens B. With `day` (the sort date), a year
    token and a month token last: the window query intersects them with the query's terms inside
    the GIN index. Gaps keep them out of the phrase index's adjacent pairs.
    """
    positions: dict[str, list[str]] = defaultdict(list)
    pos = 1

    def add(term: str, weight: str) -> None:
        entries = positions[term]
        if len(entries) < _MAX_POSITIONS_PER_LEXEME:
            entries.append(f"{min(pos, _MAX_POS)}{weight}")

    for part in text.headline_parts:
        for term in part:
            add(term, "A")
            pos += 1
        pos += 1
    for term in text.body_terms:
        add(term, "")
        pos += 1
    pos += 1
    for term in text.entity_terms:
        add(term, "B")
        pos += 1
    if day is not None:
        pos += 1
        add(year_term(day.year), "")
        pos += 2
        add(month_term(day.year, day.month), "")
    return " ".join(
        ts_quote(term) + ":" + ",".join(dict.fromkeys(entries))
        for term, entries in positions.items()
        if term
    )


# Adjacent-pair tokens of PostgreSQL's phrase index (migration 0006: search_pairs(tsv) derives them
# from the stored vector; they live in the index only). U+01C0, a letter to the tsvector parser like
# the entity (ǂ) and year (ǁ) prefixes.
PAIR_PREFIX = "\u01c0"
MAX_PAIR_BYTES = 56  # longer pairs are left out of the index (its output must stay under 1 MB)


def phrase_pair_query(node: Node | None) -> tuple[str, bool] | None:
    """For a query that is one phrase: (a tsquery over its pair tokens, whether the exact phrase must
    still be checked). "a b" -> 'ǀaǀb', exact; "a b c" -> 'ǀaǀb' & 'ǀbǀc', rows holding both pairs
    still need `a <-> b <-> c`. None when a pair is too long to be in the index."""
    if not isinstance(node, Phrase) or len(node.terms) < 2:
        return None
    pairs = [f"{PAIR_PREFIX}{a}{PAIR_PREFIX}{b}" for a, b in zip(node.terms, node.terms[1:], strict=False)]
    if any(len(p.encode("utf-8")) > MAX_PAIR_BYTES for p in pairs):
        return None
    return " & ".join(ts_quote(p) for p in dict.fromkeys(pairs)), len(node.terms) > 2


class Backend:
    vendor = ""

    def __init__(self, connection=None):
        self.connection = connection or default_connection

    # ------------------------------------------------------------------ writes

    def index(self, article_id: int, row: dict[str, Any], text: IndexText) -> None:
        SearchDocument.objects.update_or_create(article_id=article_id, defaults=row)
        self._write_text(article_id, text, row["sort_date"])

    def remove(self, article_id: int) -> None:
        SearchDocument.objects.filter(article_id=article_id).delete()

    def _write_text(self, article_id: int, text: IndexText, sort_date: datetime.date) -> None:
        raise NotImplementedError

    def add_entity_terms(self, article_ids: list[int], terms: tuple[str, ...]) -> None:
        """Append entity tokens to existing rows that lack them (an entity gained a name)."""
        raise NotImplementedError

    def facet_drift(self) -> list[int]:
        """Article ids whose row's entity ids or event types differ from the entity tables."""
        return []

    def text_row_ids(self) -> set[int]:
        raise NotImplementedError

    # ------------------------------------------------------------------ physical layout

    def date_layout(self) -> float | None:
        """How closely the rows' physical order follows their sort date (-1..1); None where the engine
        has no such notion (SQLite's FTS5 keeps its own structure)."""
        return None

    def cluster_by_date(self) -> bool:
        """Rewrite the rows in sort-date order; False where there is nothing to rewrite."""
        return False

    # ------------------------------------------------------------------ reads

    def _match(self, node: Node) -> tuple[str, str, list[Any]] | None:
        """(FROM clause, WHERE condition, params) selecting the text matches; None when nothing positive."""
        raise NotImplementedError

    def _date(self, value: datetime.date) -> Any:
        return value

    def _parse_date(self, value: Any) -> datetime.date:
        return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])

    def _source(self, node: Node | None, filters: Filters, match=None,
                date_column: str = "d.sort_date") -> tuple[str, str, list[Any]] | None:
        """FROM and WHERE for the matching set (`match`: another form of the node's _match); None when
        the query can match nothing. `date_column`: how the date filters name the sort date."""
        if node is not None:
            match = match or self._match(node)
            if match is None:
                return None
            from_sql, where, params = match
            conditions, params = [where], list(params)
        else:
            from_sql, conditions, params = f"{DOC_TABLE} d", [], []
        f = filters
        if f.language:
            conditions.append("d.language = %s")
            params.append(f.language)
        if f.outlet_id is not None:
            conditions.append("d.outlet_id = %s")
            params.append(f.outlet_id)
        if f.reporter:
            conditions.append("d.reporter = %s")
            params.append(f.reporter)
        if f.date_from:
            conditions.append(f"{date_column} >= %s")
            params.append(self._date(f.date_from))
        if f.date_to:
            conditions.append(f"{date_column} <= %s")
            params.append(self._date(f.date_to))
        if f.entity_id is not None:
            conditions.append("d.article_id IN (SELECT m.article_id FROM entities_mention m WHERE m.entity_id = %s)")
            params.append(f.entity_id)
        if f.event_type:
            conditions.append(
                "d.article_id IN (SELECT e.article_id FROM entities_event e WHERE e.type = %s"
                " UNION SELECT r.article_id FROM entities_event_reported_by r"
                " JOIN entities_event e2 ON e2.id = r.event_id WHERE e2.type = %s)"
            )
            params += [f.event_type, f.event_type]
        where = " AND ".join(conditions) if conditions else "1 = 1"
        return from_sql, where, params

    def count(self, node: Node | None, filters: Filters, cap: int | None = None) -> tuple[int, bool]:
        cap = TOTAL_CAP if cap is None else cap
        source = self._source(node, filters)
        if source is None:
            return 0, False
        from_sql, where, params = source
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {from_sql} WHERE {where} LIMIT {int(cap) + 1}) s"
        with self.connection.cursor() as cur:
            cur.execute(sql, params)
            n = cur.fetchone()[0]
        return min(n, cap), n > cap

    # The window: the first TOTAL_CAP + 1 matches in date order (newest first, or oldest first for
    # the "oldest" sort), as (article_id, language, outlet_id, sort_date, score). One query gives
    # the capped total, the first page, the facets, and for relevance the text score of the newest
    # RANK_WINDOW matches (None for the others and when not scoring). Returned with the number of
    # rows the window holds; with `keep`, only its first `keep` rows are returned (a backend may
    # return more).

    def _window(self, node: Node | None, source, *, ascending: bool = False, score: bool = False,
                filters: Filters | None = None, facets: bool = False,
                keep: int | None = None) -> tuple[list[tuple], int]:
        raise NotImplementedError

    @staticmethod
    def _boost(sort_date: datetime.date, today: datetime.date) -> float:
        """Recency boost: x2 for today, x1.5 a year ago, x1.1 ten years ago."""
        age_years = max((today - sort_date).days, 0) / 365.0
        return 1.0 + 1.0 / (1.0 + age_years)

    def search(
        self,
        node: Node | None,
        filters: Filters | None = None,
        *,
        sort: str = "relevance",
        cursor: str | None = None,
        page_size: int = 20,
        with_total: bool = True,
        with_facets: bool = False,
    ) -> Page:
        filters = filters or Filters()
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}: use one of {SORTS}")
        page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
        source = self._source(node, filters)
        if source is None:
            page = Page([], 0, False, None)
            page.facets = FacetCounts() if with_facets else None
            return page
        ranked = sort == "relevance" and node is not None
        keyset_sort = "newest" if sort == "relevance" else sort
        if cursor and not ranked:
            # a later page of newest/oldest: straight from the sort-key index
            ids, next_cursor = self._keyset(source, keyset_sort, cursor, page_size)
            total, capped = self.count(node, filters) if with_total else (0, False)
            page = Page(ids, total, capped, next_cursor)
            page.facets = self.facets(node, filters) if with_facets else None
            return page
        # Without facets a page needs the window's count and its first rows only (the ranked ones, or
        # one page): the rest of the 1,001 are counted but not sent (100k: 0.3 ms less per search).
        keep = None if with_facets else (RANK_WINDOW if ranked else page_size)
        rows, seen = self._window(node, source, ascending=sort == "oldest", score=ranked, filters=filters,
                                  facets=with_facets, keep=keep)
        total, capped = min(seen, TOTAL_CAP), seen > TOTAL_CAP
        if ranked:
            offset = self._offset(cursor)
            today = datetime.date.today()
            scored = rows[:RANK_WINDOW]

            def rank_key(r):
                day = self._parse_date(r[3])
                return -(r[4] or 0.0) * self._boost(day, today), -day.toordinal(), -r[0]

            scored = sorted(scored, key=rank_key)
            ids = [r[0] for r in scored[offset : offset + page_size]]
            next_cursor = encode_cursor("r", offset + page_size) if offset + page_size < len(scored) else None
        else:
            ids = [r[0] for r in rows[:page_size]]
            next_cursor = None
            if seen > page_size:
                last = rows[page_size - 1]
                next_cursor = encode_cursor("o" if sort == "oldest" else "n", self._parse_date(last[3]).isoformat(), last[0])
        page = Page(ids, total, capped, next_cursor)
        page.facets = self._facets_from(rows[:TOTAL_CAP], capped) if with_facets else None
        return page

    def _keyset(self, source, sort: str, cursor: str, page_size: int) -> tuple[list[int], str | None]:
        from_sql, where, params = source
        params = list(params)
        desc = sort != "oldest"
        op, direction = ("<", "DESC") if desc else (">", "ASC")
        parts = decode_cursor(cursor)
        if len(parts) != 3 or parts[0] != ("n" if desc else "o"):
            raise InvalidCursor(cursor)
        try:
            after_date, after_id = self._date(self._parse_date(parts[1])), int(parts[2])
        except ValueError as exc:
            raise InvalidCursor(cursor) from exc
        where = f"{where} AND (d.sort_date, d.article_id) {op} (%s, %s)"
        params += [after_date, after_id]
        sql = (
            f"SELECT d.article_id, d.sort_date FROM {from_sql} WHERE {where}"
            f" ORDER BY d.sort_date {direction}, d.article_id {direction} LIMIT {page_size + 1}"
        )
        with self.connection.cursor() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        next_cursor = None
        if len(rows) > page_size:
            rows = rows[:page_size]
            last_id, last_date = rows[-1]
            next_cursor = encode_cursor("n" if desc else "o", self._parse_date(last_date).isoformat(), last_id)
        return [r[0] for r in rows], next_cursor

    def _offset(self, cursor: str | None) -> int:
        if not cursor:
            return 0
        parts = decode_cursor(cursor)
        if len(parts) != 2 or parts[0] != "r" or not parts[1].isdigit():
            raise InvalidCursor(cursor)
        return int(parts[1])

    def facets(self, node: Node | None, filters: Filters | None = None) -> FacetCounts:
        """Counts over the newest TOTAL_CAP matches (all of them when there are fewer)."""
        source = self._source(node, filters or Filters())
        if source is None:
            return FacetCounts()
        rows, seen = self._window(node, source, filters=filters, facets=True)
        return self._facets_from(rows[:TOTAL_CAP], seen > TOTAL_CAP)

    def _simple_facets(self, rows: list[tuple], capped: bool, top: int) -> FacetCounts:
        """Language, outlet and month counts: the window's own columns."""
        result = FacetCounts(window=TOTAL_CAP, capped=capped)
        result.language = Counter(r[1] for r in rows if r[1]).most_common()
        result.outlet = Counter(r[2] for r in rows if r[2] is not None).most_common(top)
        months = Counter(f"{d.year:04d}-{d.month:02d}" for d in (self._parse_date(r[3]) for r in rows))
        result.month = sorted(months.items(), reverse=True)
        return result

    def _facets_from(self, rows: list[tuple], capped: bool, top: int = FACET_TOP) -> FacetCounts:
        if not rows:
            return FacetCounts(window=TOTAL_CAP, capped=capped)
        result = self._simple_facets(rows, capped, top)
        id_list, id_params = self._id_list([r[0] for r in rows])
        with self.connection.cursor() as cur:
            cur.execute(
                "SELECT m.entity_id, count(DISTINCT m.article_id) AS n FROM entities_mention m"
                f" WHERE m.article_id {id_list} GROUP BY m.entity_id ORDER BY n DESC, m.entity_id LIMIT {int(top)}",
                id_params,
            )
            result.entity = [(r[0], r[1]) for r in cur.fetchall()]
            cur.execute(
                "SELECT e.type, count(DISTINCT e.article_id) AS n FROM entities_event e"
                f" WHERE e.article_id {id_list} GROUP BY e.type ORDER BY n DESC, e.type",
                id_params,
            )
            result.event_type = [(r[0], r[1]) for r in cur.fetchall()]
        return result

    def _id_list(self, ids: list[int]) -> tuple[str, list[Any]]:
        """A condition on a list of ids: `IN (%s, ...)` (SQLite), `= ANY(%s)` with one array (PostgreSQL)."""
        return "IN (" + ", ".join(["%s"] * len(ids)) + ")", list(ids)


class PostgresBackend(Backend):
    """tsvector + GIN; to_tsquery('simple', %s) over terms the analysis layer already normalised."""

    vendor = "postgresql"

    def _id_list(self, ids: list[int]) -> tuple[str, list[Any]]:
        # one text literal cast to an array: psycopg adapting a 1,001-int list costs ~1 ms of Python
        return "= ANY(%s::bigint[])", ["{" + ",".join(str(int(i)) for i in ids) + "}"]

    # The entity ids and event types each row carries for the facets, as read from the entity tables
    # when the row is written; later changes to mentions and events (a merge, a split, an editor's
    # edit, a deletion) are carried over by statement triggers (migration 0005).
    # {0}: the article id's SQL expression (a parameter when writing, the row's column when checking)
    _ENTITY_IDS = "ARRAY(SELECT DISTINCT m.entity_id FROM entities_mention m WHERE m.article_id = {0} ORDER BY 1)"
    _EVENT_TYPES = "ARRAY(SELECT DISTINCT e.type FROM entities_event e WHERE e.article_id = {0} ORDER BY 1)::text[]"

    def _write_text(self, article_id: int, text: IndexText, sort_date: datetime.date) -> None:
        with self.connection.cursor() as cur:
            cur.execute(
                f"UPDATE {DOC_TABLE} SET tsv = %s::tsvector, entity_ids = {self._ENTITY_IDS.format('%s')},"
                f" event_types = {self._EVENT_TYPES.format('%s')} WHERE article_id = %s",
                [tsvector_literal(text, sort_date), article_id, article_id, article_id],
            )

    def facet_drift(self) -> list[int]:
        with self.connection.cursor() as cur:
            cur.execute(
                f"SELECT d.article_id FROM {DOC_TABLE} d WHERE (d.entity_ids, d.event_types) IS DISTINCT FROM"
                f" ({self._ENTITY_IDS.format('d.article_id')}, {self._EVENT_TYPES.format('d.article_id')}) ORDER BY 1"
            )
            return [r[0] for r in cur.fetchall()]

    def _facets_from(self, rows: list[tuple], capped: bool, top: int = FACET_TOP) -> FacetCounts:
        if not rows or len(rows[0]) < 7:
            return super()._facets_from(rows, capped, top)
        # the window's rows carry each match's entity ids and event types: no lookups
        result = self._simple_facets(rows, capped, top)
        entities = Counter(e for r in rows for e in r[5])
        result.entity = sorted(entities.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        events = Counter(t for r in rows for t in r[6])
        result.event_type = sorted(events.items(), key=lambda kv: (-kv[1], kv[0]))
        return result

    def add_entity_terms(self, article_ids: list[int], terms: tuple[str, ...]) -> None:
        with self.connection.cursor() as cur:
            for term in terms:
                quoted = ts_quote(term)
                cur.execute(
                    f"UPDATE {DOC_TABLE} SET tsv = tsv || %s::tsvector"
                    " WHERE article_id = ANY(%s) AND NOT tsv @@ to_tsquery('simple', %s)",
                    [f"{quoted}:1B", list(article_ids), quoted],
                )

    def text_row_ids(self) -> set[int]:
        with self.connection.cursor() as cur:
            cur.execute(f"SELECT article_id FROM {DOC_TABLE} WHERE tsv <> ''::tsvector")
            return {r[0] for r in cur.fetchall()}

    # A window reads the newest (or oldest) matches a month or a year at a time. GIN intersects the
    # words' posting lists, which are in row-position order, with the slice's date tokens: when the
    # rows of a month sit together it decodes only that stretch of each list, when they are scattered
    # (a back catalogue imported in any order) it decodes the whole lists. 100k rows, 대통령 선거 within
    # the newest year's token: 4-6.6 ms scattered, 0.7-1.0 ms in date order (EXPLAIN ANALYZE, warm).
    # New articles are appended in the order they arrive, which keeps the newest months together.

    def date_layout(self) -> float | None:
        # the planner's own statistic, from the last ANALYZE (autovacuum refreshes it)
        with self.connection.cursor() as cur:
            cur.execute(
                "SELECT correlation FROM pg_stats WHERE schemaname = current_schema()"
                " AND tablename = %s AND attname = 'sort_date'",
                [DOC_TABLE],
            )
            row = cur.fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def cluster_by_date(self) -> bool:
        # CLUSTER holds an exclusive lock on the table while it rewrites it and rebuilds its indexes
        # (searches wait): docs/operations.md says when to run it.
        with self.connection.cursor() as cur:
            cur.execute(f"CLUSTER {DOC_TABLE} USING {SORT_INDEX}")
            cur.execute(f"ANALYZE {DOC_TABLE}")
        return True

    def _match(self, node: Node):
        q = to_tsquery(node)
        if not q:
            return None
        return f"{DOC_TABLE} d", "d.tsv @@ to_tsquery('simple', %s)", [q]

    # Date slices of the window, newest (oldest for ascending) first. "These terms AND date token T"
    # is answered inside the GIN index, so only that slice's matching rows are read to learn their
    # dates, where the unsliced query reads every match's row (45k pages for two terms at 1M
    # articles) only to keep the newest 1,001. Every row carries a year and a month token; a slice
    # is named by as few tokens as its months allow (whole years by their year token). The first
    # slice is sized from the planner's estimate (see below), the next from the density seen. When the first finds nothing the term is rare in the newest months and the rest
    # is the plain query below a date cut, which the planner answers from the GIN index. Slices name
    # their months as tokens: a date condition would let the planner walk the sort-key index
    # through every row of the range for a rare term. Months rather than years: a year of a common
    # word's matches is several times the 1,001 rows the window keeps (1M articles, 대통령 in 2010:
    # 7,332 rows read for 1,001).
    #
    # A dense term is the exception: the slices read at least a month's matches (density x rows per
    # month) and the walk down the sort-key index only ~TOTAL_CAP / density rows (at 1M articles a
    # word in 90% of the documents: 3k rows sliced, 1.1k walked). The planner's estimate of the match
    # count (exact enough for dense terms, which its statistics list) decides.
    SLICED = True
    PHRASE_PAIRS = True  # a phrase's slices use the pair index (migration 0006)

    def _window(self, node, source, *, ascending=False, score=False, filters=None, facets=False, keep=None):
        score_q = to_tsquery(node) if (score and node is not None) else None
        whole = dict(ascending=ascending, score_q=score_q, facets=facets, limit=TOTAL_CAP + 1, keep=keep)
        if node is None or not self.SLICED:  # filters only: the sort-key index walk is the best plan
            return self._window_part(source, **whole)
        with prepared_cursor(self.connection) as cur:  # planned once per connection, not per search
            cur.execute(
                f"SELECT min(sort_date), max(sort_date), (SELECT reltuples FROM pg_class WHERE oid = %s::regclass)"
                f" FROM {DOC_TABLE}",
                [DOC_TABLE],
            )
            oldest, newest, rows_estimate = cur.fetchone()
        if oldest is None:
            return [], 0
        # the days the data spans, and the part of them the filters keep
        span_lo = max(oldest, filters.date_from) if filters is not None and filters.date_from else oldest
        span_hi = min(newest, filters.date_to) if filters is not None and filters.date_to else newest
        if span_lo > span_hi:
            return [], 0
        days_total, days_in_range = (newest - oldest).days + 1, (span_hi - span_lo).days + 1
        text_rows = self._estimate(self._match(node)) if rows_estimate and rows_estimate > 0 else None
        full_rows = text_rows if text_rows is None or len(source[2]) == 1 else self._estimate(source)
        if self._walk_beats_slices(rows_estimate, text_rows, full_rows, days_total, days_in_range):
            return self._window_part(source, **whole)
        # A phrase is sliced through the pair index: its matches are exact in the index, where the
        # text index returns every row holding the words, each rechecked against its positions. (A
        # walk evaluates the phrase row by row, which the plain vector does cheaply: it keeps `source`.)
        text_q = str(source[2][0])  # _match puts the text's tsquery first
        pair = phrase_pair_query(node) if self.PHRASE_PAIRS else None
        match = None
        if pair is not None:
            pair_q, exact = pair
            where = "search_pairs(d.tsv) @@ to_tsquery('simple', %s)"
            match = (f"{DOC_TABLE} d", where + (" AND d.tsv @@ to_tsquery('simple', %s)" if exact else ""),
                     [pair_q, to_tsquery(node)] if exact else [pair_q])
        if match is not None or (filters is not None and (filters.date_from or filters.date_to)):
            # Slices name their months as tokens, so the date filters only trim the edge months: written
            # so the planner cannot use the sort-key index for them (1M, 대통령 in 2010: ANDing the
            # month's 592 matches with the index's 38,714 rows of the year took 12 of 20 ms).
            source = self._source(node, filters or Filters(), match=match, date_column="(d.sort_date + 0)")
        if pair is not None and full_rows is not None:  # the pair index's own estimate sizes a phrase's slices
            full_rows = self._estimate(source)
        # The planner assumes words independent and under-estimates words that go together (대통령 &
        # 선거: 1,331 for 4,514 at 100k, 14,378 for 45,394 at 1M); a phrase's pairs and single words
        # it estimates within a few percent.
        under_estimated = pair is None and "&" in text_q
        if text_rows is not None and text_rows <= 2 * (TOTAL_CAP + 1):
            # Few matches in all: the plain query reads every one of them, as the date cut below would
            # after a first slice that costs one more GIN scan (100k, 1,689 matches: 7.5 ms against
            # 3.1 + 7.2). For words ANDed together a plain read may be a few times the estimate; slices
            # measured no faster for them at 100k (대통령 선거 read in two slices: 18-22 ms against 16-19).
            return self._window_part(source, **whole)
        from_sql, where, params = source
        q, rest = params[0], list(params[1:])  # _match puts the tsquery first
        lo, hi = _month(span_lo), _month(span_hi)
        step = 1 if ascending else -1
        month, rows, seen, slices, days_read = (lo if ascending else hi), [], 0, 0, 0
        # The first slice is sized from the planner's estimate to hold the window with a margin, or
        # half of it for words ANDed together (the planner under-estimates words that go together
        # by ~3x, so this errs towards a second slice rather than towards reading several times the
        # window); at least the edge month, with its neighbour when the data covers less than half of
        # it (the current month of a live archive). The density seen sizes the next slice.
        edge_days = (span_hi - _month_start(hi)).days + 1 if not ascending else (_month_start(lo + 1) - span_lo).days
        width = 1 if edge_days >= 15 else 2
        if full_rows is not None and full_rows <= 2 * (TOTAL_CAP + 1):  # the filters keep few: one slice
            if hi - lo + 1 > MAX_SLICE_MONTHS:  # or the plain query, where a slice would OR many tokens
                return self._window_part(source, **whole)
            width = hi - lo + 1
        elif full_rows:
            aim = 0.5 if under_estimated else 1.2
            width = min(12, max(width, round(aim * (TOTAL_CAP + 1) / (full_rows / days_in_range * 30.44))))

        def part(part_source):
            rest_kept = None if keep is None else keep - len(rows)
            return self._window_part(part_source, ascending=ascending, score_q=score_q, facets=facets,
                                     limit=TOTAL_CAP + 1 - seen, scored_before=seen, keep=rest_kept)

        while lo <= month <= hi and seen <= TOTAL_CAP:
            needed = TOTAL_CAP + 1 - seen
            days_left = (_month_start(month + 1) - span_lo).days if not ascending else (span_hi - _month_start(month)).days + 1
            few_left = text_rows is None or text_rows - seen <= 2 * needed or (
                days_read > 0 and seen / days_read * days_left <= 2 * needed)
            if (width > MAX_SLICE_MONTHS and seen and few_left) or (slices and not seen):
                # A wide slice over the few matches left (by the estimate, or by the density seen so far):
                # OR-ing many date tokens costs the GIN scan more than reading them all (25 years: 57 ms
                # against 13 ms at 100k), so the rest is the plain query below a date cut. Not when many
                # more matches remain than are needed: a phrase's candidates are each rechecked, and the
                # tokens keep them to the slice's months. Also when the first slice, sized from the
                # estimate to hold the window or half of it, found nothing: the term is rare in the
                # newest part of the range (the planner gives words outside its statistics a flat
                # estimate: 9,996 rows at 1M for a name in 30).
                cut = _month_start(month + 1) if not ascending else _month_start(month)
                rest_where = f"{where} AND d.sort_date {'>=' if ascending else '<'} %s"
                found, n = part((from_sql, rest_where, [*params, cut]))
                rows += found
                seen += n
                break
            months = [m for m in (month + step * i for i in range(width)) if lo <= m <= hi]
            if len(months) >= 6:  # half a year or more: to the far end of its year, one token cheaper
                far = months[-1]
                months += [m for m in (far + step * i for i in range(1, 12)) if lo <= m <= hi
                           and m // 12 == far // 12]
            first, last = min(months), max(months)
            tokens = " | ".join(ts_quote(t) for t in slice_terms(first, last))
            found, n = part((from_sql, where, [f"( {q} ) & ( {tokens} )", *rest]))
            rows += found
            seen += n
            slices += 1
            month += step * len(months)
            days_read += (min(span_hi, _month_start(last + 1) - datetime.timedelta(days=1))
                          - max(span_lo, _month_start(first))).days + 1
            needed = TOTAL_CAP + 1 - seen
            per_day = seen / days_read  # the density seen so far, per day of the slices read
            width = hi - lo + 1 if not per_day else max(1, math.ceil(1.5 * needed / per_day / 30.44))
        return rows, seen

    @staticmethod
    def _walk_beats_slices(rows_estimate: float, text_rows: float | None, full_rows: float | None, days: int,
                           days_in_range: int) -> bool:
        """Rows the slices read against rows the walk reads (TOTAL_CAP / the density of full matches
        among the rows of the date range). `text_rows`: the planner's estimate of the text matches,
        `full_rows`: of the matches of the text and the filters."""
        if text_rows is None or full_rows is None or days_in_range < 1:  # never analysed: no statistics
            return False
        rows_in_range = rows_estimate * days_in_range / days  # the range is clamped to the data
        density = full_rows / rows_in_range
        if density <= 0:
            return False
        # The slices read the text matches in the range that hold the window's full matches (with the
        # margin their sizing leaves, x1.5), at least a month's. A sliced row costs about 1.6 walked
        # ones (a bitmap and a sort where the walk reads in index order): at 100k a word in half the
        # articles walks 2.1k rows in 11 ms where the newest year's 1.9k matches take 16.
        text_in_range = text_rows * days_in_range / days
        sliced = min(text_in_range,
                     max(text_rows * 30.44 / days, 1.5 * (TOTAL_CAP + 1) * text_in_range / max(full_rows, 1.0)))
        return (TOTAL_CAP + 1) / density < 1.6 * sliced

    def _estimate(self, source) -> float:
        """The planner's estimate of the rows matching `source` (one planning round trip, no execution)."""
        from_sql, where, params = source
        with self.connection.cursor() as cur:
            cur.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {from_sql} WHERE {where}", params)
            plan = cur.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return float(plan[0]["Plan"]["Plan Rows"])

    def _window_part(self, source, *, ascending: bool, score_q: str | None, limit: int, scored_before: int = 0,
                     facets: bool = False, keep: int | None = None) -> tuple[list[tuple], int]:
        """The part's rows in window order and how many it holds (at most `limit`); with `keep`, only
        its first `keep` rows are sent, the others counted."""
        from_sql, where, params = source
        if keep is not None and keep <= 0:  # earlier parts gave every row kept: count this one's
            with self.connection.cursor() as cur:
                cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM {from_sql} WHERE {where} LIMIT {int(limit)}) i", params)
                return [], cur.fetchone()[0]
        direction = "ASC" if ascending else "DESC"
        columns = "d.article_id, d.language, d.outlet_id, d.sort_date"
        facet_columns = ", d.entity_ids, d.event_types" if facets else ""  # rows' [5] and [6]
        order = f"ORDER BY d.sort_date {direction}, d.article_id {direction} LIMIT {int(limit)}"
        numbered = f"row_number() OVER (ORDER BY i.sort_date {direction}, i.article_id {direction}) AS rn"
        counted = ", count(*) OVER () AS n" if keep is not None else ""
        kept = f" WHERE w.rn <= {int(keep)}" if keep is not None else ""
        n_column = ", w.n" if keep is not None else ""
        if score_q is None:
            score_column = ", NULL" if facets else ""
            if keep is None:
                sql = f"SELECT {columns}{score_column}{facet_columns} FROM {from_sql} WHERE {where} {order}"
            else:
                sql = (
                    f"SELECT w.article_id, w.language, w.outlet_id, w.sort_date{score_column}"
                    f"{facet_columns.replace('d.', 'w.')}{n_column}"
                    f" FROM (SELECT i.*, {numbered}{counted}"
                    f"  FROM (SELECT {columns}{facet_columns} FROM {from_sql} WHERE {where} {order}) i) w{kept} ORDER BY w.rn"
                )
            all_params = list(params)
        else:
            # Only the newest RANK_WINDOW rows of the whole window are scored, each vector read again by
            # the row's ctid: the tuple version this statement's snapshot already saw, fetched without
            # descending the primary key (200 ranked at 100k: 0.8 ms less). (Carrying the vector through
            # the window's sort instead measured no faster under load and makes the top-N sort hold 1,001
            # vectors: ~4 MB at Wikinews sizes, past work_mem for longer articles.) The subquery with its
            # LIMIT keeps the planner on the sort-key index or a bitmap.
            sql = (
                "SELECT w.article_id, w.language, w.outlet_id, w.sort_date,"
                f" CASE WHEN w.rn <= {RANK_WINDOW - int(scored_before)} THEN"
                "  (SELECT ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', s.tsv, to_tsquery('simple', %s), 1)"
                f"   FROM {DOC_TABLE} s WHERE s.ctid = w.ctid) END{facet_columns.replace('d.', 'w.')}{n_column}"
                f" FROM (SELECT i.*, {numbered}{counted}"
                f"  FROM (SELECT d.ctid, {columns}{facet_columns} FROM {from_sql} WHERE {where} {order}) i) w{kept}"
                " ORDER BY w.rn"
            )
            all_params = [score_q, *params]
        with self.connection.cursor() as cur:
            cur.execute(sql, all_params)
            rows = cur.fetchall()
        if keep is None:
            return rows, len(rows)
        return [r[:-1] for r in rows], (rows[0][-1] if rows else 0)


class SqliteBackend(Backend):
    """FTS5 table search_fts(headline, body, entities) over the same pre-analysed terms; bm25 ranking."""

    vendor = "sqlite"
    # bm25 column weights: headline, body, entities (A / D / B in the PostgreSQL backend)
    BM25_WEIGHTS = (10.0, 1.0, 4.0)

    def _date(self, value: datetime.date) -> Any:
        return value.isoformat()

    def _write_text(self, article_id: int, text: IndexText, sort_date: datetime.date) -> None:
        headline = " ".join(" ".join(part) for part in text.headline_parts)
        with self.connection.cursor() as cur:
            cur.execute("DELETE FROM search_fts WHERE rowid = %s", [article_id])
            cur.execute(
                "INSERT INTO search_fts (rowid, headline, body, entities) VALUES (%s, %s, %s, %s)",
                [article_id, headline, " ".join(text.body_terms), " ".join(text.entity_terms)],
            )

    def add_entity_terms(self, article_ids: list[int], terms: tuple[str, ...]) -> None:
        with self.connection.cursor() as cur:
            for term in terms:
                for start in range(0, len(article_ids), 500):
                    chunk = article_ids[start : start + 500]
                    cur.execute(
                        "UPDATE search_fts SET entities = trim(entities || ' ' || %s)"
                        f" WHERE rowid IN ({', '.join(['%s'] * len(chunk))})"
                        " AND instr(' ' || entities || ' ', ' ' || %s || ' ') = 0",
                        [term, *chunk, term],
                    )

    def remove(self, article_id: int) -> None:
        super().remove(article_id)  # the trigger deletes the FTS row with the document row
        with self.connection.cursor() as cur:
            cur.execute("DELETE FROM search_fts WHERE rowid = %s", [article_id])

    def text_row_ids(self) -> set[int]:
        with self.connection.cursor() as cur:
            cur.execute("SELECT rowid FROM search_fts")
            return {r[0] for r in cur.fetchall()}

    def _match(self, node: Node):
        q = to_fts5(node)
        if not q:
            return None
        return f"search_fts JOIN {DOC_TABLE} d ON d.article_id = search_fts.rowid", "search_fts MATCH %s", [q]

    def _window(self, node, source, *, ascending=False, score=False, filters=None, facets=False, keep=None):
        # `keep` is only an allowance: SQLite answers the whole window from FTS5 in one statement
        from_sql, where, params = source
        direction = "ASC" if ascending else "DESC"
        weights = ", ".join(str(w) for w in self.BM25_WEIGHTS)
        # bm25() is negative, lower is better: its negation is the score
        score_sql = f"-bm25(search_fts, {weights})" if score else "NULL"
        sql = (
            f"SELECT d.article_id, d.language, d.outlet_id, d.sort_date, {score_sql} FROM {from_sql} WHERE {where}"
            f" ORDER BY d.sort_date {direction}, d.article_id {direction} LIMIT {TOTAL_CAP + 1}"
        )
        with self.connection.cursor() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        return rows, len(rows)


_BACKENDS = {"postgresql": PostgresBackend, "sqlite": SqliteBackend}


def get_backend(connection=None) -> Backend:
    connection = connection or default_connection
    try:
        return _BACKENDS[connection.vendor](connection)
    except KeyError:
        raise NotImplementedError(f"no search backend for database vendor {connection.vendor!r}") from None
