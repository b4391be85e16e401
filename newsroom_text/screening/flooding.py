"""Flooding (도배): repeating oneself, posting too fast, and long runs of one character or unit.

Similarity is difflib's ratio on a normalised form (NFKC, lower-case, letters and digits only,
runs capped at two) truncated to 400 characters, so one comparison costs a bounded amount and the
whole check is linear in the size of the author's history.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from .fold import Folded
from .policy import Policy, PriorComment

_CAP = 400
_RUNS = re.compile(r"(.)\1{2,}")


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None or dt.utcoffset() is None else dt


def normalise_for_repeat(f: Folded) -> str:
    kept = "".join(ch for ch in f.text if ch.isalnum())
    return _RUNS.sub(r"\1\1", kept)[:_CAP]


def _similarity(a: str, b: str, threshold: float) -> float:
    """difflib ratio, except that a comment made of an earlier one plus a little more (the earlier one
    is at least 6 characters and 3/4 of the new one) counts as a repeat: `지켜라` -> `지켜라 지켜라`,
    and so does an earlier comment pasted several times over."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if short and long_ == short * (len(long_) // len(short)):
        return 1.0  # the earlier comment pasted again, possibly several times
    if len(short) >= 6 and len(short) >= 0.75 * len(long_) and short in long_:
        return 1.0 if short == long_ else max(threshold, len(short) / len(long_))
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
        return 0.0
    return sm.ratio()


@dataclass(frozen=True)
class FloodHit:
    kind: str  # "repeat" | "rate" | "run"
    detail: str
    start: int | None = None
    end: int | None = None
    count: int = 0
    seconds: float = 0.0


def repeat_and_rate(
    f: Folded,
    *,
    fold_fn,
    author: str,
    now: datetime,
    history: Sequence[PriorComment],
    policy: Policy,
) -> list[FloodHit]:
    hits: list[FloodHit] = []
    now = _aware(now)
    mine = normalise_for_repeat(f)
    in_rate_window = 0
    best: tuple[float, str] | None = None
    for prior in history:
        if not isinstance(prior, PriorComment) or prior.author != author:
            continue
        try:
            age = abs((now - _aware(prior.created)).total_seconds())
        except (TypeError, OverflowError, ValueError):
            continue
        if age <= policy.rate_window_seconds:
            in_rate_window += 1
        if age > policy.repeat_window_seconds or not mine:
            continue
        theirs = normalise_for_repeat(fold_fn(prior.text[: _CAP * 4]))
        if not theirs:
            continue
        ratio = _similarity(mine, theirs, policy.repeat_similarity)
        if ratio >= policy.repeat_similarity and (best is None or ratio > best[0]):
            best = (ratio, prior.text)
    if best is not None:
        hits.append(FloodHit("repeat", best[1][:80], count=round(best[0] * 100)))
    if policy.rate_limit > 0 and in_rate_window + 1 >= policy.rate_limit:
        hits.append(FloodHit("rate", "", count=in_rate_window + 1, seconds=policy.rate_window_seconds))
    return hits


def runs(text: str, f: Folded, *, min_length: int, max_unit: int = 12) -> list[FloodHit]:
    """Runs of one unit of 1..max_unit characters (a short slogan pasted over and over, too) repeated to cover >= min_length characters
    (whitespace ignored, so `요금 인하 요금 인하 ...` counts). At least 5 repetitions are required,
    so ordinary words never qualify. Linear: max_unit passes."""
    if min_length <= 0:
        return []
    idx = [i for i, ch in enumerate(f.text) if not ch.isspace()]
    s = "".join(f.text[i] for i in idx)
    n = len(s)
    best: tuple[int, int, int] | None = None  # (length, start, unit)
    for unit in range(1, max_unit + 1):
        run_start = 0
        k = unit
        while k <= n:
            if k < n and s[k] == s[k - unit]:
                k += 1
                continue
            length = k - run_start
            if length >= max(min_length, 5 * unit) and (best is None or length > best[0]):
                best = (length, run_start, unit)
            run_start = k - unit + 1 if k < n else k
            k = max(k + 1, run_start + unit)
    if best is None:
        return []
    length, start, unit = best
    o_s = f.starts[idx[start]]
    o_e = f.ends[idx[start + length - 1]]
    sample = text[o_s:o_e]
    return [FloodHit("run", s[start : start + unit], o_s, o_e, count=length)] if sample else []
