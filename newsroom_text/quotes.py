"""Direct quotations and their speakers in Korean and English news.

A quotation is a pair of double quotes (“…” or "…") closed on the same line. It is kept when an
attribution is found, or when it is long enough to be speech (at least 20 characters with a
space); short quoted terms (‘AICT 컴퍼니’, "sovereign AI") without attribution are dropped.
Single quotes are never quotation marks (they mark titles and apostrophes).

Speaker rules
-------------
Korean (``NAME 직함은 “…”고 말했다``, ``“…”라며``, ``“…”이라고 평가했다``): the quote must be followed by a
quotative ending (고, 라고, 이라고, 며, 라며, 이라며, 면서 ...). The speaker is the nearest person
span from ``people`` that ends before the quote in the same sentence, outside any quotation;
otherwise the noun phrase carrying a topic/subject particle before the quote (``통신업계 관계자는``
→ "통신업계 관계자", found with a token heuristic — no analyser call, so the cost stays linear
on any input); otherwise a person span between the quote
and the reporting verb. Quotes chained with ``“…”며 “…”`` share the speaker of the first.

English: ``“…,” a KT spokesperson said`` / ``“…,” said X`` / ``“…,” according to X`` after the
quote; ``X said/noted/added, “…”`` before it; ``..., stating, “…”`` takes the subject at the start
of the sentence. An unattributed quote right after an attributed one in the same paragraph
continues that speaker. Leading articles are dropped from phrase speakers ("The insider" →
"insider"). When a person span from ``people`` lies inside the found phrase, the person is the
speaker. ``speaker_start``/``speaker_end`` locate the speaker in the text (None when unknown).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from newsroom_text.sentences import split_sentences
from newsroom_text.spans import Span

__all__ = ["Quote", "extract_quotes"]


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # offsets of the text inside the quote marks
    end: int
    text: str
    speaker: str
    speaker_start: int | None
    speaker_end: int | None


_KO_QUOTATIVE = re.compile(
    r"\s?(?:(?:이)?라고|고|(?:이)?라며|며|(?:이)?라면서|면서|(?:이)?란|(?:이)?라는)(?![가-힣])"
)
_KO_CHAIN = re.compile(
    r"\s?(?:(?:이)?라며|며|(?:이)?라면서|면서|고|(?:이)?라고)\s?(?:이어\s|또\s|또한\s)?(?=[“\"])"
)

_SAY = (
    r"said|says|say|noted|notes|added|adds|stated|states|explained|explains|told|tells|wrote|writes|commented"
    r"|remarked|emphasized|emphasised|stressed|argued|argues|asked|replied|continued|warned|insisted|declared"
    r"|announced|observed|pointed out|acknowledged|admitted|claimed|claims|recalled|concluded"
)
_EN_AFTER_SPEAKER_VERB = re.compile(
    r"\s?(?P<spk>(?:[A-Z]|an?\s|the\s|one\s|his\s|her\s|their\s|(?:he|she|they|we|it)(?=\s))[^.,;:“”\"!?]{0,80}?)\s(?:"
    + _SAY
    + r")(?![a-z])"
)
_EN_AFTER_VERB_SPEAKER = re.compile(r"\s?(?:" + _SAY + r")\s(?P<spk>[^.,;:“”\"!?]{1,80}?)(?=[.,;:!?]|$)")
_EN_AFTER_ACCORDING = re.compile(r"\s?according\sto\s(?P<spk>[^.,;:“”\"!?]{1,80}?)(?=[.,;:!?]|$)")
_EN_BEFORE = re.compile(
    r"(?P<spk>[A-Z][^.;:“”\"!?]{0,80}?)\s(?:" + _SAY + r")(?:(?:\s[a-z]+){1,4}\s?[,:]|\sthat|\s?[,:]?)\s?$"
)
_EN_PARTICIPLE = re.compile(
    r"(?:stating|saying|adding|noting|explaining|writing|arguing|insisting)\s?[,:]?\s?$"
)
_EN_SUBJECT = re.compile(r"(?:The\s)?(?P<spk>[A-Z][\w’'&.\-]*(?:\s[A-Z][\w’'&.\-]*)*)")
_ARTICLES = re.compile(r"^(?:an?|the|one)\s", re.IGNORECASE)


def _pairs(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of double-quote pairs, each within one line."""
    out: list[tuple[int, int]] = []
    open_curly = -1
    open_straight = -1
    for i, ch in enumerate(text):
        if ch == "\n":
            open_curly = open_straight = -1
        elif ch == "“":
            open_curly = i
        elif ch == "”" and open_curly >= 0:
            out.append((open_curly, i))
            open_curly = -1
        elif ch == '"':
            if open_straight >= 0:
                out.append((open_straight, i))
                open_straight = -1
            else:
                open_straight = i
    out.sort()
    # drop pairs nested in another pair
    kept: list[tuple[int, int]] = []
    for a, b in out:
        if kept and a < kept[-1][1]:
            continue
        kept.append((a, b))
    return kept


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        a, b = sentences[mid]
        if pos < a:
            hi = mid - 1
        elif pos >= b:
            lo = mid + 1
        else:
            return a, b
    return pos, pos + 1


class _People:
    """Person spans sorted by start, for range look-ups in logarithmic time."""

    def __init__(self, people: Sequence[Span], n: int):
        self.spans = sorted((p for p in people if 0 <= p.start < p.end <= n), key=lambda p: p.start)
        self.starts = [p.start for p in self.spans]

    def within(self, a: int, b: int) -> list[Span]:
        i = bisect_left(self.starts, a)
        j = bisect_left(self.starts, b)
        return [p for p in self.spans[i:j] if p.end <= b]

    def nearest_before(self, a: int, b: int) -> Span | None:
        found = self.within(a, b)
        return max(found, key=lambda p: p.end) if found else None

    def first_in(self, a: int, b: int) -> Span | None:
        found = self.within(a, b)
        return found[0] if found else None


# Korean eojeol endings that are not part of a noun phrase (particles other than the subject
# ones, verbal endings); a token ending in one of these stops the phrase.
_KO_STOP_LAST = set("의에을를로고며서면다해한된던와과도만지터게요죠")
_KO_DETERMINERS = {
    "이",
    "그",
    "저",
    "각",
    "전",
    "현",
    "및",
    "또",
    "더",
    "등",
    "총",
    "약",
    "한편",
    "이에",
    "특히",
    "또한",
}
_KO_ADNOMINAL = re.compile(r"(?:하|되|있|없|라|다|않|주|받|보|내|오|가|이|에|에서|으로|로|인)는$")
_KO_SUBJECT_END = re.compile(r"(?:께서|은|는|이|가)$")
_TOKEN = re.compile(r"\S+")


def _ko_phrase_before(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The last subject/topic-marked noun phrase in text[lo:hi] ("통신업계 관계자는" → 통신업계 관계자).

    A string heuristic (no analyser call, so the cost stays linear on any input): the last token
    ending in 은/는/이/가/께서 that is not a verb form, extended backwards over up to four
    noun-like tokens.
    """
    lo = max(lo, hi - 200)
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, lo, hi)]
    for k in range(len(tokens) - 1, -1, -1):
        a, b = tokens[k]
        tok = text[a:b]
        m = _KO_SUBJECT_END.search(tok)
        if m is None or m.start() == 0 or _KO_ADNOMINAL.search(tok) or not _is_wordlike(tok[: m.start()]):
            continue
        first = k
        for j in range(k - 1, max(-1, k - 5), -1):
            prev = text[tokens[j][0] : tokens[j][1]]
            if not _is_wordlike(prev) or prev[-1] in _KO_STOP_LAST or prev in _KO_DETERMINERS:
                break
            first = j
        return tokens[first][0], a + m.start()
    return None


def _is_wordlike(tok: str) -> bool:
    return bool(tok) and all(ch.isalnum() or ch in "·&-." for ch in tok)


def _clean_en(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    m = _ARTICLES.match(text[a:b])
    if m and b - a > m.end():
        a += m.end()
    return a, b


def _speaker(text: str, a: int, b: int, people: _People) -> tuple[str, int, int]:
    person = people.first_in(a, b)
    if person is not None:
        return person.text, person.start, person.end
    return text[a:b], a, b


def _korean(text: str, pairs, sentences, people: _People) -> list[Quote]:
    out: list[Quote] = []
    chained_speaker: tuple[str, int | None, int | None] | None = None
    last_speaker: tuple[int, tuple[str, int | None, int | None]] | None = None  # (sentence start, speaker)
    for idx, (qa, qb) in enumerate(pairs):
        inner = text[qa + 1 : qb]
        s_start, s_end = _sentence_of(sentences, qa)
        quotative = _KO_QUOTATIVE.match(text, qb + 1)
        # the speaker is looked for between the previous quotation and this one
        lo = max(s_start, qa - 300)
        if idx and pairs[idx - 1][1] >= lo:
            lo = pairs[idx - 1][1] + 1
        if chained_speaker is not None:
            speaker = chained_speaker
        else:
            speaker = None
            if quotative:
                person = people.nearest_before(lo, qa)
                if person is not None:
                    speaker = (person.text, person.start, person.end)
                else:
                    span = _ko_phrase_before(text, lo, qa)
                    if span is not None:
                        speaker = _speaker(text, span[0], span[1], people)
                    else:
                        hi = min(s_end, qb + 300)
                        if idx + 1 < len(pairs):
                            hi = min(hi, pairs[idx + 1][0])
                        person = people.first_in(qb, hi)
                        if person is not None:
                            speaker = (person.text, person.start, person.end)
                if speaker is None and last_speaker is not None and last_speaker[0] == s_start:
                    speaker = last_speaker[1]  # “…”고 말하며 “…”라고 덧붙였다
        chain = _KO_CHAIN.match(text, qb + 1)
        nxt = pairs[idx + 1] if idx + 1 < len(pairs) else None
        chained_speaker = None
        if chain and nxt is not None and nxt[0] == chain.end() and speaker is not None:
            chained_speaker = speaker
        if speaker is not None:
            last_speaker = (s_start, speaker)
        if speaker is None and not _speech_like(inner):
            continue
        name, sa, sb = speaker if speaker is not None else ("", None, None)
        out.append(Quote(qa + 1, qb, inner, name, sa, sb))
    return out


def _speech_like(inner: str) -> bool:
    return len(inner) >= 20 and " " in inner.strip()


def _english(text: str, pairs, sentences, people) -> list[Quote]:
    out: list[Quote] = []
    prev: tuple[int, tuple[str, int | None, int | None]] | None = None  # (end of attribution, speaker)
    for idx, (qa, qb) in enumerate(pairs):
        inner = text[qa + 1 : qb]
        s_start, s_end = _sentence_of(sentences, qa)
        # the text after the closing quote up to the next quote or the end of the line
        limit = len(text)
        nl = text.find("\n", qb + 1)
        if nl >= 0:
            limit = nl
        if idx + 1 < len(pairs):
            limit = min(limit, pairs[idx + 1][0])
        after_end = min(limit, qb + 1 + 200)
        after = text[qb + 1 : after_end]
        # the text before the opening quote back to the previous quote or the sentence start
        lo = max(s_start, qa - 200)
        if idx and pairs[idx - 1][1] >= lo:
            lo = pairs[idx - 1][1] + 1
        before = text[lo:qa]
        speaker = None
        attribution_end = qb + 1
        closed = inner.rstrip("’' ")[-1:] == "."  # a quoted sentence that ended with a period
        next_lower = after.lstrip()[:1].islower()
        m = _EN_AFTER_SPEAKER_VERB.match(after) if (not closed or next_lower) else None
        if m:
            a, b = _clean_en(text, qb + 1 + m.start("spk"), qb + 1 + m.end("spk"))
            speaker = _speaker(text, a, b, people)
            attribution_end = qb + 1 + m.end()
        if speaker is None and (not closed or next_lower):
            m = _EN_AFTER_VERB_SPEAKER.match(after) or _EN_AFTER_ACCORDING.match(after)
            if m:
                a, b = _clean_en(text, qb + 1 + m.start("spk"), qb + 1 + m.end("spk"))
                speaker = _speaker(text, a, b, people)
                attribution_end = qb + 1 + m.end()
        if speaker is None:
            m = _EN_BEFORE.search(before)
            if m:
                spk_a, spk_b = lo + m.start("spk"), lo + m.end("spk")
                # the subject is the last clause before the verb
                cut = max(text.rfind(", ", spk_a, spk_b), text.rfind("; ", spk_a, spk_b))
                if cut >= 0 and people.first_in(spk_a, spk_b) is None:
                    spk_a = cut + 2
                a, b = _clean_en(text, spk_a, spk_b)
                speaker = _speaker(text, a, b, people)
            elif _EN_PARTICIPLE.search(before):
                m2 = _EN_SUBJECT.match(text, s_start, qa)
                if m2:
                    person = people.first_in(s_start, m2.end("spk"))
                    if person is not None:
                        speaker = (person.text, person.start, person.end)
                    else:
                        speaker = (m2.group("spk"), m2.start("spk"), m2.end("spk"))
        if speaker is None and prev is not None:
            gap = text[prev[0] : qa]
            if "\n" not in gap and len(gap) <= 80 and not re.search(r"[A-Za-z]{3,}", gap):
                speaker = prev[1]
        if speaker is None and not _speech_like(inner):
            prev = None
            continue
        prev = (attribution_end, speaker) if speaker is not None else None
        if prev is not None:
            # let the attribution swallow the closing punctuation: ', a KT spokesperson said.'
            end = attribution_end
            while end < len(text) and text[end] in ".,;:!? ":
                end += 1
            prev = (end, speaker)
        name, sa, sb = speaker if speaker is not None else ("", None, None)
        out.append(Quote(qa + 1, qb, inner, name, sa, sb))
    return out


def extract_quotes(text: str, *, lang: str, people: Sequence[Span] = ()) -> list[Quote]:
    """Quotations in `text` with their speakers (see the module docstring for the rules)."""
    if not text:
        return []
    pairs = _pairs(text)
    if not pairs:
        return []
    sentences = split_sentences(text)
    index = _People(people, len(text))
    if lang == "ko":
        return _korean(text, pairs, sentences, index)
    return _english(text, pairs, sentences, index)
