"""Language-independent span post-processing: known entities, overlap resolution, document consistency."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from newsroom_text.spans import Span

LABELS = ("PERSON", "ORG", "PLACE", "PRODUCT", "EVENT")

# Korean particles / light suffixes that may follow a name inside the same eojeol ("김영섭이", "KT는").
KO_TAIL = re.compile(
    r"(?:이|가|은|는|을|를|의|에|에서|에게|에게서|께|께서|와|과|도|만|로|으로|이나|나|부터|까지|처럼|보다|"
    r"이라고|라고|이라는|라는|이란|란|하고|랑|이랑|이며|며|이고|고|이다|다|였다|이었다|이었고|였고|이자|이었던|였던|"
    r"씨|측|님|등|들|조차|마저|밖에|뿐|마다|한테|더러|로서|으로서|로써|으로써|과의|와의|에서의|에의|으로의|로의|"
    r"이었으며|였으며|입니다|이에요|예요|야|아|이야)*"
)


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def boundary_ok(text: str, start: int, end: int, korean_tail: bool = True) -> bool:
    """True when text[start:end] stands as a word: not glued to letters before; after it only a
    non-letter, or (Korean) a run of particles up to the end of the eojeol."""
    if start > 0 and _word_char(text[start - 1]):
        # allow a Hangul name right after Latin/digits? no: "KT김영섭" is rare; keep strict
        return False
    if end >= len(text) or not _word_char(text[end]):
        return True
    if not korean_tail or not is_hangul(text[end]):
        return False
    j = end
    while j < len(text) and _word_char(text[j]):
        j += 1
    tail = text[end:j]
    return KO_TAIL.fullmatch(tail) is not None


def find_known(text: str, known: Iterable[tuple[str, str]]) -> list[Span]:
    out: list[Span] = []
    seen = set()
    for surface, label in sorted(set(known), key=lambda p: -len(p[0])):
        surface = surface.strip()
        if not surface or (surface, label) in seen:
            continue
        seen.add((surface, label))
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            if boundary_ok(text, start, end):
                out.append(Span(start, end, label, surface, 1.0, "known"))
            start = text.find(surface, start + 1)
    return out


def resolve(groups: list[list[Span]]) -> list[Span]:
    """Non-overlapping union: earlier groups win; within a group longer/more confident spans win.
    A lower-priority span that strictly contains a higher-priority one (a longer name such as
    "KT Cloud" around a known "KT") replaces it."""
    import bisect

    starts: list[int] = []  # chosen spans kept sorted by start (they never overlap)
    chosen: list[Span] = []
    for group in groups:
        for sp in sorted(group, key=lambda s: (-(s.end - s.start), -s.confidence, s.start)):
            k = bisect.bisect_left(starts, sp.end)  # candidates: chosen spans starting before sp.end
            lo = k
            while lo > 0 and chosen[lo - 1].end > sp.start:
                lo -= 1
            clash = chosen[lo:k]
            if not clash:
                starts.insert(k, sp.start)
                chosen.insert(k, sp)
            elif all(
                sp.start <= c.start
                and c.end <= sp.end
                and (c.end - c.start) < (sp.end - sp.start)
                and c.method == "known"
                and sp.method != "consistency"
                for c in clash
            ):
                del starts[lo:k]
                del chosen[lo:k]
                starts.insert(lo, sp.start)
                chosen.insert(lo, sp)
    return chosen


def alias_votes(text: str, spans: list[Span]) -> list[tuple[str, str, float]]:
    """"마이크로소프트(MS)", "Amazon Web Services (AWS)": a name and its bracketed alias are the same
    entity; returns (surface, label) votes for both sides from whichever side is typed."""
    by_start = {s.start: s for s in spans}
    votes = []
    for s in spans:
        j = s.end
        while j < len(text) and text[j] == " ":
            j += 1
        if j < len(text) and text[j] == "(":
            inner = by_start.get(j + 1)
            if inner is not None and text[inner.end:inner.end + 1] == ")" and not (
                    any(map(is_hangul, s.text)) and any(map(is_hangul, inner.text))):
                # two Hangul names are not one name twice: "정다운(양주시청)" is a person and her club,
                # "기성용(스완지시티)" a player and his team; an alias changes script ("다롄(大連)", "(MS)")
                votes.append((inner.text, s.label, s.confidence))
                votes.append((s.text, inner.label, inner.confidence))
    return votes


def consistency(text: str, spans: list[Span], *, min_len: int = 2) -> list[Span]:
    """Give every occurrence of a typed name the document's majority label, and add untyped occurrences."""
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for s in spans:
        if s.label in LABELS:
            # A declared name or a precise pattern ("<name> 2024' 행사") outvotes the model's guesses
            # at the name's other occurrences, where the context that typed it is missing.
            votes[s.text][s.label] += 2.0 if s.method in ("known", "pattern") else s.confidence
    for surface, label, weight in alias_votes(text, spans):
        if label in LABELS and surface in votes:
            votes[surface][label] += weight
    if not votes:
        return spans
    best = {t: max(v.items(), key=lambda kv: kv[1])[0] for t, v in votes.items()}
    out = [
        Span(s.start, s.end, best[s.text], s.text, s.confidence, s.method)
        if s.text in best and best[s.text] != s.label and s.method != "known"
        else s
        for s in spans
    ]
    extra: list[Span] = []
    for surface, label in best.items():
        if len(surface) < min_len or (
            len(surface) < 3 and not any(is_hangul(c) for c in surface) and not surface.isupper()
        ):
            continue
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            if boundary_ok(text, start, end):
                extra.append(Span(start, end, label, surface, 0.6, "consistency"))
            start = text.find(surface, start + 1)
    return resolve([out, extra])
