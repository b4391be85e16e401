"""Editorial web pages for articles (thin: reads via selectors, writes via services)."""

from __future__ import annotations

from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import services
from .forms import ArticleMetadataForm, SearchForm, UploadForm
from .jsonld import article_jsonld
from .models import Article, CommentPolicy
from .roles import is_editor
from .selectors import (
    InvalidSearchCursor,
    archive_search,
    articles_status,
    processing_counts,
    processing_queue,
)

COMMENTS_TEMPLATE = "comments/_article_comments.html"
MAX_STATUS_IDS = 200


def editor_required(view):
    """Login required, and 403 for anyone who is not an editor."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def status_label(status: str) -> str:
    return {
        "pending": _("pending"),
        "processing": _("processing"),
        "processed": _("processed"),
        "failed": _("failed"),
    }.get(status, status)


@login_required
def dashboard(request):
    return render(
        request,
        "articles/dashboard.html",
        {
            "counts": processing_counts(),
            "queue": processing_queue(),
            "recent": Article.objects.select_related("outlet", "upload").order_by("-created_at")[:20],
            "failures": Article.objects.failed().select_related("upload").order_by("-updated_at")[:20],
            "can_edit": is_editor(request.user),
        },
    )


@login_required
@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = archive_search(form.cleaned_data.get("q") or "", **form.filters())
        except InvalidSearchCursor:
            messages.warning(request, _("That page of results is no longer available; showing the first page."))
            result = archive_search(form.cleaned_data.get("q") or "", **{**form.filters(), "cursor": None})
    elif not form.is_bound:
        result = archive_search("", sort="newest")
    return render(request, "articles/search.html", {"form": form, "result": result})


# --- the article page -------------------------------------------------------------------------


def _body_html(article: Article, mentions, events) -> list[dict]:
    """The body blocks with entity mentions and event evidence marked, every text piece escaped.

    Evidence sentences (<span id="ev-N">) are laid first; mentions are nested inside them, and a
    mention that would cross a sentence or block boundary is shown as plain text.
    """
    body = article.body_text
    rendered = []
    for block in article.blocks:
        start, end = block.get("start", 0), block.get("end", 0)
        if body[start:end] != block.get("text", ""):
            # Offsets out of step with the text (should not happen): show the text unmarked.
            rendered.append({"kind": block.get("kind"), "html": conditional_escape(block.get("text", ""))})
            continue
        spans, pos = [], start
        for ev in sorted(events, key=lambda e: (e.evidence_start, e.pk)):
            if not (start <= ev.evidence_start < end):
                continue
            s, e = ev.evidence_start, min(ev.evidence_end, end)
            if s < pos and spans:
                spans[-1][3].append(ev.pk)  # the same sentence as an earlier event: share its mark
                continue
            if s >= e:
                continue
            spans.append((s, e, ev, []))
            pos = e
        pieces, cursor = [], start
        for s, e, ev, also in spans:
            pieces.append(_mark_mentions(body, cursor, s, mentions))
            # Events sharing the sentence get an empty anchor at its start (CSS marks the sentence
            # when such an anchor is the :target).
            anchors = mark_safe("".join(format_html('<span class="ev-anchor" id="ev-{}"></span>', pk) for pk in also))
            pieces.append(format_html('<span class="evidence" id="ev-{}">{}{}</span>', ev.pk, anchors,
                                      _mark_mentions(body, s, e, mentions)))
            cursor = e
        pieces.append(_mark_mentions(body, cursor, end, mentions))
        rendered.append({"kind": block.get("kind"), "html": mark_safe("".join(pieces))})
    return rendered


def _mark_mentions(body: str, start: int, end: int, mentions) -> str:
    out, pos = [], start
    for m in mentions:
        if m.start < pos or m.end > end or m.start < start or m.end <= m.start:
            continue
        out.append(conditional_escape(body[pos : m.start]))
        kind = m.entity.kind.lower()
        out.append(format_html(
            '<a class="mention kind-{}" href="{}" title="{}">{}</a>',
            kind, reverse("entities:detail", args=[m.entity_id]), m.entity.get_kind_display(), body[m.start : m.end],
        ))
        pos = m.end
    out.append(conditional_escape(body[pos:end]))
    # Every piece is escaped text or our own markup from format_html.
    return mark_safe("".join(str(piece) for piece in out))


def _comments_template() -> str | None:
    try:
        select_template([COMMENTS_TEMPLATE])
    except TemplateDoesNotExist:
        return None
    return COMMENTS_TEMPLATE


@login_required
def article_detail(request, pk: int):
    article = get_object_or_404(Article.objects.select_related("outlet", "upload", "outlet__default_policy"), pk=pk)
    mentions = list(article.mentions.select_related("entity").order_by("start", "-end"))
    events = list(article.events.prefetch_related("participants__entity").order_by("evidence_start"))
    try:
        policy = article.comment_policy
        policy_source = "article"
    except CommentPolicy.DoesNotExist:
        policy = article.outlet.default_policy if article.outlet else None
        policy_source = "outlet" if policy else ""
    kinds = sorted({m.entity.kind for m in mentions})
    comments_template = _comments_template()
    can_edit = is_editor(request.user)
    context = {
        "article": article,
        "blocks": _body_html(article, mentions, events),
        "entity_kinds": kinds,
        "entities": _distinct_entities(mentions),
        "quotes": article.quotes.select_related("speaker"),
        "amounts": article.amounts.all(),
        "dates": article.date_mentions.all(),
        "events": events,
        "policy": policy,
        "policy_source": policy_source,
        "comments_template": comments_template,
        "comments": article.comments.filter(status="published").order_by("created_at"),
        "log": article.processing_log.all(),
        "revisions": article.revisions.select_related("user"),
        "can_edit": can_edit,
        "metadata_form": ArticleMetadataForm.for_article(article) if can_edit else None,
        "jsonld": article_jsonld(article, request),
    }
    return render(request, "articles/detail.html", context)


def _distinct_entities(mentions) -> list:
    seen, out = set(), []
    for m in mentions:
        if m.entity_id not in seen:
            seen.add(m.entity_id)
            out.append(m.entity)
    return out


@login_required
def article_original(request, pk: int):
    """The upload exactly as received, as a download (never rendered inline: it may be HTML)."""
    article = get_object_or_404(Article.objects.select_related("upload"), pk=pk)
    upload = article.upload
    response = HttpResponse(bytes(upload.content), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(upload.file_name, safe='')}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@editor_required
@require_POST
def article_reprocess(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    services.article_reprocess(article=article)
    messages.success(request, _("The article was queued for processing again."))
    return _back(request, reverse("articles:detail", args=[pk]))


@editor_required
@require_POST
def article_metadata(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    form = ArticleMetadataForm.for_article(article, request.POST)
    if not form.is_valid():
        messages.error(request, _("The metadata was not changed: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("articles:detail", pk=pk)
    changes = {}
    if form.cleaned_data["published_date"] != article.published_date:
        changes["published_date"] = form.cleaned_data["published_date"]
    language = form.cleaned_data["language"]
    if (language or "") != (article.language if article.language_fixed else ""):
        changes["language"] = language
    revisions = services.article_update_metadata(article=article, user=request.user, **changes) if changes else []
    if revisions:
        messages.success(request, _("Saved; the article is being processed again."))
    else:
        messages.info(request, _("Nothing changed."))
    return redirect("articles:detail", pk=pk)


def _back(request, default: str):
    target = request.POST.get("next", "")
    from django.utils.http import url_has_allowed_host_and_scheme

    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


# --- upload and its progress -------------------------------------------------------------------


@editor_required
def upload(request):
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            ids, rejected = _ingest_all(request, form.cleaned_data)
            for name, code, message in rejected:
                messages.error(request, f"{name}: {message} ({code})")
            if ids:
                return redirect(reverse("articles:progress") + "?ids=" + ",".join(map(str, ids)))
    else:
        form = UploadForm()
    return render(request, "articles/upload.html", {"form": form})


def _ingest_all(request, data) -> tuple[list[int], list[tuple[str, str, str]]]:
    """Ingest every file (and the pasted text); one file's refusal never stops the others."""
    ids, rejected = [], []
    language = data.get("language") or ""
    jobs = [(f.name, f.read()) for f in data.get("files") or []]
    if (data.get("text") or "").strip():
        jobs.append((_("pasted text") + ".txt", data["text"].encode("utf-8")))
    for name, content in jobs:
        try:
            result = services.article_ingest(data=content, file_name=name, uploaded_by=request.user, language=language)
        except services.UploadRejected as exc:
            rejected.append((name, exc.code, exc.message))
            continue
        if not result.created:
            messages.info(request, _("%(name)s: already in the archive.") % {"name": name})
        if result.article.pk not in ids:
            ids.append(result.article.pk)
    return ids, rejected


def _parse_ids(raw: str) -> list[int]:
    ids = []
    for part in (raw or "").split(","):
        part = part.strip()
        if part.isdigit() and int(part) not in ids:
            ids.append(int(part))
    return ids[:MAX_STATUS_IDS]


@login_required
def upload_progress(request):
    rows = articles_status(_parse_ids(request.GET.get("ids", "")))
    for row in rows:
        row["label"] = status_label(row["status"])
    return render(request, "articles/progress.html", {"rows": rows, "ids": ",".join(str(r["id"]) for r in rows)})


@login_required
@require_GET
def articles_status_json(request):
    rows = articles_status(_parse_ids(request.GET.get("ids", "")))
    for row in rows:
        row["label"] = status_label(row["status"])
        row["url"] = reverse("articles:detail", args=[row["id"]])
    return JsonResponse({"articles": rows})
