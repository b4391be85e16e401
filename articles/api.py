"""REST API for articles: list and search, detail, upload, metadata edits, history, export, ninjs, feed.

Thin: reads through querysets and search.selectors, writes through articles.services, exactly as
the editorial UI does. Viewers see processed articles; editors see every article and may write.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterator

import django_filters
from django.contrib.syndication.views import Feed
from django.core.exceptions import RequestDataTooBig
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.dispatch import receiver
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from entities.models import Amount, DateMention, Entity, Event, EventParticipant, Mention, Quote
from newsroom.api import (
    MAX_PAGE_SIZE,
    ApiError,
    CursorPage,
    IgnoreFormatNegotiation,
    IsEditor,
    IsEditorOrReadOnly,
    error_responses,
    request_is_editor,
    token_create,
    token_revoke,
)

from . import services
from .models import Article, Outlet
from .selectors import article_detail_in_one_query, article_detail_record
from .serializers import (
    ArticleAcceptedSerializer,
    ArticleCreateJsonSerializer,
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleHistorySerializer,
    ArticleListItemSerializer,
    ArticleMetadataSerializer,
    ArticlePageSerializer,
    ArticleUploadSerializer,
    BatchStatusSerializer,
    ProcessingStateSerializer,
    article_detail_representation,
    article_list_items,
)

EXPORT_BATCH_SIZE = 500
EXPORT_COLUMNS = ["id", "headline", "language", "outlet", "reporter", "published_date", "url", "entities"]
SEARCH_SORTS = ("relevance", "newest", "oldest")


def visible_articles(request):
    """Editors see every article (pending and failed too); viewers see processed ones."""
    qs = Article.objects.all()
    return qs if request_is_editor(request) else qs.processed()


# --- filters ------------------------------------------------------------------------------------


class ArticleFilter(django_filters.FilterSet):
    """Query parameters of the article list, the search and the export (one validation for all)."""

    q = django_filters.CharFilter(method="_handled_by_view", max_length=500,
                                  help_text="Search query (words, \"phrases\", -exclusions, OR); enables facets and snippets.")
    sort = django_filters.ChoiceFilter(method="_handled_by_view", choices=[(s, s) for s in SEARCH_SORTS],
                                       help_text="With `q`: relevance (default), newest or oldest.")
    snippets = django_filters.BooleanFilter(
        method="_handled_by_view",
        help_text="With `q`: also return highlighted passages (costly: each body is analysed again).",
    )
    facets = django_filters.BooleanFilter(
        method="_handled_by_view",
        help_text="With `q`: also return counts by language, outlet, month, entity and event type over the "
                  "newest 1,000 matches (`facets` is null otherwise).",
    )
    language = django_filters.ChoiceFilter(choices=Article.Language.choices)
    outlet = django_filters.ModelChoiceFilter(queryset=Outlet.objects.all(), help_text="Outlet id.")
    reporter = django_filters.CharFilter(field_name="reporter_name", max_length=100, help_text="Reporter name, exactly.")
    date_from = django_filters.DateFilter(method="_date_from", help_text="Published on or after (else uploaded on or after).")
    date_to = django_filters.DateFilter(method="_date_to", help_text="Published on or before (else uploaded on or before).")
    entity = django_filters.NumberFilter(method="_entity", min_value=1, max_value=2**62, help_text="Entity id: articles mentioning it.")
    event_type = django_filters.ChoiceFilter(choices=Event.Type.choices, method="_event_type",
                                             help_text="Articles with an event of this type.")
    status = django_filters.ChoiceFilter(choices=Article.Status.choices, help_text="Processing state (editors).")

    class Meta:
        model = Article
        fields: list[str] = []

    _form_classes: dict[str, type] = {}

    def get_form_class(self):
        # django-filter builds the form class (its fields and translated labels) for every request;
        # it depends on the filters above and the language only, so build it once per language.
        language = get_language()
        form_class = self._form_classes.get(language)
        if form_class is None:
            form_class = self._form_classes[language] = super().get_form_class()
        return form_class

    def _handled_by_view(self, queryset, name, value):
        return queryset

    # Same semantics as the search index's sort_date: the published date, else the upload's date.
    def _date_from(self, queryset, name, value):
        return queryset.filter(Q(published_date__gte=value) | Q(published_date__isnull=True, created_at__date__gte=value))

    def _date_to(self, queryset, name, value):
        return queryset.filter(Q(published_date__lte=value) | Q(published_date__isnull=True, created_at__date__lte=value))

    def _entity(self, queryset, name, value):
        return queryset.filter(Exists(Mention.objects.filter(article=OuterRef("pk"), entity_id=int(value))))

    def _event_type(self, queryset, name, value):
        evidence = Event.objects.filter(article=OuterRef("pk"), type=value)
        reported = Event.reported_by.through.objects.filter(article=OuterRef("pk"), event__type=value)
        return queryset.filter(Exists(evidence) | Exists(reported))


def _validated_filters(request) -> ArticleFilter:
    filterset = ArticleFilter(request.query_params, queryset=visible_articles(request), request=request)
    if not filterset.is_valid():
        raise ApiError("Invalid query parameters: see fields.", code="invalid",
                       fields={k: list(v) for k, v in filterset.errors.items()})
    return filterset


# Validating the parameters builds a FilterSet (a deep copy of its thirteen filters) and its form
# (a deep copy of thirteen form fields): ~0.45 ms, as much as the rest of DRF's work on a search.
# A search uses only the cleaned values, which are a function of the raw values the form reads and
# of the active language (messages, date formats), except `outlet`, which the form looks up in
# the database. So the cleaned values of valid searches without `outlet` are kept, per language
# and raw values (an LRU of _CLEANED_MAX; cleared when settings change, as in tests); anything
# else, and every plain list (it needs the FilterSet's queryset), is validated as before.
_CLEANED_MAX = 512
_cleaned_searches: OrderedDict[tuple, dict] = OrderedDict()
_cleaned_lock = threading.Lock()


@receiver(setting_changed)
def _forget_cleaned_searches(**kwargs):
    with _cleaned_lock:
        _cleaned_searches.clear()


def _cleaned_search_key(params) -> tuple | None:
    if not params.get("q") or params.get("outlet"):
        return None
    return (get_language(), *(tuple(params.getlist(name)) for name in ArticleFilter.base_filters))


def _cleaned_params(request) -> tuple[dict, ArticleFilter | None]:
    """The validated query parameters, and the FilterSet when one was built (raises ApiError when invalid)."""
    key = _cleaned_search_key(request.query_params)
    if key is not None:
        with _cleaned_lock:
            cleaned = _cleaned_searches.get(key)
            if cleaned is not None:
                _cleaned_searches.move_to_end(key)
                return dict(cleaned), None
    filterset = _validated_filters(request)
    cleaned = filterset.form.cleaned_data
    if key is not None:
        with _cleaned_lock:
            _cleaned_searches[key] = dict(cleaned)
            if len(_cleaned_searches) > _CLEANED_MAX:
                _cleaned_searches.popitem(last=False)
    return cleaned, filterset


def _search_kwargs(cleaned: dict) -> dict:
    outlet = cleaned.get("outlet")
    entity = cleaned.get("entity")
    return {
        "language": cleaned.get("language") or None,
        "outlet": outlet.pk if outlet else None,
        "reporter": cleaned.get("reporter") or None,
        "date_from": cleaned.get("date_from"),
        "date_to": cleaned.get("date_to"),
        "entity": int(entity) if entity else None,
        "event_type": cleaned.get("event_type") or None,
    }


def run_search(q: str, *, sort: str, cursor: str | None, page_size: int, with_facets: bool = True,
               with_snippets: bool = True, **filters):
    """search.selectors.search_articles; an invalid cursor is the client's error (400)."""
    from search.selectors import InvalidCursor, search_articles

    try:
        return search_articles(q, sort=sort, cursor=cursor, page_size=page_size, with_facets=with_facets,
                               with_snippets=with_snippets, **filters)
    except InvalidCursor:
        raise ApiError("This cursor does not belong to this search.", code="invalid_cursor",
                       fields={"cursor": ["Invalid cursor."]}) from None


def _page_size(request) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return CursorPage.page_size
    try:
        value = int(raw)
    except ValueError:
        raise ApiError("page_size must be a whole number.", fields={"page_size": ["A whole number is required."]}) from None
    if value < 1:
        raise ApiError("page_size must be at least 1.", fields={"page_size": ["Must be at least 1."]})
    return min(value, MAX_PAGE_SIZE)


def _detail_queryset(qs):
    # Lists in text order, ties by id (the order articles.selectors.article_detail_record reads).
    return qs.select_related("outlet__default_policy", "comment_policy", "upload").defer(
        "source_text", "upload__content"
    ).prefetch_related(
        Prefetch("mentions", queryset=Mention.objects.select_related("entity").order_by("start", "pk")),
        Prefetch("events", queryset=Event.objects.prefetch_related(
            Prefetch("participants", queryset=EventParticipant.objects.order_by("pk"))
        )),
        Prefetch("quotes", queryset=Quote.objects.order_by("start", "pk")),
        Prefetch("amounts", queryset=Amount.objects.order_by("start", "pk")),
        Prefetch("date_mentions", queryset=DateMention.objects.order_by("start", "pk")),
    )


LIST_FIELDS_DEFERRED = ("source_text", "body_text", "blocks", "subheadlines", "dateline")

_list_params = [
    OpenApiParameter("cursor", OpenApiTypes.STR, description="The `next` link's cursor."),
    OpenApiParameter("page_size", OpenApiTypes.INT, description=f"Results per page (at most {MAX_PAGE_SIZE})."),
]


@extend_schema_view(
    list=extend_schema(
        summary="List or search articles",
        description="Without `q`: the visible articles, newest first, filtered. With `q`: the search "
        "(query language: words, \"phrases\", -exclusions, OR); facets (`facets=true`) and highlighted snippets (`snippets=true`) on request.",
        parameters=_list_params, responses={200: ArticlePageSerializer, **error_responses(400)},
    ),
    retrieve=extend_schema(summary="An article with its mentions, entities, events, quotes, amounts and dates",
                           responses={200: ArticleDetailSerializer, **error_responses(404)}),
    destroy=extend_schema(summary="Delete an article and its upload (editors)",
                          responses={204: None, **error_responses(403, 404)}),
)
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                     viewsets.GenericViewSet):
    permission_classes = [IsEditorOrReadOnly]
    serializer_class = ArticleDetailSerializer
    pagination_class = CursorPage
    # The backend documents the FilterSet in the schema; list() validates and applies it itself
    # (the same parameters also feed the search), so filter_queryset leaves other actions alone.
    filter_backends = [DjangoFilterBackend]
    filterset_class = ArticleFilter
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self):
        qs = visible_articles(self.request)
        if self.action == "retrieve":
            return _detail_queryset(qs)
        return qs

    def filter_queryset(self, queryset):
        return queryset

    def get_serializer_class(self):
        return ArticleListItemSerializer if self.action == "list" else ArticleDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        if not article_detail_in_one_query():
            return super().retrieve(request, *args, **kwargs)
        # The busiest endpoint: one query instead of eight, no serializer instances, the same body
        # (articles/tests/test_fast_representations.py) and the same visibility as visible_articles.
        record = article_detail_record(int(kwargs["pk"]), processed_only=not request_is_editor(request))
        if record is None:
            raise Http404
        return Response(article_detail_representation(record, request))

    def list(self, request, *args, **kwargs):
        cleaned, filterset = _cleaned_params(request)
        if cleaned.get("q"):
            return self._search(request, cleaned)
        if cleaned.get("sort"):
            raise ApiError("`sort` applies to a search: give `q` too.", fields={"sort": ["Needs `q`."]})
        if filterset is None:  # only searches' values are kept, so this is a guard for the queryset below
            filterset = _validated_filters(request)
        qs = filterset.qs.select_related("outlet").defer(*LIST_FIELDS_DEFERRED)
        paginator = self.paginator
        page = paginator.paginate_queryset(qs, request, view=self)
        data = article_list_items(page, request)
        return Response({"next": paginator.get_next_link(), "previous": paginator.get_previous_link(), "total": None,
                          "total_capped": False, "facets": None, "results": data})

    def _search(self, request, cleaned):
        # Snippets are opt-in: highlighting re-analyses every body on the page (~50-70 ms per Korean
        # article), which alone would take a page far past the latency budget of a search. Facets are
        # opt-in too (as in Solr or Elasticsearch): two lookups over the 1,000 newest matches' ids and
        # their labels, a third of a search's time, which scripts paging through results never read.
        result = run_search(cleaned["q"], sort=cleaned.get("sort") or "relevance",
                            cursor=request.query_params.get("cursor") or None, page_size=_page_size(request),
                            with_snippets=bool(cleaned.get("snippets")), with_facets=bool(cleaned.get("facets")),
                            **_search_kwargs(cleaned))
        articles = [hit.article for hit in result.items]
        snippets = {hit.article.pk: hit.snippets for hit in result.items} if cleaned.get("snippets") else None
        data = article_list_items(articles, request, snippets)
        next_url = (replace_query_param(request.build_absolute_uri(), "cursor", result.next_cursor)
                    if result.next_cursor else None)
        return Response({"next": next_url, "previous": None, "total": result.total,
                         "total_capped": result.total_capped,
                         "facets": result.facets if cleaned.get("facets") else None, "results": data})

    @extend_schema(
        summary="Upload an article (editors)",
        description="JSON `{text, language?, file_name?}` or a multipart `file`. Answers 202 Accepted with the "
        "article's URL (also in Location) and its processing state; 200 when the same text is already archived.",
        request={"application/json": ArticleCreateJsonSerializer, "multipart/form-data": ArticleUploadSerializer},
        responses={202: ArticleAcceptedSerializer, 200: ArticleAcceptedSerializer, **error_responses(400, 403, 413)},
    )
    def create(self, request, *args, **kwargs):
        try:
            payload = request.data
        except RequestDataTooBig:
            raise ApiError("The upload is too large.", code="too_large", status_code=413) from None
        serializer = ArticleCreateSerializer(data=payload)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        language = data.get("language") or ""
        try:
            if "file" in data:
                upload = data["file"]
                result = services.article_ingest(data=upload.read(), file_name=upload.name or "upload.txt",
                                                 uploaded_by=request.user, language=language)
            else:
                result = services.article_ingest_text(text=data["text"], uploaded_by=request.user, language=language,
                                                      file_name=data.get("file_name") or "pasted-text.txt")
        except services.UploadRejected as exc:
            field = "file" if "file" in data else "text"
            # Over NEWSROOM_MAX_UPLOAD_BYTES is a 413, as a body over Django's own limit already was:
            # one code ("too_large") used to come with two statuses.
            status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE if exc.code == "too_large" else None
            raise ApiError(exc.message, code=exc.code, status_code=status_code, fields={field: [exc.message]}) from None
        article = result.article
        article.refresh_from_db(fields=["status", "error", "attempts", "processed_at", "pipeline_version", "updated_at"])
        article.created = result.created
        body = ArticleAcceptedSerializer(article, context=self.get_serializer_context()).data
        code = status.HTTP_202_ACCEPTED if result.created else status.HTTP_200_OK
        return Response(body, status=code, headers={"Location": body["url"]})

    @extend_schema(
        summary="Edit editorial metadata (editors)",
        description="headline, published_date, outlet (id or name), reporter_name, language. Every change is "
        "recorded in the history and the article is processed again.",
        request=ArticleMetadataSerializer,
        responses={200: ArticleDetailSerializer, **error_responses(400, 403, 404)},
    )
    def partial_update(self, request, *args, **kwargs):
        article = self.get_object()
        serializer = ArticleMetadataSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        with transaction.atomic():
            if isinstance(changes.get("outlet"), str):
                changes["outlet"], _ = Outlet.objects.get_or_create(name=changes["outlet"])
            services.article_update_metadata(article=article, user=request.user, **changes)
        fresh = get_object_or_404(_detail_queryset(Article.objects.all()), pk=article.pk)
        return Response(ArticleDetailSerializer(fresh, context=self.get_serializer_context()).data)

    def perform_destroy(self, instance):
        services.article_delete(article=instance)

    @extend_schema(summary="Editorial history and processing log",
                   responses={200: ArticleHistorySerializer, **error_responses(404)})
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        article = self.get_object()
        return Response(ArticleHistorySerializer({
            "revisions": article.revisions.select_related("user"),
            "processing_log": article.processing_log.all(),
        }).data)

    @extend_schema(summary="Process the article again (editors)", request=None,
                   responses={202: ProcessingStateSerializer, **error_responses(403, 404)})
    @action(detail=True, methods=["post"])
    def reprocess(self, request, pk=None):
        article = self.get_object()
        services.article_reprocess(article=article)
        article.refresh_from_db()
        return Response(ProcessingStateSerializer(article, context=self.get_serializer_context()).data,
                        status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary="Processing state", responses={200: ProcessingStateSerializer, **error_responses(404)})
    @action(detail=True, methods=["get"], url_path="status", url_name="processing-status")
    def processing_status(self, request, pk=None):
        return Response(ProcessingStateSerializer(self.get_object(), context=self.get_serializer_context()).data)

    @extend_schema(
        summary="The original upload, byte for byte",
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY), **error_responses(404)},
    )
    @action(detail=True, methods=["get"], content_negotiation_class=IgnoreFormatNegotiation)
    def original(self, request, pk=None):
        article = get_object_or_404(visible_articles(request).select_related("upload"), pk=pk)
        upload = article.upload
        response = HttpResponse(bytes(upload.content), content_type="application/octet-stream")
        response["Content-Disposition"] = _attachment(upload.file_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(
        summary="The article as IPTC ninjs 2.0",
        responses={(200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="ninjs 2.0 news item"),
                   **error_responses(404)},
    )
    @action(detail=True, methods=["get"])
    def ninjs(self, request, pk=None):
        article = get_object_or_404(_detail_queryset(visible_articles(request)), pk=pk)
        return Response(article_ninjs(article, request))


def _attachment(file_name: str) -> str:
    from urllib.parse import quote

    ascii_name = re.sub(r'[^A-Za-z0-9._-]', "_", file_name) or "upload.txt"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name, safe='')}"


# --- processing state of several uploads ------------------------------------------------------------


class UploadsStatusView(APIView):
    permission_classes = [IsEditorOrReadOnly]

    @extend_schema(
        summary="Processing state of several articles",
        parameters=[OpenApiParameter("ids", OpenApiTypes.STR, required=True,
                                     description=f"Comma-separated article ids, at most {MAX_PAGE_SIZE}.")],
        responses={200: BatchStatusSerializer, **error_responses(400)},
    )
    def get(self, request):
        raw = request.query_params.get("ids", "")
        try:
            ids = list(dict.fromkeys(int(part) for part in raw.split(",") if part.strip()))
        except ValueError:
            raise ApiError("ids must be comma-separated whole numbers.", fields={"ids": ["e.g. ids=1,2,3"]}) from None
        if not ids or len(ids) > MAX_PAGE_SIZE or min(ids) < 1 or max(ids) > 2**62:
            raise ApiError(f"Give between 1 and {MAX_PAGE_SIZE} positive ids.", fields={"ids": ["e.g. ids=1,2,3"]})
        found = visible_articles(request).only(
            "pk", "status", "error", "attempts", "processed_at", "pipeline_version", "updated_at"
        ).in_bulk(ids)
        results = [found[i] for i in ids if i in found]
        return Response({
            "results": ProcessingStateSerializer(results, many=True, context={"request": request}).data,
            "missing": [i for i in ids if i not in found],
        })


# --- export ---------------------------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; a leading quote makes them text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _export_rows(request, filterset: ArticleFilter, batch_size: int) -> Iterator[dict]:
    """Every matching article in batches of `batch_size`: keyset over id (plain) or search cursors (q)."""
    cleaned = filterset.form.cleaned_data
    if cleaned.get("q"):
        cursor = None
        while True:
            result = run_search(cleaned["q"], sort=cleaned.get("sort") or "newest", cursor=cursor,
                                page_size=min(batch_size, MAX_PAGE_SIZE), with_facets=False, with_snippets=False,
                                **_search_kwargs(cleaned))
            yield from _export_batch(request, [hit.article.pk for hit in result.items])
            cursor = result.next_cursor
            if not cursor or not result.items:
                return
    qs = filterset.qs.order_by("pk")
    last = 0
    while True:
        ids = list(qs.filter(pk__gt=last).values_list("pk", flat=True)[:batch_size])
        if not ids:
            return
        yield from _export_batch(request, ids)
        last = ids[-1]


def _export_batch(request, ids: list[int]) -> Iterator[dict]:
    rows = Article.objects.filter(pk__in=ids).order_by("pk").values_list(
        "pk", "headline", "language", "outlet__name", "reporter_name", "published_date"
    )
    names: dict[int, list[str]] = defaultdict(list)
    for article_id, name_ko, name_en in (
        Mention.objects.filter(article_id__in=ids).order_by("article_id", "entity_id")
        .values_list("article_id", "entity__name_ko", "entity__name_en").distinct()
    ):
        name = name_ko or name_en
        if name and name not in names[article_id]:
            names[article_id].append(name)
    by_id = {row[0]: row for row in rows}
    base = request.build_absolute_uri("/")[:-1]
    for pk in ids:  # keep the search's order
        row = by_id.get(pk)
        if row is None:
            continue
        yield {
            "id": pk, "headline": row[1], "language": row[2], "outlet": row[3] or "", "reporter": row[4],
            "published_date": row[5].isoformat() if row[5] else "",
            "url": base + reverse("articles:detail", args=[pk]), "entities": names.get(pk, []),
        }


def _stream_csv(rows: Iterator[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        row = {**row, "entities": "; ".join(row["entities"])}
        yield writer.writerow([_csv_safe(row[c]) if c != "id" else row[c] for c in EXPORT_COLUMNS])


def _stream_jsonl(rows: Iterator[dict]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


class ArticleExportView(APIView):
    """A DRF view so auth, throttling and the error shape apply; the renderer is not used.

    DRF reserves `?format=` for picking a renderer (URL_FORMAT_OVERRIDE) and would answer 404 for
    format=csv; this view's IgnoreFormatNegotiation leaves `format` to the view, so the public
    parameter stays `format=csv|jsonl` and the global setting is untouched.
    """

    permission_classes = [IsEditorOrReadOnly]
    content_negotiation_class = IgnoreFormatNegotiation

    @extend_schema(
        summary="Export every matching article as CSV or JSON lines (streamed, no row cap)",
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=["csv", "jsonl"], description="csv (default) or jsonl"),
            OpenApiParameter("q", OpenApiTypes.STR), OpenApiParameter("language", OpenApiTypes.STR, enum=Article.Language.values),
            OpenApiParameter("outlet", OpenApiTypes.INT), OpenApiParameter("reporter", OpenApiTypes.STR),
            OpenApiParameter("date_from", OpenApiTypes.DATE), OpenApiParameter("date_to", OpenApiTypes.DATE),
            OpenApiParameter("entity", OpenApiTypes.INT), OpenApiParameter("event_type", OpenApiTypes.STR, enum=Event.Type.values),
            OpenApiParameter("status", OpenApiTypes.STR, enum=Article.Status.values),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=f"columns: {', '.join(EXPORT_COLUMNS)}"),
            (200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR, description="one JSON object per line"),
            **error_responses(400),
        },
    )
    def get(self, request):
        fmt = request.query_params.get("format", "csv")
        if fmt not in ("csv", "jsonl"):
            raise ApiError("format must be csv or jsonl.", fields={"format": ["csv or jsonl"]})
        rows = _export_rows(request, _validated_filters(request), EXPORT_BATCH_SIZE)
        stamp = datetime.date.today().isoformat()
        if fmt == "csv":
            response = StreamingHttpResponse(_stream_csv(rows), content_type="text/csv; charset=utf-8")
        else:
            response = StreamingHttpResponse(_stream_jsonl(rows), content_type="application/x-ndjson; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="articles-{stamp}.{fmt}"'
        return response


# --- ninjs and the Atom feed ------------------------------------------------------------------------------

NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"
_NINJS_GROUP = {Entity.Kind.PERSON: "people", Entity.Kind.ORG: "organisations", Entity.Kind.PLACE: "places"}


def article_ninjs(article: Article, request) -> dict:
    """IPTC ninjs 2.0: headlines (main + sub), one plain-text body, byline, entities as subjects."""
    uri = request.build_absolute_uri(reverse("api:article-detail", args=[article.pk]))
    item: dict = {
        "$standard": {"name": "ninjs", "version": "2.0", "schema": NINJS_SCHEMA},
        "uri": uri,
        "type": "text",
        "mimetype": "text/plain",
        "representationtype": "complete",
        "pubstatus": "usable",
        "version": str(article.revisions.count() + 1),
        "versioncreated": article.updated_at.isoformat(),
        "firstcreated": article.created_at.isoformat(),
        "headlines": [{"role": "main", "value": article.headline}]
        + [{"role": "sub", "value": sub} for sub in article.subheadlines if sub],
        "bodies": [{
            "role": "main", "contenttype": "text/plain", "charcount": len(article.body_text),
            "wordcount": len(article.body_text.split()), "value": article.body_text,
        }],
        "subjects": [], "people": [], "organisations": [], "places": [],
    }
    if article.language:
        item["language"] = article.language
    if article.reporter_name:
        item["by"] = " ".join(p for p in (article.reporter_name, article.reporter_role) if p)
    if article.outlet_id:
        item["copyrightholder"] = article.outlet.name
    if article.published_date:
        item["contentcreated"] = article.published_date.isoformat()
    seen: set[int] = set()
    for mention in article.mentions.all():
        entity = mention.entity
        if entity.pk in seen:
            continue
        seen.add(entity.pk)
        ref = {
            "name": entity.name_for(article.language),
            "uri": request.build_absolute_uri(reverse("api:entity-detail", args=[entity.pk])),
            "literal": entity.kind.lower(),
        }
        item["subjects"].append({**ref, "rel": "about"})
        group = _NINJS_GROUP.get(entity.kind)
        if group:
            item[group].append(ref)
    return item


_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    """XML 1.0 cannot carry control characters at all (escaping is the generator's job)."""
    return _XML_INVALID.sub("", value or "")


class ProcessedArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = "Newsroom archive: newly processed articles"
    subtitle = "The most recently processed articles."
    description_template = None

    def link(self):
        return reverse("articles:dashboard")

    def items(self):
        return (Article.objects.processed().select_related("outlet")
                .only("pk", "headline", "subheadlines", "blocks", "reporter_name", "processed_at", "updated_at",
                      "created_at", "language", "outlet__name")
                .order_by("-processed_at", "-pk")[:50])

    def item_title(self, item):
        return _xml_text(item.headline or f"article {item.pk}")

    def item_description(self, item):
        parts = [*item.subheadlines[:2], *item.paragraphs[:1]]
        return _xml_text("\n".join(parts))

    def item_link(self, item):
        return reverse("articles:detail", args=[item.pk])

    def item_guid(self, item):
        return f"urn:newsroom-archive:article:{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return _xml_text(item.reporter_name) or None

    def item_pubdate(self, item):
        return item.processed_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [_xml_text(item.outlet.name)] if item.outlet_id else []


class ArticleFeedView(APIView):
    """The Atom feed behind the API's authentication (a newsroom archive is not public)."""

    permission_classes = [IsEditorOrReadOnly]
    content_negotiation_class = IgnoreFormatNegotiation

    @extend_schema(summary="Atom feed of newly processed articles",
                   responses={(200, "application/atom+xml"): OpenApiResponse(OpenApiTypes.STR), **error_responses()})
    def get(self, request):
        return ProcessedArticlesFeed()(request._request)


# --- tokens ---------------------------------------------------------------------------------------------


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    user = serializers.CharField()
    created = serializers.DateTimeField()


class TokenView(APIView):
    """An editor creates (or replaces) their own API token; anyone signed in revokes their own.

    Both act on the requesting user only: there is no way to name another user's token.
    """

    def get_permissions(self):
        return [IsEditor()] if self.request.method == "POST" else [permissions.IsAuthenticated()]

    @extend_schema(summary="Create your API token, replacing any previous one (editors)", request=None,
                   responses={201: TokenSerializer, **error_responses(403)})
    def post(self, request):
        token = token_create(user=request.user)
        return Response({"token": token.key, "user": request.user.get_username(), "created": token.created},
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Revoke your API token (any signed-in user)", request=None,
                   responses={204: None, **error_responses(404)})
    def delete(self, request):
        if not token_revoke(user=request.user):
            raise ApiError("You have no API token.", code="not_found", status_code=status.HTTP_404_NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)
