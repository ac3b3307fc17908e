#!/usr/bin/env bash
# The pages users open (issue 26), in the same run as the bare ping, at 16
# connections: the petition detail and the clue detail (each request the
# next of the 100 newest ids in the user's scope, as a cadre works down the
# ledger), the petition and clue lists with the web UI's default query
# (PetitionListView / ClueListView through usePagedList: page=1&page_size=20,
# empty filters left out). For each: req/s, p95, p99, the ratio to ping, and
# the single-request time (median of SINGLE sequential requests, no load).
# As the township user (gen_township) and, for the petition detail, also as
# the county user (gen_county, whose scope is the whole county); the case
# list and detail (issue 18) as the county's 案管 (gen_case) and the township.
# Opening a case is an audited read: each detail request also appends an
# audit record.
#
#   bench/pages.sh                       # SQLite, county set (funnel gen --scale county)
#   FUNNEL_BENCH_PG=postgresql://u:p@127.0.0.1:55432/db bench/pages.sh
#   BENCH_DIR=.bench-data/province-… bench/pages.sh   # an instance prepared before
#   KINDS="ping detail" RUNS=1 bench/pages.sh          # a subset
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_PORT=18396
DEFAULT_CONNECTIONS=16
. bench/lib.sh
SINGLE=${SINGLE:-50}
GEN_ARGS=${GEN_ARGS:---scale county}
bench_start gen

# login user → "token csrf"
login() {
  local jar="$dir/cookies-$1" csrf
  csrf=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$PW\"}" "$base/auth/login" |
    sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
  local token
  token=$(awk '$6 == "funnel_session" { print $7 }' "$jar")
  [ -n "$token" ] || { echo "bench: login of $1 failed" >&2; exit 1; }
  echo "$token"
}
town=$(login gen_township)
county=$(login gen_county)
cases=$(login gen_case)
sleep 1
idle_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server/status")

# The 100 newest ids of a list in a user's scope, one a line.
ids_of() {  # token path
  curl -sf -H "Cookie: funnel_session=$1" "$base/$2?page=1&page_size=100" |
    grep -o '"id":[0-9]*,"number"' | sed 's/"id":\([0-9]*\).*/\1/'
}
ids_of "$town" petitions >"$dir/ids-petitions-town"
ids_of "$county" petitions >"$dir/ids-petitions-county"
ids_of "$town" clues >"$dir/ids-clues-town"
ids_of "$cases" cases >"$dir/ids-cases-county"
ids_of "$town" cases >"$dir/ids-cases-town"
for f in petitions-town petitions-county clues-town cases-county cases-town; do
  [ -s "$dir/ids-$f" ] || { echo "bench: no ids for $f" >&2; exit 1; }
done

# GET of PATHQ, or of PATHQ followed by the next id of IDS when IDS is set;
# done() prints the p95 that wrk's table lacks and the errors.
cat >"$dir/pages.lua" <<'LUA'
local ids, n = {}, 0
local idfile = os.getenv("IDS")
if idfile and idfile ~= "" then
  for w in io.open(idfile):read("*a"):gmatch("%d+") do ids[#ids + 1] = w end
end
function init(args)
  wrk.headers["Cookie"] = "funnel_session=" .. os.getenv("TOKEN")
end
function request()
  n = n + 1
  if #ids > 0 then return wrk.format("GET", os.getenv("PATHQ") .. ids[(n % #ids) + 1]) end
  return wrk.format("GET", os.getenv("PATHQ"))
end
function done(summary, latency, requests)
  io.write(string.format("P95_MS %.2f\n", latency:percentile(95) / 1000))
  io.write(string.format("ERRORS %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

measure() {  # token path [idfile] → "rps p95 p99"
  local out
  out=$(TOKEN=$1 PATHQ=$2 IDS=${3:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$dir/pages.lua" "http://127.0.0.1:$PORT")
  if grep -q "Non-2xx" <<<"$out" || ! grep -q "^ERRORS 0" <<<"$out"; then echo "bench: errors on $2" >&2; echo "$out" >&2; exit 1; fi
  local rps p95 p99
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
  p95=$(awk '$1 == "P95_MS" { print $2 }' <<<"$out")
  p99=$(p99_ms <<<"$out")
  echo "$rps $p95 $p99"
}

# single token path [idfile] → median ms of SINGLE sequential requests (one
# connection each, curl's time_total: what one user waits on an idle server).
single() {
  local ids=() i url t
  [ -n "${3:-}" ] && mapfile -t ids <"$3"
  for i in $(seq "$SINGLE"); do
    url="$base${2#/api/v1}"
    [ ${#ids[@]} -gt 0 ] && url+=${ids[$((i % ${#ids[@]}))]}
    t=$(curl -sf -o /dev/null -w '%{time_total}' -H "Cookie: funnel_session=$1" "$url")
    echo "$t"
  done | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] * 1000 }'
}

declare -A R PATHQ=([ping]=/api/v1/ping [detail]=/api/v1/petitions/ [detail_county]=/api/v1/petitions/
  [clue_detail]=/api/v1/clues/ [list]="/api/v1/petitions?page=1&page_size=20" [clue_list]="/api/v1/clues?page=1&page_size=20"
  [case_detail]=/api/v1/cases/ [case_detail_town]=/api/v1/cases/ [case_list]="/api/v1/cases?page=1&page_size=20"
  [case_list_town]="/api/v1/cases?page=1&page_size=20"
  [execution_open]="/api/v1/execution-tasks?status=open&page=1&page_size=20"
  [execution_overdue]="/api/v1/execution-tasks?status=overdue&page=1&page_size=20"
  [case_warnings]="/api/v1/case-warnings?page=1&page_size=50")
declare -A TOKEN=([ping]=$town [detail]=$town [detail_county]=$county [clue_detail]=$town [list]=$town [clue_list]=$town
  [case_detail]=$cases [case_detail_town]=$town [case_list]=$cases [case_list_town]=$town
  [execution_open]=$cases [execution_overdue]=$cases [case_warnings]=$cases)
declare -A IDFILE=([detail]="$dir/ids-petitions-town" [detail_county]="$dir/ids-petitions-county" [clue_detail]="$dir/ids-clues-town"
  [case_detail]="$dir/ids-cases-county" [case_detail_town]="$dir/ids-cases-town")
KINDS=${KINDS:-ping detail detail_county clue_detail list clue_list case_detail case_detail_town case_list case_list_town execution_open execution_overdue case_warnings}
# Run by run, every kind in each run: ping and the pages measured side by side.
for r in $(seq "$RUNS"); do
  for k in $KINDS; do
    read -r a b c < <(measure "${TOKEN[$k]}" "${PATHQ[$k]}" "${IDFILE[$k]:-}")
    R[$k.rps]+="$a "; R[$k.p95]+="$b "; R[$k.p99]+="$c "
    echo "run $r $k: $a req/s, p95 $b ms, p99 $c ms" >&2
  done
done
for k in $KINDS; do R[$k.single]=$(single "${TOKEN[$k]}" "${PATHQ[$k]}" "${IDFILE[$k]:-}"); done
rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server/status")
anon_kb=$(awk '/^RssAnon:/ { print $2 }' "/proc/$server/status")

ratios() { paste <(printf '%s\n' ${R[$1.rps]}) <(printf '%s\n' ${R[ping.rps]}) | awk '{ printf "%.3f\n", $1 / $2 }'; }
ratio() { [ -n "${R[ping.rps]:-}" ] && [ -n "${R[$1.rps]:-}" ] && stats $(ratios "$1") || true; }
declare -A LABEL=([ping]="GET /ping (16 connections)" [detail]="GET /petitions/{id} (petition detail, township)"
  [detail_county]="GET /petitions/{id} (petition detail, county)" [clue_detail]="GET /clues/{id} (clue detail, township)"
  [list]="GET /petitions?page=1&page_size=20 (petition list, UI default)"
  [clue_list]="GET /clues?page=1&page_size=20 (clue list, UI default)"
  [case_detail]="GET /cases/{id} (case detail, county 案管)" [case_detail_town]="GET /cases/{id} (case detail, township)"
  [case_list]="GET /cases?page=1&page_size=20 (case list, county 案管)"
  [case_list_town]="GET /cases?page=1&page_size=20 (case list, township)"
  [execution_open]="GET /execution-tasks?status=open (county-wide open execution tasks, 案管)"
  [execution_overdue]="GET /execution-tasks?status=overdue (打白条 list, 案管)"
  [case_warnings]="GET /case-warnings (the scan that raises 打白条 and the case clocks' warnings, 案管)")
# Issue 18's bars, defined on the province set: case list p95 < 20 ms, case detail p95 < 10 ms;
# issue 19's: the open-execution list p95 < 50 ms, the overdue scan < 1 s.
declare -A BAR=([case_list]="<20" [case_list_town]="<20" [case_detail]="<10" [case_detail_town]="<10"
  [execution_open]="<50" [execution_overdue]="<50" [case_warnings]="<1000")
for k in $KINDS; do
  record "${LABEL[$k]}" "req/s" - ${R[$k.rps]}
  record "${LABEL[$k]} p95" ms "${BAR[$k]:--}" ${R[$k.p95]}
  record "${LABEL[$k]} p99" ms - ${R[$k.p99]}
  [ "$k" = ping ] || record "${LABEL[$k]} ratio to ping" ratio - $(ratios "$k")
  record "${LABEL[$k]} single request" ms - "${R[$k.single]}"
done
record "server RSS after the page runs" MB - $((rss_kb / 1024))
{
  echo "Backend: $backend. Data: ${BENCH_DIR:-funnel gen $GEN_ARGS}."
  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $RUNS runs (each run every page in turn), server and wrk on the same machine;"
  echo "single request: median of $SINGLE sequential curl requests on the idle server."
  echo
  echo "| Page | req/s | p95 ms | p99 ms | ratio to ping | single request ms |"
  echo "|---|---|---|---|---|---|"
  for k in $KINDS; do
    echo "| ${LABEL[$k]} | $(stats ${R[$k.rps]}) | $(stats ${R[$k.p95]}) | $(stats ${R[$k.p99]}) | $([ "$k" = ping ] && echo 1 || ratio "$k") | ${R[$k.single]} |"
  done
  echo "| server RSS idle after start / after the runs | $((idle_kb / 1024)) MB / $((rss_kb / 1024)) MB ($((anon_kb / 1024)) MB heap) | | | | |"
}
