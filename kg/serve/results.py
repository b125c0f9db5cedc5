"""Serialise query results with a cap on their size.

SELECT/ASK results are written here (JSON, XML, CSV, TSV per the W3C result-format specs) so that the
cap can stop the iteration; graphs are collected up to the cap and written by Oxigraph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.serve.conneg import Format
from kg.serve.vocab import PREFIXES, SCHEMA, XSD

XSD_STRING = str(XSD.string)
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class Serialized:
    body: bytes
    count: int  # solutions or triples written
    truncated: bool


def _capped(items: Iterable, cap: int) -> tuple[list, bool]:
    out = []
    iterator = iter(items)
    for item in iterator:
        if len(out) >= cap:
            return out, True
        out.append(item)
    return out, False


# --- SELECT ---------------------------------------------------------------------------------------


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"unexpected term {term!r}")


def _csv_field(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        value = f"_:{term.value}"
    elif isinstance(term, (ox.NamedNode, ox.Literal)):
        value = term.value
    else:
        value = str(term)
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


# Turtle's number tokens: in TSV a literal of these datatypes is written bare when its lexical form is
# such a token (SPARQL 1.1 TSV §4, the W3C tsv03 test). Any other lexical form — Oxigraph's canonical
# double "1000000", or a decimal "12" — would read back as another datatype, so it keeps "…"^^<dt>.
_TURTLE_NUMBERS = {
    str(XSD.integer): re.compile(r"[+-]?[0-9]+"),
    str(XSD.decimal): re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    str(XSD.double): re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
}


def tsv_term(term) -> str:
    """A term in TSV: numbers in Turtle's short form, everything else in N-Triples syntax (Oxigraph's
    str(), which escapes tabs and line breaks inside literals); unbound is empty."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        number = _TURTLE_NUMBERS.get(term.datatype.value)
        if number is not None and number.fullmatch(term.value):
            return term.value
    return str(term)


def serialize_solutions(solutions: ox.QuerySolutions, fmt: Format, cap: int) -> Serialized:
    variables = [v.value for v in solutions.variables]
    rows, truncated = _capped(solutions, cap)
    if fmt.key == "json":
        bindings = []
        for row in rows:
            binding = {}
            for name in variables:
                term = row[name]
                if term is not None:
                    binding[name] = _json_term(term)
            bindings.append(binding)
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    elif fmt.key == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        parts += [f"<variable name={quoteattr(name)}/>" for name in variables]
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            for name in variables:
                term = row[name]
                if term is not None:
                    parts.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        body = "".join(parts).encode("utf-8")
    elif fmt.key == "csv":
        lines = [",".join(variables)]
        lines += [",".join(_csv_field(row[name]) for name in variables) for row in rows]
        body = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    elif fmt.key == "tsv":
        lines = ["\t".join("?" + name for name in variables)]
        lines += ["\t".join(tsv_term(row[name]) for name in variables) for row in rows]
        body = ("\n".join(lines) + "\n").encode("utf-8")
    else:  # pragma: no cover - conneg only offers the four
        raise ValueError(fmt.key)
    return Serialized(body, len(rows), truncated)


def serialize_boolean(value: bool, fmt: Format) -> Serialized:
    text = "true" if value else "false"
    if fmt.key == "json":
        body = json.dumps({"head": {}, "boolean": value}).encode()
    elif fmt.key == "xml":
        body = (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{text}</boolean></sparql>\n"
        ).encode()
    elif fmt.key == "csv":
        body = f"_askResult\r\n{text}\r\n".encode()
    else:
        body = f"?_askResult\n{text}\n".encode()
    return Serialized(body, 1, False)


# --- graphs ---------------------------------------------------------------------------------------


def serialize_triples(triples: Iterable, fmt: Format, cap: int | None = None) -> Serialized:
    """Triples (or quads, for dataset formats) in an RDF format. JSON-LD gets a compact context."""
    if cap is None:
        items, truncated = list(triples), False
    else:
        items, truncated = _capped(triples, cap)
    return Serialized(serialize_rdf(items, fmt), len(items), truncated)


def serialize_rdf(items: list, fmt: Format, prefixes: dict[str, str] | None = None) -> bytes:
    assert fmt.rdf is not None
    prefixes = PREFIXES if prefixes is None else prefixes
    if fmt.key in {"trig", "nquads"} and items and isinstance(items[0], ox.Triple):
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in items]
    if fmt.key == "jsonld":
        expanded = json.loads(ox.serialize(items, format=ox.RdfFormat.JSON_LD) or b"[]")
        return json.dumps(compact_jsonld(expanded), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt.key in {"turtle", "trig"}:
        return ox.serialize(items, format=fmt.rdf, prefixes=prefixes)
    return ox.serialize(items, format=fmt.rdf)


# --- JSON-LD with the schema.org context ------------------------------------------------------------

JSONLD_CONTEXT: dict[str, str] = {"@vocab": str(SCHEMA)} | {
    prefix: iri for prefix, iri in PREFIXES.items() if prefix != "schema"
}


def _compact_iri(iri: str, *, vocab: bool) -> str:
    if vocab and iri.startswith(str(SCHEMA)) and ":" not in iri[len(str(SCHEMA)) :]:
        local = iri[len(str(SCHEMA)) :]
        if local and "/" not in local and "#" not in local:
            return local
    for prefix, namespace in PREFIXES.items():
        if prefix == "schema":
            continue
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and all(c.isalnum() or c in "_-." for c in local) and not local.startswith("/"):
                return f"{prefix}:{local}"
    return iri


def _compact_node(node: dict) -> dict:
    out: dict = {}
    for key, value in node.items():
        if key == "@graph":
            out["@graph"] = [_compact_node(n) for n in value]
        elif key.startswith("@"):
            out[key] = value
        elif key == RDF_TYPE and all(isinstance(v, dict) and set(v) == {"@id"} for v in value):
            types = [_compact_iri(v["@id"], vocab=True) for v in value]
            out["@type"] = types[0] if len(types) == 1 else types
        else:
            compacted = []
            for item in value:
                if isinstance(item, dict) and "@list" in item:
                    compacted.append(item)
                elif isinstance(item, dict) and "@value" in item and "@type" in item:
                    compacted.append(
                        {"@value": item["@value"], "@type": _compact_iri(item["@type"], vocab=False)}
                    )
                else:
                    compacted.append(item)
            out[_compact_iri(key, vocab=True)] = compacted[0] if len(compacted) == 1 else compacted
    return out


def compact_jsonld(expanded: list) -> dict:
    """Expanded JSON-LD → the same data under an inline context: schema.org terms bare (@vocab), the
    other vocabularies as prefixes. Values stay in expanded form (@id / @value objects), so no term
    definition can change their meaning."""
    return {"@context": JSONLD_CONTEXT, "@graph": [_compact_node(node) for node in expanded]}


def iter_quads(store: ox.Store, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
    return store.quads_for_pattern(None, None, None, graph)
