#!/usr/bin/env bash
# Peak memory of streaming `demarche code` over generated corpora of growing
# size: the figure must stay flat, because articles are read, coded and
# written one at a time.
#
#   scripts/bench-memory.sh [SIZES...]      (default: 10000 100000 1000000)
#
# Corpora are written once to target/bench-corpus-N.jsonl (about 1.3 KB an
# article: 1M articles take 1.4 GB) and reused; delete them to regenerate.
# SAMPLE=N prints the peak RSS so far every N seconds (default 30) on stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${DEMARCHE:-$ROOT/target/release/demarche}
SEED=${SEED:-1}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000)
[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release -p demarche)

printf "%-10s %10s %10s %10s %12s %14s\n" articles MB seconds MB/s articles/s "peak RSS MB"
for N in "${SIZES[@]}"; do
    CORPUS=$ROOT/target/bench-corpus-$N.jsonl
    [ -s "$CORPUS" ] || "$BIN" generate "$N" --seed "$SEED" > "$CORPUS"
    MB=$(stat -c %s "$CORPUS" | awk '{printf "%.1f", $1 / 1e6}')
    # %e wall seconds, %M peak resident set in KB.
    /usr/bin/time -o "$CORPUS.time" -f "%e %M" "$BIN" code "$CORPUS" --format jsonl > /dev/null &
    TIMER=$!
    # Every $SAMPLE seconds: peak RSS so far and how far into the file, on stderr
    # (long runs on a busy machine show the plateau before they end).
    sleep 1
    PID=$(pgrep -P "$TIMER" demarche || true)
    while kill -0 "$TIMER" 2> /dev/null; do
        if [ -n "$PID" ] && [ -r "/proc/$PID/status" ]; then
            HWM=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status" 2> /dev/null || true)
            POS=$(for fd in /proc/"$PID"/fd/*; do
                [ "$(readlink "$fd")" = "$CORPUS" ] && awk '/^pos/ {print $2}' "/proc/$PID/fdinfo/${fd##*/}"
            done 2> /dev/null || true)
            echo "  $(date +%T) $N articles: peak RSS so far ${HWM:-?} KB, read ${POS:-?} of $(stat -c %s "$CORPUS") bytes" >&2
        fi
        sleep "${SAMPLE:-30}"
    done
    wait "$TIMER"
    read -r SECS KB < "$CORPUS.time"
    awk -v n="$N" -v mb="$MB" -v s="$SECS" -v kb="$KB" \
        'BEGIN { printf "%-10d %10.1f %10.1f %10.2f %12.0f %14.1f\n", n, mb, s, mb / s, n / s, kb / 1024 }'
done
