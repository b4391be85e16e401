"""REST API for comments: read and post under an article, moderate one or many, the moderation queue."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.api import visible_articles
from newsroom.api import (
    ApiError,
    IsEditor,
    OldestFirstCursorPage,
    cursor_page_of,
    error_responses,
    request_is_editor,
)

from . import selectors, services
from .models import Comment, ModerationDecision
from .serializers import (
    BulkModerateSerializer,
    BulkModerationResultSerializer,
    CommentSerializer,
    CommentSubmitSerializer,
    CommentSubmittedSerializer,
    DecisionSerializer,
    ModeratedCommentSerializer,
    ModerateSerializer,
    ModerationResultSerializer,
)

_PAGE_PARAMS = [
    OpenApiParameter("cursor", OpenApiTypes.STR, description="The `next` link's cursor."),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="Results per page (at most 100)."),
]


def _with_decisions(qs):
    return qs.select_related("article").prefetch_related(
        Prefetch("decisions", queryset=ModerationDecision.objects.select_related("user").order_by("at", "id"))
    )


class ArticleCommentsView(APIView):
    """Readers (viewers and editors) read and post comments; only editors see what is not published."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="articles_comments_list",
        summary="Comments under an article",
        description="Viewers: published comments. Editors: every comment with the screening's reasons and the decisions.",
        parameters=_PAGE_PARAMS,
        responses={200: cursor_page_of(ModeratedCommentSerializer, "CommentPage"), **error_responses(400, 404)},
    )
    def get(self, request, article_id: int):
        article = get_object_or_404(visible_articles(request), pk=article_id)
        paginator = OldestFirstCursorPage()
        if request_is_editor(request):
            qs, serializer_class = _with_decisions(Comment.objects.filter(article=article)), ModeratedCommentSerializer
        else:
            qs, serializer_class = selectors.visible_comments(article), CommentSerializer
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(
        operation_id="articles_comments_create",
        summary="Post a comment (any signed-in reader)",
        description="Screened against the article's comment policy: 201 published; 202 held for review or hidden, "
        "with reasons; 422 refused (too long: nothing stored, the message gives the character count and limit).",
        request=CommentSubmitSerializer,
        responses={201: CommentSubmittedSerializer, 202: CommentSubmittedSerializer, **error_responses(400, 404, 422)},
    )
    def post(self, request, article_id: int):
        article = get_object_or_404(
            visible_articles(request).select_related("comment_policy", "outlet__default_policy"), pk=article_id
        )
        serializer = CommentSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        outcome = services.comment_submit(
            article=article, author_name=data.get("author_name") or request.user.get_username(), body=data["body"],
            user=request.user, language=data.get("language") or None,
        )
        if outcome.status == Comment.Status.REFUSED:
            message = outcome.message
            if outcome.limit is not None and outcome.comment is None:
                counted = f"{outcome.length:,} characters; the limit is {outcome.limit:,}."
                message = f"{message} ({counted})" if message else f"The comment is too long: {counted}"
            raise ApiError(
                message or "The comment was refused under this article's comment policy.",
                code="comment_too_long" if outcome.comment is None else "comment_refused",
                status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
                fields={"body": [message or "refused"]},
                details={"length": outcome.length, "limit": outcome.limit, "reasons": outcome.reasons,
                         "comment": outcome.comment.pk if outcome.comment else None},
            )
        body = {
            "status": outcome.status, "message": outcome.message, "reasons": outcome.reasons,
            "length": outcome.length, "limit": outcome.limit, "comment": CommentSerializer(outcome.comment).data,
        }
        code = status.HTTP_201_CREATED if outcome.status == Comment.Status.PUBLISHED else status.HTTP_202_ACCEPTED
        return Response(body, status=code)


class CommentModerateView(APIView):
    permission_classes = [IsEditor]

    @extend_schema(summary="Moderate a comment (editors)", request=ModerateSerializer,
                   responses={200: ModerationResultSerializer, **error_responses(400, 403, 404)})
    def post(self, request, comment_id: int):
        comment = get_object_or_404(Comment, pk=comment_id)
        serializer = ModerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.comment_moderate(comment=comment, user=request.user, **serializer.validated_data)
        fresh = _with_decisions(Comment.objects.filter(pk=comment.pk)).get()
        return Response({"comment": ModeratedCommentSerializer(fresh).data, "decision": DecisionSerializer(decision).data})


class CommentBulkModerateView(APIView):
    permission_classes = [IsEditor]

    @extend_schema(summary="Moderate many comments at once (editors)", request=BulkModerateSerializer,
                   responses={200: BulkModerationResultSerializer, **error_responses(400, 403)})
    def post(self, request):
        serializer = BulkModerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ids = list(dict.fromkeys(data["ids"]))
        existing = set(Comment.objects.filter(pk__in=ids).values_list("pk", flat=True))
        updated = services.comments_bulk_moderate(comments=[i for i in ids if i in existing], to_status=data["to_status"],
                                                  user=request.user, reason=data["reason"])
        return Response({"updated": updated, "missing": [i for i in ids if i not in existing]})


class ModerationQueueView(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        summary="The moderation queue (editors)",
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=[*Comment.Status.values, "all"],
                                     description="Default held; `all` for every status."), *_PAGE_PARAMS],
        responses={200: cursor_page_of(ModeratedCommentSerializer, "ModerationQueuePage"), **error_responses(400, 403)},
    )
    def get(self, request):
        wanted = request.query_params.get("status", Comment.Status.HELD)
        if wanted not in (*Comment.Status.values, "all"):
            raise ApiError("Unknown status.", fields={"status": [f"One of {', '.join(Comment.Status.values)} or all."]})
        qs = selectors.moderation_queue(None if wanted == "all" else wanted)
        paginator = OldestFirstCursorPage()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ModeratedCommentSerializer(page, many=True).data)

