"""Test settings: the README's test command exports DATABASE_URL and REDIS_URL."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The suite runs workflows synchronously unless a test starts a real worker.
ONEWINDOW_TASKS_EAGER = env.bool("ONEWINDOW_TASKS_EAGER", default=True)
CELERY_TASK_ALWAYS_EAGER = ONEWINDOW_TASKS_EAGER
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders; no collectstatic in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# SMS are kept in memory (inbox.sms.outbox) for the tests to read.
ONEWINDOW_SMS_BACKEND = "inbox.sms.LocmemBackend"
