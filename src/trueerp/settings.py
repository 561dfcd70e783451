"""TRUE ERP settings: 12-factor, every value from the environment through typed helpers.

`TRUEERP_MODE` is `production` unless set; `make demo` sets `demo`, and test runs (`make test` or a
bare `pytest`) are `test`. Outside demo and test a real SECRET_KEY and encryption keys are required,
so a forgotten variable stops the server instead of running with a well-known key.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import django_stubs_ext

from trueerp.env import (
    ImproperEnvironment,
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_secret,
    env_str,
)
from trueerp.schedule import BEAT_SCHEDULE

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("TRUEERP_VAR_DIR", str(PROJECT_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Test runners and the type checker (django-stubs imports settings) run without any environment.
_default_mode = "test" if {"pytest", "mypy"} & set(sys.modules) else "production"
MODE = env_choice("TRUEERP_MODE", ("production", "demo", "test"), _default_mode)
IS_TEST = MODE == "test"
IS_DEMO = MODE == "demo"

_DEV_SECRET = "insecure-demo-and-test-only-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if MODE == "production":
        raise ImproperEnvironment(
            "SECRET_KEY is required in production. Set it (or SECRET_KEY_FILE) to a long random string, "
            "or set TRUEERP_MODE=demo for a local demo."
        )
    SECRET_KEY = _DEV_SECRET

DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "trueerp.core",
    "trueerp.financial",
    "trueerp.integrations",
    "trueerp.sage_intacct",
    "trueerp.demo",  # above every app it fills; nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "trueerp.urls"
WSGI_APPLICATION = "trueerp.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trueerp.core.context_processors.navigation",
            ],
        },
    }
]


def _database_from_url(url: str) -> dict[str, object]:
    """Parse DATABASE_URL (sqlite:///path, sqlite://:memory:, postgres://user:pass@host:port/name)."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        name = parsed.path[1:] if parsed.path.startswith("/") else parsed.path
        if parsed.netloc == ":memory:" or name == ":memory:":
            name = ":memory:"
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name or str(VAR_DIR / "trueerp.sqlite3")}
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        if not parsed.path.strip("/"):
            raise ImproperEnvironment(f"DATABASE_URL {url!r} names no database (postgres://user@host/NAME).")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperEnvironment(
        f"DATABASE_URL scheme {parsed.scheme!r} is not supported; use sqlite:///path or postgres://…"
    )


DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    _db = _database_from_url(DATABASE_URL)
else:
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "trueerp.sqlite3")}
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web server, the worker and the scheduler share one file.
    _db["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so that a real worker process can share the test database.
    _db["TEST"] = {"NAME": env_str("TRUEERP_TEST_SQLITE", str(VAR_DIR / f"test-{os.getpid()}.sqlite3"))}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if IS_TEST:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = IS_TEST or DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if IS_TEST
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "trueerp.core.views.error_403_csrf"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=MODE == "production")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Celery -------------------------------------------------------------------------------------
# Embedded default: a SQLite-backed broker (kombu's SQLAlchemy transport) so that the demo needs no
# server. At scale: CELERY_BROKER_URL=redis://… or amqp://….
# Per test process, so that concurrent test runs on one machine never share a broker or a database.
_broker_file = f"test-celery-broker-{os.getpid()}.sqlite3" if IS_TEST else "celery-broker.sqlite3"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", f"sqla+sqlite:///{VAR_DIR / _broker_file}")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE  # every periodic task, in one file: trueerp/schedule.py

# --- E-mail (failure notifications) ------------------------------------------------------------
# SMTP when EMAIL_HOST is set; otherwise messages are printed by the console backend (demo, test).
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "TRUE ERP <no-reply@localhost>")
# Absolute links in e-mails (no request to take the host from).
TRUEERP_BASE_URL = env_str("TRUEERP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Secrets at rest ----------------------------------------------------------------------------
# Comma-separated Fernet keys, newest first. The first encrypts; all decrypt (rotation).
_DEMO_FERNET_KEY = "tY5cJ0kV9mJ6Ho0xQ3Y2Rk1z2oP4w8Xq3nC7bL5dE0g="
TRUEERP_ENCRYPTION_KEYS = [
    key.strip() for key in env_secret("TRUEERP_ENCRYPTION_KEYS").split(",") if key.strip()
]
if not TRUEERP_ENCRYPTION_KEYS:
    if MODE == "production":
        raise ImproperEnvironment(
            "TRUEERP_ENCRYPTION_KEYS is required in production: one or more Fernet keys, newest first. "
            "Generate one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        )
    TRUEERP_ENCRYPTION_KEYS = [_DEMO_FERNET_KEY]

# --- Sage Intacct -------------------------------------------------------------------------------
# The Web Services sender belongs to TRUE ERP (server configuration), never to a company's form.
INTACCT_SENDER_ID = env_str("INTACCT_SENDER_ID", "trueerp_demo" if MODE != "production" else "")
INTACCT_SENDER_PASSWORD = env_secret(
    "INTACCT_SENDER_PASSWORD", "demo-sender-pass" if MODE != "production" else ""
)
INTACCT_ENDPOINT_URL = env_str("INTACCT_ENDPOINT_URL", "https://api.intacct.com/ia/xml/xmlgw.phtml")
INTACCT_ALLOW_CUSTOM_ENDPOINT = env_bool("INTACCT_ALLOW_CUSTOM_ENDPOINT", default=MODE != "production")
# Where INTACCT_ALLOW_CUSTOM_ENDPOINT lets a company enter its own endpoint, only these hosts (or, for an
# entry starting with ".", its subdomains) are accepted, besides https://*.intacct.com: a company's form
# must never make the server send credentials, or any request, to an arbitrary host.
INTACCT_ENDPOINT_ALLOWED_HOSTS = env_list("INTACCT_ENDPOINT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "::1"])
INTACCT_DEMO_ENDPOINT_URL = env_str("INTACCT_DEMO_ENDPOINT_URL", "http://127.0.0.1:8300/ia/xml/xmlgw.phtml")
INTACCT_TIMEOUT_S = env_float("INTACCT_TIMEOUT_S", 30.0)
# The longest one request to Intacct may take before the client cuts it off (the client's total
# timeout). After an unknown outcome nothing is sent again before this plus INTACCT_RESEND_MARGIN_S has
# passed since the request went out: until then Intacct may still be executing it.
INTACCT_TOTAL_TIMEOUT_S = env_float("INTACCT_TOTAL_TIMEOUT_S", 120.0)
INTACCT_RESEND_MARGIN_S = env_float("INTACCT_RESEND_MARGIN_S", 30.0)
INTACCT_MAX_IN_FLIGHT = env_int("INTACCT_MAX_IN_FLIGHT", 2, minimum=1, maximum=32)
# A worker's claim on sync jobs and on a request slot lasts this long unless renewed; a heartbeat renews
# it every third of it while the worker lives, so a killed worker's claims and slots free up this soon.
INTACCT_SYNC_LEASE_S = env_float("INTACCT_SYNC_LEASE_S", 30.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "intacct": {"level": env_str("INTACCT_LOG_LEVEL", "INFO").upper()},
        # One line per HTTP request is noise next to the client's own logging.
        "httpx": {"level": "WARNING"},
    },
}
