#!/usr/bin/env bash
# Bounded memory (issue 26): the server's RSS after each of ROUNDS (10)
# repeated rounds of the registration load and the petition-detail load,
# MEM_DURATION each, on the county set (or BENCH_DIR). Growth that goes on
# from round to round is a leak or an unbounded cache; a step in the first
# rounds that then stays is what the allocator and SQLite's page caches keep.
#
#   bench/memory.sh
#   ROUNDS=3 MEM_DURATION=2s bench/memory.sh
#   FUNNEL_BENCH_PG=postgresql://u:p@127.0.0.1:55432/db bench/memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_PORT=18397
DEFAULT_CONNECTIONS=16
. bench/lib.sh
ROUNDS=${ROUNDS:-10}
MEM_DURATION=${MEM_DURATION:-5s}
GEN_ARGS=${GEN_ARGS:---scale county}
bench_start gen

jar="$dir/cookies"
csrf=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"gen_township\",\"password\":\"$PW\"}" "$base/auth/login" |
  sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
token=$(awk '$6 == "funnel_session" { print $7 }' "$jar")
[ -n "$token" ] && [ -n "$csrf" ] || { echo "bench: login failed" >&2; exit 1; }
today=$(TZ=Asia/Shanghai date +%F)
sleep 1
rss() { awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$server/status"; }
anon() { awk '/^RssAnon:/ { print int($2 / 1024) }' "/proc/$server/status"; }
idle=$(rss)

# The detail reads walk the 100 newest in scope; the registrations add
# petitions (each a few near-duplicates of the others: the same template).
curl -sf -H "Cookie: funnel_session=$token" "$base/petitions?page=1&page_size=100" |
  grep -o '"id":[0-9]*,"number"' | sed 's/"id":\([0-9]*\).*/\1/' >"$dir/ids"
cat >"$dir/memory.lua" <<LUA
local kind = os.getenv("KIND")
local ids, n, tid = {}, 0, 0
for w in io.open("$dir/ids"):read("*a"):gmatch("%d+") do ids[#ids + 1] = w end
function setup(thread) tid = tid + 1; thread:set("tid", tid) end
function init(args)
  wrk.headers["Cookie"] = "funnel_session=$token"
  wrk.headers["X-CSRF-Token"] = "$csrf"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  n = n + 1
  if kind == "register" then
    local body = string.format('{"channel":"letter","type":"accusation","summary":"内存基准%d-%d","content":"反映基准村第%d组村干部在低保评定中优亲厚友，截留低保金%d元。","category":"mass","subcategory":"minimum_living","received_day":"$today","persons":[{"name":"基准人%d","unit_name":"基准村委会","cadre_level":"village_cadre"}]}', tid, n, n, n * 7, n % 100)
    return wrk.format("POST", "/api/v1/petitions", nil, body)
  end
  return wrk.format("GET", "/api/v1/petitions/" .. ids[(n % #ids) + 1])
end
function done(summary, latency, requests)
  io.write(string.format("ERRORS %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
load() {  # kind → requests done
  local out
  out=$(KIND=$1 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$MEM_DURATION" --timeout 10s -s "$dir/memory.lua" "http://127.0.0.1:$PORT")
  if grep -q "Non-2xx" <<<"$out" || ! grep -q "^ERRORS 0" <<<"$out"; then echo "bench: errors in $1" >&2; echo "$out" >&2; exit 1; fi
  awk '/requests in/ { print $1 }' <<<"$out"
}

rows=() after=()
regs=0 reads=0
for r in $(seq "$ROUNDS"); do
  a=$(load register); b=$(load detail)
  regs=$((regs + a)) reads=$((reads + b))
  m=$(rss) h=$(anon)
  after+=("$m")
  rows+=("| $r | $a | $b | $m | $h |")
  echo "round $r: $a registrations, $b detail reads, RSS $m MB (heap $h MB)" >&2
done
first=${after[0]} last=${after[$((ROUNDS - 1))]}
record "server RSS after round 1 of registrations + detail reads" MB - "$first"
record "server RSS after round $ROUNDS of registrations + detail reads" MB "<100" "$last"
record "server RSS growth from round 2 to round $ROUNDS" MB - "$((last - ${after[1]:-$first}))"
{
  echo "Backend: $backend. Data: ${BENCH_DIR:-funnel gen $GEN_ARGS}; gen_township; wrk -t$THREADS -c$CONNECTIONS,"
  echo "$ROUNDS rounds of $MEM_DURATION registrations then $MEM_DURATION petition-detail reads; $regs registrations and $reads reads in all."
  echo
  echo "| Round | registrations | detail reads | RSS after, MB | of which heap (RssAnon), MB |"
  echo "|---|---|---|---|---|"
  echo "| idle after start | | | $idle | |"
  printf '%s\n' "${rows[@]}"
}
