"""Profanity in Korean and English, robust to particles, spacing and disguises, with offsets.

Korean is matched on the skeleton (fold.py): no spaces/punctuation, tense consonants and look-alike
vowels merged, so particles and endings (`병신아`, `개새끼들이`) never matter and spacing tricks
(`씨 발`, `시 발 놈`) read as one word. Because removing spaces can also glue innocent words together
(`수박씨 발라`, `질병 신고`, `시 발표`), a hit that crosses a word gap must start a word and must not
end inside a longer ordinary word (asked of the Korean analyser). Whitelisted words (`시발점`) and
context-dependent families (`꺼져`, `닥쳐`, `졸라`, `병신년`) are then checked.

English is matched per word after NFKC/lower-casing (fullwidth), zero-width removal, a leet map and
capping repeated letters; a root either may sit anywhere in a word (`fuck`) or the word must be the
root with a listed prefix/suffix (so `Scunthorpe`, `assistant`, `cockpit` pass). Spaced-out letters
(`s h i t`, `f.u.c.k`) are joined first. All patterns use bounded repetition: linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon
from .fold import Folded, Skeleton, is_hangul_syllable, simplify

_FILL = r"[0-9]{0,3}"  # digits a disguise puts between syllables: 시1발, 병1신


def _compile_ko(space: str) -> re.Pattern[str]:
    parts = []
    for i, (_family, pat, sp) in enumerate(lexicon.KO_PROFANITY):
        simplified = sp.startswith("norm")
        if simplified != (space == "norm"):
            continue
        body = pat.replace("~", _FILL)
        if simplified:
            body = simplify(body)
        parts.append(f"(?P<k{i}>{body})")
    return re.compile("|".join(parts))


_KO_NORM = _compile_ko("norm")
_KO_PLAIN = _compile_ko("plain")
_KO_INNOCENT = re.compile("|".join(map(re.escape, lexicon.KO_INNOCENT)))


def _letter_class(ch: str, first: bool) -> str:
    extra = {"u": "v", "l": "i", "c": "k", "k": "c"}.get(ch, "")
    star = "" if first else "*"
    return f"[{re.escape(ch + extra)}{star}]{{1,3}}"


def _root_regex(root: str) -> str:
    return "".join(_letter_class(c, i == 0) for i, c in enumerate(root))


_EN_ANY: list[tuple[str, re.Pattern[str]]] = []
_EN_WORD: list[tuple[str, re.Pattern[str]]] = []
for _root, _mode, _pre, _suf in lexicon.EN_PROFANITY:
    _r = _root_regex(_root)
    if _mode == "any":
        _EN_ANY.append((_root, re.compile(_r)))
    else:
        _p = f"(?:{_pre})?" if _pre else ""
        _s = f"(?:{_suf})?" if _suf else ""
        _EN_WORD.append((_root, re.compile(f"{_p}{_r}{_s}")))

_EN_TOKEN = re.compile(r"[a-z0-9$@!*|+€#]+")
_EN_SPACED = re.compile(r"(?<![a-z0-9$@!])(?:[a-z0-9$@!][ .\-_]{1,2}){2,}[a-z0-9$@!](?![a-z0-9$@!])")
_EN_DOTTED = re.compile(r"(?<![a-z0-9$@!*])[a-z0-9$@!*]{1,3}(?:[.\-_][a-z0-9$@!*]{1,3}){1,5}(?![a-z0-9$@!*])")
_EDGE = "!?.*#|+"
_RUNS = re.compile(r"(.)\1{2,}")


@dataclass(frozen=True)
class Hit:
    family: str
    start: int  # original offsets
    end: int


def _mostly_letters(s: str) -> bool:
    """Joined pieces (`s h i t`, `sh.i.t`) must be at least half real letters: `a $ 5`, `4.55` are money."""
    return sum(c.isalpha() for c in s) * 2 >= len(s)


def _en_normal(token: str) -> str:
    return _RUNS.sub(r"\1\1", token.translate(lexicon.LEET))


def _en_root(word: str) -> str | None:
    """The profane root `word` is built on, or None. `word` is already leet-mapped and run-capped."""
    for root, pat in _EN_ANY:
        if pat.search(word):
            return root
    for root, pat in _EN_WORD:
        if pat.fullmatch(word):
            return root
    return None


def _looks_like_name(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if not (word[:1].isupper() and word[1:].islower()):
        return False
    before = text[:start].rstrip()
    sentence_start = not before or before[-1] in ".!?\n"
    after = text[end:].lstrip()
    return not sentence_start or (after[:1].isupper())


def english_hits(text: str, f: Folded) -> list[Hit]:
    hits: list[Hit] = []
    covered_until = -1
    for m in _EN_SPACED.finditer(f.text):
        # the letters of `what a s h i t show`'s run are a,s,h,i,t: try every short stretch (<= 12 letters)
        pos = [m.start() + k for k, ch in enumerate(m.group()) if ch not in " .-_"]
        i = 0
        while i + 2 < len(pos):
            found = None
            for j in range(min(len(pos), i + 12), i + 2, -1):
                letters = "".join(f.text[p] for p in pos[i:j])
                if _mostly_letters(letters) and _en_root(_en_normal(letters)):
                    found = j
                    break
            if found is None:
                i += 1
                continue
            s, e = f.span(pos[i], pos[found - 1] + 1)
            hits.append(Hit("".join(f.text[p] for p in pos[i:found]), s, e))
            if len(hits) >= MAX_HITS:
                return hits
            i = found
        covered_until = m.end()
    for m in _EN_DOTTED.finditer(f.text):  # sh.i.t, f-u-ck: short pieces joined by . - _
        if m.start() < covered_until:
            continue
        letters = "".join(ch for ch in m.group() if ch not in ".-_")
        root = _en_root(_en_normal(letters)) if _mostly_letters(letters) else None
        if root:
            s, e = f.span(m.start(), m.end())
            hits.append(Hit(root, s, e))
            covered_until = m.end()
    for m in _EN_TOKEN.finditer(f.text):
        if m.start() < covered_until:
            continue
        tok = m.group()
        lo, hi = 0, len(tok)
        while lo < hi and tok[lo] in _EDGE:
            lo += 1
        while hi > lo and tok[hi - 1] in _EDGE:
            hi -= 1
        core = tok[lo:hi]
        if not core or not any(c.isalpha() or c in "$@!" for c in core):  # 455 is a number, @$$ is not
            continue
        root = _en_root(_en_normal(core))
        if root is None:
            continue
        s, e = f.span(m.start() + lo, m.start() + hi)
        if root in lexicon.EN_NAME_ROOTS and _looks_like_name(text, s, e):
            continue
        hits.append(Hit(root, s, e))
        if len(hits) >= MAX_HITS:
            break
    return hits


# ---------------------------------------------------------------- Korean

MAX_HITS = 50  # enough to hide a comment; bounds the work on a pathological one
MAX_ANALYSER_CALLS = 20  # past this, ambiguous hits are kept (the safe side for a moderator)

_PROFANE_TAILS = ("놈", "년", "새", "아", "야", "들", "같", "럼", "롬", "거", "것")
_CONTENT_TAGS = ("NNG", "NNP", "VV", "VA", "XR", "MAG", "NNB", "VX")


def _analyse(text: str):
    try:
        from newsroom_text.korean import morphemes

        return morphemes(text)
    except Exception:  # the analyser must never take screening down with it
        return None


def _gap_tail_is_innocent(text: str, sk: Skeleton, s: int, e: int) -> bool:
    """A hit crossing a word gap: does its last word continue into an ordinary longer word?"""
    last = max(k for k in range(s + 1, e) if sk.gap_before[k])
    t_end = e
    while t_end < len(sk.norm) and not sk.gap_before[t_end]:
        t_end += 1
    if t_end == e:
        return False  # the hit ends exactly at a word end: `씨 발`, `시 발 놈`
    if sk.plain[e:t_end].startswith(_PROFANE_TAILS):
        return False
    w_start, w_end = sk.starts[last], sk.ends[t_end - 1]
    hit_end = sk.ends[e - 1]
    morphs = _analyse(text[w_start:w_end])
    if not morphs:
        return False
    first = morphs[0]
    return first.tag.startswith(_CONTENT_TAGS) and w_start + first.end > hit_end


def _context_is_innocent(text: str, start: int, end: int) -> bool:
    """꺼져/닥쳐/졸라 are innocent as ordinary verbs: `불이 꺼져 있다`, `위기가 닥쳐 온다`, `엄마를 졸라`."""
    w0 = max(0, start - 20)
    window = text[w0 : min(len(text), end + 12)]
    morphs = _analyse(window)
    if not morphs:
        return False
    rel_s, rel_e = start - w0, end - w0
    idx = [i for i, m in enumerate(morphs) if m.start < rel_e and m.end > rel_s]
    if not idx:
        return False
    i, j = idx[0], idx[-1]
    if morphs[i].form == "조르":
        return True
    if morphs[i].start < rel_s:
        return True  # the hit is the tail of a longer word: 들이닥쳐
    if i > 0 and morphs[i - 1].tag in ("JKS", "JKO"):
        return True
    nxt = morphs[j + 1] if j + 1 < len(morphs) else None
    return bool(nxt and nxt.tag == "VX" and nxt.form in ("있", "오", "가", "지", "내"))


def _byeongsin_year(sk: Skeleton, s: int, e: int) -> bool:
    after = sk.plain[e : e + 4]
    if not after.startswith("년"):
        return False
    return not after[1:].startswith(lexicon.KO_BYEONGSIN_INSULT_TAIL)


class _Budget:
    def __init__(self, n: int):
        self.left = n

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def korean_hits(text: str, sk: Skeleton) -> list[Hit]:
    hits: list[Hit] = []
    budget = _Budget(MAX_ANALYSER_CALLS)
    innocent = [(m.start(), m.end()) for m in _KO_INNOCENT.finditer(sk.plain)]
    innocent = [(a, b) for a, b in innocent if not sk.has_gap(a, b)]
    for pattern, space in ((_KO_NORM, "norm"), (_KO_PLAIN, "plain")):  # "context" and "plain-start" are plain
        for m in pattern.finditer(sk.norm if space == "norm" else sk.plain):
            s, e = m.span()
            if e <= s:
                continue
            family, _pat, kind = lexicon.KO_PROFANITY[int(m.lastgroup[1:])]
            if any(a <= s and e <= b for a, b in innocent):
                continue
            if sk.has_gap(s, e):
                if s > 0 and not sk.gap_before[s]:
                    continue  # starts inside a longer word: 수박씨 발라, 질병 신고
                if budget.take() and _gap_tail_is_innocent(text, sk, s, e):
                    continue  # ends inside an ordinary word: 시 발표, 병 신고
            if kind.endswith("-start") and s > 0 and not sk.gap_before[s]:
                before = sk.plain[s - 1]
                if is_hangul_syllable(before) or before.isdigit():
                    continue
            if family == "병신" and _byeongsin_year(sk, s, e):
                continue
            o_s, o_e = sk.span(s, e)
            if kind == "context" and budget.take() and _context_is_innocent(text, o_s, o_e):
                continue
            hits.append(Hit(family, o_s, o_e))
            if len(hits) >= MAX_HITS:
                return hits
    return hits


def profanity_hits(text: str, f: Folded, sk: Skeleton) -> list[Hit]:
    """All profanity hits, de-duplicated: overlapping hits keep the longest, in text order."""
    hits = korean_hits(text, sk) + english_hits(text, f)
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[Hit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            if h.end > out[-1].end:
                out[-1] = Hit(out[-1].family, out[-1].start, h.end)
            continue
        out.append(h)
    return out
