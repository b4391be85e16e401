"""The one Korean morphological analyser (kiwipiepy) shared by parsing, extraction, search and comments.

Loading Kiwi's model takes about a second and ~300 MB, so a process loads it once, lazily, and
every caller goes through `analyser()`. User words (known entity names and aliases) are added
through `add_user_words()` so a name always splits the same way wherever it is analysed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

_lock = threading.Lock()
_kiwi = None
_user_words: set[tuple[str, str]] = set()


class Morpheme(NamedTuple):
    """One morpheme of an analysed text (a named tuple: an article has hundreds, built in half the
    time a frozen dataclass takes)."""

    form: str
    tag: str  # Sejong tag as kiwipiepy reports it: NNP, NNG, SL, SN, JKS, ...
    start: int  # character offset into the analysed text
    end: int  # end exclusive
    oov: bool = False  # kiwipiepy only guessed it: not in its dictionary (often an unseen name)


def analyser():
    """Return the process-wide Kiwi instance, loading it on first use."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                # Without the multi-word dictionary (proper nouns of several words, from Wikipedia titles):
                # it costs 180 MB resident, which a worker needs for mecab-ko-dic's word classes
                # (newsroom_text.ner.word_classes_ko), and those gave the NER far more (KLUE folds 0/1:
                # with the dictionary 0.773/0.757, without it 0.772/0.753; docs/quality.md).
                _kiwi = Kiwi(load_multi_dict=False)
    return _kiwi


def add_user_words(words: Iterable[tuple[str, str]], *, score: float = 0.0) -> int:
    """Teach the analyser words as (form, tag) pairs, e.g. ("김영섭", "NNP"); returns how many were new.

    Kiwi's user dictionary only grows, so already-known pairs are skipped to keep this idempotent.
    """
    kiwi = analyser()
    added = 0
    with _lock:
        for form, tag in words:
            form = form.strip()
            if not form or " " in form or (form, tag) in _user_words:
                continue
            if kiwi.add_user_word(form, tag, score):
                added += 1
            _user_words.add((form, tag))
        if added:
            _cached_morphemes.cache_clear()  # new words change how texts split
    return added


def morphemes(text: str) -> tuple[Morpheme, ...]:
    """Analyse `text` and return its morphemes with character offsets into `text`.

    Recognition, search analysis and comment screening all analyse the same body in one task; a
    small cache keyed by the text makes that one analysis instead of several, the dominant cost.
    """
    if not text:
        return ()
    return _cached_morphemes(text)


@lru_cache(maxsize=8)
def _cached_morphemes(text: str) -> tuple[Morpheme, ...]:
    return tuple(Morpheme(t.form, t.tag, t.start, t.start + t.len, t.oov) for t in analyser().tokenize(text))
