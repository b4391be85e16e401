"""Comment length as a reader counts it: one per user-perceived character (extended grapheme cluster).

An emoji - including ZWJ family sequences, skin-tone modifiers and flags - is one character, a
Hangul syllable is one character whether stored precomposed (NFC) or as conjoining jamo (NFD),
and invisible format characters on their own (zero-width space, joiner, BOM) count nothing.
Whitespace (any Unicode whitespace, a CRLF pair is one cluster) counts or not as the policy says.
Linear in the text: one pass of `regex`'s \\X.
"""

from __future__ import annotations

import unicodedata

import regex

_CLUSTER = regex.compile(r"\X", regex.DOTALL)
_INVISIBLE = {"Cf", "Cc", "Cs"}


def comment_length(text: str, *, spaces_count: bool) -> int:
    n = 0
    for m in _CLUSTER.finditer(unicodedata.normalize("NFC", text)):
        g = m.group()
        if g.isspace():
            if spaces_count:
                n += 1
            continue
        if all(unicodedata.category(c) in _INVISIBLE for c in g):
            continue
        n += 1
    return n
