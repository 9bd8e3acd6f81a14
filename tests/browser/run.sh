#!/usr/bin/env bash
# Browser test of the dashboard (issue 6): builds demarche, ingests the example
# articles plus a hostile one into a fresh store, serves it on a free loopback
# port, and runs tests/browser/dashboard.mjs in headless Chromium. Screenshots
# land in target/browser/. Needs /usr/bin/chromium and `npm ci --prefix tests/browser`.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The debug build is enough for a handful of articles and is the one CI has
# already built for the tests; PROFILE=release uses the optimized one.
if [ "${PROFILE:-debug}" = release ]; then
  cargo build --release --quiet --bin demarche
  bin=target/release/demarche
else
  cargo build --quiet --bin demarche
  bin=target/debug/demarche
fi

tmp=$(mktemp -d)
pid=
cleanup() {
  # Stop only the server this script started.
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" ingest --db "$tmp/db" examples/*.json tests/browser/hostile.json

"$bin" serve --db "$tmp/db" --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!

# The server's first stdout line is "listening on http://127.0.0.1:PORT".
base=
for _ in $(seq 1 300); do
  line=$(head -n 1 "$tmp/serve.out" 2>/dev/null || true)
  if [[ "$line" =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
    base=${BASH_REMATCH[1]}
    break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$base" ]; then
  echo "demarche serve did not report its address" >&2
  cat "$tmp/serve.out" "$tmp/serve.err" >&2
  exit 1
fi
echo "server at $base"

mkdir -p target/browser
status=0
BASE_URL="$base" SCREENSHOT_DIR=target/browser node tests/browser/dashboard.mjs || status=$?
if [ "$status" != 0 ]; then
  echo "--- server stderr" >&2
  tail -n 50 "$tmp/serve.err" >&2
fi
exit "$status"
