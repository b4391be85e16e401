"""Dates: news-style resolution against the publication date, durations rejected, any text safe."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_text.dates import extract_dates

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
KO_PUB = date(2024, 7, 30)
EN_PUB = date(2024, 7, 20)


def one(text, lang, published):
    found = extract_dates(text, lang=lang, published=published)
    assert len(found) == 1, found
    d = found[0]
    assert text[d.start : d.end] == d.text
    return d


@pytest.mark.parametrize(
    ("text", "mention", "value", "end_value", "precision"),
    [
        ("30일 통신업계에 따르면", "30일", date(2024, 7, 30), None, "day"),
        ("KT는 지난 10일 미국의", "지난 10일", date(2024, 7, 10), None, "day"),
        ("이번달 1~2일 서울에서", "이번달 1~2일", date(2024, 7, 1), date(2024, 7, 2), "day"),
        ("이달 5일", "이달 5일", date(2024, 7, 5), None, "day"),
        ("지난달 3일 발표", "지난달 3일", date(2024, 6, 3), None, "day"),
        ("내년 상반기에 개발", "내년 상반기", date(2025, 1, 1), date(2025, 6, 30), "half"),
        ("지난해 영업이익", "지난해", date(2023, 1, 1), date(2023, 12, 31), "year"),
        ("올해 목표", "올해", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ("작년 실적", "작년", date(2023, 1, 1), date(2023, 12, 31), "year"),
        ("2013년부터 해마다", "2013년", date(2013, 1, 1), date(2013, 12, 31), "year"),
        ("2022년 분사", "2022년", date(2022, 1, 1), date(2022, 12, 31), "year"),
        ("6월 3일 체결", "6월 3일", date(2024, 6, 3), None, "day"),
        ("2024년 6월 3일 체결", "2024년 6월 3일", date(2024, 6, 3), None, "day"),
        ("2024.6.3 체결", "2024.6.3", date(2024, 6, 3), None, "day"),
        ("9월까지 확정", "9월", date(2024, 9, 1), date(2024, 9, 30), "month"),
        ("3분기 실적", "3분기", date(2024, 7, 1), date(2024, 9, 30), "quarter"),
        ("지난해 4분기", "지난해 4분기", date(2023, 10, 1), date(2023, 12, 31), "quarter"),
        ("오는 5일 출시", "오는 5일", date(2024, 8, 5), None, "day"),
        ("지난 31일", "지난 31일", date(2024, 5, 31), None, "day"),
    ],
)
def test_korean(text, mention, value, end_value, precision):
    d = one(text, "ko", KO_PUB)
    assert (d.text, d.value, d.end_value, d.precision, d.resolved) == (
        mention,
        value,
        end_value,
        precision,
        True,
    )


@pytest.mark.parametrize(
    ("text", "mention", "value", "end_value", "precision"),
    [
        ("KT signed on June 3 to", "June 3", date(2024, 6, 3), None, "day"),
        ("signed June 3, 2024.", "June 3, 2024", date(2024, 6, 3), None, "day"),
        ("partnered last month", "last month", date(2024, 6, 1), date(2024, 6, 30), "month"),
        ("an outage this month", "this month", date(2024, 7, 1), date(2024, 7, 31), "month"),
        ("took office last year", "last year", date(2023, 1, 1), date(2023, 12, 31), "year"),
        ("spun off in 2022 under", "2022", date(2022, 1, 1), date(2022, 12, 31), "year"),
        ("details by September.", "September", date(2024, 9, 1), date(2024, 9, 30), "month"),
        ("launch next year", "next year", date(2025, 1, 1), date(2025, 12, 31), "year"),
        ("said on Monday", "Monday", date(2024, 7, 15), None, "day"),
        ("last Tuesday", "last Tuesday", date(2024, 7, 16), None, "day"),
        ("last Saturday", "last Saturday", date(2024, 7, 13), None, "day"),
        ("in the third quarter", "third quarter", date(2024, 7, 1), date(2024, 9, 30), "quarter"),
        ("3 June 2023", "3 June 2023", date(2023, 6, 3), None, "day"),
    ],
)
def test_english(text, mention, value, end_value, precision):
    d = one(text, "en", EN_PUB)
    assert (d.text, d.value, d.end_value, d.precision, d.resolved) == (
        mention,
        value,
        end_value,
        precision,
        True,
    )


def test_month_day_more_than_six_months_ahead_means_last_year():
    assert one("12월 24일", "ko", date(2024, 2, 10)).value == date(2023, 12, 24)
    assert one("December 28", "en", date(2024, 1, 10)).value == date(2023, 12, 28)
    # within six months ahead it stays in the publication year
    assert one("12월 24일", "ko", KO_PUB).value == date(2024, 12, 24)
    assert one("January 5", "en", date(2023, 12, 20)).value == date(2024, 1, 5)


@pytest.mark.parametrize(
    "text",
    [
        "MS와 5년 간 파트너십",
        "2년 연속 참여",
        "800여개 통신사",
        "10일 동안",
        "3일째 이어진",
        "10일 전",
        "250자 이내",
        "5년간",
        "2000년대 초반",
    ],
)
def test_korean_non_dates(text):
    assert extract_dates(text, lang="ko", published=KO_PUB) == []


@pytest.mark.parametrize(
    "text", ["You may go", "a march of people", "the year 2022 percent", "over the next five years"]
)
def test_english_non_dates(text):
    assert [d.text for d in extract_dates(text, lang="en", published=EN_PUB) if d.text not in ("2022",)] == []


def test_without_published_relative_is_unresolved_absolute_resolves():
    found = extract_dates("지난 10일과 2022년, 내년 상반기", lang="ko", published=None)
    assert [(d.text, d.resolved, d.value) for d in found] == [
        ("지난 10일", False, None),
        ("2022년", True, date(2022, 1, 1)),
        ("내년 상반기", False, None),
    ]
    assert found[2].precision == "half" and found[2].end_value is None
    en = extract_dates("on June 3 and June 3, 2024 and last month", lang="en", published=None)
    assert [(d.text, d.resolved) for d in en] == [
        ("June 3", False),
        ("June 3, 2024", True),
        ("last month", False),
    ]


def test_korean_seed():
    text = (SEEDS / "000_329ef9b1478a6bb7.txt").read_text(encoding="utf-8")
    found = extract_dates(text, lang="ko", published=KO_PUB)
    by_text = {d.text: d for d in found}
    assert by_text["30일"].value == date(2024, 7, 30)
    assert by_text["지난 10일"].value == date(2024, 7, 10)
    assert (by_text["이번달 1~2일"].value, by_text["이번달 1~2일"].end_value) == (
        date(2024, 7, 1),
        date(2024, 7, 2),
    )
    assert by_text["내년 상반기"].end_value == date(2025, 6, 30)
    assert by_text["지난해"].value == date(2023, 1, 1)
    assert by_text["2013년"].precision == "year"
    assert not any(d.text.startswith(("5년", "2년")) for d in found)
    for d in found:
        assert text[d.start : d.end] == d.text


def test_english_seed():
    text = (SEEDS / "004_9e72b723b3a44e7c.txt").read_text(encoding="utf-8")
    found = extract_dates(text, lang="en", published=EN_PUB)
    assert [(d.text, d.value) for d in found] == [
        ("last month", date(2024, 6, 1)),
        ("this month", date(2024, 7, 1)),
        ("June 3", date(2024, 6, 3)),
        ("September", date(2024, 9, 1)),
        ("last year", date(2023, 1, 1)),
        ("2022", date(2022, 1, 1)),
    ]


@given(st.text(max_size=300), st.sampled_from(["ko", "en", "xx"]), st.one_of(st.none(), st.dates()))
@settings(max_examples=400, deadline=None)
def test_any_text_offsets_valid(text, lang, published):
    last = -1
    for d in extract_dates(text, lang=lang, published=published):
        assert text[d.start : d.end] == d.text
        assert d.start >= last
        last = d.end
        assert d.resolved == (d.value is not None)


_PIECES = ["지난", "오는", "이번달", "내년", "올해", " ", "1", "2", "9", "31", "~", "일", "월", "년", "분기", "상반기",
           "2024", ".", "June", "last", "month", "Monday", "in", "Q", "quarter", "of", "간", "동안"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.dates())
@settings(max_examples=400, deadline=None)
def test_date_like_text_never_crashes(pieces, published):
    text = "".join(pieces)
    for lang in ("ko", "en"):
        for d in extract_dates(text, lang=lang, published=published):
            assert text[d.start : d.end] == d.text
            if d.end_value is not None:
                assert d.value <= d.end_value


@pytest.mark.parametrize(
    "chunk", ["1" * 10_000, "1일 " * 3_000, "지난 " * 3_000, "June " * 2_000, "2024." * 2_000]
)
def test_linear_time(chunk):
    t0 = time.perf_counter()
    extract_dates(chunk, lang="ko", published=KO_PUB)
    extract_dates(chunk, lang="en", published=EN_PUB)
    assert time.perf_counter() - t0 < 1.0
