"""The REST API under /api/v1/ and its schema under /api/schema/ (Swagger UI and ReDoc from local assets)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from articles.api import ArticleExportView, ArticleFeedView, ArticleViewSet, TokenView, UploadsStatusView
from comments.api import (
    ArticleCommentsView,
    CommentBulkModerateView,
    CommentModerateView,
    ModerationQueueView,
)
from entities.api import EntityMergeSplitView, EntityViewSet, EventViewSet

from .api import api_not_found

router = SimpleRouter(trailing_slash=False)
router.register("articles", ArticleViewSet, basename="article")
router.register("entities", EntityViewSet, basename="entity")
router.register("events", EventViewSet, basename="event")

v1 = [
    # Before the router: "export" must not be read as an article id (ids are digits anyway).
    path("articles/export", ArticleExportView.as_view(), name="article-export"),
    path("articles/<int:article_id>/comments", ArticleCommentsView.as_view(), name="article-comments"),
    path("uploads/status", UploadsStatusView.as_view(), name="uploads-status"),
    path("entities/merges/<int:merge_id>/split", EntityMergeSplitView.as_view(), name="entity-merge-split"),
    path("comments/queue", ModerationQueueView.as_view(), name="comment-queue"),
    path("comments/bulk-moderate", CommentBulkModerateView.as_view(), name="comment-bulk-moderate"),
    path("comments/<int:comment_id>/moderate", CommentModerateView.as_view(), name="comment-moderate"),
    path("tokens", TokenView.as_view(), name="tokens"),
    path("feed.atom", ArticleFeedView.as_view(), name="feed"),
    *router.urls,
]

urlpatterns = [
    path("v1/", include((v1, "api"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schema/swagger/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("schema/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    # Anything else under /api/ is a JSON 404 in the API's error shape, not the HTML page.
    re_path(r"^[\s\S]*$", api_not_found),
]
