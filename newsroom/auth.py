"""Login throttling glue for django-axes: the authentication backend and the client's address."""

from __future__ import annotations

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, refusing a username + address that failed too often; it never logs anyone in.

    authenticate() without a request comes from code on the server (a management command, the shell,
    Django's test client): there is no client to throttle, and axes would raise instead. Every login
    over HTTP (the login page, the admin's) passes its request and is throttled.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind N trusted proxies the Nth address from the right
    of X-Forwarded-For (the left part of that header is whatever the client sent, so never trusted)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "NEWSROOM_TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the log-in page saying how long the lock lasts, as 429 Too Many Requests."""
    cool_off = get_cool_off(request)
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
