"""Sentence-level event candidates built from trigger words plus already-found entities, dates and amounts.

Taxonomy (``EventCandidate.type``)
---------------------------------
``appointment``       someone takes a post: 선임 임명 취임 선출 발탁 내정 / appointed, named (as), elected,
                      took office, tapped, promoted
``agreement``         two or more parties commit to cooperate: 체결 협약 파트너십 제휴 손잡 MOU 양해각서 /
                      signed, signing, partnered, partnership, agreement, alliance, teamed up, MOU
``meeting``           an event is held or attended: 개최 열었다 열린 행사 콘퍼런스 포럼 회담 간담회 /
                      held, hosted, conference, summit, forum, ceremony, convened
``investment``        money is committed: 투자 / invested, investment, invests
``launch``            a product or service is released: 출시 공개 내놓 선보 론칭 / launched, unveiled,
                      released, rolled out, introduced
``outage``            a service fails: 장애 먹통 중단 마비 불통 / outage, disruption, blackout, downtime,
                      went down
``financial_result``  reported results: 영업이익 매출 실적 순이익 영업손실 / revenue, profit, earnings,
                      operating income, net income, sales
``other``             corporate restructuring (the "corporate" subtype): 분사 설립 스핀오프 인수 합병 분할 /
                      spun off, spin-off, founded, established, acquired, acquisition, merger.
                      The trigger text tells which one.

Participants and roles
----------------------
Participants are the PERSON / ORG (and PRODUCT / EVENT, as ``subject``) spans inside the sentence;
PLACE spans go to ``place``. Roles: Korean by the particle closing the entity's noun phrase (read
from the text after the name, skipping parentheses such as ``마이크로소프트(MS)와``; a string
heuristic rather than a Kiwi call, because Kiwi's cost grows faster than linearly on some inputs);
English by the preposition in front of the entity's noun phrase and its position relative to the
trigger.

=====================  ==========================  ======================================
phrase marker          Korean                      English
=====================  ==========================  ======================================
subject                이/가/은/는/께서/도            no preposition, before the trigger
with                   와/과/하고/(이)랑               with, alongside, together with
by                     (none)                      by (attended by X and Y)
object                 을/를                        no preposition, after the trigger
to / at / of           로/으로, 에서, 의, 에             to, as, at, of, for / in, at / ’s
=====================  ==========================  ======================================

subject → agent (``host`` for meetings); with → counterpart (co-``host`` for meetings); by →
attendee; object → counterpart for agreements, ``subject`` otherwise. For appointments every
PERSON is the ``appointee`` and an ORG marked to/at/of is the ``organisation``. Anything else is
``subject``. In a coordination ("X and Y", "X, Y") the marker of the first conjunct carries over.

Place: a PLACE span (not one used as a modifier: ``미국의``, ``Korea’s``), or an ORG/PLACE whose name looks like a venue (호텔, 센터, hotel, headquarters
...); one followed by 에서 / preceded by at|in wins, then the later (more specific) one.
Date: a DateMention inside the sentence, resolved ones first, then the nearest to the trigger.
Amount: the money Amount inside the sentence nearest to the trigger.

A trigger inside a quotation only takes arguments from inside that quotation, a trigger outside
quotations only from outside them (so a speaker is not made the appointee of what they talk
about); quoted triggers lose 0.1 confidence (reported speech).

Duplicates (same type, same sentence) are merged into one candidate. A trigger introduced by a
determiner (``The signing ceremony``, ``이 행사는``) continues the event of the same type from one of
the two previous sentences: the candidates merge (participants united, place/date/amount filled
in) and the span grows to cover both sentences.

Confidence = 0.35 + 0.12 per participant (at most 3) + 0.05 when one has a core role (agent,
appointee, host) + 0.1 date + 0.1 place + 0.05 amount, capped at 0.95.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsroom_text.amounts import Amount
from newsroom_text.dates import DateMention
from newsroom_text.quotes import _pairs as quote_pairs
from newsroom_text.sentences import split_sentences
from newsroom_text.spans import Span

__all__ = ["EVENT_TYPES", "EventCandidate", "Participant", "extract_events"]

EVENT_TYPES = (
    "appointment", "agreement", "meeting", "investment", "launch", "outage", "financial_result", "other",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Participant:
    text: str
    label: str
    role: str  # agent counterpart appointee organisation host attendee subject
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EventCandidate:
    type: str
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence_start: int
    sentence_end: int
    participants: tuple[Participant, ...]
    place: Span | None
    date: DateMention | None
    amount: Amount | None
    confidence: float


_KO_TRIGGERS = [
    ("appointment", r"선임|임명|취임|선출|발탁|내정"),
    ("agreement", r"체결|협약|파트너십|제휴|손잡|손을\s?잡|맞손|MOU|양해각서"),
    ("meeting", r"개최|열었|열린|열고|열리|행사|콘퍼런스|컨퍼런스|포럼|회담|간담회|박람회|세미나"),
    ("investment", r"투자"),
    ("launch", r"출시|공개|내놓|선보|론칭|런칭"),
    ("outage", r"장애|먹통|중단|마비|불통"),
    ("financial_result", r"영업이익|매출|실적|순이익|영업손실|순손실"),
    ("other", r"분사|설립|스핀오프|인수|합병|분할"),
]
_EN_TRIGGERS = [
    (
        "appointment",
        r"appointed|appoints|elected|took\soffice|takes\soffice|taking\soffice|tapped|promoted"
        r"|(?:was|were|been|is|are|be|has|have|had)\snamed|named(?=\sas\s)"
        r"|named(?=\s(?:the\s)?(?:new\s)?(?:CEO|chief|chairman|chairwoman|chair|president|head|director))",
    ),
    (
        "agreement",
        r"signed|signs|signing|partnered|partners\swith|partnership|agreements?|alliance|MOU"
        r"|memorandum\sof\sunderstanding|teamed\sup|joined\shands",
    ),
    ("meeting", r"held|hosted|hosts|convened|conference|summit|forum|ceremony"),
    ("investment", r"invested|invests|investing|investments?"),
    ("launch", r"launched|launches|unveiled|unveils|released|rolled\sout|introduced"),
    ("outage", r"outages?|disruptions?|blackout|downtime|went\sdown"),
    ("financial_result", r"revenues?|profits?|earnings|operating\sincome|net\sincome|sales"),
    ("other", r"spun\soff|spin-?off|spinoff|founded|established|acquired|acquisition|merger|merged"),
]
_KO_RE = [(t, re.compile(p)) for t, p in _KO_TRIGGERS]
_EN_RE = [(t, re.compile(r"(?<![\w-])(?:" + p + r")(?![\w])", re.IGNORECASE)) for t, p in _EN_TRIGGERS]

_PARTICIPANT_LABELS = {"PERSON", "ORG", "PRODUCT", "EVENT"}
_VENUE_WORDS = re.compile(
    r"호텔|센터|홀|컨벤션|코엑스|경기장|본사|사옥|전시장|hotel|center|centre|hall|headquarters|campus|arena|stadium|"
    r"convention|expo|plaza|tower",
    re.IGNORECASE,
)
_EN_DETERMINER = re.compile(r"(?:^|\s)(?:the|this|that|these|those|its|their)\s(?:[\w-]+\s)?$", re.IGNORECASE)
_KO_DETERMINER = re.compile(r"(?:^|\s)(?:이|그|해당|이번|같은|이날)\s$")


_EN_WITH = {"with", "alongside"}
_EN_TO = {"to", "as", "at", "of", "for", "on", "into", "in", "from", "under"}


_KO_PARTICLES = [  # longest first
    ("에서는", "at"), ("에서", "at"), ("께서", "subject"), ("으로", "to"), ("이랑", "with"), ("하고", "with"),
    ("은", "subject"), ("는", "subject"), ("이", "subject"), ("가", "subject"), ("도", "subject"),
    ("와", "with"), ("과", "with"), ("랑", "with"), ("을", "object"), ("를", "object"), ("로", "to"),
    ("의", "of"), ("에", "to"),
]  # fmt: skip
_KO_VERBAL_LAST = set("고며서면다해한된던게지요죠며니")


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _particle_suffix(tok: str) -> str | None:
    for form, marker in _KO_PARTICLES:
        if tok.endswith(form) and len(tok) > len(form):
            return marker
    return None


def _ko_marker(text: str, end: int, s_end: int) -> str:
    """The phrase marker of an entity ending at `end`, read from the particles that follow it.

    A string heuristic (linear, no analyser call): skip a parenthesis right after the name
    ("마이크로소프트(MS)와"), read the particle glued to it; for a bare name ("김영섭 KT 대표는")
    look at most three tokens ahead for the particle closing the noun phrase.
    """
    i = end
    if i < s_end and text[i] == ")":
        i += 1
    elif i < s_end and text[i] == "(":
        close = text.find(")", i, min(s_end, i + 40))
        if close > 0:
            i = close + 1
    j = i
    while j < s_end and _is_hangul(text[j]) and j - i < 6:
        j += 1
    glued = text[i:j]
    if glued:
        for form, marker in _KO_PARTICLES:
            if glued.startswith(form):
                return marker
        return ""
    if i >= s_end or text[i] != " ":
        return ""
    pos = i
    for _ in range(3):
        while pos < s_end and text[pos] == " ":
            pos += 1
        k = pos
        while k < s_end and not text[k].isspace() and k - pos < 20:
            k += 1
        tok = text[pos:k].rstrip(".,")
        if not tok or not all(ch.isalnum() for ch in tok) or len(tok) != k - pos:
            return ""
        marker = _particle_suffix(tok) if _is_hangul(tok[-1]) else None
        if marker is not None:
            return marker
        if tok[-1] in _KO_VERBAL_LAST:
            return ""
        pos = k
    return ""


def _ko_markers(text: str, s_start: int, s_end: int, ents: list[Span]) -> dict[tuple[int, int], str]:
    """Map each entity (start, end) to its phrase marker: subject/with/object/to/at/of or ''."""
    return {(e.start, e.end): _ko_marker(text, e.end, s_end) for e in ents}


def _en_markers(text: str, s_start: int, trigger_start: int, ents: list[Span]) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    previous = ""
    prev_end = s_start
    for e in sorted(ents, key=lambda s: s.start):
        # walk back over the capitalised noun phrase in front of the entity
        j = e.start
        word = ""
        steps = 0
        while j > s_start and steps < 8:
            k = j
            while k > s_start and text[k - 1] == " ":
                k -= 1
            w_end = k
            while k > s_start and (text[k - 1].isalnum() or text[k - 1] in "-’'."):
                k -= 1
            w = text[k:w_end]
            if not w:
                if k > s_start and text[k - 1] == ",":
                    word = ","
                break
            if w[0].isupper() or w[0].isdigit():
                j = k
                steps += 1
                continue
            word = w.lower()
            break
        at_start = j <= s_start or not text[s_start:j].strip(" ,")
        gap = text[prev_end : e.start]
        if word in _EN_WITH:
            marker = "with"
        elif word == "by":
            marker = "by"
        elif word in ("in", "at") and e.start > s_start:
            marker = "at"
        elif word in _EN_TO:
            marker = "to"
        elif (word in ("and", "or", ",", "&") or gap.strip() in ("and", ",", ", and", "&")) and previous:
            marker = previous
        elif e.end <= trigger_start and (at_start or word == ""):
            marker = "subject"
        elif e.start >= trigger_start:
            marker = "object"
        else:
            marker = ""
        if text[e.end : e.end + 2] in ("’s", "'s"):
            marker = "of"
        out[(e.start, e.end)] = marker
        previous = marker if marker != "of" else previous
        prev_end = e.end
    return out


def _role(event_type: str, label: str, marker: str) -> str:
    if event_type == "appointment":
        if label == "PERSON":
            return "appointee"
        if marker in ("to", "at", "of"):
            return "organisation"
        return "agent" if marker == "subject" else "subject"
    if label in ("PRODUCT", "EVENT"):
        return "subject"
    if event_type == "meeting":
        if marker in ("subject", "with"):
            return "host"
        if marker == "by" or (label == "PERSON" and marker in ("object", "")):
            return "attendee"
        return "subject"
    if event_type == "outage":
        return "subject"
    if marker == "subject":
        return "agent"
    if marker == "with":
        return "counterpart"
    if marker == "by":
        return "attendee"
    if marker == "object" and event_type == "agreement":
        return "counterpart"
    return "subject"


def _confidence(ev: EventCandidate, quoted: bool = False) -> float:
    score = 0.35 - (0.1 if quoted else 0.0) + 0.12 * min(len(ev.participants), 3)
    if any(p.role in ("agent", "appointee", "host") for p in ev.participants):
        score += 0.05
    if ev.date is not None:
        score += 0.1
    if ev.place is not None:
        score += 0.1
    if ev.amount is not None:
        score += 0.05
    return round(min(score, 0.95), 3)


def _pick_place(text: str, candidates: list[Span], lang: str) -> Span | None:
    best = None
    best_score = -1
    for s in candidates:
        score = 1 if s.label == "PLACE" else 0
        if _VENUE_WORDS.search(s.text):
            score += 1
        if lang == "ko":
            if text.startswith("에서", s.end):
                score += 2
        else:
            before = text[max(0, s.start - 4) : s.start].lower()
            if before.endswith(("at ", "in ")):
                score += 2
        if score >= best_score:
            best, best_score = s, score
    return best


def _pick_near(items, trigger: int, key_ok=lambda x: True):
    best = None
    best_key = None
    for it in items:
        if not key_ok(it):
            continue
        key = abs(it.start - trigger)
        if best is None or key < best_key:
            best, best_key = it, key
    return best


class _ByStart:
    """Items with .start/.end sorted by start; slices the ones inside a range in logarithmic time."""

    def __init__(self, items):
        self.items = sorted(items, key=lambda x: (x.start, x.end))
        self.starts = [x.start for x in self.items]

    def inside(self, a: int, b: int) -> list:
        i = bisect_left(self.starts, a)
        j = bisect_left(self.starts, b)
        return [x for x in self.items[i:j] if x.end <= b]


def _pairs_in(pairs: list[tuple[int, int]], ends: list[int], a: int, b: int) -> list[tuple[int, int]]:
    """The quote pairs overlapping [a, b) (pairs are sorted and disjoint)."""
    i = bisect_left(ends, a + 1)
    out = []
    while i < len(pairs) and pairs[i][0] < b:
        out.append(pairs[i])
        i += 1
    return out


def _region(pos: int, pairs: list[tuple[int, int]], starts: list[int]) -> tuple[int, int] | None:
    i = bisect_left(starts, pos) - 1
    if i >= 0 and pairs[i][0] < pos < pairs[i][1]:
        return pairs[i]
    return None


def _same_region(
    start: int, end: int, region: tuple[int, int] | None, pairs: list[tuple[int, int]], starts: list[int]
) -> bool:
    if region is not None:
        return region[0] < start and end <= region[1]
    i = bisect_left(starts, start) - 1
    return not (i >= 0 and pairs[i][0] < start and end <= pairs[i][1])


def _sentence_events(
    text: str, lang: str, s_start: int, s_end: int, entities, dates, amounts, quotes
) -> list[tuple[EventCandidate, bool]]:
    sentence = text[s_start:s_end]
    found: dict[str, re.Match] = {}
    for event_type, rx in _KO_RE if lang == "ko" else _EN_RE:
        m = rx.search(sentence)
        if m is not None:
            found[event_type] = m
    if not found:
        return []
    pairs = _pairs_in(quotes[0], quotes[1], s_start, s_end)
    pstarts = [a for a, _ in pairs]
    ents = entities.inside(s_start, s_end)
    in_dates = dates.inside(s_start, s_end)
    in_money = [a for a in amounts.inside(s_start, s_end) if a.kind == "money"]
    all_participants = [e for e in ents if e.label in _PARTICIPANT_LABELS]
    ko_markers = (
        _ko_markers(text, s_start, s_end, all_participants) if lang == "ko" and all_participants else {}
    )
    out = []
    for event_type, m in sorted(found.items(), key=lambda kv: kv[1].start()):
        t_start, t_end = s_start + m.start(), s_start + m.end()
        region = _region(t_start, pairs, pstarts)

        def here(x, region=region) -> bool:
            return _same_region(x.start, x.end, region, pairs, pstarts)

        participants_src = [e for e in all_participants if here(e)]
        place_src = [
            e
            for e in ents
            if here(e)
            and (e.label == "PLACE" or (e.label == "ORG" and _VENUE_WORDS.search(e.text)))
            and not text.startswith(("의", "’s", "'s"), e.end)
        ]
        place = _pick_place(text, place_src, lang)
        markers = ko_markers if lang == "ko" else _en_markers(text, s_start, t_start, participants_src)
        participants = []
        for e in participants_src:
            if place is not None and (e.start, e.end) == (place.start, place.end):
                continue
            role = _role(event_type, e.label, markers.get((e.start, e.end), ""))
            participants.append(Participant(e.text, e.label, role, e.start, e.end))
        local_dates = [d for d in in_dates if here(d)]
        resolved = [d for d in local_dates if d.resolved]
        date = _pick_near(resolved or local_dates, t_start)
        amount = _pick_near([a for a in in_money if here(a)], t_start)
        ev = EventCandidate(
            event_type, text[t_start:t_end], t_start, t_end, s_start, s_end, tuple(participants), place, date,
            amount, 0.0,
        )  # fmt: skip
        ev = replace(ev, confidence=_confidence(ev, region is not None))
        before = text[max(s_start, t_start - 30) : t_start]
        anaphoric = bool((_KO_DETERMINER if lang == "ko" else _EN_DETERMINER).search(before))
        out.append((ev, anaphoric))
    return out


def _merge(first: EventCandidate, second: EventCandidate) -> EventCandidate:
    seen = {(p.start, p.end) for p in first.participants}
    participants = list(first.participants)
    for p in second.participants:
        if (p.start, p.end) not in seen:
            participants.append(p)
            seen.add((p.start, p.end))
    merged = replace(
        first,
        sentence_start=min(first.sentence_start, second.sentence_start),
        sentence_end=max(first.sentence_end, second.sentence_end),
        participants=tuple(participants),
        place=first.place or second.place,
        date=first.date or second.date,
        amount=first.amount or second.amount,
    )
    return replace(merged, confidence=max(_confidence(merged), first.confidence, second.confidence))


def extract_events(
    text: str,
    *,
    lang: str,
    entities: Sequence[Span],
    dates: Sequence[DateMention],
    amounts: Sequence[Amount],
) -> list[EventCandidate]:
    """Event candidates in text order: at most one per (type, sentence) — see the module docstring."""
    if not text:
        return []
    lang = "ko" if lang == "ko" else "en"
    n = len(text)
    ent_index = _ByStart(e for e in entities if 0 <= e.start < e.end <= n)
    date_index = _ByStart(d for d in dates if 0 <= d.start < d.end <= n)
    amount_index = _ByStart(a for a in amounts if 0 <= a.start < a.end <= n)
    events: list[EventCandidate] = []
    # index of the last event per type with the sentence number it came from
    last: dict[str, tuple[int, int]] = {}
    pairs = quote_pairs(text)
    quotes = (pairs, [b for _, b in pairs])
    for s_no, (s_start, s_end) in enumerate(split_sentences(text)):
        found = _sentence_events(text, lang, s_start, s_end, ent_index, date_index, amount_index, quotes)
        for ev, anaphoric in found:
            prior = last.get(ev.type)
            if anaphoric and prior is not None and s_no - prior[1] <= 2:
                events[prior[0]] = _merge(events[prior[0]], ev)
                last[ev.type] = (prior[0], s_no)
                continue
            last[ev.type] = (len(events), s_no)
            events.append(ev)
    return events
