"""Named-entity recognition for Korean and English news text (plain Python, no Django).

    recognise(text, lang=None, known=()) -> list[Span]

Labels: PERSON, ORG, PLACE, PRODUCT, EVENT (Korean also DATE, TIME, QUANTITY from the KLUE-trained
CRF).  Spans never overlap, are sorted by start, satisfy ``span.text == text[span.start:span.end]``,
never include a trailing Korean particle and are at most MAX_SPAN_CHARS long.  ``known`` (surface,
label) pairs from the archive's entity table are always recognised (method "known").  Models load
lazily, once per process.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsroom_text.spans import Span

__all__ = ["recognise", "Span", "NAME_LABELS"]

NAME_LABELS = ("PERSON", "ORG", "PLACE", "PRODUCT", "EVENT")

# No name is longer. The CRF tags a long run of Hangul without spaces as one ORG of any length; such
# a "name" cost seconds per candidate in linking and overflowed the entity name columns (200 chars).
MAX_SPAN_CHARS = 100


def recognise(text: str, *, lang: str | None = None, known: Iterable[tuple[str, str]] = ()) -> list[Span]:
    return _recognise(text, lang=lang, known=known)


def _recognise(
    text: str,
    *,
    lang: str | None = None,
    known: Iterable[tuple[str, str]] = (),
    ko_tagger=None,
    consistency: bool = True,
) -> list[Span]:
    from .common import consistency as _consistency
    from .common import find_known, resolve

    if not text or not text.strip():
        return []
    if lang is None:
        from newsroom_text.language import detect_language

        lang = detect_language(text)
    known = [(s, lab) for s, lab in known if s and s.strip()]
    if lang == "ko":
        from newsroom_text.korean import morphemes

        from . import korean_rules
        from .korean import default_tagger

        morphs = morphemes(text)
        tagger = ko_tagger or default_tagger()
        model = korean_rules.relabel_orgs(text, korean_rules.split_leading_place(text, tagger.spans(text, morphs)))
        rules = korean_rules.rule_spans(text, morphs)
        spans = resolve([find_known(text, known), rules, model])
    else:
        from .english import english_spans

        spans = resolve([find_known(text, known), english_spans(text)])
    if consistency:
        spans = _consistency(text, spans)
    return [
        s for s in spans if 0 < s.end - s.start <= MAX_SPAN_CHARS and text[s.start : s.end] == s.text
    ]
