"""Linking mentions to one entity across Korean and English (plain Python: run with -p no:django)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_text import linking
from newsroom_text.linking import (
    LINK_THRESHOLD,
    Candidate,
    LinkDecision,
    acronym_match,
    aliases_from_text,
    cross_script_match,
    link_mention,
    loanword_similarity,
    normalise_alias,
)
from newsroom_text.spans import Span

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
KO_SEED = "000_329ef9b1478a6bb7.txt"  # 뉴스투데이: KT 김영섭 호, GSMA 이사회, MS 협약
EN_SEED = "004_9e72b723b3a44e7c.txt"  # KT / Microsoft partnership, Kim Young-shub, KT Cloud


def _read(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _spans(text: str, surfaces_and_labels: list[tuple[str, str]]) -> list[Span]:
    """Every occurrence of each surface, as a Span (what the NER would hand over)."""
    out = []
    for surface, label in surfaces_and_labels:
        i = text.find(surface)
        while i >= 0:
            out.append(Span(i, i + len(surface), label, surface))
            i = text.find(surface, i + len(surface))
    return sorted(out, key=lambda s: (s.start, -s.end))


# --------------------------------------------------------------------------------------------
# normalise_alias


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("Microsoft Corp.", "microsoft"),
        ("Microsoft Corporation", "microsoft"),
        ("Samsung Electronics Co., Ltd.", "samsungelectronics"),
        ("Apple Inc.", "apple"),
        ("The Coca-Cola Company", "coca-cola company".replace("-", "").replace(" ", "")),
        ("㈜KT", "kt"),
        ("(주)KT", "kt"),
        ("주식회사 KT", "kt"),
        ("KT", "kt"),
        ("ＫＴ", "kt"),  # full-width
        ("Kim Young-shub", "kimyoungshub"),
        ("‘KT Cloud’", "ktcloud"),
        ("AT&T", "at&t"),
        ("U.S.", "us"),
        ("마이크로소프트", "마이크로소프트"),
        ("세계이동통신사업자연합회 ", "세계이동통신사업자연합회"),
        ("Inc.", "inc"),
    ],
)
def test_normalise_alias(surface, key):
    assert normalise_alias(surface) == key


def test_group_is_kept_so_kt_group_is_not_kt():
    assert normalise_alias("KT Group") == "ktgroup" != normalise_alias("KT")
    assert normalise_alias("KT Cloud") != normalise_alias("KT")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_property_normalise_alias_total_and_idempotent(text):
    key = normalise_alias(text)
    assert isinstance(key, str)
    assert normalise_alias(key) == key
    assert " " not in key


# --------------------------------------------------------------------------------------------
# aliases_from_text


def test_aliases_declared_in_korean_seed():
    text = _read(KO_SEED)
    spans = _spans(
        text,
        [
            ("KT", "ORG"),
            ("세계이동통신사업자연합회", "ORG"),
            ("GSMA", "ORG"),
            ("마이크로소프트", "ORG"),
            ("MS", "ORG"),
            ("김영섭", "PERSON"),
            ("AICT", "PRODUCT"),
            ("AX", "PRODUCT"),
        ],
    )
    pairs = aliases_from_text(text, spans)
    assert ("세계이동통신사업자연합회", "GSMA") in pairs
    assert ("마이크로소프트", "MS") in pairs
    # descriptions in parentheses are not names: KT(대표 김영섭·사진), AICT(인공지능+정보통신기술), AX(AI 전환)
    assert not any(short == "KT" or long == "KT" for long, short in pairs)
    assert not any("AICT" in (long, short) or "AX" in (long, short) for long, short in pairs)


def test_acronym_span_in_parentheses_finds_hangul_expansion():
    text = _read(KO_SEED)
    pairs = aliases_from_text(text, _spans(text, [("GSMA", "ORG")]))
    assert pairs == [("세계이동통신사업자연합회", "GSMA")]


def test_aliases_declared_in_english_seed():
    text = _read(EN_SEED)
    spans = _spans(
        text,
        [
            ("KT", "ORG"),
            ("Microsoft", "ORG"),
            ("Amazon Web Services", "ORG"),
            ("KT Cloud", "ORG"),
            ("KT Group", "ORG"),
            ("Kim Young-shub", "PERSON"),
            ("MSP", "ORG"),
        ],
    )
    pairs = aliases_from_text(text, spans)
    assert ("Amazon Web Services", "AWS") in pairs
    assert ("managed service provider", "MSP") in pairs
    assert not any("KT" in pair for pair in pairs)


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("KT는 마이크로소프트(MS)와 협약을 맺었다.", "마이크로소프트", [("마이크로소프트", "MS")]),
        ("KT는 MS(마이크로소프트)와 협약을 맺었다.", "MS", [("마이크로소프트", "MS")]),
        (
            "cloud providers like Amazon Web Services (AWS) and",
            "Amazon Web Services",
            [("Amazon Web Services", "AWS")],
        ),
        ("cloud service providers (CSPs) like", "CSPs", [("cloud service providers", "CSPs")]),
        (
            "x 세계이동통신사업자연합회(GSMA) 이사회",
            "세계이동통신사업자연합회(GSMA)",
            [("세계이동통신사업자연합회", "GSMA")],
        ),
        ("삼성전자(Samsung Electronics)는", "삼성전자", [("Samsung Electronics", "삼성전자")]),
        ("KT(대표 김영섭·사진)가", "KT", []),
        ("KT(030200)가", "KT", []),
        ("지난 10일(현지시간) 발표", "10일", []),
        ("Microsoft (MSFT) shares", "Microsoft", [("Microsoft", "MSFT")]),
        ("Microsoft (AWS) shares", "Microsoft", []),  # letters do not spell it
        ("", "", []),
    ],
)
def test_aliases_from_text_patterns(text, surface, expected):
    spans = _spans(text, [(surface, "ORG")]) if surface else []
    assert aliases_from_text(text, spans) == expected


def test_aliases_from_text_accepts_tuples_and_ignores_bad_spans():
    text = "KT는 마이크로소프트(MS)와"
    start = text.index("마이크로소프트")
    assert aliases_from_text(text, [(start, start + 7, "ORG")]) == [("마이크로소프트", "MS")]
    assert aliases_from_text(text, [(5, 999), (3, 1), None, "x"]) == []


# --------------------------------------------------------------------------------------------
# acronyms and Hangul <-> Latin organisation names


@pytest.mark.parametrize(
    ("acronym", "long", "minimum"),
    [
        ("AWS", "Amazon Web Services", 0.9),
        ("MSP", "managed service provider", 0.9),
        ("GSMA", "GSM Association", 0.85),
        ("MS", "MicroSoft", 0.85),
        ("MS", "Microsoft", 0.75),
        ("MS", "마이크로소프트", 0.75),
        ("CSPs", "cloud service providers", 0.9),
    ],
)
def test_acronym_match(acronym, long, minimum):
    assert acronym_match(acronym, long)[0] >= minimum


@pytest.mark.parametrize(
    ("acronym", "long"),
    [
        ("MS", "Apple"),
        ("AWS", "Microsoft"),
        ("KT", "Samsung"),
        ("M", "Meta"),
        ("KT", "KT Cloud"),
        ("KT", "KT클라우드"),
        ("KT", "KT Group"),
    ],
)
def test_acronym_mismatch(acronym, long):
    assert acronym_match(acronym, long)[0] == 0.0


LOANWORDS = [
    ("마이크로소프트", "Microsoft"),
    ("구글", "Google"),
    ("아마존", "Amazon"),
    ("애플", "Apple"),
    ("삼성전자", "Samsung Electronics"),
    ("엔비디아", "Nvidia"),
    ("오픈AI", "OpenAI"),
    ("메타", "Meta"),
    ("인텔", "Intel"),
    ("퀄컴", "Qualcomm"),
    ("버라이즌", "Verizon"),
    ("보다폰", "Vodafone"),
    ("텔레포니카", "Telefonica"),
    ("KT클라우드", "KT Cloud"),
    ("케이티", "KT"),
    ("넷플릭스", "Netflix"),
    ("오라클", "Oracle"),
    ("시스코", "Cisco"),
    ("에릭슨", "Ericsson"),
    ("노키아", "Nokia"),
    ("테슬라", "Tesla"),
    ("스타벅스", "Starbucks"),
    ("월마트", "Walmart"),
    ("소프트뱅크", "SoftBank"),
    ("현대자동차", "Hyundai Motor"),
    ("엘지전자", "LG Electronics"),
    ("카카오", "Kakao"),
    ("기아", "Kia"),
    ("페이스북", "Facebook"),
]


@pytest.mark.parametrize(("hangul", "latin"), LOANWORDS)
def test_cross_script_general_method_without_lexicon(hangul, latin, monkeypatch):
    monkeypatch.setattr(linking, "SEED_LEXICON", {})
    linking.cross_script_match.cache_clear()
    try:
        score, how = cross_script_match(hangul, latin)
        assert score >= LINK_THRESHOLD, how
    finally:
        linking.cross_script_match.cache_clear()


NOT_SAME_ORG = [
    ("구글", "Apple"),
    ("인텔", "Nintendo"),
    ("메타", "Mattel"),
    ("애플", "Apollo"),
    ("마이크로소프트", "Microchip"),
    ("아마존", "Amgen"),
    ("버라이즌", "Horizon"),
    ("보다폰", "Vodacom"),
    ("KT클라우드", "KT"),
    ("오라클", "Oracle Cloud"),
    ("삼성전자", "Samsung SDS"),
    ("퀄컴", "Comcast"),
    ("메타", "Meituan"),
    ("인텔", "Intuit"),
    ("삼성", "Samsonite"),
    ("케이티", "KT Cloud"),
    ("엔비디아", "Nokia"),
]


@pytest.mark.parametrize(("hangul", "latin"), NOT_SAME_ORG)
def test_cross_script_non_matches(hangul, latin):
    assert cross_script_match(hangul, latin)[0] < LINK_THRESHOLD


def test_seed_lexicon_is_a_boost():
    assert cross_script_match("마이크로소프트", "Microsoft Corp.") == (0.98, "seed lexicon")
    assert loanword_similarity("마이크로소프트", "Microsoft") >= 0.9


# --------------------------------------------------------------------------------------------
# link_mention

KT = Candidate(1, "ORG", ("KT",))
MICROSOFT = Candidate(2, "ORG", ("Microsoft",))
KIM = Candidate(3, "PERSON", ("Kim Young-shub",))
GSMA = Candidate(4, "ORG", ("GSMA",))
NADELLA = Candidate(5, "PERSON", ("Satya Nadella",))
KT_CLOUD = Candidate(6, "ORG", ("KT Cloud",))
KT_GROUP = Candidate(7, "ORG", ("KT Group",))
KU = Candidate(8, "PERSON", ("Ku Hyeon-mo",))
EN_ENTITIES = [KT, MICROSOFT, KIM, GSMA, NADELLA, KT_CLOUD, KT_GROUP, KU]


def test_kt_in_both_articles_is_one_entity():
    for surface in ["KT", "㈜KT", "(주)KT", "주식회사 KT", "ＫＴ", "케이티"]:
        decision = link_mention(surface, "ORG", "ko", EN_ENTITIES)
        assert decision.entity_id == 1, (surface, decision)
        assert decision.confidence >= 0.95


def test_kt_cloud_is_not_kt():
    assert link_mention("KT Cloud", "ORG", "en", [KT]).entity_id is None
    assert link_mention("KT클라우드", "ORG", "ko", [KT]).entity_id is None
    assert link_mention("KT", "ORG", "en", [KT_CLOUD, KT_GROUP]).entity_id is None
    assert link_mention("KT Cloud", "ORG", "en", EN_ENTITIES).entity_id == 6
    assert link_mention("KT클라우드", "ORG", "ko", EN_ENTITIES).entity_id == 6
    assert link_mention("KT Group", "ORG", "en", EN_ENTITIES).entity_id == 7


def test_microsoft_in_hangul_links_to_microsoft():
    decision = link_mention("마이크로소프트", "ORG", "ko", EN_ENTITIES)
    assert decision.entity_id == 2
    assert decision.confidence >= 0.9


def test_ms_links_with_context_support():
    # the Korean article declares 마이크로소프트(MS) before writing "MS"
    decision = link_mention("MS", "ORG", "ko", EN_ENTITIES, context_names=["마이크로소프트", "KT"])
    assert decision.entity_id == 2
    assert "acronym" in decision.reason
    decision = link_mention("MS", "ORG", "en", EN_ENTITIES, context_names=["Microsoft"])
    assert decision.entity_id == 2


def test_ms_without_context_is_only_proposed():
    decision = link_mention("MS", "ORG", "ko", EN_ENTITIES)
    assert decision.entity_id is None
    assert decision.best_guess_id == 2
    assert "Microsoft" in decision.reason and "0.75" in decision.reason


def test_acronym_of_words_links_without_context():
    aws = Candidate(9, "ORG", ("Amazon Web Services",))
    decision = link_mention("AWS", "ORG", "en", [aws, MICROSOFT])
    assert decision.entity_id == 9
    assert decision.confidence >= 0.85


def test_korean_ceo_links_by_romanisation():
    decision = link_mention("김영섭", "PERSON", "ko", EN_ENTITIES)
    assert decision.entity_id == 3
    assert decision.confidence >= 0.9
    assert "romanisation" in decision.reason
    assert link_mention("구현모", "PERSON", "ko", EN_ENTITIES).entity_id == 8


def test_latin_mention_links_to_hangul_only_entity():
    kim_ko = Candidate(11, "PERSON", ("김영섭",))
    assert link_mention("Kim Young-shub", "PERSON", "en", [kim_ko]).entity_id == 11
    assert link_mention("Young-shub Kim", "PERSON", "en", [kim_ko]).entity_id == 11
    # a third spelling: the Hangul name matches it, the other Latin spelling does not
    assert link_mention("Kim Young-seop", "PERSON", "en", [KIM, kim_ko]).entity_id == 11
    both = Candidate(12, "PERSON", ("Kim Young-shub", "김영섭"))
    assert link_mention("Kim Young-seop", "PERSON", "en", [both]).entity_id == 12


def test_other_latin_spelling_of_a_korean_name_is_proposed_not_linked():
    decision = link_mention("Kim Young-seop", "PERSON", "en", [KIM])
    assert decision.entity_id is None
    assert decision.best_guess_id == 3
    assert 0.5 <= decision.confidence < LINK_THRESHOLD


def test_family_name_alone_needs_context():
    decision = link_mention("Kim", "PERSON", "en", EN_ENTITIES, context_names=["Kim Young-shub", "KT"])
    assert decision.entity_id == 3
    assert link_mention("Kim", "PERSON", "en", EN_ENTITIES).entity_id is None
    assert link_mention("김", "PERSON", "ko", EN_ENTITIES, context_names=["김영섭"]).entity_id is None
    assert link_mention("김", "PERSON", "ko", EN_ENTITIES, context_names=["Kim Young-shub"]).entity_id == 3


def test_different_person_is_a_new_entity_with_best_guess():
    decision = link_mention("김영삼", "PERSON", "ko", EN_ENTITIES)
    assert decision.entity_id is None
    assert decision.best_guess_id == 3
    assert 0 < decision.confidence < LINK_THRESHOLD
    assert "Kim Young-shub" in decision.reason and "new entity" in decision.reason
    assert (
        link_mention("Kim Jong-un", "PERSON", "en", [Candidate(3, "PERSON", ("김영섭",))]).entity_id is None
    )


def test_person_never_links_to_org():
    assert link_mention("KT", "PERSON", "en", EN_ENTITIES).entity_id is None
    assert link_mention("Kim Young-shub", "ORG", "en", EN_ENTITIES).entity_id is None
    assert link_mention("김영섭", "ORG", "ko", [KIM]).confidence == 0.0


def test_org_and_product_are_compatible_other_kinds_are_not():
    product = Candidate(20, "PRODUCT", ("Azure",))
    assert link_mention("Azure", "ORG", "en", [product]).entity_id == 20
    assert link_mention("Azure", "PLACE", "en", [product]).entity_id is None


def test_unrelated_org_is_new():
    decision = link_mention("구글", "ORG", "ko", EN_ENTITIES)
    assert decision.entity_id is None
    assert decision.confidence < LINK_THRESHOLD


def test_ambiguous_alias_does_not_link():
    ms_a = Candidate(30, "ORG", ("MS", "Microsoft"))
    ms_b = Candidate(31, "ORG", ("MS", "Morgan Stanley"))
    decision = link_mention("MS", "ORG", "en", [ms_a, ms_b])
    assert decision.entity_id is None
    assert "ambiguous" in decision.reason
    assert decision.best_guess_id in {30, 31}


def test_no_candidates_and_empty_mention():
    assert link_mention("KT", "ORG", "en", []) == LinkDecision(
        None, 0.0, link_mention("KT", "ORG", "en", []).reason
    )
    assert link_mention("", "ORG", "en", EN_ENTITIES).entity_id is None
    assert link_mention("  ", "ORG", "en", EN_ENTITIES).confidence == 0.0


def test_translated_name_needs_the_declared_alias():
    # 세계이동통신사업자연합회 is a translation of GSMA, not a transliteration: no link without the text's word
    decision = link_mention("세계이동통신사업자연합회", "ORG", "ko", [GSMA])
    assert decision.entity_id is None
    gsma_with_alias = Candidate(
        4, "ORG", ("GSMA", *aliases_from_text("세계이동통신사업자연합회(GSMA)", [(0, 12)])[0])
    )
    assert link_mention("세계이동통신사업자연합회", "ORG", "ko", [gsma_with_alias]).entity_id == 4


def test_nadella_in_hangul():
    assert link_mention("사티아 나델라", "PERSON", "ko", EN_ENTITIES).entity_id == 5


# --------------------------------------------------------------------------------------------
# the two seed articles, through the flow the Django layer follows


@dataclass
class _Registry:
    """A minimal in-memory stand-in for the Entity/Alias tables."""

    entities: dict[int, tuple[str, list[str]]] = field(default_factory=dict)

    def candidates(self) -> list[Candidate]:
        return [Candidate(i, kind, tuple(names)) for i, (kind, names) in self.entities.items()]

    def add(self, surface: str, kind: str, lang: str, context: list[str]) -> int:
        decision = link_mention(surface, kind, lang, self.candidates(), context_names=context)
        entity_id = decision.entity_id
        if entity_id is None:
            entity_id = len(self.entities) + 1
            self.entities[entity_id] = (kind, [])
        names = self.entities[entity_id][1]
        if surface not in names:
            names.append(surface)
        return entity_id

    def add_alias_pairs(self, pairs: list[tuple[str, str]]) -> None:
        for long, short in pairs:
            for _kind, names in self.entities.values():
                keys = {normalise_alias(n) for n in names}
                if normalise_alias(long) in keys or normalise_alias(short) in keys:
                    names.extend(n for n in (long, short) if n not in names)


def test_seed_articles_link_to_the_same_entities():
    reg = _Registry()
    en = _read(EN_SEED)
    en_mentions = [
        ("KT", "ORG"),
        ("Microsoft", "ORG"),
        ("Kim Young-shub", "PERSON"),
        ("Satya Nadella", "PERSON"),
        ("KT Cloud", "ORG"),
        ("KT Group", "ORG"),
        ("Amazon Web Services", "ORG"),
        ("Ku Hyeon-mo", "PERSON"),
        ("Kim", "PERSON"),
    ]
    en_context = [s for s, _ in en_mentions]
    en_ids = {s: reg.add(s, k, "en", en_context) for s, k in en_mentions}
    reg.add_alias_pairs(aliases_from_text(en, _spans(en, en_mentions)))
    assert en_ids["Kim"] == en_ids["Kim Young-shub"]
    assert len({en_ids[s] for s in ("KT", "KT Cloud", "KT Group")}) == 3

    ko = _read(KO_SEED)
    ko_mentions = [
        ("KT", "ORG"),
        ("김영섭", "PERSON"),
        ("세계이동통신사업자연합회", "ORG"),
        ("GSMA", "ORG"),
        ("마이크로소프트", "ORG"),
        ("MS", "ORG"),
        ("마츠 그란리드", "PERSON"),
    ]
    ko_pairs = aliases_from_text(ko, _spans(ko, ko_mentions))
    ko_context = [s for s, _ in ko_mentions] + [n for pair in ko_pairs for n in pair]
    ko_ids = {s: reg.add(s, k, "ko", ko_context) for s, k in ko_mentions if s != "GSMA"}
    reg.add_alias_pairs(ko_pairs)
    ko_ids["GSMA"] = reg.add("GSMA", "ORG", "ko", ko_context)

    assert ko_ids["KT"] == en_ids["KT"]
    assert ko_ids["김영섭"] == en_ids["Kim Young-shub"]
    assert ko_ids["마이크로소프트"] == ko_ids["MS"] == en_ids["Microsoft"]
    assert ko_ids["GSMA"] == ko_ids["세계이동통신사업자연합회"]
    assert ko_ids["KT"] not in {en_ids["KT Cloud"], en_ids["KT Group"]}
    assert ko_ids["마츠 그란리드"] not in en_ids.values()
    # later: an English "GSMA" mention finds the Korean-born entity by its declared alias
    assert link_mention("GSMA", "ORG", "en", reg.candidates()).entity_id == ko_ids["세계이동통신사업자연합회"]


# --------------------------------------------------------------------------------------------
# properties

names = st.text(alphabet=st.sampled_from("KTMSaeiouklmnpst -.가김영섭마이크로소프트()㈜"), max_size=20)


@settings(max_examples=300, deadline=None)
@given(names, st.sampled_from(["ORG", "PERSON", "PRODUCT", "PLACE", ""]), st.lists(names, max_size=4))
def test_property_link_mention_never_crashes(surface, kind, ctx):
    decision = link_mention(surface, kind, "ko", EN_ENTITIES, context_names=ctx)
    assert 0.0 <= decision.confidence <= 1.0
    assert decision.entity_id is None or decision.confidence >= LINK_THRESHOLD
    assert isinstance(decision.reason, str) and decision.reason


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=5))
def test_property_aliases_from_text_never_crashes(text, spans):
    pairs = aliases_from_text(text, spans)
    assert all(isinstance(a, str) and isinstance(b, str) and a and b for a, b in pairs)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=20).filter(lambda s: normalise_alias(s) != ""))
def test_property_known_name_links_exactly(name):
    cand = Candidate(42, "ORG", (name,))
    decision = link_mention(name, "ORG", "en", [cand, KIM])
    assert decision.entity_id == 42
    assert decision.confidence == 1.0
