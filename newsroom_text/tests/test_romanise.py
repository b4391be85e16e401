"""Romanisation of Korean personal names (plain Python: run with -p no:django)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_text.romanise import (
    korean_word_match,
    loose_name_key,
    name_key,
    revised_romanisation,
    romanisation_match,
    romanise_name,
    syllable_variants,
)

SAME_PEOPLE = [
    ("김영섭", "Kim Young-shub"),  # KT CEO, seed 004
    ("구현모", "Ku Hyeon-mo"),  # former KT CEO, seed 004
    ("이재용", "Lee Jae-yong"),
    ("박근혜", "Park Geun-hye"),
    ("문재인", "Moon Jae-in"),
    ("윤석열", "Yoon Suk-yeol"),
    ("정의선", "Chung Eui-sun"),
    ("김영섭", "Kim Young-seop"),
    ("김영섭", "Gim Yeong-seop"),
    ("김영섭", "Kim Yong-sup"),
    ("남궁민수", "Namgoong Min-su"),
    ("선우용녀", "Sunwoo Yong-nyeo"),
    ("황보관", "Hwangbo Kwan"),
    ("류현진", "Ryu Hyun-jin"),
    ("손흥민", "Son Heung-min"),
    ("반기문", "Ban Ki-moon"),
    ("이명박", "Lee Myung-bak"),
    ("노무현", "Roh Moo-hyun"),
    ("신동빈", "Shin Dong-bin"),
    ("구광모", "Koo Kwang-mo"),
    ("최수연", "Choi Soo-yeon"),
    ("유영상", "Ryu Young-sang"),
    ("황현식", "Hwang Hyun-sik"),
    ("임성지", "Lim Seong-ji"),
]


@pytest.mark.parametrize(("hangul", "latin"), SAME_PEOPLE)
def test_known_romanisations_match(hangul, latin):
    assert romanisation_match(hangul, latin) >= 0.85


def test_seed_ceo_matches_confidently():
    assert romanisation_match("김영섭", "Kim Young-shub") >= 0.9


def test_unusual_family_spelling_chey_is_lower_but_positive():
    chey = romanisation_match("최태원", "Chey Tae-won")
    assert 0 < chey < romanisation_match("최태원", "Choi Tae-won")
    assert chey >= 0.8  # Chey is how SK's chairman spells it; still linkable


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("김영섭", "Kim Young-sam"),
        ("김영섭", "Kim Jong-un"),
        ("김영섭", "Satya Nadella"),
        ("김영섭", "Park Young-shub"),
        ("이재용", "Lee Jae-myung"),
        ("문재인", "Moon Jae-yong"),
        ("김영섭", "Kim Young"),
        ("김영섭", "Kim"),
    ],
)
def test_different_people_score_low(hangul, latin):
    assert romanisation_match(hangul, latin) < 0.5


def test_wrong_family_name_scores_lower_than_wrong_given_syllable():
    assert romanisation_match("김영섭", "Park Young-shub") < romanisation_match("김영섭", "Kim Young-sam")


@pytest.mark.parametrize(
    "latin",
    [
        "Young-shub Kim",
        "KIM Young-shub",
        "kim young shub",
        "Kim Youngshub",
        "Kim, Young-shub",
        "Kim Yŏng-sŏp",
        "Kim Young‑shub",
    ],
)
def test_order_case_spacing_and_diacritics(latin):
    assert romanisation_match("김영섭", latin) >= 0.85


def test_hyphenation_must_follow_syllables():
    # "Kimyo Ungshub": a word boundary inside a syllable is not a spelling of 김영섭
    assert romanisation_match("김영섭", "Kimyo Ungshub") < 0.8


def test_both_in_hangul():
    assert romanisation_match("김영섭", "김 영섭") == 1.0
    assert romanisation_match("김영섭", "김영삼") == 0.0


@pytest.mark.parametrize("bad", ["", "   ", "KT", "123", "\x00", "☃"])
def test_degenerate_inputs_score_zero(bad):
    assert romanisation_match(bad, "Kim Young-shub") == 0.0
    assert romanisation_match("김영섭", bad) == 0.0


def test_revised_romanisation():
    assert revised_romanisation("김영섭") == "gimyeongseop"
    assert revised_romanisation("한복남", separator="-") == "han-bok-nam"
    assert revised_romanisation("KT 김영섭") == "KT gimyeongseop"
    assert revised_romanisation("윤석열") == "yunseokyeol"


def test_romanise_name_variants():
    keys = romanise_name("김영섭")
    assert 0 < len(keys) <= 64
    assert keys[0] in {"gimyeongseop", "kimyeongseop"}  # cost-0 spellings first
    for expected in ["kimyoungseop", "kimyoungsub", "kimyoungshub", "gimyeongseop", "kimyeongseop"]:
        assert expected in keys
    assert len(set(keys)) == len(keys)
    assert all(k.isascii() and k.isalpha() and k.islower() for k in keys)


def test_romanise_name_limit_and_empty():
    assert len(romanise_name("남궁민수", limit=5)) == 5
    assert romanise_name("KT") == []
    assert romanise_name("") == []
    assert romanise_name("김영섭", limit=0) == []


def test_romanise_name_keys_meet_name_key():
    assert name_key("Kim Young-shub") in romanise_name("김영섭")
    assert name_key("Young-shub Kim") in romanise_name("김영섭")
    assert name_key("Lee Jae-yong") in romanise_name("이재용")
    assert name_key("Namgoong Min-su") in romanise_name("남궁민수")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kim Young-shub", "Young-shub Kim"),
        ("Kim Young-shub", "KIM YOUNG SHUB"),
        ("Kim Young-shub", "Kim, Young-shub"),
        ("Kim Young-shub", "kim youngshub"),
        ("Ku Hyeon-mo", "Hyeon-mo Ku"),
        ("Lee Jae-yong", "Jae Yong Lee"),
    ],
)
def test_name_key_equal(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_examples():
    assert name_key("Kim Young-shub") == "kimyoungshub"
    assert name_key("Satya Nadella") == "satyanadella"
    assert name_key("Kim Young-shub") != name_key("Kim Young-sam")


def test_romanise_name_keys_are_alias_keys():
    # the Django layer may store these as Alias.normalised: they equal normalise_alias of the Latin name
    from newsroom_text.linking import normalise_alias

    assert normalise_alias("Kim Young-shub") in romanise_name("김영섭")
    assert normalise_alias("Gim Yeong-seop") in romanise_name("김영섭")


def test_loose_name_key_is_for_proposals():
    assert (
        loose_name_key("Kim Young-shub")
        == loose_name_key("Kim Young-seop")
        == loose_name_key("Gim Yeong-seop")
    )
    assert loose_name_key("Kim Young-shub") != loose_name_key("Kim Young-sam")


@pytest.mark.parametrize(
    ("hangul", "latin", "same"),
    [
        ("삼성", "Samsung", True),
        ("현대", "Hyundai", True),
        ("기아", "Kia", True),
        ("네이버", "Naver", False),
        ("삼성", "Samsonite", False),
        ("", "Samsung", False),
        ("삼성", "", False),
    ],
)
def test_korean_word_match(hangul, latin, same):
    assert (korean_word_match(hangul, latin) >= 0.8) is same


def test_syllable_variants_cover_the_usual_spellings():
    spellings = {s for s, _ in syllable_variants("섭")}
    assert {"seop", "sub", "shub", "sup"} <= spellings
    assert syllable_variants("섭")[0] == ("seop", 0.0)
    assert {"young", "yeong", "yong"} <= {s for s, _ in syllable_variants("영")}
    assert {"si", "shi"} <= {s for s, _ in syllable_variants("시")}
    assert {"hee", "hui", "heui"} <= {s for s, _ in syllable_variants("희")}


hangul_syllable = st.integers(min_value=0xAC00, max_value=0xD7A3).map(chr)
hangul_name = st.lists(hangul_syllable, min_size=2, max_size=4).map("".join)


@settings(max_examples=300, deadline=None)
@given(hangul_name)
def test_property_rr_of_a_name_matches_itself(name):
    family, given_name = name[0], name[1:]
    assert romanisation_match(name, revised_romanisation(name)) >= 0.9
    assert (
        romanisation_match(
            name, f"{revised_romanisation(family)} {revised_romanisation(given_name, separator='-')}"
        )
        >= 0.9
    )
    assert (
        romanisation_match(name, f"{revised_romanisation(given_name)} {revised_romanisation(family)}".upper())
        >= 0.9
    )


@settings(max_examples=300, deadline=None)
@given(hangul_name)
def test_property_romanise_name_bounded_and_self_consistent(name):
    keys = romanise_name(name)
    assert 1 <= len(keys) <= 64
    assert romanisation_match(name, keys[0]) >= 0.9
    assert all(k.isascii() for k in keys)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_property_never_crashes(a, b):
    score = romanisation_match(a, b)
    assert 0.0 <= score <= 1.0
    assert isinstance(name_key(b), str)
    assert len(romanise_name(a)) <= 64
