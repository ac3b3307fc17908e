#!/usr/bin/env bash
# The benchmark harness behind `make bench` and `make bench-quick`: runs the
# bench scripts on the reference data, collects every figure (min / median /
# max over RUNS runs) and writes bench/results/<date>.md with the machine and
# the commit. Needs the Release build (the Makefile builds it first).
#
#   bench/run.sh            # full: SQLite and PostgreSQL, county and province sets
#   bench/run.sh --quick    # about 6 minutes: SQLite, county set
#   bench/run.sh --table RAW [--quick]   # only the table, from the figures of a
#                           # run that stopped (RESULTS lines, e.g. a copy of its raw file)
#
# Province data is generated once per generator version into BENCH_DATA
# (default .bench-data/, not in git) and reused; PostgreSQL is a private
# throwaway server (tests/scripts/pg.sh), a database per scenario.
# BENCH_SKIP_PG=1 leaves PostgreSQL out; BENCH_SKIP_PROVINCE=1 the 1M set
# (=postgresql: only PostgreSQL's, whose load alone takes up to 15 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0 table_only=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --table) table_only=$2; shift ;;
    *) echo "usage: bench/run.sh [--quick] [--table RAW]" >&2; exit 2 ;;
  esac
  shift
done
BIN=${FUNNEL_BIN:-build/funnel}
[ -x "$BIN" ] || { echo "bench: $BIN missing (make build)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench: wrk missing (apt-get install wrk)" >&2; exit 2; }
PW='Bench-Pass-2026!'
today=$(date +%F)
mkdir -p bench/results
out=${BENCH_OUT:-}
if [ -z "$out" ]; then
  # A second run the same day gets its own file (-2, -3 …): results are history.
  base=bench/results/$today$([ $quick = 1 ] && echo -quick || true)
  out=$base.md n=2
  while [ -z "$table_only" ] && [ -e "$out" ]; do out=$base-$n.md n=$((n + 1)); done
fi
raw=$(mktemp)
log=${out%.md}.log
[ -n "$table_only" ] && cp "$table_only" "$raw" || { : >"$log"; : >"$log.err"; }
export RESULTS=$raw
trap 'rm -f "$raw"' EXIT

# The 1k-connection bar needs file descriptors for wrk and the server.
ulimit -n 4096 2>/dev/null || true

step() {  # scenario script [env…]: one bench script, its table into the log
  local scenario=$1 script=$2
  shift 2
  echo "bench: $scenario — $script" >&2
  { echo; echo "### $scenario — $script"; echo; } >>"$log"
  env SCENARIO="$scenario" "$@" bash "bench/$script" >>"$log" 2>>"$log.err" ||
    { echo "bench: $script failed ($scenario); see $log.err" >&2; exit 1; }
}

# Province set: generated once per generator version and reused.
gen_stamp=$(cat src/tools/gen.cpp data/gen.json src/store/migrations.cpp src/store/load.cpp src/store/bulk.cpp | sha1sum | cut -c1-12)
province_dir() {  # sqlite → a data dir holding the 1M set (generated when missing)
  local d=${BENCH_DATA:-.bench-data}/province-$1-$gen_stamp
  if [ ! -f "$d/.complete" ]; then
    rm -rf "$d"
    mkdir -p "$d"
    echo "bench: generating the province set for $1 into $d (minutes)" >&2
    local start=$SECONDS
    FUNNEL_ADMIN_PASSWORD="$PW" "$BIN" init --data-dir "$d" >/dev/null
    FUNNEL_DEMO_PASSWORD="$PW" "$BIN" gen --data-dir "$d" --scale province >/dev/null
    printf '%s\t%s\t%s\t%s\t%s\n' "$1 · province set" "funnel gen --scale province (1M petitions, 300k clues, 110k cases, 10M audit records), load time" s \
      "$([ "$1" = sqlite ] && echo "<300" || echo "<900")" "$((SECONDS - start))" >>"$raw"
    touch "$d/.complete"
  fi
  echo "$d"
}

if [ -n "$table_only" ]; then
  RUNS=${RUNS:-3} DURATION=${DURATION:-$([ $quick = 1 ] && echo 5s || echo 10s)}
elif [ $quick = 1 ]; then
  RUNS=${RUNS:-3} DURATION=${DURATION:-5s}
  export RUNS DURATION
  step "sqlite · no data" foundation.sh
  step "sqlite · county set" petitions.sh DATA=gen GEN_ARGS="--scale county"
  step "sqlite · county set" pages.sh GEN_ARGS="--scale county"
  step "sqlite · county set" memory.sh GEN_ARGS="--scale county"
  step "sqlite · county set" export.sh GEN_ARGS="--scale county"
  step "sqlite · county set" portal.sh GEN_ARGS="--scale county"
  step "sqlite · no data" bookings.sh
  step "sqlite · no data" documents.sh
else
  RUNS=${RUNS:-3} DURATION=${DURATION:-10s}
  export RUNS DURATION
  backends=(sqlite)
  if [ -z "${BENCH_SKIP_PG:-}" ]; then
    eval "$(tests/scripts/pg.sh start)"
    trap 'rm -f "$raw"; tests/scripts/pg.sh stop >/dev/null 2>&1 || true' EXIT
    backends+=(postgresql)
  fi
  for b in "${backends[@]}"; do
    pg_env=()
    if [ "$b" = postgresql ]; then
      # A database per scenario, so each starts from what it generates.
      newdb() {
        tests/scripts/pg.sh dropdb "funnel_bench_$1" >/dev/null 2>&1 || true
        tests/scripts/pg.sh createdb "funnel_bench_$1" | tail -1
      }
      pg_env=(FUNNEL_BENCH_PG="$(newdb foundation)")
    fi
    step "$b · no data" foundation.sh "${pg_env[@]}"
    [ "$b" = postgresql ] && pg_env=(FUNNEL_BENCH_PG="$(newdb county)")
    step "$b · county set" petitions.sh DATA=gen GEN_ARGS="--scale county" "${pg_env[@]}"
    [ "$b" = postgresql ] && pg_env=(FUNNEL_BENCH_PG="$(newdb pages)")
    step "$b · county set" pages.sh GEN_ARGS="--scale county" "${pg_env[@]}"
    [ "$b" = postgresql ] && pg_env=(FUNNEL_BENCH_PG="$(newdb memory)")
    step "$b · county set" memory.sh GEN_ARGS="--scale county" "${pg_env[@]}"
    [ "$b" = postgresql ] && pg_env=(FUNNEL_BENCH_PG="$(newdb portal)")
    step "$b · county set" portal.sh GEN_ARGS="--scale county" "${pg_env[@]}"
    [ "$b" = postgresql ] && pg_env=(FUNNEL_BENCH_PG="$(newdb bookings)")
    step "$b · no data" bookings.sh "${pg_env[@]}"
    [ "$b" = postgresql ] && pg_env=(FUNNEL_BENCH_PG="$(newdb export)")
    step "$b · 100k county" export.sh "${pg_env[@]}"
    [ "$b" = postgresql ] && pg_env=(FUNNEL_BENCH_PG="$(newdb connections)")
    step "$b · no data" connections.sh "${pg_env[@]}"
    [ "$b" = postgresql ] && pg_env=(FUNNEL_BENCH_PG="$(newdb documents)")
    step "$b · no data" documents.sh "${pg_env[@]}"
    if [ -z "${BENCH_SKIP_PROVINCE:-}" ] || { [ "$BENCH_SKIP_PROVINCE" = postgresql ] && [ "$b" = sqlite ]; }; then
      if [ "$b" = sqlite ]; then
        d=$(province_dir sqlite)
        # A copy: the registrations measured must not grow the reused set.
        work=$(mktemp -d)
        cp -a "$d/." "$work/"
        step "$b · province set" pages.sh BENCH_DIR="$work"
        step "$b · province set" petitions.sh DATA=gen BENCH_DIR="$work"
        rm -rf "$work"
      else
        # A throwaway server holds nothing between runs: generated each time.
        url=$(newdb province)
        gdir=$(mktemp -d)
        start=$SECONDS
        echo "bench: generating the province set on PostgreSQL (up to 15 minutes)" >&2
        FUNNEL_ADMIN_PASSWORD="$PW" "$BIN" init --data-dir "$gdir" --database "$url" >/dev/null
        FUNNEL_DEMO_PASSWORD="$PW" "$BIN" gen --data-dir "$gdir" --database "$url" --scale province >/dev/null
        printf '%s\t%s\t%s\t%s\t%s\n' "postgresql · province set" \
          "funnel gen --scale province (1M petitions, 300k clues, 110k cases, 10M audit records), load time" s "<900" "$((SECONDS - start))" >>"$raw"
        step "$b · province set" pages.sh BENCH_DIR="$gdir" FUNNEL_BENCH_PG="$url"
        step "$b · province set" petitions.sh DATA=gen BENCH_DIR="$gdir" FUNNEL_BENCH_PG="$url"
        rm -rf "$gdir"
      fi
    fi
  done
  step "sqlite · county set" heap.sh
fi

# The table: each figure's min / median / max; the bar judged on the median.
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$([ -n "$(git status --porcelain 2>/dev/null)" ] && echo " (with uncommitted changes)" || true)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
{
  echo "# Benchmark results, $today$([ $quick = 1 ] && echo " (quick)")"
  echo
  echo "- Commit: $commit$dirty; build: Release ($BIN)"
  echo "- Machine: $(nproc) × $cpu, $mem, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- Runs: $RUNS of $DURATION each (wrk, on the same machine as the server); figures are min / median / max"
  echo "- Bars: docs/benchmarks.md and ../shared/spec/engineering.md; \"met\" judges the median. The search,"
  echo "  ledger-page and duplicate bars are defined over the 1M province set; on the county set (20k petitions"
  echo "  in one county, three times as many per township) they are shown as a guide"
  echo
  echo "| Scenario | Measure | Unit | min | median | max | Bar | |"
  echo "|---|---|---|---|---|---|---|---|"
  awk -F'\t' '{
    n = split($5, v, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    med = v[int((n + 1) / 2)]; verdict = ""
    if ($4 ~ /^</) { b = substr($4, 2); verdict = (med + 0 < b + 0) ? "met" : "NOT met" }
    else if ($4 ~ /^>=/) { b = substr($4, 3); verdict = (med + 0 >= b + 0) ? "met" : "NOT met" }
    printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, v[1], med, v[n], $4 == "-" ? "" : $4, verdict
  }' "$raw"
  echo
  echo "Each script's own table is in $(basename "$log")."
} >"$out"
echo "bench: wrote $out" >&2
cat "$out"
