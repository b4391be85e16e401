"""Search through the real pipeline on whichever database the suite runs on (SQLite FTS5 or PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from articles import services as article_services
from articles.models import Article
from entities.models import Entity, Event, Mention
from search.backends import RANK_WINDOW, InvalidCursor, get_backend, slice_terms, tsvector_literal
from search.checks import find_drift
from search.models import SearchDocument
from search.selectors import search_articles
from search.services import entity_names_from_results, index_text_for, search_index_article

pytestmark = pytest.mark.django_db


def ids(result) -> list[int]:
    return [hit.article.pk for hit in result.items]


def found(q: str, **kwargs) -> set[int]:
    return set(ids(search_articles(q, page_size=100, **kwargs)))


# ------------------------------------------------------------------ Korean particles, names, English


@pytest.mark.parametrize("q", ["KT가", "마이크로소프트와", "김영섭이", "GSMA는", "통신사업자", "김영섭 대표", "M360"])
def test_korean_words_with_particles_find_the_korean_seed(seeds, q):
    ko, _ = seeds
    assert ko.pk in found(q)


@pytest.mark.parametrize("q", ["Kim Young-shub", "kim young-shub", "Microsoft partnerships", "outages", "Nadella"])
def test_english_names_and_inflections_find_the_english_seed(seeds, q):
    _, en = seeds
    assert en.pk in found(q)


def test_korean_only_words_do_not_find_the_english_seed(seeds):
    ko, en = seeds
    assert found("김영섭이") == {ko.pk}
    assert found("마이크로소프트와") == {ko.pk}
    assert found("Nadella") == {en.pk}


def test_phrase(seeds):
    ko, en = seeds
    assert found('"통신사업자 협의체"') == {ko.pk}
    assert found('"cloud services"') == {en.pk}
    assert found('"협의체 통신사업자"') == set()  # order matters
    assert found('"services cloud"') == set()


def test_or_and_exclusion(seeds):
    ko, en = seeds
    assert found("Nadella OR 그란리드") == {ko.pk, en.pk}
    assert found("KT") == {ko.pk, en.pk}
    assert found("KT -Nadella") == {ko.pk}
    assert found('KT -"cloud services"') == {ko.pk}
    assert found("-KT") == set()  # nothing positive: matches nothing
    assert found("the of") == set()  # only stop words


def test_snippets_mark_matches_in_the_original_text(seeds):
    ko, _ = seeds
    result = search_articles("김영섭이", page_size=5)
    hit = result.items[0]
    article, snippets = hit  # unpacks as (article, snippets)
    assert article.pk == ko.pk
    marked = [text for fragment in snippets for text, is_match in fragment if is_match]
    assert marked and all(m == "김영섭" for m in marked)
    for fragment in snippets:
        assert "".join(text for text, _ in fragment) in article.body_text
    assert any(is_match for text, is_match in hit.headline[0])


# ------------------------------------------------------------------ filters and facets


def test_filters(seeds, ingest):
    ko, en = seeds
    old = ingest("KT 관련 옛 기사\n[뉴스1=홍길동 기자] KT가 2015년에 새 요금제를 내놓았다.", "old.txt", published=datetime.date(2015, 3, 1))
    assert found("KT", language="en") == {en.pk}
    assert found("KT", language="ko") == {ko.pk, old.pk}
    assert found("KT", outlet=ko.outlet) == {ko.pk}
    assert found("KT", outlet=ko.outlet_id) == {ko.pk}
    assert found("KT", reporter="임성지") == {ko.pk}
    assert found("KT", date_to=datetime.date(2016, 1, 1)) == {old.pk}
    assert found("KT", date_from="2016-01-01") == {ko.pk, en.pk}
    assert found("KT", date_from=datetime.date(2015, 3, 1), date_to=datetime.date(2015, 3, 1)) == {old.pk}
    # filters without a query list every indexed article matching them
    assert found("", language="ko") == {ko.pk, old.pk}

    entity = Entity.objects.create(kind=Entity.Kind.PERSON, name_ko="김영섭", name_en="Kim Young-shub")
    Mention.objects.create(article=ko, entity=entity, start=0, end=3, text="김영섭")
    assert found("KT", entity=entity) == {ko.pk}
    assert found("KT", entity=entity.pk) == {ko.pk}
    Event.objects.create(type=Event.Type.AGREEMENT, trigger="협약", article=ko, evidence_start=0, evidence_end=1, evidence="x")
    event = Event.objects.create(type=Event.Type.OUTAGE, trigger="outage", article=old, evidence_start=0, evidence_end=1, evidence="x")
    event.reported_by.add(en)
    assert found("KT", event_type="agreement") == {ko.pk}
    assert found("KT", event_type="outage") == {old.pk, en.pk}
    assert found("KT", event_type="launch") == set()


def test_facet_counts(seeds, ingest):
    ko, en = seeds
    old = ingest("KT 관련 옛 기사\n[뉴스1=홍길동 기자] KT가 2015년에 새 요금제를 내놓았다.", "old.txt", published=datetime.date(2015, 3, 1))
    entity = Entity.objects.create(kind=Entity.Kind.ORG, name_ko="케이티", name_en="KT")
    other = Entity.objects.create(kind=Entity.Kind.ORG, name_en="Microsoft")
    for article in (ko, en, old):
        Mention.objects.create(article=article, entity=entity, start=0, end=2, text="KT")
    Mention.objects.create(article=ko, entity=entity, start=5, end=7, text="KT")  # twice in one article: counted once
    Mention.objects.create(article=en, entity=other, start=0, end=9, text="Microsoft")
    Event.objects.create(type=Event.Type.AGREEMENT, trigger="협약", article=ko, evidence_start=0, evidence_end=1, evidence="x")
    Event.objects.create(type=Event.Type.AGREEMENT, trigger="signed", article=en, evidence_start=0, evidence_end=1, evidence="x")
    Event.objects.create(type=Event.Type.AGREEMENT, trigger="again", article=en, evidence_start=2, evidence_end=3, evidence="y")

    facets = search_articles("KT").facets
    assert {f["value"]: f["count"] for f in facets["language"]} == {"ko": 2, "en": 1}
    assert {f["label"]: f["count"] for f in facets["outlet"]}["뉴스투데이"] == 1
    months = {f["value"]: f["count"] for f in facets["month"]}
    assert months["2015-03"] == 1 and sum(months.values()) == 3
    assert facets["entity"][0] == {"value": entity.pk, "label": str(entity), "count": 3}
    assert {f["value"]: f["count"] for f in facets["entity"]}[other.pk] == 1
    assert facets["event_type"] == [{"value": "agreement", "label": "agreement / partnership", "count": 2}]
    assert facets["capped"] is False

    narrowed = search_articles("KT", language="en").facets
    assert {f["value"]: f["count"] for f in narrowed["entity"]} == {entity.pk: 1, other.pk: 1}


# ------------------------------------------------------------------ sorts and pagination


def test_sorts(dated):
    newest = ids(search_articles("협약", sort="newest"))
    oldest = ids(search_articles("협약", sort="oldest"))
    expected = [a.pk for a in sorted(dated, key=lambda a: a.published_date, reverse=True)]
    assert newest == expected
    assert oldest == expected[::-1]
    assert sorted(ids(search_articles("협약", sort="relevance"))) == sorted(expected)
    with pytest.raises(ValueError):
        search_articles("협약", sort="sideways")


def test_relevance_ranks_by_the_text_before_the_date_and_id(ingest):
    """Same day: the article about the query ranks above one that mentions it in passing, though the
    passing one is newer by id (the tie-break a missing score would fall back to)."""
    day = datetime.date(2024, 5, 1)
    about = ingest("해저케이블 협약 체결\n[뉴스=기자 기자] 해저케이블 협약을 체결했다. 해저케이블 사업은 해저케이블 설치다.",
                   "about.txt", published=day)
    passing = ingest("시장 소식\n[뉴스=기자 기자] 오늘 시장은 맑았다. 거래가 늘었다. 상인들은 웃었다. "
                     "손님이 많았다. 끝으로 해저케이블 얘기도 나왔다.", "passing.txt", published=day)
    assert passing.pk > about.pk
    assert ids(search_articles("해저케이블", sort="relevance")) == [about.pk, passing.pk]
    assert ids(search_articles("해저케이블", sort="newest")) == [passing.pk, about.pk]


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance"])
def test_cursor_pagination_visits_every_match_once(dated, sort):
    seen, cursor, pages = [], None, 0
    while True:
        result = search_articles("협약", sort=sort, cursor=cursor, page_size=2, with_facets=False)
        assert result.total == 7 and not result.total_capped
        seen += ids(result)
        pages += 1
        cursor = result.next_cursor
        if cursor is None:
            break
    assert pages == 4
    assert sorted(seen) == sorted(a.pk for a in dated) and len(seen) == len(set(seen))
    if sort != "relevance":
        assert seen == ids(search_articles("협약", sort=sort, page_size=50))


def test_keyset_cursor_survives_new_articles(dated, ingest):
    first = search_articles("협약", sort="newest", page_size=3)
    ingest("새 협약 기사\n[뉴스9=기자9 기자] 새 협약이 체결됐다.", "new.txt", published=datetime.date(2024, 1, 1))
    second = search_articles("협약", sort="newest", page_size=3, cursor=first.next_cursor)
    assert not set(ids(first)) & set(ids(second))
    assert ids(second) == [a.pk for a in sorted(dated, key=lambda a: a.published_date, reverse=True)][3:6]


def test_bad_cursor_is_refused(dated):
    with pytest.raises(InvalidCursor):
        search_articles("협약", sort="newest", cursor="not-a-cursor!!")
    relevance_cursor = search_articles("협약", page_size=2).next_cursor
    with pytest.raises(InvalidCursor):
        search_articles("협약", sort="newest", cursor=relevance_cursor)


@pytest.mark.parametrize("sort", ["relevance", "newest"])
@pytest.mark.parametrize("page_size", [2, 20])
def test_total_is_capped(dated, monkeypatch, sort, page_size):
    from search import backends

    monkeypatch.setattr(backends, "TOTAL_CAP", 3)
    result = search_articles("협약", sort=sort, page_size=page_size)
    assert (result.total, result.total_capped, result.total_display) == (3, True, "3+")
    monkeypatch.setattr(backends, "TOTAL_CAP", 7)
    result = search_articles("협약", sort=sort, page_size=page_size)
    assert (result.total, result.total_capped, result.total_display) == (7, False, "7")
    assert RANK_WINDOW >= 100


@pytest.fixture
def spread(ingest):
    """One 협약 article a year over 1990-2025 and one from 1950: more years than the window's slices."""
    years = [1950, *range(1990, 2026)]
    return [
        ingest(f"협약 기사 {y}\n[뉴스=기자 기자] {y}년 협약을 체결했다.", f"s{y}.txt", published=datetime.date(y, 6, 1))
        for y in years
    ]


@pytest.mark.parametrize("cap", [1000, 5, 20])
def test_the_window_is_the_same_across_year_slices(spread, monkeypatch, cap):
    """The PostgreSQL window asks for the newest years first in widening slices, then the rest;
    whatever the cap, it must equal the plain date order of every match."""
    from search import backends

    monkeypatch.setattr(backends, "TOTAL_CAP", cap)
    by_date = [a.pk for a in sorted(spread, key=lambda a: a.published_date, reverse=True)]
    newest = search_articles("협약", sort="newest", page_size=100, with_facets=True)
    oldest = search_articles("협약", sort="oldest", page_size=100)
    shown = min(cap, len(spread))
    assert ids(newest)[:shown] == by_date[:shown]
    assert ids(oldest)[:shown] == by_date[::-1][:shown]
    assert (newest.total, newest.total_capped) == (shown, cap < len(spread))
    assert sum(m["count"] for m in newest.facets["month"]) == shown
    # relevance ranks the window it read: the newest cap + 1 matches
    ranked = search_articles("협약", sort="relevance", page_size=100, with_facets=False)
    assert set(ids(ranked)) == set(by_date[: cap + 1])
    # a term only in old articles: the newest year's slice is empty, the plain query finds them
    old = {a.published_date.year: a.pk for a in spread}
    assert ids(search_articles("1995 OR 1950", sort="newest")) == [old[1995], old[1950]]
    assert ids(search_articles("1995 OR 1950", sort="oldest")) == [old[1950], old[1995]]


@pytest.mark.parametrize("cap", [1000, 2, 5])
def test_month_slices_read_a_busy_year_month_by_month(ingest, monkeypatch, cap):
    """Many matches in one year: the window reads them in month slices (tokens of single months, not
    the whole year), and whatever the cap the window is the plain date order, with a date filter
    that cuts a month in two too."""
    from django.test.utils import CaptureQueriesContext

    from search import backends

    monkeypatch.setattr(backends, "TOTAL_CAP", cap)
    articles = [
        ingest(f"협약 기사 {m}-{d}\n[뉴스=기자 기자] 협약을 체결했다.", f"m{m}-{d}.txt",
               published=datetime.date(2021, m, d))
        for m in (1, 4, 5, 6, 11, 12) for d in (3, 17)
    ] + [ingest(f"일반 기사 {y}-{i}\n[뉴스=기자 기자] 날씨가 맑다.", f"o{y}-{i}.txt",
                published=datetime.date(2021, 1 + (y * 6 + i) % 12, 5 + y))
         for y in range(6) for i in range(6)]
    matches = sorted((a for a in articles if "협약" in a.headline), key=lambda a: a.published_date, reverse=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE search_searchdocument")
    for filters in ({}, {"date_from": datetime.date(2021, 4, 10), "date_to": datetime.date(2021, 11, 30)}):
        if filters:  # a narrow range of a dense term would be walked: the slices are what is tested here
            monkeypatch.setattr(backends.PostgresBackend, "_walk_beats_slices", lambda *args: False)
        expected = [a.pk for a in matches
                    if filters.get("date_from", datetime.date.min) <= a.published_date <= filters.get("date_to", datetime.date.max)]
        with CaptureQueriesContext(connection) as ctx:
            newest = search_articles("협약", sort="newest", page_size=100, **filters)
        assert ids(newest)[:cap] == expected[:cap]
        assert (newest.total, newest.total_capped) == (min(cap, len(expected)), cap < len(expected))
        oldest = search_articles("협약", sort="oldest", page_size=100, **filters)
        assert ids(oldest)[:cap] == expected[::-1][:cap]
        if connection.vendor == "postgresql" and cap == 2:
            sliced = [c["sql"] for c in ctx.captured_queries if "ǁ" in c["sql"]]
            assert sliced and "ǁ2021'" not in sliced[0]  # the first slice is months, not the whole year
            assert ("ǁ202112" if not filters else "ǁ202111") in sliced[0]


@pytest.mark.parametrize("cap", [1000, 8])
@pytest.mark.parametrize("page_size", [1, 2, 7])
def test_a_page_without_facets_counts_the_window_it_does_not_read(spread, monkeypatch, cap, page_size):
    """Without facets the window sends only a page's rows (or the ranked ones) and counts the rest,
    across year slices too: the same page, total and cursor as the whole window gives."""
    from search import backends

    monkeypatch.setattr(backends, "TOTAL_CAP", cap)
    monkeypatch.setattr(backends, "RANK_WINDOW", 3)
    by_date = [a.pk for a in sorted(spread, key=lambda a: a.published_date, reverse=True)]
    shown = min(cap, len(spread))
    for sort, order in (("newest", by_date), ("oldest", by_date[::-1])):
        page = search_articles("협약", sort=sort, page_size=page_size, with_facets=False)
        whole = search_articles("협약", sort=sort, page_size=page_size, with_facets=True)
        assert ids(page) == ids(whole) == order[:page_size]
        assert (page.total, page.total_capped) == (whole.total, whole.total_capped) == (shown, cap < len(spread))
        assert page.next_cursor == whole.next_cursor and page.next_cursor is not None
        second = search_articles("협약", sort=sort, page_size=page_size, cursor=page.next_cursor, with_facets=False)
        assert ids(second) == order[page_size : 2 * page_size]
    ranked = search_articles("협약", sort="relevance", page_size=page_size, with_facets=False)
    ranked_whole = search_articles("협약", sort="relevance", page_size=page_size, with_facets=True)
    assert ids(ranked) == ids(ranked_whole) and set(ids(ranked)) <= set(by_date[:3])
    assert (ranked.total, ranked.total_capped) == (shown, cap < len(spread))


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_dense_term_walks_the_date_index_and_a_sparse_one_is_sliced(ingest, monkeypatch):
    """Once the table has statistics, a term in most documents is read by walking the sort-key index
    (its newest year would hold more matches than the walk reads), a sparse one by year slices, and
    one with few matches in all (no more than twice the window) by one plain query; whichever way,
    the window is the plain date order of the matches."""
    from django.test.utils import CaptureQueriesContext

    from search import backends

    monkeypatch.setattr(backends, "TOTAL_CAP", 2)
    articles = [
        ingest(f"협약 기사 {y}-{i}\n[뉴스=기자 기자] 협약을 체결했다. {'전력' if i < 2 else '통신'} 분야다."
               + (" 해저케이블 사업이다." if (y, i) == (2020, 3) else ""),
               f"d{y}-{i}.txt", published=datetime.date(y, 1 + i, 1))
        for y in (2019, 2020, 2021, 2022, 2023) for i in range(8)
    ]
    with connection.cursor() as cur:
        cur.execute("ANALYZE search_searchdocument")

    def window_sql(q, **filters):
        with CaptureQueriesContext(connection) as ctx:
            result = search_articles(q, sort="newest", page_size=10, with_facets=False, **filters)
        return ids(result), [c["sql"] for c in ctx.captured_queries if "search_searchdocument d" in c["sql"]]

    dense, dense_sql = window_sql("협약")
    by_date = [a.pk for a in sorted(articles, key=lambda a: a.published_date, reverse=True)]
    assert dense == by_date[:3]
    assert not any("ǁ" in sql for sql in dense_sql)  # no year slices

    sparse, sparse_sql = window_sql("전력")
    assert sparse == [a.pk for a in sorted(articles, key=lambda a: a.published_date, reverse=True)
                      if a.published_date.month <= 2][:3]
    assert any("ǁ2023" in sql for sql in sparse_sql)

    few, few_sql = window_sql("해저케이블")
    assert few == [a.pk for a in articles if a.published_date == datetime.date(2020, 4, 1)]
    reads = [sql for sql in few_sql if not sql.startswith("EXPLAIN")]
    assert len(reads) == 1 and "ǁ" not in reads[0]  # one plain query, no slices

    # a date filter: the density that counts is among the rows of the range (all of 2022 match)
    year_2022 = dict(date_from=datetime.date(2022, 1, 1), date_to=datetime.date(2022, 12, 31))
    in_2022, in_2022_sql = window_sql("협약", **year_2022)
    assert in_2022 == [a.pk for a in sorted(articles, key=lambda a: a.published_date, reverse=True)
                       if a.published_date.year == 2022][:3]
    assert not any("ǁ" in sql for sql in in_2022_sql)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("cap", [1000, 5])
def test_phrases_sliced_through_the_pair_index_match_what_positions_match(spread, ingest, monkeypatch, cap):
    """A phrase's slices ask the pair index (migration 0006) instead of rechecking positions; the
    results must be the same, for two- and three-word phrases, word order, and pairs that straddle
    the gap between headline and body."""
    from django.test.utils import CaptureQueriesContext

    from search import backends

    monkeypatch.setattr(backends, "TOTAL_CAP", cap)
    decoys = [
        ingest("체결 협약 기사\n[뉴스=기자 기자] 체결 순서가 다른 협약 문장이다.", "x1.txt", published=datetime.date(2024, 2, 1)),
        ingest("기사 협약\n\n체결했다는 소식은 본문 첫머리에 있다.", "x2.txt", published=datetime.date(2023, 2, 1)),
        ingest("Cloud services deal\n\nThe cloud services market grew; services cloud is no phrase.", "x3.txt",
               published=datetime.date(2022, 5, 1)),
    ]
    queries = ['"협약 체결"', '"체결 협약"', '"기사 협약"', '"cloud services market"', '"services cloud"',
               '"협약 없는말"']

    def run(pairs: bool) -> dict:
        monkeypatch.setattr(backends.PostgresBackend, "PHRASE_PAIRS", pairs)
        out = {}
        with CaptureQueriesContext(connection) as ctx:
            for q in queries:
                for sort in ("newest", "oldest", "relevance"):
                    result = search_articles(q, sort=sort, page_size=100, with_facets=False)
                    out[q, sort] = (ids(result) if sort != "relevance" else sorted(ids(result)), result.total)
        return out, any("search_pairs" in (c["sql"] or "") for c in ctx.captured_queries)

    through_pairs, used = run(True)
    through_positions, unused = run(False)
    assert used and not unused
    assert through_pairs == through_positions
    assert through_pairs['"협약 체결"', "newest"][1] == min(cap, len(spread))
    assert decoys[0].pk not in through_pairs['"협약 체결"', "newest"][0]
    assert through_pairs['"체결 협약"', "newest"][0] == [decoys[0].pk]
    assert through_pairs['"cloud services market"', "newest"][0] == [decoys[2].pk]
    assert through_pairs['"협약 없는말"', "newest"][0] == []


# ------------------------------------------------------------------ the index follows the articles


def test_reprocess_and_delete_keep_the_index_in_step(seeds, django_capture_on_commit_callbacks):
    ko, en = seeds
    row = SearchDocument.objects.get(article=ko)
    assert row.pipeline_version == ko.pipeline_version == "structure@1+index@2"
    assert row.language == "ko" and row.reporter == "임성지" and row.outlet_id == ko.outlet_id
    assert row.sort_date == ko.created_at.date()

    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_reprocess(article=ko)
    ko.refresh_from_db()
    assert ko.status == Article.Status.PROCESSED
    assert SearchDocument.objects.filter(article=ko).count() == 1
    assert found("김영섭이") == {ko.pk}
    assert not find_drift()

    ko.delete()
    assert not SearchDocument.objects.filter(article_id=ko.pk).exists()
    assert found("김영섭이") == set()
    assert found("KT") == {en.pk}
    if connection.vendor == "sqlite":
        assert ko.pk not in get_backend().text_row_ids()
    assert not find_drift()


def test_failed_processing_keeps_no_wrong_rows(seeds):
    ko, _ = seeds
    Article.objects.filter(pk=ko.pk).update(status=Article.Status.FAILED)
    drift = find_drift()
    assert drift.orphaned == [ko.pk]


def test_search_check_reports_and_fixes_drift(seeds, capsys):
    ko, en = seeds
    call_command("search_check")  # clean: no exception
    # missing row, stale row, row of an unprocessed article
    get_backend().remove(ko.pk)
    SearchDocument.objects.filter(article=en).update(pipeline_version="structure@0")
    extra = article_services.article_ingest_text(text="처리되지 않은 기사\n본문 내용이다.").article
    Article.objects.filter(pk=extra.pk).update(status=Article.Status.FAILED)
    search_index_article(article=Article.objects.get(pk=extra.pk))

    with pytest.raises(CommandError) as excinfo:
        call_command("search_check")
    assert excinfo.value.returncode == 1
    assert "1 missing, 1 orphaned, 0 orphaned text rows, 1 stale" in str(excinfo.value)
    out = capsys.readouterr().out
    assert f"({ko.pk})" in out and f"({en.pk})" in out and f"({extra.pk})" in out
    assert found("김영섭이") == set()

    call_command("search_check", "--fix")
    call_command("search_check")
    assert found("김영섭이") == {ko.pk}
    assert not SearchDocument.objects.filter(article_id=extra.pk).exists()
    assert SearchDocument.objects.get(article=en).pipeline_version == en.pipeline_version


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_search_check_finds_fts_rows_without_a_document_row(seeds):
    ko, _ = seeds
    with connection.cursor() as cur:
        cur.execute("INSERT INTO search_fts (rowid, headline, body, entities) VALUES (999999, 'x', 'kt', '')")
        cur.execute("DELETE FROM search_fts WHERE rowid = %s", [ko.pk])
    drift = find_drift()
    assert drift.orphaned_text == [999999] and drift.missing == [ko.pk]
    call_command("search_check", "--fix")
    assert not find_drift()
    assert found("김영섭이") == {ko.pk}


def test_reindex_command(seeds, capsys):
    ko, en = seeds
    SearchDocument.objects.all().delete()
    assert found("KT") == set()
    call_command("reindex")
    assert "indexing 2 article(s)" in capsys.readouterr().out
    assert found("KT") == {ko.pk, en.pk}
    call_command("reindex", "--all", "--batch-size", "1")
    out = capsys.readouterr().out
    assert "1/2" in out and "2/2" in out
    assert found("KT") == {ko.pk, en.pk}
    assert not find_drift()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the row layout is PostgreSQL's heap order")
def test_reindex_cluster_rewrites_rows_in_date_order_and_search_check_reports_the_layout(ingest, capsys):
    # indexed newest first, the way a back catalogue imported in reverse would be
    days = [datetime.date(2024, 12, 1) - datetime.timedelta(days=40 * i) for i in range(12)]
    articles = [ingest(f"협약 기사 {i}\n한국전력이 협약을 체결했다. 협약", f"{i}.txt", published=day)
                for i, day in enumerate(days)]
    in_date_order = [a.pk for a in sorted(articles, key=lambda a: (a.published_date, a.pk))]
    table = SearchDocument._meta.db_table
    with connection.cursor() as cur:
        # rows land wherever the table has room (earlier tests' rolled-back rows left some): lay them
        # out by article id, that is newest first, to start from a known scattered layout
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's one transaction holds deferred FK checks
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname LIKE '%%_pkey'", [table])
        cur.execute(f"CLUSTER {table} USING {cur.fetchone()[0]}")
        cur.execute(f"ANALYZE {table}")
    newest_before = ids(search_articles("협약", sort="newest"))
    assert get_backend().date_layout() < -0.9
    call_command("search_check")
    assert "sort-date correlation -1.00 (scattered" in capsys.readouterr().out

    call_command("reindex", "--cluster")
    assert "layout -1.00 -> 1.00" in capsys.readouterr().out
    with connection.cursor() as cur:  # the heap's own order, not an index's
        cur.execute(f"SELECT article_id FROM {table} ORDER BY ctid")
        assert [r[0] for r in cur.fetchall()] == in_date_order
    assert get_backend().date_layout() > 0.99
    assert ids(search_articles("협약", sort="newest")) == newest_before == in_date_order[::-1]
    call_command("search_check")
    out = capsys.readouterr().out
    assert "sort-date correlation 1.00\n" in out and "no drift" in out


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 has no row layout to rewrite")
def test_reindex_cluster_on_sqlite_says_there_is_nothing_to_rewrite(seeds, capsys):
    call_command("reindex", "--cluster")
    assert "sqlite: the index has no row layout to rewrite" in capsys.readouterr().out
    call_command("search_check")
    assert "row layout" not in capsys.readouterr().out


# ------------------------------------------------------------------ entity tokens


def test_entity_tokens_from_the_database_and_from_step_results(seeds):
    ko, en = seeds
    entity = Entity.objects.create(kind=Entity.Kind.PERSON, name_ko="김영섭", name_en="Kim Young-shub")
    Mention.objects.create(article=ko, entity=entity, start=0, end=3, text="김영섭")
    search_index_article(article=ko)
    # the Korean seed never spells the English name: only its entity token finds it
    assert found("Kim Young-shub") == {ko.pk, en.pk}
    assert found("kim young shub") == {en.pk}  # lower-case words are not a name: plain words only


def test_entity_names_from_results_accepts_several_shapes():
    class Linked:
        name = "KT"
        aliases = ["케이티"]

    class Extraction:
        entities = [Linked()]

    names = entity_names_from_results(
        {"entity_terms": ["김영섭"], "entities": Extraction()}
    ) + entity_names_from_results({"entities": [{"name_ko": "마이크로소프트", "name_en": "Microsoft", "aliases": ["MS"]}]})
    assert names == ["김영섭", "KT", "케이티", "마이크로소프트", "Microsoft", "MS"]
    assert entity_names_from_results({}) == []
    assert entity_names_from_results({"entities": 42}) == []


@given(st.integers(1990 * 12, 2030 * 12), st.integers(0, 80))
def test_slice_terms_name_exactly_the_months_of_a_slice(first, span):
    """Whole years by their year token, other months by theirs: every month once, nothing else."""
    terms = slice_terms(first, first + span)
    covered = []
    for term in terms:
        digits = term.lstrip("ǁ")
        if len(digits) == 4:
            covered += [int(digits) * 12 + m for m in range(12)]
        else:
            covered.append(int(digits[:4]) * 12 + int(digits[4:]) - 1)
    assert covered == list(range(first, first + span + 1))
    assert len(terms) <= 22 + (span + 1) // 12  # at most 11 months either side of the whole years


def test_tsvector_literal_weights_and_gaps():
    text = index_text_for(headline="KT 협약", subheadlines=["MS 협약"], body_text="KT는 협약했다", entity_names=["KT"])
    literal = tsvector_literal(text)
    assert literal == "'kt':1A,7 '협약':2A,5A,8 'ms':4A 'ǂkt':10B"
    # the sort date's year and month tokens, apart from each other and from the text (no phrase pair)
    assert tsvector_literal(text, datetime.date(2024, 3, 9)) == literal + " 'ǁ2024':12 'ǁ202403':14"
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT %s::tsvector::text", [literal])
            assert cur.fetchone()[0] == "'kt':1A,7 'ms':4A 'ǂkt':10B '협약':2A,5A,8"


def test_rows_gain_the_new_names_of_their_entities(seeds):
    from entities.models import Alias

    ko, en = seeds
    entity = Entity.objects.create(kind=Entity.Kind.PERSON, name_ko="김영섭")
    Mention.objects.create(article=ko, entity=entity, start=0, end=3, text="김영섭")
    assert found("Kim Young-shub") == {en.pk}  # the Korean row was indexed before the entity had that name
    Alias.objects.create(entity=entity, surface="Kim Young-shub", normalised="kimyoungshub", language="en")
    assert found("Kim Young-shub") == {ko.pk, en.pk}
    Alias.objects.create(entity=entity, surface="Kim Young-shub", normalised="kim young-shub", language="en")
    entity.name_en = "Young-shub Kim"
    entity.save()
    entity.save()  # saving again adds nothing twice
    assert found("Young-shub Kim") == {ko.pk, en.pk}  # the English seed by its words, the Korean by its entity
    search_index_article(article=ko)  # a rebuilt row carries the same names
    assert found("Kim Young-shub") == {ko.pk, en.pk} and found("Young-shub Kim") == {ko.pk, en.pk}
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("SELECT entities FROM search_fts WHERE rowid = %s", [ko.pk])
            assert sorted(cur.fetchone()[0].split()) == ["ǂkimyoungshub", "ǂyoungshubkim", "ǂ김영섭"]


def test_a_word_longer_than_a_postgresql_lexeme_is_indexed_and_found(ingest):
    """PostgreSQL refuses lexemes over 2,047 bytes; index and query clip them alike."""
    word = "x" + "é" * 1100  # 2,201 bytes in 1,101 characters (queries are cut at 2,000 characters)
    article = ingest(f"Long word story\n\nThe reporter wrote {word} in the body of this story.", "long.txt")
    assert ids(search_articles(word)) == [article.pk]
    assert ids(search_articles("reporter")) == [article.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the facet columns are the PostgreSQL backend's")
def test_facet_columns_follow_every_change_to_mentions_and_events(seeds, ingest):
    from entities.services import entity_merge, entity_split
    from newsroom_text.search.query import parse_query
    from search.backends import Backend, Filters

    ko, en = seeds
    old = ingest("KT 관련 옛 기사\n\nKT가 2015년에 새 요금제를 내놓았다.", "old.txt", published=datetime.date(2015, 3, 1))
    kt = Entity.objects.create(kind=Entity.Kind.ORG, name_ko="케이티")
    kt_en = Entity.objects.create(kind=Entity.Kind.ORG, name_en="KT Corp")
    Mention.objects.bulk_create([Mention(article=a, entity=kt, start=0, end=2, text="KT") for a in (ko, old)])
    Mention.objects.create(article=en, entity=kt_en, start=0, end=2, text="KT")
    event = Event.objects.create(type=Event.Type.LAUNCH, trigger="내놓", article=old, evidence_start=0, evidence_end=1,
                                 evidence="x")
    backend, node = get_backend(), parse_query("KT")

    def from_columns():
        facets = backend.facets(node, Filters())
        return facets.entity, facets.event_type

    def from_tables():  # the lookups the columns replace
        rows, _ = backend._window(node, backend._source(node, Filters()))
        facets = Backend._facets_from(backend, rows, False)
        return facets.entity, facets.event_type

    def agree():
        assert from_columns() == from_tables()
        assert not find_drift().stale
        return from_columns()

    entities, events = agree()
    assert dict(entities)[kt.pk] == 2 and dict(entities)[kt_en.pk] == 1 and ("launch", 1) in events
    merge = entity_merge(source=kt_en, target=kt)
    entities, _ = agree()
    assert dict(entities)[kt.pk] == 3 and kt_en.pk not in dict(entities)
    entity_split(merge=merge)
    entities, _ = agree()
    assert dict(entities)[kt.pk] == 2 and dict(entities)[kt_en.pk] == 1
    Event.objects.filter(pk=event.pk).update(type=Event.Type.OUTAGE)
    _, events = agree()
    assert ("outage", 1) in events and "launch" not in dict(events)
    kt_en.delete()
    entities, _ = agree()
    assert kt_en.pk not in dict(entities)
    Mention.objects.filter(article=old).delete()
    entities, _ = agree()
    assert dict(entities)[kt.pk] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN pending lists are PostgreSQL's")
def test_a_search_never_reads_a_long_pending_list(ingest):
    """Migration 0007: new rows' keys wait in a pending list of at most 256 kB (32 pages), which every
    search reads in full, instead of the server's 4 MB."""
    article = ingest("협약 기사\n[뉴스=기자 기자] 협약을 체결했다.", "p.txt", published=datetime.date(2024, 1, 1))
    with connection.cursor() as cur:
        for index in ("search_doc_tsv_idx", "search_doc_pairs_idx"):
            cur.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [index])
            assert "gin_pending_list_limit=256" in cur.fetchone()[0]
        try:
            with connection.cursor() as probe, transaction.atomic():
                probe.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
        except DatabaseError:
            pytest.skip("pgstattuple is not available to measure the pending list")
        # 200 new versions of the row, each with 300 new words: ~90 pending pages under a 4 MB limit
        for version in range(200):
            words = " ".join(f"'w{version}x{k}':{k + 1}" for k in range(300))
            cur.execute("UPDATE search_searchdocument SET tsv = %s::tsvector WHERE article_id = %s", [words, article.pk])
        cur.execute("SELECT pending_pages FROM pgstatginindex('search_doc_tsv_idx')")
        assert cur.fetchone()[0] <= 32
    assert ids(search_articles("w199x7")) == [article.pk]


def test_migration_0008_gives_rows_indexed_before_it_their_month_token(ingest):
    """A row written before month tokens existed (year token only, index version 2) gets its sort
    date's month token from the migration (PostgreSQL), and on both engines its index version, so
    that search_check finds nothing stale; the month slices find it again."""
    import importlib

    migration = importlib.import_module("search.migrations.0008_month_tokens")
    article = ingest("협약 기사\n[뉴스=기자 기자] 협약을 체결했다.", "old.txt", published=datetime.date(2019, 7, 4))
    vendor = connection.vendor
    with connection.cursor() as cur:
        cur.execute(migration.statement(vendor, forward=False))
        assert find_drift().stale == [article.pk]
        if vendor == "postgresql":
            cur.execute("SELECT tsv::text FROM search_searchdocument WHERE article_id = %s", [article.pk])
            assert "ǁ201907" not in cur.fetchone()[0]
        cur.execute(migration.statement(vendor))
    assert find_drift().stale == []
    assert SearchDocument.objects.get(article=article).index_version == "3"
    if vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT tsv::text FROM search_searchdocument WHERE article_id = %s", [article.pk])
            vector = cur.fetchone()[0]
            assert "'ǁ201907'" in vector and "'ǁ2019'" in vector
            cur.execute("SELECT count(*) FROM search_searchdocument d WHERE d.tsv @@ to_tsquery('simple', %s)",
                        ["'협약' & 'ǁ201907'"])
            assert cur.fetchone()[0] == 1
    assert ids(search_articles("협약", sort="newest")) == [article.pk]
