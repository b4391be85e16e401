"""Account pages outside the apps: your own API token (create, see once, revoke)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from articles.roles import is_editor

from .api import token_create, token_revoke


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    """GET: whether you have a token. POST (editors): a new token, shown on this response only."""
    new_key = None
    if request.method == "POST":
        if not is_editor(request.user):
            raise PermissionDenied
        new_key = token_create(user=request.user).key
    token = Token.objects.filter(user=request.user).only("created").first()
    return render(request, "registration/api_token.html", {
        "token": token,
        "new_key": new_key,
        "can_create": is_editor(request.user),
    })


@login_required
@require_POST
def api_token_revoke(request):
    """Revoke the signed-in user's own token (any role); there is no way to name someone else's."""
    if token_revoke(user=request.user):
        messages.success(request, _("Your API token was revoked; requests sending it are now refused."))
    else:
        messages.info(request, _("You have no API token."))
    return redirect("api-token")
