"""Production overrides: refuse demo secrets, require a real database and broker."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    DEMO_ID_ENCRYPTION_KEY,
    DEMO_ID_INDEX_KEY,
    DEMO_SECRET_KEY,
    ONEWINDOW_ID_ENCRYPTION_KEYS,
    ONEWINDOW_ID_INDEX_KEY,
    REDIS_URL,
    SECRET_KEY,
    env,
)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
if SECRET_KEY == DEMO_SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY for production.")
if DEMO_ID_ENCRYPTION_KEY in ONEWINDOW_ID_ENCRYPTION_KEYS or ONEWINDOW_ID_INDEX_KEY == DEMO_ID_INDEX_KEY:
    raise ImproperlyConfigured("Set ONEWINDOW_ID_ENCRYPTION_KEYS and ONEWINDOW_ID_INDEX_KEY.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production needs DATABASE_URL pointing at PostgreSQL.")
if not REDIS_URL:
    raise ImproperlyConfigured("Production needs REDIS_URL.")
ONEWINDOW_TASKS_EAGER = False
CELERY_TASK_ALWAYS_EAGER = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (docs/operations.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The API schema and its docs page for logged-in staff only.
ONEWINDOW_API_DOCS_STAFF_ONLY = env.bool("ONEWINDOW_API_DOCS_STAFF_ONLY", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
ONEWINDOW_STAFF_2FA_REQUIRED = env.bool("ONEWINDOW_STAFF_2FA_REQUIRED", default=True)
