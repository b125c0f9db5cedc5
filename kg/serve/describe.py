"""Descriptions of the service and the dataset: SPARQL Service Description and VoID."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.serve import conneg
from kg.serve.vocab import DCTERMS, FORMATS, NIF, PREFIXES, PROV, SCHEMA, SD, VOID

RESULT_FORMAT_IRIS = {
    "json": FORMATS.SPARQL_Results_JSON,
    "xml": FORMATS.SPARQL_Results_XML,
    "csv": FORMATS.SPARQL_Results_CSV,
    "tsv": FORMATS.SPARQL_Results_TSV,
    "turtle": FORMATS.Turtle,
    "jsonld": FORMATS["JSON-LD"],
    "ntriples": FORMATS["N-Triples"],
    "rdfxml": FORMATS.RDF_XML,
    "trig": FORMATS.TriG,
    "nquads": FORMATS["N-Quads"],
}


DESCRIPTION_PREFIXES = {
    **PREFIXES,
    "sd": str(SD),
    "void": str(VOID),
    "dcterms": str(DCTERMS),
    "formats": str(FORMATS),
}


def graph_to_oxigraph(graph: Graph) -> list[ox.Triple]:
    """rdflib graph → Oxigraph triples, grouped by subject (named subjects first) for readable Turtle."""
    triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return sorted(
        triples,
        key=lambda t: (isinstance(t.subject, ox.BlankNode), str(t.subject), str(t.predicate), str(t.object)),
    )


def _bind(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    graph.bind("formats", FORMATS)


@dataclass
class DatasetStats:
    triples: int
    distinct_triples: int
    entities: int
    classes: int
    properties: int
    distinct_subjects: int
    distinct_objects: int
    named_graphs: int
    article_graphs: int
    article_triples: int
    class_partition: list[tuple[str, int]]
    property_partition: list[tuple[str, int]]


def _one(store: ox.Store, query: str) -> int:
    solution = next(iter(store.query(query)))
    return int(solution[0].value)


def dataset_stats(store: ox.Store, base_iri: str) -> DatasetStats:
    article_prefix = base_iri + "graph/article/"
    graphs = [g.value for g in store.named_graphs()]
    article_graphs = [g for g in graphs if g.startswith(article_prefix)]
    article_triples = _one(
        store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{article_prefix}")) }}',
    )
    classes = [
        (s["c"].value, int(s["n"].value))
        for s in store.query(
            "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c",
        )
    ]
    properties = [
        (s["p"].value, int(s["n"].value))
        for s in store.query(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { ?x ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p",
        )
    ]
    return DatasetStats(
        triples=_one(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        distinct_triples=_one(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        entities=_one(
            store,
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }",
        ),
        classes=len(classes),
        properties=len(properties),
        distinct_subjects=_one(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        distinct_objects=_one(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        named_graphs=len(graphs),
        article_graphs=len(article_graphs),
        article_triples=article_triples,
        class_partition=classes,
        property_partition=properties,
    )


def void_graph(stats: DatasetStats, root: str, base_iri: str) -> Graph:
    """/.well-known/void: the dataset with its counts, partitions, endpoint and dumps."""
    graph = Graph()
    _bind(graph)
    dataset = URIRef(root + ".well-known/void#dataset")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("kg: who said what about whom in German news", lang="en")))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(root + "sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(base_iri)))
    for fmt in conneg.GRAPH_FORMATS:
        if fmt.key in {"turtle", "trig", "nquads", "jsonld"}:
            graph.add((dataset, VOID.dataDump, URIRef(f"{root}dump.{fmt.extension}")))
    for vocabulary in (SCHEMA, NIF, PROV):
        graph.add((dataset, VOID.vocabulary, URIRef(str(vocabulary))))
    counts = {
        VOID.triples: stats.triples,
        VOID.entities: stats.entities,
        VOID.classes: stats.classes,
        VOID.properties: stats.properties,
        VOID.distinctSubjects: stats.distinct_subjects,
        VOID.distinctObjects: stats.distinct_objects,
        VOID.documents: stats.article_graphs,
    }
    for predicate, value in counts.items():
        graph.add((dataset, predicate, Literal(value, datatype=XSD.integer)))
    articles = URIRef(root + ".well-known/void#article-graphs")
    graph.add((dataset, VOID.subset, articles))
    graph.add((articles, RDF.type, VOID.Dataset))
    graph.add((articles, DCTERMS.description, Literal("the per-article named graphs", lang="en")))
    graph.add((articles, VOID.triples, Literal(stats.article_triples, datatype=XSD.integer)))
    graph.add((articles, VOID.documents, Literal(stats.article_graphs, datatype=XSD.integer)))
    for cls, count in stats.class_partition:
        part = BNode()
        graph.add((dataset, VOID.classPartition, part))
        graph.add((part, VOID["class"], URIRef(cls)))
        graph.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for prop, count in stats.property_partition:
        part = BNode()
        graph.add((dataset, VOID.propertyPartition, part))
        graph.add((part, VOID.property, URIRef(prop)))
        graph.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    return graph


def service_description(endpoint: str, root: str, stats: DatasetStats | None) -> Graph:
    """The SPARQL 1.1 Service Description returned by GET /sparql without a query."""
    graph = Graph()
    _bind(graph)
    service = URIRef(endpoint + "#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for key in ("json", "xml", "csv", "tsv", "turtle", "jsonld", "ntriples", "rdfxml", "trig", "nquads"):
        graph.add((service, SD.resultFormat, RESULT_FORMAT_IRIS[key]))
    dataset = BNode()
    default = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, DCTERMS.description, Literal("the union of all named graphs", lang="en")))
    graph.add(
        (
            service,
            DCTERMS.description,
            Literal(
                "Read-only SPARQL 1.1 endpoint; updates and SERVICE are refused; queries have a deadline.",
                lang="en",
            ),
        )
    )
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint)))
    graph.add((dataset, DCTERMS.source, URIRef(root + ".well-known/void")))
    if stats is not None:
        graph.add((default, VOID.triples, Literal(stats.distinct_triples, datatype=XSD.integer)))
        graph.add((dataset, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
    return graph
