"""Linked-data pages: what the store says about one minted IRI, as RDF and as HTML."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.resources import SPARQL_DIR
from kg.serve import conneg, ontology
from kg.serve.results import serialize_rdf
from kg.serve.vocab import ITSRDF, KG_NS, NIF, PREFIXES, PROV, RDF, RDFS, SCHEMA

HERE = Path(__file__).parent
# the kinds of IRI kg mints under its base, each served at /{kind}/…
KINDS = ("article", "entity", "source", "quotation", "claim", "statement", "activity", "software", "graph")
MAX_ITEMS = 200  # quotations / claims listed on one page; ?page=2 shows the next ones
JSONLD = next(f for f in conneg.GRAPH_FORMATS if f.key == "jsonld")
SAID_BY = "{ ?u schema:spokenByCharacter ?x } UNION { ?u schema:creator ?x } UNION { ?u schema:author ?x }"
"""Quotations and claims whose speaker is ?x."""

PROLOGUE = "".join(
    f"PREFIX {p}: <{ns}>\n"
    for p, ns in {
        "schema": SCHEMA,
        "nif": NIF,
        "prov": PROV,
        "kg": KG_NS,
        "itsrdf": ITSRDF,
        "rdfs": RDFS,
    }.items()
)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.filters["curie"] = curie
    env.globals["vocabulary_path"] = ontology.PATH
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
    """Where a minted IRI is served here (same path under whatever host serves the pages), kg's
    vocabulary terms included; other http(s) IRIs link out, anything else (javascript:, data:, urn:…)
    is not linked."""
    if iri.startswith(ontology.DOCUMENT):
        return ontology.PATH + iri[len(ontology.DOCUMENT) :]
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


@dataclass
class Listing:
    """One page of a list of quotations / claims: MAX_ITEMS at a time, newest first, and how many
    there are in all, so a page that shows part of a list says so and links to the rest."""

    items: list[dict]
    total: int
    page: int

    @property
    def first(self) -> int:
        return (self.page - 1) * MAX_ITEMS + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // MAX_ITEMS))


def _appearance(article: str) -> dict:
    return {"article": article, "headline": article, "date": None, "sentence": None, "parts": None}


def _utterances(store: ox.Store, where: str, page: int = 1, **bindings) -> Listing:
    """Quotations / claims with their text, speaker and every article they appear in (each with its
    source sentence, the span highlighted), one page of them, newest article first.

    First which resources (`where` with `bindings`), then their details in a few small queries keyed
    by VALUES: one query with a chain of OPTIONALs took Oxigraph seconds on a real store."""
    total = int(
        _query(store, f"SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE {{ {where} }}", **bindings)[0]["n"].value
    )
    dated = (
        f"SELECT ?u (MAX(STR(?d)) AS ?date) WHERE {{ {where} "
        "OPTIONAL { { ?u schema:isPartOf ?a } UNION { ?u schema:appearance ?a } "
        "?a schema:datePublished ?d } } "
        f"GROUP BY ?u ORDER BY DESC(?date) ?u LIMIT {MAX_ITEMS} OFFSET {(page - 1) * MAX_ITEMS}"
    )
    us = [row["u"] for row in _query(store, dated, **bindings)]
    if not us:
        return Listing([], total, page)

    def rows(sparql: str) -> list[dict]:
        return _query(store, sparql, u=us)

    items: dict[str, dict] = {
        u.value: {
            "iri": u.value,
            "type": None,
            "text": None,
            "kind": None,
            "cue": None,
            "speaker": None,
            "speaker_name": None,
            "appearances": {},
        }
        for u in us
    }
    for row in rows(
        "SELECT ?u ?type ?text ?kind ?cue WHERE { ?u a ?type "
        "FILTER(?type IN (schema:Quotation, schema:Claim)) "
        "OPTIONAL { ?u schema:text ?text } OPTIONAL { ?u kg:quoteKind ?kind } OPTIONAL { ?u kg:cue ?cue } }"
    ):
        item = items[row["u"].value]
        if item["type"] is None:
            item["type"] = "quotation" if row["type"].value.endswith("Quotation") else "claim"
            item.update(text=_v(row["text"]), kind=_v(row["kind"]), cue=_v(row["cue"]))
    for row in rows(
        "SELECT ?u ?speaker ?name WHERE { { ?u schema:spokenByCharacter ?speaker } UNION "
        "{ ?u schema:creator ?speaker } UNION { ?u schema:author ?speaker } "
        "OPTIONAL { ?speaker schema:name|schema:description ?name } }"  # a described source: its description
    ):
        item = items[row["u"].value]
        if not item["speaker"]:
            item["speaker"], item["speaker_name"] = (
                row["speaker"].value,
                _v(row["name"]) or row["speaker"].value,
            )
    for row in rows(
        "SELECT ?u ?article ?headline ?date WHERE { { ?u schema:isPartOf ?article } UNION "
        "{ ?u schema:appearance ?article } OPTIONAL { ?article schema:headline ?headline } "
        "OPTIONAL { ?article schema:datePublished ?date } }"
    ):
        seen = items[row["u"].value]["appearances"].setdefault(
            row["article"].value, _appearance(row["article"].value)
        )
        seen["headline"] = _v(row["headline"]) or seen["headline"]
        seen["date"] = _v(row["date"]) or seen["date"]
    # spans and sentences carry their article in their IRI (…/article/{id}#char=b,e)
    spans: dict[tuple[str, str], tuple[int, int]] = {}
    for row in rows(
        "SELECT ?u ?span ?b ?e WHERE { ?u kg:denotedBy ?span . ?span nif:beginIndex ?b ; nif:endIndex ?e } "
        "ORDER BY ?u ?b"
    ):
        key = (row["u"].value, row["span"].value.split("#", 1)[0])
        spans.setdefault(key, (int(row["b"].value), int(row["e"].value)))
    for row in rows(
        "SELECT ?u ?sentence ?text ?begin WHERE { ?u prov:wasDerivedFrom ?sentence . "
        "?sentence nif:anchorOf ?text ; nif:beginIndex ?begin } ORDER BY ?u ?begin"
    ):
        article = row["sentence"].value.split("#", 1)[0]
        seen = items[row["u"].value]["appearances"].setdefault(article, _appearance(article))
        if not seen["sentence"]:
            b, e = spans.get((row["u"].value, article), (None, None))
            seen["sentence"] = row["sentence"].value
            seen["parts"] = highlight(row["text"].value, int(row["begin"].value), b, e)
    for item in items.values():
        item["appearances"] = sorted(
            item["appearances"].values(), key=lambda a: (a["date"] or "", a["article"]), reverse=True
        )
    return Listing(list(items.values()), total, page)


def labels(store: ox.Store, iris: Iterable[str]) -> dict[str, str]:
    """A human name for each IRI that has one: rdfs:label, schema:name, schema:headline or (for
    sentences and spans) nif:anchorOf in the store, else the kg vocabulary's rdfs:label, so pages
    show names and text rather than IRIs."""
    nodes = []
    for iri in sorted(set(iris)):
        with contextlib.suppress(ValueError):
            nodes.append(ox.NamedNode(iri))
    found: dict[str, str] = {}
    if nodes:
        for row in _query(
            store,
            "SELECT ?x ?label WHERE { { ?x rdfs:label ?label } UNION { ?x schema:name ?label } UNION "
            "{ ?x schema:headline ?label } UNION { ?x nif:anchorOf ?label } } ORDER BY ?x ?label",
            x=nodes,
        ):
            found.setdefault(row["x"].value, row["label"].value)
    for iri, label in ontology.labels().items():
        found.setdefault(iri, label)
    return found


def _properties(resource: Resource, base_iri: str, names: dict[str, str]) -> list[dict]:
    rows = []
    for triple in resource.triples:
        if triple.subject.value != resource.iri:
            continue
        obj = triple.object
        rows.append(
            {
                "predicate": triple.predicate.value,
                "predicate_link": local_path(triple.predicate.value, base_iri),
                "predicate_label": names.get(triple.predicate.value),
                "value": obj.value,
                "label": names.get(obj.value) if isinstance(obj, ox.NamedNode) else None,
                "link": local_path(obj.value, base_iri) if isinstance(obj, ox.NamedNode) else None,
                "lang": getattr(obj, "language", None),
            }
        )
    return rows


def embedded_jsonld(triples: list) -> str:
    """The triples as compact JSON-LD for a page's <script type="application/ld+json">: every `<`
    escaped (only string values can hold one), so no literal can close the script element."""
    return serialize_rdf(triples, JSONLD).decode("utf-8").replace("<", "\\u003c")


def _quantities(store: ox.Store, claim: ox.NamedNode) -> list[dict]:
    rows = _query(
        store,
        "SELECT ?q ?value ?unit ?period ?description WHERE { ?c kg:quantity ?q . ?q schema:value ?value "
        "OPTIONAL { ?q schema:unitText ?unit } OPTIONAL { ?q kg:period ?period } "
        "OPTIONAL { ?q schema:description ?description } } ORDER BY ?q",
        c=claim,
    )
    return [
        {
            "iri": r["q"].value,
            "value": r["value"].value,
            "unit": _v(r["unit"]),
            "period": _v(r["period"]),
            "description": _v(r["description"]),
        }
        for r in rows
    ]


def _article_text(text: str | None, sentences: list[dict]) -> list[dict]:
    """The article text cut into sentences and the text between them, each sentence with the
    fragment of its IRI (char=b,e) as its HTML id: a sentence link …/article/{id}#char=b,e lands on it."""
    if not text:
        return []
    parts, at = [], 0
    for sentence in sentences:
        begin, end = sentence["begin"], sentence["end"]
        if begin < at or end > len(text) or begin >= end:
            continue  # overlapping or out of range: leave it in the surrounding text
        if begin > at:
            parts.append({"text": text[at:begin], "id": None})
        parts.append({"text": text[begin:end], "id": sentence["id"]})
        at = end
    if at < len(text):
        parts.append({"text": text[at:], "id": None})
    return parts


def render_resource(store: ox.Store, base_iri: str, resource: Resource, page: int = 1) -> str:
    node = ox.NamedNode(resource.iri)
    own = [t for t in resource.triples if t.subject.value == resource.iri]
    names = labels(
        store,
        [t.predicate.value for t in own]
        + [t.object.value for t in own if isinstance(t.object, ox.NamedNode)]
        + [resource.iri],
    )
    context = {
        "iri": resource.iri,
        "kind": resource.kind,
        "base": base_iri,
        "path": local_path(resource.iri, base_iri),
        "label": names.get(resource.iri),
        "properties": _properties(resource, base_iri, names),
        "link": lambda iri: local_path(iri, base_iri) if iri else None,
        # what the resource says of itself (an article's whole graph, every span, stays at ?format=)
        "jsonld": embedded_jsonld(own),
        "page": page,
    }
    if resource.kind in {"quotation", "claim"}:
        context["items"] = _utterances(store, "VALUES ?u { " + str(node) + " }").items
        about = _query(
            store, "SELECT ?x ?name WHERE { ?u schema:about ?x OPTIONAL { ?x schema:name ?name } }", u=node
        )
        context["about"] = [{"iri": r["x"].value, "name": _v(r["name"]) or r["x"].value} for r in about]
        context["unresolved"] = any(
            t.predicate.value == str(KG_NS.speakerUnresolved) for t in resource.triples
        )
        context["quantities"] = _quantities(store, node)
        return render("utterance.html", **context)
    if resource.kind == "source":
        context.update(_described_source(store, node, page))
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
        context["said"] = _utterances(store, SAID_BY, page, x=node)
        # three flat alternatives: the nested form ({ A } UNION { B } joined to the sentence) took
        # Oxigraph ten times longer
        mentioned = "?m nif:sentence ?sent . ?u prov:wasDerivedFrom ?sent"
        context["about"] = _utterances(
            store,
            f"{{ {{ ?u schema:about ?x }} UNION {{ ?x kg:denotedBy ?m . {mentioned} }} UNION "
            f"{{ ?m itsrdf:taIdentRef ?x . {mentioned} }} }} FILTER NOT EXISTS {{ {SAID_BY} }}",
            page,
            x=node,
        )
        return render("entity.html", **context)
    if resource.kind == "article":
        graph = ox.NamedNode(base_iri + "graph/" + resource.iri[len(base_iri) :])
        info = _query(
            store,
            "SELECT ?headline ?date ?id ?publisher ?text WHERE { OPTIONAL { ?a schema:headline ?headline } "
            "OPTIONAL { ?a schema:datePublished ?date } OPTIONAL { ?a schema:identifier ?id } "
            "OPTIONAL { ?a schema:publisher ?p OPTIONAL { ?p schema:name ?pn } "
            "           BIND(COALESCE(?pn, ?p) AS ?publisher) } "
            "OPTIONAL { GRAPH ?g { ?ctx nif:isString ?text } } } LIMIT 1",
            a=node,
            g=graph,
        )
        row = info[0] if info else {}
        context.update({k: _v(row.get(k)) for k in ("headline", "date", "id", "publisher", "text")})
        sentences = _query(
            store,
            "SELECT ?s ?b ?e WHERE { GRAPH ?g { ?s a nif:Sentence ; nif:beginIndex ?b ; nif:endIndex ?e } } "
            "ORDER BY ?b ?e",
            g=graph,
        )
        context["text_parts"] = _article_text(
            context["text"],
            [
                {
                    "id": r["s"].value.partition("#")[2] or None,
                    "begin": int(r["b"].value),
                    "end": int(r["e"].value),
                }
                for r in sentences
            ],
        )
        context["items"] = _utterances(
            store, "{ ?u schema:isPartOf ?a } UNION { ?u schema:appearance ?a }", page, a=node
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


def _described_source(store: ox.Store, node: ox.NamedNode, page: int) -> dict:
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
        "said": _utterances(store, SAID_BY, page, x=node),
    }


def render_vocabulary(base_iri: str) -> str:
    """The kg vocabulary as a page: each term with its label and comment, anchored by its local name."""
    return render(
        "vocabulary.html",
        terms=ontology.terms(),
        namespace=ontology.NAMESPACE,
        link=lambda iri: local_path(iri, base_iri),
        jsonld=embedded_jsonld(list(ontology.triples())),
    )


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


__all__ = [
    "KINDS",
    "RDF",
    "Listing",
    "Resource",
    "describe_resource",
    "render",
    "render_resource",
    "render_vocabulary",
    "saved_queries",
]
