"""URL map: the editorial UI at /, the admin at /admin/, the API under /api/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("newsroom.api_urls")),
    path("", include("entities.urls")),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
]

handler404 = "newsroom.api.handler404"  # JSON under /api/, Django's page elsewhere
handler500 = "newsroom.api.handler500"
