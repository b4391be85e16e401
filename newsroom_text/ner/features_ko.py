"""Character-level CRF features for Korean NER, built from ONE kiwipiepy analysis of the text.

Shared by the shipped tagger (newsroom_text.ner.korean), the training script
(scripts/train_ner_ko.py) and the cross-validation in scripts/eval_ner.py, so the figures measured
are for exactly this feature code.  Features are plain strings (pycrfsuite "attribute" lists).
"""

from __future__ import annotations

from collections.abc import Sequence

from newsroom_text.korean import Morpheme

from .lexicon_ko import ORG_SUFFIXES, PERSON_TITLES, PLACE_SUFFIXES, ko_places
from .word_classes_ko import char_classes

FEATURE_VERSION = 7
# Cost is per feature string (built in Python, looked up by crfsuite), so only features that pay are
# kept.  Inner characters of a morpheme carry only its tag and form (the context features sit on its
# first character): half the features, faster tagging, and on KLUE fold 0 slightly better F1 (0.738
# vs 0.732).  Version 4 also gives particles, endings, the copula and punctuation only their tag and
# form (their context is already on the neighbouring name), and drops features that repeated others
# (first character of the form = the character itself, last character, length, tags at distance 2,
# glued flags, the character-type trigram, the B/I position without the tag).  Version 5: whitespace
# is no item of the sequence (a fifth of a Korean text's characters, never an entity's first or
# last; the characters beside it still see it through c-1/c+1), and the labels are BILOU
# (training.bilou_tags).
# Version 6: a morpheme kiwipiepy only guessed (out of its dictionary: unseen names and brands)
# marks its characters (oov=B on the first, oov=I on the others); KLUE folds 0 and 1: +0.2 and +0.4.
# Version 7: mecab-ko-dic's word classes (person name, place name, place noun: word_classes_ko) on
# the characters of the words it classes; KLUE folds 0 and 1: 0.746 -> 0.773 and 0.746 -> 0.757.
# (Its part-of-speech tags as well measured the same: 0.772 and 0.760, not kept.)
# Also version 7: Kiwi runs without its multi-word dictionary (newsroom_text.korean.analyser; 0.772
# and 0.753 with the classes). The analyser's configuration is part of the features: change it, bump this.
_FUNCTION_TAGS = ("J", "E", "VCP", "SF", "SP", "SS", "SE", "SO", "SW")

KO_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부가복태목형계피두감음빈동온호범좌"
)


_PROPERish = frozenset({"NNP", "SL", "SH", "NNG"})
_ORG_SUF = frozenset(ORG_SUFFIXES)
_PLACE_SUF = frozenset(PLACE_SUFFIXES)


def _morph_info(morphs: Sequence[Morpheme]) -> list[list[str]]:
    """Features shared by every character of a morpheme (computed once per morpheme)."""
    places = ko_places()
    n = len(morphs)
    out: list[list[str]] = []
    for k, m in enumerate(morphs):
        form = m.form
        tag = m.tag
        if tag.startswith(_FUNCTION_TAGS):
            out.append(["t=" + tag, "f=" + form])
            continue
        p1 = morphs[k - 1] if k > 0 else None
        p2 = morphs[k - 2] if k > 1 else None
        n1 = morphs[k + 1] if k + 1 < n else None
        n2 = morphs[k + 2] if k + 2 < n else None
        t_1 = p1.tag if p1 else "BOS"
        t1 = n1.tag if n1 else "EOS"
        feats = [
            "t=" + tag,
            "f=" + form,
            "t-1=" + t_1,
            "t+1=" + t1,
            "f-1=" + (p1.form if p1 else "BOS"),
            "f+1=" + (n1.form if n1 else "EOS"),
            "f-2=" + (p2.form if p2 else "BOS"),
            "f+2=" + (n2.form if n2 else "EOS"),
            "tt=" + t_1 + "|" + tag + "|" + t1,
        ]
        if form in places:
            feats.append("gaz=place")
        if tag in _PROPERish:
            if n1 is not None and n1.form in PERSON_TITLES:
                feats.append("next=title")
            if p1 is not None and p1.form in PERSON_TITLES:
                feats.append("prev=title")
            if n2 is not None and n2.form in PERSON_TITLES and n1 is not None and n1.tag in _PROPERish:
                feats.append("next2=title")
            lf = len(form)
            for L in (4, 3, 2, 1):
                if lf > L and form[-L:] in _ORG_SUF:
                    feats.append("osuf=" + form[-L:])
                    break
            for L in (2, 1):
                if lf > L and form[-L:] in _PLACE_SUF:
                    feats.append("psuf=" + form[-L:])
                    break
            if n1 is not None and n1.form in _ORG_SUF:
                feats.append("next=orgsuf")
            if n1 is not None and n1.form in _PLACE_SUF:
                feats.append("next=placesuf")
            if 2 <= lf <= 4 and form[0] in KO_SURNAMES:
                feats.append("sn")
        if len(form) >= 2:
            feats.append("suf2=" + form[-2:])
        out.append(feats)
    return out


def item_positions(text: str) -> list[int]:
    """The offsets of the characters that are CRF items: every character but whitespace."""
    return [i for i, c in enumerate(text) if not c.isspace()]


def text_features(text: str, morphs: Sequence[Morpheme]) -> tuple[list[int], list[list[str]]]:
    """The CRF items of `text`: their offsets (item_positions) and one feature list per item."""
    n = len(text)
    owner = [-1] * n
    for k, m in enumerate(morphs):
        for i in range(max(m.start, 0), min(m.end, n)):
            if owner[i] < 0:
                owner[i] = k
    minfo = _morph_info(morphs)
    classes = char_classes(text)
    padded = "\x02\x02" + text + "\x03\x03"
    # eojeol (space-delimited word) of each character: its stem without trailing particles/endings,
    # and the character's offset in it
    ej_feat: list[tuple[str, ...]] = [()] * n
    i = 0
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        stem_end = j
        for k in range(i + 1, j):
            o = owner[k]
            if o >= 0 and morphs[o].start == k and morphs[o].tag.startswith(("J", "E", "VCP")):
                stem_end = k
                break
        stem = "ej=" + text[i:stem_end][:12]
        for k in range(i, j):
            off = k - i
            ej_feat[k] = (stem, "ep=" + (str(off) if off < 3 else "m") + ("E" if k == stem_end - 1 else ""))
        i = j
    positions = item_positions(text)
    feats: list[list[str]] = []
    for i in positions:
        j = i + 2
        c = padded[j]
        cm1 = padded[j - 1]
        cp1 = padded[j + 1]
        f = [
            "c=" + c,
            "c-1=" + cm1,
            "c+1=" + cp1,
            "c-2=" + padded[j - 2],
            "c+2=" + padded[j + 2],
            "b-=" + cm1 + c,
            "b+=" + c + cp1,
            "tri=" + cm1 + c + cp1,
            *ej_feat[i],
        ]
        k = owner[i]
        if k >= 0:
            m = morphs[k]
            if i == m.start:
                f.append("tp=" + m.tag + ("BE" if i == m.end - 1 else "B"))
                f += minfo[k]
                if m.oov:
                    f.append("oov=B")
            else:
                f.append("tp=" + m.tag + ("IE" if i == m.end - 1 else "I"))
                f += minfo[k][:2]  # inner characters: tag and form only
                if m.oov:
                    f.append("oov=I")
        else:
            f.append("nomorph")
        if classes[i]:
            f += classes[i]
        feats.append(f)
    return positions, feats
