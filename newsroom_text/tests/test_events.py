"""Events from the two seeds with hand-made entity spans (NER is built elsewhere), plus robustness."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_text.amounts import extract_amounts
from newsroom_text.dates import extract_dates
from newsroom_text.events import EVENT_TYPES, extract_events
from newsroom_text.spans import Span

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def make_spans(text: str, table: dict[str, list[str]]) -> list[Span]:
    """Every occurrence of each name, longest first, without overlaps (as an NER would return)."""
    found = [
        Span(m.start(), m.end(), label, name)
        for label, names in table.items()
        for name in names
        for m in re.finditer(re.escape(name), text)
    ]
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out, last = [], -1
    for s in found:
        if s.start >= last:
            out.append(s)
            last = s.end
    return out


def roles(ev) -> set[tuple[str, str]]:
    return {(p.text, p.role) for p in ev.participants}


def sentence(text, ev) -> str:
    return text[ev.sentence_start : ev.sentence_end]


@pytest.fixture(scope="module")
def ko():
    text = (SEEDS / "000_329ef9b1478a6bb7.txt").read_text(encoding="utf-8")
    entities = make_spans(
        text,
        {
            "PERSON": ["김영섭", "마츠 그란리드"],
            "ORG": ["KT", "GSMA", "마이크로소프트", "MS", "AT&T", "버라이즌"],
            "PLACE": ["서울", "웨스틴 조선호텔", "미국", "영국", "스페인"],
            "EVENT": ["M360 APAC"],
        },
    )
    events = extract_events(
        text,
        lang="ko",
        entities=entities,
        dates=extract_dates(text, lang="ko", published=date(2024, 7, 30)),
        amounts=extract_amounts(text, lang="ko"),
    )
    return text, events


@pytest.fixture(scope="module")
def en():
    text = (SEEDS / "004_9e72b723b3a44e7c.txt").read_text(encoding="utf-8")
    entities = make_spans(
        text,
        {
            "PERSON": ["Kim Young-shub", "Satya Nadella", "Ku Hyeon-mo"],
            "ORG": ["KT Cloud", "KT Group", "KT", "Microsoft", "Amazon Web Services"],
            "PLACE": ["Washington State", "South Korea"],
        },
    )
    events = extract_events(
        text,
        lang="en",
        entities=entities,
        dates=extract_dates(text, lang="en", published=date(2024, 7, 20)),
        amounts=extract_amounts(text, lang="en"),
    )
    return text, events


def test_types_are_in_the_taxonomy(ko, en):
    for _, events in (ko, en):
        assert events and all(ev.type in EVENT_TYPES for ev in events)
        assert all(0.0 < ev.confidence <= 0.95 for ev in events)


def test_ko_gsma_board_appointment(ko):
    text, events = ko
    ev = next(e for e in events if e.type == "appointment" and "정식 선임" in sentence(text, e))
    assert ("김영섭", "appointee") in roles(ev)
    assert ("GSMA", "organisation") in roles(ev)
    assert ev.trigger == "선임" and text[ev.trigger_start : ev.trigger_end] == "선임"


def test_ko_m360_meeting(ko):
    text, events = ko
    ev = next(e for e in events if e.type == "meeting" and "웨스틴" in sentence(text, e))
    assert {("KT", "host"), ("GSMA", "host"), ("M360 APAC", "subject")} <= roles(ev)
    assert ev.place is not None and ev.place.text == "웨스틴 조선호텔"
    assert ev.date is not None and ev.date.text == "이번달 1~2일"
    assert (ev.date.value, ev.date.end_value) == (date(2024, 7, 1), date(2024, 7, 2))
    # the two triggers in the sentence (행사, 열었다) give one merged candidate
    assert len([e for e in events if e.type == "meeting" and e.sentence_start == ev.sentence_start]) == 1


def test_ko_kt_ms_agreement(ko):
    text, events = ko
    ev = next(e for e in events if e.type == "agreement" and "지난 10일" in sentence(text, e))
    assert {("KT", "agent"), ("마이크로소프트", "counterpart"), ("MS", "counterpart")} <= roles(ev)
    assert ev.date.value == date(2024, 7, 10)
    assert ev.place is None  # "미국의" modifies the company, it is not where the signing happened


def test_ko_investment_amount(ko):
    text, events = ko
    ev = next(e for e in events if e.type == "investment")
    assert ev.amount is not None and ev.amount.value == 2_400_000_000_000 and ev.amount.approximate
    assert {p.text for p in ev.participants} == {"KT", "MS"}


def test_ko_financial_result(ko):
    text, events = ko
    ev = next(e for e in events if e.type == "financial_result")
    assert ev.amount.value == 1_649_700_000_000
    assert ev.date.text == "지난해" and ev.date.value == date(2023, 1, 1)


def test_ko_quoted_trigger_takes_arguments_from_the_quote(ko):
    text, events = ko
    ev = next(e for e in events if e.type == "appointment" and "취임 이후 적극적인" in sentence(text, e))
    # 마츠 그란리드 is the speaker, not the one who took office
    assert "마츠 그란리드" not in {p.text for p in ev.participants}
    assert ("김영섭", "appointee") in roles(ev)
    outside = next(e for e in events if e.type == "appointment" and "정식 선임" in sentence(text, e))
    assert ev.confidence < outside.confidence


def test_en_partnership_last_month(en):
    text, events = en
    ev = events[0]
    assert ev.type == "agreement" and ev.trigger == "partnered"
    assert {("KT", "agent"), ("Microsoft", "counterpart")} <= roles(ev)
    assert ev.date.text == "last month" and ev.date.value == date(2024, 6, 1)


def test_en_june_signing_merged_with_ceremony(en):
    text, events = en
    ev = next(e for e in events if e.type == "agreement" and e.trigger == "signed")
    assert ev.date.text == "June 3" and ev.date.value == date(2024, 6, 3)
    assert ev.place is not None and ev.place.text == "Washington State"
    assert {("Kim Young-shub", "attendee"), ("Satya Nadella", "attendee"), ("KT", "agent")} <= roles(ev)
    assert "attended by" in sentence(text, ev)  # the span covers the ceremony sentence too
    meeting = next(e for e in events if e.type == "meeting")
    assert {("Kim Young-shub", "attendee"), ("Satya Nadella", "attendee")} <= roles(meeting)
    assert ev.confidence >= meeting.confidence


def test_en_outage(en):
    text, events = en
    ev = next(e for e in events if e.type == "outage")
    assert ("Microsoft", "subject") in roles(ev)
    assert ev.date.text == "this month"


def test_en_spin_off(en):
    text, events = en
    ev = next(e for e in events if e.type == "other")
    assert ev.trigger == "spun off"
    assert ("KT Cloud", "agent") in roles(ev)
    assert ev.date.text == "2022" and ev.date.precision == "year"


def test_confidence_grows_with_arguments():
    text = "KT는 지난 10일 MS와 협약을 체결했다."
    kt = Span(0, 2, "ORG", "KT")
    ms = Span(text.index("MS"), text.index("MS") + 2, "ORG", "MS")
    dates = extract_dates(text, lang="ko", published=date(2024, 7, 30))
    bare = extract_events(text, lang="ko", entities=[], dates=[], amounts=[])
    full = extract_events(text, lang="ko", entities=[kt, ms], dates=dates, amounts=[])
    assert len(bare) == len(full) == 1
    assert full[0].confidence > bare[0].confidence
    assert roles(full[0]) == {("KT", "agent"), ("MS", "counterpart")}


def test_english_appointment_roles():
    text = "Acme Corp appointed Jane Doe as chief executive of its cloud unit on Monday."
    ents = make_spans(text, {"ORG": ["Acme Corp"], "PERSON": ["Jane Doe"]})
    (ev,) = extract_events(
        text,
        lang="en",
        entities=ents,
        dates=extract_dates(text, lang="en", published=date(2024, 7, 20)),
        amounts=[],
    )
    assert ev.type == "appointment"
    assert roles(ev) == {("Acme Corp", "agent"), ("Jane Doe", "appointee")}
    assert ev.date.value == date(2024, 7, 15)


def test_money_amount_attached():
    text = "SK invested $1.5 billion in the project."
    (ev,) = extract_events(
        text,
        lang="en",
        entities=make_spans(text, {"ORG": ["SK"]}),
        dates=[],
        amounts=extract_amounts(text, lang="en"),
    )
    assert ev.type == "investment" and ev.amount.value == 1_500_000_000 and ev.amount.currency == "USD"


@given(
    st.text(max_size=200),
    st.sampled_from(["ko", "en"]),
    st.lists(st.tuples(st.integers(-5, 210), st.integers(0, 20))),
)
@settings(max_examples=150, deadline=None)
def test_any_input_never_crashes(text, lang, raw_spans):
    ents = [Span(a, a + n, "ORG", text[a : a + n]) for a, n in raw_spans]
    for ev in extract_events(text, lang=lang, entities=ents, dates=[], amounts=[]):
        assert text[ev.trigger_start : ev.trigger_end] == ev.trigger
        assert 0 <= ev.sentence_start <= ev.trigger_start < ev.trigger_end <= ev.sentence_end <= len(text)
        for p in ev.participants:
            assert text[p.start : p.end] == p.text


def test_linear_time():
    unit = "KT는 지난 10일 MS와 협약을 체결하고 “투자를 늘리겠다”고 말했다. "
    text = unit * (10_000 // len(unit))
    ents = make_spans(text, {"ORG": ["KT", "MS"]})
    t0 = time.perf_counter()
    extract_events(
        text, lang="ko", entities=ents, dates=extract_dates(text, lang="ko", published=None), amounts=[]
    )
    assert time.perf_counter() - t0 < 1.0
    text = ("KT signed a partnership with Microsoft. " * 300)[:10_000]
    ents = make_spans(text, {"ORG": ["KT", "Microsoft"]})
    t0 = time.perf_counter()
    extract_events(text, lang="en", entities=ents, dates=[], amounts=[])
    assert time.perf_counter() - t0 < 1.0
