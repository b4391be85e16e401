"""Writes to comments: submit under the article's policy, moderate, change a policy and re-screen."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleRevision, CommentPolicy
from articles.roles import is_editor
from newsroom_text.screening import CATEGORIES, Policy, PriorComment

from . import screening as glue
from .models import Comment, ModerationDecision

logger = logging.getLogger(__name__)

__all__ = [
    "POLICY_FIELDS",
    "PolicyChange",
    "SubmitOutcome",
    "comment_moderate",
    "comment_policy_for_article",
    "comment_policy_update",
    "comment_submit",
    "comments_bulk_moderate",
    "comments_rescreen",
    "default_policy",
    "policy_for",
]

HISTORY_WINDOW = timedelta(hours=24)  # "recent history": the author's comments anywhere in the archive
HISTORY_LIMIT = 500  # bounds the screening's work for a prolific author; the newest are the ones that matter
POLICY_FIELDS = ("max_length", "spaces_count", "categories", "actions", "source_text")
ACTIONS = tuple(CommentPolicy.Action.values)


@dataclass(frozen=True)
class SubmitOutcome:
    comment: Comment | None  # None only when refused for length: nothing was stored
    status: str  # published | held | hidden | refused
    reasons: list[dict] = field(default_factory=list)
    message: str = ""  # in the commenter's language, for the page or the API
    length: int = 0
    limit: int | None = None

    @property
    def stored(self) -> bool:
        return self.comment is not None


@dataclass(frozen=True)
class PolicyChange:
    policy: CommentPolicy
    changed_fields: list[str]
    rescreened: int  # comments screened again
    changed: int  # of which the outcome changed (each logged as a decision)


# ---------------------------------------------------------------- policies


def _stated_policy(article: Article) -> CommentPolicy | None:
    """The CommentPolicy that applies: the article's own, else its outlet's default, else None."""
    try:
        return article.comment_policy
    except CommentPolicy.DoesNotExist:
        pass
    if article.outlet_id and article.outlet.default_policy_id:
        return article.outlet.default_policy
    return None


def policy_for(article: Article) -> Policy:
    """The plain screening Policy for an article: its own, its outlet's default, or the project default."""
    stated = _stated_policy(article)
    return glue.policy_from_model(stated) if stated is not None else glue.DEFAULT_POLICY


# ---------------------------------------------------------------- submit


def _author_key(*, user, author_name: str) -> str:
    return f"user:{user.pk}" if user is not None and user.pk is not None else f"name:{author_name}"


def _history(*, user, author_name: str, before: datetime, exclude_pk: int | None = None) -> list[PriorComment]:
    """The author's stored comments of the 24 hours before `before`, oldest first, for flooding."""
    qs = Comment.objects.by_author(user=user, author_name=author_name).filter(
        created_at__gte=before - HISTORY_WINDOW, created_at__lte=before
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    key = _author_key(user=user, author_name=author_name)
    rows = list(qs.order_by("-created_at", "-id").values_list("body", "created_at")[:HISTORY_LIMIT])
    return [PriorComment(body, key, created) for body, created in reversed(rows)]


def _recount(article_id: int) -> int:
    """Article.comment_count := its published comments. Call inside the transaction that changed them."""
    count = Comment.objects.filter(article_id=article_id).published().count()
    Article.objects.filter(pk=article_id).update(comment_count=count)
    return count


def _lock_article(article_id: int) -> None:
    # Serialises comment writes per article (PostgreSQL), so two submissions never both write a
    # stale comment_count; SQLite serialises writers anyway.
    list(Article.objects.select_for_update().filter(pk=article_id).values_list("pk", flat=True))


def comment_submit(
    *,
    article: Article,
    author_name: str,
    body: str,
    user=None,
    language: str | None = None,
    now: datetime | None = None,
) -> SubmitOutcome:
    """Screen a reader's comment under the article's policy and store it with the outcome.

    Too long -> refused and NOT stored (the reader still has the text and can shorten it).
    Anything else is stored - published, held, hidden, or refused by a "refuse" action - with the
    findings as reasons and a decision by the screening in the audit log, so nothing is lost.
    `language` is the commenter's (the page's) language for the message; default: the comment's.
    """
    author_name = (author_name or "").strip()[:100]
    if not body or not body.strip():
        raise ValidationError({"body": "A comment cannot be empty."})
    if not author_name:
        raise ValidationError({"author_name": "A comment needs an author name."})
    policy = policy_for(article)
    given_now = now is not None
    now = now or timezone.now()
    history = _history(user=user, author_name=author_name, before=now)
    result = glue.screen(
        body, policy=policy, message_language=language, author=_author_key(user=user, author_name=author_name),
        now=now, history=history,
    )
    reasons = glue.reasons_of(result)
    if glue.is_length_refusal(result):
        logger.info("comment on article %s refused for length (%s > %s)", article.pk, result.length, result.limit)
        return SubmitOutcome(None, Comment.Status.REFUSED, reasons, result.message, result.length, result.limit)

    with transaction.atomic():
        _lock_article(article.pk)
        comment = Comment(
            article=article, author_name=author_name, user=user, body=body,
            language=glue.comment_language(body), status=result.outcome, reasons=reasons,
        )
        comment.full_clean()
        comment.save()
        if given_now:
            # created_at is auto_now_add; a caller-given time (imports, tests) is what history reads
            Comment.objects.filter(pk=comment.pk).update(created_at=now)
            comment.created_at = now
        ModerationDecision.objects.create(
            comment=comment, user=None, from_status="", to_status=result.outcome,
            reason=glue.reasons_text(reasons) or "screening: no findings",
        )
        article.comment_count = _recount(article.pk)
    return SubmitOutcome(comment, result.outcome, reasons, result.message, result.length, result.limit)


# ---------------------------------------------------------------- moderation


def _require_editor(user) -> None:
    if user is None or not is_editor(user):
        raise PermissionDenied("Only editors can moderate comments or change comment policies.")


def _check_status(to_status: str) -> None:
    if to_status not in Comment.Status.values:
        raise ValidationError({"to_status": f"unknown status {to_status!r}; use one of {Comment.Status.values}"})


def _moderate_locked(comment: Comment, *, to_status: str, user, reason: str) -> ModerationDecision:
    decision = ModerationDecision(
        comment=comment, user=user, from_status=comment.status, to_status=to_status, reason=reason.strip()
    )
    decision.full_clean()
    if comment.status != to_status:
        comment.status = to_status
        comment.save(update_fields=["status"])
    decision.save()
    return decision


def comment_moderate(*, comment: Comment, to_status: str, user, reason: str = "") -> ModerationDecision:
    """An editor's decision on one comment, logged (who, when, from, to, why).

    Comments are never deleted: hiding only changes the status. The decision is recorded even
    when the status stays the same, because an editor's confirmation exempts the comment from
    later automatic re-screening.
    """
    _require_editor(user)
    _check_status(to_status)
    with transaction.atomic():
        _lock_article(comment.article_id)
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        decision = _moderate_locked(locked, to_status=to_status, user=user, reason=reason)
        _recount(locked.article_id)
    comment.status = locked.status
    return decision


def comments_bulk_moderate(*, comments, to_status: str, user, reason: str = "") -> int:
    """The same editor decision on many comments in one transaction; returns how many were decided."""
    _require_editor(user)
    _check_status(to_status)
    pks = [c.pk if isinstance(c, Comment) else int(c) for c in comments]
    with transaction.atomic():
        locked = list(Comment.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
        articles = sorted({c.article_id for c in locked})
        for article_id in articles:
            _lock_article(article_id)
        for comment in locked:
            _moderate_locked(comment, to_status=to_status, user=user, reason=reason)
        for article_id in articles:
            _recount(article_id)
    return len(locked)


# ---------------------------------------------------------------- policy changes and re-screening


def comments_rescreen(*, article: Article, reason_prefix: str = "policy changed") -> tuple[int, int]:
    """Screen the article's comments again under its current policy; returns (screened, changed).

    Comments an editor has decided are left alone. A changed outcome is logged as a decision by
    the screening ("policy changed: ..."); a comment now too long becomes refused but is kept.
    Each comment's history is the author's comments of the 24 hours before it, as at submission.
    """
    policy = policy_for(article)
    candidates = list(Comment.objects.filter(article=article).not_decided_by_editor().order_by("created_at", "id"))
    results = []
    for comment in candidates:  # screening (and entity recognition) outside the transaction
        history = _history(user=comment.user, author_name=comment.author_name, before=comment.created_at,
                           exclude_pk=comment.pk)
        result = glue.screen(
            comment.body, policy=policy, message_language=comment.language or None,
            author=_author_key(user=comment.user, author_name=comment.author_name),
            now=comment.created_at, history=history,
        )
        results.append((comment.pk, result))
    changed = 0
    with transaction.atomic():
        _lock_article(article.pk)
        editor_decided = set(
            ModerationDecision.objects.filter(comment__article=article, user__isnull=False).values_list("comment_id", flat=True)
        )
        current = Comment.objects.select_for_update().in_bulk([pk for pk, _ in results])
        for pk, result in results:
            comment = current.get(pk)
            if comment is None or pk in editor_decided:
                continue  # deleted with its article, or an editor decided while we screened
            reasons = glue.reasons_of(result)
            outcome = Comment.Status.REFUSED if glue.is_length_refusal(result) else result.outcome
            if outcome != comment.status:
                ModerationDecision.objects.create(
                    comment=comment, user=None, from_status=comment.status, to_status=outcome,
                    reason=f"{reason_prefix}: {glue.reasons_text(reasons) or 'no findings'}",
                )
                changed += 1
            if outcome != comment.status or reasons != comment.reasons:
                comment.status, comment.reasons = outcome, reasons
                comment.save(update_fields=["status", "reasons"])
        article.comment_count = _recount(article.pk)
    return len(results), changed


def _clean_policy_fields(fields: dict) -> dict:
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError(f"not editable: {', '.join(sorted(unknown))}")
    errors = {}
    if "categories" in fields:
        cats = list(dict.fromkeys(fields["categories"] or []))
        bad = [c for c in cats if c not in CATEGORIES]
        if bad:
            errors["categories"] = f"unknown categories {bad}; use {list(CATEGORIES)}"
        fields["categories"] = [c for c in CATEGORIES if c in cats]  # canonical order
    if "actions" in fields:
        actions = dict(fields["actions"] or {})
        bad = {c: a for c, a in actions.items() if c not in CATEGORIES or a not in ACTIONS}
        if bad:
            errors["actions"] = f"invalid actions {bad}; categories {list(CATEGORIES)}, actions {list(ACTIONS)}"
        fields["actions"] = {c: actions[c] for c in CATEGORIES if c in actions}
    if "max_length" in fields and fields["max_length"] is not None:
        if int(fields["max_length"]) < 1:
            errors["max_length"] = "the maximum length must be at least 1 (leave empty for no limit)"
        fields["max_length"] = int(fields["max_length"])
    if errors:
        raise ValidationError(errors)
    return fields


def _articles_under(policy: CommentPolicy) -> list[Article]:
    if policy.article_id:
        return [Article.objects.select_related("outlet__default_policy").get(pk=policy.article_id)]
    # an outlet default: the outlets' articles that state no policy of their own
    return list(
        Article.objects.select_related("outlet__default_policy")
        .filter(outlet__default_policy=policy, comment_policy__isnull=True)
    )


def _policy_snapshot(policy: CommentPolicy) -> str:
    return (f"max_length={policy.max_length}, spaces_count={policy.spaces_count}, "
            f"categories={policy.categories}, actions={policy.actions}")


def comment_policy_update(*, policy: CommentPolicy, user, **fields) -> PolicyChange:
    """An editor changes a comment policy; then every comment it governs is screened again.

    Editable: max_length (None = no limit), spaces_count, categories, actions, source_text.
    For an article's own policy the change is recorded in the article's revision history.
    """
    _require_editor(user)
    fields = _clean_policy_fields(dict(fields))
    with transaction.atomic():
        locked = CommentPolicy.objects.select_for_update().get(pk=policy.pk)
        before = _policy_snapshot(locked)
        changed_fields = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in changed_fields:
            setattr(locked, name, fields[name])
        if changed_fields:
            locked.edited_by_editor = True
            locked.full_clean()
            locked.save()
            if locked.article_id:
                ArticleRevision.objects.create(
                    article_id=locked.article_id, user=user, field="comment_policy",
                    old_value=before, new_value=_policy_snapshot(locked),
                )
            logger.info("comment policy %s changed by %s: %s", locked.pk, user, ", ".join(changed_fields))
    for name in POLICY_FIELDS:
        setattr(policy, name, getattr(locked, name))
    screened = changed = 0
    if set(changed_fields) - {"source_text"}:
        for article in _articles_under(locked):
            s, c = comments_rescreen(article=article, reason_prefix=f"policy changed ({', '.join(changed_fields)})")
            screened, changed = screened + s, changed + c
    return PolicyChange(locked, changed_fields, screened, changed)


def comment_policy_for_article(*, article: Article, user) -> CommentPolicy:
    """The article's own policy, created from the one that applies now when it has none, so an
    editor's change stays with this article instead of changing the whole outlet's default."""
    _require_editor(user)
    with transaction.atomic():
        try:
            return CommentPolicy.objects.get(article=article)
        except CommentPolicy.DoesNotExist:
            pass
        plain = policy_for(article)
        stated = _stated_policy(article)
        own = CommentPolicy(
            article=article,
            max_length=plain.max_length,
            spaces_count=plain.spaces_count,
            categories=list(plain.categories),
            actions={c: plain.action_for(c) for c in plain.categories},
            source_text=stated.source_text if stated is not None else "",
            edited_by_editor=True,
        )
        own.full_clean()
        own.save()
    return own


def default_policy() -> Policy:
    """The project default: 250 characters including spaces, all five categories, default actions."""
    return glue.DEFAULT_POLICY
