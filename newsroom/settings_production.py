"""Production settings: every secret and host must come from the environment, or start-up fails.

Usage: DJANGO_SETTINGS_MODULE=newsroom.settings_production with SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL and REDIS_URL set. Nothing secret has a default here: the embedded defaults of
newsroom.settings (a generated key file, SQLite, tasks in-process) are never used in production.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL")
_missing = [name for name in _REQUIRED if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(f"production settings need these environment variables: {', '.join(_missing)}")
if len(os.environ["SECRET_KEY"]) < 50 or len(set(os.environ["SECRET_KEY"])) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters")

from .settings import *  # noqa: E402,F403
from .settings import ALLOWED_HOSTS, env  # noqa: E402

if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the archive's hosts, not '*'")

DEBUG = False
CELERY_TASK_ALWAYS_EAGER = False

# HTTPS only, behind a proxy that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Cookies only over HTTPS, the session cookie out of reach of scripts. The CSRF cookie stays
# readable: Swagger UI's "Try it out" reads it to send X-CSRFToken on session-authenticated calls.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
