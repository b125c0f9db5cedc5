"""Run the per-article stages on a Dask cluster and write one N-Quads file per article.

Dask (distributed) rather than Ray: it is pure Python and pip-installable in a few MB, a
`LocalCluster` of worker processes on one machine behaves like a real cluster (same scheduler,
same serialisation), and a real cluster is one `dask scheduler` / `dask worker` command per host.
Each worker loads the spaCy pipeline once and reuses it for every batch it gets.

The output folder must be reachable by every worker (a shared file system on a real cluster):
`{article id}.nq` per valid article, which any store bulk-loads (`kg load`, `oxigraph load`,
Fuseki's `tdb2.tdbloader`), or which `load_nquads_dir` puts into a kg store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from kg.build import BATCH_SIZE, PUBLISH_EVERY_BYTES, build_articles, chunks_by_size
from kg.ingest import Document
from kg.nlp import load_pipeline
from kg.parallel import batched
from kg.rdf import IriMinter, ntriples_in_graph
from kg.store import KgStore

_pipelines: dict[str | None, object] = {}


@dataclass(frozen=True)
class ArticleOutcome:
    identifier: str
    graph_iri: str
    path: str | None
    """The N-Quads file written, or None when the graph failed validation."""
    report: str


@dataclass
class ClusterReport:
    written: list[ArticleOutcome] = field(default_factory=list)
    invalid: list[ArticleOutcome] = field(default_factory=list)


def build_batch_to_nquads(
    documents: list[Document], model: str | None, base_iri: str, out_dir: str
) -> list[ArticleOutcome]:
    """One cluster task: the per-article stages for a batch, each valid graph to its own file."""
    if model not in _pipelines:
        _pipelines[model] = load_pipeline(model)
    outcomes = []
    for article in build_articles(_pipelines[model], documents, IriMinter(base_iri)):
        path = None
        if article.validation.conforms:
            article_id = article.graph_iri.rsplit("/", 1)[1]
            path = str(Path(out_dir) / f"{article_id}.nq")
            Path(path).write_text(ntriples_in_graph(article.ntriples, article.graph_iri), "utf-8")
        outcomes.append(
            ArticleOutcome(article.identifier, article.graph_iri, path, article.validation.text())
        )
    return outcomes


def build_on_cluster(
    documents: Iterable[Document],
    out_dir: Path,
    *,
    base_iri: str,
    model: str | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    progress: Callable[[str], None] = lambda message: None,
) -> ClusterReport:
    """Send batches to a Dask cluster (`scheduler` address, or a local cluster of `workers`
    processes); at most two batches per worker are queued, so the corpus is streamed."""
    from dask.distributed import Client, LocalCluster, as_completed

    out_dir.mkdir(parents=True, exist_ok=True)
    report = ClusterReport()
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)
    with Client(scheduler or cluster) as client:
        window = 2 * max(1, len(client.scheduler_info()["workers"]))
        batches = batched(documents, BATCH_SIZE)
        running = as_completed(
            [
                client.submit(build_batch_to_nquads, b, model, base_iri, str(out_dir))
                for b in islice(batches, window)
            ]
        )
        for future in running:
            for outcome in future.result():
                (report.written if outcome.path else report.invalid).append(outcome)
                progress(f"{'built' if outcome.path else 'INVALID'} {outcome.identifier}")
            for batch in islice(batches, 1):
                running.add(client.submit(build_batch_to_nquads, batch, model, base_iri, str(out_dir)))
    if cluster is not None:
        cluster.close()
    return report


def load_nquads_dir(store: KgStore, outcomes: Iterable[ArticleOutcome]) -> int:
    """Put the cluster's per-article files into a kg store, each replacing its article graph, in
    bulk loads of a few MB (as `kg build` does)."""
    written = (outcome for outcome in outcomes if outcome.path is not None)
    loaded = 0
    for chunk in chunks_by_size(
        written, PUBLISH_EVERY_BYTES, lambda outcome: Path(outcome.path).stat().st_size
    ):
        store.replace_graphs([(outcome.graph_iri, _ntriples_of(outcome)) for outcome in chunk])
        for outcome in chunk:
            store.drop_graphs_of_identifier(outcome.identifier, outcome.graph_iri)
        loaded += len(chunk)
    return loaded


def _ntriples_of(outcome: ArticleOutcome) -> str:
    """An article's N-Quads file (one graph) as N-Triples."""
    suffix = f" <{outcome.graph_iri}> ."
    lines = Path(outcome.path).read_text("utf-8").splitlines()
    return "".join(line.removesuffix(suffix) + " .\n" for line in lines)
