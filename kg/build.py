"""Wiring of the build: ingest → nlp → extract → rdf → validate → store.

Articles go through the per-article stages (nlp, extract, rdf, validate) either in this process
or in a pool of worker processes, each holding its own pipeline; only the main process writes to
the store. An article is published only when its graph validates: one that fails (or cannot be
read) is reported and skipped, and whatever was already published for it stays intact.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from kg import __version__
from kg.extract import extract
from kg.ingest import DEFAULT_CSV_LAYOUT, CsvLayout, Document, IngestError, SkippedFiles, read_documents
from kg.nlp import PipelineInfo, load_pipeline, parse_documents
from kg.nlp.pipeline import ModelNotFound, pipeline_info
from kg.parallel import batched, ordered_map
from kg.rdf import IriMinter, map_extraction
from kg.rdf.vocab import PROV
from kg.store import KgStore
from kg.validate import ValidationReport, validate_ntriples

BATCH_SIZE = 16
"""Articles per task sent to a worker: big enough for nlp.pipe batching, small enough to stream."""

PUBLISH_EVERY_BYTES = 8_000_000
"""N-Triples per bulk load into the store (~50 news articles): Oxigraph's bulk loader costs
10-12 ms per article in loads of 30-60 articles, 26 ms one article at a time, more again in one
huge load; it also bounds what a crash or Ctrl-C costs (the articles of one load get rebuilt)."""


@dataclass(frozen=True)
class BuiltArticle:
    """One article through the per-article stages: its graph as N-Triples and its SHACL report."""

    identifier: str
    graph_iri: str
    ntriples: str
    triples: int
    validation: ValidationReport


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    ingest_errors: list[IngestError] = field(default_factory=list)
    skipped_files: list[SkippedFiles] = field(default_factory=list)
    invalid: list[ValidationReport] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    quads: int = 0
    """Quads published: the triples of the built articles' graphs."""
    entities: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.ingest_errors and not self.invalid

    def summary(self) -> str:
        """Every total, zero or not, so that logs of different builds read alike."""
        parts = [
            f"{len(self.built)} article(s) built",
            f"{len(self.skipped)} unchanged (skipped)",
            f"{len(self.ingest_errors)} unreadable",
            f"{len(self.invalid)} failed validation (not published)",
        ]
        if self.replaced:
            parts.append(f"{len(self.replaced)} earlier version(s) replaced")
        if self.skipped_files:
            parts.append(f"{sum(len(s.names) for s in self.skipped_files)} other file(s) skipped")
        return (
            f"{', '.join(parts)}; {self.quads:,} quads published, {self.entities:,} entities in the store; "
            f"{self.seconds:.1f} s"
        )


Progress = Callable[[str], None]
"""Notices the user must see as they happen: unreadable input, invalid graphs, skipped files."""
Settled = Callable[[str, str], None]
"""Called once per article as it is settled: (outcome, what), the outcome being "built" (what: the
identifier and its triples), "unchanged", "unreadable" (what: the source) or "invalid"."""
T = TypeVar("T")


def build(
    paths: Iterable[Path],
    store: KgStore,
    *,
    model: str | None = None,
    csv_layout: CsvLayout = DEFAULT_CSV_LAYOUT,
    workers: int = 1,
    force: bool = False,
    progress: Progress = lambda message: None,
    settled: Settled = lambda outcome, what: None,
) -> BuildReport:
    """Build every readable article under `paths` into `store`; unchanged articles are skipped
    unless `force` (same text, same pipeline and kg version give the same graph)."""
    started = time.monotonic()
    report = BuildReport()
    minter = IriMinter(store.base_iri)
    with _article_builder(model, store.base_iri, workers) as (pipeline, build_all):
        inputs = read_documents(paths, csv_layout)
        documents: Iterable[Document] = _readable(inputs, report, progress, settled)
        if not force:
            documents = _changed(documents, store, minter, pipeline, report, settled)
        try:
            for articles in chunks_by_size(build_all(documents), PUBLISH_EVERY_BYTES, _ntriples_size):
                with interrupts_deferred():
                    _publish(articles, store, report, progress, settled)
        finally:  # also after Ctrl-C: the entities graph covers exactly the articles published
            with interrupts_deferred():
                report.entities = store.refresh_entities_graph(str(minter.entities_graph()))
                store.flush()
    report.seconds = time.monotonic() - started
    return report


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C back while the store is written and raise it once the write has ended: an
    interrupted build then leaves each chunk of articles published whole (graphs, earlier versions
    dropped) or not at all, instead of relying on the next writer's crash recovery."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def build_articles(nlp, documents: Iterable[Document], minter: IriMinter) -> Iterator[BuiltArticle]:
    """The per-article stages, free of any store: usable in a worker process or a cluster task."""
    for document, parsed in parse_documents(nlp, documents, batch_size=BATCH_SIZE):
        article = map_extraction(extract(document, parsed), minter)
        ntriples = article.to_ntriples()
        yield BuiltArticle(
            identifier=document.identifier,
            graph_iri=str(article.graph_iri),
            ntriples=ntriples,
            triples=len(article),
            validation=validate_ntriples(ntriples, document.identifier),
        )


def chunks_by_size(items: Iterable[T], max_bytes: int, size: Callable[[T], int]) -> Iterator[list[T]]:
    """Group a stream into lists of about `max_bytes` each (the unit of one bulk load)."""
    chunk: list[T] = []
    total = 0
    for item in items:
        chunk.append(item)
        total += size(item)
        if total >= max_bytes:
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk


def _ntriples_size(article: BuiltArticle) -> int:
    return len(article.ntriples)


def _publish(
    articles: list[BuiltArticle], store: KgStore, report: BuildReport, progress: Progress, settled: Settled
) -> None:
    """Store the valid articles in one bulk load; report the invalid ones, which are not stored."""
    valid = [article for article in articles if article.validation.conforms]
    for article in articles:
        if not article.validation.conforms:
            report.invalid.append(article.validation)
            progress(f"INVALID {article.identifier}: not published\n{article.validation.text()}")
            settled("invalid", article.identifier)
    store.replace_graphs([(article.graph_iri, article.ntriples) for article in valid])
    for article in valid:
        report.replaced += store.drop_graphs_of_identifier(article.identifier, article.graph_iri)
        report.built.append(article.identifier)
        report.quads += article.triples
        settled("built", f"{article.identifier} ({article.triples} triples)")


def _readable(
    items: Iterable[Document | IngestError], report: BuildReport, progress: Progress, settled: Settled
) -> Iterator[Document]:
    """Pass documents on; record (and announce) the inputs that could not be read."""
    for item in items:
        if isinstance(item, SkippedFiles):
            report.skipped_files.append(item)
            progress(f"SKIPPED {item}")
        elif isinstance(item, IngestError):
            report.ingest_errors.append(item)
            progress(f"ERROR {item}")
            settled("unreadable", item.source)
        else:
            yield item


def _changed(
    documents: Iterable[Document],
    store: KgStore,
    minter: IriMinter,
    pipeline: PipelineInfo,
    report: BuildReport,
    settled: Settled,
) -> Iterator[Document]:
    """Drop the articles whose graph is already stored from the same text by the same pipeline
    and kg version: the article id is the content hash, the activity IRI names the pipeline."""
    kg_software = minter.software("kg", __version__)
    for document in documents:
        graph = minter.article_graph(document.id)
        activity = minter.activity(document.id, f"{pipeline.name}@{pipeline.version}")
        unchanged = store.query(
            f"ASK {{ GRAPH <{graph}> {{ <{activity}> <{PROV.wasAssociatedWith}> <{kg_software}> }} }}"
        )
        if unchanged:
            report.skipped.append(document.identifier)
            settled("unchanged", document.identifier)
        else:
            yield document


# --- where the per-article stages run -----------------------------------------------------------

BuildAll = Callable[[Iterable[Document]], Iterator[BuiltArticle]]


@contextmanager
def _article_builder(
    model: str | None, base_iri: str, workers: int
) -> Iterator[tuple[PipelineInfo, BuildAll]]:
    """The pipeline's identity and a function running the per-article stages: in this process, or
    in `workers` processes. With workers, only they load spaCy (the main process just writes)."""
    if workers <= 1:
        nlp = load_pipeline(model)
        minter = IriMinter(base_iri)
        yield pipeline_info(nlp), lambda documents: build_articles(nlp, documents, minter)
        return
    with ProcessPoolExecutor(workers, initializer=_worker_init, initargs=(model, base_iri)) as pool:
        try:
            pipeline = pool.submit(_worker_pipeline_info).result()
            yield pipeline, lambda documents: _build_in_workers(pool, documents, workers)
        except BaseException:  # Ctrl-C or an error: do not build the batches still queued
            pool.shutdown(cancel_futures=True)
            raise


_worker_state: dict = {}


def _worker_init(model: str | None, base_iri: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    try:
        _worker_state["nlp"] = load_pipeline(model)
    except ModelNotFound as error:  # kept for _worker_pipeline_info: the main process gets it whole
        _worker_state["error"] = error
    _worker_state["minter"] = IriMinter(base_iri)


def _worker_pipeline_info() -> PipelineInfo:
    if "error" in _worker_state:
        raise _worker_state["error"]
    return pipeline_info(_worker_state["nlp"])


def _worker_build(documents: list[Document]) -> list[BuiltArticle]:
    return list(build_articles(_worker_state["nlp"], documents, _worker_state["minter"]))


def _build_in_workers(
    pool: ProcessPoolExecutor, documents: Iterable[Document], workers: int
) -> Iterator[BuiltArticle]:
    """Batches go to the worker processes, results come back in input order (bounded memory)."""
    return ordered_map(pool, _worker_build, batched(documents, BATCH_SIZE), workers)
