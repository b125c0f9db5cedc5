"""Store: an embedded, persistent Oxigraph store in a local folder.

One named graph per article plus one for canonical entities; the default graph is their union.
Oxigraph's own "union default graph" option returns a triple once per graph that holds it (a
multiset, where SPARQL's RDF merge is a set), so kg keeps the union materialised in the real default
graph instead: every write updates the named graph and the default graph in the same SPARQL update,
i.e. in one transaction. Readers see the old article or the new one, never half of either, and
queries get set semantics (correct counts) at the cost of storing each triple twice.

A build adds many new graphs at once through Oxigraph's bulk loader (`replace_graphs`), which writes
sorted files straight into RocksDB, 2x cheaper than transactions but not atomic. So before a bulk
load the manifest names its graphs and a journal file keeps the triples it adds to the union; once
it ended both are cleared. A store opened for writing after a crash drops the graphs of the
unfinished load and takes out of the union the journal's triples that no remaining graph holds
(triples `kg load` merged into the default graph on purpose stay); the next build rebuilds those
articles.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF

from kg import __version__
from kg.rdf import ntriples_in_graph
from kg.rdf.iris import slugify
from kg.rdf.vocab import KG, SCHEMA

STORE_MANIFEST = "kg-store.json"
LOAD_JOURNAL = "kg-store.loading.nt"
DEFAULT_STORE_DIR = Path(".kg")
DEFAULT_BASE_IRI = "https://kg.example.org/"
FLUSH_EVERY_BYTES = 4_000_000


_DELETE_FROM_UNION = (
    "DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }}"
    " FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph}) }} }}"
)
"""Take a graph's triples out of the union default graph, except those another graph also holds."""


class StoreError(RuntimeError):
    """The store folder cannot be opened or is not a kg store."""


@dataclass(frozen=True)
class StoreStats:
    quads: int
    named_graphs: int
    articles: int
    entities: int
    sources: int
    """Described (unnamed) speakers; each belongs to one article and is not counted as an entity."""
    quotations: int
    unresolved_quotations: int
    """Quotations published without a speaker (kg:speakerUnresolved), included in `quotations`."""
    claims: int


EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = {"trig", "nquads", "jsonld"}


class KgStore:
    """A kg store folder: the Oxigraph database plus a small manifest naming the base IRI."""

    def __init__(self, path: Path, *, base_iri: str | None = None, read_only: bool = False) -> None:
        self.path = path
        try:
            self.base_iri = self._open_manifest(base_iri, create=not read_only)
        except OSError as error:  # e.g. a folder kg may not write to
            raise StoreError(f"cannot create the store in {path}: {error.strerror or error}") from None
        self._unflushed = 0
        try:
            self.oxigraph = (
                ox.Store.read_only(str(path / "oxigraph")) if read_only else ox.Store(str(path / "oxigraph"))
            )
        except OSError as error:
            raise StoreError(f"cannot open the store in {path}: {error}") from None
        if not read_only:
            self._undo_unfinished_bulk_load()
        elif self._read_manifest().get("loading"):
            raise StoreError(
                f"a build writing to {path} stopped half-way through a bulk load; run that `kg build` "
                "again: it drops the half-loaded graphs and rebuilds their articles"
            )

    def _open_manifest(self, base_iri: str | None, *, create: bool) -> str:
        manifest = self.path / STORE_MANIFEST
        if manifest.is_file():
            stored = json.loads(manifest.read_text(encoding="utf-8"))["base_iri"]
            if base_iri is not None and base_iri != stored:
                raise StoreError(
                    f"the store in {self.path} uses base IRI {stored}; it cannot take {base_iri} "
                    "(build into a new --store folder)"
                )
            return stored
        if not create:
            raise StoreError(f"{self.path} is not a kg store (no {STORE_MANIFEST}); run `kg build` first")
        if self.path.exists() and any(self.path.iterdir()):
            raise StoreError(f"{self.path} is not empty and not a kg store; choose another --store")
        self.path.mkdir(parents=True, exist_ok=True)
        base = base_iri or DEFAULT_BASE_IRI
        self._write_manifest({"base_iri": base, "kg_version": __version__})
        return base

    def _read_manifest(self) -> dict:
        return json.loads((self.path / STORE_MANIFEST).read_text(encoding="utf-8"))

    def _write_manifest(self, manifest: dict) -> None:
        """Write the manifest atomically (a crash leaves the old one or the new one)."""
        draft = self.path / (STORE_MANIFEST + ".tmp")
        draft.write_text(json.dumps(manifest) + "\n", "utf-8")
        os.replace(draft, self.path / STORE_MANIFEST)

    def _set_loading(self, graph_iris: list[str]) -> None:
        manifest = self._read_manifest()
        if graph_iris:
            manifest["loading"] = graph_iris
        else:
            manifest.pop("loading", None)
        self._write_manifest(manifest)

    def _undo_unfinished_bulk_load(self) -> None:
        """After a crash in a bulk load, drop what it may have half-written (see the module doc)."""
        journal = self.path / LOAD_JOURNAL
        unfinished = self._read_manifest().get("loading", [])
        if unfinished:
            self.oxigraph.update(" ;\n".join(f"DROP SILENT GRAPH <{graph}>" for graph in unfinished))
            for quad in ox.parse(path=str(journal), format=ox.RdfFormat.N_TRIPLES):  # default graph
                if not self._named_graphs_hold(quad):
                    self.oxigraph.remove(quad)
            self.flush()
            self._set_loading([])
        journal.unlink(missing_ok=True)

    def _named_graphs_hold(self, quad: ox.Quad) -> bool:
        holders = self.oxigraph.quads_for_pattern(quad.subject, quad.predicate, quad.object, None)
        return any(not isinstance(holder.graph_name, ox.DefaultGraph) for holder in holders)

    def _write_journal(self, ntriples: str) -> None:
        """The union triples of a bulk load, on disk (synced) before the load starts."""
        with open(self.path / LOAD_JOURNAL, "w", encoding="utf-8") as journal:
            journal.write(ntriples)
            journal.flush()
            os.fsync(journal.fileno())

    # --- writing -------------------------------------------------------------------------------

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Swap a named graph's content, and the union default graph with it, in one transaction.

        A new graph (the common case in a build) is added by one transactional `load` of N-Quads that
        hold each triple twice, in the named graph and in the default graph: 2.5x faster than the
        SPARQL update that an existing graph needs."""
        if not self.has_graph(graph_iri):
            nquads = ntriples_in_graph(ntriples, graph_iri) + ntriples
            self.oxigraph.load(nquads, format=ox.RdfFormat.N_QUADS)
            self._flush_every(len(nquads))
            return
        graph = f"<{graph_iri}>"
        self.oxigraph.update(
            f"{_DELETE_FROM_UNION.format(graph=graph)} ;\n"
            f"DROP SILENT GRAPH {graph} ;\n"
            f"INSERT DATA {{ GRAPH {graph} {{\n{ntriples}\n}} }} ;\n"
            f"INSERT DATA {{\n{ntriples}\n}}"
        )

    def replace_graphs(self, graphs: Sequence[tuple[str, str]]) -> None:
        """Swap many graphs (IRI, N-Triples) at once: the new ones in one bulk load (crash-safe, see
        the module doc), the ones already stored one transaction each. A graph named twice keeps
        its last content, as with successive `replace_graph` calls."""
        latest = dict(graphs)
        new = {iri: ntriples for iri, ntriples in latest.items() if not self.has_graph(iri)}
        for iri, ntriples in latest.items():
            if iri not in new:
                self.replace_graph(iri, ntriples)
        if not new:
            return
        union = "\n".join(new.values()) + "\n"
        self._write_journal(union)
        self._set_loading(sorted(new))
        self.oxigraph.bulk_load(
            "".join(ntriples_in_graph(ntriples, iri) for iri, ntriples in new.items()) + union,
            format=ox.RdfFormat.N_QUADS,
        )
        self._set_loading([])
        (self.path / LOAD_JOURNAL).unlink()

    def remove_graph(self, graph_iri: str) -> None:
        graph = f"<{graph_iri}>"
        self.oxigraph.update(f"{_DELETE_FROM_UNION.format(graph=graph)} ;\nDROP SILENT GRAPH {graph}")

    def drop_graphs_of_identifier(self, identifier: str, keep_graph: str) -> list[str]:
        """An article whose text changed has a new content hash, hence a new graph: drop the graphs
        of earlier versions (same `schema:identifier`) so the rebuilt article replaces them."""
        solutions = self.query(
            f"PREFIX schema: <{SCHEMA}>\n"
            f"SELECT DISTINCT ?g WHERE {{ VALUES ?id {{ {ox.Literal(identifier)} }}"
            " GRAPH ?g { ?a a schema:NewsArticle ; schema:identifier ?id } }"
        )
        stale = sorted(s["g"].value for s in solutions if s["g"].value != keep_graph)
        for graph in stale:
            self.remove_graph(graph)
        return stale

    def refresh_entities_graph(self, graph_iri: str) -> int:
        """Rewrite the canonical entities graph from the article graphs now in the store.

        Each entity gets its types and one `schema:name`: the surface form used in the most
        articles, ties broken by length (the fuller name) and then alphabetically. A person an
        article names by surname only (`…/person/muster`) is linked by `owl:sameAs` to the one
        person whose full name ends in that surname, and shares its name. All of it depends only
        on what is stored, never on build order; entities no article mentions disappear.
        """
        solutions = self.oxigraph.query(
            f"PREFIX schema: <{SCHEMA}>\n"
            "SELECT ?e ?type ?name (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g {"
            " ?e a ?type ; schema:alternateName ?name ."
            " FILTER (?type IN (schema:Person, schema:Organization, schema:Place, schema:Thing)) } }"
            " GROUP BY ?e ?type ?name"
        )
        types: dict[str, set[str]] = {}
        names: dict[str, dict[str, int]] = {}
        for solution in solutions:
            entity, name = solution["e"].value, solution["name"].value
            types.setdefault(entity, set()).add(solution["type"].value)
            counts = names.setdefault(entity, {})
            counts[name] = max(counts.get(name, 0), int(solution["n"].value))
        best = {
            entity: max(counts.items(), key=lambda item: (item[1], len(item[0]), item[0]))[0]
            for entity, counts in names.items()
        }
        same_as = _surname_links({e: best[e] for e in types if str(SCHEMA.Person) in types[e]})
        lines = []
        for entity in sorted(types):
            for type_iri in sorted(types[entity]):
                lines.append(f"<{entity}> <{RDF.type}> <{type_iri}> .")
            name = best[same_as[entity]] if entity in same_as else best[entity]
            lines.append(f"<{entity}> <{SCHEMA.name}> {ox.Literal(name)} .")
            if entity in same_as:
                lines.append(f"<{entity}> <{OWL.sameAs}> <{same_as[entity]}> .")
        self.replace_graph(graph_iri, "\n".join(lines))
        return len(types)

    def flush(self) -> None:
        self.oxigraph.flush()
        self._unflushed = 0

    def _flush_every(self, written: int) -> None:
        """Flush RocksDB's memtables every few MB: left alone they grow with the build (1.2 GB
        for 1,000 articles) and make each write slower; flushed, the build is faster too."""
        self._unflushed += written
        if self._unflushed > FLUSH_EVERY_BYTES:
            self.flush()

    # --- reading -------------------------------------------------------------------------------

    def query(self, sparql: str, **options) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query; the default graph is the (materialised) union of all graphs."""
        return self.oxigraph.query(sparql, **options)

    def named_graphs(self) -> list[str]:
        return sorted(graph.value for graph in self.oxigraph.named_graphs())

    def has_graph(self, graph_iri: str) -> bool:
        return self.oxigraph.contains_named_graph(ox.NamedNode(graph_iri))

    def export_items(self, format_name: str, graph_iri: str | None = None) -> list[ox.Quad] | list[ox.Triple]:
        """What an export in `format_name` holds: one graph's triples; or the dataset, as the quads of
        its named graphs in a format that has graphs, else as the triples of the default graph (their
        union: a triple-only format merges the graphs into one)."""
        if graph_iri is not None:
            return [
                quad.triple
                for quad in self.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))
            ]
        if format_name in QUAD_FORMATS:
            return list(self.named_graph_quads())
        return [quad.triple for quad in self.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())]

    def export(self, format_name: str, graph_iri: str | None = None) -> bytes:
        """Serialise `export_items` plainly (no prefixes, expanded JSON-LD). N-Quads and N-Triples
        come out sorted, so the same store always gives byte-identical dumps."""
        data = ox.serialize(self.export_items(format_name, graph_iri), format=EXPORT_FORMATS[format_name])
        if format_name in {"nquads", "ntriples"}:
            lines = sorted(set(data.decode("utf-8").splitlines()))
            data = "".join(line + "\n" for line in lines).encode("utf-8")
        return data

    def named_graph_quads(self) -> Iterator[ox.Quad]:
        for graph in self.oxigraph.named_graphs():
            yield from self.oxigraph.quads_for_pattern(None, None, None, graph)

    def stats(self) -> StoreStats:
        def count(pattern: str) -> int:
            solutions = self.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
            return int(next(iter(solutions))["n"].value)

        return StoreStats(
            quads=sum(1 for _ in self.named_graph_quads()),
            named_graphs=len(self.named_graphs()),
            articles=count(f"?x a <{SCHEMA.NewsArticle}>"),
            entities=count(
                f"VALUES ?t {{ <{SCHEMA.Person}> <{SCHEMA.Organization}> <{SCHEMA.Place}> }} ?x a ?t"
                f" FILTER NOT EXISTS {{ ?x a <{KG.DescribedSource}> }}"
            ),
            sources=count(f"?x a <{KG.DescribedSource}>"),
            quotations=count(f"?x a <{SCHEMA.Quotation}>"),
            unresolved_quotations=count(f"?x a <{SCHEMA.Quotation}> ; <{KG.speakerUnresolved}> true"),
            claims=count(f"?x a <{SCHEMA.Claim}>"),
        )


def _surname_links(person_names: dict[str, str]) -> dict[str, str]:
    """Surname-only person → the unique full-name person with that surname (none if ambiguous)."""
    owners: dict[str, set[str]] = {}
    for entity, name in person_names.items():
        words = name.split()
        if len(words) > 1:
            owners.setdefault(slugify(words[-1]), set()).add(entity)
    links = {}
    for entity, name in person_names.items():
        candidates = owners.get(slugify(name), set()) if len(name.split()) == 1 else set()
        if len(candidates) == 1:
            links[entity] = next(iter(candidates))
    return links
