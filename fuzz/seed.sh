#!/usr/bin/env bash
# Seeds fuzz/corpus/<target> from the repository's fixtures and examples
# (fuzz/corpus is git-ignored: libFuzzer grows it in place). Safe to rerun.
set -euo pipefail
cd "$(dirname "$0")"
root=..
fx=$root/crates/demarche-ingest/tests/fixtures
bad=$root/tests/bad-input

seed() { # seed <target> <files...>: copies the files that exist
  local target=$1; shift
  mkdir -p "corpus/$target"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "corpus/$target/seed-$(basename "$f")"
  done
  return 0
}

texts=("$root"/examples/*.txt)
seed text "${texts[@]}"
seed pipeline "${texts[@]}" "$bad"/*.txt
seed ingest_txt "${texts[@]}" "$bad"/*.txt
seed ingest_json "$root"/examples/*.json "$root"/examples/gold/*.json "$bad"/*.json
seed ingest_jsonl "$bad"/*.jsonl
seed ingest_html "$fx"/html/*.html "$bad"/*.html
seed ingest_warc "$fx"/warc/*.warc
seed ingest_feed "$fx"/feeds/*
seed lexicon "$root"/lexicons/en/*.toml

# JSONL: the example articles, one object per line.
if command -v python3 >/dev/null; then
  python3 - "$root"/examples/*.json >corpus/ingest_jsonl/seed-examples.jsonl <<'PY'
import json, sys
for p in sys.argv[1:]:
    print(json.dumps(json.load(open(p))))
PY
fi

# Gzip: the first byte picks the inner format (low bits: txt json jsonl html warc feed)
# and whether the target gzips the rest itself (high bit). Seed both ways.
mkdir -p corpus/ingest_gzip
gz_seed() { # gz_seed <index> <file> <name>
  [ -f "$2" ] || return 0
  { printf "\\x$(printf %02x $(($1 | 0x80)))"; cat "$2"; } >"corpus/ingest_gzip/seed-plain-$3"
  { printf "\\x$(printf %02x "$1")"; gzip -c "$2"; } >"corpus/ingest_gzip/seed-gz-$3"
}
gz_seed 0 "${texts[0]}" txt
gz_seed 1 "$root"/examples/afp-mediation.json json
gz_seed 2 corpus/ingest_jsonl/seed-examples.jsonl jsonl
gz_seed 3 "$fx"/html/border-talks.html html
gz_seed 4 "$fx"/warc/crawl.warc warc
gz_seed 5 "$fx"/feeds/wire.rss feed
for f in "$fx"/jsonl/*.gz "$fx"/warc/*.gz "$fx"/text/*.gz; do
  case $f in *jsonl*) i=2 ;; *warc*) i=4 ;; *) i=0 ;; esac
  { printf "\\x$(printf %02x "$i")"; cat "$f"; } >"corpus/ingest_gzip/seed-$(basename "$f")"
done
echo "seeded: $(ls corpus | tr '\n' ' ')"
