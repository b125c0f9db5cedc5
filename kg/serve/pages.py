"""Linked-data pages: what the store says about one minted IRI, as RDF and as HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.serve.vocab import ITSRDF, KG_NS, NIF, PREFIXES, PROV, RDF, SCHEMA

HERE = Path(__file__).parent
KINDS = ("article", "entity", "source", "quotation", "claim", "statement", "activity", "graph")
MAX_ITEMS = 200  # quotations / claims listed on one page
SAID_BY = "{ ?u schema:spokenByCharacter ?x } UNION { ?u schema:creator ?x } UNION { ?u schema:author ?x }"
"""Quotations and claims whose speaker is ?x."""
SPARQL_DIR = Path(__file__).resolve().parents[2] / "sparql"

PROLOGUE = "".join(
    f"PREFIX {p}: <{ns}>\n"
    for p, ns in {"schema": SCHEMA, "nif": NIF, "prov": PROV, "kg": KG_NS, "itsrdf": ITSRDF}.items()
)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.filters["curie"] = curie
    return env


def render(template: str, **context) -> str:
    return _environment().get_template(template).render(**context)


def curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@dataclass
class Resource:
    iri: str
    kind: str
    triples: list = field(default_factory=list)


def _query(store: ox.Store, sparql: str, **bindings) -> list[dict]:
    """Run a fixed query with variables bound to terms (a VALUES block right after the first WHERE {)."""
    values = "".join(
        f" VALUES ?{name} {{ {' '.join(map(str, term)) if isinstance(term, list) else term} }}"
        for name, term in bindings.items()
    )
    head, brace, tail = sparql.partition("WHERE {")
    solutions = store.query(PROLOGUE + head + brace + values + tail)
    variables = [v.value for v in solutions.variables]
    return [{name: row[name] for name in variables} for row in solutions]


def describe_resource(store: ox.Store, base_iri: str, iri: str) -> Resource | None:
    """The triples that describe an IRI: a named graph's content for graphs, an article's own graph for
    articles, else every triple with the IRI as subject (in the default graph, the union of all)."""
    kind = iri[len(base_iri) :].split("/", 1)[0]
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return None
    if kind == "graph":
        if not store.contains_named_graph(node):
            return None
        return Resource(iri, kind, [q.triple for q in store.quads_for_pattern(None, None, None, node)])
    if kind == "article":
        graph = ox.NamedNode(base_iri + "graph/article/" + iri[len(base_iri + "article/") :])
        if store.contains_named_graph(graph):
            return Resource(iri, kind, [q.triple for q in store.quads_for_pattern(None, None, None, graph)])
    triples = sorted(
        (q.triple for q in store.quads_for_pattern(node, None, None, ox.DefaultGraph())), key=str
    )
    if not triples:
        return None
    return Resource(iri, kind, triples)


# --- HTML ---------------------------------------------------------------------------------------------


def local_path(iri: str, base_iri: str) -> str:
    """Where a minted IRI is served here (same path under whatever host serves the pages); other
    http(s) IRIs link out, anything else (javascript:, data:, urn:…) is not linked."""
    if iri.startswith(base_iri):
        return "/" + iri[len(base_iri) :]
    return iri if iri.startswith(("http://", "https://")) else "#"


def _v(term) -> str | None:
    return None if term is None else term.value


def highlight(sentence: str, sentence_begin: int, begin: int | None, end: int | None) -> tuple[str, str, str]:
    """Split a sentence around a span given in article offsets (clipped to the sentence)."""
    if begin is None or end is None:
        return sentence, "", ""
    b = max(0, min(len(sentence), begin - sentence_begin))
    e = max(b, min(len(sentence), end - sentence_begin))
    return sentence[:b], sentence[b:e], sentence[e:]


def _utterances(store: ox.Store, where: str, **bindings) -> list[dict]:
    """Quotations / claims with their text, speaker, source sentence (span highlighted) and article.

    First which resources (`where` with `bindings`), then their details in a few small queries keyed
    by VALUES: one query with a chain of OPTIONALs took Oxigraph seconds on a real store."""
    found = _query(store, f"SELECT DISTINCT ?u WHERE {{ {where} }} LIMIT {MAX_ITEMS}", **bindings)
    us = [row["u"] for row in found]
    if not us:
        return []

    def rows(sparql: str) -> list[dict]:
        return _query(store, sparql, u=us)

    items: dict[str, dict] = {}
    for row in rows(
        "SELECT ?u ?type ?text ?kind ?cue WHERE { ?u a ?type "
        "FILTER(?type IN (schema:Quotation, schema:Claim)) "
        "OPTIONAL { ?u schema:text ?text } OPTIONAL { ?u kg:quoteKind ?kind } OPTIONAL { ?u kg:cue ?cue } }"
    ):
        items.setdefault(
            row["u"].value,
            {
                "iri": row["u"].value,
                "type": "quotation" if row["type"].value.endswith("Quotation") else "claim",
                "text": _v(row["text"]),
                "kind": _v(row["kind"]),
                "cue": _v(row["cue"]),
                "speaker": None,
                "speaker_name": None,
                "sentence": None,
                "parts": None,
                "article": None,
                "headline": None,
                "date": None,
            },
        )
    for row in rows(
        "SELECT ?u ?speaker ?name WHERE { { ?u schema:spokenByCharacter ?speaker } UNION "
        "{ ?u schema:creator ?speaker } UNION { ?u schema:author ?speaker } "
        "OPTIONAL { ?speaker schema:name|schema:description ?name } }"  # a described source: its description
    ):
        item = items.get(row["u"].value)
        if item and not item["speaker"]:
            item["speaker"], item["speaker_name"] = (
                row["speaker"].value,
                _v(row["name"]) or row["speaker"].value,
            )
    spans: dict[str, tuple[int, int]] = {}
    for row in rows(
        "SELECT ?u ?b ?e WHERE { ?u kg:denotedBy ?span . ?span nif:beginIndex ?b ; nif:endIndex ?e }"
    ):
        spans.setdefault(row["u"].value, (int(row["b"].value), int(row["e"].value)))
    for row in rows(
        "SELECT ?u ?sentence ?text ?begin WHERE { ?u prov:wasDerivedFrom ?sentence . "
        "?sentence nif:anchorOf ?text ; nif:beginIndex ?begin } ORDER BY ?u ?begin"
    ):
        item = items.get(row["u"].value)
        if item and not item["sentence"]:
            b, e = spans.get(item["iri"], (None, None))
            item["sentence"] = row["sentence"].value
            item["parts"] = highlight(row["text"].value, int(row["begin"].value), b, e)
    for row in rows(
        "SELECT ?u ?article ?headline ?date WHERE { { ?u schema:isPartOf ?article } UNION "
        "{ ?u schema:appearance ?article } OPTIONAL { ?article schema:headline ?headline } "
        "OPTIONAL { ?article schema:datePublished ?date } } ORDER BY ?u DESC(?date)"
    ):
        item = items.get(row["u"].value)
        if item and not item["article"]:
            item["article"] = row["article"].value
            item["headline"] = _v(row["headline"]) or row["article"].value
            item["date"] = _v(row["date"])
    return sorted(items.values(), key=lambda i: (i["date"] or "", i["iri"]), reverse=True)


def _properties(resource: Resource, base_iri: str) -> list[dict]:
    rows = []
    for triple in resource.triples:
        if triple.subject.value != resource.iri:
            continue
        obj = triple.object
        rows.append(
            {
                "predicate": triple.predicate.value,
                "value": obj.value,
                "link": local_path(obj.value, base_iri) if isinstance(obj, ox.NamedNode) else None,
                "lang": getattr(obj, "language", None),
            }
        )
    return rows


def render_resource(store: ox.Store, base_iri: str, resource: Resource) -> str:
    node = ox.NamedNode(resource.iri)
    context = {
        "iri": resource.iri,
        "kind": resource.kind,
        "base": base_iri,
        "path": local_path(resource.iri, base_iri),
        "properties": _properties(resource, base_iri),
        "link": lambda iri: local_path(iri, base_iri) if iri else None,
    }
    if resource.kind in {"quotation", "claim"}:
        context["items"] = _utterances(store, "VALUES ?u { " + str(node) + " }")
        about = _query(
            store, "SELECT ?x ?name WHERE { ?u schema:about ?x OPTIONAL { ?x schema:name ?name } }", u=node
        )
        context["about"] = [{"iri": r["x"].value, "name": _v(r["name"]) or r["x"].value} for r in about]
        context["unresolved"] = any(
            t.predicate.value == str(KG_NS.speakerUnresolved) for t in resource.triples
        )
        return render("utterance.html", **context)
    if resource.kind == "source":
        context.update(_described_source(store, node))
        return render("source.html", **context)
    if resource.kind == "entity":
        info = _query(
            store,
            "SELECT ?name ?type ?alt WHERE { OPTIONAL { ?x schema:name ?name } OPTIONAL { ?x a ?type } "
            "OPTIONAL { ?x schema:alternateName ?alt } }",
            x=node,
        )
        context["name"] = next((r["name"].value for r in info if r["name"] is not None), resource.iri)
        context["types"] = sorted({curie(r["type"].value) for r in info if r["type"] is not None})
        context["alt_names"] = sorted({r["alt"].value for r in info if r["alt"] is not None})
        context["said"] = _utterances(store, SAID_BY, x=node)
        said = {item["iri"] for item in context["said"]}
        about = _utterances(
            store,
            "{ ?u schema:about ?x } UNION { { ?x kg:denotedBy ?m } UNION { ?m itsrdf:taIdentRef ?x } "
            "?m nif:sentence ?sent . ?u prov:wasDerivedFrom ?sent }",
            x=node,
        )
        context["about"] = [item for item in about if item["iri"] not in said]
        return render("entity.html", **context)
    if resource.kind == "article":
        info = _query(
            store,
            "SELECT ?headline ?date ?id ?publisher ?text WHERE { OPTIONAL { ?a schema:headline ?headline } "
            "OPTIONAL { ?a schema:datePublished ?date } OPTIONAL { ?a schema:identifier ?id } "
            "OPTIONAL { ?a schema:publisher ?p OPTIONAL { ?p schema:name ?pn } "
            "           BIND(COALESCE(?pn, ?p) AS ?publisher) } "
            "OPTIONAL { GRAPH ?g { ?ctx nif:isString ?text } } } LIMIT 1",
            a=node,
            g=ox.NamedNode(base_iri + "graph/" + resource.iri[len(base_iri) :]),
        )
        row = info[0] if info else {}
        context.update({k: _v(row.get(k)) for k in ("headline", "date", "id", "publisher", "text")})
        context["items"] = _utterances(
            store, "{ ?u schema:isPartOf ?a } UNION { ?u schema:appearance ?a }", a=node
        )
        mentions = _query(
            store,
            "SELECT DISTINCT ?x ?name WHERE { ?a schema:mentions ?x OPTIONAL { ?x schema:name ?name } } "
            "ORDER BY ?name",
            a=node,
        )
        context["mentions"] = [{"iri": r["x"].value, "name": _v(r["name"]) or r["x"].value} for r in mentions]
        return render("article.html", **context)
    return render("resource.html", **context)


def _described_source(store: ox.Store, node: ox.NamedNode) -> dict:
    """A described source's page: its description, kind, organisation, article, how the text
    names it, and what it said with the source sentences."""
    info = _query(
        store,
        "SELECT ?description ?head ?type ?org ?orgName ?article ?headline ?date WHERE { "
        "OPTIONAL { ?x schema:description ?description } OPTIONAL { ?x kg:head ?head } "
        "OPTIONAL { ?x a ?type FILTER (?type != kg:DescribedSource) } "
        "OPTIONAL { ?x schema:memberOf ?org OPTIONAL { ?org schema:name ?orgName } } "
        "OPTIONAL { ?x kg:inArticle ?article OPTIONAL { ?article schema:headline ?headline } "
        "           OPTIONAL { ?article schema:datePublished ?date } } }",
        x=node,
    )
    row = info[0] if info else {}
    mentions = _query(
        store,
        "SELECT DISTINCT ?anchor WHERE { ?x kg:denotedBy ?m . ?m nif:anchorOf ?anchor } ORDER BY ?anchor",
        x=node,
    )
    return {
        **{key: _v(row.get(key)) for key in ("description", "head", "org", "article", "date")},
        "org_name": _v(row.get("orgName")) or _v(row.get("org")),
        "headline": _v(row.get("headline")) or _v(row.get("article")),
        "types": sorted({curie(r["type"].value) for r in info if r["type"] is not None}),
        "anchors": [r["anchor"].value for r in mentions],
        "said": _utterances(store, SAID_BY, x=node),
    }


# --- saved queries ----------------------------------------------------------------------------------------


def saved_queries(directory: Path = SPARQL_DIR) -> list[dict]:
    """The examples of sparql/*.rq: title from `# title:`, description from the other leading comments."""
    examples = []
    for path in sorted(directory.glob("*.rq")) if directory.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        title, notes = path.stem, []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment = line.lstrip("#").strip()
            if comment.lower().startswith("title:"):
                title = comment.split(":", 1)[1].strip()
            elif comment:
                notes.append(comment)
        examples.append({"name": path.stem, "title": title, "description": " ".join(notes), "query": text})
    return examples


__all__ = ["KINDS", "RDF", "Resource", "describe_resource", "render", "render_resource", "saved_queries"]
