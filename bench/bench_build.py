"""Build throughput on a real corpus: raw spaCy vs kg build end to end, stage costs, growth, memory.

Usage: python bench/bench_build.py [--csv ../shared/data/10kgnad/test.csv] [--workers 2]
       [--sizes 100,250,500,1028] [--sample 200] [--reference] [--union]

Prints, on the same corpus and model: raw `nlp.pipe` words/s (the ceiling of this design); the time
of each per-article stage in one process; `kg build` (the real command, in a subprocess) words/s
and articles/s end to end for each corpus size, its ratio to raw spaCy × workers, its peak memory
(all its processes together, sampled); then SHACL validation of the whole corpus store
(`kg validate`). `--reference` adds pyshacl's per-article time, `--union` one validation of the
union of all article graphs (slow: it builds one rdflib graph of the whole corpus).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from kg.build import PUBLISH_EVERY_BYTES, chunks_by_size
from kg.extract import extract
from kg.ingest import CsvLayout, Document, read_documents
from kg.nlp import load_pipeline, parse_documents
from kg.rdf import IriMinter, map_extraction
from kg.store import KgStore
from kg.validate import validate_graph, validate_ntriples

GNAD = CsvLayout(delimiter=";", quotechar="'", header=False, columns=(("text", 1),))
BASE = "https://kg.example.org/"
KG = [str(Path(sys.executable).parent / "kg")]  # the console script of this environment


def words(documents: list[Document]) -> int:
    return sum(len(d.text.split()) for d in documents)


def raw_spacy(documents: list[Document], processes: int = 1) -> float:
    """Words/s of the bare `nlp.pipe`: on one core, what no build on this model can beat per core;
    with `processes`, what spaCy's own multiprocessing reaches (Docs pickled back to the caller)."""
    nlp = load_pipeline()
    started = time.perf_counter()
    for _ in nlp.pipe((d.text for d in documents), batch_size=16, n_process=processes):
        pass
    return words(documents) / (time.perf_counter() - started)


def stage_costs(documents: list[Document], reference: bool) -> dict[str, float]:
    """CPU seconds per stage for the documents in one process (where the time goes), each article
    taken through the stages and dropped, as a build worker does (keeping every graph alive would
    charge the garbage collector's growing work to the stages)."""
    nlp = load_pipeline()
    stages = ["nlp", "extract", "rdf", "shacl"] + (["shacl (pyshacl)"] if reference else [])
    costs = dict.fromkeys(stages, 0.0)
    clock = [time.process_time()]

    def charge(stage: str) -> None:
        clock.append(time.process_time())
        costs[stage] += clock[-1] - clock[-2]

    stored: list[tuple[str, str]] = []
    for document, parsed in parse_documents(nlp, documents, batch_size=16):
        charge("nlp")
        extraction = extract(document, parsed)
        charge("extract")
        graph = map_extraction(extraction, IriMinter(BASE))
        ntriples = graph.to_ntriples()
        charge("rdf")
        validate_ntriples(ntriples)
        charge("shacl")
        if reference:
            validate_graph(graph.graph, engine="pyshacl")
            charge("shacl (pyshacl)")
        stored.append((str(graph.graph_iri), ntriples))
        clock.append(time.process_time())
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:  # RocksDB may still write
        store = KgStore(Path(folder) / "store", base_iri=BASE)
        started = time.process_time()  # includes Oxigraph's own threads
        for chunk in chunks_by_size(stored, PUBLISH_EVERY_BYTES, lambda pair: len(pair[1])):
            store.replace_graphs(chunk)  # as `kg build` does: bulk loads of a few MB
        store.flush()
        costs["store"] = time.process_time() - started
        del store
    costs["triples"] = sum(text.count("\n") for _, text in stored)
    return costs


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        child = int(entry.name)
        children.setdefault(int(fields["PPid"]), []).append(child)
        rss[child] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total / 1024


def run_measured(command: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system of the command and the processes it waited for),
    peak memory of the whole process tree (MB, sampled every 0.2 s), stdout."""
    cpu_before = children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-2000:]}")
    return seconds, children_cpu() - cpu_before, peak[0], output


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def union_validation(store_dir: Path) -> tuple[int, float, float]:
    """Triples, seconds to read, seconds to validate the union default graph as one graph."""
    from rdflib import Graph

    started = time.perf_counter()
    store = KgStore(store_dir, read_only=True)
    data = store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    graph = Graph(store="SimpleMemory").parse(data=data.decode("utf-8"), format="nt")
    read = time.perf_counter() - started
    report = validate_graph(graph, "union")
    if not report.conforms:
        print(report.text()[:2000])
    return len(graph), read, time.perf_counter() - started - read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=Path("../shared/data/10kgnad/test.csv"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sizes", default="100,250,500,1028")
    parser.add_argument("--sample", type=int, default=200, help="articles for the per-stage costs")
    parser.add_argument("--reference", action="store_true", help="also time pyshacl per article")
    parser.add_argument("--union", action="store_true", help="also validate the union graph at once")
    args = parser.parse_args()
    documents = [d for d in read_documents([args.csv], GNAD) if isinstance(d, Document)]
    sizes = [min(int(s), len(documents)) for s in args.sizes.split(",")]
    largest = documents[: max(sizes)]

    raw = raw_spacy(largest)
    print(f"corpus {args.csv}: {len(largest)} articles, {words(largest):,} words")
    print(f"raw spaCy nlp.pipe (bundled model, one core): {raw:,.0f} words/s")
    print(f"ceiling with {args.workers} workers: {raw * args.workers:,.0f} words/s")
    if args.workers > 1:
        spacy_parallel = raw_spacy(largest, args.workers)
        print(f"raw spaCy nlp.pipe(n_process={args.workers}): {spacy_parallel:,.0f} words/s\n")

    sample = documents[: args.sample]
    costs = stage_costs(sample, args.reference)
    print(f"stage costs (CPU), one process, {len(sample)} articles ({words(sample):,} words):")
    for stage, seconds in costs.items():
        if stage != "triples":
            print(f"  {stage:<16} {seconds:7.2f} s {1000 * seconds / len(sample):7.1f} ms/article")
    rate = costs["triples"] / costs["store"]
    print(f"  store load: {rate:,.0f} triples/s (each stored twice: named graph + union)\n")

    print(f"kg build end to end (`kg build --workers {args.workers}`, fresh store, CLI start included):")
    header = ("articles", "words", "seconds", "words/s", "art/s", "÷ raw×workers", "CPU s", "peak MB")
    widths = (9, 10, 9, 10, 8, 15, 8, 9)
    print("".join(f"{title:>{width}}" for title, width in zip(header, widths, strict=True)))
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:
        for size in sizes:
            subset = documents[:size]
            corpus = Path(folder) / f"corpus-{size}.jsonl"
            lines = (json.dumps({"id": d.identifier, "text": d.text}) + "\n" for d in subset)
            corpus.write_text("".join(lines), "utf-8")
            store_dir = Path(folder) / f"store-{size}"
            command = [*KG, "build", str(corpus), "--store", str(store_dir), "--workers", str(args.workers)]
            seconds, cpu, peak, _ = run_measured(command)
            n = words(subset)
            ratio = (n / seconds) / (raw * args.workers)
            print(
                f"{size:>9} {n:>9,} {seconds:>8.1f} {n / seconds:>9,.0f} {size / seconds:>7.1f}"
                f" {ratio:>14.2f} {cpu:>7.1f} {peak:>8,.0f}"
            )
        command = [*KG, "validate", "--store", str(store_dir), "--workers", str(args.workers)]
        seconds, cpu, peak, output = run_measured(command)
        print(f"\nSHACL of the whole store, {max(sizes)} article graphs (`kg validate`): {seconds:.1f} s,")
        print(f"  {cpu:.1f} s CPU, peak {peak:,.0f} MB")
        print(f"  {output.strip().splitlines()[-1]}")
        if args.union:
            triples, read, validated = union_validation(store_dir)
            print(f"SHACL, union default graph as one graph: {triples:,} triples, read {read:.1f} s,")
            print(f"  validated in {validated:.1f} s")


if __name__ == "__main__":
    main()
