"""Search-result snippets: fragments of the ORIGINAL text with the query's matches marked.

The text is re-analysed with the same ``analyse`` as indexing, so a match is exactly a token that a
positive query term matched; the marked piece is that token's span in the original text (김영섭이 ->
"김영섭" is marked, the particle is not; partners -> "partners"). Fragments are cut at whitespace
where possible; the caller/template adds "…" between and around fragments.
"""

from __future__ import annotations

from bisect import bisect_right

from newsroom_text.search.analysis import analyse
from newsroom_text.search.query import And, Node, Not, Or, Phrase, Term

Fragment = list[tuple[str, bool]]


def _wanted(node: Node | None, terms: set[str], phrases: list[tuple[str, ...]]) -> None:
    """Collect the positive words' terms and the positive phrases' term sequences."""
    if node is None or isinstance(node, Not):
        return
    if isinstance(node, Term):
        terms.update(node.terms)
    elif isinstance(node, Phrase):
        phrases.append(node.terms)
    elif isinstance(node, And | Or):
        for c in node.children:
            _wanted(c, terms, phrases)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _window(text: str, first: int, last: int, max_len: int) -> tuple[int, int]:
    """A slice of at most ``max_len`` chars containing [first, last), cut at whitespace where possible."""
    n = len(text)
    slack = max(0, max_len - (last - first))
    start = max(0, first - slack // 3)
    end = min(n, start + max_len)
    start = max(0, min(start, end - max_len))
    if start > 0 and not text[start - 1].isspace():
        ws = next((i for i in range(start, first) if text[i].isspace()), None)
        if ws is not None:
            start = ws + 1
    if end < n and not text[end].isspace():
        ws = next((i for i in range(end - 1, last - 1, -1) if text[i].isspace()), None)
        if ws is not None:
            end = ws
    return start, max(end, last)


def _pieces(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> Fragment:
    out: Fragment = []
    cur = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s > cur:
            out.append((text[cur:s], False))
        out.append((text[s:e], True))
        cur = e
    if cur < end:
        out.append((text[cur:end], False))
    return [(t, m) for t, m in out if t]


_MAX_PARAGRAPHS = 6


def _tokens_near_terms(text: str, terms: set[str], *, lang: str | None) -> list:
    """Tokens of the paragraphs that can contain a match, with offsets into `text`.

    Analysing a whole Korean body costs ~70 ms, and a result page shows twenty; most terms occur
    literally in the paragraph that matches (김영섭 in 김영섭이, partner in partnered), so only
    those paragraphs are analysed. When no paragraph contains any term literally (a stem such
    as 열 for 연다), the whole text is analysed as before.
    """
    literal = [t.lstrip("\u01c2") for t in terms if t]
    folded = text.casefold()
    paragraphs, start = [], 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if any(term in folded[start:end] for term in literal):
            paragraphs.append((start, end))
            if len(paragraphs) >= _MAX_PARAGRAPHS:
                break
        start = end + 1
    if not paragraphs:
        return [t for t in analyse(text, lang=lang) if t.end > t.start]
    tokens = []
    for a, b in paragraphs:
        for t in analyse(text[a:b], lang=lang):
            if t.end > t.start:
                tokens.append(type(t)(t.term, t.start + a, t.end + a, len(tokens)))
    return tokens


def highlight(
    text: str,
    query_node: Node | None,
    *,
    lang: str | None = None,
    max_len: int = 240,
    max_fragments: int = 2,
) -> list[Fragment]:
    """Fragments of ``text`` around the best matches of the query's positive terms.

    Each fragment is a list of (original text, is_match) pieces; the pieces of a fragment concatenate
    to a contiguous slice of ``text``. With no match, the opening of the text (up to ``max_len``) is the
    single fragment; an empty text gives [].
    """
    if not text:
        return []
    max_len = max(max_len, 20)
    terms: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    _wanted(query_node, terms, phrases)
    tokens = _tokens_near_terms(text, terms | {w for seq in phrases for w in seq}, lang=lang)
    raw = [(t.start, t.end) for t in tokens if t.term in terms]
    for seq in phrases:
        k = len(seq)
        for i in range(len(tokens) - k + 1):
            if tokens[i].term == seq[0] and all(tokens[i + j].term == seq[j] for j in range(1, k)):
                raw.extend((t.start, t.end) for t in tokens[i : i + k])
    spans = _merge(raw)
    if not spans:
        start, end = _window(text, 0, 0, max_len)
        head = text[start:end].strip()
        return [[(head, False)]] if head else []

    # score a window starting at each match: number of distinct matched surface words inside it.
    # The merged spans are sorted with increasing ends, so the matches inside a window are a run
    # found by bisection (scanning every later match made a page of many matches O(n^2)). A match
    # longer than max_len (a 300-digit number) is its own window, clipped to max_len: leaving it
    # out gave an empty window and an IndexError.
    terms_at = {s: text[s:e].lower() for s, e in spans}
    ends = [e for _s, e in spans]
    candidates = []
    for i, (s, _e) in enumerate(spans):
        j = max(bisect_right(ends, s + max_len, i), i + 1)
        distinct = len({terms_at[x[0]] for x in spans[i:j]})
        candidates.append((-distinct, -(j - i), s, i, j))
    candidates.sort()
    chosen: list[tuple[int, int]] = []
    for _d, _n, _s, i, j in candidates:
        if len(chosen) >= max_fragments:
            break
        first = spans[i][0]
        start, end = _window(text, first, min(spans[j - 1][1], first + max_len), max_len)
        if any(not (end <= cs or start >= ce) for cs, ce in chosen):
            continue
        chosen.append((start, end))
    fragments = []
    for start, end in sorted(chosen):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        pieces = _pieces(text, start, end, spans)
        if pieces:
            fragments.append(pieces)
    return fragments
