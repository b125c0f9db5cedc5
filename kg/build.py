"""Wiring of the build: ingest → nlp → extract → rdf → validate → store, one article at a time.

An article is published only when its graph validates; one that fails (or cannot be read) is
reported and skipped, and whatever was already published for it stays intact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract import extract
from kg.ingest import DEFAULT_CSV_LAYOUT, CsvLayout, Document, IngestError, read_documents
from kg.nlp import load_pipeline, parse_documents
from kg.rdf import IriMinter, map_extraction
from kg.store import KgStore
from kg.validate import ValidationReport, validate_graph


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    ingest_errors: list[IngestError] = field(default_factory=list)
    invalid: list[ValidationReport] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    entities: int = 0

    @property
    def ok(self) -> bool:
        return not self.ingest_errors and not self.invalid

    def summary(self) -> str:
        parts = [f"{len(self.built)} article(s) built", f"{self.entities} entities"]
        if self.replaced:
            parts.append(f"{len(self.replaced)} earlier version(s) replaced")
        if self.ingest_errors:
            parts.append(f"{len(self.ingest_errors)} unreadable")
        if self.invalid:
            parts.append(f"{len(self.invalid)} failed validation (not published)")
        return ", ".join(parts)


Progress = Callable[[str], None]


def build(
    paths: Iterable[Path],
    store: KgStore,
    *,
    model: str | None = None,
    csv_layout: CsvLayout = DEFAULT_CSV_LAYOUT,
    progress: Progress = lambda message: None,
) -> BuildReport:
    report = BuildReport()
    minter = IriMinter(store.base_iri)
    nlp = load_pipeline(model)
    documents = _readable(read_documents(paths, csv_layout), report, progress)
    for document, parsed in parse_documents(nlp, documents):
        article = map_extraction(extract(document, parsed), minter)
        validation = validate_graph(article.graph, document.identifier)
        if not validation.conforms:
            report.invalid.append(validation)
            progress(f"INVALID {document.identifier}: not published\n{validation.text()}")
            continue
        store.replace_graph(str(article.graph_iri), article.to_ntriples())
        report.replaced += store.drop_graphs_of_identifier(document.identifier, str(article.graph_iri))
        report.built.append(document.identifier)
        progress(f"built {document.identifier} ({len(article.graph)} triples)")
    report.entities = store.refresh_entities_graph(str(minter.entities_graph()))
    store.flush()
    return report


def _readable(
    items: Iterable[Document | IngestError], report: BuildReport, progress: Progress
) -> Iterator[Document]:
    """Pass documents on; record (and announce) the inputs that could not be read."""
    for item in items:
        if isinstance(item, IngestError):
            report.ingest_errors.append(item)
            progress(f"ERROR {item}")
        else:
            yield item
