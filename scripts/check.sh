#!/usr/bin/env bash
# The habits CI keeps: ruff lint, ruff format, and no model change without its migration.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ow_venv
ow_log "ruff check"
"$OW_ROOT/.venv/bin/ruff" check "$OW_ROOT"
ow_log "ruff format --check"
"$OW_ROOT/.venv/bin/ruff" format --check "$OW_ROOT"
ow_log "makemigrations --check"
unset DATABASE_URL
DJANGO_SETTINGS_MODULE=config.settings.test "$OW_PY" "$OW_ROOT/manage.py" makemigrations --check --dry-run
