#!/usr/bin/env bash
# Runs the test suites against the built binary: unit (SQLite, then the
# storage tests again on PostgreSQL), API (SQLite and PostgreSQL), e2e.
# With an argument (unit | api | e2e) runs only that part.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
fail=0

pg_started=0
start_pg() {
  if [ $pg_started -eq 0 ]; then
    eval "$(tests/scripts/pg.sh start)"
    pg_started=1
    trap 'tests/scripts/pg.sh stop >/dev/null 2>&1 || true' EXIT
  fi
}

run() {  # name, command…
  local name=$1; shift
  echo "=== $name"
  if "$@"; then echo "=== $name: ok"; else echo "=== $name: FAILED"; fail=1; fi
}

if [ "$what" = all ] || [ "$what" = unit ]; then
  run "unit tests (SQLite)" ctest --test-dir build --output-on-failure -j 2
  start_pg
  run "storage tests (PostgreSQL)" env FUNNEL_TEST_PG="$FUNNEL_TEST_PG" build/unit_tests --gtest_filter='Store*:Audit*' --gtest_brief=1
fi
if [ "$what" = all ] || [ "$what" = api ]; then
  # Redocly's recommended rules (redocly.yaml); no telemetry, no update check.
  run "OpenAPI lint (Redocly)" env REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    tests/api/node_modules/.bin/redocly lint --format=summary docs/openapi.yaml
  start_pg
  run "API tests (SQLite)" env FUNNEL_TEST_DB=sqlite node --test --test-concurrency=1 tests/api/
  run "API tests (PostgreSQL)" env FUNNEL_TEST_DB=postgresql FUNNEL_TEST_PG="$FUNNEL_TEST_PG" node --test --test-concurrency=1 tests/api/
fi
if [ "$what" = all ] || [ "$what" = e2e ]; then
  run "browser tests (Chromium)" node --test --test-concurrency=1 tests/e2e/
fi
exit $fail
