"""One settings module for every environment; production differs only by environment values.

SQLite is the embedded default (``PARTNERHUB_SQLITE``); ``PARTNERHUB_DB=postgres`` switches to
PostgreSQL with the usual ``PGHOST``/``PGPORT``/``PGDATABASE``/``PGUSER``/``PGPASSWORD`` values.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import django_stubs_ext

# Lets generic admin and queryset classes be subscripted at run time, as the type stubs expect.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


SECRET_KEY = os.environ.get(
    "PARTNERHUB_SECRET_KEY", "partnerhub-development-key-not-for-production"
)
DEBUG = _env_bool("PARTNERHUB_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("PARTNERHUB_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("PARTNERHUB_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# Reference data and source documents live beside the repository, never inside it.
SHARED_DIR = _env_path("PARTNERHUB_SHARED", BASE_DIR.parent / "shared")
PARTNERHUB_IATI_DATA = _env_path("PARTNERHUB_IATI_DATA", SHARED_DIR / "data" / "iati")
PARTNERHUB_SDG_DATA = _env_path("PARTNERHUB_SDG_DATA", SHARED_DIR / "data" / "sdg")
PARTNERHUB_SEEDS = _env_path("PARTNERHUB_SEEDS", SHARED_DIR / "seeds")
PARTNERHUB_IATI_SAMPLES = _env_path("PARTNERHUB_IATI_SAMPLES", SHARED_DIR / "data" / "iati-samples")
PARTNERHUB_VAR = _env_path("PARTNERHUB_VAR", BASE_DIR / "var")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_tasks_db",
    "partnerhub.core",
    "partnerhub.reference",
    "partnerhub.organisations",
    "partnerhub.activities",
    "partnerhub.events",
    "partnerhub.accounts",
    "partnerhub.grants",
    "partnerhub.seeds",
    "partnerhub.iati",
    "partnerhub.reports",
    "partnerhub.translations",
    "partnerhub.sdg",
    "partnerhub.portal",
    "partnerhub.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of a page is in its URL; a bare path redirects to the visitor's language.
    "django.middleware.locale.LocaleMiddleware",
    "partnerhub.core.middleware.LanguageInUrlMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "partnerhub.accounts.auth.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "partnerhub.core.middleware.AuditActorMiddleware",
    # Last, so that it sees the lockout that a failed sign-in raised.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnerhub.urls"
WSGI_APPLICATION = "partnerhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "partnerhub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "partnerhub.core.context_processors.languages_context",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    engine = os.environ.get("PARTNERHUB_DB", "sqlite").strip().lower()
    if engine in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("PGDATABASE", "partnerhub"),
            "USER": os.environ.get("PGUSER", "partnerhub"),
            "PASSWORD": os.environ.get("PGPASSWORD", ""),
            "HOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PORT": os.environ.get("PGPORT", "5432"),
            "CONN_MAX_AGE": 60,
            "TEST": {"NAME": os.environ.get("PARTNERHUB_TEST_DB", "test_partnerhub")},
        }
    if engine != "sqlite":
        raise RuntimeError(f"PARTNERHUB_DB must be 'sqlite' or 'postgres', not {engine!r}")
    path = _env_path("PARTNERHUB_SQLITE", BASE_DIR / "var" / "partnerhub.sqlite3")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # WAL keeps readers responsive while a large import writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]
# The project-wide catalogue first, then one per app that keeps its own (partnerhub/<app>/locale),
# so each app's strings live beside its code.
LOCALE_PATHS = [
    BASE_DIR / "partnerhub" / "locale",
    *sorted(p for p in (BASE_DIR / "partnerhub").glob("*/locale") if p.is_dir()),
]
FORMAT_MODULE_PATH = ["partnerhub.formats"]
LANGUAGE_COOKIE_NAME = "partnerhub_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PARTNERHUB_VAR / "static"
STATICFILES_DIRS = [BASE_DIR / "partnerhub" / "static"]
MEDIA_ROOT = PARTNERHUB_VAR / "media"

# Upload limits: IATI files are streamed to disk, never held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
PARTNERHUB_MAX_UPLOAD_BYTES = int(os.environ.get("PARTNERHUB_MAX_UPLOAD_BYTES", str(2 * 1024**3)))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("PARTNERHUB_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The site's sign-in (allauth), in the page's language; the admin's sign-in goes there too.
LOGIN_URL = "account_login"

# The lockout check first, object permissions (partnerhub.accounts.rules) beside Django's model
# permissions, and allauth's backend for signing in by email address.
AUTHENTICATION_BACKENDS = [
    "partnerhub.accounts.auth.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_REDIRECT_URL = "accounts:organisations"

# Accounts (django-allauth): NGO staff sign up with their email address, which they confirm by
# a link before they can sign in; staff sign in with a second factor (allauth's MFA, TOTP).
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_FORMS = {"login": "partnerhub.accounts.forms.LoginForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Partner Hub] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SESSION_COOKIE_SECURE else "http"
# Failed sign-ins are counted and locked out by django-axes alone.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
ACCOUNT_SIGNUP_OPEN = _env_bool("PARTNERHUB_SIGNUP_OPEN", True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Partner Hub"

# Lockout (django-axes): this many failed sign-ins for one account from one address lock that
# pair out for the cool-off time; a successful sign-in resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("PARTNERHUB_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("PARTNERHUB_LOCKOUT_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "partnerhub.accounts.auth.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "partnerhub.accounts.auth.lockout_response"
AXES_VERBOSE = False
# The address the site is served at, for links in emails (invitations, notices).
PARTNERHUB_SITE_URL = os.environ.get("PARTNERHUB_SITE_URL", "http://127.0.0.1:8000")

PARTNERHUB_PAGE_SIZE = int(os.environ.get("PARTNERHUB_PAGE_SIZE", "50"))

# IATI: which reporting organisations are Taiwan's own, and who reports Taiwan's activities on export.
PARTNERHUB_TAIWAN_ORG_PREFIXES = tuple(
    p.strip()
    for p in os.environ.get("PARTNERHUB_TAIWAN_ORG_PREFIXES", "TW-").split(",")
    if p.strip()
)
PARTNERHUB_REPORTING_ORG_REF = os.environ.get("PARTNERHUB_REPORTING_ORG_REF", "TW-GOV-MOFA")
PARTNERHUB_REPORTING_ORG_TYPE = os.environ.get("PARTNERHUB_REPORTING_ORG_TYPE", "10")
PARTNERHUB_REPORTING_ORG_NAME_ZH = os.environ.get(
    "PARTNERHUB_REPORTING_ORG_NAME_ZH", "中華民國外交部"
)
PARTNERHUB_REPORTING_ORG_NAME_EN = os.environ.get(
    "PARTNERHUB_REPORTING_ORG_NAME_EN", "Ministry of Foreign Affairs, Republic of China (Taiwan)"
)
# Uploaded IATI files import in a background thread; tests run them inline to read the outcome.
PARTNERHUB_IATI_IMPORT_INLINE = _env_bool("PARTNERHUB_IATI_IMPORT_INLINE", False)
# SQLite's page cache for an IATI import's connection, in MiB (SQLite's default is 2): the
# tables' indexes stay in memory as they grow, instead of being read back from the file.
PARTNERHUB_IATI_IMPORT_SQLITE_CACHE_MB = int(
    os.environ.get("PARTNERHUB_IATI_IMPORT_SQLITE_CACHE_MB", "64")
)
# Grants: the largest attachment an applicant may upload.
PARTNERHUB_GRANTS_MAX_ATTACHMENT_BYTES = int(
    os.environ.get("PARTNERHUB_GRANTS_MAX_ATTACHMENT_BYTES", str(10 * 1024 * 1024))
)

# Background tasks run on Django's task framework. The embedded default queues them in the database
# (django-tasks-db), so one machine needs no other server; PARTNERHUB_REDIS_URL switches the queue
# to Redis through RQ (django-tasks-rq) for workers on many machines. Live progress and the
# workers' heartbeats go to the "tasks" cache: files under PARTNERHUB_VAR on one machine, the same
# Redis with many.
PARTNERHUB_REDIS_URL = os.environ.get("PARTNERHUB_REDIS_URL", "").strip()
if PARTNERHUB_REDIS_URL:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")
    TASKS: dict[str, Any] = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
    }
    RQ_QUEUES = {"default": {"URL": PARTNERHUB_REDIS_URL, "DEFAULT_TIMEOUT": 6 * 60 * 60}}
    _TASKS_CACHE: dict[str, Any] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": PARTNERHUB_REDIS_URL,
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    _TASKS_CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(PARTNERHUB_VAR / "cache" / "tasks"),
    }
CACHES: dict[str, Any] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "tasks": _TASKS_CACHE,
}
# The most activities a dashboard scope without stored totals (budgets, a year in one country)
# is totalled for on a page request; a larger one says so instead (reports.selectors).
PARTNERHUB_LIVE_TOTALS_LIMIT = int(os.environ.get("PARTNERHUB_LIVE_TOTALS_LIMIT", "20000"))
# Seconds after a single edit before the activity list's bitmap index is rebuilt (edits within
# that time share one build; until it is built the list counts live).
PARTNERHUB_INDEX_AFTER_EDIT_SECONDS = int(
    os.environ.get("PARTNERHUB_INDEX_AFTER_EDIT_SECONDS", "30")
)
# Seconds without a heartbeat after which a running job counts as interrupted (its worker died).
PARTNERHUB_JOB_STALE_SECONDS = int(os.environ.get("PARTNERHUB_JOB_STALE_SECONDS", "60"))

# Email goes through Django's mailers: printed on the console unless an SMTP server is configured
# (production).
PARTNERHUB_EMAIL_HOST = os.environ.get("PARTNERHUB_EMAIL_HOST", "").strip()
MAILERS: dict[str, Any] = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": PARTNERHUB_EMAIL_HOST,
            "port": int(os.environ.get("PARTNERHUB_EMAIL_PORT", "587")),
            "username": os.environ.get("PARTNERHUB_EMAIL_USER", ""),
            "password": os.environ.get("PARTNERHUB_EMAIL_PASSWORD", ""),
            "use_tls": _env_bool("PARTNERHUB_EMAIL_USE_TLS", True),
            "use_ssl": _env_bool("PARTNERHUB_EMAIL_USE_SSL", False),
            "timeout": int(os.environ.get("PARTNERHUB_EMAIL_TIMEOUT", "30")),
        },
    }
    if PARTNERHUB_EMAIL_HOST
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = os.environ.get("PARTNERHUB_EMAIL_FROM", "Partner Hub <noreply@localhost>")
# The address the portal's contact page gives; empty shows no address.
PARTNERHUB_CONTACT_EMAIL = os.environ.get("PARTNERHUB_CONTACT_EMAIL", "").strip()
# How often the outbox tries one message before it gives up and leaves it for an operator.
PARTNERHUB_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("PARTNERHUB_OUTBOX_MAX_ATTEMPTS", "5"))

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PARTNERHUB_LOG_LEVEL", "WARNING")},
}
