"""django-csp's middleware with the few per-page additions in settings.NEWSROOM_CSP_PAGE_UPDATES (by URL name)."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        match = getattr(request, "resolver_match", None)
        extra = getattr(settings, "NEWSROOM_CSP_PAGE_UPDATES", {}).get(match.view_name) if match else None
        if extra and not report_only:
            parts.update = {**(parts.update or {}), **extra}
        return parts
