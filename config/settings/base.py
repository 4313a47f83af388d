"""Base settings: everything comes from the environment, with safe embedded defaults.

The embedded default (no environment at all) is SQLite, in-process tasks and demo keys, so
`bash scripts/dev.sh` works on a fresh machine. Production sets every secret explicitly
(see config/settings/production.py, which refuses the demo values).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# Demo-only values. production.py refuses to start with any of them.
DEMO_SECRET_KEY = "onewindow-demo-secret-key-not-for-production-0123456789"
DEMO_ID_ENCRYPTION_KEY = "2d1hY3JvVHJ1c3RlZERlbW9LZXlOb3RGb3JQcm9kIT0="
DEMO_ID_INDEX_KEY = "onewindow-demo-blind-index-key"

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEMO_SECRET_KEY)
DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "intake",
    "programs",
    # Workflow families with models of their own (programs/families/<family>/, each an app).
    "programs.families.civil_allowance",
    "programs.families.temporary_assistance",
    "programs.families.extreme_poverty",
    "programs.families.employment",
    "programs.families.housing",
    "programs.families.union",
    "programs.families.womens_care",
    "programs.families.youth_charity",
    "routing",
    "review",
    "notices",
    "reports",
    "inbox",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The request id and client address, for the log and the audit rows.
    "accounts.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RejectBadTextMiddleware",
    # Policy parameters and calendar overrides read once per request.
    "config.middleware.MemoMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "accounts.middleware.StaffSessionTimeoutMiddleware",
    "accounts.middleware.StaffSecondFactorMiddleware",
    # Last: turns a lockout raised by the authentication backend into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["accounts.templatetags.ow"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short OLTP statements: PostgreSQL's JIT compiled a 1-second plan for a 1-second query on
    # the dashboard at a million cases (benchmarks/scale.py); off unless the DSN says otherwise.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# The hot reads (accounts.compiled) as statements prepared once per database session. Off behind a
# pooler that hands a session's statements to other sessions (pgbouncer in transaction mode).
ONEWINDOW_PREPARED_READS = env.bool("ONEWINDOW_PREPARED_READS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for the writer lock instead of failing at once when the sweeper thread writes.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 first; a PBKDF2 hash is upgraded to Argon2 at the user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # django-axes counts failures and refuses a locked-out username before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The Django admin's permissions by role (accounts.permissions.ROLE_ADMIN_PERMISSIONS).
    "accounts.backends.RolePermissionBackend",
]

# --- Lockout (django-axes) -----------------------------------------------------------------
# Failures are counted per username, from any address: a locked user cannot be guessed from
# elsewhere, while other people behind the same address (a community centre) still log in.
AXES_FAILURE_LIMIT = env.int("ONEWINDOW_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("ONEWINDOW_LOGIN_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address in the lockout key; counting by address would lock out every
# clerk of a centre behind one address after one person's mistakes. Rate-limit addresses at the
# proxy instead (docs/operations.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_VERBOSE = False

# --- Audit ---------------------------------------------------------------------------------
# Audit rows are kept at least six months (网络安全法 §21); manage.py audit_purge removes older ones.
ONEWINDOW_AUDIT_RETENTION_DAYS = env.int("ONEWINDOW_AUDIT_RETENTION_DAYS", default=365)
if ONEWINDOW_AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("ONEWINDOW_AUDIT_RETENTION_DAYS must be at least 180 (six months).")

# --- Retention of case data (PIPL §19, §47) -------------------------------------------------
# A closed application is anonymised this many days after its last decision or update, once the
# household receives no help any more (intake/retention.py, manage.py retention_run). 1826 days
# (five years) is a local working figure, not a confirmed statutory period: confirm it against the
# civil-affairs archive rules of the district. Less than a year would cut into the time for
# administrative review and litigation (行政复议, 行政诉讼); more than a century is a typo.
ONEWINDOW_RETENTION_DAYS = env.int("ONEWINDOW_RETENTION_DAYS", default=1826)
if not 365 <= ONEWINDOW_RETENTION_DAYS <= 36500:
    raise ImproperlyConfigured("ONEWINDOW_RETENTION_DAYS must be between 365 and 36500 days.")

# --- Exports (PIPL) -----------------------------------------------------------------------
# An export of more records than this needs a second person's confirmation before download;
# a request must be confirmed, and a confirmed export downloaded (once), within the hours.
ONEWINDOW_EXPORT_CONFIRM_ABOVE = env.int("ONEWINDOW_EXPORT_CONFIRM_ABOVE", default=100)
ONEWINDOW_EXPORT_DOWNLOAD_HOURS = env.int("ONEWINDOW_EXPORT_DOWNLOAD_HOURS", default=24)
if ONEWINDOW_EXPORT_CONFIRM_ABOVE < 0 or ONEWINDOW_EXPORT_DOWNLOAD_HOURS < 1:
    raise ImproperlyConfigured(
        "ONEWINDOW_EXPORT_CONFIRM_ABOVE must be at least 0 and ONEWINDOW_EXPORT_DOWNLOAD_HOURS at least 1."
    )

# --- Second factor (django-otp, TOTP) -------------------------------------------------------
# Every staff login needs a TOTP code: required in production, optional on the embedded default
# (staff may still set it up at /accounts/second-factor/; see the README).
ONEWINDOW_STAFF_2FA_REQUIRED = env.bool("ONEWINDOW_STAFF_2FA_REQUIRED", default=False)
OTP_TOTP_ISSUER = "OneWindow 社会救助一件事"

# --- Sessions ------------------------------------------------------------------------------
# Staff sessions end after this many idle minutes, and this many hours after login in any case.
ONEWINDOW_STAFF_IDLE_MINUTES = env.int("ONEWINDOW_STAFF_IDLE_MINUTES", default=30)
ONEWINDOW_STAFF_SESSION_HOURS = env.int("ONEWINDOW_STAFF_SESSION_HOURS", default=12)
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=14 * 24 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# API tokens of department systems expire this many hours after they are issued.
ONEWINDOW_API_TOKEN_HOURS = env.int("ONEWINDOW_API_TOKEN_HOURS", default=8)
# The proxy header that carries the client's address, set only behind a trusted proxy that
# overwrites it (e.g. "HTTP_X_FORWARDED_FOR" or "HTTP_X_REAL_IP"); otherwise REMOTE_ADDR.
ONEWINDOW_CLIENT_IP_HEADER = env.str("ONEWINDOW_CLIENT_IP_HEADER", default="")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Without collectstatic (embedded default, DEBUG) serve straight from the finders.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("ONEWINDOW_MEDIA_ROOT", default=str(VAR_DIR / "media"))
ONEWINDOW_FONT_CACHE_DIR = env.path("ONEWINDOW_FONT_CACHE_DIR", default=str(VAR_DIR / "fonts"))

# --- Uploaded materials ---------------------------------------------------------------------
# Outside MEDIA_ROOT and the static files: never served by URL, only by the permission-checked
# download view (intake/material_views.py), under random names.
# 一卡通: the day of the month from which the month's payment lists are produced.
ONEWINDOW_PAYMENT_RUN_DAY = env.int("ONEWINDOW_PAYMENT_RUN_DAY", default=10)
# SMS (inbox.sms): a backend class like Django's e-mail backends; the console one by default.
ONEWINDOW_SMS_BACKEND = env.str("ONEWINDOW_SMS_BACKEND", default="inbox.sms.ConsoleBackend")
ONEWINDOW_SMS_FILE_PATH = env.path("ONEWINDOW_SMS_FILE_PATH", default=str(VAR_DIR / "sms.log"))
# The address printed under each notice's and certificate's verification QR code.
ONEWINDOW_PUBLIC_URL = env.str("ONEWINDOW_PUBLIC_URL", default="http://127.0.0.1:8000").rstrip("/")

ONEWINDOW_PRIVATE_ROOT = env.path("ONEWINDOW_PRIVATE_ROOT", default=str(VAR_DIR / "private"))
ONEWINDOW_MATERIAL_MAX_BYTES = env.int("ONEWINDOW_MATERIAL_MAX_BYTES", default=10 * 1024 * 1024)
if ONEWINDOW_MATERIAL_MAX_BYTES < 1024:
    raise ImproperlyConfigured("ONEWINDOW_MATERIAL_MAX_BYTES must be at least 1024.")
if Path(ONEWINDOW_PRIVATE_ROOT).resolve().is_relative_to(Path(MEDIA_ROOT).resolve()):
    raise ImproperlyConfigured("ONEWINDOW_PRIVATE_ROOT must lie outside MEDIA_ROOT (which may be served).")

# --- Personal data -------------------------------------------------------------------------
# Resident ID numbers are encrypted with these Fernet keys (first encrypts, all decrypt: key
# rotation) and looked up through an HMAC blind index. Both are kept apart from SECRET_KEY.
ONEWINDOW_ID_ENCRYPTION_KEYS = env.list("ONEWINDOW_ID_ENCRYPTION_KEYS", default=[DEMO_ID_ENCRYPTION_KEY])
ONEWINDOW_ID_INDEX_KEY = env.str("ONEWINDOW_ID_INDEX_KEY", default=DEMO_ID_INDEX_KEY)
if not ONEWINDOW_ID_ENCRYPTION_KEYS or not ONEWINDOW_ID_INDEX_KEY:
    raise ImproperlyConfigured("ONEWINDOW_ID_ENCRYPTION_KEYS and ONEWINDOW_ID_INDEX_KEY must be set.")
if ONEWINDOW_ID_INDEX_KEY in (SECRET_KEY,) or SECRET_KEY in ONEWINDOW_ID_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("ID-number keys must differ from DJANGO_SECRET_KEY.")

# --- Tasks ---------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# The configuration version (accounts.snapshot) is shared by every process through Redis;
# without Redis (the embedded default: one process) it lives in the process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "onewindow",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"}
    ),
}
# Without a broker (the embedded default) tasks run in-process.
ONEWINDOW_TASKS_EAGER = env.bool("ONEWINDOW_TASKS_EAGER", default=not REDIS_URL)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = ONEWINDOW_TASKS_EAGER
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "routing.tasks.outbox_sweep", "schedule": 30.0},
    "deadline-sweep": {"task": "review.tasks.deadline_sweep", "schedule": 15 * 60.0},
    # Steps closed by the calendar (公示 ending without objection) open the next step's work item.
    "case-timers": {"task": "programs.tasks.case_timers", "schedule": 15 * 60.0},
    # Anonymise applications past ONEWINDOW_RETENTION_DAYS, nightly (idempotent; one audit row a run).
    "retention-run": {"task": "intake.tasks.retention_run", "schedule": crontab(hour=3, minute=30)},
    # After the decision: re-checks due, 特困 terminations after 公示, gradual exits ending,
    # missed check-ins, the month's payment lists (each idempotent; hourly so a restart misses none).
    "monitoring-daily": {"task": "monitoring.tasks.daily", "schedule": crontab(minute=5)},
    # 特困: at least 30 % of each month's confirmations drawn for the district's 抽查 (N3).
    # The dashboard's summary (programs.tally): fold its rows; recount it from the cases nightly.
    "tally-compact": {"task": "programs.tasks.tally_compact", "schedule": 10 * 60.0},
    "tally-rebuild": {"task": "programs.tasks.tally_rebuild", "schedule": crontab(hour=2, minute=45)},
    "extreme-poverty-sample": {
        "task": "extreme_poverty.tasks.sample",
        "schedule": crontab(hour=2, minute=15),
    },
}
# What the embedded default's in-process sweeper runs every interval (routing.sweeper), in
# place of the beat schedule above: each job idempotent, each safe to run again at once.
ONEWINDOW_EMBEDDED_SWEEP = [
    "routing.outbox.outbox_sweep_once",
    "programs.engine.case_timers_fire",
    "review.deadlines.deadline_sweep_once",
    "monitoring.jobs.monitoring_sweep_once",
    "programs.tally.tally_compact",
]
# Seconds a claimed outbox row stays leased before the sweeper may hand it out again.
ONEWINDOW_OUTBOX_LEASE_SECONDS = env.int("ONEWINDOW_OUTBOX_LEASE_SECONDS", default=300)
if ONEWINDOW_OUTBOX_LEASE_SECONDS < 5:
    raise ImproperlyConfigured("ONEWINDOW_OUTBOX_LEASE_SECONDS must be at least 5.")

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # The token class first: missing or bad credentials are a 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "config.schema.ProblemAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "config.problems.exception_handler",
    # JSON only: a form-encoded body is a 415; NUL, lone surrogates, NaN and Infinity are a 400.
    "DEFAULT_PARSER_CLASSES": ["config.parsers.StrictJSONParser"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OneWindow API",
    "DESCRIPTION": "社会救助“一件事”一窗受理 — one-window social assistance intake.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from this server (drf-spectacular-sidecar), not a CDN: works on an isolated network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links: Swagger UI puts them inside each operation's toggle button, a link nested in a
    # button that screen readers cannot reach (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    # Two sets of relations: a household member's, and a 特困 support obligor's (no "self").
    "ENUM_NAME_OVERRIDES": {
        "MemberRelationEnum": "intake.models.Person.Relation",
        "ObligorRelationEnum": "programs.families.extreme_poverty.models.OBLIGOR_RELATIONS",
        "EntitlementStatusEnum": "programs.models.Entitlement.Status",
        "RecheckStatusEnum": "monitoring.models.Recheck.Status",
        "RecheckOutcomeEnum": "monitoring.models.Recheck.Outcome",
    },
}
# The API schema and its docs page for logged-in staff only (on in production).
ONEWINDOW_API_DOCS_STAFF_ONLY = env.bool("ONEWINDOW_API_DOCS_STAFF_ONLY", default=False)

# --- Content-Security-Policy (django-csp) ------------------------------------------------
# Nothing inline: every script and style comes from this server's static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [request %(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
