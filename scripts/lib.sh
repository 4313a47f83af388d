# Shared set-up functions for scripts/dev.sh and scripts/test.sh (sourced, not run).
# shellcheck shell=bash

ow_log() { printf '[onewindow] %s\n' "$*" >&2; }
ow_die() { printf '[onewindow] ERROR: %s\n' "$*" >&2; exit 1; }

OW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OW_PY="$OW_ROOT/.venv/bin/python"
_ow_apt_updated=0

ow_is_root() { [ "$(id -u)" = 0 ]; }

ow_apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! ow_is_root; then
    ow_die "missing Debian packages: ${missing[*]} — install them with: sudo apt-get install -y ${missing[*]}"
  fi
  if [ "$_ow_apt_updated" = 0 ]; then
    ow_log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || ow_die "apt-get update failed"
    _ow_apt_updated=1
  fi
  ow_log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || ow_die "apt-get install ${missing[*]} failed"
}

ow_packages_from() {
  grep -v '^[[:space:]]*#' "$1" | grep -v '^[[:space:]]*$'
}

ow_system_packages() {
  local file
  for file in "$@"; do
    # shellcheck disable=SC2046
    ow_apt_install $(ow_packages_from "$OW_ROOT/scripts/$file")
  done
}

ow_find_python() {
  local candidate
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  if ow_is_root; then
    ow_apt_install python3.11 python3.11-venv >/dev/null 2>&1 && { echo python3.11; return 0; }
  fi
  ow_die "Python 3.11 is required (install python3.11 and python3.11-venv)"
}

ow_venv() {
  cd "$OW_ROOT" || exit 1
  if [ ! -x "$OW_PY" ]; then
    local py; py="$(ow_find_python)"
    ow_log "creating .venv with $py"
    "$py" -m venv .venv || ow_die "could not create .venv (install python3.11-venv)"
    .venv/bin/pip install -q --upgrade pip >/dev/null
  fi
  local stamp=".venv/.installed-stamp"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    ow_log "installing Python packages"
    .venv/bin/pip install -q -e '.[dev]' >/tmp/onewindow-pip.log 2>&1 || { tail -20 /tmp/onewindow-pip.log; ow_die "pip install failed"; }
    touch "$stamp"
  fi
}

ow_port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

ow_free_port() {
  "$OW_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

OW_TMP=""
ow_tmpdir_init() {  # not in a subshell: OW_TMP must reach ow_cleanup
  [ -n "$OW_TMP" ] || { OW_TMP="$(mktemp -d /tmp/onewindow-services.XXXXXX)"; chmod 755 "$OW_TMP"; }
}

ow_cleanup() {
  local status=$?  # keep the script's own exit status (pytest's), whatever cleanup returns
  if [ -n "${OW_PG_DATA:-}" ]; then
    ow_log "stopping throwaway PostgreSQL"
    ow_as_pg "$OW_PG_BIN/pg_ctl" -D "$OW_PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "${OW_REDIS_PORT:-}" ]; then
    ow_log "stopping throwaway Redis"
    redis-cli -p "$OW_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  if [ -n "$OW_TMP" ]; then rm -rf "$OW_TMP"; fi
  exit "$status"
}

ow_as_pg() {
  if ow_is_root; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ow_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

ow_postgres() {
  # Sets DATABASE_URL: as given, else local 127.0.0.1:5432, else a throwaway cluster.
  if [ -n "${DATABASE_URL:-}" ]; then ow_log "PostgreSQL: using DATABASE_URL"; return 0; fi
  local port="${OW_PG_PROBE_PORT:-5432}"
  if ow_port_open 127.0.0.1 "$port"; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:$port/onewindow"
    ow_log "PostgreSQL: local server on 127.0.0.1:$port"; return 0
  fi
  OW_PG_BIN="$(ow_pg_bin)" || {
    ow_is_root || ow_die "no PostgreSQL reachable on 127.0.0.1:$port and none installed; set DATABASE_URL or install postgresql"
    ow_apt_install postgresql
    OW_PG_BIN="$(ow_pg_bin)" || ow_die "PostgreSQL binaries not found after install"
  }
  ow_tmpdir_init
  local tmp="$OW_TMP"
  OW_PG_DATA="$tmp/pg"; mkdir -p "$OW_PG_DATA"
  ow_is_root && chown postgres "$OW_PG_DATA" "$tmp"
  local pgport; pgport="$(ow_free_port)"
  ow_log "PostgreSQL: starting a throwaway cluster on 127.0.0.1:$pgport"
  ow_as_pg "$OW_PG_BIN/initdb" -D "$OW_PG_DATA" -U postgres --auth=trust -E UTF8 >/dev/null \
    || ow_die "initdb failed"
  ow_as_pg "$OW_PG_BIN/pg_ctl" -D "$OW_PG_DATA" -l "$tmp/pg.log" -w \
    -o "-p $pgport -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
    || { cat "$tmp/pg.log" >&2; ow_die "could not start PostgreSQL"; }
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/onewindow"
}

ow_redis() {
  if [ -n "${REDIS_URL:-}" ]; then ow_log "Redis: using REDIS_URL"; return 0; fi
  local port="${OW_REDIS_PROBE_PORT:-6379}"
  if ow_port_open 127.0.0.1 "$port"; then
    export REDIS_URL="redis://127.0.0.1:$port/0"
    ow_log "Redis: local server on 127.0.0.1:$port"; return 0
  fi
  command -v redis-server >/dev/null 2>&1 || {
    ow_is_root || ow_die "no Redis reachable on 127.0.0.1:$port and none installed; set REDIS_URL or install redis-server"
    ow_apt_install redis-server
  }
  ow_tmpdir_init
  local tmp="$OW_TMP"
  OW_REDIS_PORT="$(ow_free_port)"
  ow_log "Redis: starting a throwaway server on 127.0.0.1:$OW_REDIS_PORT"
  redis-server --port "$OW_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$tmp" --logfile "$tmp/redis.log" >/dev/null || ow_die "could not start Redis"
  local i
  for i in $(seq 1 50); do ow_port_open 127.0.0.1 "$OW_REDIS_PORT" && break; sleep 0.1; done
  export REDIS_URL="redis://127.0.0.1:$OW_REDIS_PORT/0"
}

ow_node_modules() {
  # Test-only JavaScript (axe-core for the accessibility sweep), pinned in package-lock.json.
  cd "$OW_ROOT" || exit 1
  command -v npm >/dev/null 2>&1 || ow_apt_install nodejs npm
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    ow_log "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund >/tmp/onewindow-npm.log 2>&1 || { tail -20 /tmp/onewindow-npm.log; ow_die "npm ci failed"; }
    touch node_modules
  fi
}
