"""screen_comment: the outlet's comment policy applied to one comment, with reasons a person can read."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from newsroom_text.language import detect_language

from .flooding import repeat_and_rate, runs
from .fold import fold, skeleton
from .judgement import judgement_hits
from .length import comment_length
from .policy import ACTIONS, OUTCOME_OF_ACTION, Finding, Policy, PriorComment, Screening
from .profanity import profanity_hits

log = logging.getLogger(__name__)

_MAX_FINDINGS = 20
_KO_CATEGORY = {
    "profanity": "욕설",
    "slander": "비방",
    "false_information": "허위 정보",
    "defamation": "명예훼손",
    "flooding": "도배",
}


def _short(s: str, n: int = 30) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _profanity_findings(text: str, f, sk, ko: bool) -> list[Finding]:
    out = []
    for h in profanity_hits(text, f, sk)[:_MAX_FINDINGS]:
        ev = text[h.start : h.end]
        reason = (
            f"욕설로 보이는 표현 '{_short(ev)}'이 있습니다" if ko else f"Contains a profanity: '{_short(ev)}'"
        )
        out.append(Finding("profanity", reason, ev, h.start, h.end))
    return out


def _flooding_findings(text, f, *, author, now, history, policy, ko) -> list[Finding]:
    out = []
    for h in repeat_and_rate(f, fold_fn=fold, author=author, now=now, history=history, policy=policy):
        if h.kind == "repeat":
            reason = (
                f"최근에 올린 댓글과 거의 같은 내용입니다 (유사도 {h.count}%): '{_short(h.detail)}'"
                if ko
                else f"Repeats a recent comment by the same author ({h.count}% similar): '{_short(h.detail)}'"
            )
            out.append(Finding("flooding", reason, h.detail))
        else:
            secs = int(h.seconds)
            reason = (
                f"짧은 시간에 댓글을 너무 많이 올렸습니다 ({secs}초 동안 {h.count}개)"
                if ko
                else f"Too many comments in a short time ({h.count} within {secs} seconds)"
            )
            out.append(Finding("flooding", reason, f"{h.count}/{secs}s"))
    for h in runs(text, f, min_length=policy.run_length):
        ev = text[h.start : h.end]
        reason = (
            f"같은 글자('{_short(h.detail, 8)}')가 지나치게 반복됩니다 ({h.count}자)"
            if ko
            else f"Repeats '{_short(h.detail, 8)}' excessively ({h.count} characters)"
        )
        out.append(Finding("flooding", reason, ev, h.start, h.end))
    return out


def _judgement_findings(text, f, *, named_entities, ko) -> list[Finding]:
    out = []
    for h in judgement_hits(text, f, named_entities=named_entities)[:_MAX_FINDINGS]:
        if ko:
            reason = {
                "slander": f"'{h.target}'을(를) 향한 비방 표현 '{h.word}'이 있어 검토가 필요합니다",
                "defamation": f"'{h.target}'이(가) '{h.word}' 등 비위를 저질렀다고 단정하는 표현이 있어 명예훼손 여부 검토가 필요합니다",
                "false_information": f"'{h.target}' 관련 내용을 '{h.word}'(이)라고 주장해 허위 정보 여부 검토가 필요합니다",
            }[h.category]
        else:
            reason = {
                "slander": f"Insult '{h.word}' aimed at {h.target}; held for review (possible slander)",
                "defamation": f"Accuses {h.target} of wrongdoing ('{h.word}'); held for review (possible defamation)",
                "false_information": f"Claims '{h.word}' about {h.target}; held for review (possible false information)",
            }[h.category]
        out.append(Finding(h.category, reason, h.word, h.start, h.end))
    return out


def _length_message(length: int, limit: int, spaces_count: bool, ko: bool) -> str:
    if ko:
        spaces = "띄어쓰기 포함" if spaces_count else "띄어쓰기 제외"
        return f"댓글은 {spaces} {limit}자 이내로 써 주세요 (현재 {length}자)"
    spaces = "including spaces" if spaces_count else "not counting spaces"
    return f"Comments must be {limit} characters or fewer {spaces} (this one has {length})"


def _outcome_message(outcome: str, findings: Sequence[Finding], ko: bool) -> str:
    first = findings[0].reason if findings else ""
    if ko:
        lead = {
            "published": "댓글이 게시되었습니다",
            "held": "댓글은 검토 후 게시됩니다",
            "hidden": "운영 원칙에 따라 댓글 표시가 제한되었습니다",
            "refused": "운영 원칙에 따라 댓글을 등록할 수 없습니다",
        }[outcome]
    else:
        lead = {
            "published": "Your comment has been published",
            "held": "Your comment will appear after a moderator reviews it",
            "hidden": "This comment is hidden under our comment policy",
            "refused": "This comment cannot be posted under our comment policy",
        }[outcome]
    return f"{lead}: {first}" if first else lead


def screen_comment(
    text: str,
    *,
    policy: Policy,
    lang: str | None = None,
    author: str = "",
    now: datetime | None = None,
    history: Sequence[PriorComment] = (),
    named_entities: Sequence[tuple[int, int, str]] = (),
) -> Screening:
    """Screen one comment. Never raises for any str input; linear in the text and the history."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if lang is None:
        lang = detect_language(text)
    ko = str(lang).lower().startswith("ko")
    now = now or datetime.now(UTC)
    length = comment_length(text, spaces_count=policy.spaces_count)
    limit = policy.max_length
    cats = set(policy.categories)

    findings: list[Finding] = []
    f = fold(text)
    detectors = []
    if "profanity" in cats:
        detectors.append(lambda: _profanity_findings(text, f, skeleton(f), ko))
    if "flooding" in cats:
        detectors.append(
            lambda: _flooding_findings(
                text, f, author=author, now=now, history=history or (), policy=policy, ko=ko
            )
        )
    if cats & {"slander", "defamation", "false_information"}:
        detectors.append(
            lambda: [
                x
                for x in _judgement_findings(text, f, named_entities=named_entities or (), ko=ko)
                if x.category in cats
            ]
        )
    for detect in detectors:
        try:
            findings.extend(detect())
        except Exception:  # a detector bug must not take the comment box down; log and go on
            log.exception("comment screening detector failed")

    if limit is not None and length > limit:
        return Screening(
            "refused", tuple(findings), length, limit, _length_message(length, limit, policy.spaces_count, ko)
        )
    rank = {a: i for i, a in enumerate(ACTIONS)}
    strictest = None
    for fd in findings:
        act = policy.action_for(fd.category)
        if strictest is None or rank[act] > rank[strictest]:
            strictest = act
    outcome = OUTCOME_OF_ACTION[strictest] if strictest else "published"
    # the reason shown first is one from the category that decided the outcome
    ordered = sorted(findings, key=lambda fd: -rank[policy.action_for(fd.category)])
    return Screening(outcome, tuple(findings), length, limit, _outcome_message(outcome, ordered, ko))
