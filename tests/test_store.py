from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.records import Extraction
from kg.ingest import make_document
from kg.rdf import IriMinter, map_extraction
from kg.store import LOAD_JOURNAL, KgStore, StoreError
from tests.conftest import BASE, make_extraction


def store_with(tmp_path: Path, *extractions: Extraction) -> KgStore:
    store = KgStore(tmp_path / "store", base_iri=BASE)
    minter = IriMinter(BASE)
    for extraction in extractions:
        article = map_extraction(extraction, minter)
        store.replace_graph(str(article.graph_iri), article.to_ntriples())
    store.refresh_entities_graph(str(minter.entities_graph()))
    return store


def test_replace_graph_replaces_exactly_that_graph(tmp_path: Path, extraction: Extraction) -> None:
    other = make_extraction(make_document("Vorspann. " + extraction.document.text, "b.txt"))
    store = store_with(tmp_path, extraction, other)
    graphs = store.named_graphs()
    assert len(graphs) == 3  # two articles + entities
    first = str(IriMinter(BASE).article_graph(extraction.document.id))
    before = store.export("nquads")
    store.replace_graph(first, map_extraction(extraction, IriMinter(BASE)).to_ntriples())
    assert store.export("nquads") == before
    store.replace_graph(first, "")
    assert not store.has_graph(first) or not list(
        store.query(f"SELECT * {{ GRAPH <{first}> {{ ?s ?p ?o }} }}")
    )
    assert str(IriMinter(BASE).article_graph(other.document.id)) in store.named_graphs()


def test_entities_graph_has_one_canonical_name(tmp_path: Path, extraction: Extraction) -> None:
    store = store_with(tmp_path, extraction)
    names = [
        s["name"].value
        for s in store.query(
            f"SELECT ?name WHERE {{ GRAPH <{BASE}graph/entities> {{ <{BASE}entity/person/anna-beispiel> "
            "<http://schema.org/name> ?name } }"
        )
    ]
    assert names == ["Anna Beispiel"]


def test_store_survives_reopening_and_keeps_its_base(tmp_path: Path, extraction: Extraction) -> None:
    store = store_with(tmp_path, extraction)
    dump = store.export("nquads")
    del store
    reopened = KgStore(tmp_path / "store")
    assert reopened.base_iri == BASE
    assert reopened.export("nquads") == dump
    with pytest.raises(StoreError, match="uses base IRI"):
        KgStore(tmp_path / "store-x", base_iri=BASE).__class__(
            tmp_path / "store", base_iri="http://other.org/"
        )


def test_non_store_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "stuff.txt").write_text("x")
    with pytest.raises(StoreError, match="not empty"):
        KgStore(tmp_path)


def test_stats_count_what_is_there(tmp_path: Path, extraction: Extraction) -> None:
    stats = store_with(tmp_path, extraction).stats()
    assert (stats.articles, stats.quotations, stats.claims, stats.entities) == (1, 1, 1, 2)
    assert stats.named_graphs == 2


def test_exports_are_sorted_and_stable(tmp_path: Path, extraction: Extraction) -> None:
    store = store_with(tmp_path, extraction)
    nquads = store.export("nquads").decode().splitlines()
    assert nquads == sorted(nquads)
    assert b"@prefix" in store.export("turtle") or b"<http" in store.export("turtle")
    assert b"@context" in store.export("jsonld") or b"@graph" in store.export("jsonld")


def test_default_graph_is_the_set_union_of_the_article_graphs(tmp_path: Path, extraction: Extraction) -> None:
    other = make_extraction(make_document("Vorspann. " + extraction.document.text, "b.txt"))
    store = store_with(tmp_path, extraction, other)

    def count(pattern: str) -> int:
        return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")))["n"].value)

    shared = "?q a <http://schema.org/Quotation>"
    assert count(shared) == 1  # the quotation both articles carry, once (SPARQL's RDF merge)
    minter = IriMinter(BASE)
    store.remove_graph(str(minter.article_graph(other.document.id)))
    assert count(shared) == 1  # still held by the first article
    store.remove_graph(str(minter.article_graph(extraction.document.id)))
    assert count(shared) == 0
    assert count("?s ?p ?o") == count("GRAPH ?g { ?s ?p ?o }")  # only the entities graph is left


def test_a_surname_only_person_is_linked_to_the_one_full_name(tmp_path: Path, extraction: Extraction) -> None:
    from dataclasses import replace

    surname_only = make_extraction(make_document("Nur Nachname. " + extraction.document.text, "c.txt"))
    rekeyed = tuple(
        replace(e, key="PER:beispiel", name="Beispiel", alternate_names=()) if e.label == "PER" else e
        for e in surname_only.entities
    )
    mentions = tuple(
        replace(m, entity_key="PER:beispiel") if m.label == "PER" else m for m in surname_only.mentions
    )
    quotations = tuple(replace(q, speaker_key="PER:beispiel") for q in surname_only.quotations)
    claims = tuple(replace(c, claimant_key="PER:beispiel") for c in surname_only.claims)
    statements = tuple(replace(s, subject_key="PER:beispiel") for s in surname_only.statements)
    surname_only = Extraction(
        **{**vars(surname_only), "entities": rekeyed, "mentions": mentions, "quotations": quotations}
        | {"claims": claims, "statements": statements}
    )
    store = store_with(tmp_path, extraction, surname_only)
    rows = store.query(
        "SELECT ?e ?name ?same WHERE { ?e a <http://schema.org/Person> ; <http://schema.org/name> ?name "
        "OPTIONAL { ?e <http://www.w3.org/2002/07/owl#sameAs> ?same } } ORDER BY ?e"
    )
    found = [(r["e"].value.rsplit("/", 1)[1], r["name"].value, r["same"] and r["same"].value) for r in rows]
    assert found == [
        ("anna-beispiel", "Anna Beispiel", None),
        ("beispiel", "Anna Beispiel", BASE + "entity/person/anna-beispiel"),
    ]


def _article_graphs(*extractions: Extraction) -> list[tuple[str, str]]:
    minter = IriMinter(BASE)
    articles = [map_extraction(extraction, minter) for extraction in extractions]
    return [(str(article.graph_iri), article.to_ntriples()) for article in articles]


def test_bulk_replacement_stores_what_one_by_one_replacement_stores(
    tmp_path: Path, extraction: Extraction
) -> None:
    other = make_extraction(make_document("Vorspann. " + extraction.document.text, "b.txt"))
    graphs = _article_graphs(extraction, other)
    one_by_one = KgStore(tmp_path / "a", base_iri=BASE)
    for iri, ntriples in graphs:
        one_by_one.replace_graph(iri, ntriples)
    bulk = KgStore(tmp_path / "b", base_iri=BASE)
    bulk.replace_graphs(graphs[:1])
    bulk.replace_graphs(graphs)  # one stored already (replaced), one new (bulk-loaded)
    for format_name in ("nquads", "ntriples"):  # the named graphs, and the union default graph
        assert bulk.export(format_name) == one_by_one.export(format_name)
    assert not (tmp_path / "b" / LOAD_JOURNAL).exists()


class _CrashingBulkLoad:
    """An Oxigraph store whose bulk load dies half-way, as a killed build would."""

    def __init__(self, store) -> None:
        self._store = store

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def bulk_load(self, data: str, format) -> None:
        lines = data.splitlines(keepends=True)
        self._store.load("".join(lines[: len(lines) // 2]), format=format)
        raise KeyboardInterrupt


def test_a_bulk_load_cut_short_is_undone_when_the_store_reopens(
    tmp_path: Path, extraction: Extraction
) -> None:
    import gc

    other = make_extraction(make_document("Vorspann. " + extraction.document.text, "b.txt"))
    (kept, kept_triples), (lost, lost_triples) = _article_graphs(extraction, other)
    store = KgStore(tmp_path / "store", base_iri=BASE)
    store.replace_graphs([(kept, kept_triples)])
    merged = "<https://example.org/s> <https://example.org/p> <https://example.org/o> ."
    store.oxigraph.update(f"INSERT DATA {{ {merged} }}")  # as `kg load` merges a Turtle file
    before = store.export("nquads"), store.export("ntriples")
    store.oxigraph = _CrashingBulkLoad(store.oxigraph)
    with pytest.raises(KeyboardInterrupt):
        store.replace_graphs([(lost, lost_triples)])
    assert store.has_graph(lost)  # half of it went in
    del store
    gc.collect()  # releases the database lock, as the end of the process would
    with pytest.raises(StoreError, match="half-way through a bulk load"):
        KgStore(tmp_path / "store", read_only=True)  # a reader is not shown half a graph
    reopened = KgStore(tmp_path / "store")
    assert not reopened.has_graph(lost) and not (tmp_path / "store" / LOAD_JOURNAL).exists()
    assert (reopened.export("nquads"), reopened.export("ntriples")) == before
    reopened.replace_graphs([(lost, lost_triples)])  # and the next build stores it whole
    assert reopened.has_graph(lost)
