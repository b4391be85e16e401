"""Security headers on pages, API responses and static files; the production settings and their deploy check."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils.html import escapejs

from . import html

ROOT = Path(settings.BASE_DIR)
REQUIRED_DIRECTIVES = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response, *, nonce_expected: bool = False,
                            opener_policy: str = "same-origin") -> dict[str, list[str]]:
    policy = _policy(response)
    for name, value in REQUIRED_DIRECTIVES.items():
        assert policy.get(name) == [value], (name, policy.get(name))
    everything = " ".join(w for words in policy.values() for w in words)
    assert "'unsafe-inline'" not in everything and "'unsafe-eval'" not in everything, everything
    assert ("'nonce-" in everything) == nonce_expected, everything
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == opener_policy
    return policy


def test_headers_on_ui_pages(shared_world):
    assert_security_headers(Client().get("/accounts/login/"))
    page = shared_world.ui_client("editor").get(f"/articles/{shared_world.article.pk}/")
    assert page.status_code == 200
    assert_security_headers(page)
    assert_security_headers(Client().get("/dashboard/"))  # the redirect to the login page too


def test_headers_on_api_responses(shared_world):
    ok = shared_world.api_client("viewer").get("/api/v1/articles")
    assert ok.status_code == 200
    assert_security_headers(ok)
    refused = shared_world.api_client("anonymous").get("/api/v1/articles")
    assert refused.status_code == 401
    assert_security_headers(refused)
    assert_security_headers(shared_world.api_client("viewer").get("/api/v1/feed.atom"))


def test_headers_on_static_files():
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        client = Client()  # a new client loads the middleware with these settings
        for path in ("/static/css/app.css", "/static/js/progress.js",
                     "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert_security_headers(response)


@pytest.mark.parametrize("url", ["/api/schema/swagger/", "/api/schema/redoc/"])
def test_api_docs_pages_run_under_the_policy_with_a_nonce(db, url):
    response = Client().get(url)
    assert response.status_code == 200
    # drf-spectacular relaxes the opener policy of Swagger UI for its OAuth2 pop-up (unused here).
    policy = assert_security_headers(response, nonce_expected=True,
                                     opener_policy="unsafe-none" if "swagger" in url else "same-origin")
    nonce = next(w for w in policy["script-src"] if w.startswith("'nonce-"))[len("'nonce-"):-1]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    page = response.content.decode()
    assert not html.active_content(page, allow_nonce=nonce)
    styles = re.findall(r"<style\b[^>]*>", page)
    assert styles and all(f'nonce="{nonce}"' in tag for tag in styles), styles
    assert "fonts.googleapis.com" not in page  # nothing from other sites: the policy would refuse it
    if "redoc" in url:
        assert f'nonce: "{escapejs(nonce)}"' in page  # ReDoc's own injected styles get the nonce too
    # Another response, another nonce.
    assert nonce not in Client().get(url)["Content-Security-Policy"]


# --- the templates, read as text -------------------------------------------------------------------

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I), "an inline script"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]
NONCE_TEMPLATES = {"drf_spectacular/swagger_ui.html", "drf_spectacular/redoc.html"}


def _templates() -> list[Path]:
    dirs = [ROOT / "templates", *(ROOT / app / "templates" for app in ("articles", "entities", "search", "comments"))]
    return sorted(p for d in dirs if d.is_dir() for p in d.rglob("*.html"))


def test_templates_have_no_inline_script_style_or_handler():
    found = []
    for path in _templates():
        name = path.relative_to(ROOT / "templates").as_posix() if path.is_relative_to(ROOT / "templates") else path.name
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                tag_start = text.rfind("<", 0, match.start() + 1)
                tag = text[tag_start:text.find(">", match.start()) + 1]
                if name in NONCE_TEMPLATES and 'nonce="{{ request.csp_nonce }}"' in tag:
                    continue
                found.append(f"{name}: {what}: {tag[:80]!r}")
    assert not found, found


# --- production settings -----------------------------------------------------------------------------------


def production_env(tmp_path, **overrides) -> dict[str, str]:
    # A clean environment, as a production host has: nothing of this test process (DEBUG, the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE, a developer's DATABASE_URL) leaks in.
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if k in os.environ}
    env.update({
        "DJANGO_SETTINGS_MODULE": "newsroom.settings_production",
        "NEWSROOM_DATA_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "archive.example.org",
        "DATABASE_URL": "postgres://newsroom:db-password@db.internal:5432/newsroom",
        "REDIS_URL": "redis://:redis-password@redis.internal:6379/0",
    })
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


PRINT_SETTINGS = (
    "import json\n"
    "from django.conf import settings as s\n"
    "print(json.dumps({n: getattr(s, n) for n in ('SECRET_KEY', 'ALLOWED_HOSTS', 'DEBUG', 'SECURE_SSL_REDIRECT',"
    " 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY',"
    " 'CSRF_COOKIE_SECURE', 'SECURE_PROXY_SSL_HEADER', 'CELERY_BROKER_URL', 'X_FRAME_OPTIONS',"
    " 'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_REFERRER_POLICY', 'CELERY_TASK_ALWAYS_EAGER')}"
    " | {'DB': [s.DATABASES['default'][k] for k in ('ENGINE', 'HOST', 'PASSWORD')]}))\n"
)


def test_production_settings_come_from_the_environment(tmp_path):
    import json

    env = production_env(tmp_path)
    result = _run(["-c", PRINT_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECRET_KEY"] == env["SECRET_KEY"]
    assert values["ALLOWED_HOSTS"] == ["archive.example.org"]
    assert values["DB"] == ["django.db.backends.postgresql", "db.internal", "db-password"]
    assert values["CELERY_BROKER_URL"] == env["REDIS_URL"] and values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True and values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["X_FRAME_OPTIONS"] == "DENY" and values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert not (tmp_path / "secret_key").exists()  # the embedded default's generated key is never made


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
@pytest.mark.parametrize("how", ["unset", "empty"])
def test_production_settings_refuse_to_start_without(tmp_path, missing, how):
    env = production_env(tmp_path, **{missing: None if how == "unset" else "  "})
    result = _run(["-c", "from django.conf import settings; settings.SECRET_KEY"], env)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured:"), last
    named = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL") if name in last]
    assert named == [missing], last
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("overrides,message", [
    ({"SECRET_KEY": "short-and-guessable"}, "SECRET_KEY must be at least 50 random characters"),
    ({"SECRET_KEY": "a" * 60}, "SECRET_KEY must be at least 50 random characters"),
    ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must name the archive's hosts"),
])
def test_production_settings_refuse_weak_values(tmp_path, overrides, message):
    result = _run(["-c", "from django.conf import settings; settings.SECRET_KEY"], production_env(tmp_path, **overrides))
    assert result.returncode != 0 and message in result.stderr


def test_production_deploy_check_is_clean(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
