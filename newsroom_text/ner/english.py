"""Rule-based English NER: capitalised-sequence chunking + gazetteers + title/organisation cues.

No fitted model: every rule and list is written from general knowledge of news English
(see lexicon_en.py).  Cheap enough for archive-scale use (one regex tokenisation per text).
"""

from __future__ import annotations

import re

from newsroom_text.spans import Span

from .common_words import COMMON_WORDS, FUNCTION_WORDS
from .english_stats import person_names, stats
from .lexicon_en import (
    COMMON_FIRST_NAMES,
    DEMONYMS,
    KO_SURNAMES,
    MONTHS_DAYS,
    ORG_FIRST,
    ORG_HEADS,
    PERSON_INTRO,
    PLACE_HEADS,
    PLACE_NOUNS,
    TITLES_PERSON,
    WELL_KNOWN_ORGS,
    place_names,
)

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:[-–&]\w+)*(?:['’]\w+)?|\S")
_POSSESSIVE = re.compile(r"^(.+?)['’]s?$|^(.+?)['’]s$")
_SENT_END = {
    ".",
    "!",
    "?",
    ":",
    ";",
    '"',
    "“",
    "”",
    "‘",
    "’",
    "'",
    "(",
    "[",
    "—",
    "–",
    "-",
    "|",
    "■",
    "▲",
    "△",
    "•",
    "*",
}
_JOINERS = {
    "and",
    "of",
    "for",
    "de",
    "du",
    "des",
    "la",
    "le",
    "al",
    "el",
    "bin",
    "ibn",
    "van",
    "von",
    "der",
    "den",
    "da",
    "di",
    "dos",
    "&",
    "y",
}
# prepositions after which a capitalised name is a location ("in Upper Dir"), not a person
_PLACE_PREPOSITIONS = frozenset({"in", "near", "across", "outside", "inside", "throughout"})
_STATE_BODIES = frozenset(
    """Ministry Department Army Navy Force Forces Police Government Parliament Cabinet Embassy Court Guard Guards
    Command Administration Authority Authorities Military Intelligence""".split()
)
_SPEECH_VERBS = frozenset({"said", "says", "told", "added", "stated", "explained", "insisted", "argued", "wrote"})
_DIRECTIONS = {
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Upper",
    "Lower",
    "Greater",
}
_EVENT_HEADS = {
    "Summit",
    "Forum",
    "Conference",
    "Expo",
    "Festival",
    "Games",
    "Olympics",
    "Cup",
    "Championship",
    "Championships",
    "Open",
    "Congress",
    "Show",
    "Fair",
    "Week",
    "Awards",
    "Rally",
    "Marathon",
    "War",
}


def _is_cap(tok: str) -> bool:
    c = tok[0]
    if tok[:3] in ("al-", "el-", "bin") and len(tok) > 3 and tok[3:4].isupper():
        return True
    return c.isupper() or (c.isdigit() and any(ch.isupper() for ch in tok))


NON_ENTITY_ACRONYMS = frozenset(
    """AI IT ICT CEO CFO CTO COO GDP TV PC OK PM AM DNA HIV AIDS SUV EV IPO LED LCD GPS API USB SMS MSP CSP
    VIP FAQ CPU GPU RAM SSD HR PR VR AR IOT IoT NFT ETF CCTV ID PIN ATM SNS OS UI UX B2B B2C ESG KPI R&D M&A""".split()
)


def _is_acronym(tok: str) -> bool:
    if tok in NON_ENTITY_ACRONYMS:
        return False
    core = tok.replace(".", "").replace("&", "").replace("-", "")
    return 2 <= len(core) <= 6 and core.isalpha() and core.isupper()


def _tokens(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        a, b = m.span()
        tok = m.group(0)
        if len(tok) > 2 and tok[-2] in "'’" and tok[-1] in "sS":  # possessive: Microsoft’s -> Microsoft + ’s
            out.append((a, b - 2, tok[:-2]))
            out.append((b - 2, b, tok[-2:]))
        elif len(tok) > 1 and tok[-1] in "'’":
            out.append((a, b - 1, tok[:-1]))
            out.append((b - 1, b, tok[-1]))
        else:
            out.append((a, b, tok))
    return out


# what a title is "of": "Secretary of State", "Minister of Foreign Affairs", "Chief of Staff"
_TITLE_COMPLEMENTS = frozenset(
    """State Staff Affairs Security Commerce Agriculture Energy Labor Labour Homeland Defence Information
    Communications Transport Transportation Industry Economy Environment Culture Tourism Oil Petroleum Planning
    Development Housing Welfare Youth Sports Mines Water Fisheries Public Works Home""".split()
)


def _title_complement(words: list[str], k: int) -> bool:
    """words[k] belongs to a title through "of": "Secretary of [Homeland] Security"."""
    if words[k] not in _TITLE_COMPLEMENTS and not _title_word(words[k]):
        return False
    j = k - 1
    while j >= 0 and (words[j] in _TITLE_COMPLEMENTS or _title_word(words[j])) and words[j] != "of":
        j -= 1
    return j >= 1 and words[j] == "of" and _title_word(words[j - 1])


def _title_word(tok: str) -> bool:
    return tok in TITLES_PERSON or (
        ("-" in tok) and all(p.capitalize() in TITLES_PERSON or p in TITLES_PERSON for p in tok.split("-"))
    )


def english_spans(text: str) -> list[Span]:
    toks = _tokens(text)
    n = len(toks)
    places = place_names()
    common_caps, word_cls = stats()
    initial = [False] * n
    for i in range(n):
        if i == 0:
            initial[i] = True
            continue
        prev = toks[i - 1][2]
        gap = text[toks[i - 1][1] : toks[i][0]]
        if "\n" in gap or prev in _SENT_END and not (
            # the period of "Mr." / "Gen." does not end a sentence
            prev == "." and i > 1 and toks[i - 2][1] == toks[i - 1][0] and toks[i - 2][2] in TITLES_PERSON
        ):
            initial[i] = True
    # 1. chunk capitalised runs (with joiners between capitalised words)
    chunks: list[tuple[int, int]] = []  # token index ranges [i, j)
    i = 0
    while i < n:
        tok = toks[i][2]
        if _is_cap(tok) and tok not in MONTHS_DAYS and (tok[0].isalpha() or tok[0].isdigit()):
            j = i + 1
            while j < n:
                t = toks[j][2]
                gap = text[toks[j - 1][1] : toks[j][0]]
                if "\n" in gap or len(gap) > 1:
                    break
                if _is_cap(t) and t not in MONTHS_DAYS and t[0].isalnum():
                    j += 1
                    continue
                if (
                    t in _JOINERS
                    and j + 1 < n
                    and _is_cap(toks[j + 1][2])
                    and toks[j + 1][2] not in MONTHS_DAYS
                    and t != toks[j + 1][2]
                ):
                    j += 2
                    continue
                break
            chunks.append((i, j))
            i = j
        else:
            i += 1
    spans: list[Span] = []
    person_parts: set[str] = set()
    pending_single: list[tuple[int, int, bool]] = []

    def emit(a: int, b: int, label: str, conf: float, method: str = "rule") -> None:
        s, e = toks[a][0], toks[b - 1][1]
        spans.append(Span(s, e, label, text[s:e], conf, method))
        if label == "PERSON":
            for k in range(a, b):
                person_parts.add(toks[k][2])

    def classify(a: int, b: int, after_title: bool) -> None:
        # drop leading sentence-initial common words / "The" (unless the rest is a known name).  Before an
        # organisation head only function words go: "National Security Council", "General Motors" keep
        # their first word, "Yesterday Parliament" does not.
        headed = (
            b - a > 1 and toks[b - 1][2] in ORG_HEADS and not any(toks[k][2] in _JOINERS for k in range(a, b))
        )  # not "Shares of General Electric"
        while (
            a < b
            and text[toks[a][0] : toks[b - 1][1]] not in WELL_KNOWN_ORGS
            and text[toks[a][0] : toks[b - 1][1]] not in places
            and (
                toks[a][2] == "The"
                or (initial[a] or a > 0 and initial[a - 1] and toks[a - 1][2] == "The")
                and (
                    toks[a][2].lower() in FUNCTION_WORDS
                    if headed
                    else toks[a][2].lower() in COMMON_WORDS or toks[a][2] in common_caps
                )
                and not _known(toks[a][2])
                and not _title_word(toks[a][2])  # "President Xyz said ..." is left to the title rule
            )
        ):
            a += 1
        while a < b and toks[a][2] in _JOINERS:
            a += 1
        while b > a and toks[b - 1][2] in _JOINERS:
            b -= 1
        if a >= b:
            return
        words = [toks[k][2] for k in range(a, b)]
        full = text[toks[a][0] : toks[b - 1][1]]
        last = words[-1]
        # titles inside the chunk: "Microsoft CEO Satya Nadella", "Prime Minister Tony Blair"
        if not (last in ORG_HEADS and len(words) > 1) and full not in places:
            for k in range(len(words) - 1, -1, -1):
                if (_title_word(words[k]) or _title_complement(words, k)) and k < len(words) - 1:
                    # find the start of the title run
                    s = k
                    while s > 0 and (
                        _title_word(words[s - 1]) or words[s - 1] in _JOINERS or _title_complement(words, s - 1)
                    ):
                        s -= 1
                    if s > 0:
                        classify(a, a + s, False)
                    intro = any(
                        w in PERSON_INTRO or w.split("-")[-1].capitalize() in PERSON_INTRO
                        for w in words[s : k + 1]
                    )
                    classify(a + k + 1, b, intro)
                    return
            if words[0] in TITLES_PERSON and len(words) == 1:
                return
        if "and" in words or "&" in words:
            if not (last in ORG_HEADS or words[0] in ORG_FIRST) or words.count("and") > 1:
                k = words.index("and") if "and" in words else words.index("&")
                classify(a, a + k, after_title)
                classify(a + k + 1, b, False)
                return
        # "X of Y"
        if "of" in words and not (words[0] in ORG_FIRST or last in ORG_HEADS) and full not in places:
            k = words.index("of")
            head = words[k - 1] if k > 0 else ""
            if head in PLACE_HEADS:
                emit(a, b, "PLACE", 0.7)
                return
            if head in ORG_HEADS:
                emit(a, b, "ORG", 0.7)
                return
            if k > 0:
                classify(a, a + k, after_title)
            classify(a + k + 1, b, False)
            return
        if _demonym(last) and words[0] not in ORG_FIRST:
            if len(words) > 1:
                classify(a, b - 1, after_title)
            return
        if len(words) == 1 and (
            words[0] in DEMONYMS or words[0] in MONTHS_DAYS or words[0] in NON_ENTITY_ACRONYMS
        ):
            return
        if words[0].split("-")[0] in DEMONYMS and "-" in words[0] or words[0] in NON_ENTITY_ACRONYMS:
            classify(a + 1, b, after_title)  # "Korean-specific AI", "U.S.-based ..."
            return
        if any(w in NON_ENTITY_ACRONYMS for w in words) and not (last in ORG_HEADS or words[0] in ORG_FIRST):
            return
        if len(words) > 1 and words[0] in DEMONYMS and (words[-1] not in ORG_HEADS or words[-1] in _STATE_BODIES):
            # "the Iraqi Interior Ministry": the nationality describes a state body, it is not part of its name
            # (unlike "British Airways")
            classify(a + 1, b, after_title)
            return
        if after_title:
            emit(a, b, "PERSON", 0.85)
            return
        if full in WELL_KNOWN_ORGS:
            emit(a, b, "ORG", 0.85)
            return
        if full in places:
            emit(a, b, "PLACE", 0.85)
            return
        if b < n and toks[b][2] in PLACE_NOUNS and words[0] not in ORG_FIRST and last not in ORG_HEADS:
            # "Helmand province", "Swat valley", "Kachin state": the name before a lower-case place noun
            emit(a, b, "PLACE", 0.7)
            return
        if len(words) > 1 and last in _EVENT_HEADS:
            emit(a, b, "EVENT", 0.6)
            return
        if len(words) > 1 and (last in ORG_HEADS or words[0] in ORG_FIRST):
            emit(a, b, "ORG", 0.8)
            return
        if len(words) > 1 and last in PLACE_HEADS:
            emit(a, b, "PLACE", 0.75)
            return
        if all(_is_acronym(w) for w in words):
            emit(a, b, "ORG", 0.7)
            return
        if len(words) > 1 and (any(_is_acronym(w) for w in words) or words[0] in WELL_KNOWN_ORGS):
            emit(a, b, "ORG", 0.6)
            return
        if len(words) > 1 and (_given(words[0]) or words[0] in KO_SURNAMES):
            emit(a, b, "PERSON", 0.8)
            return
        if (
            len(words) > 1
            and words[-1] in places
            and words[0]
            in {
                "North",
                "South",
                "East",
                "West",
                "Northern",
                "Southern",
                "Eastern",
                "Western",
                "Central",
                "New",
                "Upper",
                "Lower",
            }
        ):
            emit(a, b, "PLACE", 0.7)
            return
        if len(words) > 1 and words[0] in _DIRECTIONS and last not in DEMONYMS:
            emit(a, b, "PLACE", 0.55)
            return
        if len(words) > 1 and all(word_cls.get(w) == "PLACE" or w in places for w in words):
            emit(a, b, "PLACE", 0.5)
            return
        if len(words) > 1 and word_cls.get(last) == "ORG":
            emit(a, b, "ORG", 0.5)
            return
        after_the = a > 0 and toks[a - 1][2] in ("the", "The")
        if 2 <= len(words) <= 4 and all(w[0].isupper() and w[1:].islower() or "-" in w for w in words):
            # people do not take an article: "the Green Lantern Society" is an organisation
            if after_the:
                emit(a, b, "ORG", 0.5)
                return
            prev = toks[a - 1][2] if a > 0 else ""
            if prev in _PLACE_PREPOSITIONS:
                emit(a, b, "PLACE", 0.5)  # "fighting in Upper Dir", "near Kafr Nabl"
                return
            if prev == "of" or any(
                w.lower() in COMMON_WORDS or w in common_caps or word_cls.get(w) in ("PLACE", "ORG") for w in words
            ):
                # a personal name is made of names, not ordinary words ("Foreign Affairs", "Free Trade")
                return
            emit(a, b, "PERSON", 0.55)
            return
        if len(words) == 1:
            pending_single.append((a, b, initial[a] or after_the and "the"))
            return
        emit(a, b, "ORG", 0.4)

    for a, b in chunks:
        classify(
            a,
            b,
            a > 0
            and toks[a - 1][2] in PERSON_INTRO
            or (a > 1 and toks[a - 1][2] == "." and toks[a - 2][2] in PERSON_INTRO),
        )
    # single unknown capitalised words: surname of a person named earlier -> PERSON
    for a, b, init in pending_single:
        w = toks[a][2]
        ordinary = w.lower() in COMMON_WORDS or w in common_caps
        prev = toks[a - 1][2] if a > 0 else ""
        if w in person_parts:
            emit(a, b, "PERSON", 0.6)
        elif init is True and ordinary:
            continue
        elif prev in _PLACE_PREPOSITIONS and not ordinary and word_cls.get(w) != "ORG":
            emit(a, b, "PLACE", 0.45)  # "fighting in Xyz": the preposition says more than the word's cluster
        elif w in word_cls:
            if word_cls[w] == "PERSON" and init == "the":
                continue  # people do not take an article
            emit(a, b, word_cls[w], 0.45)
        elif _is_acronym(w):
            emit(a, b, "ORG", 0.5)
        elif ordinary:
            continue
        elif prev == "of":
            emit(a, b, "PLACE", 0.4)  # "the people of Xyz", "the capital of Xyz"
        elif b < n and toks[b][2] in _SPEECH_VERBS:
            emit(a, b, "PERSON", 0.4)  # "Xyz said": an unknown single name that speaks is most often a surname
    return sorted(spans, key=lambda s: s.start)


_NAME_IAN = frozenset({"Brian", "Julian", "Adrian", "Ian", "Damian", "Christian", "Sebastian", "Vivian", "Lillian",
                       "Gillian", "Marian", "Dorian", "Fabian", "Cyprian", "Maximilian", "Florian", "Kristian"})


def _demonym(w: str) -> bool:
    if w in DEMONYMS:
        return True
    if w in _NAME_IAN or w in place_names() or _given(w):
        return False
    base = w[:-1] if w.endswith("s") else w
    return (base.endswith(("ian", "ean", "ese", "ish", "ani", "aqi", "eli", "ali")) and base[:1].isupper()
            and len(base) > 4 and base.lower() not in COMMON_WORDS)


def _known(tok: str) -> bool:
    return tok in WELL_KNOWN_ORGS or tok in place_names() or _given(tok)


def _given(tok: str) -> bool:
    return tok in COMMON_FIRST_NAMES or tok in person_names()[0]
