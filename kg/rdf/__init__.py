"""RDF stage: map extractions to schema.org + NIF + PROV-O graphs with deterministic IRIs."""

from kg.rdf.iris import IriMinter
from kg.rdf.mapping import ArticleGraph, map_extraction, ntriples_in_graph

__all__ = ["ArticleGraph", "IriMinter", "map_extraction", "ntriples_in_graph"]
