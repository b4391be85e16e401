"""Sentence splitting: Korean endings, English abbreviations and decimals, quotes, newlines."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_text.sentences import split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def texts(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_korean_endings():
    assert texts("KT는 협약을 체결했다. 투자 규모는 약 2조원이다. 정말요? 네!") == [
        "KT는 협약을 체결했다.",
        "투자 규모는 약 2조원이다.",
        "정말요?",
        "네!",
    ]


def test_korean_glued_sentences_and_dotted_dates():
    assert texts("발표했다.KT는 2024.6.3 협약을 맺었다.") == ["발표했다.", "KT는 2024.6.3 협약을 맺었다."]


def test_korean_quote_stays_in_its_sentence():
    text = "그는 “좋다. 정말 좋다”고 말했다. 다음 문장이다."
    assert texts(text) == ["그는 “좋다. 정말 좋다”고 말했다.", "다음 문장이다."]


def test_english_abbreviations_and_decimals():
    text = "Mr. Smith met Dr. Lee in the U.S. The rate was 3.5 percent. He left at 5 p.m. yesterday. J. Smith agreed!"
    assert texts(text) == [
        "Mr. Smith met Dr. Lee in the U.S.",
        "The rate was 3.5 percent.",
        "He left at 5 p.m. yesterday.",
        "J. Smith agreed!",
    ]


def test_us_inside_sentence_does_not_split():
    assert texts("The U.S. government said so.") == ["The U.S. government said so."]


def test_english_quotes():
    text = '“We grew,” a spokesperson said. “This helps.” The insider added, "It is over." Done.'
    assert texts(text) == [
        "“We grew,” a spokesperson said.",
        "“This helps.”",
        'The insider added, "It is over."',
        "Done.",
    ]


def test_newline_always_ends_a_sentence():
    assert texts("제목 없는 줄\n두 번째 줄\r\n\n  셋째 줄  ") == ["제목 없는 줄", "두 번째 줄", "셋째 줄"]


def test_seeds():
    ko = (SEEDS / "000_329ef9b1478a6bb7.txt").read_text(encoding="utf-8")
    ko_sentences = texts(ko)
    assert ko_sentences[0].startswith("[뉴투분석]") and len(ko_sentences[0].splitlines()) == 1
    assert any(s.startswith("김영섭 KT 대표는 “") and s.endswith("말했다.") for s in ko_sentences)
    assert "KT와 MS가 펼치는 공동사업에 들어가는 투자금 규모도 약 2조4000억원 이다." in ko_sentences
    en = (SEEDS / "004_9e72b723b3a44e7c.txt").read_text(encoding="utf-8")
    en_sentences = texts(en)
    assert any(s.endswith("a KT spokesperson said.") and s.startswith("“KT Cloud") for s in en_sentences)
    assert en_sentences[-1].startswith("The insider added, “")
    assert sum(1 for s in en_sentences if s.startswith("An IT industry insider noted")) == 1


@given(st.text(max_size=300))
@settings(max_examples=400, deadline=None)
def test_ranges_are_ordered_trimmed_and_newline_free(text):
    last = 0
    for a, b in split_sentences(text):
        assert last <= a < b <= len(text)
        chunk = text[a:b]
        assert chunk == chunk.strip() and "\n" not in chunk
        last = b


@given(st.text(alphabet=st.sampled_from(list('.?!… “”"abcA가다요\n 3')), max_size=200))
@settings(max_examples=400, deadline=None)
def test_every_non_space_character_is_covered(text):
    covered = set()
    for a, b in split_sentences(text):
        covered.update(range(a, b))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


@pytest.mark.parametrize(
    "chunk", ["." * 10_000, "a. " * 3_500, "“" * 10_000, '"a. ' * 2_500, "U.S. " * 2_000]
)
def test_linear_time(chunk):
    t0 = time.perf_counter()
    split_sentences(chunk)
    assert time.perf_counter() - t0 < 1.0
