#!/usr/bin/env bash
# Throwaway PostgreSQL server for the integration tests.
#
#   scripts/pg-test-cluster.sh start <statefile>  # start a server, write `export` lines to <statefile>
#   scripts/pg-test-cluster.sh stop  <statefile>  # stop it, delete its files and <statefile>
#
# The state file exports PG_TEST_DIR, PG_TEST_DATA (the PGDATA dir), PG_TEST_PORT,
# PG_TEST_PID, PG_TEST_BINDIR, PG_TEST_USER and TEST_DATABASE_URL. Prefixed names
# rather than PGPORT/PGDATA so sourcing it does not change libpq defaults for tests.
set -euo pipefail

# Callers capture or source our results only through the state file, so every
# byte we (or the tools we run) print is progress and belongs on stderr.
exec 1>&2

# shellcheck source-path=SCRIPTDIR source=provision/lib.sh disable=SC1091 # followed with shellcheck -x
. "$(dirname "${BASH_SOURCE[0]}")/provision/lib.sh" # apt_install

log() { printf 'pg-test-cluster: %s\n' "$*"; }
die() {
  printf '\n********************************************************************\n'
  printf '* pg-test-cluster: ERROR: %s\n' "$*"
  printf '********************************************************************\n\n'
  exit 1
}

has_server_bins() {
  local d=$1
  [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && [ -x "$d/pg_isready" ]
}

# PATH first (an explicit choice wins), then Debian/Ubuntu's versioned dirs,
# which are not on PATH by default, newest first. Prints the bin dir.
find_bindir() {
  local d
  if d=$(command -v initdb 2>/dev/null); then
    d=$(dirname "$(readlink -f "$d")")
    if has_server_bins "$d"; then printf '%s\n' "$d"; return 0; fi
  fi
  while IFS= read -r d; do
    if has_server_bins "$d"; then printf '%s\n' "$d"; return 0; fi
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV)
  return 1
}

install_postgres() {
  command -v apt-get >/dev/null 2>&1 ||
    die "PostgreSQL server binaries (initdb, pg_ctl, postgres, pg_isready) not found, and no apt-get to install them. Install a PostgreSQL server and put its bin dir on PATH."
  log "PostgreSQL server binaries not found"
  # CI runs as root and may have no sudo at all; developers may not be root.
  apt_install postgresql ||
    die "could not install the Debian package 'postgresql' (reason above); cannot run the integration tests"
}

# initdb and postgres refuse to run as root, so root hands them to `postgres`.
# cd / because the caller's cwd (e.g. /root) may be unreadable for that user.
run_pg() {
  if [ "$PG_TEST_USER" = "$(id -un)" ]; then
    (cd / && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (cd / && runuser -u "$PG_TEST_USER" -- "$@")
  else
    (cd / && su -s /bin/bash "$PG_TEST_USER" -c "$(printf '%q ' "$@")")
  fi
}

free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  else
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  fi
}

# Stops the server in $PG_TEST_DATA (if any) and deletes $PG_TEST_DIR.
teardown() {
  local pid=""
  [ -f "$PG_TEST_DATA/postmaster.pid" ] && pid=$(head -n1 "$PG_TEST_DATA/postmaster.pid")
  [ -z "$pid" ] && pid=${PG_TEST_PID:-}
  if [ -f "$PG_TEST_DATA/postmaster.pid" ]; then
    run_pg "$PG_TEST_BINDIR/pg_ctl" -D "$PG_TEST_DATA" -m fast -w -t 30 stop ||
      run_pg "$PG_TEST_BINDIR/pg_ctl" -D "$PG_TEST_DATA" -m immediate -w -t 10 stop ||
      log "pg_ctl stop failed; killing the server"
  fi
  # Last resort. Backends exit by themselves once the postmaster is gone.
  # Check it is still a postgres process: a stale pid may have been reused.
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = postgres ]; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # A corrupted state file must never make us delete anything else.
  case "$PG_TEST_DIR" in
    /tmp/todo-pg.?*) rm -rf -- "$PG_TEST_DIR" ;;
    *) die "refusing to delete unexpected directory '$PG_TEST_DIR'" ;;
  esac
}

cmd_stop() {
  local state=$1
  if [ ! -s "$state" ]; then
    log "no state in '$state'; nothing to stop"
    rm -f -- "$state"
    return 0
  fi
  # shellcheck disable=SC1090  # our own state file, written by cmd_start
  . "$state"
  log "stopping PostgreSQL (pid ${PG_TEST_PID:-?}, port ${PG_TEST_PORT:-?})"
  teardown
  rm -f -- "$state"
  log "stopped and removed $PG_TEST_DIR"
}

cmd_start() {
  local state=$1 bindir locale port attempt
  # A leftover from an interrupted run: stop it rather than leak a server.
  if [ -s "$state" ]; then
    log "state file '$state' already describes a server; stopping that one first"
    cmd_stop "$state"
  fi

  if ! bindir=$(find_bindir); then
    install_postgres
    bindir=$(find_bindir) ||
      die "PostgreSQL server binaries (initdb, pg_ctl, postgres, pg_isready) still not found on PATH or in /usr/lib/postgresql/*/bin after installing 'postgresql'"
  fi
  log "using $("$bindir/postgres" --version) from $bindir"

  PG_TEST_USER=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    PG_TEST_USER=postgres
    if ! id postgres >/dev/null 2>&1; then
      log "creating system user 'postgres' (initdb will not run as root)"
      useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin postgres || die "could not create system user 'postgres'"
    fi
  fi

  PG_TEST_BINDIR=$bindir
  PG_TEST_DIR=$(mktemp -d /tmp/todo-pg.XXXXXX)
  PG_TEST_DATA=$PG_TEST_DIR/data
  PG_TEST_PID=""
  # Until the state file is written nobody else can clean up after us.
  PG_TEST_STARTED=""
  trap '[ -n "$PG_TEST_STARTED" ] || teardown' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  [ "$PG_TEST_USER" = "$(id -un)" ] || chown "$PG_TEST_USER": "$PG_TEST_DIR"

  locale=C
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
  log "initdb in $PG_TEST_DATA (locale $locale)"
  run_pg "$bindir/initdb" -D "$PG_TEST_DATA" -A trust -U postgres --no-sync -E UTF8 \
    --locale="$locale" >"$PG_TEST_DIR/initdb.log" 2>&1 ||
    { cat "$PG_TEST_DIR/initdb.log"; die "initdb failed (output above)"; }

  # The free port can be taken between picking and binding it: retry a few times.
  for attempt in 1 2 3; do
    port=$(free_port)
    log "starting on 127.0.0.1:$port (attempt $attempt)"
    if run_pg "$bindir/pg_ctl" -D "$PG_TEST_DATA" -l "$PG_TEST_DIR/server.log" -w -t 30 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_TEST_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
      break
    fi
    port=""
    grep -q 'could not bind' "$PG_TEST_DIR/server.log" 2>/dev/null || break
  done
  [ -n "$port" ] || { tail -n 30 "$PG_TEST_DIR/server.log" 2>/dev/null || true; die "PostgreSQL did not start (server log above)"; }

  for _ in $(seq 60); do
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
  done
  "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" || die "PostgreSQL on port $port not ready after 30 s"
  PG_TEST_PID=$(head -n1 "$PG_TEST_DATA/postmaster.pid")

  # Tests create and drop databases, hence SUPERUSER.
  local psql=$bindir/psql
  [ -x "$psql" ] || psql=$(command -v psql) || die "psql not found"
  "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE todo LOGIN SUPERUSER PASSWORD 'todo'" || die "could not create role 'todo'"

  # Write atomically so a half-written file is never sourced.
  {
    printf 'export PG_TEST_DIR=%q\n' "$PG_TEST_DIR"
    printf 'export PG_TEST_DATA=%q\n' "$PG_TEST_DATA"
    printf 'export PG_TEST_PORT=%q\n' "$port"
    printf 'export PG_TEST_PID=%q\n' "$PG_TEST_PID"
    printf 'export PG_TEST_BINDIR=%q\n' "$bindir"
    printf 'export PG_TEST_USER=%q\n' "$PG_TEST_USER"
    printf 'export TEST_DATABASE_URL=%q\n' "postgres://todo:todo@127.0.0.1:$port/postgres"
  } >"$state.tmp"
  mv -f -- "$state.tmp" "$state"
  PG_TEST_STARTED=1
  log "ready: postgres://todo:todo@127.0.0.1:$port/postgres (pid $PG_TEST_PID)"
}

case "${1:-}:${2:-}" in
  start:?*) cmd_start "$2" ;;
  stop:?*) cmd_stop "$2" ;;
  *) die "usage: $0 start|stop <statefile>" ;;
esac
