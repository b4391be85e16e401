from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.search, name="search"),
    path("search/", views.search, name="search-page"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("upload/", views.upload, name="upload"),
    path("articles/progress/", views.upload_progress, name="progress"),
    path("articles/status", views.articles_status_json, name="status"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/original", views.article_original, name="original"),
    path("articles/<int:pk>/reprocess", views.article_reprocess, name="reprocess"),
    path("articles/<int:pk>/metadata", views.article_metadata, name="metadata"),
]
