"""One article's extraction, in plain Python: entities, declared aliases, dates, amounts, quotes, events.

The order matters: dates and amounts feed events; person spans feed quote speakers. Each part is
versioned through EXTRACTION_VERSION so stored results can be told apart from a newer pipeline's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .amounts import Amount, extract_amounts
from .dates import DateMention, extract_dates
from .events import EventCandidate, extract_events
from .linking import aliases_from_text
from .ner import recognise
from .quotes import Quote, extract_quotes
from .spans import Span

# 2: Korean NER feature version 7 (mecab-ko-dic word classes, Kiwi without its multi-word dictionary):
# `reprocess --stale` re-extracts the articles an older version processed.
EXTRACTION_VERSION = "2"
ENTITY_LABELS = frozenset({"PERSON", "ORG", "PLACE", "PRODUCT", "EVENT"})


@dataclass(frozen=True)
class Extraction:
    entities: list[Span]  # PERSON/ORG/PLACE/PRODUCT/EVENT only
    declared_aliases: list[tuple[str, str]]  # (long, short) pairs the text itself declares
    dates: list[DateMention]
    amounts: list[Amount]
    quotes: list[Quote]
    events: list[EventCandidate]


def extract(text: str, *, lang: str, published: date | None, known: Iterable[tuple[str, str]] = ()) -> Extraction:
    spans = [s for s in recognise(text, lang=lang, known=known) if s.label in ENTITY_LABELS]
    dates = extract_dates(text, lang=lang, published=published)
    amounts = extract_amounts(text, lang=lang)
    people = [s for s in spans if s.label == "PERSON"]
    quotes = extract_quotes(text, lang=lang, people=people)
    events = extract_events(text, lang=lang, entities=spans, dates=dates, amounts=amounts)
    return Extraction(
        entities=spans,
        declared_aliases=aliases_from_text(text, spans),
        dates=dates,
        amounts=amounts,
        quotes=quotes,
        events=events,
    )
