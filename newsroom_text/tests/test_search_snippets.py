"""Snippets: fragments cut from the original text with the query's matches marked."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom_text.search.query import parse_query
from newsroom_text.search.snippets import highlight


def marked(fragments) -> list[str]:
    return [text for frag in fragments for text, is_match in frag if is_match]


def joined(fragment) -> str:
    return "".join(text for text, _ in fragment)


def test_marks_original_surface_without_particles():
    text = "김영섭이 말했다. KT는 partners와 만났다"
    frags = highlight(text, parse_query("김영섭 KT가 partner"))
    assert frags == [
        [
            ("김영섭", True),
            ("이 말했다. ", False),
            ("KT", True),
            ("는 ", False),
            ("partners", True),
            ("와 만났다", False),
        ]
    ]


def test_query_word_with_particle_highlights_the_name():
    assert marked(highlight("KT 김영섭 대표가 말했다", parse_query("김영섭이"))) == ["김영섭"]


def test_english_inflections_are_highlighted_as_written():
    text = "The company's partners reported outages on Monday."
    assert marked(highlight(text, parse_query("partner outage report"))) == [
        "partners",
        "reported",
        "outages",
    ]


def test_compound_is_marked_whole():
    assert marked(highlight("세계 800여개 통신사업자와 손잡고", parse_query("통신사업자"))) == ["통신사업자"]


def test_phrase_marks_only_consecutive_matches():
    text = "당원대회에서 승리했다. 민주당 전당대회에서 지명됐다."
    assert marked(highlight(text, parse_query('"전당 대회"'))) == ["전당대회"]


def test_excluded_terms_are_not_marked():
    assert marked(highlight("KT와 SK텔레콤", parse_query("KT -SK텔레콤"))) == ["KT"]


def test_fragments_are_slices_of_the_original_and_respect_limits(shared_eval_dir):
    path = shared_eval_dir / "ko_wikinews" / "ko_wikinews.jsonl"
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:40]]
    for d in docs:
        body = d["body"]
        words = [w for w in d["title"].split() if len(w) > 1][:3]
        node = parse_query(" OR ".join(words))
        frags = highlight(body, node, max_len=120, max_fragments=2)
        assert 1 <= len(frags) <= 2
        last_end = -1
        for frag in frags:
            text = joined(frag)
            assert len(text) <= 120
            start = body.find(text, last_end + 1)
            assert start > last_end, (d["id"], text)  # in order, not overlapping
            last_end = start + len(text) - 1
            assert all(piece for piece, _ in frag)


def test_no_match_gives_the_opening_and_empty_text_gives_nothing():
    text = "첫 문장입니다. " * 40
    frags = highlight(text, parse_query("없는단어"), max_len=50)
    assert len(frags) == 1 and not marked(frags)
    assert text.startswith(joined(frags[0])) and len(joined(frags[0])) <= 50
    assert highlight("", parse_query("KT")) == []
    assert highlight("KT 발표", None) == [[("KT 발표", False)]]


def test_best_window_prefers_more_distinct_matches():
    filler = "가나다라마 " * 60
    text = f"KT 단독. {filler} KT와 김영섭 대표와 GSMA. {filler}"
    frags = highlight(text, parse_query("KT 김영섭 GSMA"), max_len=80, max_fragments=1)
    assert set(marked(frags)) == {"KT", "김영섭", "GSMA"}


def test_cuts_at_word_boundaries():
    text = "alpha beta gamma delta epsilon KT zeta eta theta iota kappa lambda mu nu xi omicron"
    frag = highlight(text, parse_query("KT"), max_len=40)[0]
    s = joined(frag)
    start = text.index(s)
    assert start == 0 or text[start - 1] == " "
    end = start + len(s)
    assert end == len(text) or text[end] == " "


@pytest.mark.parametrize("max_fragments", [1, 2, 3])
def test_max_fragments(max_fragments):
    text = " ".join(["KT 발표."] + ["채움말"] * 100 + ["KT 발표."] + ["채움말"] * 100 + ["KT 발표."])
    frags = highlight(text, parse_query("KT"), max_len=40, max_fragments=max_fragments)
    assert len(frags) == max_fragments
    assert all(marked([f]) == ["KT"] for f in frags)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=st.sampled_from(list("KT가나김영섭이는 partners.\n-")) | st.characters(), max_size=200),
    st.sampled_from(["KT", "김영섭이", "partner", '"김영섭 KT"', "-KT", "KT OR 나"]),
    st.integers(min_value=1, max_value=300),
)
def test_highlight_never_raises_and_returns_original_slices(text, q, max_len):
    for frag in highlight(text, parse_query(q), max_len=max_len):
        assert joined(frag) in text
        assert all(isinstance(piece, str) and isinstance(m, bool) for piece, m in frag)
