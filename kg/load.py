"""`kg load FILE…`: import existing RDF (Turtle, TriG, N-Quads, N-Triples, JSON-LD, RDF/XML) into a
kg store, keeping the store's rule that its default graph is the union of the named graphs.

A named graph in a file replaces the store's graph of that name (graphs the store does not hold yet
in one bulk load, the others one transaction each, as `kg build` does), so loading the same file
twice changes nothing. Triples a file puts in the
default graph (every triple of a Turtle / N-Triples / RDF/XML file, or a JSON-LD without @graph
names) are merged into the store's default graph — or, with `graph=IRI`, replace that named graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.store import KgStore

EXTENSIONS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}


class LoadError(ValueError):
    """A file kg cannot read as RDF (unknown extension or a syntax error, with its position)."""


@dataclass
class LoadedFile:
    path: Path
    format: str
    default_triples: int = 0
    graphs: dict[str, int] = field(default_factory=dict)  # named graph → triples

    @property
    def triples(self) -> int:
        return self.default_triples + sum(self.graphs.values())


def rdf_format(path: Path) -> ox.RdfFormat:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        raise LoadError(f"{path}: decompress it first (gzip is not read)")
    fmt = EXTENSIONS.get(suffixes[-1] if suffixes else "")
    if fmt is None:
        raise LoadError(f"{path}: unknown RDF extension; use one of {', '.join(sorted(EXTENSIONS))}")
    return fmt


def read_rdf(path: Path, *, base_iri: str | None = None) -> tuple[ox.RdfFormat, dict[str | None, list]]:
    """Parse one file into triples per graph (None: the default graph)."""
    fmt = rdf_format(path)
    graphs: dict[str | None, list] = {}
    try:
        for item in ox.parse(path=str(path), format=fmt, base_iri=base_iri or path.resolve().as_uri()):
            if isinstance(item, ox.Quad):
                name = None if isinstance(item.graph_name, ox.DefaultGraph) else item.graph_name.value
                if isinstance(item.graph_name, ox.BlankNode):
                    raise LoadError(f"{path}: a named graph with a blank-node name cannot be kept")
                graphs.setdefault(name, []).append(item.triple)
            else:
                graphs.setdefault(None, []).append(item)
    except SyntaxError as error:
        raise LoadError(f"{path}: {error}") from None
    return fmt, graphs


def _ntriples(triples: list) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def load_rdf_files(store: KgStore, paths: Iterable[Path], *, graph: str | None = None) -> list[LoadedFile]:
    """Load RDF files into the store (see the module doc for where triples go). All files are parsed
    before anything is written, so a syntax error in any of them leaves the store unchanged."""
    if graph is not None:
        ox.NamedNode(graph)  # raises ValueError for a bad IRI
    parsed = [(Path(p), *read_rdf(Path(p))) for p in paths]
    report = []
    named: list[tuple[str, str]] = []  # replaced together: new graphs in one bulk load
    into_graph: list = []  # with graph=IRI: the default-graph triples of all files, one replacement
    for path, fmt, graphs in parsed:
        loaded = LoadedFile(path, fmt.name)
        for name, triples in graphs.items():
            if name is not None:
                named.append((name, _ntriples(triples)))
                loaded.graphs[name] = len(set(triples))
            elif graph is not None:
                into_graph.extend(triples)
                loaded.graphs[graph] = loaded.graphs.get(graph, 0) + len(set(triples))
            else:
                store.oxigraph.update(f"INSERT DATA {{\n{_ntriples(triples)}\n}}")
                loaded.default_triples += len(set(triples))
        report.append(loaded)
    store.replace_graphs(named)
    if graph is not None and into_graph:
        store.replace_graph(graph, _ntriples(into_graph))
    store.flush()
    return report
