"""URL map: the editorial UI at /, the admin at /admin/, the API under /api/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/token/", views.api_token, name="api-token"),
    path("accounts/token/revoke", views.api_token_revoke, name="api-token-revoke"),
    # Only the account pages this archive uses: no password-reset pages (there is no mail set up, and
    # an administrator resets passwords with `manage.py changepassword`).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("newsroom.api_urls")),
    path("", include("entities.urls")),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
]

handler404 = "newsroom.api.handler404"  # JSON under /api/, Django's page elsewhere
handler500 = "newsroom.api.handler500"
