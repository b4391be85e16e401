"""API representations of articles: list items, the full article, uploads, metadata edits, history."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from entities.models import Amount, DateMention, Event, EventParticipant, Mention, Quote

from .models import Article, ArticleRevision, CommentPolicy, Outlet, ProcessingLog


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name"]


class FragmentSerializer(serializers.Serializer):
    text = serializers.CharField()
    match = serializers.BooleanField(help_text="True for the words that matched the query.")


class ArticleListItemSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This article in the API.")
    web_url = serializers.SerializerMethodField(help_text="The article's page in the editorial UI.")
    outlet = OutletSerializer(allow_null=True)
    snippets = serializers.SerializerMethodField(
        help_text="Search with `snippets=true` only: passages of the body with the matches marked; null otherwise."
    )

    class Meta:
        model = Article
        fields = [
            "id", "url", "web_url", "headline", "language", "outlet", "reporter_name", "published_date",
            "status", "created_at", "processed_at", "comment_count", "snippets",
        ]

    def get_url(self, obj) -> str:
        return _absolute(self.context.get("request"), reverse("api:article-detail", args=[obj.pk]))

    def get_web_url(self, obj) -> str:
        return _absolute(self.context.get("request"), reverse("articles:detail", args=[obj.pk]))

    @extend_schema_field(serializers.ListField(child=FragmentSerializer(many=True), allow_null=True))
    def get_snippets(self, obj):
        snippets = self.context.get("snippets")
        if snippets is None:
            return None
        return [[{"text": text, "match": match} for text, match in fragment] for fragment in snippets.get(obj.pk, [])]


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    language = FacetValueSerializer(many=True)
    outlet = FacetValueSerializer(many=True)
    month = FacetValueSerializer(many=True)
    entity = FacetValueSerializer(many=True)
    event_type = FacetValueSerializer(many=True)
    window = serializers.IntegerField(help_text="Facets are counted over the newest `window` matches.")
    capped = serializers.BooleanField(help_text="True when more articles matched than the counted window.")


@extend_schema_serializer(many=False)  # already a page: keep drf-spectacular from wrapping it in another
class ArticlePageSerializer(serializers.Serializer):
    """One page of the article list or of a search."""

    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    total = serializers.IntegerField(allow_null=True, help_text="Search only: matches, counted up to a cap.")
    total_capped = serializers.BooleanField(help_text="True when `total` is a lower bound (\"1,000+\").")
    facets = FacetsSerializer(allow_null=True, help_text="Search only (`q` given); null for the plain list.")
    results = ArticleListItemSerializer(many=True)


# --- the full article ---------------------------------------------------------------------------


class CommentPolicySerializer(serializers.ModelSerializer):
    source = serializers.SerializerMethodField(help_text="article: parsed from this article; outlet: the outlet's default.")

    class Meta:
        model = CommentPolicy
        fields = ["max_length", "spaces_count", "categories", "actions", "source_text", "source"]

    def get_source(self, obj) -> str:
        return "article" if obj.article_id else "outlet"


class EntityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name_ko = serializers.CharField()
    name_en = serializers.CharField()
    url = serializers.CharField()


class MentionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mention
        fields = ["id", "entity", "text", "start", "end", "method", "confidence"]


class ArticleEntitySerializer(EntityRefSerializer):
    mentions = serializers.IntegerField(help_text="How often the article mentions the entity.")


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventParticipant
        fields = ["entity", "text", "role"]


class EventSummarySerializer(serializers.ModelSerializer):
    participants = ParticipantSerializer(many=True)

    class Meta:
        model = Event
        fields = [
            "id", "type", "trigger", "date", "end_date", "date_precision", "date_text", "place", "place_text",
            "evidence", "evidence_start", "evidence_end", "amount", "confidence", "participants",
        ]


class QuoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quote
        fields = ["id", "speaker", "speaker_text", "text", "start", "end"]


class AmountSerializer(serializers.ModelSerializer):
    class Meta:
        model = Amount
        fields = ["id", "kind", "currency", "value", "approximate", "unit", "text", "start", "end"]


class DateMentionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DateMention
        fields = ["id", "text", "start", "end", "value", "end_value", "precision", "resolved"]


class ArticleDetailSerializer(ArticleListItemSerializer):
    file_name = serializers.CharField(source="upload.file_name")
    original_url = serializers.SerializerMethodField(help_text="The upload, byte for byte.")
    comment_policy = serializers.SerializerMethodField()
    mentions = MentionSerializer(many=True)
    entities = serializers.SerializerMethodField()
    events = EventSummarySerializer(many=True)
    quotes = QuoteSerializer(many=True)
    amounts = AmountSerializer(many=True)
    dates = DateMentionSerializer(many=True, source="date_mentions")

    class Meta(ArticleListItemSerializer.Meta):
        fields = [
            f for f in ArticleListItemSerializer.Meta.fields if f != "snippets"
        ] + [
            "file_name", "original_url", "rubric", "headline_derived", "subheadlines", "language_fixed",
            "reporter_role", "reporter_email", "dateline", "published_precision", "published_date_set_by_editor",
            "blocks", "body_text", "error", "attempts", "pipeline_version", "updated_at", "comment_policy",
            "mentions", "entities", "events", "quotes", "amounts", "dates",
        ]

    def get_original_url(self, obj) -> str:
        return _absolute(self.context.get("request"), reverse("api:article-original", args=[obj.pk]))

    @extend_schema_field(CommentPolicySerializer(allow_null=True))
    def get_comment_policy(self, obj):
        policy = effective_comment_policy(obj)
        return CommentPolicySerializer(policy).data if policy is not None else None

    @extend_schema_field(ArticleEntitySerializer(many=True))
    def get_entities(self, obj):
        """Each entity the article mentions once, most mentioned first (from the prefetched mentions)."""
        request = self.context.get("request")
        counts: dict[int, list] = {}
        for mention in obj.mentions.all():
            entry = counts.setdefault(mention.entity_id, [mention.entity, 0])
            entry[1] += 1
        ordered = sorted(counts.values(), key=lambda pair: (-pair[1], pair[0].pk))
        return [
            {
                "id": entity.pk, "kind": entity.kind, "name_ko": entity.name_ko, "name_en": entity.name_en,
                "url": _absolute(request, reverse("api:entity-detail", args=[entity.pk])), "mentions": n,
            }
            for entity, n in ordered
        ]


def effective_comment_policy(article: Article) -> CommentPolicy | None:
    """The article's own policy, else its outlet's default (both select_related by the caller)."""
    try:
        return article.comment_policy
    except CommentPolicy.DoesNotExist:
        return article.outlet.default_policy if article.outlet_id and article.outlet else None


# --- the hot paths: the same bodies without serializer instances ----------------------------
# A serializer builds its ~60 fields anew for every article it is given, which was most of a
# detail's CPU and a third of a search page's. The API's hot paths (detail on PostgreSQL, list and
# search) gather plain values and format them with the fields of the serializers above, built once;
# the serializers stay the reference and the schema. articles/tests/test_fast_representations.py
# compares the bodies byte for byte.


class _Formatter:
    """Formats plain values the way a serializer would: each value through that serializer's own
    field (so dates, times, decimals, choices print the same), None as None. Nested serializers,
    method fields and related fields (a mention's entity id, ...) take the value they are given."""

    def __init__(self, serializer: serializers.Serializer):
        passed = (serializers.BaseSerializer, serializers.SerializerMethodField, serializers.RelatedField)
        self.fields = [(name, None if isinstance(field, passed) else field.to_representation)
                       for name, field in serializer.fields.items()]

    def __call__(self, values: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, to_representation in self.fields:
            value = values[name]
            out[name] = value if value is None or to_representation is None else to_representation(value)
        return out


@cache
def _formatters() -> dict[str, _Formatter]:
    return {
        "list_item": _Formatter(ArticleListItemSerializer()),
        "article": _Formatter(ArticleDetailSerializer()), "outlet": _Formatter(OutletSerializer()),
        "policy": _Formatter(CommentPolicySerializer()), "mention": _Formatter(MentionSerializer()),
        "event": _Formatter(EventSummarySerializer()), "participant": _Formatter(ParticipantSerializer()),
        "quote": _Formatter(QuoteSerializer()), "amount": _Formatter(AmountSerializer()),
        "date": _Formatter(DateMentionSerializer()),
    }


_PK_MARK = 9876543210


@lru_cache(maxsize=64)
def _around_pk(view_name: str, script_prefix: str, urlconf) -> tuple[str, str]:
    # the last occurrence: the id comes after the script prefix, which may hold the same digits
    before, _, after = reverse(view_name, args=[_PK_MARK], urlconf=urlconf).rpartition(str(_PK_MARK))
    return before, after


def pk_urls(request, view_name: str) -> Callable[[int], str]:
    """pk -> _absolute(request, reverse(view_name, args=[pk])) for a route whose one argument is an
    id, resolving the route once (reverse() costs ~40 µs, and a page of results asks for 40 URLs)
    and making it absolute once (build_absolute_uri costs ~15 µs): it prefixes scheme and host,
    escapes non-ASCII and resolves "." segments, none of which touches a segment of digits, so the
    absolute URL of the route with a marker id, split at the marker, gives every id's."""
    before, after = _around_pk(view_name, get_script_prefix(), get_urlconf())
    head, _, tail = _absolute(request, f"{before}{_PK_MARK}{after}").rpartition(str(_PK_MARK))
    return lambda pk: f"{head}{int(pk)}{tail}"


def article_list_items(articles, request, snippets: dict | None = None) -> list[dict[str, Any]]:
    """What ArticleListItemSerializer(articles, many=True, context={"request", "snippets"}) gives."""
    f = _formatters()
    api_url, web_url = pk_urls(request, "api:article-detail"), pk_urls(request, "articles:detail")
    return [
        f["list_item"]({
            "id": article.pk, "url": api_url(article.pk), "web_url": web_url(article.pk), "headline": article.headline,
            "language": article.language,
            "outlet": f["outlet"]({"id": article.outlet.pk, "name": article.outlet.name}) if article.outlet else None,
            "reporter_name": article.reporter_name, "published_date": article.published_date,
            "status": article.status, "created_at": article.created_at, "processed_at": article.processed_at,
            "comment_count": article.comment_count,
            "snippets": None if snippets is None else [
                [{"text": text, "match": match} for text, match in fragment] for fragment in snippets.get(article.pk, [])
            ],
        })
        for article in articles
    ]


def article_detail_representation(record: dict[str, Any], request) -> dict[str, Any]:
    """What ArticleDetailSerializer gives for the article that articles.selectors.article_detail_record read."""
    f = _formatters()
    pk = record["id"]
    mentions = record["mentions"] or []
    policy = record["comment_policy"]
    if policy is not None:
        policy = f["policy"]({**policy, "source": "article" if policy["article_id"] else "outlet"})
    entity_url = pk_urls(request, "api:entity-detail")
    counts: dict[int, list] = {}
    for mention in mentions:
        counts.setdefault(mention["entity"], [mention, 0])[1] += 1
    entities = [
        {
            "id": mention["entity"], "kind": mention["kind"], "name_ko": mention["name_ko"],
            "name_en": mention["name_en"], "url": entity_url(mention["entity"]), "mentions": n,
        }
        for mention, n in sorted(counts.values(), key=lambda pair: (-pair[1], pair[0]["entity"]))
    ]
    outlet_id = record["outlet_id"]
    return f["article"]({
        **record,
        "url": pk_urls(request, "api:article-detail")(pk),
        "web_url": pk_urls(request, "articles:detail")(pk),
        "original_url": pk_urls(request, "api:article-original")(pk),
        "outlet": f["outlet"]({"id": outlet_id, "name": record["outlet_name"]}) if outlet_id is not None else None,
        "comment_policy": policy,
        "mentions": [f["mention"](m) for m in mentions],
        "entities": entities,
        "events": [f["event"]({**e, "participants": [f["participant"](p) for p in e["participants"]]})
                   for e in record["events"] or []],
        "quotes": [f["quote"](q) for q in record["quotes"] or []],
        "amounts": [f["amount"](a) for a in record["amounts"] or []],
        "dates": [f["date"](d) for d in record["dates"] or []],
    })


# --- writes ---------------------------------------------------------------------------------------


@extend_schema_field({"type": "string", "format": "binary"})
class UploadFileField(serializers.FileField):
    """A request-only file: documented as binary (drf-spectacular documents a plain FileField as a
    URI, since it is usually read back as one), so generated clients send the bytes as a file part."""


class ArticleCreateSerializer(serializers.Serializer):
    """JSON: {"text", "language"?, "file_name"?}; multipart: a `file` (and optional language)."""

    text = serializers.CharField(required=False, trim_whitespace=False, allow_blank=True,
                                 help_text="The article as plain text, HTML or Markdown.")
    # An empty file reaches the ingest service, which refuses it with a message naming the file
    # ("story.txt is empty", code "empty") as the upload page does; DRF's own check said only "see fields".
    file = UploadFileField(required=False, allow_empty_file=True,
                           help_text="Multipart upload of a .txt, .html or .md file.")
    file_name = serializers.CharField(required=False, max_length=255, allow_blank=True,
                                      help_text="Name to record for pasted text (its extension sets the format).")
    language = serializers.ChoiceField(choices=Article.Language.choices, required=False, allow_blank=True,
                                       help_text="Set to keep the language instead of detecting it.")

    def validate(self, attrs):
        if ("text" in attrs) == ("file" in attrs):
            raise serializers.ValidationError({"text": ["Send either `text` (JSON) or a `file` (multipart), not both."]})
        return attrs


class ArticleCreateJsonSerializer(serializers.Serializer):
    text = serializers.CharField(trim_whitespace=False, help_text="The article as plain text, HTML or Markdown.")
    file_name = serializers.CharField(required=False, max_length=255,
                                      help_text="Name to record (its extension sets the format: .txt, .html, .md).")
    language = serializers.ChoiceField(choices=Article.Language.choices, required=False, allow_blank=True)


class ArticleUploadSerializer(serializers.Serializer):
    file = UploadFileField(help_text="A .txt, .html or .md file (UTF-8, UTF-8 with BOM, UTF-16 or CP949).")
    language = serializers.ChoiceField(choices=Article.Language.choices, required=False, allow_blank=True)


class ProcessingStateSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "url", "status", "error", "attempts", "processed_at", "pipeline_version", "updated_at"]

    def get_url(self, obj) -> str:
        return _absolute(self.context.get("request"), reverse("api:article-detail", args=[obj.pk]))


class ArticleAcceptedSerializer(ProcessingStateSerializer):
    created = serializers.BooleanField(help_text="False when the same text was already in the archive.")
    status_url = serializers.SerializerMethodField()

    class Meta(ProcessingStateSerializer.Meta):
        fields = [*ProcessingStateSerializer.Meta.fields, "created", "status_url"]

    def get_status_url(self, obj) -> str:
        return _absolute(self.context.get("request"), reverse("api:article-processing-status", args=[obj.pk]))


class BatchStatusSerializer(serializers.Serializer):
    results = ProcessingStateSerializer(many=True)
    missing = serializers.ListField(child=serializers.IntegerField(), help_text="Ids not found (or not visible).")


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "maxLength": 200}], "nullable": True})
class OutletRefField(serializers.Field):
    """An outlet by id (must exist) or by name (created when new); null clears it."""

    default_error_messages = {
        "missing": "No outlet with id {value}.",
        "invalid": "Give an outlet id or a name of at most 200 characters.",
    }

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int) or (isinstance(data, str) and data.strip().isdigit() and data.strip().isascii()):
            outlet = Outlet.objects.filter(pk=int(data)).first()
            if outlet is None:
                self.fail("missing", value=data)
            return outlet
        if isinstance(data, str) and data.strip() and len(data.strip()) <= 200 and "\x00" not in data:
            return data.strip()
        self.fail("invalid")

    def to_representation(self, value):
        return value.pk if isinstance(value, Outlet) else value


class ArticleMetadataSerializer(serializers.Serializer):
    headline = serializers.CharField(required=False, max_length=500)
    published_date = serializers.DateField(required=False, allow_null=True)
    outlet = OutletRefField(required=False, allow_null=True)
    reporter_name = serializers.CharField(required=False, max_length=100, allow_blank=True)
    language = serializers.ChoiceField(choices=Article.Language.choices, required=False, allow_blank=True)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send at least one of: headline, published_date, outlet, reporter_name, language.")
        return attrs


class RevisionSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", allow_null=True, default=None)

    class Meta:
        model = ArticleRevision
        fields = ["id", "user", "at", "field", "old_value", "new_value"]


class ProcessingLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcessingLog
        fields = ["id", "at", "status", "message"]


class ArticleHistorySerializer(serializers.Serializer):
    revisions = RevisionSerializer(many=True)
    processing_log = ProcessingLogSerializer(many=True)
