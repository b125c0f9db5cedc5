"""Build throughput on a real corpus: raw spaCy vs kg build end to end, stage costs, growth.

Usage: python bench/bench_build.py [--csv ../shared/data/10kgnad/test.csv] [--workers 2]
       [--sizes 100,250,500,1028]

Prints, on the same corpus and model: raw `nlp.pipe` words/s (the ceiling of this design), the
time of each per-article stage, `kg build` words/s and articles/s end to end (extract + RDF + SHACL
+ store) for each corpus size, the ratio to raw spaCy, store load triples/s and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from kg.build import build
from kg.extract import extract
from kg.ingest import CsvLayout, Document, read_documents
from kg.nlp import load_pipeline, parse_documents
from kg.rdf import IriMinter, map_extraction
from kg.store import KgStore
from kg.validate import validate_graph

GNAD = CsvLayout(delimiter=";", quotechar="'", header=False, columns=(("text", 1),))


def words(documents: list[Document]) -> int:
    return sum(len(d.text.split()) for d in documents)


def stage_costs(documents: list[Document], base: str) -> dict[str, float]:
    """Seconds per stage for the documents, one process (where the time goes)."""
    nlp = load_pipeline()
    started = time.perf_counter()
    pairs = list(parse_documents(nlp, documents))
    parsed = time.perf_counter()
    extractions = [extract(d, p) for d, p in pairs]
    extracted = time.perf_counter()
    graphs = [map_extraction(e, IriMinter(base)) for e in extractions]
    mapped = time.perf_counter()
    for graph in graphs:
        validate_graph(graph.graph)
    validated = time.perf_counter()
    store = KgStore(Path(tempfile.mkdtemp()) / "store", base_iri=base)
    triples = 0
    for graph in graphs:
        ntriples = graph.to_ntriples()
        triples += ntriples.count("\n")
        store.replace_graph(str(graph.graph_iri), ntriples)
    stored = time.perf_counter()
    return {
        "nlp": parsed - started,
        "extract": extracted - parsed,
        "rdf": mapped - extracted,
        "shacl": validated - mapped,
        "store": stored - validated,
        "triples": triples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=Path("../shared/data/10kgnad/test.csv"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sizes", default="100,250,500,1028")
    args = parser.parse_args()
    documents = [d for d in read_documents([args.csv], GNAD) if isinstance(d, Document)]
    base = "https://kg.example.org/"

    sample = documents[:200]
    costs = stage_costs(sample, base)
    n_words = words(sample)
    print(f"stage costs on {len(sample)} articles, {n_words:,} words, 1 process:")
    for stage in ("nlp", "extract", "rdf", "shacl", "store"):
        print(f"  {stage:<8} {costs[stage]:7.2f} s  {1000 * costs[stage] / len(sample):6.1f} ms/article")
    raw = n_words / costs["nlp"]
    print(f"  raw spaCy nlp.pipe: {raw:,.0f} words/s on one core")
    print(f"  store load: {costs['triples'] / costs['store']:,.0f} triples/s")

    print(f"\nkg build end to end ({args.workers} worker processes):")
    print(f"{'articles':>9} {'words':>9} {'seconds':>8} {'words/s':>9} {'art/s':>7} {'vs raw x cores':>15}")
    for size in [int(s) for s in args.sizes.split(",")]:
        subset = documents[:size]
        with tempfile.TemporaryDirectory() as folder:
            corpus = Path(folder) / "corpus.jsonl"
            corpus.write_text(
                "".join(json.dumps({"id": d.identifier, "text": d.text}) + "\n" for d in subset), "utf-8"
            )
            store = KgStore(Path(folder) / "store", base_iri=base)
            started = time.perf_counter()
            report = build([corpus], store, workers=args.workers)
            seconds = time.perf_counter() - started
        n = words(subset)
        ratio = (n / seconds) / (raw * args.workers)
        print(
            f"{len(report.built):>9} {n:>9,} {seconds:>8.1f} {n / seconds:>9,.0f}"
            f" {size / seconds:>7.1f} {ratio:>15.2f}"
        )
    peak = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    print(f"\npeak RSS (this process + largest child): {peak / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
