"""REST API for entities (search by name or alias, detail, aliases, merge and split) and events."""

from __future__ import annotations

import django_filters
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.api import visible_articles
from articles.models import Article
from newsroom.api import (
    ApiError,
    IsEditor,
    IsEditorOrReadOnly,
    OldestFirstCursorPage,
    error_responses,
)

from . import services
from .models import Entity, EntityMerge, Event, EventParticipant, Mention
from .serializers import (
    AliasCreateSerializer,
    AliasSerializer,
    EntityDetailSerializer,
    EntityListItemSerializer,
    EventSerializer,
    MergeRequestSerializer,
    MergeSerializer,
)

ENTITY_ARTICLES_CAP = 20
ENTITY_EVENTS_CAP = 20
CO_MENTIONED_CAP = 10


class EntityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="_named", max_length=200,
                                  help_text="Part of the Korean or English name or of any alias.")
    kind = django_filters.ChoiceFilter(choices=Entity.Kind.choices)
    merged = django_filters.BooleanFilter(method="_merged", help_text="Include entities merged into another (default no).")

    class Meta:
        model = Entity
        fields: list[str] = []

    def _named(self, queryset, name, value):
        return queryset.named(value) if value.strip() else queryset

    def _merged(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("merged"):
            queryset = queryset.live()
        return super().filter_queryset(queryset)


class EventFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=Event.Type.choices)
    entity = django_filters.NumberFilter(method="_entity", min_value=1, max_value=2**62, help_text="Entity id taking part.")
    article = django_filters.NumberFilter(method="_article", min_value=1, max_value=2**62,
                                          help_text="Article id: the evidence article or one reporting the event.")
    date_from = django_filters.DateFilter(method="_between", help_text="Events on or after (or still running).")
    date_to = django_filters.DateFilter(method="_between", help_text="Events starting on or before.")

    class Meta:
        model = Event
        fields: list[str] = []

    def _entity(self, queryset, name, value):
        return queryset.filter(Exists(EventParticipant.objects.filter(event=OuterRef("pk"), entity_id=int(value))))

    def _article(self, queryset, name, value):
        reported = Event.reported_by.through.objects.filter(event=OuterRef("pk"), article_id=int(value))
        return queryset.filter(Q(article_id=int(value)) | Exists(reported))

    def _between(self, queryset, name, value):
        return queryset.between(value if name == "date_from" else None, value if name == "date_to" else None)


def _validated(filterset):
    if not filterset.is_valid():
        raise ApiError("Invalid query parameters: see fields.", fields={k: list(v) for k, v in filterset.errors.items()})
    return filterset.qs


class _ValidatedFilterBackend(DjangoFilterBackend):
    """django-filter, answering invalid parameters with the API's error shape."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        return queryset if filterset is None else _validated(filterset)


@extend_schema_view(
    list=extend_schema(summary="List or find entities (by name or alias, Korean or English)",
                       responses={200: EntityListItemSerializer(many=True), **error_responses(400)}),
    retrieve=extend_schema(summary="An entity with aliases, articles, co-mentioned entities and events",
                           responses={200: EntityDetailSerializer, **error_responses(404)}),
)
class EntityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsEditorOrReadOnly]
    pagination_class = OldestFirstCursorPage
    filter_backends = [_ValidatedFilterBackend]
    filterset_class = EntityFilter
    lookup_value_regex = r"\d+"
    queryset = Entity.objects.all()

    def get_serializer_class(self):
        return EntityDetailSerializer if self.action == "retrieve" else EntityListItemSerializer

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def retrieve(self, request, *args, **kwargs):
        entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), pk=kwargs["pk"])
        mentioned_in = Exists(Mention.objects.filter(article=OuterRef("pk"), entity=entity))
        articles = visible_articles(request).filter(mentioned_in)
        entity.article_count = articles.count()
        entity.articles = [
            {"id": a.pk, "headline": a.headline, "published_date": a.published_date,
             "url": request.build_absolute_uri(reverse("api:article-detail", args=[a.pk]))}
            for a in articles.newest_first().only("pk", "headline", "published_date", "created_at")[:ENTITY_ARTICLES_CAP]
        ]
        article_ids = Mention.objects.filter(entity=entity).values("article_id")
        co = (Mention.objects.filter(article_id__in=article_ids).exclude(entity=entity)
              .values("entity").annotate(n=Count("article", distinct=True)).order_by("-n", "entity")[:CO_MENTIONED_CAP])
        counts = {row["entity"]: row["n"] for row in co}
        others = Entity.objects.in_bulk(list(counts))
        entity.co_mentioned = [
            {"id": pk, "kind": others[pk].kind, "name_ko": others[pk].name_ko, "name_en": others[pk].name_en,
             "articles": n}
            for pk, n in counts.items() if pk in others
        ]
        entity.events = list(_events().filter(
            Exists(EventParticipant.objects.filter(event=OuterRef("pk"), entity=entity)))[:ENTITY_EVENTS_CAP])
        entity.open_merges = list(EntityMerge.objects.filter(target=entity, undone_at__isnull=True).order_by("-merged_at"))
        return Response(EntityDetailSerializer(entity, context=self.get_serializer_context()).data)

    @extend_schema(summary="Add an alias (editors)", request=AliasCreateSerializer,
                   responses={201: AliasSerializer, **error_responses(400, 403, 404)})
    @action(detail=True, methods=["post"], permission_classes=[IsEditor])
    def aliases(self, request, pk=None):
        entity = self.get_object()
        serializer = AliasCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            alias = services.alias_add(entity=entity, surface=serializer.validated_data["surface"],
                                       language=serializer.validated_data.get("language", ""), user=request.user)
        except ValueError as exc:
            raise ApiError(str(exc), fields={"surface": [str(exc)]}) from None
        return Response(AliasSerializer(alias).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Merge this entity into another (editors)", request=MergeRequestSerializer,
                   responses={201: MergeSerializer, **error_responses(400, 403, 404)})
    @action(detail=True, methods=["post"], permission_classes=[IsEditor])
    def merge(self, request, pk=None):
        source = self.get_object()
        serializer = MergeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = Entity.objects.filter(pk=serializer.validated_data["into"]).first()
        if target is None:
            raise ApiError("No entity with this id.", fields={"into": ["No entity with this id."]})
        if target.merged_into_id:
            message = f"Entity {target.pk} was merged into {target.merged_into_id}; merge into that one."
            raise ApiError(message, fields={"into": [message]})
        try:
            merge = services.entity_merge(source=source, target=target, user=request.user)
        except ValueError as exc:
            raise ApiError(str(exc), fields={"into": [str(exc)]}) from None
        return Response(MergeSerializer(merge, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class EntityMergeSplitView(APIView):
    permission_classes = [IsEditor]

    @extend_schema(summary="Split a merge again (editors)", request=None,
                   responses={200: EntityListItemSerializer, **error_responses(403, 404, 409)})
    def post(self, request, merge_id: int):
        merge = get_object_or_404(EntityMerge.objects.select_related("source", "target"), pk=merge_id)
        try:
            source = services.entity_split(merge=merge, user=request.user)
        except ValueError as exc:
            raise ApiError(str(exc), code="conflict", status_code=status.HTTP_409_CONFLICT) from None
        return Response(EntityListItemSerializer(source, context={"request": request}).data)


def _events():
    return Event.objects.select_related("place", "amount").prefetch_related(
        Prefetch("participants", queryset=EventParticipant.objects.select_related("entity").order_by("pk")),
        Prefetch("reported_by", queryset=Article.objects.only("pk")),
    )


@extend_schema_view(
    list=extend_schema(summary="List events", responses={200: EventSerializer(many=True), **error_responses(400)}),
    retrieve=extend_schema(summary="An event with its participants",
                           responses={200: EventSerializer, **error_responses(404)}),
)
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsEditorOrReadOnly]
    serializer_class = EventSerializer
    pagination_class = OldestFirstCursorPage
    filter_backends = [_ValidatedFilterBackend]
    filterset_class = EventFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return _events()

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

