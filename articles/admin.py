"""Data maintenance for articles. The original upload and source text are read-only everywhere."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Article, CommentPolicy, Outlet, ProcessingLog, Upload


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "default_policy", "created_at"]
    search_fields = ["name"]


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["file_name", "size", "encoding", "fmt", "uploaded_by", "uploaded_at"]
    list_filter = ["encoding", "fmt"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = [f.name for f in Upload._meta.fields]

    def has_add_permission(self, request):
        return False  # uploads come in through article_ingest only, so they are always decoded and deduplicated

    def has_change_permission(self, request, obj=None):
        return False


class ProcessingLogInline(admin.TabularInline):
    model = ProcessingLog
    extra = 0
    can_delete = False
    readonly_fields = ["status", "message", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "language", "outlet", "reporter_name", "published_date", "status", "attempts", "created_at"]
    list_filter = ["status", "language", "outlet", "headline_derived", "published_precision"]
    search_fields = ["headline", "rubric", "reporter_name", "body_text", "content_hash"]
    date_hierarchy = "created_at"
    list_select_related = ["outlet"]
    readonly_fields = [
        "upload", "source_text", "content_hash", "status", "error", "attempts", "claimed_at",
        "processed_at", "pipeline_version", "blocks", "body_text", "created_at", "updated_at",
    ]
    inlines = [ProcessingLogInline]
    actions = ["reprocess"]

    @admin.action(description=_("Re-process selected articles"))
    def reprocess(self, request, queryset):
        for article in queryset:
            services.article_reprocess(article=article)
        self.message_user(request, _("%d article(s) queued for processing.") % queryset.count(), messages.SUCCESS)


@admin.register(CommentPolicy)
class CommentPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "max_length", "spaces_count", "updated_at"]
    list_filter = ["spaces_count"]
    search_fields = ["source_text", "article__headline"]
    raw_id_fields = ["article"]
