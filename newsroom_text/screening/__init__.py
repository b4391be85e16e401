"""Comment screening for the newsroom: length, profanity, flooding, and holds for human judgement.

Plain Python (no Django). The public API:

    from newsroom_text.screening import Policy, PriorComment, screen_comment, comment_length
    result = screen_comment("댓글", policy=Policy(), author="u1", history=[...])
    result.outcome  # "published" | "held" | "hidden" | "refused"
"""

from .length import comment_length
from .policy import CATEGORIES, DEFAULT_ACTIONS, Finding, Policy, PriorComment, Screening
from .screen import screen_comment

__all__ = [
    "CATEGORIES",
    "DEFAULT_ACTIONS",
    "Finding",
    "Policy",
    "PriorComment",
    "Screening",
    "comment_length",
    "screen_comment",
]
