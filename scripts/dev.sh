#!/usr/bin/env bash
# README command 1: run OneWindow on the embedded default (SQLite, in-process tasks, demo data).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ow_venv
ow_system_packages apt-packages.txt
unset DATABASE_URL REDIS_URL CELERY_BROKER_URL
export DJANGO_SETTINGS_MODULE=config.settings.base
"$OW_PY" manage.py compilemessages -v0 --ignore=.venv >/dev/null
exec "$OW_PY" manage.py runembedded "$@"
