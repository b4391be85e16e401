"""Amounts: fixed Korean/English cases, the seeds, and hypothesis round-trips of Korean numbers."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_text.amounts import extract_amounts, parse_korean_number

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def one(text: str, lang: str = "ko"):
    found = extract_amounts(text, lang=lang)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("s", "value"),
    [
        ("2조4000억", 2_400_000_000_000),
        ("1조6497억", 1_649_700_000_000),
        ("3억5천만", 350_000_000),
        ("1,200만", 12_000_000),
        ("십이만", 120_000),
        ("1.5억", 150_000_000),
        ("3천4백5십6", 3456),
        ("2조 4000억", 2_400_000_000_000),
        ("12,000,000", 12_000_000),
    ],
)
def test_parse_korean_number(s, value):
    assert parse_korean_number(s) == Decimal(value)


@pytest.mark.parametrize("bad", ["", "억억", "만억", "1,", "abc", "3 4", "천천"])
def test_parse_korean_number_rejects(bad):
    with pytest.raises(ValueError):
        parse_korean_number(bad)


@pytest.mark.parametrize(
    ("text", "kind", "currency", "value", "approximate"),
    [
        ("2조4000억원", "money", "KRW", 2_400_000_000_000, False),
        ("1조6497억원에 비해", "money", "KRW", 1_649_700_000_000, False),
        ("규모도 약 2조4000억원 이다", "money", "KRW", 2_400_000_000_000, True),
        ("800여개 통신사", "quantity", "", 800, True),
        ("250여개 이상 개발사", "quantity", "", 250, True),
        ("약 1.4배 많은", "ratio", "", Decimal("1.4"), True),
        ("could reach several trillion won over", "money", "KRW", 2_000_000_000_000, True),
        ("a $1.5 billion deal", "money", "USD", 1_500_000_000, False),
        ("1.5 billion dollars", "money", "USD", 1_500_000_000, False),
        ("US$300 million", "money", "USD", 300_000_000, False),
        ("₩10,000", "money", "KRW", 10_000, False),
        ("10만 달러", "money", "USD", 100_000, False),
        ("50억 달러를", "money", "USD", 5_000_000_000, False),
        ("3,000원짜리", "money", "KRW", 3000, False),
        ("1만2000원", "money", "KRW", 12_000, False),
        ("3.5% 늘었다", "percent", "", Decimal("3.5"), False),
        ("수천억원 규모", "money", "KRW", 200_000_000_000, True),
        ("100 million won", "money", "KRW", 100_000_000, False),
        ("about €20 million", "money", "EUR", 20_000_000, True),
        ("rose 12 percent", "percent", "", 12, False),
        ("1,000명이 참석", "quantity", "", 1000, False),
        ("2,500만 명이 가입", "quantity", "", 25_000_000, False),
        ("10억원대의 계약", "money", "KRW", 1_000_000_000, True),
        ("1조 2천억원", "money", "KRW", 1_200_000_000_000, False),
        ("€3bn", "money", "EUR", 3_000_000_000, False),
        ("0.5%p 올랐다", "percent", "", Decimal("0.5"), False),
    ],
)
def test_extract_cases(text, kind, currency, value, approximate):
    a = one(text)
    assert (a.kind, a.currency, a.value, a.approximate) == (kind, currency, Decimal(value), approximate)
    assert text[a.start : a.end] == a.text


@pytest.mark.parametrize(
    "text",
    ["5년 간 파트너십", "2년 연속", "3개월 동안", "M360 APAC 2024", "2024.6.3", "GPT-4o", "천명했다", "3 명"],
)
def test_not_amounts(text):
    """Durations, model names and dates are not amounts; neither is the verb 천명하다."""
    assert extract_amounts(text, lang="ko") == []


def test_hedge_is_in_span_and_unit_recorded():
    a = one("약 2조4000억원 이다")
    assert a.text == "약 2조4000억원" and a.unit == "원"
    q = one("250여개 이상")
    assert q.text == "250여개 이상" and q.unit == "개"


def test_korean_seed():
    text = (SEEDS / "000_329ef9b1478a6bb7.txt").read_text(encoding="utf-8")
    found = extract_amounts(text, lang="ko")
    money = [a for a in found if a.kind == "money"]
    assert [(a.value, a.approximate) for a in money] == [
        (Decimal(2_400_000_000_000), True),
        (Decimal(1_649_700_000_000), False),
    ]
    ratios = [a for a in found if a.kind == "ratio"]
    assert [a.value for a in ratios] == [Decimal("1.4")]
    quantities = [a for a in found if a.kind == "quantity"]
    assert {a.value for a in quantities} >= {Decimal(800), Decimal(250)}
    assert all(a.approximate for a in quantities if a.value in (800, 250))
    assert not any(a.text.endswith("년") for a in found)
    for a in found:
        assert text[a.start : a.end] == a.text


def test_english_seed():
    text = (SEEDS / "004_9e72b723b3a44e7c.txt").read_text(encoding="utf-8")
    found = extract_amounts(text, lang="en")
    assert [(a.kind, a.currency, a.value, a.approximate) for a in found] == [
        ("money", "KRW", Decimal(2_000_000_000_000), True)
    ]


# --- property tests ------------------------------------------------------------------------------

_BIG_UNITS = [(10**12, "조"), (10**8, "억"), (10**4, "만"), (1, "")]


def _group(draw, g: int) -> str:
    style = draw(st.sampled_from(["plain", "comma", "mixed"]))
    if style == "plain" or (style == "comma" and g < 1000):
        return str(g)
    if style == "comma":
        return f"{g:,}"
    parts = []
    rest = g
    for unit, name in ((1000, "천"), (100, "백"), (10, "십")):
        d, rest = divmod(rest, unit)
        if d:
            one_implicit = d == 1 and draw(st.booleans())
            parts.append(("" if one_implicit else str(d)) + name)
        # once a lower part is written as digits, stop using small units
        if parts and draw(st.booleans()):
            if rest:
                parts.append(str(rest))
            return "".join(parts)
    if rest:
        parts.append(str(rest))
    return "".join(parts)


@st.composite
def korean_numbers(draw):
    n = draw(st.integers(min_value=0, max_value=10**16 - 1))
    if n == 0:
        return n, "0"
    pieces = []
    rest = n
    for unit, name in _BIG_UNITS:
        g, rest = divmod(rest, unit)
        if g:
            pieces.append(_group(draw, g) + name)
    sep = draw(st.sampled_from(["", " "]))
    return n, sep.join(pieces)


@given(korean_numbers())
@settings(max_examples=400, deadline=None)
def test_parse_roundtrip(pair):
    n, s = pair
    assert parse_korean_number(s) == Decimal(n)


@given(
    korean_numbers(), st.sampled_from(["", "총 ", "투자금은 "]), st.sampled_from(["", "을 투자했다", "이다."])
)
@settings(max_examples=300, deadline=None)
def test_money_roundtrip(pair, before, after):
    n, s = pair
    text = f"{before}{s}원{after}"
    a = one(text)
    assert a.kind == "money" and a.currency == "KRW" and a.value == Decimal(n)
    assert text[a.start : a.end] == a.text


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
@settings(max_examples=200, deadline=None)
def test_ratio_never_money(x):
    for text in (f"약 {x}배 많은", f"{x} times larger"):
        found = extract_amounts(text, lang="ko")
        assert found and all(a.kind == "ratio" for a in found)
        assert found[0].value == x


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789,. 조억만천백십수몇여원달러배개%약$₩ abcmillionwon이상")),
        max_size=60,
    )
)
@settings(max_examples=500, deadline=None)
def test_offsets_always_valid(text):
    for lang in ("ko", "en"):
        found = extract_amounts(text, lang=lang)
        last = -1
        for a in found:
            assert text[a.start : a.end] == a.text
            assert a.start >= last
            last = a.end


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_text_never_crashes(text):
    for a in extract_amounts(text, lang="en"):
        assert text[a.start : a.end] == a.text


@pytest.mark.parametrize(
    "chunk", ["1" * 10_000, "1," * 5_000, "$1 " * 3_000, "조억" * 5_000, "약 " * 5_000, "9.9" * 3_000]
)
def test_linear_time(chunk):
    t0 = time.perf_counter()
    extract_amounts(chunk, lang="ko")
    assert time.perf_counter() - t0 < 1.0
