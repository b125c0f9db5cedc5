"""`kg validate` of a whole store: each article graph alone, in worker processes.

Each worker opens the store read-only (RocksDB allows any number of read-only openings), dumps the
graphs it is given and validates them; the main process only lists graphs and prints reports, in
the store's graph order, so the output does not depend on the number of workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from kg.parallel import batched, ordered_map
from kg.rdf import IriMinter
from kg.store import KgStore
from kg.validate import DEFAULT_ENGINE, ValidationReport, validate_ntriples

GRAPHS_PER_TASK = 32


def article_graphs(store: KgStore) -> list[str]:
    """The store's named graphs but the canonical entities graph (no article, no article shapes)."""
    entities_graph = str(IriMinter(store.base_iri).entities_graph())
    return [graph for graph in store.named_graphs() if graph != entities_graph]


def validate_store(
    store: KgStore, *, engine: str = DEFAULT_ENGINE, workers: int = 1
) -> Iterator[ValidationReport]:
    """A report per article graph of the store, in graph order."""
    graphs = article_graphs(store)
    if workers <= 1:
        yield from _validate(store, graphs, engine)
        return
    with ProcessPoolExecutor(workers, initializer=_open_in_worker, initargs=(store.path,)) as pool:
        task = partial(_validate_in_worker, engine=engine)
        yield from ordered_map(pool, task, batched(graphs, GRAPHS_PER_TASK), workers)


def _validate(store: KgStore, graphs: list[str], engine: str) -> list[ValidationReport]:
    """Dump each graph as N-Triples and validate it; no sorting, unlike an export: SHACL ignores order."""
    return [
        validate_ntriples(
            store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)).decode(
                "utf-8"
            ),
            graph,
            engine,
        )
        for graph in graphs
    ]


_worker_store: list[KgStore] = []


def _open_in_worker(path: Path) -> None:
    _worker_store.append(KgStore(path, read_only=True))


def _validate_in_worker(graphs: list[str], engine: str) -> list[ValidationReport]:
    return _validate(_worker_store[0], graphs, engine)
