"""Normalised views of a comment that remember, for every character, where it came from.

`fold(text)` applies NFKC per character (fullwidth -> ASCII, halfwidth jamo -> jamo), lower-cases,
maps Greek/Cyrillic look-alikes to Latin, drops invisible characters (zero-width space/joiner, soft
hyphen, BOM, combining marks) and composes conjoining (NFD) Hangul jamo - and a typed consonant +
vowel pair (`ㄴㅏ`) - into syllables. `skeleton(folded)` then keeps only letters and
digits, with Hangul phonetically simplified (tense initials to plain: 씨->시, 끼->기; 의/위->이, 에/예/얘->애),
and marks where whitespace used to be, so `씨 발` and `시.발` both read `시발` while the matcher can
still ask whether a hit crossed a word gap. Every step is one pass: linear in the text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .lexicon import HOMOGLYPHS

_DROP_CATEGORIES = {"Cf", "Cc", "Mn", "Me", "Cs", "Co", "Cn"}

# conjoining jamo (what NFKC makes of halfwidth jamo) -> compatibility jamo (what keyboards type)
_CONJOINING_TO_COMPAT = {
    unicodedata.normalize("NFKC", chr(cp)): chr(cp)
    for cp in range(0x3131, 0x318F)
    if len(unicodedata.normalize("NFKC", chr(cp))) == 1
}
# phonetic simplification of syllable parts (indices per Unicode Hangul composition)
_CHO_MAP = {1: 0, 4: 3, 8: 7, 10: 9, 13: 12}  # ㄲ->ㄱ ㄸ->ㄷ ㅃ->ㅂ ㅆ->ㅅ ㅉ->ㅈ
_JUNG_MAP = {19: 20, 16: 20, 5: 1, 7: 1, 3: 1, 15: 10, 11: 10}  # ㅢ,ㅟ->ㅣ ㅔ,ㅖ,ㅒ->ㅐ ㅞ,ㅚ->ㅙ
_JONG_MAP = {2: 1, 20: 19}  # final ㄲ->ㄱ, ㅆ->ㅅ
_COMPAT_LEAD = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_HOMOGLYPHS = HOMOGLYPHS
_COMPAT_MAP = {"ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ", "ㅄ": "ㅂㅅ"}


@dataclass(frozen=True)
class Folded:
    text: str  # folded characters
    starts: tuple[int, ...]  # original start offset of each folded character
    ends: tuple[int, ...]  # original end offset (exclusive)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original offsets of folded[i:j] (j > i)."""
        return self.starts[i], self.ends[j - 1]


@dataclass(frozen=True)
class Skeleton:
    norm: str  # phonetically simplified letters/digits
    plain: str  # the same characters before phonetic simplification (same length as norm)
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    gap_before: tuple[bool, ...]  # whitespace in the original between this and the previous kept char

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.starts[i], self.ends[j - 1]

    def has_gap(self, i: int, j: int) -> bool:
        return any(self.gap_before[k] for k in range(i + 1, j))


def is_hangul_syllable(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def is_compat_jamo(ch: str) -> bool:
    return "\u3131" <= ch <= "\u318e"


def fold(text: str) -> Folded:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        # conjoining jamo L V (T) -> one precomposed syllable
        if "\u1100" <= c <= "\u1112" and i + 1 < n and "\u1161" <= text[i + 1] <= "\u1175":
            lead = ord(c) - 0x1100
            vowel = ord(text[i + 1]) - 0x1161
            tail = 0
            j = i + 2
            if j < n and "\u11a8" <= text[j] <= "\u11c2":
                tail = ord(text[j]) - 0x11A7
                j += 1
            out.append(chr(0xAC00 + (lead * 21 + vowel) * 28 + tail))
            starts.append(i)
            ends.append(j)
            i = j
            continue
        # a compatibility consonant followed by a compatibility vowel (존ㄴㅏ) spells a syllable
        if "\u3131" <= c <= "\u314e" and i + 1 < n and "\u314f" <= text[i + 1] <= "\u3163":
            lead = _COMPAT_LEAD.find(c)
            if lead >= 0:
                out.append(chr(0xAC00 + (lead * 21 + ord(text[i + 1]) - 0x314F) * 28))
                starts.append(i)
                ends.append(i + 2)
                i += 2
                continue
        piece = c if c.isascii() or is_compat_jamo(c) else unicodedata.normalize("NFKC", c)
        for pc in piece:
            if not pc.isascii():
                if "\u1100" <= pc <= "\u11ff":
                    pc = _CONJOINING_TO_COMPAT.get(pc, pc)
                elif unicodedata.category(pc) in _DROP_CATEGORIES and not pc.isspace():
                    continue
            for lc in pc.lower().translate(_HOMOGLYPHS):
                out.append(lc)
                starts.append(i)
                ends.append(i + 1)
        i += 1
    return Folded("".join(out), tuple(starts), tuple(ends))


def simplify_syllable(ch: str) -> str:
    if is_hangul_syllable(ch):
        code = ord(ch) - 0xAC00
        cho, rest = divmod(code, 588)
        jung, jong = divmod(rest, 28)
        cho = _CHO_MAP.get(cho, cho)
        jung = _JUNG_MAP.get(jung, jung)
        jong = _JONG_MAP.get(jong, jong)
        return chr(0xAC00 + cho * 588 + jung * 28 + jong)
    if is_compat_jamo(ch):
        return _COMPAT_MAP.get(ch, ch)
    return ch


def simplify(s: str) -> str:
    """Phonetic simplification of a whole string (used on lexicon entries, same rules as skeleton)."""
    return "".join(simplify_syllable(c) for c in s)


def skeleton(f: Folded) -> Skeleton:
    norm: list[str] = []
    plain: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    gaps: list[bool] = []
    gap = False
    for ch, s, e in zip(f.text, f.starts, f.ends, strict=True):
        if ch.isspace():
            gap = True
            continue
        if not (ch.isalnum() or is_compat_jamo(ch)):
            continue  # punctuation and symbols vanish without making a gap: 시.발 == 시발
        simple = simplify_syllable(ch)
        for k, sc in enumerate(simple):  # ㅄ -> ㅂㅅ keeps both on the same source span
            norm.append(sc)
            plain.append(ch if len(simple) == 1 else sc)
            starts.append(s)
            ends.append(e)
            gaps.append(gap and k == 0)
        gap = False
    return Skeleton("".join(norm), "".join(plain), tuple(starts), tuple(ends), tuple(gaps))
