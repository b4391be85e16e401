"""Sentence splitting for Korean and English news text, as character ranges.

Rules (one left-to-right pass, linear in the length of the text):

* a newline always ends a sentence (headlines and list items are one line each);
* ``.``, ``?``, ``!``, ``…`` (and runs of them), followed by optional closing quotes/brackets, end a
  sentence when whitespace, the end of the line or (after a Hangul ending such as 다. 요.) a new
  word follows;
* a period does not end a sentence inside a number (``3.5``, ``2024.6.3``), after a known English
  abbreviation (``Mr.``, ``Dr.``, ``U.S.``, ``Inc.`` ...), or after a single capital initial (``J. Smith``);
  ``U.S.``-like abbreviations that can end a sentence do so when the next word is a typical
  sentence opener (``The``, ``It``, ``However`` ...);
* no split happens inside a pair of double quotes (“…” or "…") closed on the same line, so a
  quotation and its attribution (``“…”고 말했다.``, ``“…,” he said.``) stay one sentence.

Ranges are ``(start, end)`` with ``end`` exclusive, trimmed of surrounding whitespace; empty
sentences are dropped.
"""

from __future__ import annotations

_TERMINALS = ".?!…。？！"
_CLOSERS = "\"'”’)]}»」』>"
_KO_ENDINGS = set("다요까죠음함임니네군라자오")

# Lower-cased abbreviations (without the final period) after which a period does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt", "gov",
    "sen", "rep", "rev", "hon", "pres", "vs", "etc", "e.g", "i.e", "no", "nos", "vol", "fig", "approx",
    "inc", "corp", "ltd", "co", "bros", "dept", "est", "u.s", "u.k", "u.n", "e.u", "u.s.a", "a.m", "p.m",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
# Abbreviations that may also close a sentence (decided by the next word).
_MAY_END = {"etc", "inc", "corp", "ltd", "co", "u.s", "u.k", "u.n", "e.u", "u.s.a", "a.m", "p.m", "bros"}
_OPENERS = {
    "the", "a", "an", "it", "its", "he", "she", "they", "we", "i", "this", "that", "these", "those",
    "but", "however", "meanwhile", "in", "on", "at", "as", "for", "there", "his", "her", "their", "our",
    "after", "before", "while", "although", "since", "when", "if", "according", "also", "still", "yet",
}  # fmt: skip


def _quote_pairs(line: str, base: int) -> list[tuple[int, int]]:
    """Absolute (open, close) offsets of double-quote pairs closed on this line."""
    pairs: list[tuple[int, int]] = []
    open_curly = -1
    open_straight = -1
    for i, ch in enumerate(line):
        if ch == "“":
            open_curly = i
        elif ch == "”" and open_curly >= 0:
            pairs.append((base + open_curly, base + i))
            open_curly = -1
        elif ch == '"':
            if open_straight >= 0:
                pairs.append((base + open_straight, base + i))
                open_straight = -1
            else:
                open_straight = i
    return pairs


def _word_before(text: str, i: int, lo: int) -> str:
    """The token (letters, digits and inner periods) ending right before position i."""
    j = i
    while j > lo and (text[j - 1].isalnum() or text[j - 1] == "."):
        j -= 1
        if i - j > 12:
            break
    return text[j:i]


def _next_word(text: str, i: int, hi: int) -> str:
    while i < hi and text[i].isspace():
        i += 1
    j = i
    while j < hi and text[j].isalpha() and j - i < 20:
        j += 1
    return text[i:j]


def _is_boundary(text: str, p: int, q: int, lo: int, hi: int) -> bool:
    """Whether the terminal run text[p:q] (followed by closers) ends a sentence."""
    run = text[p:q]
    after = q
    while after < hi and text[after] in _CLOSERS:
        after += 1
    at_end = after >= hi
    followed_by_space = at_end or text[after].isspace()
    if run != ".":
        # ? ! … and multi-character runs end a sentence unless glued to the next word.
        return followed_by_space or (p > lo and _is_hangul(text[p - 1]))
    prev = text[p - 1] if p > lo else ""
    nxt = text[q] if q < hi else ""
    if prev.isdigit() and nxt.isdigit():
        return False  # decimal or dotted date
    if not followed_by_space:
        # Korean often glues the next sentence: "...했다.KT는"
        return prev in _KO_ENDINGS and after < hi and not text[after].isdigit() and text[after] not in ".,"
    word = _word_before(text, p, lo)
    low = word.lower()
    if len(word) == 1 and word.isupper():
        return False  # initial: "J. Smith"
    if low in _ABBREVIATIONS:
        if at_end:
            return True
        if low in _MAY_END:
            return _next_word(text, after, hi).lower() in _OPENERS
        return False
    if word and "." in word and all(part.isalpha() and len(part) <= 2 for part in word.split(".") if part):
        # other dotted initialisms such as "U.S" in "U.S.-based" or "S.K"
        return at_end or _next_word(text, after, hi).lower() in _OPENERS
    if not at_end:
        # a lower-case continuation right after the period usually means an abbreviation
        nxt_word = _next_word(text, after, hi)
        if nxt_word and nxt_word[0].islower() and prev.isascii() and prev.isalpha():
            return False
    return True


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _split_line(text: str, lo: int, hi: int, out: list[tuple[int, int]]) -> None:
    pairs = _quote_pairs(text[lo:hi], lo)
    inside = [False] * (hi - lo)
    closes = set()
    for a, b in pairs:
        for k in range(a + 1, b):
            inside[k - lo] = True
        if b - 1 > a and text[b - 1] in _TERMINALS:
            closes.add(b)
    start = lo
    i = lo
    while i < hi:
        ch = text[i]
        if i in closes:
            # a quotation that ends its own sentence: “... share.” An insider said
            end = i + 1
            while end < hi and text[end] in _CLOSERS:
                end += 1
            if end >= hi or text[end].isspace():
                _emit(text, start, end, out)
                start = end
                i = end
                continue
        if ch in _TERMINALS and not inside[i - lo]:
            j = i
            while j < hi and text[j] in _TERMINALS:
                j += 1
            if _is_boundary(text, i, j, lo, hi):
                end = j
                while end < hi and text[end] in _CLOSERS:
                    end += 1
                _emit(text, start, end, out)
                start = end
                i = end
                continue
            i = j
            continue
        i += 1
    _emit(text, start, hi, out)


def _emit(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        out.append((a, b))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split `text` into sentences; returns (start, end) character ranges into `text`."""
    out: list[tuple[int, int]] = []
    if not text:
        return out
    lo = 0
    n = len(text)
    while lo <= n:
        nl = lo
        while nl < n and text[nl] not in "\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85":
            nl += 1
        _split_line(text, lo, nl, out)
        lo = nl + 1
    return out
