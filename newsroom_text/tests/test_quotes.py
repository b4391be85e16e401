"""Quotes: Korean and English attribution patterns, the seeds, and robustness on any text."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_text.quotes import extract_quotes
from newsroom_text.spans import Span

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def spans(text: str, *names: str, label: str = "PERSON") -> list[Span]:
    return [
        Span(m.start(), m.end(), label, m.group())
        for name in names
        for m in re.finditer(re.escape(name), text)
    ]


def check_offsets(text, quotes):
    for q in quotes:
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker


def test_korean_seed_with_people():
    text = (SEEDS / "000_329ef9b1478a6bb7.txt").read_text(encoding="utf-8")
    people = spans(text, "김영섭", "마츠 그란리드")
    quotes = extract_quotes(text, lang="ko", people=people)
    check_offsets(text, quotes)
    speakers = [q.speaker for q in quotes]
    assert speakers == [
        "김영섭",
        "마츠 그란리드",
        "마츠 그란리드",
        "김영섭",
        "김영섭",
        "통신업계 관계자",
        "통신업계 관계자",
    ]
    # the person named inside the second quote is not its speaker
    second = quotes[2]
    assert second.text.startswith("김영섭 대표는") and second.speaker == "마츠 그란리드"
    # the speaker span is the one outside the quote, before it
    assert all(q.speaker_end <= q.start for q in quotes)
    # quoted terms such as ‘AICT 컴퍼니’ are not quotes
    assert not any("컴퍼니" == q.text for q in quotes)


def test_korean_seed_without_people_uses_title_phrase():
    text = (SEEDS / "000_329ef9b1478a6bb7.txt").read_text(encoding="utf-8")
    quotes = extract_quotes(text, lang="ko")
    check_offsets(text, quotes)
    assert [q.speaker for q in quotes] == [
        "김영섭 KT 대표", "마츠 그란리드 GSMA 사무총장", "마츠 그란리드 GSMA 사무총장",
        "김영섭 대표", "김영섭 대표", "통신업계 관계자", "통신업계 관계자",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("박민수 교수는 “시장이 빠르게 변하고 있다”고 말했다.", "박민수 교수"),
        ("업계 관계자는 “수요가 늘어날 것”이라고 밝혔다.", "업계 관계자"),
        ("최 사장은 “반드시 성공하겠다”고 다짐했다.", "최 사장"),
        ("이 사장은 “반드시 성공하겠다”고 다짐했다.", "사장"),
        ("김 대표는 “성과를 내겠다”고 말하며 “계속 노력하겠다”라고 덧붙였다.", "김 대표"),
        ("정부 당국자가 “검토 중”이라며 말을 아꼈다.", "정부 당국자"),
    ],
)
def test_korean_patterns(text, speaker):
    quotes = extract_quotes(text, lang="ko")
    assert quotes and all(q.speaker == speaker for q in quotes)
    check_offsets(text, quotes)


def test_korean_person_after_quote():
    text = "“협력을 강화하겠다”고 홍길동 대표가 말했다."
    quotes = extract_quotes(text, lang="ko", people=spans(text, "홍길동"))
    assert [(q.text, q.speaker) for q in quotes] == [("협력을 강화하겠다", "홍길동")]


def test_english_seed():
    text = (SEEDS / "004_9e72b723b3a44e7c.txt").read_text(encoding="utf-8")
    quotes = extract_quotes(
        text, lang="en", people=spans(text, "Kim Young-shub", "Satya Nadella", "Ku Hyeon-mo")
    )
    check_offsets(text, quotes)
    assert [q.speaker for q in quotes] == [
        "KT spokesperson",  # “…,” a KT spokesperson said.
        "KT spokesperson",  # continuation in the same paragraph
        "KT Cloud",  # ..., stating, “…” → subject of the sentence
        "IT industry insider",  # An IT industry insider noted, “…”
        "insider",  # The insider added, “…”
    ]
    assert quotes[0].text.startswith("KT Cloud, a subsidiary") and quotes[0].text.endswith("competitiveness,")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We will grow," said John Smith, the CEO.', "John Smith"),
        ('Smith said: "We are ready for this."', "Smith"),
        ("“Prices will rise,” according to the central bank.", "central bank"),
        ("“Why?” she asked.", "she"),
        ("Lee said in a statement, “We will appeal the ruling.”", "Lee"),
        ("“This is the end of an era,” Jane Doe told reporters.", "Jane Doe"),
    ],
)
def test_english_patterns(text, speaker):
    quotes = extract_quotes(text, lang="en")
    assert [q.speaker for q in quotes] == [speaker]
    check_offsets(text, quotes)


def test_person_span_wins_inside_phrase():
    text = "“We grew fast,” KT CEO Kim Young-shub said."
    quotes = extract_quotes(text, lang="en", people=spans(text, "Kim Young-shub"))
    assert quotes[0].speaker == "Kim Young-shub" and text[quotes[0].speaker_start :].startswith("Kim")


def test_short_unattributed_terms_are_not_quotes():
    assert extract_quotes('They call it "sovereign AI" now.', lang="en") == []
    assert extract_quotes("‘AICT 컴퍼니’ 전략", lang="ko") == []


def test_unclosed_quote_is_ignored():
    assert extract_quotes("He said, “this never closes", lang="en") == []


@given(
    st.text(alphabet=st.sampled_from(list('“”"abc 가나다는고 말했다said, .\n')), max_size=120),
    st.sampled_from(["ko", "en"]),
)
@settings(max_examples=300, deadline=None)
def test_any_text_offsets_valid(text, lang):
    quotes = extract_quotes(text, lang=lang, people=spans(text, "가나"))
    check_offsets(text, quotes)


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_unicode_never_crashes(text):
    check_offsets(text, extract_quotes(text, lang="en"))


@pytest.mark.parametrize(
    "chunk",
    [
        "김씨는 “가나다 라마바 사아자”고 " * 400,
        "는 “가”고 " * 1400,
        "가" * 10_000,
        '"' * 10_000,
        "“a” " * 2_500,
        "“" * 10_000,
        'A said, "x y z w" ' * 500,
    ],
)
def test_linear_time(chunk):
    t0 = time.perf_counter()
    people = spans(chunk, "a", "A")
    extract_quotes(chunk, lang="en", people=people)
    extract_quotes(chunk, lang="ko", people=people)
    extract_quotes(chunk, lang="ko")
    assert time.perf_counter() - t0 < 1.0
