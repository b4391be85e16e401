"""Comment screening: length, profanity disguises, Scunthorpe cases, flooding, holds for judgement."""

from __future__ import annotations

import json
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom_text.screening import Policy, PriorComment, comment_length, screen_comment

POLICY = Policy()
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def cats(text: str, **kw) -> set[str]:
    return {f.category for f in screen_comment(text, policy=POLICY, now=NOW, **kw).findings}


# ------------------------------------------------------------------ length


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("👍", 1),
        ("👨‍👩‍👧", 1),  # ZWJ family sequence
        ("🇰🇷", 1),  # regional-indicator flag
        ("👍🏽", 1),  # skin-tone modifier
        (unicodedata.normalize("NFD", "한"), 1),  # conjoining jamo
        (unicodedata.normalize("NFD", "한국어"), 3),
        ("한국어", 3),
        ("e\u0301", 1),  # combining accent
        ("a\u200bb", 2),  # zero-width space counts nothing
        ("", 0),
    ],
)
def test_length_counts_graphemes(text, expected):
    assert comment_length(text, spaces_count=True) == expected


def test_length_spaces_counted_or_not():
    text = "좋은 기사\t감사합니다\u3000👍\n"
    assert comment_length(text, spaces_count=True) == 14  # 10 letters/emoji + space, tab, U+3000, newline
    assert comment_length(text, spaces_count=False) == 10


def varied(n: int) -> str:
    """n distinct-looking Hangul syllables (a run of one letter would be flooding)."""
    syllables = "가나다라마바사아자차카타파하"
    return "".join(syllables[i % len(syllables)] for i in range(n))


def test_exactly_250_passes_and_251_is_refused_korean():
    ok = screen_comment(varied(250), policy=POLICY, lang="ko")
    assert ok.outcome == "published" and ok.length == 250 and ok.limit == 250
    over = screen_comment(varied(251), policy=POLICY, lang="ko")
    assert over.outcome == "refused"
    assert "251" in over.message and "250" in over.message
    assert over.message == "댓글은 띄어쓰기 포함 250자 이내로 써 주세요 (현재 251자)"


def test_over_limit_english_message_and_emoji_count():
    text = "👨‍👩‍👧" * 263
    r = screen_comment(text, policy=POLICY, lang="en")
    assert r.length == 263 and r.outcome == "refused"
    assert r.message == "Comments must be 250 characters or fewer including spaces (this one has 263)"


def test_spaces_not_counted_policy():
    policy = Policy(spaces_count=False)
    text = " ".join(varied(250))  # 250 letters + 249 spaces
    r = screen_comment(text, policy=policy, lang="ko")
    assert r.outcome == "published" and r.length == 250
    r = screen_comment(text + " 가", policy=policy, lang="ko")
    assert r.outcome == "refused" and "띄어쓰기 제외" in r.message and "251" in r.message


def test_no_limit():
    assert (
        screen_comment("a" * 1000 + " ok", policy=Policy(max_length=None, categories=())).outcome
        == "published"
    )


def test_language_detected_when_not_given():
    assert "현재" in screen_comment("가" * 300, policy=POLICY).message
    assert "this one has" in screen_comment("word " * 60, policy=POLICY).message


# ------------------------------------------------------------------ profanity

PROFANE = [
    # particles and endings
    "바보야 요금부터 봐라",
    "병신아 기사 똑바로 써라",
    "개새끼들이 요금만 올리네",
    "너 바보야?",
    "미친놈아",
    # spacing
    "씨 발 진짜",
    "시 발 놈들아",
    "개 새 끼 들",
    "병 신 같은 소리",
    "지 랄 하네",
    # jamo abbreviations, compound and split jamo, halfwidth jamo
    "ㅅㅂ 또 올리겠지",
    "ㅆㅂ",
    "ㅂㅅ 같은 요금제",
    "ㅈㄹ 하고 있네",
    "ㅄ같은",
    "존ㄴㅏ 비싸",
    "\uffb6\uffb2 뭐야",
    # digits and letters inserted
    "시1발",
    "씨8 이게 기사냐",
    "18놈들",
    "병1신",
    "지1랄",
    "시 1 발",
    # similar syllables
    "씨발",
    "시발 요금",
    "씌발",
    "쒸발",
    "c발",
    "ㅆ발",
    "씨빨",
    "씨이이이발",
    "씨-발",
    "개세끼",
    "개색기들",
    # zero-width and fullwidth
    "씨\u200b발",
    "f\u200buck",
    "ｆｕｃｋ ｔｈｉｓ",
    "ｓｈｉｔ",
    # English disguises
    "s h i t article",
    "sh!t coverage",
    "f*ck this",
    "fvck KT",
    "fuuuuuck",
    "a$$hole",
    "@sshole",
    "sh1t",
    "5h1t",
    "f u c k",
    "sh.i.t",
    "b1tch",
    "bullshit",
    "motherfuckers",
    "fμck",
    "tlqkf",
]


@pytest.mark.parametrize("text", PROFANE)
def test_profanity_disguises_are_caught(text):
    r = screen_comment(text, policy=POLICY, now=NOW)
    assert "profanity" in {f.category for f in r.findings}, text
    assert r.outcome == "hidden"


def test_profanity_finding_points_at_the_original_text():
    text = "기사 잘 봤다 시1발 진짜"
    (f,) = [f for f in screen_comment(text, policy=POLICY).findings if f.category == "profanity"]
    assert (f.start, f.end) == (8, 11) and text[f.start : f.end] == f.evidence == "시1발"
    assert f.reason == "욕설로 보이는 표현 '시1발'이 있습니다"
    (g,) = screen_comment("what a s h i t show", policy=POLICY, lang="en").findings
    assert g.evidence == "s h i t" and g.reason == "Contains a profanity: 's h i t'"


INNOCENT = [
    # Korean look-alikes
    "시발점이 어디였는지 따져 봅시다",
    "경인선 시발역",
    "시발자동차는 최초의 국산차",
    "발전 방향이 좋네요",
    "AI 개발자 채용",
    "품질 개선이 먼저",
    "제 십팔번은 이 노래",
    "수박씨 발라 먹으면서",
    "병신년 새해에 시작한 사업",
    "병신생 어르신들",
    "미친 듯이 좋다",
    "미친 존재감",
    "불이 꺼져 있었다",
    "위기가 닥쳐 온다",
    "꺼져가는 불씨",
    "엄마를 졸라 샀다",
    "허리띠를 졸라매야",
    "시 발표 자료",
    "질병 신고 절차",
    "바보상자 TV",
    "시바견 키워요",
    "다시 바꿔야 할 정책",
    "18일 발표",
    "2018년 평창",
    "6시8분에 봤어요",
    "ㅋㅋㅋ 웃기네",
    "새끼 고양이",
    "등신대 전시",
    "일시불로 샀어요",
    # English look-alikes
    "Scunthorpe",
    "assistant",
    "class",
    "cockpit",
    "Dickens",
    "shitake",
    "shiitake",
    "hello",
    "assess",
    "therapist",
    "grape",
    "passionate",
    "Hancock",
    "cocktail",
    "Essex",
    "bass",
    "Dick Van Dyke",
    "Matsushita",
    # found by screening real text (../shared/eval): news, Wikinews, movie reviews
    "감염병 예방법",
    "화염병 공격",
    "18세기 건축",
    "지시받은 음성 메시지",
    "무시받는 기분",
    "이라크 시아파 성지",
    "뒤쫒아가던 경찰관",
    "딸바보 아빠",
    "1등..신이 빚은 얼굴",
    "도로와 아파트 단지 안으로 들이닥쳐",
    "UTC+8 기준",
    "UNFCCC 사무총장",
    "pro-Shiite parties",
    "a $ 5 million reward",
    "네이버 4.55점",
    "455 subscribers",
    "hell of a deal",
    "damn, that is a lot",
]


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_lookalikes_pass(text):
    assert screen_comment(text, policy=POLICY, now=NOW).outcome == "published", text


# ------------------------------------------------------------------ flooding


def prior(text: str, seconds: float, author: str = "u1") -> PriorComment:
    return PriorComment(text, author, NOW - timedelta(seconds=seconds))


def test_exact_and_near_repeat_by_same_author():
    assert "flooding" in cats("KT 요금 인하하라", author="u1", history=[prior("KT 요금 인하하라", 300)])
    assert "flooding" in cats("KT 요금 인하하라!!", author="u1", history=[prior("KT 요금 인하하라", 300)])
    assert "flooding" in cats(
        "Lower the prices, KT!!!", author="u1", history=[prior("lower the prices KT", 900)]
    )
    r = screen_comment(
        "KT 요금 인하하라", policy=POLICY, author="u1", now=NOW, history=[prior("KT 요금 인하하라", 60)]
    )
    assert r.outcome == "hidden" and "같은 내용" in r.findings[0].reason


def test_repeat_not_flooding_for_other_author_old_or_different_text():
    assert cats("KT 요금 인하하라", author="u2", history=[prior("KT 요금 인하하라", 300, "u1")]) == set()
    assert (
        cats("좋은 기사 감사합니다", author="u1", history=[prior("좋은 기사 감사합니다", 3 * 86400)]) == set()
    )
    assert (
        cats("Is the partnership with MS?", author="u1", history=[prior("Rural coverage is poor", 60)])
        == set()
    )


def test_rate_limit():
    hist = [prior(f"의견 {i}번입니다", s) for i, s in enumerate((5, 15, 30, 50))]
    r = screen_comment("다섯 번째", policy=POLICY, author="u1", now=NOW, history=hist)
    assert r.outcome == "hidden" and "60초 동안 5개" in r.findings[0].reason
    assert cats("세 번째", author="u1", history=hist[:2]) == set()
    # naive datetimes are read as UTC rather than crashing
    naive = [PriorComment(p.text, p.author, p.created.replace(tzinfo=None)) for p in hist]
    assert "flooding" in cats("다섯 번째", author="u1", history=naive)


@pytest.mark.parametrize(
    "text",
    ["ㅋ" * 20, "ㅋ" * 40, "!" * 20, "abc" * 8, "하" * 25, "대박" * 11, "요금 인하 " * 6, "n" + "o" * 25],
)
def test_character_runs(text):
    assert "flooding" in cats(text)


@pytest.mark.parametrize(
    "text", ["ㅋㅋㅋ", "ㅋ" * 19, "ㅋㅋㅋㅋㅋ 맞아요 ㅋㅋㅋㅋㅋ", "하하하 좋네요", "!!!", "Wooooow"]
)
def test_normal_laughter_is_not_flooding(text):
    assert "flooding" not in cats(text)


def test_thresholds_are_policy_fields():
    strict = Policy(run_length=5, rate_limit=2)
    assert screen_comment("ㅋㅋㅋㅋㅋ", policy=strict).outcome == "hidden"
    assert (
        screen_comment("hi", policy=strict, author="a", now=NOW, history=[prior("x", 10, "a")]).outcome
        == "hidden"
    )


# ------------------------------------------------------------------ slander / defamation / false information


def only(text: str, category: str, **kw):
    r = screen_comment(text, policy=POLICY, now=NOW, **kw)
    found = [f for f in r.findings if f.category == category]
    assert found, (text, r.findings)
    return r, found[0]


def test_slander_holds_and_names_target_korean():
    r, f = only("김영섭 대표는 무능 그 자체다", "slander")
    assert r.outcome == "held"
    assert "김영섭 대표" in f.reason and "무능" in f.reason and f.evidence == "무능"
    assert "검토 후 게시" in r.message


def test_slander_english_names_target():
    r, f = only("Minister Choi is a crook.", "slander", lang="en")
    assert r.outcome == "held" and "Choi" in f.reason and "crook" in f.reason


def test_defamation_holds_and_names_target():
    r, f = only("박 의원은 뇌물 받고 법안 통과시켰다", "defamation")
    assert r.outcome == "held" and "박 의원" in f.reason and "뇌물" in f.reason
    r, f = only("Senator Park took bribes from KT.", "defamation", lang="en")
    assert "Senator Park" in f.reason and "bribes" in f.reason


def test_false_information_holds_and_names_target():
    r, f = only("KT 관련 이 기사는 가짜뉴스다", "false_information")
    assert r.outcome == "held" and "KT" in f.reason and "가짜뉴스" in f.reason
    r, f = only("The GSMA appointment is a hoax.", "false_information", lang="en")
    assert "GSMA" in f.reason


def test_named_entities_are_used_when_given():
    text = "그 사람은 매국노다"
    assert "slander" not in cats(text)  # no name, no title: nothing to hold
    r, f = only(text, "slander", named_entities=[(0, 4, "PERSON")])
    assert "'그 사람'" in f.reason


def test_no_target_or_hedged_discussion_is_published():
    assert screen_comment("가짜뉴스 대책이 필요하다는 데 동의합니다", policy=POLICY).outcome == "published"
    assert screen_comment("정부의 통신비 정책은 완전히 실패했다", policy=POLICY).outcome == "published"
    hedged = "이 대표가 횡령 혐의로 기소됐다는 보도가 있던데 재판 결과를 지켜봐야죠"
    assert screen_comment(hedged, policy=POLICY).outcome == "published"


def test_victims_and_adjectives_are_not_accusations():
    assert "defamation" not in cats("김모 씨 등 2명에게 폭행당했다는 A 대표")
    assert "slander" not in cats("Police opened a criminal investigation into Minister Choi.", lang="en")
    assert "false_information" not in cats("The shortfall is made up by grants from Japan.", lang="en")


def test_multi_label_strictest_action_wins():
    r = screen_comment("김 대표 이 병신은 횡령범이다", policy=POLICY)
    assert {f.category for f in r.findings} == {"profanity", "defamation"}
    assert r.outcome == "hidden"


# ------------------------------------------------------------------ policy


def test_only_policy_categories_apply_and_actions_override():
    assert screen_comment("씨발", policy=Policy(categories=("flooding",))).outcome == "published"
    assert screen_comment("씨발", policy=Policy(actions={"profanity": "refuse"})).outcome == "refused"
    assert screen_comment("씨발", policy=Policy(actions={"profanity": "hold"})).outcome == "held"
    r = screen_comment("김영섭 대표는 무능하다", policy=Policy(categories=("profanity", "defamation")))
    assert r.outcome == "published"


def test_policy_is_hashable_and_validated():
    assert hash(Policy()) == hash(Policy())
    assert Policy().actions["profanity"] == "hide" and Policy().actions["slander"] == "hold"
    with pytest.raises(ValueError):
        Policy(actions={"profanity": "delete"})
    with pytest.raises(ValueError):
        Policy(categories=("spam",))


def test_refused_for_length_keeps_findings():
    r = screen_comment("씨발 " * 100, policy=POLICY, lang="ko")
    assert r.outcome == "refused" and any(f.category == "profanity" for f in r.findings)


# ------------------------------------------------------------------ robustness


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_never_crashes(text):
    r = screen_comment(text, policy=POLICY, now=NOW, history=[prior(text, 10, "")])
    assert r.outcome in {"published", "held", "hidden", "refused"}
    assert comment_length(text, spaces_count=True) >= comment_length(text, spaces_count=False)
    for f in r.findings:
        if f.start is not None:
            assert 0 <= f.start < f.end <= len(text)
            assert text[f.start : f.end] == f.evidence


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("씨시발병신ㅅㅂ 1!*$@fuckshitㅋ가나다\u200b\u1100\u1161\uff46")),
        max_size=200,
    )
)
def test_adversarial_alphabet_never_crashes(text):
    r = screen_comment(text, policy=POLICY)
    for f in r.findings:
        if f.start is not None:
            assert text[f.start : f.end] == f.evidence


def test_lone_surrogates_and_odd_input_do_not_crash():
    for text in ["\ud800시발", "\x00\x01", "\u200b" * 50, "\U0001f600" * 10, "\u1100" * 5, "ㅄ" * 3]:
        screen_comment(text, policy=POLICY)


def test_large_input_is_fast():
    screen_comment("꺼져 불이", policy=POLICY)  # load the analyser outside the timing
    for text in [
        "ㅋ" * 100_000,
        "씨 " * 50_000,
        "s h i t " * 10_000,
        "김 대표 사기꾼 " * 10_000,
        "a" * 100_000,
    ]:
        t0 = time.perf_counter()
        screen_comment(text, policy=POLICY)
        assert time.perf_counter() - t0 < 10, text[:10]


# ------------------------------------------------------------------ the labelled set

DATA = Path(__file__).parent / "data" / "comments_labelled.jsonl"


def _labelled():
    items = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items


def test_labelled_set_shape():
    items = _labelled()
    assert len(items) >= 320
    count = lambda c: sum(c in i["labels"] for i in items)  # noqa: E731
    assert sum(not i["labels"] for i in items) >= 100
    assert count("profanity") >= 80 and count("flooding") >= 25
    assert count("slander") >= 25 and count("defamation") >= 25 and count("false_information") >= 25
    assert sum(len(i["labels"]) > 1 for i in items) >= 3
    assert len({i["id"] for i in items}) == len(items)


def _score(items):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import eval_comments

    return eval_comments.score(items, Policy())


def test_labelled_set_meets_targets():
    items = _labelled()
    full = _score(items)
    assert full["per_category"]["profanity"]["recall"] >= 0.95
    assert full["clean_fp_rate"] <= 0.02
    # flooding recall 1.0 holds on the development sets A-C; the held-out set D keeps its misses
    dev = _score([i for i in items if not i["id"].startswith("d")])
    assert dev["per_category"]["flooding"]["recall"] == 1.0
    assert dev["per_category"]["profanity"]["recall"] >= 0.95
    assert dev["clean_fp_rate"] <= 0.02
    # regression floor for the held-out set D, at the figures it had when first run
    held = _score([i for i in items if i["id"].startswith("d")])
    assert held["clean_false_positives"] <= 2
    assert held["per_category"]["profanity"]["recall"] >= 0.57
