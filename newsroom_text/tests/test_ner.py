"""Tests for newsroom_text.ner (plain pytest, no Django):
.venv/bin/pytest newsroom_text/tests/test_ner.py -q -p no:django
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom_text.ner import recognise
from newsroom_text.ner.cli import extract_jsonl

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
KO_SEED = SEEDS / "000_329ef9b1478a6bb7.txt"
EN_SEED = SEEDS / "004_9e72b723b3a44e7c.txt"


def _check_valid(text, spans):
    prev_end = -1
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.text == text[s.start : s.end]
        assert s.start >= prev_end, "spans overlap or are unsorted"
        assert 0.0 <= s.confidence <= 1.0
        assert s.method
        prev_end = s.end


def _labels(spans):
    out: dict[str, set[str]] = {}
    for s in spans:
        out.setdefault(s.text, set()).add(s.label)
    return out


@pytest.fixture(scope="module")
def ko_seed():
    if not KO_SEED.exists():
        pytest.skip("Korean seed article not present")
    text = KO_SEED.read_text(encoding="utf-8")
    spans = recognise(text, lang="ko")
    _check_valid(text, spans)
    return text, spans


@pytest.fixture(scope="module")
def en_seed():
    if not EN_SEED.exists():
        pytest.skip("English seed article not present")
    text = EN_SEED.read_text(encoding="utf-8")
    spans = recognise(text, lang="en")
    _check_valid(text, spans)
    return text, spans


# ------------------------------------------------------------------ Korean seed
def test_ko_seed_kt_is_org_without_particle(ko_seed):
    text, spans = ko_seed
    labels = _labels(spans)
    assert labels.get("KT") == {"ORG"}
    assert not any(s.text in ("KT는", "KT가", "KT의", "KT와") for s in spans)
    # "KT는" occurs in the text: that occurrence is the span "KT"
    i = text.index("KT는")
    assert any(s.start == i and s.end == i + 2 and s.label == "ORG" for s in spans)


def test_ko_seed_ceo_name_is_one_person_span(ko_seed):
    text, spans = ko_seed
    assert _labels(spans).get("김영섭") == {"PERSON"}
    assert "영섭" not in _labels(spans)
    i = text.index("김영섭 KT 대표")
    assert any(s.start == i and s.end == i + 3 for s in spans)


def test_ko_seed_orgs(ko_seed):
    _, spans = ko_seed
    labels = _labels(spans)
    for org in ("GSMA", "마이크로소프트", "MS"):
        assert labels.get(org) == {"ORG"}, (org, labels.get(org))


def test_ko_seed_person_place_venue_event(ko_seed):
    _, spans = ko_seed
    labels = _labels(spans)
    assert labels.get("마츠 그란리드") == {"PERSON"}
    assert labels.get("서울") == {"PLACE"}
    assert labels.get("웨스틴 조선호텔") == {"PLACE"}  # a venue is a PLACE here (docs/quality.md)
    assert "EVENT" in labels.get("M360 APAC", set())


def test_ko_every_occurrence_consistent(ko_seed):
    _, spans = ko_seed
    for name, labs in _labels(spans).items():
        if name in ("KT", "GSMA", "김영섭", "MS"):
            assert len(labs) == 1, (name, labs)


# ------------------------------------------------------------------ English seed
def test_en_seed_orgs(en_seed):
    _, spans = en_seed
    labels = _labels(spans)
    for org in ("KT", "Microsoft", "KT Cloud", "Amazon Web Services"):
        assert labels.get(org) == {"ORG"}, (org, labels.get(org))


def test_en_seed_people_and_place(en_seed):
    _, spans = en_seed
    labels = _labels(spans)
    for person in ("Kim Young-shub", "Satya Nadella", "Ku Hyeon-mo"):
        assert labels.get(person) == {"PERSON"}, (person, labels.get(person))
    assert labels.get("Washington State") == {"PLACE"}
    # a possessive is never part of a name
    assert not any(s.text.endswith(("’s", "'s")) for s in spans)


# ------------------------------------------------------------------ general cases (not from the seeds)
def test_ko_particles_are_stripped():
    text = "삼성전자는 수원에서 이재용 회장이 참석한 가운데 신제품을 공개했다."
    spans = recognise(text, lang="ko")
    _check_valid(text, spans)
    labels = _labels(spans)
    assert labels.get("삼성전자") == {"ORG"}
    assert labels.get("이재용") == {"PERSON"}
    assert "수원" in labels and "PLACE" in labels["수원"]
    for s in spans:
        assert not s.text.endswith(("는", "이", "에서")) or s.text in ("수원",), s


def test_ko_known_entities_with_particles():
    text = "한빛솔루션즈가 발표했다. 박서연이 말했다. 한빛솔루션즈의 주가는 올랐다."
    spans = recognise(text, lang="ko", known=[("한빛솔루션즈", "ORG"), ("박서연", "PERSON")])
    _check_valid(text, spans)
    got = [(s.text, s.label, s.method) for s in spans]
    assert got.count(("한빛솔루션즈", "ORG", "known")) == 2
    assert ("박서연", "PERSON", "known") in got


def test_known_not_matched_inside_other_words():
    text = "The Kimchi festival in Kimberley drew crowds."
    spans = recognise(text, lang="en", known=[("Kim", "PERSON")])
    assert not any(s.text == "Kim" for s in spans)


def test_en_general_cases():
    text = (
        "German Chancellor Olaf Scholz met Toyota Motor Corp executives in Berlin on Monday. "
        "The European Union said the United Nations would send envoys to Kenya. Mr. Scholz declined to comment."
    )
    spans = recognise(text, lang="en")
    _check_valid(text, spans)
    labels = _labels(spans)
    assert labels.get("Olaf Scholz") == {"PERSON"}
    assert labels.get("Scholz") == {"PERSON"}
    assert labels.get("Toyota Motor Corp") == {"ORG"}
    assert labels.get("Berlin") == {"PLACE"}
    assert labels.get("Kenya") == {"PLACE"}
    assert labels.get("European Union") == {"ORG"}
    assert "German" not in labels and "Monday" not in labels  # demonyms and days are not PLACE/entities


def test_en_known_and_document_consistency():
    text = "Zorvex Labs hired Ana Ruiz. Later Zorvex announced profits, and Ruiz praised Zorvex."
    spans = recognise(text, lang="en", known=[("Zorvex", "ORG")])
    _check_valid(text, spans)
    zs = [s for s in spans if s.text == "Zorvex"]
    assert len(zs) == 2 and all(s.label == "ORG" for s in zs)
    assert _labels(spans).get("Ruiz") == {"PERSON"}


def test_language_detection_and_empty():
    assert recognise("") == []
    assert recognise("   \n ") == []
    spans = recognise("서울시는 오늘 발표했다.")
    assert all(s.text != "서울시는" for s in spans)


def test_extract_jsonl(tmp_path):
    src = tmp_path / "in.jsonl"
    dst = tmp_path / "out.jsonl"
    src.write_text(
        json.dumps(
            {"id": "a1", "text": "이재용 삼성전자 회장이 서울에서 말했다.", "lang": "ko"}, ensure_ascii=False
        )
        + "\n"
        + json.dumps({"id": "a2", "text": "Satya Nadella visited Seoul.", "published": "2024-07-01"})
        + "\n",
        encoding="utf-8",
    )
    assert extract_jsonl(src, dst) == 2
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a1", "a2"]
    for r in rows:
        for e in r["entities"]:
            assert set(e) == {"start", "end", "text", "label"}
    assert {"text": "Satya Nadella", "label": "PERSON", "start": 0, "end": 13} in rows[1]["entities"]


# ------------------------------------------------------------------ robustness
_alphabet = st.sampled_from(
    list("김영섭KT는이가의 .,\n\t()'’\"-ABCMicrosoftSeoul서울시에서 대표1234·…") + ["\u200b", "😀", "\x00"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.text(max_size=200), st.text(alphabet=_alphabet, max_size=200)),
    lang=st.sampled_from([None, "ko", "en"]),
    known=st.lists(st.tuples(st.text(max_size=6), st.sampled_from(["PERSON", "ORG", "PLACE"])), max_size=3),
)
def test_any_text_gives_valid_spans(text, lang, known):
    spans = recognise(text, lang=lang, known=known)
    _check_valid(text, spans)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_long_input_completes(lang):
    if lang == "ko":
        unit = "김영섭 KT 대표는 서울 웨스틴 조선호텔에서 마이크로소프트(MS)와 협약을 맺었다고 30일 밝혔다. "
    else:
        unit = "KT CEO Kim Young-shub met Microsoft CEO Satya Nadella in Washington State on Monday. "
    text = (unit * (50_000 // len(unit) + 1))[:50_000]
    # one line without newlines as well: the worst case for segmenting
    spans = recognise(text, lang=lang)
    _check_valid(text, spans)
    assert len(spans) > 100


# ------------------------------------------------------------------ Korean post-rules
def test_ko_city_split_off_only_a_several_word_venue():
    from newsroom_text.ner.korean_rules import split_leading_place
    from newsroom_text.spans import Span

    def split(text):
        return [s.text for s in split_leading_place(text, [Span(0, len(text), "PLACE", text, 0.9, "crf")])]

    assert split("서울 웨스틴 조선호텔") == ["서울", "웨스틴 조선호텔"]
    assert split("뉴욕 링컨센터") == ["뉴욕 링컨센터"]  # a one-word venue stays with its city (KLUE)
    assert split("서울 송파구 올림픽공원 체조경기장") == ["서울 송파구 올림픽공원 체조경기장"]  # an address chain
    assert split("중국 상하이 운봉극장") == ["중국 상하이 운봉극장"]


def test_bracketed_alias_changes_script():
    from newsroom_text.ner.common import alias_votes
    from newsroom_text.spans import Span

    text = "정다운(양주시청)과 마이크로소프트(MS)"
    spans = [Span(0, 3, "PERSON", "정다운", 0.9, "crf"), Span(4, 8, "ORG", "양주시청", 0.9, "crf"),
             Span(11, 18, "ORG", "마이크로소프트", 0.9, "crf"), Span(19, 21, "PERSON", "MS", 0.5, "crf")]
    votes = {(surface, label) for surface, label, _ in alias_votes(text, spans)}
    assert ("MS", "ORG") in votes  # a Latin alias of a Hangul name
    assert not any(surface in ("정다운", "양주시청") for surface, _ in votes)  # a person and her club


# --- the Korean CRF's items: characters without whitespace, BILOU labels -------------------------

def test_bilou_tags_mark_each_entity_start_inside_end_and_single():
    from newsroom_text.ner.training import bilou_tags

    text = "웨스틴 조선호텔 앞 K"
    tags = bilou_tags(text, [{"start": 0, "end": 8, "label": "LC"}, {"start": 11, "end": 12, "label": "OG"}])
    assert tags[0] == "B-PLACE" and tags[7] == "L-PLACE"
    assert tags[1:7] == ["I-PLACE"] * 6  # the space inside the name is inside it
    assert tags[8:11] == ["O", "O", "O"] and tags[11] == "U-ORG"


def test_training_items_leave_out_whitespace_and_keep_tags_aligned():
    from newsroom_text.ner.features_ko import item_positions
    from newsroom_text.ner.training import sentence_xy

    row = {"text": "김영섭 KT 대표는\n말했다", "entities": [{"start": 0, "end": 3, "label": "PS"},
                                                   {"start": 4, "end": 6, "label": "OG"}]}
    feats, tags = sentence_xy(row)
    positions = item_positions(row["text"])
    assert len(feats) == len(tags) == len(positions) == sum(not c.isspace() for c in row["text"])
    assert all(not row["text"][i].isspace() for i in positions)
    assert tags[:5] == ["B-PERSON", "I-PERSON", "L-PERSON", "B-ORG", "L-ORG"]
    assert ["c=" + row["text"][i] in f for i, f in zip(positions, feats, strict=True)] == [True] * len(positions)


class _FixedTagger:
    """A stand-in crfsuite tagger that labels items by their characters (to test the mapping back)."""

    def __init__(self, labels):
        self.labels = labels  # {character offset in the text: tag}
        self.calls = []

    def tag(self, items):
        self.calls.append(len(items))
        return [self.labels.get(int(next(f for f in item if f.startswith("pos=")).split("=")[1]), "O")
                for item in items]

    def marginal(self, tag, k):
        return 0.5


def test_crf_spans_run_over_the_spaces_between_their_items(monkeypatch):
    from newsroom_text.ner import korean as ko_ner

    text = "서울 웨스틴 조선호텔에서 열렸다"
    real = ko_ner.text_features

    def with_offsets(t, morphs):
        positions, feats = real(t, morphs)
        return positions, [f + [f"pos={i}"] for i, f in zip(positions, feats, strict=True)]

    monkeypatch.setattr(ko_ner, "text_features", with_offsets)
    start, end = text.index("웨"), text.index("텔") + 1
    labels = {start: "B-PLACE", end - 1: "L-PLACE", **{i: "I-PLACE" for i in range(start + 1, end - 1)}}
    tagger = ko_ner.KoreanTagger.__new__(ko_ner.KoreanTagger)
    tagger.tagger = _FixedTagger(labels)
    spans = tagger.spans(text)
    assert [(s.text, s.label) for s in spans] == [("웨스틴 조선호텔", "PLACE")]
    assert tagger.tagger.calls == [sum(not c.isspace() for c in text)]  # spaces were never items


def test_a_word_the_analyser_only_guessed_is_marked_on_its_characters():
    from newsroom_text.korean import morphemes
    from newsroom_text.ner.features_ko import text_features

    text = "퀄컴스냅드래곤을 발표했다"
    morphs = morphemes(text)
    guessed = [m for m in morphs if m.oov]
    assert [m.form for m in guessed] == ["퀄컴스냅드래곤"]  # kiwipiepy's own verdict, not ours
    positions, feats = text_features(text, morphs)
    marks = {text[i]: [f for f in fs if f.startswith("oov=")] for i, fs in zip(positions, feats, strict=True)}
    assert marks["퀄"] == ["oov=B"] and marks["곤"] == ["oov=I"]
    assert marks["발"] == [] and marks["을"] == []
