"""The vocabularies kg writes: one place for every namespace, no IRI strings elsewhere in code.

`KG` lists the project's own terms; each is declared with `rdfs:label` and `rdfs:comment` in
`ontology/kg.ttl`, and a test keeps the two in step.
"""

from __future__ import annotations

from functools import cache

from rdflib import Namespace as _RdflibNamespace
from rdflib import URIRef
from rdflib.namespace import DefinedNamespace


class Namespace(_RdflibNamespace):
    """rdflib's Namespace with its terms made once: the mapping looks terms up ~800 times per
    article, and building a fresh URIRef each time was a third of the RDF stage. A term read as an
    attribute (`SCHEMA.name`) is then kept on the instance, so later reads skip `__getattr__`."""

    def term(self, name: str) -> URIRef:
        return _term(str(self), name)

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


@cache
def _term(namespace: str, name: str) -> URIRef:
    return URIRef(namespace + name)


SCHEMA = Namespace("http://schema.org/")
"""schema.org, http form as used by its JSON-LD context; terms as of schema.org release 29.x."""
SCHEMA_VERSION = "29.3"
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
PROV = Namespace("http://www.w3.org/ns/prov#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = Namespace("http://www.w3.org/ns/shacl#")


class KG(DefinedNamespace):
    """kg's own vocabulary (ontology/kg.ttl)."""

    _NS = Namespace("https://kg.example.org/ns#")
    _fail = True

    Statement: URIRef
    DescribedSource: URIRef
    QuoteKind: URIRef
    Direct: URIRef
    Indirect: URIRef
    Reported: URIRef
    denotedBy: URIRef
    quoteKind: URIRef
    cue: URIRef
    cueLemma: URIRef
    addressee: URIRef
    confidence: URIRef
    sha256: URIRef
    quantity: URIRef
    period: URIRef
    refersToDate: URIRef
    holdsRole: URIRef
    roleOrganization: URIRef
    derivedFrom: URIRef
    head: URIRef
    inArticle: URIRef
    speakerUnresolved: URIRef


PREFIXES: dict[str, Namespace] = {
    "schema": SCHEMA,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "prov": PROV,
    "kg": Namespace(str(KG._NS)),
    "void": VOID,
    "dcat": DCAT,
    "sd": SD,
}
