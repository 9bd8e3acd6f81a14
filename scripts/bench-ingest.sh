#!/usr/bin/env bash
# Ingest throughput and peak memory: `demarche ingest` of generated corpora
# into a fresh SQLite store (coding on every core, one writer).
#
#   scripts/bench-ingest.sh [SIZES...]      (default: 10000 100000)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${DEMARCHE:-$ROOT/target/release/demarche}
SEED=${SEED:-1}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)
[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release -p demarche)

printf "%-10s %10s %10s %10s %12s %14s %10s\n" articles MB seconds MB/s articles/s "peak RSS MB" "db MB"
for N in "${SIZES[@]}"; do
    CORPUS=$ROOT/target/bench-corpus-$N.jsonl
    DB=$ROOT/target/bench-ingest-$N.db
    [ -s "$CORPUS" ] || "$BIN" generate "$N" --seed "$SEED" > "$CORPUS"
    rm -f "$DB" "$DB-wal" "$DB-shm"
    MB=$(stat -c %s "$CORPUS" | awk '{printf "%.1f", $1 / 1e6}')
    # %e wall seconds, %M peak resident set in KB.
    /usr/bin/time -o "$DB.time" -f "%e %M" "$BIN" ingest --db "$DB" "$CORPUS" 2> /dev/null
    read -r SECS KB < "$DB.time"
    DBMB=$( (du -cb "$DB"* 2> /dev/null || true) | tail -1 | awk '{printf "%.1f", $1 / 1e6}')
    awk -v n="$N" -v mb="$MB" -v s="$SECS" -v kb="$KB" -v db="$DBMB" \
        'BEGIN { printf "%-10d %10.1f %10.1f %10.2f %12.0f %14.1f %10.1f\n", n, mb, s, mb / s, n / s, kb / 1024, db }'
done
