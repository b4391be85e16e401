"""High-precision Korean rules applied before the CRF: named events (e.g. "M360 APAC 2024") and
bracketed Latin abbreviations of organisations already tagged."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsroom_text.korean import Morpheme
from newsroom_text.spans import Span

# "<Latin name> [<year>] 행사/콘퍼런스/..." style events and well-known event words.
# The quantifiers are possessive (*+): with "[ ]?" optional, a plain [A-Za-z0-9&]* let a run of
# capitals split into 1-4 words in O(n^4) ways before failing (60 capitals took 0.14 s, 10,000 never
# ended); a word or a whitespace run can only end in one place, so the matches are unchanged.
_EVENT = re.compile(
    r"(?<![\w])((?:[A-Z][A-Za-z0-9&]*+[ ]?){1,4}(?:20\d\d|19\d\d)?)"
    # then maybe a closing bracket, a year and a closing quote: "‘모바일360(M360 APAC) 2024’ 행사"
    r"(?=\s*+(?:\)\s*+)?(?:(?:20\d\d|19\d\d)\s*+)?(?:'|’|”)?\s*+(?:행사|콘퍼런스|컨퍼런스|박람회|전시회|포럼|서밋|엑스포|페스티벌|축제))"
)
_EVENT_WORD = re.compile(
    r"(?<![A-Za-z0-9])(?:MWC|CES|IFA|COMPUTEX|GTC|WWDC|다보스포럼)(?: 20\d\d)?(?![A-Za-z0-9])"
)


_ORG_CUE_BEFORE = ("기업 ", "회사 ", "업체 ", "브랜드 ", "제조사 ", "통신사 ", "은행 ", "증권사 ", "계열사 ")


def relabel_orgs(text: str, spans: list[Span]) -> list[Span]:
    """Known Korean organisation names, and a name right after "기업/회사/업체…", are ORG."""
    from .lexicon_ko import KO_ORGS

    out = []
    for s in spans:
        if s.method == "crf" and s.label in ("PERSON", "PLACE") and (
                s.text in KO_ORGS or text[max(0, s.start - 4):s.start].endswith(_ORG_CUE_BEFORE)):
            s = Span(s.start, s.end, "ORG", s.text, s.confidence, "gazetteer")
        out.append(s)
    return out


# a venue after a city name is its own name ("서울 웨스틴 조선호텔"); administrative chains such as
# "서울 강남구" or "미국 뉴욕" stay one span (KLUE's convention, and measured: splitting those cost F1)
_VENUES = ("호텔", "센터", "홀", "빌딩", "타워", "경기장", "스타디움", "공항", "역", "컨벤션", "박물관", "미술관", "극장",
           "아레나", "리조트", "광장", "공원")


# a chain of administrative units ("서울 송파구 올림픽공원 체조경기장", "중국 상하이 운봉극장") stays one span,
# like a one-word venue after a city ("뉴욕 링컨센터"): KLUE's convention, measured on a CV fold
_ADMIN = ("시", "도", "군", "구", "동", "읍", "면", "리", "주", "성", "현")


def split_leading_place(text: str, spans: list[Span]) -> list[Span]:
    """"서울 웨스틴 조선호텔" -> "서울" (PLACE) + "웨스틴 조선호텔": a city name followed by a venue's
    several-word brand name."""
    from .lexicon_ko import ko_places

    places = ko_places()
    out: list[Span] = []
    for s in spans:
        sp = s.text.find(" ")
        rest = s.text[sp + 1:].split(" ")
        if s.label in ("PLACE", "ORG") and s.method == "crf" and sp > 0 and s.text[:sp] in places \
                and len(rest) >= 2 and rest[0] not in places and not rest[0].endswith(_ADMIN) \
                and s.text.endswith(_VENUES):
            a = s.start + sp
            b = a + 1
            out.append(Span(s.start, a, "PLACE", text[s.start:a], s.confidence, s.method))
            out.append(Span(b, s.end, s.label, text[b:s.end], s.confidence, s.method))
        else:
            out.append(s)
    return out


def rule_spans(text: str, morphs: Sequence[Morpheme]) -> list[Span]:
    out: list[Span] = []
    for m in _EVENT_WORD.finditer(text):
        out.append(Span(m.start(), m.end(), "EVENT", m.group(0), 0.9, "pattern"))
    for m in _EVENT.finditer(text):
        a, b = m.span(1)
        while b > a and text[b - 1] == " ":
            b -= 1
        if b - a >= 3:
            out.append(Span(a, b, "EVENT", text[a:b], 0.7, "pattern"))
    return out
