"""Admin for comments: read the screening's reasons, approve or reject in bulk through the services."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Comment, ModerationDecision


class ReadOnlyMixin:
    """The audit log and the comments themselves change only through the services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # hidden comments are kept, never deleted


class ModerationDecisionInline(ReadOnlyMixin, admin.TabularInline):
    model = ModerationDecision
    extra = 0
    can_delete = False
    fields = ("at", "user", "from_status", "to_status", "reason")
    readonly_fields = fields
    ordering = ("at", "id")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("id", "short_body", "author_name", "article", "status", "categories", "created_at")
    list_filter = ("status", "language", "created_at")
    search_fields = ("author_name", "body", "article__headline")
    list_select_related = ("article",)
    date_hierarchy = "created_at"
    readonly_fields = ("article", "author_name", "user", "body", "language", "status", "reasons_list", "created_at")
    fields = readonly_fields
    inlines = [ModerationDecisionInline]
    actions = ["approve", "reject"]

    @admin.display(description=_("comment"))
    def short_body(self, obj: Comment) -> str:
        return obj.body if len(obj.body) <= 60 else obj.body[:59] + "…"

    @admin.display(description=_("categories"))
    def categories(self, obj: Comment) -> str:
        return ", ".join(dict.fromkeys(r.get("category", "") for r in obj.reasons or [])) or "—"

    @admin.display(description=_("reasons"))
    def reasons_list(self, obj: Comment):
        if not obj.reasons:
            return "—"
        return format_html_join(
            "\n", "<p><strong>{}</strong>: {} <code>{}</code></p>",
            ((r.get("category", ""), r.get("reason", ""), json.dumps(r.get("evidence", ""), ensure_ascii=False))
             for r in obj.reasons),
        )

    def _decide(self, request, queryset, *, to_status: str, reason: str) -> int | None:
        try:
            return services.comments_bulk_moderate(comments=list(queryset), to_status=to_status, user=request.user,
                                                   reason=reason)
        except PermissionDenied:
            self.message_user(request, _("Only editors can moderate comments."), messages.ERROR)
            return None

    @admin.action(description=_("Approve selected comments (publish)"), permissions=["change"])
    def approve(self, request, queryset):
        count = self._decide(request, queryset, to_status=Comment.Status.PUBLISHED, reason="approved in the admin")
        if count is not None:
            text = ngettext("%(count)d comment approved.", "%(count)d comments approved.", count)
            self.message_user(request, text % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Reject selected comments (hide)"), permissions=["change"])
    def reject(self, request, queryset):
        count = self._decide(request, queryset, to_status=Comment.Status.HIDDEN, reason="rejected in the admin")
        if count is not None:
            text = ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", count)
            self.message_user(request, text % {"count": count}, messages.SUCCESS)


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "comment", "user", "from_status", "to_status", "reason")
    list_filter = ("to_status", "from_status", ("user", admin.EmptyFieldListFilter), "at")
    search_fields = ("reason", "comment__body", "comment__author_name", "user__username")
    list_select_related = ("comment", "user")
    readonly_fields = ("comment", "user", "from_status", "to_status", "reason", "at")
    fields = readonly_fields

    def has_change_permission(self, request, obj=None):
        return False
