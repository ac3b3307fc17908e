#!/usr/bin/env bash
# Run the API suite twice: on SQLite, then on a throwaway PostgreSQL 15
# (started and stopped with tests/scripts/pg.sh). Exits non-zero when any run
# fails. Needs build/funnel (make build), node ≥ 20, sqlite3 and psql.
#
#   tests/api/run.sh                 # both backends
#   tests/api/run.sh sqlite          # one backend
#   tests/api/run.sh postgresql tests/api/users.test.mjs   # some files
#   FUNNEL_TEST_PG=postgresql://funnel:funnel@127.0.0.1:55432 tests/api/run.sh postgresql
#                                    # use an already running server
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

BACKENDS=(sqlite postgresql)
if [ $# -gt 0 ] && { [ "$1" = sqlite ] || [ "$1" = postgresql ]; }; then
  BACKENDS=("$1")
  shift
fi
FILES=("$@")
[ ${#FILES[@]} -gt 0 ] || FILES=(tests/api/)

if [ ! -x "${FUNNEL_BIN:-$ROOT/build/funnel}" ]; then
  echo "run.sh: ${FUNNEL_BIN:-$ROOT/build/funnel} missing (make build)" >&2
  exit 1
fi
# sqlite3 and psql (tamper tests, test databases): install when missing.
if ! command -v sqlite3 >/dev/null || ! command -v psql >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq sqlite3 postgresql-client-15 >/dev/null
  fi
fi
for tool in node sqlite3 psql; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found" >&2; exit 1; }
done

# With FUNNEL_TEST_PG already set, that server is used and left running;
# otherwise a private one is started (own state file) and stopped at the end.
export FUNNEL_PG_STATE="$(mktemp -u /tmp/funnel-api-pg.XXXXXX).state"
PG_STARTED=""
cleanup() {
  if [ -n "$PG_STARTED" ]; then
    tests/scripts/pg.sh stop || true
  fi
}
trap cleanup EXIT INT TERM

NODE_FLAGS=(--test --test-reporter=spec)
# A hung test must not hang CI: per-test timeout where node supports it.
if node --help 2>/dev/null | grep -q -- '--test-timeout'; then
  NODE_FLAGS+=(--test-timeout=600000)
fi

status=0
summary=()
for backend in "${BACKENDS[@]}"; do
  if [ "$backend" = postgresql ] && [ -z "${FUNNEL_TEST_PG:-}" ]; then
    if ! out="$(tests/scripts/pg.sh start)"; then
      echo "run.sh: could not start PostgreSQL" >&2
      status=1
      summary+=("postgresql: NOT RUN (PostgreSQL did not start)")
      continue
    fi
    PG_STARTED=1
    eval "$out"
  fi
  echo "=== API tests on $backend ==="
  FUNNEL_TEST_DB="$backend" node "${NODE_FLAGS[@]}" "${FILES[@]}"
  rc=$?
  if [ $rc -ne 0 ]; then
    status=1
    summary+=("$backend: FAILED (exit $rc)")
  else
    summary+=("$backend: passed")
  fi
done

echo "=== API test summary ==="
printf '%s\n' "${summary[@]}"
exit $status
