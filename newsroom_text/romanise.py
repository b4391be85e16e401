"""Romanisation of Korean personal names, and matching a Hangul name against a Latin spelling.

Plain Python, no Django, no third-party romaniser: the PyPI options were GPL (korean-romanizer) or an
unmaintained 2020 0.1.0 (hangul-romanize), and what we need (weighted *variants*, not one spelling)
is not what they provide anyway.

Model: a name is a family-name unit followed by one unit per given-name syllable. Each unit has a
list of spellings with a cost: 0 for Revised Romanisation (RR) and for the customary spellings of
family names (Kim, Lee, Park, ...), small costs for the usual variants (McCune-Reischauer-ish
k/t/p/ch for g/d/b/j, eo -> u/o, u -> oo, i -> ee, s -> sh, ...). Matching a Latin name is a dynamic
programme that segments the Latin letters into those spellings; word boundaries of the Latin name
must fall on syllable boundaries, and the family name may come first or last.

    romanisation_match(hangul, latin) -> 1 - (sum of variant costs)  when every syllable matches
                                      -> at most 0.6 * (matched share)   otherwise (never >= 0.8)

Public API: ``revised_romanisation``, ``romanise_name``, ``name_key``, ``romanisation_match``,
``korean_word_match`` (non-personal Korean words: 삼성/Samsung), ``loose_name_key`` (merge proposals
only), ``syllable_variants``, plus helpers ``hangul_syllables``/``decompose`` used by ``linking``.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "COMPOUND_FAMILY_NAMES",
    "FAMILY_NAMES",
    "decompose",
    "hangul_syllables",
    "is_hangul_syllable",
    "korean_word_match",
    "loose_name_key",
    "name_key",
    "revised_romanisation",
    "romanisation_match",
    "romanise_name",
    "syllable_variants",
]

_SBASE = 0xAC00
_SLAST = 0xD7A3

# Jamo indices in Unicode composition order.
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINALS = [
    "",
    "ㄱ",
    "ㄲ",
    "ㄳ",
    "ㄴ",
    "ㄵ",
    "ㄶ",
    "ㄷ",
    "ㄹ",
    "ㄺ",
    "ㄻ",
    "ㄼ",
    "ㄽ",
    "ㄾ",
    "ㄿ",
    "ㅀ",
    "ㅁ",
    "ㅂ",
    "ㅄ",
    "ㅅ",
    "ㅆ",
    "ㅇ",
    "ㅈ",
    "ㅊ",
    "ㅋ",
    "ㅌ",
    "ㅍ",
    "ㅎ",
]

# Revised Romanisation, syllable by syllable (no sound-change assimilation, as RR prescribes for names).
_RR_INITIAL = [
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
]
_RR_MEDIAL = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_RR_FINAL = [
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
]

Variant = tuple[str, float]  # (spelling, cost)

# Alternative spellings (beyond RR, which always costs 0) and their costs.
_INITIAL_ALT: dict[str, list[Variant]] = {
    "ㄱ": [("k", 0.02)],
    "ㄲ": [("k", 0.03), ("gg", 0.03), ("g", 0.05)],
    "ㄷ": [("t", 0.02)],
    "ㄸ": [("t", 0.03), ("dd", 0.03), ("d", 0.05)],
    "ㄹ": [("l", 0.02)],  # plus n / silent, see _initial_variants
    "ㅂ": [("p", 0.02)],
    "ㅃ": [("p", 0.03), ("bb", 0.03), ("b", 0.05)],
    "ㅅ": [("sh", 0.02)],
    "ㅆ": [("s", 0.03), ("sh", 0.05)],
    "ㅈ": [("ch", 0.02), ("z", 0.08)],
    "ㅉ": [("tch", 0.03), ("ch", 0.04), ("j", 0.05)],
    "ㅊ": [("chh", 0.08), ("c", 0.08)],
    "ㅋ": [("kh", 0.05)],
    "ㅌ": [("th", 0.05)],
    "ㅍ": [("ph", 0.05)],
}
_MEDIAL_ALT: dict[str, list[Variant]] = {
    "ㅐ": [("ai", 0.03), ("e", 0.05)],
    "ㅒ": [("yai", 0.05), ("ye", 0.05)],
    "ㅓ": [("u", 0.01), ("o", 0.02), ("ou", 0.05)],
    "ㅔ": [("ae", 0.05)],
    "ㅕ": [("yu", 0.02), ("yo", 0.02), ("you", 0.02), ("ye", 0.05)],
    "ㅖ": [("yae", 0.05), ("e", 0.05)],
    "ㅗ": [("oh", 0.04), ("oo", 0.08)],
    "ㅘ": [("oa", 0.05)],
    "ㅙ": [("oae", 0.05)],
    "ㅚ": [("oi", 0.03), ("we", 0.03), ("wi", 0.05), ("oe", 0.0)],
    "ㅛ": [("yu", 0.03), ("yoh", 0.05)],
    "ㅜ": [("oo", 0.02), ("ou", 0.05)],
    "ㅝ": [("weo", 0.02), ("wu", 0.05)],
    "ㅞ": [("wae", 0.05)],
    "ㅟ": [("wee", 0.03), ("ui", 0.05)],
    "ㅠ": [("yoo", 0.02), ("you", 0.03)],
    "ㅡ": [("u", 0.02), ("ue", 0.05), ("e", 0.05)],
    "ㅢ": [("eui", 0.02), ("ee", 0.02), ("i", 0.04), ("ei", 0.05)],
    "ㅣ": [("ee", 0.03), ("y", 0.08)],
}
_FINAL_ALT: dict[str, list[Variant]] = {
    "k": [("g", 0.03), ("ck", 0.05)],
    "p": [("b", 0.01)],
    "l": [("r", 0.03), ("ll", 0.05)],
    "t": [("s", 0.04), ("d", 0.05)],
    "n": [("nn", 0.08)],
    "m": [("mm", 0.08)],
}
_Y_OR_I = set("ㅑㅒㅕㅖㅛㅠㅣ")

# Family names: customary spellings (cost 0 unless unusual). RR is always accepted too (cost 0).
FAMILY_NAMES: dict[str, tuple[Variant, ...]] = {}


def _fam(hangul: str, *spellings: str, rare: tuple[str, ...] = ()) -> None:
    FAMILY_NAMES[hangul] = tuple((s, 0.0) for s in spellings) + tuple((s, 0.1) for s in rare)


for _h, _s, _r in [
    ("김", "kim gim", ""),
    ("이", "lee yi rhee i", "ri rie ee"),
    ("리", "lee ri rhee yi", ""),
    ("박", "park bak pak", "bahk"),
    ("최", "choi choe", "chey chwe choy"),
    ("정", "jung jeong chung", "cheong joung"),
    ("강", "kang gang", ""),
    ("조", "cho jo", "joe"),
    ("윤", "yoon yun", "youn"),
    ("장", "jang chang", ""),
    ("임", "lim im yim", "rim"),
    ("한", "han", "hahn"),
    ("오", "oh o", ""),
    ("서", "seo suh", "su so"),
    ("신", "shin sin", ""),
    ("권", "kwon gwon", "kweon"),
    ("황", "hwang", ""),
    ("안", "ahn an", ""),
    ("송", "song", ""),
    ("류", "ryu yoo yu", "ryoo rhyu lyu"),
    ("유", "yoo yu", "you ryu"),
    ("구", "ku koo gu", "goo"),
    ("홍", "hong", ""),
    ("전", "jeon chun jun", "chon jeun"),
    ("고", "ko go", "koh"),
    ("문", "moon mun", ""),
    ("손", "son sohn", ""),
    ("양", "yang", "ryang"),
    ("배", "bae", "pae bai"),
    ("백", "baek paik", "paek baik"),
    ("허", "heo huh", "hur"),
    ("남", "nam", ""),
    ("노", "roh noh no", "ro"),
    ("하", "ha", "hah"),
    ("곽", "kwak gwak", ""),
    ("성", "sung seong", "sang"),
    ("차", "cha", ""),
    ("주", "joo ju", "chu choo"),
    ("우", "woo u", ""),
    ("민", "min", ""),
    ("나", "na ra", "rha"),
    ("라", "ra na", "la"),
    ("진", "jin", "chin"),
    ("지", "ji", "chi"),
    ("엄", "eom um", "uhm"),
    ("채", "chae", "chai"),
    ("원", "won", "weon"),
    ("천", "cheon chun", "chon"),
    ("방", "bang", "pang"),
    ("공", "kong gong", ""),
    ("현", "hyun hyeon", ""),
    ("변", "byun byeon", "pyon"),
    ("염", "yeom", "yum yom"),
    ("여", "yeo", "yu yo"),
    ("추", "choo chu", ""),
    ("도", "do doh", "toh"),
    ("소", "so", "soh"),
    ("석", "seok suk", ""),
    ("선", "sun seon", ""),
    ("설", "seol sul", ""),
    ("마", "ma", ""),
    ("길", "gil kil", ""),
    ("연", "yeon yun", "youn"),
    ("위", "wi wee", ""),
    ("표", "pyo", ""),
    ("명", "myung myeong", ""),
    ("기", "ki gi", ""),
    ("반", "ban pan", ""),
    ("왕", "wang", ""),
    ("금", "geum keum", "kum"),
    ("옥", "ok", "oak"),
    ("육", "yook yuk", "yuck"),
    ("인", "in", ""),
    ("맹", "maeng", ""),
    ("제", "je", "jae"),
    ("모", "mo", ""),
    ("탁", "tak", ""),
    ("국", "kook guk", "kuk"),
    ("어", "eo", "uh"),
    ("은", "eun", ""),
    ("편", "pyeon", "pyun"),
    ("용", "yong", ""),
    ("예", "ye", "yeh"),
    ("경", "kyung gyeong", "kyeong"),
    ("봉", "bong", ""),
    ("사", "sa", ""),
    ("부", "boo bu", ""),
    ("함", "ham", "hahm"),
    ("황보", "hwangbo", ""),
    ("남궁", "namgoong namgung", ""),
    ("제갈", "jegal", ""),
    ("선우", "sunwoo seonu", ""),
    ("독고", "dokgo", "dokko"),
    ("사공", "sagong", ""),
    ("서문", "seomun", ""),
]:
    _fam(_h, *_s.split(), rare=tuple(_r.split()))

# Given-name syllables whose customary spellings are cheaper than the generic variant costs.
_COMMON_GIVEN_COST = 0.005
COMMON_GIVEN_SPELLINGS: dict[str, tuple[str, ...]] = {
    h: tuple(s.split())
    for h, s in {
        "섭": "seop sub shub sup",
        "영": "young yeong yong",
        "현": "hyun hyeon",
        "준": "jun joon",
        "수": "su soo",
        "우": "woo u",
        "정": "jung jeong chung",
        "성": "sung seong",
        "석": "seok suk",
        "철": "cheol chul",
        "혁": "hyuk hyeok",
        "경": "kyung gyeong kyeong",
        "시": "si shi",
        "희": "hee hui heui",
        "은": "eun un",
        "원": "won weon",
        "규": "gyu kyu",
        "종": "jong chong",
        "동": "dong tong",
        "훈": "hoon hun",
        "용": "yong yung",
        "윤": "yoon yun",
        "근": "geun keun",
        "선": "sun seon",
        "열": "yeol yul",
        "혜": "hye hae",
        "인": "in",
        "재": "jae",
        "태": "tae",
        "호": "ho",
        "진": "jin",
        "상": "sang",
        "민": "min",
        "의": "ui eui",
    }.items()
}

COMPOUND_FAMILY_NAMES = frozenset(k for k in FAMILY_NAMES if len(k) == 2)
_FAMILY_SPELLINGS = frozenset(s for variants in FAMILY_NAMES.values() for s, c in variants if c == 0)
_GENERIC_FAMILY_PENALTY = 0.05  # a family syllable spelled with generic (non-customary) variants


def is_hangul_syllable(ch: str) -> bool:
    return _SBASE <= ord(ch) <= _SLAST


def hangul_syllables(text: str) -> str:
    """The precomposed Hangul syllables of `text` (after NFC), everything else dropped."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text) if is_hangul_syllable(ch))


def decompose(syllable: str) -> tuple[int, int, int]:
    """(initial, medial, final) jamo indices of one precomposed syllable."""
    code = ord(syllable) - _SBASE
    if not 0 <= code <= _SLAST - _SBASE:
        raise ValueError(f"not a precomposed Hangul syllable: {syllable!r}")
    return code // 588, (code % 588) // 28, code % 28


def revised_romanisation(text: str, *, separator: str = "") -> str:
    """Revised Romanisation of the Hangul syllables in `text`, syllable by syllable (name style).

    Non-Hangul characters are kept as they are; `separator` goes between adjacent syllables.
    """
    out: list[str] = []
    prev_hangul = False
    for ch in unicodedata.normalize("NFC", text):
        if is_hangul_syllable(ch):
            i, m, f = decompose(ch)
            if prev_hangul and separator:
                out.append(separator)
            out.append(_RR_INITIAL[i] + _RR_MEDIAL[m] + _RR_FINAL[f])
            prev_hangul = True
        else:
            out.append(ch)
            prev_hangul = False
    return "".join(out)


def _merge(variants: list[Variant]) -> tuple[Variant, ...]:
    best: dict[str, float] = {}
    for s, c in variants:
        c = round(c, 4)
        if s not in best or c < best[s]:
            best[s] = c
    return tuple(sorted(best.items(), key=lambda sc: (sc[1], sc[0])))


def _initial_variants(i: int, m: int) -> list[Variant]:
    jamo = _INITIALS[i]
    out = [(_RR_INITIAL[i], 0.0), *_INITIAL_ALT.get(jamo, [])]
    if jamo == "ㄹ":  # initial-sound rule: 리 -> 이, 라 -> 나
        out.append(("", 0.05) if _MEDIALS[m] in _Y_OR_I else ("n", 0.05))
    if jamo == "ㅅ" and _MEDIALS[m] in _Y_OR_I | {"ㅟ"}:
        out = [(s, 0.01 if s == "sh" else c) for s, c in out]
    return out


def _medial_variants(i: int, m: int, f: int) -> list[Variant]:
    jamo = _MEDIALS[m]
    out = [(_RR_MEDIAL[m], 0.0), *_MEDIAL_ALT.get(jamo, [])]
    if _INITIALS[i] == "ㅇ" and jamo == "ㅜ":  # 우 woo / wu
        out += [("woo", 0.01), ("wu", 0.04)]
    if _INITIALS[i] == "ㅇ" and jamo == "ㅓ":  # 어 uh
        out += [("uh", 0.04)]
    if jamo == "ㅗ" and f != 0:
        out = [(s, c) for s, c in out if s != "oh"]
    if jamo == "ㅕ" and _FINALS[f] == "ㅇ":  # 영 young is the usual spelling
        out = [(s, 0.01 if s == "you" else c) for s, c in out]
    return out


def _final_variants(f: int) -> list[Variant]:
    rr = _RR_FINAL[f]
    if not rr:
        return [("", 0.0)]
    return [(rr, 0.0), *_FINAL_ALT.get(rr, [])]


@lru_cache(maxsize=4096)
def syllable_variants(syllable: str) -> tuple[Variant, ...]:
    """All (spelling, cost) variants of one Hangul syllable, cheapest first; RR costs 0."""
    i, m, f = decompose(syllable)
    out: list[Variant] = []
    for si, ci in _initial_variants(i, m):
        for sm, cm in _medial_variants(i, m, f):
            for sf, cf in _final_variants(f):
                out.append((si + sm + sf, ci + cm + cf))
    out += [(sp, _COMMON_GIVEN_COST) for sp in COMMON_GIVEN_SPELLINGS.get(syllable, ())]
    out.append((revised_romanisation(syllable), 0.0))
    return _merge(out)


def _split_family(syllables: str) -> tuple[str, str]:
    if len(syllables) >= 3 and syllables[:2] in COMPOUND_FAMILY_NAMES:
        return syllables[:2], syllables[2:]
    return syllables[:1], syllables[1:]


@lru_cache(maxsize=4096)
def _family_variants(family: str) -> tuple[Variant, ...]:
    out: list[Variant] = list(FAMILY_NAMES.get(family, ()))
    generic: list[Variant] = [("", 0.0)]
    for syl in family:
        generic = [(a + b, ca + cb) for a, ca in generic for b, cb in syllable_variants(syl)]
        generic = sorted(generic, key=lambda sc: sc[1])[:200]
    out += [(s, c + _GENERIC_FAMILY_PENALTY) for s, c in generic]
    rr = "".join(revised_romanisation(syl) for syl in family)
    out.append((rr, 0.0))  # RR itself is always a cost-0 spelling
    return _merge(out)


def _units(hangul_name: str) -> list[tuple[Variant, ...]]:
    """Spelling units of a name: the family name, then each given-name syllable."""
    syllables = hangul_syllables(hangul_name)
    if not syllables:
        return []
    family, given = _split_family(syllables)
    return [_family_variants(family), *(syllable_variants(s) for s in given)]


# A personal name has a few syllables. The k-best search grows strings syllable by syllable, so a
# 100-syllable "name" (the NER can tag a long run as PERSON) took 0.1 s per call; beyond this, [].
_MAX_NAME_SYLLABLES = 12


def romanise_name(hangul_name: str, *, limit: int = 64) -> list[str]:
    """The `limit` most plausible romanisations of a Korean personal name, as normalised keys.

    Keys are lower-case ASCII letters only, family name first ("kimyoungshub"), cheapest first
    (RR and customary family spellings first). Compare them with ``name_key(latin)``. Returns []
    for input without Hangul syllables or with more than _MAX_NAME_SYLLABLES of them.
    """
    if len(hangul_syllables(hangul_name)) > _MAX_NAME_SYLLABLES:
        return []
    units = _units(hangul_name)
    if not units or limit <= 0:
        return []
    # Exact k-best over additive costs: a prefix outside the k best prefixes cannot start a k-best name.
    beam: list[Variant] = [("", 0.0)]
    for variants in units:
        expanded = ((p + s, pc + c) for p, pc in beam for s, c in variants)
        beam = heapq.nsmallest(limit, expanded, key=lambda sc: (round(sc[1], 4), sc[0]))
    seen: set[str] = set()
    out: list[str] = []
    for s, _ in beam:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


_TOKEN_SPLIT = re.compile(r"[\s\-‐‑–—_.·']+")


def _latin_tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))  # Hyŏn -> Hyon (MR breves)
    text = text.casefold().replace("’", "'").replace("ʼ", "'").replace("'", "")  # MR aspiration marks
    tokens = []
    for part in _TOKEN_SPLIT.split(text):
        letters = "".join(ch for ch in part if "a" <= ch <= "z")
        if letters:
            tokens.append(letters)
    return tokens


def name_key(name: str) -> str:
    """Canonical comparison key of a romanised personal name: lower-case letters, family name first.

    "Kim Young-shub", "Young-shub Kim", "KIM Young Shub", "Kim, Young-shub" -> "kimyoungshub".
    Order rule: "Family, Given" (comma) keeps the part before the comma first; otherwise a name is
    turned round when its last word is a known Korean family-name spelling and its first is not, or
    when the first word is hyphenated (a Korean given name) and the last is not. Anything else keeps
    its order ("Satya Nadella" -> "satyanadella").
    """
    if "," in name:
        family, _, given = name.partition(",")
        return "".join(_latin_tokens(family) + _latin_tokens(given))
    words = [w for w in unicodedata.normalize("NFKC", name).split() if _latin_tokens(w)]
    if len(words) >= 2:
        first_key = "".join(_latin_tokens(words[0]))
        last_key = "".join(_latin_tokens(words[-1]))
        given_first = len(words) == 2 and "-" in words[0] and "-" not in words[-1]
        family_last = last_key in _FAMILY_SPELLINGS and first_key not in _FAMILY_SPELLINGS
        if given_first or family_last:
            words = [words[-1], *words[:-1]]
    return "".join(t for w in words for t in _latin_tokens(w))


def _word_orders(latin_name: str) -> list[list[list[str]]]:
    """Possible family-first readings of a Latin name, as words of tokens."""
    if "," in latin_name:
        family, _, given = latin_name.partition(",")
        words = [_latin_tokens(w) for w in family.split()] + [_latin_tokens(w) for w in given.split()]
        return [[w for w in words if w]]
    words = [_latin_tokens(w) for w in unicodedata.normalize("NFKC", latin_name).split()]
    words = [w for w in words if w]
    orders = [words]
    if len(words) >= 2:
        orders.append([words[-1], *words[:-1]])
    return orders


def _dp_match(units: list[tuple[Variant, ...]], tokens: list[str]) -> tuple[int, float, bool]:
    """Best segmentation of the tokens into units: (unmatched units, variant cost, family matched).

    A unit either matches one of its spellings exactly (never crossing a token boundary) or is
    skipped, consuming 0-8 letters of one token at a cost of one unmatched unit. Every token
    boundary must coincide with a unit boundary.
    """
    text = "".join(tokens)
    bounds = set()
    pos = 0
    for t in tokens:
        pos += len(t)
        bounds.add(pos)
    n, length = len(units), len(text)
    inf = (10**6, 0.0, False)
    # dp[k][p]: best (misses, cost, family_ok) after k units consumed text[:p]
    dp: list[dict[int, tuple[int, float, bool]]] = [dict() for _ in range(n + 1)]
    dp[0][0] = (0, 0.0, True)

    def boundary_ok(start: int, end: int) -> bool:
        return not any(start < b < end for b in bounds)

    def better(a: tuple[int, float, bool], b: tuple[int, float, bool]) -> bool:
        return (a[0], round(a[1], 4), not a[2]) < (b[0], round(b[1], 4), not b[2])

    for k, variants in enumerate(units):
        for p, state in dp[k].items():
            for spelling, cost in variants:
                if not spelling:
                    continue
                end = p + len(spelling)
                if end <= length and text.startswith(spelling, p) and boundary_ok(p, end):
                    new = (state[0], state[1] + cost, state[2])
                    if better(new, dp[k + 1].get(end, inf)):
                        dp[k + 1][end] = new
            for skip in range(0, 9):
                end = p + skip
                if end > length:
                    break
                if not boundary_ok(p, end):
                    break
                new = (state[0] + 1, state[1], state[2] and k != 0)
                if better(new, dp[k + 1].get(end, inf)):
                    dp[k + 1][end] = new
    return dp[n].get(length, inf)


@lru_cache(maxsize=16384)
def romanisation_match(hangul_name: str, latin_name: str) -> float:
    """Confidence in [0, 1] that a Hangul personal name and a Latin spelling are the same name.

    1 - (sum of variant costs) when every syllable is matched (RR of the name itself gives >= 0.95);
    with unmatched syllables at most 0.6 * matched share, halved when the family name is unmatched,
    so a partial match never reaches the 0.8 linking threshold. Both names in Hangul: 1.0 when the
    syllables are equal, else 0.0. Never raises for str input.
    """
    try:
        units = _units(hangul_name)
        if not units:
            return 0.0
        if hangul_syllables(latin_name):
            return 1.0 if hangul_syllables(latin_name) == hangul_syllables(hangul_name) else 0.0
        best = 0.0
        for words in _word_orders(latin_name):
            tokens = [t for w in words for t in w]
            if not tokens:
                continue
            misses, cost, family_ok = _dp_match(units, tokens)
            if misses >= 10**6:
                continue
            if misses == 0:
                score = max(0.5, 1.0 - cost)
            else:
                score = 0.6 * (len(units) - misses) / len(units)
                if not family_ok:
                    score *= 0.5
            best = max(best, score)
        return round(best, 4)
    except (ValueError, TypeError, RecursionError):  # defensive: odd Unicode never crashes a link
        return 0.0


@lru_cache(maxsize=16384)
def korean_word_match(hangul: str, latin: str) -> float:
    """Confidence that a Korean (non-personal) word is spelt `latin`: 삼성/Samsung, 현대/Hyundai, 기아/Kia.

    Every syllable must match one of its spellings (generic variants, no family-name table);
    confidence is 0.97 - (sum of variant costs), else 0.0. Latin word breaks are ignored.
    """
    syllables = hangul_syllables(hangul)
    letters = "".join(_latin_tokens(latin or ""))
    if not syllables or not letters or len(syllables) > len(letters):
        return 0.0
    misses, cost, _ = _dp_match([syllable_variants(s) for s in syllables], [letters])
    if misses:
        return 0.0
    return round(max(0.0, 0.97 - cost), 4)


_LOOSE_RULES = [
    ("sh", "s"),
    ("ch", "j"),
    ("eo", "o"),
    ("eu", "u"),
    ("ou", "o"),
    ("oo", "u"),
    ("ee", "i"),
    ("u", "o"),
    ("k", "g"),
    ("p", "b"),
    ("t", "d"),
    ("r", "l"),
    ("w", ""),
    ("h", ""),
]


def loose_name_key(name: str) -> str:
    """A lossy key under which two romanisations of one Korean name usually agree.

    "Kim Young-shub" and "Kim Young-seop" -> "gimyongsob". Many different names agree too, so a
    match on this key is only grounds for proposing a merge, never for linking.
    """
    key = name_key(name)
    for src, dst in _LOOSE_RULES:
        key = key.replace(src, dst)
    return re.sub(r"(.)\1+", r"\1", key)
