"""Glue between the comments app and newsroom_text.screening: policies, named entities, reasons."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from newsroom_text.language import detect_language
from newsroom_text.screening import (
    CATEGORIES,
    DEFAULT_ACTIONS,
    Policy,
    PriorComment,
    Screening,
    screen_comment,
)

logger = logging.getLogger(__name__)

# What an article gets when neither it nor its outlet states a policy: 250 characters including
# spaces, every category restricted, the screening package's default actions.
DEFAULT_POLICY = Policy(max_length=250, spaces_count=True, categories=CATEGORIES, actions=DEFAULT_ACTIONS)

TARGET_LABELS = ("PERSON", "ORG")
LENGTH = "length"  # the pseudo-category of a refusal for length


def policy_from_model(model) -> Policy:
    """articles.models.CommentPolicy -> the plain Policy the screening reads.

    Unknown categories or actions (hand-edited JSON) are dropped rather than taking the comment
    box down; the editor's form validates them on the way in.
    """
    categories = tuple(c for c in (model.categories or []) if c in CATEGORIES)
    actions = {
        c: a for c, a in (model.actions or {}).items() if c in CATEGORIES and a in ("refuse", "hold", "hide")
    }
    return Policy(
        max_length=model.max_length or None,
        spaces_count=bool(model.spaces_count),
        categories=categories,
        actions=actions,
    )


def named_entities(text: str, *, lang: str) -> list[tuple[int, int, str]]:
    """PERSON/ORG spans of a comment, the targets slander and defamation are judged against.

    Recognition failing (a model missing on a worker) must not lose a comment: the screening then
    falls back to its own title-word and proper-noun heuristics, so we log and return nothing.
    """
    from newsroom_text.ner import recognise

    try:
        spans = recognise(text, lang=lang)
    except Exception:  # any model/loader error; the fallback above covers it
        logger.exception("named-entity recognition failed on a comment; screening without entities")
        return []
    return [(s.start, s.end, s.label) for s in spans if s.label in TARGET_LABELS]


def is_length_refusal(screening: Screening) -> bool:
    return screening.limit is not None and screening.length > screening.limit


def reasons_of(screening: Screening) -> list[dict]:
    """The findings as JSON-ready dicts (stored on the comment); a length refusal comes first."""
    reasons = []
    if is_length_refusal(screening):
        reasons.append({
            "category": LENGTH, "reason": screening.message, "evidence": "",
            "start": None, "end": None, "length": screening.length, "limit": screening.limit,
        })
    for f in screening.findings:
        reasons.append({"category": f.category, "reason": f.reason, "evidence": f.evidence, "start": f.start, "end": f.end})
    return reasons


def reasons_text(reasons: Iterable[dict]) -> str:
    return "; ".join(f"{r.get('category', '')}: {r.get('reason', '')}" for r in reasons)


def comment_language(text: str) -> str:
    return detect_language(text) if text.strip() else ""


def screen(
    text: str,
    *,
    policy: Policy,
    message_language: str | None = None,
    author: str = "",
    now=None,
    history: Sequence[PriorComment] = (),
    entities: bool = True,
) -> Screening:
    """screen_comment with the comment's PERSON/ORG spans, the one way every caller screens."""
    lang = comment_language(text) or "ko"
    found = named_entities(text, lang=lang) if entities and text.strip() else []
    return screen_comment(
        text, policy=policy, lang=message_language or lang, author=author, now=now, history=history,
        named_entities=found,
    )
