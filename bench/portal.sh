#!/usr/bin/env bash
# Portal submission (IN-6): proof-of-work verification, encryption of the
# reporter, petition registration as a web report with its receipt — the
# bar is >= 500/s on 2 cores, excluding the browser's work (the challenges
# are fetched and solved before the run). Demo county, no rate limits.
#
#   bench/portal.sh            # SQLite;  FUNNEL_BENCH_PG=… for PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_PORT=18396
DEFAULT_CONNECTIONS=32
. bench/lib.sh
# Difficulty 1: the server's check is one SHA-256 whatever the difficulty.
SERVE_ARGS="--portal-pow-bits 1 --portal-submit-per-hour 0 --portal-login-per-hour 0 --portal-upload-per-hour 0"
bench_start demo
portal="http://127.0.0.1:$((PORT + 1))"
read -r county township < <(curl -sf "$portal/api/v1/portal/info" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const c = JSON.parse(s).counties[0]; console.log(c.id, c.townships[0].id) })')
need=${CHALLENGES:-40000}
node bench/portal-prep.mjs "$portal" "$need" >"$dir/solved.txt"

cat >"$dir/portal.lua" <<LUA
local lines, i, step = {}, 0, 1
local count = 0
function setup(thread) count = count + 1; thread:set("tid", count) end
function init(args)
  for l in io.lines("$dir/solved.txt") do lines[#lines + 1] = l end
  wrk.headers["Content-Type"] = "application/json"
  step = $THREADS
  i = tid - step
end
function request()
  i = i + step
  local line = lines[i]
  if not line then return wrk.format("GET", "/api/v1/portal/ping") end
  local ch, nonce = line:match("(%S+) (%S+)")
  local body = string.format('{"challenge":"%s","nonce":"%s","county_id":$county,"township_id":$township,"anonymous":true,"persons":[{"name":"基准人%d","unit_name":"基准村委会","post":"村主任"}],"category":"mass","summary":"网上举报基准%d","content":"反映基准村村干部在低保评定中优亲厚友，截留低保金%d元。"}', ch, nonce, i % 500, i, i * 7)
  return wrk.format("POST", "/api/v1/portal/reports", nil, body)
end
function done(summary, latency, requests)
  io.write(string.format("P95_MS %.2f\n", latency:percentile(95) / 1000))
  io.write(string.format("ERRORS %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$dir/portal.lua" "http://127.0.0.1:$((PORT + 1))")
if grep -q "Non-2xx" <<<"$out" || ! grep -q "^ERRORS 0" <<<"$out"; then echo "bench: errors" >&2; echo "$out" >&2; exit 1; fi
rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
p95=$(awk '$1 == "P95_MS" { print $2 }' <<<"$out")
p99=$(p99_ms <<<"$out")
used=$(awk 'END { print NR }' "$dir/solved.txt")
echo "Backend: $backend. wrk -t$THREADS -c$CONNECTIONS -d$DURATION; $used solved challenges prepared (a request without one would be a ping: the run must not exhaust them)."
echo
echo "| Measure | req/s | p95 ms | p99 ms |"
echo "|---|---|---|---|"
echo "| POST /portal/reports (bar >= 500/s) | $rps | $p95 | $p99 |"
total=$((${rps%.*} * ${DURATION%s}))
[ "$total" -lt "$used" ] || echo "WARNING: the run may have used up the prepared challenges ($total > $used)" >&2
