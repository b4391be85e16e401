"""The value types of comment screening: the outlet's policy and what screening says about a comment."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

CATEGORIES: tuple[str, ...] = ("profanity", "slander", "false_information", "defamation", "flooding")
ACTIONS: tuple[str, ...] = ("hold", "hide", "refuse")  # weakest to strictest
OUTCOME_OF_ACTION = {"hold": "held", "hide": "hidden", "refuse": "refused"}
DEFAULT_ACTIONS: dict[str, str] = {
    "profanity": "hide",
    "flooding": "hide",
    "slander": "hold",
    "false_information": "hold",
    "defamation": "hold",
}


class FrozenActions(Mapping):
    """An immutable, hashable category -> action mapping (so a Policy can be hashed and shared)."""

    __slots__ = ("_d",)

    def __init__(self, d: Mapping[str, str]):
        self._d = dict(d)

    def __getitem__(self, key: str) -> str:
        return self._d[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._d.items())))

    def __repr__(self) -> str:
        return f"FrozenActions({self._d!r})"


@dataclass(frozen=True)
class Policy:
    """What an outlet allows. Defaults follow the Korean seed outlet's printed comment rules."""

    max_length: int | None = 250
    spaces_count: bool = True
    categories: tuple[str, ...] = CATEGORIES
    actions: Mapping[str, str] = field(default_factory=lambda: FrozenActions(DEFAULT_ACTIONS))
    # flooding thresholds
    repeat_similarity: float = 0.9  # normalised-text similarity with one of the author's recent comments
    repeat_window_seconds: float = 24 * 3600
    rate_limit: int = 5  # this comment is the rate_limit-th (or later) by the author ...
    rate_window_seconds: float = 60  # ... within this many seconds
    run_length: int = 20  # a run of one character / one short unit at least this long

    def __post_init__(self):
        merged = dict(DEFAULT_ACTIONS)
        merged.update(self.actions or {})
        for cat, act in merged.items():
            if act not in ACTIONS:
                raise ValueError(f"action for {cat!r} must be one of {ACTIONS}, not {act!r}")
        unknown = [c for c in self.categories if c not in CATEGORIES]
        if unknown:
            raise ValueError(f"unknown categories {unknown}; known: {CATEGORIES}")
        object.__setattr__(self, "actions", FrozenActions(merged))
        object.__setattr__(self, "categories", tuple(self.categories))

    def action_for(self, category: str) -> str:
        return self.actions.get(category, DEFAULT_ACTIONS.get(category, "hold"))


@dataclass(frozen=True)
class PriorComment:
    text: str
    author: str
    created: datetime


@dataclass(frozen=True)
class Finding:
    category: str
    reason: str  # a human sentence in the commenter's language, naming the word (and target)
    evidence: str  # the words as written in the comment
    start: int | None = None  # character offsets into the comment (None for whole-comment findings)
    end: int | None = None


@dataclass(frozen=True)
class Screening:
    outcome: str  # "published" | "held" | "hidden" | "refused"
    findings: tuple[Finding, ...]
    length: int
    limit: int | None
    message: str
