from __future__ import annotations

from rdflib import RDFS, Graph, URIRef

from kg.rdf.vocab import KG
from kg.resources import ONTOLOGY_DIR


def test_code_and_ontology_declare_the_same_terms_each_documented() -> None:
    ontology = Graph().parse(ONTOLOGY_DIR / "kg.ttl")
    namespace = str(KG._NS)
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(namespace)}
    declared.discard(URIRef(namespace))
    in_code = {KG[name] for name in KG.__annotations__}
    assert declared == in_code
    for term in declared:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term
