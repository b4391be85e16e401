"""API representations of entities, aliases, merges and events."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.serializers import AmountSerializer

from .models import Alias, Entity, EntityMerge, Event, EventParticipant


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Alias
        fields = ["id", "surface", "language", "normalised", "source", "confidence"]


class EntityListItemSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Entity
        fields = ["id", "url", "kind", "name_ko", "name_en", "confirmed", "merged_into", "created_at"]

    def get_url(self, obj) -> str:
        return _absolute(self.context.get("request"), reverse("api:entity-detail", args=[obj.pk]))


class EntityArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    headline = serializers.CharField()
    published_date = serializers.DateField(allow_null=True)
    url = serializers.CharField()


class CoMentionedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name_ko = serializers.CharField()
    name_en = serializers.CharField()
    articles = serializers.IntegerField(help_text="Articles mentioning both entities.")


class EventParticipantSerializer(serializers.ModelSerializer):
    entity = EntityListItemSerializer(allow_null=True)

    class Meta:
        model = EventParticipant
        fields = ["id", "entity", "text", "role"]


class EventSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    participants = EventParticipantSerializer(many=True)
    place = EntityListItemSerializer(allow_null=True)
    amount = AmountSerializer(allow_null=True)
    reported_by = serializers.PrimaryKeyRelatedField(many=True, read_only=True,
                                                     help_text="Ids of every article reporting this event.")

    class Meta:
        model = Event
        fields = [
            "id", "url", "type", "trigger", "date", "end_date", "date_precision", "date_text", "place", "place_text",
            "article", "evidence", "evidence_start", "evidence_end", "amount", "confidence", "participants",
            "reported_by",
        ]

    def get_url(self, obj) -> str:
        return _absolute(self.context.get("request"), reverse("api:event-detail", args=[obj.pk]))


class MergeSerializer(serializers.ModelSerializer):
    split_url = serializers.SerializerMethodField()

    class Meta:
        model = EntityMerge
        fields = ["id", "source", "target", "moved_mentions", "moved_aliases", "merged_at", "undone_at", "split_url"]

    def get_split_url(self, obj) -> str:
        return _absolute(self.context.get("request"), reverse("api:entity-merge-split", args=[obj.pk]))


class EntityDetailSerializer(EntityListItemSerializer):
    aliases = AliasSerializer(many=True)
    articles = EntityArticleSerializer(many=True, help_text="Articles mentioning the entity, newest first (capped).")
    article_count = serializers.IntegerField()
    co_mentioned = CoMentionedSerializer(many=True, help_text="Entities most often mentioned in the same articles.")
    events = EventSerializer(many=True, help_text="Events the entity takes part in (capped).")
    merges = serializers.SerializerMethodField(help_text="Merges into this entity that can still be split.")

    class Meta(EntityListItemSerializer.Meta):
        fields = [*EntityListItemSerializer.Meta.fields, "aliases", "article_count", "articles", "co_mentioned",
                  "events", "merges"]

    @extend_schema_field(MergeSerializer(many=True))
    def get_merges(self, obj):
        return MergeSerializer(obj.open_merges, many=True, context=self.context).data


class AliasCreateSerializer(serializers.Serializer):
    surface = serializers.CharField(max_length=200)
    language = serializers.ChoiceField(choices=[("ko", "Korean"), ("en", "English")], required=False, allow_blank=True)


class MergeRequestSerializer(serializers.Serializer):
    into = serializers.IntegerField(min_value=1, max_value=2**62, help_text="The entity that absorbs this one.")
