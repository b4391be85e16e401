"""Slander, defamation and false information: words that need a human, when aimed at someone named.

A trigger (an insult, an accusation of wrongdoing, or a "this is fake" marker) only counts when a
named person or organisation is near it (same sentence, or within 80 characters): the caller's
named-entity spans when given (PERSON/ORG-like labels), otherwise a fallback - Korean proper nouns
from the analyser, title words (`김영섭 대표`, `최 장관`, `기자`), known organisations and Latin
acronyms (`KT`, `GSMA`), or English capitalised names and titles (`Senator Park`, `the CEO`).
A sentence that cites a charge or a probe (`혐의`, `의혹`, `alleged`, `charged with`) is discussion,
so accusations in it are left alone. Category: insult -> slander, accusation -> defamation,
marker -> false_information.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import lexicon
from .fold import Folded

_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "kan", "yan")
_PERSONISH = {"PERSON", "PER", "PS", "ORG", "ORGANIZATION", "OG", "NORP", "GPE_ORG", "COMPANY"}
_WINDOW = 80
_MAX_TRIGGERS = 30


def _alt(words: Sequence[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_KO_INSULT = re.compile(f"(?:{_alt(lexicon.KO_INSULTS)})")
_KO_ACCUSE = re.compile(f"(?:{_alt(lexicon.KO_ACCUSATIONS)})")
_KO_FALSE = re.compile(f"(?:{_alt(lexicon.KO_FALSE_MARKERS)})")
_EN_INSULT = re.compile(rf"\b(?:{_alt(lexicon.EN_INSULTS)})\b")
_EN_ACCUSE = re.compile(rf"\b(?:{_alt(lexicon.EN_ACCUSATIONS)})\b")
_EN_FALSE = re.compile(rf"\b(?:{_alt(lexicon.EN_FALSE_MARKERS)})\b")
_HEDGE = re.compile(f"(?:{_alt(lexicon.KO_HEDGES)})|\\b(?:{_alt(lexicon.EN_HEDGES)})\\b", re.IGNORECASE)

_KO_TITLE = re.compile(
    rf"(?:([가-힣]{{1,4}})\s?)?({_alt(lexicon.KO_TITLES)})(?=[^가-힣]|$|[은는이가을를의에도과와님들께])"
)
_KO_ORG = re.compile(
    rf"(?<![가-힣])(?:{_alt(lexicon.KO_ORGS)})(?=[^가-힣]|$|[은는이가을를의에도과와])"
    rf"|[가-힣]{{1,6}}(?:{_alt(lexicon.KO_ORG_SUFFIXES)})(?=[^가-힣]|$|[은는이가을를의에도과와])"
)
# no \b: in `KT가` the Latin name touches Hangul, which is also a word character
_LATIN_NAME = re.compile(
    r"(?<![A-Za-z])(?:[A-Z][A-Za-z&]+|[A-Z]{2,})(?:[ -](?:[A-Z][A-Za-z&]+|[A-Z]{2,}))*(?![A-Za-z])"
)
_EN_TITLE = re.compile(
    rf"\b(?:(?:the|our|this|that)\s+)?({_alt(lexicon.EN_TITLES)})\b\.?(?:\s+(?-i:([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)))?",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"\s*(?:을|를)?\s*당(?:했|한|하|해|함)")
_SENTENCE_END = re.compile(r"[.!?。\n]+\s*|(?<=[다요죠음임])\s+")
_KO_SURNAMES = set(
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예봉경"
)


@dataclass(frozen=True)
class Target:
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class JudgementHit:
    category: str
    word: str
    target: str
    start: int
    end: int


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    last = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((last, m.end()))
        last = m.end()
    spans.append((last, len(text)))
    return spans


def _targets_from_entities(text: str, entities: Sequence[tuple[int, int, str]]) -> list[Target]:
    out = []
    for ent in entities:
        try:
            s, e, label = int(ent[0]), int(ent[1]), str(ent[2]).upper()
        except (TypeError, ValueError, IndexError):
            continue
        if 0 <= s < e <= len(text) and label in _PERSONISH:
            out.append(Target(text[s:e], s, e))
    return out


def _korean_targets(text: str, windows: list[tuple[int, int]]) -> list[Target]:
    out: list[Target] = []
    for m in _KO_TITLE.finditer(text):
        name, title = m.group(1), m.group(2)
        if name and (name[0] in _KO_SURNAMES and len(name) <= 3 or name in lexicon.KO_ORGS):
            out.append(
                Target(f"{name} {title}" if m.group(0).find(" ") >= 0 else name + title, m.start(), m.end())
            )
        else:
            out.append(Target(title, m.start(2), m.end(2)))
    for m in _KO_ORG.finditer(text):
        out.append(Target(m.group(0), m.start(), m.end()))
    for m in _LATIN_NAME.finditer(text):
        word = m.group(0)
        if word.lower() not in lexicon.EN_STOP_CAPITALISED and (len(word) >= 2):
            out.append(Target(word, m.start(), m.end()))
    # proper nouns from the analyser, only around triggers (bounded work)
    try:
        from newsroom_text.korean import morphemes
    except Exception:  # pragma: no cover - analyser unavailable
        return out
    for ws, we in windows:
        try:
            morphs = morphemes(text[ws:we])
        except Exception:
            continue
        run: list = []
        for mo in [*morphs, None]:
            if mo is not None and mo.tag == "NNP" and (not run or mo.start <= run[-1].end + 1):
                run.append(mo)
                continue
            if run:
                s, e = ws + run[0].start, ws + run[-1].end
                name = text[s:e]
                if len(name) >= 2 or run[0].form in _KO_SURNAMES:
                    out.append(Target(name, s, e))
                run = []
            if mo is not None and mo.tag == "NNP":
                run = [mo]
    return out


def _english_targets(text: str) -> list[Target]:
    out: list[Target] = []
    for m in _EN_TITLE.finditer(text):
        if m.group(2):
            out.append(Target(text[m.start(1) : m.end(2)], m.start(1), m.end(2)))
        elif m.group(0).lower().startswith(("the", "our", "this", "that")):
            out.append(Target(m.group(0), m.start(), m.end()))
    for m in _LATIN_NAME.finditer(text):
        word = m.group(0)
        first = word.split()[0].split("-")[0]
        if first.lower() in lexicon.EN_STOP_CAPITALISED:
            rest = word[len(first) :].strip(" -")
            if not rest:
                continue
            out.append(Target(rest, m.end() - len(rest), m.end()))
            continue
        if first.lower() in lexicon.EN_TITLES:
            continue
        if (
            " " not in word
            and "-" not in word
            and not word.isupper()
            and word.lower().endswith(_DEMONYM_ENDINGS)
        ):
            continue  # Korean, Kenyan, Chinese, British: nationalities, not a named target
        out.append(Target(word, m.start(), m.end()))
    return out


def _nearest(targets: list[Target], s: int, e: int, sentence: tuple[int, int]) -> Target | None:
    best = None
    best_d = None
    for t in targets:
        if t.start < e and s < t.end:
            continue  # the trigger itself
        in_sentence = sentence[0] <= t.start < sentence[1]
        d = s - t.end if t.end <= s else t.start - e
        if not in_sentence and d > _WINDOW // 2:
            continue
        if d > _WINDOW:
            continue
        if best_d is None or d < best_d:
            best, best_d = t, d
    return best


def judgement_hits(
    text: str, f: Folded, *, named_entities: Sequence[tuple[int, int, str]] = ()
) -> list[JudgementHit]:
    """Triggers are found in the folded text (NFKC, lower-case, no zero-width), offsets mapped back."""
    triggers: list[tuple[str, int, int, str]] = []
    for category, ko, en in (
        ("false_information", _KO_FALSE, _EN_FALSE),
        ("defamation", _KO_ACCUSE, _EN_ACCUSE),
        ("slander", _KO_INSULT, _EN_INSULT),
    ):
        for pat in (ko, en):
            for m in pat.finditer(f.text):
                if len(triggers) >= _MAX_TRIGGERS or m.end() <= m.start():
                    break
                if category == "defamation" and _PASSIVE.match(f.text, m.end()):
                    continue  # 폭행당했다, 사기를 당했다: the named person is the victim
                s, e = f.span(m.start(), m.end())
                triggers.append((category, s, e, text[s:e]))
    if not triggers:
        return []
    # a marker span wins over an accusation/insult inside it (조작된 기사 is a marker, not 조작)
    triggers.sort(key=lambda t: (t[1], -(t[2] - t[1])))
    kept: list[tuple[str, int, int, str]] = []
    for t in triggers:
        if kept and t[1] < kept[-1][2]:
            continue
        kept.append(t)
    sentences = _sentences(text)

    def sentence_of(pos: int) -> tuple[int, int]:
        for s, e in sentences:
            if s <= pos < e:
                return (s, e)
        return (0, len(text))

    if named_entities:
        targets = _targets_from_entities(text, named_entities)
    else:
        windows = []
        for _c, s, e, _w in kept:
            ws, we = max(0, s - _WINDOW), min(len(text), e + _WINDOW)
            if windows and ws <= windows[-1][1]:
                windows[-1] = (windows[-1][0], we)
            else:
                windows.append((ws, we))
        targets = _korean_targets(text, windows) + _english_targets(text)
    hits: list[JudgementHit] = []
    seen: set[tuple[str, str]] = set()
    for category, s, e, word in kept:
        sentence = sentence_of(s)
        if category == "defamation" and _HEDGE.search(text, sentence[0], sentence[1]):
            continue
        target = _nearest(targets, s, e, sentence)
        if target is None:
            continue
        key = (category, word)
        if key in seen:
            continue
        seen.add(key)
        hits.append(JudgementHit(category, word, target.name, s, e))
    return hits
