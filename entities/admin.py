"""Data maintenance for entities and what was extracted."""

from django.contrib import admin

from .models import Alias, Amount, DateMention, Entity, EntityMerge, Event, EventParticipant, Mention, Quote


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "confirmed", "merged_into", "created_at"]
    list_filter = ["kind", "confirmed"]
    search_fields = ["name_ko", "name_en", "aliases__surface"]
    inlines = [AliasInline]
    raw_id_fields = ["merged_into"]


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["surface", "language", "normalised", "source", "confidence", "entity"]
    list_filter = ["language", "source"]
    search_fields = ["surface", "normalised"]
    raw_id_fields = ["entity"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["text", "entity", "article", "start", "end", "method", "confidence"]
    list_filter = ["method", "entity__kind"]
    search_fields = ["text"]
    raw_id_fields = ["entity", "article"]


class ParticipantInline(admin.TabularInline):
    model = EventParticipant
    extra = 0
    raw_id_fields = ["entity"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["type", "trigger", "date", "end_date", "place_text", "article", "confidence"]
    list_filter = ["type", "date_precision"]
    search_fields = ["trigger", "evidence", "place_text"]
    raw_id_fields = ["article", "place", "amount"]
    filter_horizontal = ["reported_by"]
    inlines = [ParticipantInline]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["speaker_text", "text", "article"]
    search_fields = ["speaker_text", "text"]
    raw_id_fields = ["article", "speaker"]


@admin.register(Amount)
class AmountAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "currency", "value", "approximate", "article"]
    list_filter = ["kind", "currency", "approximate"]
    raw_id_fields = ["article"]


@admin.register(DateMention)
class DateMentionAdmin(admin.ModelAdmin):
    list_display = ["text", "value", "end_value", "precision", "resolved", "article"]
    list_filter = ["resolved", "precision"]
    raw_id_fields = ["article"]


@admin.register(EntityMerge)
class EntityMergeAdmin(admin.ModelAdmin):
    list_display = ["source", "target", "merged_by", "merged_at", "undone_at"]
    raw_id_fields = ["source", "target"]
