#!/usr/bin/env bash
# One official document (CA-3) generated over HTTP — bar p95 < 50 ms — and
# downloaded: bench/documents.mjs on a fresh server, RUNS times, one client,
# sequential requests (a user clicking 生成), N per run (default 200).
# SQLite, or PostgreSQL when FUNNEL_BENCH_PG names a database (its server is
# used; the script creates its own database there).
#
#   bench/documents.sh
#   FUNNEL_BENCH_PG=postgresql://…/db bench/documents.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
N=${N:-200}
backend=sqlite
env_args=(FUNNEL_TEST_DB=sqlite)
if [ -n "${FUNNEL_BENCH_PG:-}" ]; then
  backend=postgresql
  env_args=(FUNNEL_TEST_DB=postgresql "FUNNEL_TEST_PG=${FUNNEL_BENCH_PG%/*}")
fi
stats() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%s / %s / %s", v[1], v[int((NR + 1) / 2)], v[NR] }'; }
record() {
  [ -n "${RESULTS:-}" ] || return 0
  local measure=$1 unit=$2 bar=$3
  shift 3
  printf '%s\t%s\t%s\t%s\t%s\n' "${SCENARIO:-$backend}" "$measure" "$unit" "$bar" "$*" >>"$RESULTS"
}

p50_all="" p95_all="" dl_all=""
for r in $(seq "$RUNS"); do
  out=$(env "${env_args[@]}" node bench/documents.mjs "$N")
  p50=$(awk '$1 == "GEN_P50_MS" { print $2 }' <<<"$out")
  p95=$(awk '$1 == "GEN_P95_MS" { print $2 }' <<<"$out")
  dl=$(awk '$1 == "DL_P95_MS" { print $2 }' <<<"$out")
  echo "run $r documents: generation p50 $p50 ms, p95 $p95 ms; download p95 $dl ms" >&2
  p50_all+="$p50 " p95_all+="$p95 " dl_all+="$dl "
done
record "POST /cases/{id}/documents (one .docx generated) p95" ms "<50" $p95_all
record "POST /cases/{id}/documents (one .docx generated) p50" ms - $p50_all
record "GET /cases/{id}/documents/{doc} (download, audited) p95" ms - $dl_all
cat <<EOT
Backend: $backend. $RUNS runs of $N sequential requests (after 20 to warm up), one client; 查封/扣押通知书 with 20 property rows.

| Measure | min / median / max (ms) |
|---|---|
| one .docx generated, p50 | $(stats $p50_all) |
| one .docx generated, p95 (bar < 50 ms) | $(stats $p95_all) |
| download (audited), p95 | $(stats $dl_all) |
EOT
