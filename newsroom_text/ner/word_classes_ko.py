"""Word classes from mecab-ko-dic: which nouns name people and places, as features for the Korean CRF.

kiwipiepy tags a proper noun NNP without saying what it names. mecab-ko-dic (Apache-2.0, through
python-mecab-ko, BSD-3-Clause) carries a semantic class on its entries: 인명 (a person's name) and
지명 (a place's) on proper nouns, 장소 (a place) on common nouns such as 호텔 or 회의소, and the
same classes on the parts of its compound entries. The CRF reads only these classes; segmentation,
tags and every other feature still come from the one kiwipiepy analysis (newsroom_text.korean).
On KLUE folds 0 and 1 the classes moved exact-span F1 from 0.746 to 0.773 and from 0.746 to 0.757
(docs/quality.md).

The dictionary is memory-mapped: a worker's resident memory grows by the pages it touches (about
100 MB after the 644 Korean Wikinews articles).
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_tagger = None

# the classes read (the dictionary has others: 행위 "an act", 정적사태 "a state", ...)
_NAME_CLASSES = frozenset({"인명", "지명", "장소"})


def _mecab():
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                import mecab

                # MeCab() finds the packaged dictionary and its rc file; parsing goes through its tagger
                # with a lattice per call (thread-safe in MeCab), because MeCab.parse() builds a named
                # tuple per morpheme and a parsed feature record: 2.5x slower for the three fields read.
                _tagger = mecab.MeCab()._tagger
    return _tagger


def _classes(feature: str) -> tuple[str | None, str | None]:
    """(the token's own class feature, a class among its compound parts) from a mecab-ko-dic feature
    string: "NNP,인명,T,김영섭,*,*,*,*" or "NNP,*,T,조선호텔,Compound,*,*,조선/NNG/*+호텔/NNG/장소"."""
    fields = feature.split(",")
    pos = fields[0]
    semantic = fields[1] if len(fields) > 1 else "*"
    own = None
    if pos == "NNP":
        own = "P" + ("-" if semantic == "*" else semantic)  # every proper noun; "P-" when unclassed
    elif semantic == "장소":
        own = "장소"
    part = None
    expression = fields[7] if len(fields) > 7 else "*"
    if expression != "*":
        for piece in expression.split("+"):
            bits = piece.split("/")
            if len(bits) >= 3 and bits[2] in _NAME_CLASSES:
                part = bits[2]  # the last classed part: the head of a Korean compound
    return own, part


def char_classes(text: str) -> list[tuple[str, ...]]:
    """Per character of `text`: the class features of the mecab token covering it ("mn=P인명B" on a
    person name's first character, "mn=P인명I" on the others, "mc=장소" on the characters of a
    compound with a place among its parts); () where there is none."""
    from mecab.utils import create_lattice

    n = len(text)
    out: list[tuple[str, ...]] = [()] * n
    if not text:
        return out
    try:
        # MeCab reads a C string: a NUL would end the text there (replaced, length-preserving)
        lattice = create_lattice(text.replace("\x00", " ") if "\x00" in text else text)
    except (TypeError, UnicodeError):  # a lone surrogate: the binding takes only encodable text
        return out
    if not _mecab().parse(lattice):
        return out  # the classes are a hint: a text mecab refuses is tagged without them
    # One string for the whole result, each token found in the text after the previous one (mecab's
    # surfaces are the text's own characters, whitespace left out): 40 % faster than iterating the
    # lattice's nodes with their offsets, and only the few classed tokens are looked at further.
    pos = 0
    for line in lattice.to_string().split("\n"):
        surface, _, feature = line.partition("\t")
        if not feature:  # "EOS"
            continue
        start = text.find(surface, pos)
        if start < 0:
            continue
        end = pos = start + len(surface)
        if not (feature.startswith("NNP") or "인명" in feature or "지명" in feature or "장소" in feature):
            continue
        own, part = _classes(feature)
        if own is None and part is None:
            continue
        for i in range(start, min(end, n)):
            feats = []
            if own is not None:
                feats.append("mn=" + own + ("B" if i == start else "I"))
            if part is not None:
                feats.append("mc=" + part)
            out[i] = tuple(feats)
    return out
