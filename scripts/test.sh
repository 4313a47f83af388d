#!/usr/bin/env bash
# README command 2: set everything up and run the whole test suite on PostgreSQL + Redis.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap ow_cleanup EXIT

ow_venv
ow_system_packages apt-packages.txt apt-packages-test.txt
ow_node_modules
ow_postgres
ow_redis
export DJANGO_SETTINGS_MODULE=config.settings.test
"$OW_PY" manage.py compilemessages -v0 --ignore=.venv >/dev/null
ow_log "running pytest"
set +e
"$OW_PY" -m pytest "$@"
status=$?
set -e
if [ "$status" = 5 ]; then ow_log "pytest collected no tests"; fi
exit "$status"
