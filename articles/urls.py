from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/original", views.article_original, name="original"),
]
