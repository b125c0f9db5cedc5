"""Throughput of the German pipeline on one core: words per second with `nlp.pipe`.

    python bench/bench_nlp.py [--model M] [--data ../shared/data] [--articles 300] [--batch-size 64]
                              [--enable parser]

Text: 10kGNAD test articles (`10kgnad/test.csv`, CC BY-NC-SA 4.0, used here for measurement only).
Words are whitespace-separated words of the input text, as in the dataset's own word count.
Threads are pinned to one (OMP/MKL/OpenBLAS) and, where the OS allows, the process to one CPU.
Both wall-clock and process-CPU-time rates are printed: on a shared machine the wall clock also
counts time the core spent on other processes.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import csv  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def read_articles(path: Path, limit: int) -> list[str]:
    texts = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter=";", quotechar="'"):
            if len(row) >= 2:
                texts.append(row[1])
            if len(texts) >= limit:
                break
    return texts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="pipeline name or folder (default: bundled de_kg_news)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--enable", nargs="*", default=[], help="switch on shipped-but-disabled components")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    from kg.nlp.pipeline import load_pipeline, pipeline_info

    nlp = load_pipeline(args.model)
    for name in args.enable:
        nlp.enable_pipe(name)
    texts = read_articles(args.data / "10kgnad" / "test.csv", args.articles)
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:10], batch_size=args.batch_size))  # warm-up
    started, cpu_started = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    info = pipeline_info(nlp)
    print(f"pipeline: {info.name} {info.version} ({', '.join(nlp.pipe_names)})")
    print(f"articles: {len(texts)}, words: {words}, spaCy tokens: {tokens}")
    print(f"wall time: {seconds:.1f} s, CPU time of this process: {cpu_seconds:.1f} s")
    print(f"words/s (one core, wall clock): {words / seconds:,.0f}")
    print(f"words/s (one core, CPU time, i.e. an unshared core): {words / cpu_seconds:,.0f}")


if __name__ == "__main__":
    main()
