#!/usr/bin/env bash
# Installs what Funnel needs to build, run and test, from Debian packages and
# the npm registry only. Idempotent: does nothing when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libgtest-dev libxlsxwriter-dev libmagic-dev
  libzip-dev libpugixml-dev)
# Node.js may come from another Debian source (e.g. nodesource's nodejs, which
# carries npm itself and conflicts with Debian's npm package): only install
# Debian's when the commands are missing.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  PKGS+=(nodejs npm)
fi
if [ "${1:-}" = "--test" ]; then
  # LibreOffice, poppler and a CJK font: the generated documents are
  # converted to PDF and checked (tests/api/documents-pdf.test.mjs).
  PKGS+=(postgresql-15 chromium wrk libreoffice-writer-nogui poppler-utils fonts-noto-cjk)
fi
if [ "${1:-}" = "--bench" ]; then
  PKGS+=(postgresql-15 wrk heaptrack)
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm packages, reinstalled only when the lock file changed.
npm_ci() {
  local dir=$1
  [ -f "$dir/package-lock.json" ] || return 0
  local stamp="$dir/node_modules/.funnel-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_ci web
if [ "${1:-}" = "--test" ]; then
  npm_ci tests/e2e
  npm_ci tests/api
fi
# bench/documents.mjs drives the server with the API tests' client.
if [ "${1:-}" = "--bench" ]; then
  npm_ci tests/api
fi
