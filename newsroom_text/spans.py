"""Shared value types passed between the text-processing steps."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of a text: `text == source[start:end]` (character offsets, end exclusive)."""

    start: int
    end: int
    label: str  # PERSON, ORG, PLACE, PRODUCT, EVENT, DATE, TIME, MONEY, QUANTITY
    text: str
    confidence: float = 1.0
    method: str = ""
