"""Content negotiation: Accept headers with q-values against the formats the endpoint offers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    key: str  # short name, also accepted as ?format=
    media_type: str  # what the response says
    aliases: tuple[str, ...] = ()  # other media types that select it
    rdf: ox.RdfFormat | None = None
    extension: str = ""
    names: tuple[str, ...] = ()  # other ?format= / ?output= values that select it

    @property
    def content_type(self) -> str:
        if self.media_type.startswith("text/") or self.media_type in {"application/sparql-results+xml"}:
            return f"{self.media_type}; charset=utf-8"
        return self.media_type

    def selected_by(self, value: str) -> bool:
        return value in (self.key, self.media_type, *self.aliases, *self.names)


# Server preference order: the first is the default when the client accepts anything.
# `names` are what client libraries put in ?format= / ?output= (SPARQLWrapper: xml, json, json-ld,
# rdf+xml, n3, …): `xml` and `json` mean the results formats for SELECT/ASK and RDF/XML and JSON-LD
# for graphs, which is how SPARQLWrapper and Virtuoso read them.
RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("application/json",), extension="srj", names=("srj",)),
    Format(
        "xml",
        "application/sparql-results+xml",
        ("application/xml", "text/xml"),
        extension="srx",
        names=("srx",),
    ),
    Format("csv", "text/csv", extension="csv"),
    Format("tsv", "text/tab-separated-values", extension="tsv", names=("text",)),
)

GRAPH_FORMATS: tuple[Format, ...] = (
    Format(
        "turtle",
        "text/turtle",
        ("application/x-turtle", "text/n3", "text/rdf+n3"),  # Turtle is N3 without N3's extensions
        ox.RdfFormat.TURTLE,
        "ttl",
        ("ttl", "n3"),
    ),
    Format(
        "jsonld",
        "application/ld+json",
        ("application/json",),
        ox.RdfFormat.JSON_LD,
        "jsonld",
        ("json-ld", "json"),
    ),
    Format(
        "ntriples",
        "application/n-triples",
        ("text/plain",),
        ox.RdfFormat.N_TRIPLES,
        "nt",
        ("nt", "n-triples"),
    ),
    Format(
        "rdfxml",
        "application/rdf+xml",
        ("application/xml", "text/xml"),
        ox.RdfFormat.RDF_XML,
        "rdf",
        ("rdf", "rdf+xml", "rdf/xml", "xml"),
    ),
    Format("trig", "application/trig", ("application/x-trig",), ox.RdfFormat.TRIG, "trig"),
    Format(
        "nquads", "application/n-quads", ("text/x-nquads",), ox.RdfFormat.N_QUADS, "nq", ("nq", "n-quads")
    ),
)

# Formats that can carry named graphs (dumps of the whole dataset).
DATASET_FORMATS: tuple[Format, ...] = tuple(f for f in GRAPH_FORMATS if f.key in {"trig", "nquads", "jsonld"})

HTML = Format("html", "text/html", ("application/xhtml+xml",), extension="html")

# How errors are told: plain text unless the client prefers a page (browsers) or JSON.
ERROR_FORMATS: tuple[Format, ...] = (Format("text", "text/plain"), Format("json", "application/json"), HTML)


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    params: int  # number of parameters other than q (more specific wins)

    def match(self, media_type: str) -> int:
        """Specificity of the match (3 exact, 2 type/*, 1 */*), or 0 when it does not match."""
        main, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type != main:
            return 0
        if self.subtype == "*":
            return 2
        return 3 if self.subtype == sub else 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header. A missing or empty header means */*. Malformed items are skipped."""
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0, 0)]
    ranges = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if "/" not in media:
            if media == "*":
                media = "*/*"
            else:
                continue
        main, _, sub = media.partition("/")
        q, params = 1.0, 0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
            elif name.strip():
                params += 1
        ranges.append(MediaRange(main.strip(), sub.strip(), q, params))
    return ranges


def quality(ranges: list[MediaRange], fmt: Format) -> float:
    """The q a client gives a format: that of its most specific matching range (RFC 9110 12.5.1).

    Aliases (application/xml for SPARQL XML results, …) count only when named exactly, so that a
    browser's `application/xml;q=0.9` does not outrank `*/*` for every other format."""
    best_spec, best_q = 0, 0.0
    for media_range in ranges:
        spec = media_range.match(fmt.media_type)
        if any(media_range.match(alias) == 3 for alias in fmt.aliases):
            spec = 3
        if spec > best_spec:
            best_spec, best_q = spec, media_range.q
        elif spec and spec == best_spec:
            best_q = max(best_q, media_range.q)
    return best_q


def negotiate(accept: str | None, offered: tuple[Format, ...]) -> Format | None:
    """The offered format with the highest q (server order breaks ties); None when nothing fits (406)."""
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for fmt in offered:
        q = quality(ranges, fmt)
        if q > best_q:
            best, best_q = fmt, q
    return best


def by_key(value: str, offered: tuple[Format, ...]) -> Format | None:
    """The offered format a ?format= / ?output= value names (short name, extension or media type,
    parameters ignored); None when it names none of them."""
    value = value.split(";")[0].strip().lower()
    return next((fmt for fmt in offered if value and fmt.selected_by(value)), None)


def choose(
    accept: str | None, offered: tuple[Format, ...], format_values: Iterable[str] = ()
) -> Format | None:
    """The format to answer in: the first ?format= value that names an offered format, else the Accept
    header's choice. A value naming nothing offered (an unknown name, or `csv` for a graph) falls back
    to the Accept header, because client libraries send both and trust the header (SPARQLWrapper
    sends `format=xml&output=xml` with `Accept: application/rdf+xml` for CONSTRUCT); so `format`
    alone never makes a 406."""
    for value in format_values:
        fmt = by_key(value, offered)
        if fmt is not None:
            return fmt
    return negotiate(accept, offered)


def media_types(offered: tuple[Format, ...]) -> str:
    return ", ".join(fmt.media_type for fmt in offered)
