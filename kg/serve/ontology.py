"""kg's own vocabulary (ontology/kg.ttl) as the server publishes it at its namespace's path.

The `kg:` IRIs in every graph kg writes (kg:quoteKind, kg:denotedBy, …) live under the default
base IRI, so a client that follows one lands here: browsers get a page listing each term with its
label and comment (the term's IRI fragment is the anchor), machines the Turtle file itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg.resources import ONTOLOGY_DIR
from kg.serve.vocab import KG_NS, RDF, RDFS

ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
NAMESPACE = str(KG_NS)
DOCUMENT = NAMESPACE.split("#", 1)[0]  # the IRI the namespace's terms dereference to
PATH = urlsplit(DOCUMENT).path or "/"


@dataclass(frozen=True)
class Term:
    iri: str
    name: str  # the local name: also the HTML anchor, so kg:quoteKind → /ns#quoteKind
    types: tuple[str, ...]
    label: str | None
    comment: str | None


@lru_cache(maxsize=1)
def triples(path: Path = ONTOLOGY_FILE) -> tuple[ox.Triple, ...]:
    return tuple(ox.parse(path=path, format=ox.RdfFormat.TURTLE))


def _first(values: list[ox.Literal]) -> str | None:
    """English first (the file's language), then any, so a page never shows a random translation."""
    ordered = sorted(values, key=lambda v: (v.language != "en", v.value))
    return ordered[0].value if ordered else None


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    """The ontology itself first, then its terms in IRI order."""
    by_subject: dict[str, dict[str, list]] = {}
    for triple in triples():
        if isinstance(triple.subject, ox.NamedNode) and triple.subject.value.startswith(NAMESPACE):
            by_subject.setdefault(triple.subject.value, {}).setdefault(triple.predicate.value, []).append(
                triple.object
            )
    out = []
    for iri in sorted(by_subject, key=lambda i: (i != NAMESPACE, i)):
        props = by_subject[iri]
        out.append(
            Term(
                iri=iri,
                name=iri[len(NAMESPACE) :],
                types=tuple(sorted(t.value for t in props.get(str(RDF.type), []))),
                label=_first(props.get(str(RDFS.label), [])),
                comment=_first(props.get(str(RDFS.comment), [])),
            )
        )
    return tuple(out)


def labels() -> dict[str, str]:
    return {term.iri: term.label for term in terms() if term.label}
