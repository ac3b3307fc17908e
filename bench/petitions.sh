#!/usr/bin/env bash
# Petition benchmarks on the demo county (funnel demo), as a scoped township
# user (demo_township), same Release binary and run as the bare ping:
# registration (numbering, duplicate index, search index, audit), Chinese
# search for a 2-character word, a ledger page, the duplicate check; the
# clue list's page and the clue funnel (a dashboard aggregate) in the same scope.
# Prints a Markdown table (min / median / max over RUNS runs).
#
#   bench/petitions.sh                       # SQLite
#   FUNNEL_BENCH_PG=postgresql://u:p@127.0.0.1:55432/db bench/petitions.sh
#   KINDS="ping register" RUNS=1 bench/petitions.sh   # a subset
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_PORT=18392
DEFAULT_CONNECTIONS=32
. bench/lib.sh
# DATA=gen measures on `funnel gen $GEN_ARGS` (or BENCH_DIR) as gen_township.
DATA=${DATA:-demo}
USER_NAME=$([ "$DATA" = gen ] && echo gen_township || echo demo_township)
bench_start "$DATA"

jar="$dir/cookies"
csrf=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$USER_NAME\",\"password\":\"$PW\"}" "$base/auth/login" |
  sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
token=$(awk '$6 == "funnel_session" { print $7 }' "$jar")
[ -n "$token" ] && [ -n "$csrf" ] || { echo "bench: login failed" >&2; exit 1; }
# Idle: after start and login, before any load.
sleep 1
idle_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server/status")
stored=$(curl -sf -H "Cookie: funnel_session=$token" "$base/petitions?page_size=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
today=$(TZ=Asia/Shanghai date +%F)

# One Lua file: POST bodies that differ per request (registration, duplicate
# check) or a plain GET; done() prints the p95 that wrk's table lacks.
cat >"$dir/bench.lua" <<LUA
local kind = os.getenv("KIND")
local n, tid = 0, 0
local threads = {}
function setup(thread) tid = tid + 1; thread:set("tid", tid) end
function init(args)
  wrk.headers["Cookie"] = "funnel_session=$token"
  wrk.headers["X-CSRF-Token"] = "$csrf"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  n = n + 1
  if kind == "register" then
    local body = string.format('{"channel":"letter","type":"accusation","summary":"基准登记%d-%d","content":"反映基准村第%d组村干部在低保评定中优亲厚友，截留低保金%d元。","category":"mass","subcategory":"minimum_living","received_day":"$today","persons":[{"name":"基准人%d","unit_name":"基准村委会","cadre_level":"village_cadre","party_member":true}]}', tid, n, n, n * 7, n % 500)
    return wrk.format("POST", "/api/v1/petitions", nil, body)
  elseif kind == "duplicates" then
    return wrk.format("POST", "/api/v1/petition-duplicates", nil, '{"summary":"反映村干部截留低保金","content":"反映村干部在低保评定中优亲厚友，截留困难群众低保金，请求查处。"}')
  end
  return wrk.format("GET", os.getenv("PATHQ"))
end
function done(summary, latency, requests)
  io.write(string.format("P95_MS %.2f\n", latency:percentile(95) / 1000))
  io.write(string.format("ERRORS %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

measure() {  # kind path → "rps p95 p99"
  local out
  out=$(KIND=$1 PATHQ=${2:-/} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$dir/bench.lua" "http://127.0.0.1:$PORT")
  if grep -q "Non-2xx" <<<"$out" || ! grep -q "^ERRORS 0" <<<"$out"; then echo "bench: errors in $1" >&2; echo "$out" >&2; exit 1; fi
  local rps p95 p99
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
  p95=$(awk '$1 == "P95_MS" { print $2 }' <<<"$out")
  p99=$(p99_ms <<<"$out")
  echo "$rps $p95 $p99"
}

declare -A R
# Kind by kind, registration last: the reads measure the stored set, not
# the bench's own rows.
for k in ${KINDS:-ping search ledger duplicates clues funnel register}; do
  for r in $(seq "$RUNS"); do
    case $k in
      ping) read -r a b c < <(measure get /api/v1/ping) ;;
      register) read -r a b c < <(measure register) ;;
      search) read -r a b c < <(measure get "/api/v1/petitions?q=%E4%BD%8E%E4%BF%9D") ;;
      ledger) read -r a b c < <(measure get "/api/v1/petitions?page=2&page_size=20") ;;
      duplicates) read -r a b c < <(measure duplicates) ;;
      clues) read -r a b c < <(measure get "/api/v1/clues?page=2&page_size=20") ;;
      funnel) read -r a b c < <(measure get "/api/v1/clue-funnel?from=2017-01-01") ;;
    esac
    R[$k.rps]+="$a "; R[$k.p95]+="$b "; R[$k.p99]+="$c "
    echo "run $r $k: $a req/s, p95 $b ms, p99 $c ms" >&2
  done
done
after=$(curl -sf -H "Cookie: funnel_session=$token" "$base/petitions?page_size=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server/status")
anon_kb=$(awk '/^RssAnon:/ { print $2 }' "/proc/$server/status")
file_kb=$(awk '/^RssFile:/ { print $2 }' "/proc/$server/status")
db_mb=$(du -sm "$dir" | cut -f1)

ratios() { paste <(printf '%s\n' ${R[$1.rps]}) <(printf '%s\n' ${R[ping.rps]}) | awk '{ printf "%.3f\n", $1 / $2 }'; }
ratio() { [ -n "${R[ping.rps]:-}" ] && [ -n "${R[$1.rps]:-}" ] && stats $(ratios "$1") || true; }
declare -A LABEL=([ping]="GET /ping" [register]="POST /petitions (registration)" [search]="GET /petitions?q=低保 (search)"
  [ledger]="GET /petitions page 2 (ledger page)" [duplicates]="POST /petition-duplicates"
  [clues]="GET /clues page 2 (clue ledger page)" [funnel]="GET /clue-funnel since 2017 (dashboard aggregate)")
declare -A BAR_RPS=([register]=">=2000") BAR_P95=([search]="<50" [ledger]="<20" [duplicates]="<10" [funnel]="<200") BAR_P99=([register]="<50")
for k in ${KINDS:-ping search ledger duplicates clues funnel register}; do
  record "${LABEL[$k]}" "req/s" "${BAR_RPS[$k]:--}" ${R[$k.rps]}
  record "${LABEL[$k]} p95" ms "${BAR_P95[$k]:--}" ${R[$k.p95]}
  record "${LABEL[$k]} p99" ms "${BAR_P99[$k]:--}" ${R[$k.p99]}
done
record "server RSS idle after start" MB "<50" $((idle_kb / 1024))
record "server heap (RssAnon) after the runs" MB - $((anon_kb / 1024))
cat <<EOF
Backend: $backend. Data: $DATA${GEN_ARGS:+ ($GEN_ARGS)}, $stored petitions in $USER_NAME's scope at the start, $after after the runs.
wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $RUNS runs, server and wrk on the same machine, as $USER_NAME (own township).

| Measure | req/s | p95 ms | p99 ms | ratio to ping |
|---|---|---|---|---|
| GET /ping | $(stats ${R[ping.rps]:-}) | $(stats ${R[ping.p95]:-}) | $(stats ${R[ping.p99]:-}) | 1 |
| POST /petitions (registration) | $(stats ${R[register.rps]:-}) | $(stats ${R[register.p95]:-}) | $(stats ${R[register.p99]:-}) | $(ratio register) |
| GET /petitions?q=低保 (search) | $(stats ${R[search.rps]:-}) | $(stats ${R[search.p95]:-}) | $(stats ${R[search.p99]:-}) | $(ratio search) |
| GET /petitions page 2 (ledger page) | $(stats ${R[ledger.rps]:-}) | $(stats ${R[ledger.p95]:-}) | $(stats ${R[ledger.p99]:-}) | $(ratio ledger) |
| POST /petition-duplicates | $(stats ${R[duplicates.rps]:-}) | $(stats ${R[duplicates.p95]:-}) | $(stats ${R[duplicates.p99]:-}) | $(ratio duplicates) |
| GET /clues page 2 (clue ledger page) | $(stats ${R[clues.rps]:-}) | $(stats ${R[clues.p95]:-}) | $(stats ${R[clues.p99]:-}) | $(ratio clues) |
| GET /clue-funnel since 2017 (dashboard aggregate) | $(stats ${R[funnel.rps]:-}) | $(stats ${R[funnel.p95]:-}) | $(stats ${R[funnel.p99]:-}) | $(ratio funnel) |
| server RSS after the runs | $((rss_kb / 1024)) MB ($((anon_kb / 1024)) MB heap, $((file_kb / 1024)) MB file-backed, on SQLite mostly the mapped database; data directory $db_mb MB) | | | |
EOF
