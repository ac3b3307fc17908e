#!/usr/bin/env bash
# 1,000 keep-alive connections for 60 s, zero errors (engineering.md): wrk
# holds CONNS connections open on an authenticated GET /auth/me for
# CONN_DURATION and every request must succeed (no connect, read, write or
# timeout error, no non-2xx answer).
#
#   bench/connections.sh
#   CONNS=200 CONN_DURATION=10s bench/connections.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_PORT=18394
DEFAULT_CONNECTIONS=1000
. bench/lib.sh
CONNS=${CONNS:-1000}
CONN_DURATION=${CONN_DURATION:-60s}
ulimit -n 4096 2>/dev/null || true
bench_start

jar="$dir/cookies"
curl -sf -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PW\"}" "$base/auth/login" >/dev/null
token=$(awk '$6 == "funnel_session" { print $7 }' "$jar")
[ -n "$token" ] || { echo "bench: login failed" >&2; exit 1; }

out=$(wrk -t"$THREADS" -c"$CONNS" -d"$CONN_DURATION" --timeout 10s --latency \
  -H "Cookie: funnel_session=$token" "$base/auth/me")
errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10; found = 1 } END { if (!found) print 0 }' <<<"$out")
kinds=$(awk '/Socket errors:/ { gsub(",", ""); printf "connect %s, read %s, write %s, timeout %s", $4, $6, $8, $10; found = 1 } END { if (!found) printf "none" }' <<<"$out")
non2xx=$(awk '/Non-2xx/ { print $NF; found = 1 } END { if (!found) print 0 }' <<<"$out")
rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
p99=$(p99_ms <<<"$out")
echo "$CONNS connections for $CONN_DURATION: $rps req/s, p99 $p99 ms, $errors socket errors, $non2xx non-2xx" >&2
record "$CONNS keep-alive connections for $CONN_DURATION, errors" count "<1" $((errors + non2xx))
record "$CONNS keep-alive connections, GET /auth/me" "req/s" - "$rps"
record "$CONNS keep-alive connections, GET /auth/me p99" ms - "$p99"
cat <<EOF
Backend: $backend. wrk -t$THREADS -c$CONNS -d$CONN_DURATION on an authenticated GET /auth/me.

| Measure | value |
|---|---|
| requests/s | $rps |
| p99 ms | $p99 |
| socket errors | $errors ($kinds) |
| non-2xx answers | $non2xx |
EOF
