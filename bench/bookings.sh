#!/usr/bin/env bash
# Interview-room bookings (CA-2): bar >= 500 bookings/s with 50 concurrent
# clients on SQLite, and never a double booking. Two loads on a fresh
# instance (bench/bookings-prep.mjs: one township case under investigation,
# ROOMS rooms), as the township secretary:
#   free       every request a slot of its own (10 minutes, spread over the
#              rooms): all 201, bookings/s is the bar;
#   contended  the threads ask for the same slots in the same order, each
#              slot 5 times in a row, so every slot is wanted 5 × THREADS
#              times at once: one 201 each, the rest 409 (room and range
#              named).
# After each run the database is asked for two live bookings of one room
# that overlap: any is a failure. Prints a Markdown table (min / median /
# max over RUNS runs).
#
#   bench/bookings.sh                          # SQLite
#   FUNNEL_BENCH_PG=postgresql://u:p@127.0.0.1:55432/db bench/bookings.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_PORT=18398
DEFAULT_CONNECTIONS=50
. bench/lib.sh
ROOMS=${ROOMS:-50}
bench_start
read -r token csrf case_id room_ids < <(node bench/bookings-prep.mjs "http://127.0.0.1:$PORT" "$PW" "$ROOMS")
[ -n "$room_ids" ] || { echo "bench: set-up failed" >&2; exit 1; }
# Slots from tomorrow 00:00 (UTC+8) on, 10 minutes each.
t0=$(( $(TZ=Asia/Shanghai date -d "tomorrow 00:00" +%s) * 1000 ))

cat >"$dir/bookings.lua" <<LUA
local rooms = {}
for id in string.gmatch("$room_ids", "[^,]+") do rooms[#rooms + 1] = id end
local kind = os.getenv("KIND")
local run = tonumber(os.getenv("RUN"))
local threads, count = {}, 0
created, conflicts, other = 0, 0, 0
local n = 0
function setup(thread) count = count + 1; thread:set("tid", count); table.insert(threads, thread) end
function init(args)
  wrk.headers["Cookie"] = "funnel_session=$token"
  wrk.headers["X-CSRF-Token"] = "$csrf"
  wrk.headers["Content-Type"] = "application/json"
end
local function iso(ms)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(ms / 1000))
end
function request()
  n = n + 1
  -- free: thread-distinct slots; contended: every thread the same sequence,
  -- each slot asked for by 5 consecutive requests (other connections).
  local idx = kind == "free" and ((n - 1) * $THREADS + tid - 1) or math.floor((n - 1) / 5)
  local room = rooms[(idx % #rooms) + 1]
  -- Each run (and kind) its own day band, so runs never meet earlier bookings.
  local band = (kind == "free" and 0 or 100) + run * 15
  local slot = math.floor(idx / #rooms)
  local start = $t0 + band * 86400000 + slot * 600000
  local body = string.format('{"case_id":$case_id,"start":"%s","end":"%s"}', iso(start), iso(start + 600000))
  return wrk.format("POST", "/api/v1/interview-rooms/" .. room .. "/bookings", nil, body)
end
function response(status, headers, body)
  if status == 201 then created = created + 1 elseif status == 409 then conflicts = conflicts + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local c, k, o = 0, 0, 0
  for _, t in ipairs(threads) do c = c + t:get("created"); k = k + t:get("conflicts"); o = o + t:get("other") end
  io.write(string.format("CREATED %d\nCONFLICTS %d\nOTHER %d\n", c, k, o))
  io.write(string.format("P95_MS %.2f\n", latency:percentile(95) / 1000))
  io.write(string.format("ERRORS %d\n", summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

sql() {
  if [ "$backend" = sqlite ]; then sqlite3 -batch "$dir/funnel.db" "$1"; else psql -X -q -A -t "$FUNNEL_BENCH_PG" -c "$1"; fi
}
doubles() {
  sql "SELECT COUNT(*) FROM interview_bookings a JOIN interview_bookings b ON b.room_id = a.room_id AND b.id > a.id
       AND a.cancelled = 0 AND b.cancelled = 0 AND a.start_at < b.end_at AND b.start_at < a.end_at"
}

secs=${DURATION%s}
measure() {  # kind run → "bookings/s p95 p99 created conflicts"
  local out
  out=$(KIND=$1 RUN=$2 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$dir/bookings.lua" "http://127.0.0.1:$PORT")
  if ! grep -q "^ERRORS 0" <<<"$out" || ! grep -q "^OTHER 0" <<<"$out"; then echo "bench: errors in $1" >&2; echo "$out" >&2; exit 1; fi
  local created conflicts p95 p99
  created=$(awk '$1 == "CREATED" { print $2 }' <<<"$out")
  conflicts=$(awk '$1 == "CONFLICTS" { print $2 }' <<<"$out")
  p95=$(awk '$1 == "P95_MS" { print $2 }' <<<"$out")
  p99=$(p99_ms <<<"$out")
  echo "$((created / secs)) $p95 $p99 $created $conflicts"
}

declare -A R
total_doubles=0
for k in ${KINDS:-free contended}; do
  for r in $(seq "$RUNS"); do
    read -r a b c created conflicts < <(measure "$k" "$r")
    d=$(doubles)
    total_doubles=$((total_doubles + d))
    R[$k.rps]+="$a "; R[$k.p95]+="$b "; R[$k.p99]+="$c "; R[$k.conf]+="$conflicts "
    echo "run $r $k: $a bookings/s ($created created, $conflicts refused), p95 $b ms, p99 $c ms, double bookings $d" >&2
  done
done
[ "$total_doubles" = 0 ] || { echo "bench: $total_doubles double bookings" >&2; exit 1; }
live=$(sql "SELECT COUNT(*) FROM interview_bookings WHERE cancelled = 0")

record "POST /interview-rooms/{id}/bookings, free slots (bookings/s)" "bookings/s" ">=500" ${R[free.rps]:-}
record "POST /interview-rooms/{id}/bookings, free slots p95" ms - ${R[free.p95]:-}
record "POST /interview-rooms/{id}/bookings, contended slots (bookings/s)" "bookings/s" - ${R[contended.rps]:-}
record "double bookings after all runs" count "<1" "$total_doubles"
cat <<EOF
Backend: $backend. $ROOMS rooms of one township, one case under investigation, as its township secretary.
wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $RUNS runs, server and wrk on the same machine; 10-minute slots.

| Measure | bookings/s (201) | p95 ms | p99 ms | 409 per run |
|---|---|---|---|---|
| free slots (each request its own) | $(stats ${R[free.rps]:-}) | $(stats ${R[free.p95]:-}) | $(stats ${R[free.p99]:-}) | $(stats ${R[free.conf]:-}) |
| contended slots (each wanted $((5 * THREADS)) times at once) | $(stats ${R[contended.rps]:-}) | $(stats ${R[contended.p95]:-}) | $(stats ${R[contended.p99]:-}) | $(stats ${R[contended.conf]:-}) |

Live bookings after the runs: $live; two live bookings of one room overlapping: $total_doubles.
EOF
