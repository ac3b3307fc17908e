# Shared set-up of the bench scripts (sourced): knobs, a fresh instance in a
# temporary directory on SQLite or FUNNEL_BENCH_PG, the server on PORT, and
# its shutdown on exit. Set DEFAULT_PORT and DEFAULT_CONNECTIONS first.
BIN=${FUNNEL_BIN:-build/funnel}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-$DEFAULT_CONNECTIONS}
THREADS=${THREADS:-2}
PORT=${PORT:-$DEFAULT_PORT}
PW='Bench-Pass-2026!'
command -v wrk >/dev/null || { echo "bench: wrk missing (apt-get install wrk)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "bench: $BIN missing (make build)" >&2; exit 2; }

# BENCH_DIR: an instance prepared before (e.g. by `funnel gen --scale
# province`), used as it is and kept; otherwise a fresh one in a temp dir.
dir=${BENCH_DIR:-$(mktemp -d)}
server=""
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  if [ -n "${BENCH_KEEP:-}${BENCH_DIR:-}" ]; then echo "bench: kept $dir" >&2; else rm -rf "$dir"; fi
}
trap cleanup EXIT

db_args=()
backend=sqlite
if [ -n "${FUNNEL_BENCH_PG:-}" ]; then
  db_args=(--database "$FUNNEL_BENCH_PG")
  backend=postgresql
fi

# bench_start [demo|gen]: init and the demo county or `funnel gen $GEN_ARGS`
# (unless BENCH_DIR is given), serve, wait for /ping; sets $base.
bench_start() {
  if [ -z "${BENCH_DIR:-}" ]; then
    FUNNEL_ADMIN_PASSWORD="$PW" "$BIN" init --data-dir "$dir" "${db_args[@]}" >/dev/null
    if [ "${1:-}" = demo ]; then FUNNEL_DEMO_PASSWORD="$PW" "$BIN" demo --data-dir "$dir" "${db_args[@]}" >/dev/null; fi
    # shellcheck disable=SC2086
    if [ "${1:-}" = gen ]; then FUNNEL_DEMO_PASSWORD="$PW" "$BIN" gen --data-dir "$dir" "${db_args[@]}" ${GEN_ARGS:-} >/dev/null; fi
  fi
  # Measure a settled PostgreSQL: after a load, autovacuum otherwise works
  # through the new rows during the first runs (search varied 620–920 req/s).
  if [ "$backend" = postgresql ] && [ -n "${1:-}" ]; then PGOPTIONS="-c client_min_messages=error" psql -q "$FUNNEL_BENCH_PG" -c "VACUUM ANALYZE"; fi
  "$BIN" serve --data-dir "$dir" "${db_args[@]}" ${SERVE_ARGS:-} --listen "127.0.0.1:$PORT" --portal-listen "127.0.0.1:$((PORT + 1))" --web-root "$dir" >"$dir/server.log" 2>&1 &
  server=$!
  base="http://127.0.0.1:$PORT/api/v1"
  for _ in $(seq 100); do curl -sf "$base/ping" >/dev/null && break; sleep 0.1; done
  # Another server on the port would answer the pings: this one must live.
  kill -0 "$server" 2>/dev/null || { echo "bench: the server did not start (port $PORT busy?)" >&2; cat "$dir/server.log" >&2; exit 1; }
}

# p99 in ms from wrk --latency output on stdin.
p99_ms() {
  awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.2f", v }'
}

# stats values… → "min / median / max"
stats() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%s / %s / %s", v[1], v[int((NR + 1) / 2)], v[NR] }'; }

# record measure unit bar values…: one line for bench/run.sh's results table
# when RESULTS names a file (scenario, measure, unit, bar, the runs' values,
# tab-separated). The bar is "<N", ">=N" or "-" and is judged on the median.
record() {
  [ -n "${RESULTS:-}" ] || return 0
  local measure=$1 unit=$2 bar=$3
  shift 3
  printf '%s\t%s\t%s\t%s\t%s\n' "${SCENARIO:-$backend}" "$measure" "$unit" "$bar" "$*" >>"$RESULTS"
}
