"""kg load: existing RDF into a store, into the default graph or the named graphs the file names."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.load import LoadError, load_rdf_files
from kg.store import KgStore

EX = "http://example.org/"
TURTLE = f'@prefix ex: <{EX}> .\nex:a ex:p ex:b ; ex:name "A"@de .\n'
TRIG = f"@prefix ex: <{EX}> .\nex:g1 {{ ex:a ex:q ex:c }}\nex:g2 {{ ex:d ex:q ex:e . ex:a ex:q ex:c }}\n"
NQUADS = f'<{EX}s> <{EX}p> "1" <{EX}g3> .\n<{EX}s> <{EX}p> "2" .\n'
JSONLD = json.dumps(
    {
        "@context": {"@vocab": "http://schema.org/"},
        "@id": EX + "rutte",
        "@type": "Person",
        "name": "Mark Rutte",
    }
)


def count(store: KgStore, where: str) -> int:
    return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")))["n"].value)


@pytest.fixture()
def files(tmp_path) -> dict[str, Path]:
    out = {}
    for name, text in {
        "a.ttl": TURTLE,
        "b.trig": TRIG,
        "c.nq": NQUADS,
        "d.jsonld": JSONLD,
        "e.nt": f"<{EX}x> <{EX}p> <{EX}y> .\n",
    }.items():
        out[name] = tmp_path / name
        out[name].write_text(text, encoding="utf-8")
    return out


def test_load_every_format_into_the_graphs_the_files_name(tmp_path, files):
    store = KgStore(tmp_path / "store")
    report = load_rdf_files(store, list(files.values()))
    by_name = {r.path.name: r for r in report}
    assert by_name["a.ttl"].default_triples == 2 and not by_name["a.ttl"].graphs
    assert by_name["b.trig"].graphs == {EX + "g1": 1, EX + "g2": 2}
    assert by_name["c.nq"].graphs == {EX + "g3": 1} and by_name["c.nq"].default_triples == 1
    assert by_name["d.jsonld"].default_triples == 2
    assert set(store.named_graphs()) == {EX + "g1", EX + "g2", EX + "g3"}
    # the default graph holds the union (kg.store's rule): the shared triple of g1 and g2 once
    assert count(store, f"<{EX}a> <{EX}q> ?o") == 1
    assert count(store, "?s ?p ?o") == 2 + 2 + 2 + 2 + 1  # ttl, trig (distinct), nq, jsonld, nt
    assert count(store, '?s <http://schema.org/name> "Mark Rutte"') == 1


def test_loading_twice_changes_nothing(tmp_path, files):
    store = KgStore(tmp_path / "store")
    load_rdf_files(store, [files["b.trig"], files["a.ttl"]])
    before = sorted(str(q) for q in store.oxigraph)
    load_rdf_files(store, [files["b.trig"], files["a.ttl"]])
    assert sorted(str(q) for q in store.oxigraph) == before


def test_graph_option_puts_default_triples_in_one_named_graph(tmp_path, files):
    store = KgStore(tmp_path / "store")
    load_rdf_files(store, [files["a.ttl"], files["e.nt"]], graph=EX + "imported")
    assert count(store, f"GRAPH <{EX}imported> {{ ?s ?p ?o }}") == 3
    assert count(store, "?s ?p ?o") == 3


def test_a_syntax_error_leaves_the_store_unchanged(tmp_path, files):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://x> <http://y> .\n", encoding="utf-8")
    store = KgStore(tmp_path / "store")
    with pytest.raises(LoadError, match=r"bad\.ttl"):
        load_rdf_files(store, [files["b.trig"], bad])
    assert len(store.oxigraph) == 0
    with pytest.raises(LoadError, match="unknown RDF extension"):
        load_rdf_files(store, [tmp_path / "data.csv"])


def test_loaded_rdf_is_queryable_like_built_graphs(tmp_path, files):
    store = KgStore(tmp_path / "store")
    load_rdf_files(store, [files["b.trig"]])
    store.remove_graph(EX + "g2")
    assert count(store, f"<{EX}d> ?p ?o") == 0
    assert count(store, f"<{EX}a> <{EX}q> ?o") == 1  # still held by g1
    assert isinstance(next(iter(store.oxigraph)), ox.Quad)
