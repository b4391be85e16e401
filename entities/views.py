"""Entity and event pages (thin: reads via selectors, writes via services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.roles import is_editor
from articles.views import editor_required

from . import services
from .forms import AliasForm, EventFilterForm, MergeForm
from .models import Entity, EntityMerge
from .selectors import (
    entity_articles,
    entity_co_mentioned,
    entity_events,
    entity_open_merges,
    entity_search,
    events_filtered,
    timeline_layout,
)


@login_required
def entity_list(request):
    q = request.GET.get("q", "")[:200]
    page = Paginator(entity_search(q, limit=0), 50).get_page(request.GET.get("page"))
    return render(request, "entities/list.html", {"q": q, "page": page})


@login_required
def entity_detail(request, pk: int):
    entity = get_object_or_404(Entity.objects.select_related("merged_into"), pk=pk)
    can_edit = is_editor(request.user)
    aliases = {"ko": [], "en": [], "": []}
    for alias in entity.aliases.order_by("surface"):
        aliases.setdefault(alias.language if alias.language in ("ko", "en") else "", []).append(alias)
    target_q = request.GET.get("target_q", "")[:200].strip()
    candidates = []
    if can_edit and target_q:
        candidates = [e for e in entity_search(target_q, limit=20) if e.pk != entity.pk]
    events = list(entity_events(entity))
    context = {
        "entity": entity,
        "aliases_ko": aliases["ko"],
        "aliases_en": aliases["en"],
        "aliases_other": aliases[""],
        "mention_count": entity.mentions.count(),
        "articles": Paginator(entity_articles(entity), 20).get_page(request.GET.get("page")),
        "co_mentioned": entity_co_mentioned(entity),
        "events": events,
        "timeline": timeline_layout(events),
        "merges": entity_open_merges(entity),
        "can_edit": can_edit,
        "alias_form": AliasForm(initial={"language": "ko" if entity.name_ko else "en"}) if can_edit else None,
        "target_q": target_q,
        "candidates": candidates,
    }
    return render(request, "entities/detail.html", context)


@editor_required
@require_POST
def alias_add(request, pk: int):
    entity = get_object_or_404(Entity, pk=pk)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            services.alias_add(entity=entity, surface=form.cleaned_data["surface"],
                               language=form.cleaned_data["language"] or "", user=request.user)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Alias added; articles containing it are being processed again."))
    else:
        messages.error(request, _("The alias was not added: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect("entities:detail", pk=pk)


@editor_required
@require_POST
def entity_merge(request, pk: int):
    source = get_object_or_404(Entity, pk=pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the entity to merge into."))
        return redirect("entities:detail", pk=pk)
    target = get_object_or_404(Entity, pk=form.cleaned_data["target"])
    try:
        services.entity_merge(source=source, target=target, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("entities:detail", pk=pk)
    messages.success(request, _("Merged %(source)s into %(target)s.") % {"source": source, "target": target})
    return redirect("entities:detail", pk=target.pk)


@editor_required
@require_POST
def entity_split(request, pk: int, merge_id: int):
    merge = get_object_or_404(EntityMerge.objects.select_related("source"), pk=merge_id, target_id=pk)
    try:
        source = services.entity_split(merge=merge, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("entities:detail", pk=pk)
    messages.success(request, _("Split %(source)s off again.") % {"source": source})
    return redirect("entities:detail", pk=source.pk)


@login_required
def event_list(request):
    form = EventFilterForm(request.GET or None)
    filters = {}
    entity = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("entity"):
            entity = Entity.objects.filter(pk=data["entity"]).first()
        filters = {"type": data.get("type") or "", "entity": entity, "date_from": data.get("date_from"),
                   "date_to": data.get("date_to")}
    events = list(events_filtered(**filters)[:500])
    return render(request, "entities/events.html", {
        "form": form,
        "filter_entity": entity,
        "timeline": timeline_layout(events),
        "undated": [e for e in events if not e.date],
        "dated": [e for e in events if e.date],
        "dated_count": sum(1 for e in events if e.date),
        "event_types": sorted({e.type for e in events}),
    })
