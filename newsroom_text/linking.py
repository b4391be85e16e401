"""Deciding which known entity a new mention belongs to, across Korean and English.

Plain Python (no Django): the entities app stores Entity/Alias rows and calls these functions.

* ``normalise_alias(surface)`` - the comparison key stored on Alias rows.
* ``aliases_from_text(text, spans)`` - (long, short) name pairs a text declares itself,
  e.g. "마이크로소프트(MS)", "Amazon Web Services (AWS)", "managed service provider (MSP)".
* ``link_mention(surface, kind, lang, candidates, context_names=...)`` -> ``LinkDecision``.

Evidence, strongest first (confidence in brackets):
  exact normalised alias (1.0); seed lexicon of common Hangul spellings of foreign companies (0.98);
  Hangul spelled-out letters, 케이티 = KT (0.95); a Korean name romanised (``romanise``) for PERSON
  and for Korean company names (삼성 = Samsung); a general loanword comparison (Hangul loanword vs
  Latin name on a phonetic key: epenthetic 으 dropped, f=p, v=b, r=l, th=s, c=k/s, z=j ...);
  acronyms (word / camel-case initials 0.85-0.9, syllable initials 0.75, lifted to 0.9 when the
  long name is in ``context_names``). A mention links at >= ``LINK_THRESHOLD`` (0.8); below that
  the decision says "new entity" and names the best guess so an editor can be proposed a merge.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsroom_text.romanise import (  # the Revised Romanisation tables also spell loanwords
    _RR_FINAL,
    _RR_INITIAL,
    _RR_MEDIAL,
    decompose,
    is_hangul_syllable,
    korean_word_match,
    loose_name_key,
    name_key,
    romanisation_match,
)

__all__ = [
    "LINK_THRESHOLD",
    "Candidate",
    "LinkDecision",
    "acronym_match",
    "aliases_from_text",
    "cross_script_match",
    "link_mention",
    "loanword_similarity",
    "normalise_alias",
]

LINK_THRESHOLD = 0.8

# ---------------------------------------------------------------------------------------------
# normalise_alias

# Legal-form words dropped at the end of a Latin name. Deliberately NOT dropped: "group",
# "holdings", "electronics", "cloud", "korea" ... - they name a different entity ("KT Group" is the
# conglomerate, "KT" the operator, "KT Cloud" a subsidiary; "Samsung Group" != "Samsung Electronics").
_LEGAL_SUFFIXES = frozenset(
    "corp corporation inc incorporated co ltd limited llc plc gmbh ag sa nv bv spa pte pty lp llp kk".split()
)
_HANGUL_LEGAL = re.compile(r"\(\s*(?:주|유|사|재|합)\s*\)|주식회사|유한회사|유한책임회사|㈜")
_DROP_CHARS = re.compile(r"[\s\-‐‑–—_.,·・'\"`‘’“”«»「」『』()\[\]{}<>/\\:;!?~*#@|]+")


def _strip_legal_suffixes(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[-1].strip(".,") in _LEGAL_SUFFIXES:
        words.pop()
        while words and words[-1] in {",", "&", "and"}:
            words.pop()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=65536)
def normalise_alias(surface: str) -> str:
    """Comparison key for a name: NFKC, casefold, legal forms and punctuation/spaces removed.

    "Microsoft Corp." -> "microsoft"; "Samsung Electronics Co., Ltd." -> "samsungelectronics";
    "㈜KT" / "(주)KT" / "주식회사 KT" -> "kt"; "Kim Young-shub" -> "kimyoungshub"; "AT&T" -> "at&t".
    "KT Group" stays "ktgroup" (see _LEGAL_SUFFIXES). Korean particles are not stripped (the NER
    does that). A name that is nothing but a legal form keeps it ("Inc." -> "inc").
    """
    if not surface:
        return ""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", surface).casefold())
    text = _HANGUL_LEGAL.sub(" ", text)
    text = re.sub(r"[,.](?=\s|$)", " ", text)  # "Co., Ltd." -> "co ltd"
    text = _strip_legal_suffixes(text)
    key = _drop_to_fixed_point(text)
    if not key:
        key = _drop_to_fixed_point(unicodedata.normalize("NFKC", surface).casefold())
    return key


def _drop_to_fixed_point(text: str) -> str:
    """Remove spaces/punctuation; re-normalise, since removal can bring combining marks together."""
    for _ in range(4):
        key = unicodedata.normalize("NFKC", _DROP_CHARS.sub("", text).casefold())
        if key == text:
            break
        text = key
    return text


# ---------------------------------------------------------------------------------------------
# scripts


def _has_hangul(text: str) -> bool:
    return any(is_hangul_syllable(ch) for ch in text)


def _has_latin(text: str) -> bool:
    return any("a" <= ch <= "z" for ch in text.casefold())


def _is_latin_only(text: str) -> bool:
    return _has_latin(text) and not _has_hangul(text)


_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&.\-]{0,9}")


def _is_acronym(text: str) -> bool:
    """Short token with at least two capitals and no lower-case run longer than one letter: MS, AWS, CSPs."""
    text = text.strip()
    if not _ACRONYM.fullmatch(text):
        return False
    capitals = sum(ch.isupper() for ch in text)
    if capitals < 2:
        return False
    return not re.search(r"[a-z]{2,}", text)


def _acronym_letters(acronym: str) -> str:
    letters = "".join(ch for ch in acronym if ch.isalnum())
    if len(letters) > 2 and letters.endswith("s") and letters[:-1].isupper():  # CSPs -> CSP
        letters = letters[:-1]
    return letters.casefold()


# ---------------------------------------------------------------------------------------------
# acronyms

_STOPWORDS = frozenset("of and the for in on at to de du des la le & a an".split())
_VOWELS = set("aeiouy")


def _camel_parts(word: str) -> list[str]:
    return re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", word)


def _syllable_starts(word: str) -> list[int]:
    """Rough orthographic syllable onsets: index 0 and each consonant run that follows a vowel."""
    word = word.casefold()
    starts = [0]
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS and word[i].isalpha():
            starts.append(i)
    return starts


def _schwartz_hearst(short: str, long: str) -> str | None:
    """Schwartz & Hearst (2003): the shortest tail of `long` whose letters spell `short`, or None."""
    s_idx, l_idx = len(short) - 1, len(long) - 1
    short_l, long_l = short.casefold(), long.casefold()
    while s_idx >= 0:
        c = short_l[s_idx]
        if not c.isalnum():
            s_idx -= 1
            continue
        while (l_idx >= 0 and long_l[l_idx] != c) or (
            s_idx == 0 and l_idx > 0 and long_l[l_idx - 1].isalnum()
        ):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    start = long.rfind(" ", 0, l_idx + 1) + 1
    return long[start:]


def _approx_latin(name: str) -> str:
    """Latin letters for acronym checks: Hangul loanwords romanised with epenthetic 으 dropped."""
    out = []
    for ch in unicodedata.normalize("NFC", name):
        if is_hangul_syllable(ch):
            i, m, f = decompose(ch)
            vowel = "" if m == 18 else _RR_MEDIAL[m]  # ㅡ
            out.append(_RR_INITIAL[i] + vowel + _RR_FINAL[f])
        else:
            out.append(ch)
    return "".join(out)




@lru_cache(maxsize=16384)
def acronym_match(acronym: str, long_name: str) -> tuple[float, str]:
    """How well `acronym` abbreviates `long_name`, without context: (score, how).

    0.9 word initials ("AWS" / "Amazon Web Services", stop words optional); 0.85 camel-case parts
    ("MS" / "MicroSoft", "OAI" / "OpenAI"); 0.75 syllable initials ("MS" / "Microsoft"; also for a
    Hangul loanword, romanised); 0.5 letters in order (Schwartz-Hearst); else 0.
    """
    letters = _acronym_letters(acronym)
    if len(letters) < 2 or not long_name.strip():
        return 0.0, ""
    long_nfkc = unicodedata.normalize("NFKC", long_name)
    own = re.escape(acronym.strip())
    if re.search(rf"(?<![A-Za-z]){own}(?![a-z])", long_nfkc):
        return 0.0, ""  # "KT" in "KT Cloud" / "KT클라우드": a name built on the acronym, not its expansion
    latin = _approx_latin(long_nfkc)
    words = re.findall(r"[A-Za-z0-9&]+", latin)
    if not words:
        return 0.0, ""
    if len(words) > 1:
        initials_all = "".join(w[0] for w in words).casefold()
        initials = "".join(w[0] for w in words if w.casefold() not in _STOPWORDS).casefold()
        if letters in (initials, initials_all):
            return 0.9, "word initials"
    parts = [p for w in words for p in _camel_parts(w)]
    if len(parts) > 1:
        part_initials = "".join(p[0] for p in parts).casefold()
        part_letters = "".join(p if p.isupper() else p[0] for p in parts).casefold()
        camel_split = len(parts) > len(words)
        if (camel_split and letters == part_initials) or letters == part_letters:
            return 0.85, "camel-case initials"
    # syllable onsets, across the words in order; the first letter must start the name
    flat = "".join(words).casefold()
    starts: list[int] = []
    offset = 0
    for w in words:
        starts += [offset + s for s in _syllable_starts(w)]
        offset += len(w)
    if flat and flat[0] == letters[0]:
        pos = 0
        ok = True
        for c in letters[1:]:
            nxt = next((s for s in starts if s > pos and flat[s] == c), None)
            if nxt is None:
                ok = False
                break
            pos = nxt
        if ok:
            return 0.75, "syllable initials"
    if _schwartz_hearst(letters, " ".join(words)) is not None and flat.startswith(letters[0]):
        return 0.5, "letters in order"
    return 0.0, ""


# ---------------------------------------------------------------------------------------------
# aliases declared in a text

_PAREN_AFTER = re.compile(r"[ \t]{0,2}[(（]\s*([^()（）\n]{1,60}?)\s*[)）]")
_SPAN_WITH_PAREN = re.compile(r"\s*(.+?)\s*[(（]\s*([^()（）]+?)\s*[)）]\s*")
# _SPAN_WITH_PAREN is cubic at worst (400 characters of whitespace with a "(" took 0.7 s), so only
# name-sized spans are tried with it; the recogniser's spans are at most 100 characters anyway.
_MAX_SPAN_WITH_PAREN = 150
_BAD_ALT_CHARS = re.compile(r"[,;:·=+/|△▲■●※~]")


def _span_bounds(span, text: str) -> tuple[int, int] | None:
    try:
        if hasattr(span, "start") and hasattr(span, "end"):
            start, end = int(span.start), int(span.end)
        else:
            start, end = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return None
    if not 0 <= start < end <= len(text):
        return None
    return start, end


def _words(text: str) -> list[str]:
    return text.split()


def _alternate_ok(name: str, other: str) -> bool:
    """Could `name` (found in parentheses next to `other`) be another name of the same thing?"""
    if not name or _BAD_ALT_CHARS.search(name) or len(_words(name)) > 6:
        return False
    if re.fullmatch(r"[\d\s.\-~년월일시분%]+", name) or not (_has_hangul(name) or _has_latin(name)):
        return False
    if normalise_alias(name) == normalise_alias(other):
        return False
    return True


def _pair(a: str, b: str) -> tuple[str, str] | None:
    """(long, short) for a name `a` and a parenthesised `b` next to it, or None when not an alias."""
    a, b = a.strip(" \t'\"‘’“”"), b.strip(" \t'\"‘’“”")
    if not a or not b or not _alternate_ok(b, a):
        return None
    if _is_acronym(b) and not _is_acronym(a):
        if _is_latin_only(a):
            score, _ = acronym_match(b, a)
            return (a, b) if score >= 0.5 else None
        return (a, b) if _has_hangul(a) else None
    if _is_acronym(a) and not _is_acronym(b):
        if _is_latin_only(b):
            score, _ = acronym_match(a, b)
            return (b, a) if score >= 0.5 else None
        return (b, a) if _has_hangul(b) and " " not in b else None
    # cross-script alternate names: "삼성전자(Samsung Electronics)", "KT Cloud(KT클라우드)"
    if _has_hangul(a) and _is_latin_only(b) and not _has_hangul(b):
        return (a, b) if len(normalise_alias(a)) >= len(normalise_alias(b)) else (b, a)
    if _is_latin_only(a) and _has_hangul(b) and " " not in b:
        return (a, b) if len(normalise_alias(a)) >= len(normalise_alias(b)) else (b, a)
    return None


# How far back from "(short)" an expansion is looked for. The whole text before the parenthesis
# used to be copied, split and searched with r"[^...]+$" for every acronym in parentheses: O(n) per
# acronym, O(n^2) in a long run without spaces. No name is longer than this window.
_LONG_FORM_WINDOW = 600
_NOT_IN_HANGUL_LONG_FORM = frozenset("()（）'\"‘’“”△▲■,·")


def _long_form_before(text: str, paren_at: int, short: str) -> str | None:
    """The expansion written just before "(short)": a Hangul word, or Latin words (Schwartz-Hearst)."""
    before = text[max(0, paren_at - _LONG_FORM_WINDOW) : paren_at].rstrip()
    if not before:
        return None
    if is_hangul_syllable(before[-1]):
        start = len(before)
        while start > 0 and not before[start - 1].isspace() and before[start - 1] not in _NOT_IN_HANGUL_LONG_FORM:
            start -= 1
        if start == 0 and paren_at > _LONG_FORM_WINDOW:
            return None  # a "word" longer than the window is not a name
        return before[start:]
    letters = _acronym_letters(short)
    words = before.split()
    cut = paren_at - _LONG_FORM_WINDOW
    if cut > 0 and words and not text[cut - 1].isspace() and not text[cut].isspace():
        words = words[1:]  # the window cut the first word in two
    window = words[-min(len(letters) + 5, 2 * len(letters)) :]
    found = _schwartz_hearst(letters, " ".join(window))
    if not found:
        return None
    found = found.strip(" \t'\"‘’“”,")
    if acronym_match(short, found)[0] < 0.5:
        return None
    return found


def aliases_from_text(text: str, spans: Iterable) -> list[tuple[str, str]]:
    """Name pairs the text declares itself, as (long, short), in text order, without duplicates.

    `spans` are the entity spans of `text`: objects with .start/.end (``spans.Span``) or (start, end,
    ...) tuples. Found: a span followed by a parenthesised acronym or other-script name
    ("마이크로소프트(MS)", "Amazon Web Services (AWS)", "삼성전자(Samsung Electronics)"), an acronym
    span followed by its expansion ("IT(정보기술)"), a span that itself contains "name(alt)", and an
    acronym span in parentheses after its expansion ("managed service provider (MSP)",
    "세계이동통신사업자연합회(GSMA)"). Descriptions in parentheses ("KT(대표 김영섭·사진)",
    "AX(AI 전환)", dates) are not aliases.
    """
    if not text:
        return []
    out: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(pair: tuple[str, str] | None) -> None:
        if pair and pair not in seen:
            seen.add(pair)
            out.append(pair)

    bounds = sorted(b for b in (_span_bounds(s, text) for s in spans or ()) if b)
    for start, end in bounds:
        span_text = text[start:end]
        m = _SPAN_WITH_PAREN.fullmatch(span_text) if len(span_text) <= _MAX_SPAN_WITH_PAREN else None
        if m:
            add(_pair(m.group(1), m.group(2)))
            continue
        m = _PAREN_AFTER.match(text, end)
        if m:
            add(_pair(span_text, m.group(1)))
        # span is itself the parenthesised short form
        lead = re.search(r"[(（]\s*$", text[max(0, start - 3) : start])
        tail = re.match(r"\s*[)）]", text[end : end + 3])
        if lead and tail and _is_acronym(span_text):
            paren_at = start - (len(lead.group(0)))
            long_form = _long_form_before(text, paren_at, span_text)
            if long_form:
                add(_pair(long_form, span_text))
    return out


# ---------------------------------------------------------------------------------------------
# Hangul <-> Latin comparison for organisation and product names

# Very common Hangul spellings of foreign/Korean company names: a boost, not the method.
SEED_LEXICON: dict[str, tuple[str, ...]] = {
    "마이크로소프트": ("microsoft",),
    "구글": ("google",),
    "아마존": ("amazon",),
    "애플": ("apple",),
    "삼성전자": ("samsungelectronics",),
    "삼성": ("samsung",),
    "엔비디아": ("nvidia",),
    "오픈ai": ("openai",),
    "메타": ("meta", "metaplatforms"),
    "인텔": ("intel",),
    "퀄컴": ("qualcomm",),
    "버라이즌": ("verizon",),
    "보다폰": ("vodafone",),
    "텔레포니카": ("telefonica",),
    "현대자동차": ("hyundaimotor", "hyundaimotorcompany"),
    "기아": ("kia",),
    "엘지전자": ("lgelectronics",),
    "lg전자": ("lgelectronics",),
    "에스케이텔레콤": ("sktelecom",),
    "sk텔레콤": ("sktelecom",),
    "케이티": ("kt",),
    "네이버": ("naver",),
    "카카오": ("kakao",),
    "아마존웹서비스": ("amazonwebservices", "aws"),
    "페이스북": ("facebook",),
    "테슬라": ("tesla",),
    "소프트뱅크": ("softbank",),
    "화웨이": ("huawei",),
    "도이치텔레콤": ("deutschetelekom",),
    "티모바일": ("tmobile",),
}

# Korean words inside company names that are translated, not transliterated, in English names.
SUFFIX_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "전자": ("electronics", "electric"),
    "그룹": ("group",),
    "자동차": ("motor", "motors", "motorcompany"),
    "통신": ("telecom", "telecommunications", "communications"),
    "은행": ("bank",),
    "증권": ("securities",),
    "생명": ("life", "lifeinsurance"),
    "화재": ("fire", "fire&marine"),
    "중공업": ("heavyindustries",),
    "건설": ("construction", "e&c", "engineering&construction"),
    "항공": ("air", "airlines"),
    "화학": ("chemical", "chemicals", "chem"),
    "제약": ("pharmaceutical", "pharma"),
    "반도체": ("semiconductor",),
    "금융": ("financial", "finance"),
    "지주": ("holdings",),
    "물산": ("c&t",),
    "카드": ("card",),
    "보험": ("insurance",),
    "철강": ("steel",),
    "해운": ("shipping",),
}

# Hangul spellings of Latin letter names (케이티 = KT, 엘지 = LG, 에스케이 = SK).
_LETTER_NAMES: dict[str, str] = {
    "에이": "a",
    "비": "b",
    "씨": "c",
    "시": "c",
    "디": "d",
    "이": "e",
    "에프": "f",
    "지": "g",
    "쥐": "g",
    "에이치": "h",
    "아이": "i",
    "제이": "j",
    "케이": "k",
    "엘": "l",
    "엠": "m",
    "엔": "n",
    "오": "o",
    "피": "p",
    "큐": "q",
    "알": "r",
    "아르": "r",
    "에스": "s",
    "티": "t",
    "유": "u",
    "브이": "v",
    "뷔": "v",
    "더블유": "w",
    "엑스": "x",
    "와이": "y",
    "제트": "z",
}


@lru_cache(maxsize=2048)
def _spelled_letters(hangul: str) -> str | None:
    """ "케이티" -> "kt" when the whole string reads as Latin letter names, else None."""
    if not hangul or not all(is_hangul_syllable(ch) for ch in hangul):
        return None
    best: list[str | None] = [None] * (len(hangul) + 1)
    best[0] = ""
    for i in range(len(hangul)):
        if best[i] is None:
            continue
        for name, letter in _LETTER_NAMES.items():
            if hangul.startswith(name, i) and best[i + len(name)] is None:
                best[i + len(name)] = best[i] + letter
    return best[len(hangul)]


# --- phonetic keys: consonant classes plus reduced vowels ---------------------------------------
# consonants: upper-case class letters; vowels: lower-case a e i o u.
_H_INITIAL = ["G", "K", "N", "D", "T", "L", "M", "B", "P", "S", "S", "", "J", "J", "C", "K", "T", "P", "H"]
_H_MEDIAL = [
    "a",
    "e",
    "ia",
    "ie",
    "o",
    "e",
    "io",
    "ie",
    "o",
    "ua",
    "ue",
    "ue",
    "io",
    "u",
    "uo",
    "ue",
    "ui",
    "iu",
    "",
    "i",
    "i",
]
_H_FINAL = [
    "",
    "K",
    "K",
    "K",
    "N",
    "N",
    "N",
    "T",
    "L",
    "K",
    "M",
    "L",
    "L",
    "L",
    "P",
    "L",
    "M",
    "P",
    "P",
    "T",
    "T",
    "N",
    "T",
    "T",
    "K",
    "T",
    "P",
    "T",
]


@lru_cache(maxsize=4096)
def _hangul_phonetic(hangul: str) -> str:
    out: list[str] = []
    for ch in hangul:
        if not is_hangul_syllable(ch):
            continue
        i, m, f = decompose(ch)
        out.append(_H_INITIAL[i] + _H_MEDIAL[m] + _H_FINAL[f])
    key = "".join(out)
    return re.sub(r"([A-Z])\1+", r"\1", key)  # 텔레 -> T e L e: the doubled ㄹ of a single l


_LATIN_RULES: list[tuple[str, str]] = [
    ("tch", "C"),
    ("sch", "S"),
    ("ph", "P"),
    ("th", "S"),
    ("sh", "S"),
    ("ch", "C"),
    ("ck", "K"),
    ("qu", "Ku"),
    ("ng", "N"),
    ("ee", "i"),
    ("oo", "u"),
    ("ea", "i"),
    ("x", "KS"),
    ("q", "K"),
    ("j", "J"),
    ("z", "J"),
    ("v", "B"),
    ("f", "P"),
    ("w", "u"),
    ("k", "K"),
    ("l", "L"),
    ("r", "L"),
    ("s", "S"),
    ("t", "T"),
    ("d", "D"),
    ("b", "B"),
    ("p", "P"),
    ("m", "M"),
    ("n", "N"),
    ("h", "H"),
    ("g", "G"),
    ("a", "a"),
    ("e", "e"),
    ("i", "i"),
    ("o", "o"),
    ("u", "u"),
]


@lru_cache(maxsize=4096)
def _latin_phonetic(latin: str) -> str:
    text = unicodedata.normalize("NFKD", latin.casefold())
    words = re.findall(r"[a-z]+", "".join(ch for ch in text if not unicodedata.combining(ch)))
    out: list[str] = []
    for word in words:
        word = re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", word)  # double consonants
        if len(word) > 3 and word.endswith("e") and word[-2] not in _VOWELS:
            word = word[:-1]  # silent final e: Google, Vodafone
        # post-vocalic r before a consonant or at the end is silent in Korean loanwords (Walmart, Uber)
        word = re.sub(r"(?<=[aeiouy])r(?![aeiouy])", "", word)
        i = 0
        while i < len(word):
            for src, dst in _LATIN_RULES:
                if word.startswith(src, i):
                    out.append(dst)
                    i += len(src)
                    break
            else:
                ch = word[i]
                if ch == "c":
                    out.append("S" if i + 1 < len(word) and word[i + 1] in "eiy" else "K")
                elif ch == "y":
                    out.append("i")
                i += 1
    key = "".join(out)
    return re.sub(r"([A-Z])\1+", r"\1", key)


_CHEAP_PAIRS = {
    frozenset("GK"): 0.3,
    frozenset("DT"): 0.3,
    frozenset("BP"): 0.3,
    frozenset("JC"): 0.3,
    frozenset("ST"): 0.35,
    frozenset("SJ"): 0.4,
    frozenset("SC"): 0.4,
    frozenset("GJ"): 0.4,
    frozenset("LN"): 0.6,
    frozenset("DS"): 0.5,
    frozenset("KS"): 0.7,
}
_VOWEL_SUB = 0.2
_VOWEL_INDEL = 0.25


def _sub_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    va, vb = a.islower(), b.islower()
    if va and vb:
        return _VOWEL_SUB
    if va != vb:
        return 9.0
    return _CHEAP_PAIRS.get(frozenset((a, b)), 1.0)


def _indel_cost(a: str) -> float:
    if a.islower():
        return _VOWEL_INDEL
    return 0.4 if a == "H" else 1.0


def _phonetic_distance(x: str, y: str) -> float:
    prev = [0.0]
    for ch in y:
        prev.append(prev[-1] + _indel_cost(ch))
    for a in x:
        cur = [prev[0] + _indel_cost(a)]
        for j, b in enumerate(y, 1):
            cur.append(
                min(prev[j] + _indel_cost(a), cur[j - 1] + _indel_cost(b), prev[j - 1] + _sub_cost(a, b))
            )
        prev = cur
    return prev[-1]


def _weight(key: str) -> float:
    return sum(_indel_cost(ch) for ch in key)


def loanword_similarity(hangul: str, latin: str) -> float:
    """Similarity in [0, 1] of a Hangul loanword and a Latin name on phonetic keys.

    마이크로소프트/Microsoft, 구글/Google, 버라이즌/Verizon, 텔레포니카/Telefonica all score >= 0.8;
    unrelated names of similar shape stay well below. Names with fewer than two consonants are
    scaled by 0.85 (too little evidence).
    """
    hk, lk = _hangul_phonetic(hangul), _latin_phonetic(latin)
    if not hk or not lk:
        return 0.0
    dist = _phonetic_distance(hk, lk)
    sim = max(0.0, 1.0 - dist / max(_weight(hk), _weight(lk)))
    consonants = min(sum(ch.isupper() for ch in hk), sum(ch.isupper() for ch in lk))
    if consonants < 2:
        sim *= 0.85
    return round(sim, 4)


def _latin_key(latin: str) -> str:
    return "".join(ch for ch in normalise_alias(latin) if "a" <= ch <= "z" or ch.isdigit() or ch == "&")


@lru_cache(maxsize=8192)
def cross_script_match(hangul_name: str, latin_name: str) -> tuple[float, str]:
    """(confidence, method) that a Hangul-written organisation/product name is the Latin name."""
    hk = normalise_alias(hangul_name)
    lk = _latin_key(latin_name)
    if not hk or not lk or not _has_hangul(hk):
        return 0.0, ""
    if lk in SEED_LEXICON.get(hk, ()):
        return 0.98, "seed lexicon"
    return _cross_core(hk, lk)


def _fill_between_literals(parts: list[str | None], text: str) -> list[str] | None:
    """Split `text` into the literal parts (str) and non-empty gaps (None), shortest gaps first.

    What re.fullmatch of "(.+?)kt(.+?)..." returned, without its backtracking: that regex took
    O(n^k) for k Hangul runs and never finished on a mention such as "가a" * 30. Failed
    (part, position) states are remembered, so this is polynomial; a name switches script a few
    times at most, so more than _MAX_SCRIPT_RUNS runs is no mixed-script name.
    """
    if len(parts) > _MAX_SCRIPT_RUNS:
        return None
    failed: set[tuple[int, int]] = set()

    def ends_after(i: int, pos: int):
        if i + 1 == len(parts):
            return (len(text),) if len(text) > pos else ()
        nxt = parts[i + 1]
        if nxt is None:
            return range(pos + 1, len(text) + 1)
        found = []
        at = text.find(nxt, pos + 1)
        while at >= 0:
            found.append(at)
            at = text.find(nxt, at + 1)
        return found

    def fill(i: int, pos: int) -> list[str] | None:
        if i == len(parts):
            return [] if pos == len(text) else None
        if (i, pos) in failed:
            return None
        part = parts[i]
        rest = None
        if part is not None:
            rest = fill(i + 1, pos + len(part)) if text.startswith(part, pos) else None
        else:
            for end in ends_after(i, pos):
                tail = fill(i + 1, end)
                if tail is not None:
                    rest = [text[pos:end], *tail]
                    break
        if rest is None:
            failed.add((i, pos))
        return rest

    return fill(0, 0)


_MAX_SCRIPT_RUNS = 8


def _cross_core(hk: str, lk: str, depth: int = 0) -> tuple[float, str]:
    if not hk or not lk or depth > 3:
        return 0.0, ""
    if hk == lk:
        return 1.0, "same letters"
    if lk in SEED_LEXICON.get(hk, ()):
        return 0.98, "seed lexicon"
    best: tuple[float, str] = (0.0, "")
    # mixed script: "kt클라우드" vs "ktcloud", "오픈ai" vs "openai"
    runs = re.findall(r"[^\W\d_a-z]+|[a-z0-9&]+", hk)
    if len(runs) > 1 and any(_has_latin(r) for r in runs):
        hangul_runs = [r for r in runs if _has_hangul(r)]
        pieces = _fill_between_literals([None if _has_hangul(r) else r for r in runs], lk)
        if pieces is not None:
            scores = [
                _cross_core(h, piece, depth + 1)[0] for h, piece in zip(hangul_runs, pieces, strict=True)
            ]
            best = max(best, (min(scores) if scores else 1.0, "mixed-script parts"))
        return best
    if not all(is_hangul_syllable(ch) for ch in hk):
        return best
    letters = _spelled_letters(hk)
    if letters and letters == lk:
        return 0.95, "spelled-out letters"
    for suffix, translations in SUFFIX_TRANSLATIONS.items():
        if hk.endswith(suffix) and len(hk) > len(suffix):
            for t in translations:
                if lk.endswith(t) and len(lk) > len(t):
                    score, how = _cross_core(hk[: -len(suffix)], lk[: -len(t)], depth + 1)
                    best = max(best, (round(score * 0.98, 4), f"{how} + translated '{suffix}'"))
    native = korean_word_match(hk, lk) if all(is_hangul_syllable(ch) for ch in hk) else 0.0
    best = max(best, (native, "romanisation"))
    loan = loanword_similarity(hk, lk)
    best = max(best, (loan, "loanword phonetics"))
    return best


# ---------------------------------------------------------------------------------------------
# link_mention


@dataclass(frozen=True)
class Candidate:
    entity_id: int
    kind: str
    names: tuple[str, ...]  # every known name/alias of the entity, in any language


@dataclass(frozen=True)
class LinkDecision:
    """entity_id None means "create a new entity"; then confidence is that of the best guess
    (0.0 when there was none) and best_guess_id names it, so an editor can be proposed a merge."""

    entity_id: int | None
    confidence: float
    reason: str
    best_guess_id: int | None = None


_ORG_LIKE = frozenset({"ORG", "PRODUCT"})


def _context_supports(names: Sequence[str], norms: Sequence[str], ctx: set[str]) -> bool:
    """Does the article also name this entity in full (any script)?"""
    if any(n in ctx for n in norms):
        return True
    for c in ctx:
        if _is_acronym(c.upper()) and len(c) <= 5:
            continue
        for name in names:
            if _has_hangul(c) != _has_hangul(name) and (
                cross_script_match(c, name)[0] >= LINK_THRESHOLD
                if _has_hangul(c)
                else cross_script_match(name, c)[0] >= LINK_THRESHOLD
            ):
                return True
    return False


def _kinds_compatible(a: str, b: str) -> bool:
    a, b = (a or "").upper(), (b or "").upper()
    return a == b or (a in _ORG_LIKE and b in _ORG_LIKE)


def _person_score(surface: str, key: str, name: str, name_norm: str, ctx: set[str]) -> tuple[float, str]:
    best: tuple[float, str] = (0.0, "")
    s_h, n_h = _has_hangul(surface), _has_hangul(name)
    if s_h and not n_h and _has_latin(name):
        best = max(best, (romanisation_match(surface, name), "romanisation"))
    elif n_h and not s_h and _has_latin(surface):
        best = max(best, (romanisation_match(name, surface), "romanisation"))
    elif not s_h and not n_h and name_key(surface):
        if name_key(surface) == name_key(name):
            best = max(best, (0.95, "same name, other order/punctuation"))
        elif len(_words(surface)) > 1 and loose_name_key(surface) == loose_name_key(name):
            best = max(best, (0.7, "another romanisation of the same Korean name? (propose only)"))
    # a family name alone ("Kim", "김") for a full name met in the same text
    if len(name_norm) > len(key):
        if s_h and len(key) == 1:
            family_only = name_norm.startswith(key) or (
                not n_h
                and len(_words(name)) > 1
                and max(romanisation_match(key, _words(name)[0]), romanisation_match(key, _words(name)[-1]))
                >= 0.9
            )
        else:
            family_only = not s_h and not n_h and len(_words(surface)) == 1 and name_key(name).startswith(key)
        if family_only:
            best = max(best, (0.85 if name_norm in ctx else 0.4, "family name of a full name in context"))
    return best


def _org_score(surface: str, key: str, name: str, name_norm: str, ctx_support: bool) -> tuple[float, str]:
    best: tuple[float, str] = (0.0, "")
    s_h, n_h = _has_hangul(surface), _has_hangul(name)
    if s_h and not n_h:
        best = max(best, cross_script_match(surface, name))
    elif n_h and not s_h:
        best = max(best, cross_script_match(name, surface))
    elif s_h and n_h:  # two Hangul spellings of one loanword: 앤비디아 / 엔비디아
        if len(key) >= 3 and len(name_norm) >= 3:
            sim = loanword_similarity(key, _approx_latin(name_norm))
            best = max(best, (round(min(0.85, sim * 0.9), 4), "Hangul spelling variant"))
    for short, long in ((surface, name), (name, surface)):
        if _is_acronym(short) and not _is_acronym(long):
            score, how = acronym_match(short, long)
            if score and ctx_support:
                score, how = max(score, 0.9), f"{how}, long name in context"
            best = max(best, (score, f"acronym ({how})" if how else ""))
    # shared words only: a weak hint (KT Cloud vs KT), never a link
    sw, nw = set(normalise_alias(w) for w in _words(surface)), set(normalise_alias(w) for w in _words(name))
    sw.discard("")
    nw.discard("")
    if sw & nw and sw != nw:
        best = max(best, (round(0.3 + 0.3 * len(sw & nw) / len(sw | nw), 4), "shares words"))
    return best


def link_mention(
    surface: str,
    kind: str,
    lang: str,
    candidates: Sequence[Candidate],
    *,
    context_names: Sequence[str] = (),
) -> LinkDecision:
    """Which candidate entity (if any) the mention `surface` of `kind` in language `lang` refers to.

    `candidates` are existing entities (any kind; incompatible kinds are skipped: PERSON only
    matches PERSON, ORG and PRODUCT match each other, any other kind only itself).
    `context_names` are the other names in the same article (other entity surfaces, and both sides
    of the pairs ``aliases_from_text`` found); they support acronyms and bare family names.
    Links when the best score is >= LINK_THRESHOLD and no other entity is as good (within 0.02):
    a tie is reported as ambiguous and makes no link. `lang` is informational ("ko"/"en"); the
    script of each name decides the method.
    """
    key = normalise_alias(surface)
    if not key:
        return LinkDecision(None, 0.0, "empty mention")
    ctx = {normalise_alias(n) for n in context_names} - {"", key}
    is_person = (kind or "").upper() == "PERSON"
    scored: list[tuple[float, int, str, str]] = []
    for cand in candidates:
        if not _kinds_compatible(kind, cand.kind):
            continue
        norms = [normalise_alias(n) for n in cand.names]
        ctx_support = not is_person and _context_supports(cand.names, norms, ctx)
        best: tuple[float, str, str] = (0.0, "", "")
        for name, norm in zip(cand.names, norms, strict=True):
            if not norm:
                continue
            if norm == key:
                best = max(best, (1.0, "exact alias", name))
                break
            if is_person:
                score, how = _person_score(surface, key, name, norm, ctx)
            else:
                score, how = _org_score(surface, key, name, norm, ctx_support)
            best = max(best, (score, how, name))
        if best[0] > 0:
            scored.append((best[0], cand.entity_id, best[1], best[2]))
    if not scored:
        return LinkDecision(None, 0.0, f"new entity: no {kind} candidate resembles '{surface}'")
    scored.sort(key=lambda s: (-s[0], s[1]))
    score, entity_id, how, name = scored[0]
    rivals = [s for s in scored[1:] if s[1] != entity_id and s[0] >= score - 0.02]
    if score >= LINK_THRESHOLD and not rivals:
        return LinkDecision(entity_id, score, f"{how}: '{surface}' ~ '{name}' (entity {entity_id})")
    if score >= LINK_THRESHOLD:
        others = ", ".join(f"{r[1]} '{r[3]}' ({r[0]:.2f})" for r in rivals)
        return LinkDecision(
            None,
            score,
            f"ambiguous, new entity unless an editor merges: entity {entity_id} '{name}' via {how} "
            f"({score:.2f}) vs {others}",
            best_guess_id=entity_id,
        )
    return LinkDecision(
        None,
        score,
        f"new entity; best guess entity {entity_id} '{name}' via {how} ({score:.2f})",
        best_guess_id=entity_id,
    )
