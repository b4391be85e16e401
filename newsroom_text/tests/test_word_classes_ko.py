"""mecab-ko-dic word classes as the Korean CRF reads them (newsroom_text.ner.word_classes_ko)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_text.korean import morphemes
from newsroom_text.ner.features_ko import text_features
from newsroom_text.ner.word_classes_ko import _classes, char_classes


def test_person_and_place_names_are_classed_on_each_character():
    text = "러시아 푸틴 대통령이 말했다"
    classes = char_classes(text)
    assert len(classes) == len(text)
    assert classes[0] == ("mn=P지명B",) and classes[1] == classes[2] == ("mn=P지명I",)
    assert classes[4] == ("mn=P인명B",) and classes[5] == ("mn=P인명I",)
    assert classes[3] == ()  # the space
    assert all(c == () for c in classes[7:])  # 대통령, particles and the verb name nobody


def test_a_compound_with_a_place_part_marks_its_characters():
    text = "서울 웨스틴 조선호텔에서"
    classes = char_classes(text)
    hotel = text.index("조선호텔")
    assert "mc=장소" in classes[hotel] and "mc=장소" in classes[hotel + 3]
    assert classes[hotel][0] == "mn=P-B"  # a proper noun mecab does not class itself
    assert "mc=장소" not in classes[text.index("에서")]


def test_feature_strings_are_read_field_by_field():
    assert _classes("NNP,인명,T,김영섭,*,*,*,*") == ("P인명", None)
    assert _classes("NNP,*,T,조선호텔,Compound,*,*,조선/NNG/*+호텔/NNG/장소") == ("P-", "장소")
    assert _classes("NNG,장소,F,회의소,Compound,*,*,회의/NNG/*+소/NNG/*") == ("장소", None)
    assert _classes("NNG,행위,T,선임,*,*,*,*") == (None, None)
    assert _classes("SL,*,*,*,*,*,*,*") == (None, None)


def test_empty_text():
    assert char_classes("") == []


def test_the_crf_items_carry_the_classes():
    text = "김영섭 KT 대표가 서울에서"
    positions, feats = text_features(text, morphemes(text))
    by_offset = dict(zip(positions, feats, strict=True))
    assert "mn=P인명B" in by_offset[0] and "mn=P인명I" in by_offset[1]
    seoul = text.index("서울")
    assert "mn=P지명B" in by_offset[seoul]
    assert not any(f.startswith(("mn=", "mc=")) for f in by_offset[text.index("대표")])


def test_offsets_hold_over_repeated_words_and_line_breaks():
    text = "서울과 서울.\n\n  김영섭은 서울에"
    classes = char_classes(text)
    for start in (0, 4, text.index("서울에")):
        assert classes[start] == ("mn=P지명B",) and classes[start + 1] == ("mn=P지명I",)
    person = text.index("김영섭")
    assert [c[0][-1] for c in classes[person : person + 3]] == ["B", "I", "I"]
    assert classes[person + 3] == ()  # the particle


def test_a_nul_does_not_end_the_text_and_a_lone_surrogate_gives_no_classes():
    text = "\x00김영섭 서울"
    classes = char_classes(text)
    assert classes[1] == ("mn=P인명B",) and classes[5] == ("mn=P지명B",)
    assert char_classes("김영섭\ud800 서울") == [()] * 7


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("김영섭서울에서 KT는\n\t.,()-가나다라마바사아자차카타파하"), max_size=60) | st.text(max_size=60))
def test_classes_align_with_the_text_and_never_sit_on_whitespace(text):
    classes = char_classes(text)
    assert len(classes) == len(text)
    for ch, feats in zip(text, classes, strict=True):
        if ch.isspace() or ch == "\x00":
            assert feats == ()
        for f in feats:
            assert f.startswith(("mn=P", "mn=장소", "mc="))
