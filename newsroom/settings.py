"""Settings for the newsroom archive.

Every host and secret comes from the environment. Without any environment the archive runs
embedded: SQLite in var/, tasks executed in-process, a secret key generated once into var/.
With DATABASE_URL and REDIS_URL it runs on PostgreSQL with real Celery workers.
Production (newsroom.settings_production) refuses to start without its secrets.
"""

import datetime
import secrets
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DATA_DIR = Path(env("NEWSROOM_DATA_DIR", default=str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _embedded_secret_key() -> str:
    # A key generated per installation rather than a constant in the repository: sessions stay
    # valid across restarts of one machine, and no two installations share a key.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None) or _embedded_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "articles",
    "entities",
    "search",
    "comments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, which answers static files itself: they get the same headers as pages.
    "newsroom.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'newsroom.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a task writes; the timeout rides out short write locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    # JIT compilation adds tens to hundreds of milliseconds to search queries over large indexes.
    # Parallel workers: a search's bitmap scan split over two processes took 9-11 ms of wall time and
    # about twice the CPU, against 7 ms in one process (100k articles, docs/benchmarks.md); on a
    # small machine serving many requests at once, the extra process only takes a core from another
    # request. DB_PARALLEL_WORKERS raises it for a larger server.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c jit=off -c max_parallel_workers_per_gather={env.int('DB_PARALLEL_WORKERS', default=0)}"
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The API's hottest hand-written queries (article detail, token, a search page's articles) are
    # prepared once per connection (newsroom/db.py): planning the detail's query cost more than
    # running it. Django keeps prepared statements off for transaction-mode poolers (PgBouncer),
    # which cannot keep them: set DB_PREPARED_STATEMENTS=false behind one. The ORM's queries are
    # never prepared either way (psycopg's client-side binding cannot prepare).
    if env.bool("DB_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# --- Login throttling (django-axes) -------------------------------------------------------------
# After LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked
# out for LOGIN_LOCKOUT_MINUTES (each further try restarts the wait); a right password resets the
# count. Keyed on username and address together: nobody elsewhere can lock a colleague out, and one
# machine gets LOGIN_FAILURE_LIMIT guesses per username. API tokens never pass through here.
AUTHENTICATION_BACKENDS = [
    "newsroom.auth.LoginThrottleBackend",  # axes' backend: refuses a locked-out username + address
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsroom.auth.client_ip"
AXES_VERBOSE = False  # no banner on every manage.py start; lockouts are still logged
# Behind a reverse proxy every request comes from the proxy's address: with the number of proxies
# that append to X-Forwarded-For, the client's address is read from that header instead.
NEWSROOM_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Security headers ---------------------------------------------------------------------------
# No inline script or style anywhere (templates load static/js and static/css); the API docs pages
# mark their few inline lines with the per-response nonce, which only their responses carry.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # Swagger UI's stylesheet draws its icons as data: SVG
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Additions for single pages, by URL name: ReDoc builds its search index in a worker made from a
# blob: URL (only scripts the policy already runs can make one).
NEWSROOM_CSP_PAGE_UPDATES = {"redoc": {"worker-src": [SELF, "blob:"]}}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Seoul")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's token authentication that also reads the user's role in the same query.
        "newsroom.api.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "newsroom.api.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["newsroom.api.UserThrottle", "newsroom.api.AnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": env("API_THROTTLE_USER", default="1000/minute"),
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
    },
    "DEFAULT_PAGINATION_CLASS": "newsroom.api.CursorPage",
    "PAGE_SIZE": 20,
    # The article upload endpoint adds multipart itself; everything else speaks JSON only.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}
# Throttle counters; point CACHE_URL at a Redis database of its own in production so all
# gunicorn workers share one count (not the Celery broker's database).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom archive API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "articles.models.Article.Status",
        "CommentStatusEnum": "comments.models.Comment.Status",
    },
}

# --- Uploads and processing -------------------------------------------------------------------
NEWSROOM_MAX_UPLOAD_BYTES = env.int("NEWSROOM_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = NEWSROOM_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = NEWSROOM_MAX_UPLOAD_BYTES + 1024 * 1024
# Dotted paths of the processing steps, in order; each is an articles.pipeline.Step. Fault tests
# append a step of their own through NEWSROOM_EXTRA_PIPELINE_STEPS (see tests/faults.py).
NEWSROOM_PIPELINE_STEPS = [
    "articles.pipeline.StructureStep",
    "entities.pipeline.ExtractionStep",
    "search.pipeline.IndexStep",  # last: it indexes the names of the entities the extraction linked
    *env.list("NEWSROOM_EXTRA_PIPELINE_STEPS", default=[]),
]
# An article claimed by a worker longer ago than this is considered abandoned (the worker died)
# and may be claimed again by a redelivered task or the sweep. Longer than the task time limit.
NEWSROOM_PROCESSING_LEASE_SECONDS = env.int("NEWSROOM_PROCESSING_LEASE_SECONDS", default=900)
# Articles left pending this long (broker down at upload time) are re-enqueued by the sweep.
NEWSROOM_SWEEP_PENDING_AFTER_SECONDS = env.int("NEWSROOM_SWEEP_PENDING_AFTER_SECONDS", default=120)

# --- Celery -----------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
# Without a broker the embedded default runs tasks in-process, right after the upload commits.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL.startswith(("redis", "amqp")))
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only after it ran, so a worker killed mid-task leaves the message to be
# redelivered; one message at a time per worker process so a killed one strands at most one.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers an unacknowledged message after the visibility timeout; it must exceed the
# longest task, which the hard time limit bounds.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # Fail fast when Redis is down at upload time: the article is saved pending and the sweep
    # enqueues it later, instead of the web request hanging on retries.
    "max_retries": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=700_000)
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-articles": {"task": "articles.tasks.sweep_stale_articles", "schedule": 60.0},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
