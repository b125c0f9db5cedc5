"""Brown clusters of German words as a static-vectors table for the tok2vec.

    python training/build_clusters.py [--out training/output/clusters] [--words 500000]

Why: the NER learns from ~8,000 sentences, so most names in news are words it never saw. Brown
clusters, computed over a large German corpus, put "Merkel", "Erdogan" and "Kickl" in one cluster
and "Aleppo" or "Reykjavík" in place clusters, so an unseen word still arrives with its class.

The table comes from spacy-lookups-data (MIT): `de_lexeme_cluster` (Brown cluster path of
1,000,001 words, stored as an integer whose lowest bit is the first branch of the path) and
`de_lexeme_prob` (log-probabilities, used to keep the most frequent `--words`). Each word's row is
a one-hot of its full cluster plus one-hots of its 4- and 6-bit path prefixes; all words of one
cluster share one row, so the table is tiny (clusters × features) and only the word → row keys
take space. Words not in the table get a zero vector and rely on the hash embeddings.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import numpy
import spacy
from spacy.strings import get_string_id
from spacy.vectors import Vectors

ROOT = Path(__file__).resolve().parent.parent
PREFIX_BITS = (4, 6)


def _table(name: str) -> dict:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{name}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def cluster_features(clusters: list[int]) -> tuple[dict[int, int], numpy.ndarray]:
    """Row index of each distinct cluster and the feature matrix (one row per cluster)."""
    distinct = sorted(set(clusters))
    columns: dict[tuple[int, int], int] = {}
    for value in distinct:
        columns.setdefault((0, value), len(columns))
    for bits in PREFIX_BITS:
        for value in distinct:
            columns.setdefault((bits, value & ((1 << bits) - 1)), len(columns))
    data = numpy.zeros((len(distinct), len(columns)), dtype="float32")
    for row, value in enumerate(distinct):
        data[row, columns[(0, value)]] = 1.0
        for bits in PREFIX_BITS:
            data[row, columns[(bits, value & ((1 << bits) - 1))]] = 1.0
    return {value: row for row, value in enumerate(distinct)}, data


def build(out: Path, n_words: int) -> None:
    clusters, probs = _table("de_lexeme_cluster"), _table("de_lexeme_prob")
    words = sorted(clusters, key=lambda w: (-probs.get(w, -99.0), w))[:n_words]
    row_of, data = cluster_features([clusters[w] for w in words])
    nlp = spacy.blank("de")
    vectors = Vectors(data=data, name="de_brown_clusters")
    for word in words:  # keys are string hashes; the words themselves are not stored (size)
        vectors.add(get_string_id(word), row=row_of[clusters[word]])
    nlp.vocab.vectors = vectors
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    print(f"wrote {out}: {len(words)} words → {data.shape[0]} clusters × {data.shape[1]} features")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "training" / "output" / "clusters")
    parser.add_argument("--words", type=int, default=500_000)
    args = parser.parse_args(argv)
    build(args.out, args.words)


if __name__ == "__main__":
    main()
