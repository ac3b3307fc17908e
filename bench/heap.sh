#!/usr/bin/env bash
# Peak heap of the server under load, measured by heaptrack (Debian package):
# the server runs under heaptrack on the county set while wrk registers
# petitions, searches and reads petition details for HEAP_DURATION each; heaptrack_print's "peak heap
# memory consumption" is the figure (every allocation counted, so the server
# runs several times slower than usual; only the peak matters here).
#
#   bench/heap.sh
#   HEAP_DURATION=3s bench/heap.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_PORT=18395
DEFAULT_CONNECTIONS=16
. bench/lib.sh
command -v heaptrack >/dev/null || { echo "bench: heaptrack missing (apt-get install heaptrack)" >&2; exit 2; }
HEAP_DURATION=${HEAP_DURATION:-5s}

FUNNEL_ADMIN_PASSWORD="$PW" "$BIN" init --data-dir "$dir" "${db_args[@]}" >/dev/null
FUNNEL_DEMO_PASSWORD="$PW" "$BIN" gen --data-dir "$dir" "${db_args[@]}" --scale county >/dev/null
heaptrack -o "$dir/heap" "$BIN" serve --data-dir "$dir" "${db_args[@]}" --listen "127.0.0.1:$PORT" --portal-listen off \
  --web-root "$dir" >"$dir/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$PORT/api/v1"
for _ in $(seq 300); do curl -sf "$base/ping" >/dev/null && break; sleep 0.1; done
sleep 1
grep -q "Address already in use" "$dir/server.log" && { echo "bench: port $PORT busy" >&2; exit 1; }
trap 'pkill -TERM -f -- "serve --data-dir $dir" 2>/dev/null || true; cleanup' EXIT

jar="$dir/cookies"
csrf=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"gen_township\",\"password\":\"$PW\"}" "$base/auth/login" |
  sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
token=$(awk '$6 == "funnel_session" { print $7 }' "$jar")
[ -n "$token" ] || { echo "bench: login failed" >&2; exit 1; }
today=$(TZ=Asia/Shanghai date +%F)
cat >"$dir/register.lua" <<LUA
local n = 0
wrk.method = "POST"
wrk.headers["Cookie"] = "funnel_session=$token"
wrk.headers["X-CSRF-Token"] = "$csrf"
wrk.headers["Content-Type"] = "application/json"
function request()
  n = n + 1
  return wrk.format(nil, "/api/v1/petitions", nil, string.format('{"channel":"letter","type":"accusation","summary":"内存基准%d","content":"反映某村干部在低保评定中优亲厚友%d。","category":"mass","subcategory":"minimum_living","received_day":"$today","persons":[{"name":"基准人%d","unit_name":"基准村委会","cadre_level":"village_cadre"}]}', n, n, n % 100))
end
LUA
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$HEAP_DURATION" -s "$dir/register.lua" "http://127.0.0.1:$PORT" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$HEAP_DURATION" -H "Cookie: funnel_session=$token" \
  "$base/petitions?q=%E4%BD%8E%E4%BF%9D" >/dev/null
# The petition detail, the 100 newest in scope in turn (issue 26).
curl -sf -H "Cookie: funnel_session=$token" "$base/petitions?page=1&page_size=100" |
  grep -o '"id":[0-9]*,"number"' | sed 's/"id":\([0-9]*\).*/\1/' >"$dir/ids"
cat >"$dir/detail.lua" <<LUA
local ids, n = {}, 0
for w in io.open("$dir/ids"):read("*a"):gmatch("%d+") do ids[#ids + 1] = w end
wrk.headers["Cookie"] = "funnel_session=$token"
function request() n = n + 1; return wrk.format("GET", "/api/v1/petitions/" .. ids[(n % #ids) + 1]) end
LUA
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$HEAP_DURATION" -s "$dir/detail.lua" "http://127.0.0.1:$PORT" >/dev/null
# heaptrack is a wrapper: stop the server itself, then let heaptrack finish.
pkill -TERM -f -- "serve --data-dir $dir" || true
wait "$server" || true
server=""
file=$(ls "$dir"/heap*.zst "$dir"/heap*.gz 2>/dev/null | head -1 || true)
[ -n "$file" ] || { echo "bench: heaptrack wrote no file" >&2; exit 1; }
peak=$(heaptrack_print "$file" 2>/dev/null | awk '/^peak heap memory consumption:/ { print $5 }')
peak_mb=$(awk -v p="$peak" 'BEGIN { u = substr(p, length(p) - 1); v = p + 0;
  if (u ~ /K/) v /= 1024; else if (u ~ /G/) v *= 1024; else if (u !~ /M/) v /= 1048576; printf "%.1f", v }')
echo "peak heap under heaptrack: $peak ($peak_mb MB)" >&2
record "peak heap under load (heaptrack: registrations, searches and petition details, ${HEAP_DURATION} each)" MB - "$peak_mb"
cat <<EOF
Backend: $backend. Server under heaptrack on the county set; wrk -t$THREADS -c$CONNECTIONS, $HEAP_DURATION of registrations, $HEAP_DURATION of searches, then $HEAP_DURATION of petition details.

| Measure | value |
|---|---|
| peak heap memory consumption | $peak |
EOF
