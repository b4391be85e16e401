"""Comment pages: submit under an article, the editors' moderation queue, the per-article policy editor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article, CommentPolicy
from articles.roles import is_editor

from . import selectors, services
from .forms import STATUS_LABELS, BulkModerationForm, CommentForm, CommentPolicyForm
from .templatetags.comments_tags import draft_key

QUEUE_PAGE_SIZE = 50
_MESSAGE_LEVEL = {"published": messages.SUCCESS, "held": messages.INFO, "hidden": messages.WARNING, "refused": messages.ERROR}


def _require_editor(request) -> None:
    if not is_editor(request.user):
        raise PermissionDenied


def _author_name(user) -> str:
    return (user.get_full_name() or user.get_username())[:100]


def _article(pk: int) -> Article:
    return get_object_or_404(Article.objects.select_related("outlet__default_policy"), pk=pk)


def _outcome_message(outcome: services.SubmitOutcome) -> str:
    """The screening's message (outcome and first reason, in the commenter's language) plus any other reasons."""
    extra = [r["reason"] for r in outcome.reasons if r.get("reason") and r["reason"] not in outcome.message]
    return "; ".join([outcome.message, *extra])


@login_required
@require_POST
def comment_submit(request, pk: int):
    article = _article(pk)
    back = reverse("articles:detail", args=[article.pk]) + "#comments"
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment before sending it."))
        return redirect(back)
    body = form.cleaned_data["body"]
    try:
        outcome = services.comment_submit(
            article=article, author_name=_author_name(request.user), body=body, user=request.user,
            language=(get_language() or "ko")[:2],
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect(back)
    if not outcome.stored:
        # refused for length: give the text back so the reader can shorten it
        request.session[draft_key(article.pk)] = body
    messages.add_message(request, _MESSAGE_LEVEL[outcome.status], _outcome_message(outcome))
    return redirect(back)


@login_required
def moderation_queue(request):
    _require_editor(request)
    status = request.GET.get("status", "held")
    if status not in (*selectors.QUEUE_STATUSES, "all"):
        status = "held"
    queue = selectors.moderation_queue(None if status == "all" else status)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "comments/moderation_queue.html", {
        "page": page,
        "status": status,
        "statuses": [(s, STATUS_LABELS[s]) for s in selectors.QUEUE_STATUSES],
        "form": BulkModerationForm(initial={"status": status}),
    })


@login_required
@require_POST
def moderation_bulk(request):
    _require_editor(request)
    form = BulkModerationForm(request.POST)
    status = request.POST.get("status") or "held"
    back = reverse("comments:queue") + f"?status={status if status in (*selectors.QUEUE_STATUSES, 'all') else 'held'}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    count = services.comments_bulk_moderate(
        comments=form.cleaned_data["comments"], to_status=form.to_status, user=request.user,
        reason=form.cleaned_data["reason"],
    )
    if form.cleaned_data["action"] == "approve":
        text = ngettext("%(count)d comment approved and published.", "%(count)d comments approved and published.", count)
    else:
        text = ngettext("%(count)d comment rejected and hidden.", "%(count)d comments rejected and hidden.", count)
    messages.success(request, text % {"count": count})
    return redirect(back)


@login_required
def policy_edit(request, pk: int):
    _require_editor(request)
    article = _article(pk)
    own = CommentPolicy.objects.filter(article=article).first()
    if request.method == "POST":
        form = CommentPolicyForm(request.POST)
        if form.is_valid():
            policy = own or services.comment_policy_for_article(article=article, user=request.user)
            change = services.comment_policy_update(policy=policy, user=request.user, **form.policy_fields())
            if change.changed_fields:
                messages.success(request, _(
                    "Comment policy saved. %(screened)d comments screened again, %(changed)d changed status."
                ) % {"screened": change.rescreened, "changed": change.changed})
            else:
                messages.info(request, _("Comment policy unchanged."))
            return redirect("comments:policy", pk=article.pk)
    else:
        plain = services.policy_for(article)
        stated = own or (article.outlet.default_policy if article.outlet_id else None)
        form = CommentPolicyForm(initial=CommentPolicyForm.initial_from(
            max_length=plain.max_length, spaces_count=plain.spaces_count, categories=plain.categories,
            actions=dict(plain.actions), source_text=stated.source_text if stated else "",
        ))
    if own is not None:
        source = "article"
    elif article.outlet_id and article.outlet.default_policy_id:
        source = "outlet"
    else:
        source = "default"
    return render(request, "comments/policy_edit.html", {"article": article, "form": form, "source": source})
