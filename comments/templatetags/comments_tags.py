"""What the article page's comment section needs, for templates/comments/_article_comments.html."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from articles.models import CommentPolicy
from articles.roles import is_editor

from .. import selectors, services
from ..forms import ACTION_LABELS, CATEGORY_LABELS, STATUS_LABELS, CommentForm
from ..screening import LENGTH

register = template.Library()


def draft_key(article_pk: int) -> str:
    """Session key of a comment refused for length, handed back to the form once."""
    return f"comments:draft:{article_pk}"


@register.simple_tag(takes_context=True)
def article_comments(context, article) -> dict:
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    editor = bool(user is not None and is_editor(user))
    policy = services.policy_for(article)
    try:
        source_text = article.comment_policy.source_text
    except CommentPolicy.DoesNotExist:
        outlet_policy = article.outlet.default_policy if article.outlet_id else None
        source_text = outlet_policy.source_text if outlet_policy else ""
    draft = request.session.pop(draft_key(article.pk), "") if request is not None and hasattr(request, "session") else ""
    visible = list(selectors.visible_comments(article))
    return {
        "policy": policy,
        "source_text": source_text,
        "restrictions": [
            {"category": CATEGORY_LABELS.get(c, c), "action": ACTION_LABELS.get(policy.action_for(c), policy.action_for(c))}
            for c in policy.categories
        ],
        "visible": visible,
        "count": len(visible),
        "is_editor": editor,
        "moderated": list(selectors.moderated_comments(article)) if editor else [],
        "form": CommentForm(initial={"body": draft}),
        "can_comment": bool(user is not None and user.is_authenticated),
    }


@register.filter
def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@register.filter
def category_label(category: str) -> str:
    if category == LENGTH:
        return gettext("length")
    return CATEGORY_LABELS.get(category, category)
