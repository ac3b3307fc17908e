#!/usr/bin/env bash
# Private, throwaway PostgreSQL 15 server for tests.
#
#   eval "$(tests/scripts/pg.sh start)"   # prints export FUNNEL_TEST_PG=... FUNNEL_TEST_PGDATA=...
#   tests/scripts/pg.sh env                # prints the same exports again (if running)
#   tests/scripts/pg.sh status             # exit 0 when running
#   tests/scripts/pg.sh createdb NAME      # prints the URL of a fresh database NAME
#   tests/scripts/pg.sh dropdb NAME
#   tests/scripts/pg.sh stop               # stops the server and deletes its directory
#
# The cluster lives in a fresh temporary directory owned by the `postgres`
# user, listens only on 127.0.0.1 on a free port (55432 and up) and keeps its
# unix socket inside that directory. Role `funnel` (password `funnel`, CREATEDB)
# logs in over TCP with scram-sha-256; only the local socket (reachable by
# postgres/root only) trusts.
#
# A database per test run, without this script:
#   psql "$FUNNEL_TEST_PG/postgres" -c 'CREATE DATABASE funnel_t123'
#   ... use $FUNNEL_TEST_PG/funnel_t123 ...
#   psql "$FUNNEL_TEST_PG/postgres" -c 'DROP DATABASE funnel_t123 WITH (FORCE)'
# (or: PGPASSWORD=funnel createdb -h 127.0.0.1 -p PORT -U funnel funnel_t123)
#
# `start` is idempotent: when the server of the state file is running it only
# prints the exports. The state file is $FUNNEL_PG_STATE, by default one per
# checkout (/tmp/funnel-test-pg-<hash of this checkout's path>.state): a
# worktree's or a CI clone's `stop` never stops another checkout's server.
set -euo pipefail

CHECKOUT=$(cd "$(dirname "$0")/../.." && pwd)
STATE="${FUNNEL_PG_STATE:-/tmp/funnel-test-pg-$(printf %s "$CHECKOUT" | md5sum | cut -c1-12).state}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PGUSER_OS=postgres

die() { echo "pg.sh: $*" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    # From /: the postgres user may not enter the caller's working directory.
    (cd / && runuser -u "$PGUSER_OS" -- "$@")
  elif [ "$(id -un)" = "$PGUSER_OS" ]; then
    "$@"
  else
    die "must run as root or as $PGUSER_OS"
  fi
}

ensure_installed() {
  if [ ! -x "$PGBIN/initdb" ]; then
    [ "$(id -u)" = 0 ] || die "$PGBIN/initdb missing; install postgresql-15"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql-15 >/dev/null
    # The Debian package starts a system cluster on 5432; we do not use it.
  fi
  [ -x "$PGBIN/initdb" ] || die "initdb still missing after install"
  id "$PGUSER_OS" >/dev/null 2>&1 || die "no $PGUSER_OS user"
}

read_state() {
  PGDATA_DIR=""; PORT=""
  [ -f "$STATE" ] || return 1
  # shellcheck disable=SC1090
  . "$STATE"
  [ -n "$PGDATA_DIR" ] && [ -n "$PORT" ]
}

is_running() {
  read_state || return 1
  [ -d "$PGDATA_DIR/data" ] || return 1
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" status >/dev/null 2>&1
}

print_env() {
  echo "export FUNNEL_TEST_PG=postgresql://funnel:funnel@127.0.0.1:$PORT"
  echo "export FUNNEL_TEST_PGDATA=$PGDATA_DIR/data"
}

port_in_use() {
  # Anything listening on this TCP port (any address)?
  ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  return 1
}

super_psql() {
  as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGDATA_DIR/sock" -p "$PORT" -d postgres "$@"
}

cmd_start() {
  if is_running; then print_env; return 0; fi
  # Stale state from a crashed run: clean up what we can.
  if read_state; then
    [ -d "$PGDATA_DIR/data" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" stop -m immediate >/dev/null 2>&1 || true
    case "$PGDATA_DIR" in /tmp/funnel-pg.*) rm -rf "$PGDATA_DIR" ;; esac
    rm -f "$STATE"
  fi
  ensure_installed
  PGDATA_DIR="$(mktemp -d /tmp/funnel-pg.XXXXXX)"
  mkdir -p "$PGDATA_DIR/sock"
  chown -R "$PGUSER_OS": "$PGDATA_DIR"
  chmod 700 "$PGDATA_DIR"
  as_pg "$PGBIN/initdb" -D "$PGDATA_DIR/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$PGDATA_DIR/initdb.log" 2>&1 \
    || { cat "$PGDATA_DIR/initdb.log" >&2; die "initdb failed"; }
  cat >"$PGDATA_DIR/data/pg_hba.conf" <<EOF
local all all trust
host  all all 127.0.0.1/32 scram-sha-256
EOF
  local started=""
  for PORT in $(seq 55432 55532); do
    port_in_use "$PORT" && continue
    if as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$PGDATA_DIR/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c password_encryption=scram-sha-256" \
        start >/dev/null 2>&1; then
      started=1; break
    fi
  done
  [ -n "$started" ] || { tail -n 20 "$PGDATA_DIR/server.log" >&2 || true; die "could not start postgres"; }
  printf 'PGDATA_DIR=%q\nPORT=%q\n' "$PGDATA_DIR" "$PORT" >"$STATE"
  super_psql -c "CREATE ROLE funnel LOGIN CREATEDB PASSWORD 'funnel'" >/dev/null
  print_env
}

cmd_stop() {
  if read_state; then
    if [ -d "$PGDATA_DIR/data" ]; then
      as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" stop -m fast -w -t 30 >/dev/null 2>&1 \
        || as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" stop -m immediate >/dev/null 2>&1 || true
    fi
    case "$PGDATA_DIR" in /tmp/funnel-pg.*) rm -rf "$PGDATA_DIR" ;; esac
    rm -f "$STATE"
  fi
  return 0
}

check_dbname() {
  [[ "$1" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "bad database name: $1"
}

cmd_createdb() {
  [ $# -eq 1 ] || die "usage: pg.sh createdb NAME"
  check_dbname "$1"
  is_running || die "not running (pg.sh start first)"
  super_psql -c "CREATE DATABASE $1 OWNER funnel" >/dev/null
  echo "postgresql://funnel:funnel@127.0.0.1:$PORT/$1"
}

cmd_dropdb() {
  [ $# -eq 1 ] || die "usage: pg.sh dropdb NAME"
  check_dbname "$1"
  is_running || die "not running"
  super_psql -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) is_running || die "not running"; print_env ;;
  status) if is_running; then echo "running on 127.0.0.1:$PORT ($PGDATA_DIR)"; else echo "not running"; exit 1; fi ;;
  createdb) shift; cmd_createdb "$@" ;;
  dropdb) shift; cmd_dropdb "$@" ;;
  *) echo "usage: $0 start|stop|env|status|createdb NAME|dropdb NAME" >&2; exit 2 ;;
esac
