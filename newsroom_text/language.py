"""Language of an article: the share of Hangul among letters is enough for ko/en and costs nothing."""

from __future__ import annotations


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def detect_language(text: str, *, sample: int = 4000) -> str:
    """Return "ko" when at least a fifth of the letters are Hangul, else "en"."""
    letters = [ch for ch in text[:sample] if ch.isalpha()]
    if not letters:
        return "en"
    hangul = sum(1 for ch in letters if _is_hangul(ch))
    return "ko" if hangul / len(letters) >= 0.2 else "en"
