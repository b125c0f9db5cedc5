"""Namespaces the serve stage uses: kg.rdf.vocab's, plus the few only serving needs."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import RDF, RDFS, XSD

from kg.rdf.vocab import ITSRDF, KG, NIF, PROV, SCHEMA, SD, VOID

KG_NS = Namespace(str(KG._NS))
DCTERMS = Namespace("http://purl.org/dc/terms/")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

PREFIXES: dict[str, str] = {
    "schema": str(SCHEMA),
    "nif": str(NIF),
    "prov": str(PROV),
    "itsrdf": str(ITSRDF),
    "kg": str(KG_NS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}

__all__ = [
    "DCTERMS",
    "FORMATS",
    "ITSRDF",
    "KG",
    "KG_NS",
    "NIF",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "VOID",
    "XSD",
]
