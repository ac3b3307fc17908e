#!/usr/bin/env bash
# The 信访举报台账 .xlsx export of a whole county (engineering.md: 100k rows
# in < 3 s with < 100 MB extra memory), as gen_county on `funnel gen`
# data: GEN_ARGS (default one county of 100,000 petitions) or BENCH_DIR.
# Prints rows, seconds and the server's extra RSS (sampled every 20 ms
# during the export, over its RSS just before) for RUNS runs.
#
#   bench/export.sh
#   GEN_ARGS="--counties 1 --petitions 20000" RUNS=1 bench/export.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_PORT=18393
DEFAULT_CONNECTIONS=1
GEN_ARGS=${GEN_ARGS:---counties 1 --petitions 100000}
. bench/lib.sh
bench_start gen

jar="$dir/cookies"
curl -sf -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"gen_county\",\"password\":\"$PW\"}" "$base/auth/login" >/dev/null
token=$(awk '$6 == "funnel_session" { print $7 }' "$jar")
[ -n "$token" ] || { echo "bench: login failed" >&2; exit 1; }
rows=$(curl -sf -H "Cookie: funnel_session=$token" "$base/petitions?page_size=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$server/status"; }
heap() { awk '/^RssAnon:/ { print $2 }' "/proc/$server/status"; }
secs="" extra="" extra_heap=""
for r in $(seq "$RUNS"); do
  before=$(rss)
  peak=$before
  hbefore=$(heap)
  hpeak=$hbefore
  start=$(date +%s.%N)
  curl -sf -H "Cookie: funnel_session=$token" -o "$dir/ledger.xlsx" "$base/ledgers/petitions.xlsx" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    now=$(rss)
    [ "$now" -gt "$peak" ] && peak=$now
    h=$(heap)
    [ "$h" -gt "$hpeak" ] && hpeak=$h
    sleep 0.02
  done
  wait "$pid"
  end=$(date +%s.%N)
  s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  e=$(( (peak - before) / 1024 ))
  eh=$(( (hpeak - hbefore) / 1024 ))
  size=$(( $(stat -c %s "$dir/ledger.xlsx") / 1024 / 1024 ))
  echo "run $r: $rows rows, $s s, +$e MB RSS (+$eh MB heap), file $size MB" >&2
  secs+="$s "; extra+="$e "; extra_heap+="$eh "
done
record "ledger .xlsx export of $rows rows" s "<3" $secs
record "extra heap during the export" MB "<100" $extra_heap
record "extra RSS during the export (heap and mapped pages)" MB - $extra
cat <<EOF
Backend: $backend. Data: ${BENCH_DIR:-funnel gen $GEN_ARGS}; export as gen_county (the whole county).

| Measure | min / median / max |
|---|---|
| rows exported | $rows |
| GET /ledgers/petitions.xlsx, seconds | $(stats $secs) |
| extra server RSS during the export, MB (all) | $(stats $extra) |
| of which heap (RssAnon; the rest is mapped database pages), MB | $(stats $extra_heap) |
EOF
