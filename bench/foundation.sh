#!/usr/bin/env bash
# Foundation benchmark: wrk on GET /api/v1/ping (the bare baseline) and on an
# authenticated GET /api/v1/org-units/{id}, same Release binary, same run: the
# "one record" bar measured on the smallest record there is, one org-unit row
# (the pages users open are in pages.sh).
# Prints a Markdown table (min / median / max over RUNS runs) and the ratio.
#
#   bench/foundation.sh                       # SQLite
#   FUNNEL_BENCH_PG=postgresql://u:p@127.0.0.1:55432/db bench/foundation.sh
#   RUNS=5 DURATION=10s CONNECTIONS=64 bench/foundation.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_PORT=18391
DEFAULT_CONNECTIONS=64
. bench/lib.sh
bench_start

# Log in, change the initial password, log in again; keep cookie and CSRF token.
jar="$dir/cookies"
login() {
  curl -sf -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$1\"}" "$base/auth/login" |
    sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p'
}
csrf=$(login "$PW")
curl -sf -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d "{\"old_password\":\"$PW\",\"new_password\":\"$PW-2\"}" "$base/auth/password" >/dev/null
csrf=$(login "$PW-2")
id=$(curl -sf -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"parent_id":null,"kind":"county","category":"county","name":"基准县纪委监委","short_name":"基准","division_code":"371723"}' \
  "$base/org-units" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
[ -n "$id" ] || { echo "bench: could not create the org unit" >&2; exit 1; }
token=$(awk '$6 == "funnel_session" { print $7 }' "$jar")
curl -sf -H "Cookie: funnel_session=$token" "$base/org-units/$id" >/dev/null

# wrk prints "Requests/sec: N" and a latency distribution with --latency.
measure() {  # url [header] → "rps p99_ms"
  local out
  if [ -n "${2:-}" ]; then
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$2" "$1")
  else
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1")
  fi
  if grep -q "Non-2xx" <<<"$out"; then echo "bench: non-2xx answers from $1" >&2; echo "$out" >&2; exit 1; fi
  local rps p99
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
  p99=$(p99_ms <<<"$out")
  echo "$rps $p99"
}

ping_rps=(); ping_p99=(); get_rps=(); get_p99=(); ratio=()
for r in $(seq "$RUNS"); do
  read -r a b < <(measure "$base/ping")
  read -r c d < <(measure "$base/org-units/$id" "Cookie: funnel_session=$token")
  ping_rps+=("$a"); ping_p99+=("$b"); get_rps+=("$c"); get_p99+=("$d")
  ratio+=("$(awk -v x="$c" -v y="$a" 'BEGIN { printf "%.2f", x / y }')")
  echo "run $r: ping $a req/s (p99 $b ms), GET org-unit $c req/s (p99 $d ms)" >&2
done
rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server/status")

if [ -n "${PERF_OUT:-}" ]; then perf record -F 999 --call-graph dwarf,16384 -p "$server" -o "$PERF_OUT" -- sleep 8 >/dev/null 2>&1 & wrk -t1 -c32 -d8s -H "Cookie: funnel_session=$token" "$base/org-units/$id" >/dev/null; sleep 2; fi

record "GET /ping" "req/s" - "${ping_rps[@]}"
record "authenticated GET /org-units/{id} (one org-unit row)" "req/s" - "${get_rps[@]}"
record "authenticated GET /org-units/{id} (one org-unit row) p99" ms - "${get_p99[@]}"
record "ratio authenticated GET of one org-unit row / ping" ratio ">=0.5" "${ratio[@]}"
cat <<EOF
Backend: $backend. wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $RUNS runs, server and wrk on the same machine.

| Measure | min / median / max |
|---|---|
| GET /api/v1/ping, req/s | $(stats "${ping_rps[@]}") |
| GET /api/v1/ping, p99 ms | $(stats "${ping_p99[@]}") |
| authenticated GET /api/v1/org-units/{id}, req/s | $(stats "${get_rps[@]}") |
| authenticated GET /api/v1/org-units/{id}, p99 ms | $(stats "${get_p99[@]}") |
| ratio GET / ping (bar ≥ 0.50) | $(stats "${ratio[@]}") |
| server RSS after the runs (VmRSS) | $((rss_kb / 1024)) MB |
EOF
