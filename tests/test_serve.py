"""The serve stage against a live server on 127.0.0.1: SPARQL protocol, conneg, safety, graph store,
dumps, VoID, linked-data pages and the query page."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import threading
import time
import warnings
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pyoxigraph as ox
import pytest
import rdflib
import uvicorn
from rdflib.compare import isomorphic

from kg.serve import conneg, create_app, serving_info, store_lock_message
from kg.serve.protocol import ProtocolError, check_query
from kg.store import KgStore, StoreError

BASE = "https://kg.example.org/"
ARTICLE = BASE + "article/0123456789abcdef"
A = ARTICLE + "#char="
RUTTE = BASE + "entity/person/mark-rutte"
RUSSLAND = BASE + "entity/place/russland"
QUOTE = BASE + "quotation/aaaaaaaaaaaaaaaa"
CLAIM = BASE + "claim/bbbbbbbbbbbbbbbb"
ARTICLE_GRAPH = BASE + "graph/article/0123456789abcdef"
ARTICLE2 = BASE + "article/fedcba9876543210"
A2 = ARTICLE2 + "#char="
ARTICLE2_GRAPH = BASE + "graph/article/fedcba9876543210"
CLAIM2 = BASE + "claim/cccccccccccccccc"
ENTITIES_GRAPH = BASE + "graph/entities"
TIMEOUT = 1.5
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"

FIXTURE = f"""
@prefix schema: <http://schema.org/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix kg: <https://kg.example.org/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{ARTICLE_GRAPH}> {{
  <{ARTICLE}> a schema:NewsArticle ;
    schema:headline "Rutte warnt vor Russland"@de ;
    schema:datePublished "2024-10-01"^^xsd:date ;
    schema:identifier "000_0123456789abcdef.txt" ;
    schema:mentions <{RUTTE}>, <{RUSSLAND}> .
  <{A}0,63> a nif:Context ;
    nif:isString "Mark Rutte sagte: „Russland ist eine Bedrohung.“ Das war klar." ;
    nif:beginIndex 0 ; nif:endIndex 63 .
  <{A}0,48> a nif:Sentence ; nif:anchorOf "Mark Rutte sagte: „Russland ist eine Bedrohung.“" ;
    nif:beginIndex 0 ; nif:endIndex 48 ; nif:referenceContext <{A}0,63> .
  <{A}0,10> a nif:Phrase ; nif:anchorOf "Mark Rutte" ; nif:beginIndex 0 ; nif:endIndex 10 ;
    nif:sentence <{A}0,48> ; nif:referenceContext <{A}0,63> ; itsrdf:taIdentRef <{RUTTE}> .
  <{A}19,27> a nif:Phrase ; nif:anchorOf "Russland" ; nif:beginIndex 19 ; nif:endIndex 27 ;
    nif:sentence <{A}0,48> ; nif:referenceContext <{A}0,63> ; itsrdf:taIdentRef <{RUSSLAND}> .
  <{A}19,47> a nif:Phrase ; nif:anchorOf "Russland ist eine Bedrohung." ; nif:beginIndex 19 ;
    nif:endIndex 47 ; nif:sentence <{A}0,48> ; nif:referenceContext <{A}0,63> .
  <{QUOTE}> a schema:Quotation ; schema:text "Russland ist eine Bedrohung." ;
    schema:spokenByCharacter <{RUTTE}> ; schema:creator <{RUTTE}> ; schema:isPartOf <{ARTICLE}> ;
    kg:denotedBy <{A}19,47> ; kg:quoteKind "direct" ; kg:cue "sagte" ; prov:wasDerivedFrom <{A}0,48> .
  <{CLAIM}> a schema:Claim ; schema:text "Russland ist eine Bedrohung." ; schema:author <{RUTTE}> ;
    schema:appearance <{ARTICLE}> ; schema:about <{RUSSLAND}> ; kg:denotedBy <{A}19,47> ;
    prov:wasDerivedFrom <{A}0,48> .
}}
<{ARTICLE2_GRAPH}> {{
  <{ARTICLE2}> a schema:NewsArticle ;
    schema:headline "Nato-Gipfel in Den Haag"@de ;
    schema:datePublished "2024-11-05"^^xsd:date ;
    schema:mentions <{RUTTE}>, <{RUSSLAND}> .
  <{A2}0,87> a nif:Context ;
    nif:isString "Rutte betonte erneut: „Russland ist eine Bedrohung.“ Jeden Monat fehlen 2.000 Soldaten." ;
    nif:beginIndex 0 ; nif:endIndex 87 .
  <{A2}0,52> a nif:Sentence ; nif:anchorOf "Rutte betonte erneut: „Russland ist eine Bedrohung.“" ;
    nif:beginIndex 0 ; nif:endIndex 52 ; nif:referenceContext <{A2}0,87> .
  <{A2}53,87> a nif:Sentence ; nif:anchorOf "Jeden Monat fehlen 2.000 Soldaten." ;
    nif:beginIndex 53 ; nif:endIndex 87 ; nif:referenceContext <{A2}0,87> .
  <{A2}23,51> a nif:Phrase ; nif:anchorOf "Russland ist eine Bedrohung." ; nif:beginIndex 23 ;
    nif:endIndex 51 ; nif:sentence <{A2}0,52> ; nif:referenceContext <{A2}0,87> .
  <{A2}53,86> a nif:Phrase ; nif:anchorOf "Jeden Monat fehlen 2.000 Soldaten" ; nif:beginIndex 53 ;
    nif:endIndex 86 ; nif:sentence <{A2}53,87> ; nif:referenceContext <{A2}0,87> .
  <{QUOTE}> schema:isPartOf <{ARTICLE2}> ; kg:denotedBy <{A2}23,51> ; prov:wasDerivedFrom <{A2}0,52> .
  <{CLAIM2}> a schema:Claim ; schema:text "Jeden Monat fehlen 2.000 Soldaten" ;
    schema:appearance <{ARTICLE2}> ; kg:denotedBy <{A2}53,86> ; prov:wasDerivedFrom <{A2}53,87> ;
    kg:quantity <{CLAIM2}/quantity/0> .
  <{CLAIM2}/quantity/0> a schema:QuantitativeValue ; schema:value 2000.0 ; schema:unitText "Soldaten" ;
    kg:period "P1M"^^xsd:duration ; schema:description "2.000 Soldaten" .
}}
<{ENTITIES_GRAPH}> {{
  <{RUTTE}> a schema:Person ; schema:name "Mark Rutte" ; schema:alternateName "Rutte" ;
    kg:denotedBy <{A}0,10> .
  <{RUSSLAND}> a schema:Place ; schema:name "Russland" ; kg:denotedBy <{A}19,27> .
}}
"""
FIXTURE_QUADS = list(ox.parse(FIXTURE.encode(), format=ox.RdfFormat.TRIG))
N_TRIPLES = len(FIXTURE_QUADS)
N_ARTICLE_TRIPLES = sum(1 for q in FIXTURE_QUADS if q.graph_name.value == ARTICLE_GRAPH)
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
SELECT_NAMES = "SELECT ?x ?name WHERE { ?x <http://schema.org/name> ?name } ORDER BY ?name"


def build_store(path: Path) -> Path:
    """The fixture written as kg.store writes: per named graph, the union kept in the default graph."""
    store = KgStore(path)
    graphs: dict[str, list] = {}
    for quad in ox.parse(FIXTURE.encode(), format=ox.RdfFormat.TRIG):
        graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    for graph, triples in graphs.items():
        store.replace_graph(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode())
    store.flush()
    del store
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, store_path: Path, **options) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(store_path, advertise_url=self.url + "/", **options)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.time() + 30
        while not self.server.started:
            assert time.time() < deadline, "server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(15)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def server(store_path):
    with LiveServer(
        store_path, query_timeout=TIMEOUT, max_results=5, max_request_bytes=20_000, workers=2
    ) as live:
        yield live


@pytest.fixture()
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def select(client, query: str, **kwargs) -> list[dict]:
    response = client.get("/sparql", params={"query": query}, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


# --- unit: conneg and query checks -----------------------------------------------------------------------


def test_accept_q_values_choose_the_preferred_format():
    pick = conneg.negotiate
    assert pick(None, conneg.RESULT_FORMATS).key == "json"
    assert pick("text/csv;q=0.5, application/sparql-results+xml", conneg.RESULT_FORMATS).key == "xml"
    assert pick("text/csv;q=0.9, text/*;q=0.1", conneg.RESULT_FORMATS).key == "csv"
    assert pick("text/tab-separated-values, */*;q=0.1", conneg.RESULT_FORMATS).key == "tsv"
    assert (
        pick("application/n-triples;q=0.2, application/ld+json;q=0.8", conneg.GRAPH_FORMATS).key == "jsonld"
    )
    assert pick("image/png", conneg.RESULT_FORMATS) is None
    assert pick("application/sparql-results+json;q=0", conneg.RESULT_FORMATS) is None
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert pick(browser, (conneg.HTML, *conneg.GRAPH_FORMATS)).key == "html"


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("INSERT DATA { <a:b> <a:b> <a:b> }", 403),
        ("PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }", 403),
        ("LOAD <http://example.org/data.ttl>", 403),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 400),
        ("SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }", 400),
        ("   ", 400),
    ],
)
def test_refused_queries(query, status):
    with pytest.raises(ProtocolError) as error:
        check_query(query)
    assert error.value.status == status


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service WHERE { ?service <http://x/p> "SERVICE" } # SERVICE in a comment',
        "PREFIX service: <http://x/> SELECT * WHERE { ?s service:insert <http://x/SERVICE> }",
        "SELECT (COUNT(*) AS ?delete) WHERE { ?s ?p ?o }",
    ],
)
def test_harmless_words_pass(query):
    check_query(query)


# --- SPARQL protocol ---------------------------------------------------------------------------------


def test_get_post_form_and_direct_agree(client):
    expected = select(client, SELECT_NAMES)
    assert [b["name"]["value"] for b in expected] == ["Mark Rutte", "Russland"]
    form = client.post("/sparql", data={"query": SELECT_NAMES})
    direct = client.post(
        "/sparql", content=SELECT_NAMES, headers={"Content-Type": "application/sparql-query"}
    )
    for response in (form, direct):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        assert response.json()["results"]["bindings"] == expected


def test_default_graph_is_the_union_unless_the_request_names_graphs(client):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = int(select(client, query)[0]["n"]["value"])
    only = client.get("/sparql", params={"query": query, "default-graph-uri": ENTITIES_GRAPH})
    entities = int(only.json()["results"]["bindings"][0]["n"]["value"])
    assert entities == 7 and union > entities
    named = client.post(
        "/sparql",
        data={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": ARTICLE_GRAPH,
        },
    )
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [ARTICLE_GRAPH]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.4, text/tab-separated-values;q=0.6", "text/tab-separated-values"),
    ],
)
def test_select_formats(client, accept, media):
    response = client.get("/sparql", params={"query": SELECT_NAMES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    text = response.text
    if media.endswith("json"):
        assert response.json()["head"]["vars"] == ["x", "name"]
    elif media.endswith("xml"):
        root = ElementTree.fromstring(text)
        ns = "{http://www.w3.org/2005/sparql-results#}"
        literals = [e.text for e in root.iter(ns + "literal")]
        assert literals == ["Mark Rutte", "Russland"]
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows == [["x", "name"], [RUTTE, "Mark Rutte"], [RUSSLAND, "Russland"]]
    else:
        lines = text.splitlines()
        assert lines[0] == "?x\t?name"
        assert lines[1] == f'<{RUTTE}>\t"Mark Rutte"'


# The typed literals of the W3C SPARQL 1.1 test suite's csvtsv03 (data2.ttl), plus kg's own kinds.
TYPED = """@prefix : <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:s1 :p "1"^^xsd:integer . :s2 :p "2.2"^^xsd:decimal . :s3 :p "-3"^^xsd:negativeInteger .
:s4 :p "4,4"^^xsd:float . :s5 :p "5,5"^^:myCustomDatatype . :s6 :p "1.0E6"^^xsd:double .
:s7 :p "a7"^^xsd:string . :s8 :p "2024-10-01"^^xsd:date . :s9 :p "0.90"^^xsd:decimal .
:s10 :p "tab\\there"@de . :s11 :p "12"^^xsd:decimal ."""
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def _typed_results(key: str) -> list[str]:
    from kg.serve.results import serialize_solutions

    store = ox.Store()
    store.load(TYPED.encode(), format=ox.RdfFormat.TURTLE)
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY STRLEN(STR(?s)) ?s"
    body = serialize_solutions(store.query(query), conneg.by_key(key, conneg.RESULT_FORMATS), 100).body
    return body.decode().splitlines()[1:]


def test_csv_writes_the_lexical_form_of_every_literal():
    # Oxigraph keeps numbers by value, so a stored double or decimal comes back in its canonical
    # lexical form (1.0E6 → 1000000, 0.90 → 0.9) and derived integer types as xsd:integer; CSV writes
    # exactly what the engine holds
    assert _typed_results("csv") == [
        "1",
        "2.2",
        "-3",
        '"4,4"',
        '"5,5"',
        "1000000",
        "a7",
        "2024-10-01",
        "0.9",
        "tab\there",  # RFC 4180 quotes only commas, quotes and line breaks
        "12",
    ]


def test_tsv_writes_numbers_short_and_other_literals_in_turtle_syntax():
    assert _typed_results("tsv") == [
        "1",
        "2.2",
        "-3",  # Oxigraph stores xsd:negativeInteger as xsd:integer
        f'"4,4"^^<{XSD_NS}float>',
        '"5,5"^^<http://example.org/myCustomDatatype>',
        # a short 1000000 or 12 would read back as an xsd:integer: a lexical form that is not a
        # Turtle token of its own datatype keeps the long form
        f'"1000000"^^<{XSD_NS}double>',
        '"a7"',
        f'"2024-10-01"^^<{XSD_NS}date>',
        "0.9",
        '"tab\\there"@de',
        f'"12"^^<{XSD_NS}decimal>',
    ]
    assert _tsv_short("1.0E6", "double") == "1.0E6" and _tsv_short("-.5e-3", "double") == "-.5e-3"


def _tsv_short(lexical: str, datatype: str) -> str:
    from kg.serve.results import tsv_term

    return tsv_term(ox.Literal(lexical, datatype=ox.NamedNode(XSD_NS + datatype)))


def test_ask_in_every_result_format(client):
    query = f"ASK {{ <{RUTTE}> a <http://schema.org/Person> }}"
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is True
    xml = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+xml"})
    assert "<boolean>true</boolean>" in xml.text
    csv_text = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"}).text
    assert csv_text.splitlines()[-1] == "true"


@pytest.mark.parametrize("fmt", conneg.GRAPH_FORMATS, ids=lambda f: f.key)
def test_construct_in_every_graph_format(client, fmt):
    query = f"CONSTRUCT {{ <{RUTTE}> ?p ?o }} WHERE {{ <{RUTTE}> ?p ?o }}"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": fmt.media_type})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == fmt.media_type
    parsed = rdflib.Dataset() if fmt.key in {"trig", "nquads"} else rdflib.Graph()
    rdflib_format = {
        "turtle": "turtle",
        "jsonld": "json-ld",
        "ntriples": "nt",
        "rdfxml": "xml",
        "trig": "trig",
        "nquads": "nquads",
    }[fmt.key]
    parsed.parse(data=response.content, format=rdflib_format)
    triples = (
        set(parsed.triples((None, None, None)))
        if fmt.key not in {"trig", "nquads"}
        else {(s, p, o) for s, p, o, _ in parsed.quads((None, None, None, None))}
    )
    assert (
        rdflib.URIRef(RUTTE),
        rdflib.URIRef("http://schema.org/name"),
        rdflib.Literal("Mark Rutte"),
    ) in triples
    assert len(triples) == 4


def test_jsonld_uses_the_schema_org_context(client):
    query = f"DESCRIBE <{RUTTE}>"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/ld+json"})
    doc = response.json()
    assert doc["@context"]["@vocab"] == "http://schema.org/"
    node = doc["@graph"][0]
    assert node["@type"] == "Person" and node["name"] == {"@value": "Mark Rutte"}
    assert node["kg:denotedBy"] == {"@id": A + "0,10"}


def test_406_when_nothing_fits(client):
    response = client.get("/sparql", params={"query": SELECT_NAMES}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text
    graph = client.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
    )
    assert graph.status_code == 406


def test_malformed_query_is_400_with_the_parser_message(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?p }"})
    assert response.status_code == 400
    assert "malformed query" in response.text and "1:" in response.text


def test_updates_are_refused_read_only(client):
    for response in (
        client.post("/sparql", data={"update": "INSERT DATA { <a:b> <a:b> <a:b> }"}),
        client.post("/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"}),
        client.get("/sparql", params={"query": "CLEAR ALL"}),
    ):
        assert response.status_code == 403
        assert "read-only" in response.text
    assert len(select(client, SELECT_NAMES)) == 2


def test_service_is_refused_without_any_outbound_request(client):
    with socket.socket() as listener:  # a local "remote endpoint" that records connections
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 400 and "SERVICE" in response.text
        with pytest.raises(TimeoutError):
            listener.accept()


def test_bad_requests(client):
    assert client.get("/sparql", params={"query": "ASK {}", "timeout": "soon"}).status_code == 400
    assert client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    assert client.post("/sparql", data={"default-graph-uri": ENTITIES_GRAPH}).status_code == 400
    assert client.delete("/sparql").status_code == 405
    big = "ASK { ?s ?p ?o } #" + "x" * 30_000
    assert client.post("/sparql", data={"query": big}).status_code == 413
    assert client.get("/sparql", params={"query": big}).status_code == 414


def test_result_cap_cuts_and_says_so(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 5
    assert "5" in response.headers["x-kg-truncated"]
    small = client.get("/sparql", params={"query": SELECT_NAMES})
    assert "x-kg-truncated" not in small.headers


def test_large_answers_arrive_whole(client):
    binds = "".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1}) " for i in range(12))
    query = f"SELECT ?x12 WHERE {{ ?c <{NIF}isString> ?x0 . {binds}}}"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    value = response.json()["results"]["bindings"][0]["x12"]["value"]
    text = "Mark Rutte sagte: „Russland ist eine Bedrohung.“ Das war klar."
    assert value == text * 2**12


def test_cors(client):
    response = client.get("/sparql", params={"query": SELECT_NAMES}, headers={"Origin": "http://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "http://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_deadline_kills_the_worker_and_the_next_query_runs(client, server):
    pids_before = client.get("/status").json()["worker_pids"]
    started = time.perf_counter()
    response = client.get("/sparql", params={"query": HEAVY})
    elapsed = time.perf_counter() - started
    assert response.status_code == 503 and "timeout" in response.text
    assert elapsed < TIMEOUT + 1.0
    # meanwhile the other worker answers, and the killed one is gone (its CPU freed)
    assert len(select(client, SELECT_NAMES)) == 2
    killed = set(pids_before) - set(client.get("/status").json()["worker_pids"])
    assert len(killed) == 1
    time.sleep(0.2)
    for pid in killed:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    # a client may ask for a shorter deadline
    started = time.perf_counter()
    short = client.get("/sparql", params={"query": HEAVY, "timeout": "0.3"})
    assert short.status_code == 503 and time.perf_counter() - started < 1.3
    deadline = time.time() + 10
    while len(client.get("/status").json()["worker_pids"]) < 2:
        assert time.time() < deadline, "killed workers were not replaced"
        time.sleep(0.05)
    assert len(select(client, SELECT_NAMES)) == 2


def test_server_stays_responsive_during_a_heavy_query(client, server):
    results: dict = {}

    def heavy() -> None:
        with httpx.Client(base_url=server.url, timeout=30) as other:
            results["heavy"] = other.get("/sparql", params={"query": HEAVY}).status_code

    thread = threading.Thread(target=heavy)
    thread.start()
    time.sleep(0.2)
    started = time.perf_counter()
    for _ in range(10):
        assert len(select(client, SELECT_NAMES)) == 2
    assert time.perf_counter() - started < 1.0
    thread.join()
    assert results["heavy"] == 503


def test_service_description(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(graph.subjects(rdflib.RDF.type, sd.Service))
    assert graph.value(service, sd.endpoint) == rdflib.URIRef(client.base_url.join("/sparql").__str__())
    formats = set(graph.objects(service, sd.resultFormat))
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV") in formats
    jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    html = client.get("/sparql", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and 'id="yasgui"' in html.text


# --- real clients --------------------------------------------------------------------------------------


def test_sparqlwrapper(server):
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

    endpoint = SPARQLWrapper(server.url + "/sparql")
    endpoint.setQuery(SELECT_NAMES)
    endpoint.setReturnFormat(JSON)
    names = [b["name"]["value"] for b in endpoint.queryAndConvert()["results"]["bindings"]]
    assert names == ["Mark Rutte", "Russland"]
    endpoint.setMethod(POST)
    endpoint.setReturnFormat(XML)
    assert len(endpoint.queryAndConvert().getElementsByTagName("result")) == 2
    endpoint.setReturnFormat(CSV)
    assert endpoint.queryAndConvert().decode().splitlines()[0] == "x,name"
    endpoint.setQuery(f"CONSTRUCT {{ <{RUTTE}> ?p ?o }} WHERE {{ <{RUTTE}> ?p ?o }}")
    endpoint.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=endpoint.queryAndConvert(), format="turtle")
    assert len(graph) == 4
    endpoint.setQuery(f"ASK {{ <{RUTTE}> ?p ?o }}")
    endpoint.setReturnFormat(JSON)
    assert endpoint.queryAndConvert()["boolean"] is True
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    endpoint.setQuery("SELECT * WHERE {")
    with pytest.raises(QueryBadFormed):
        endpoint.queryAndConvert()


# SPARQLWrapper sends `format=`, `output=` and `results=` with its own short names (xml, json, json-ld,
# rdf+xml, n3, …) beside an Accept header; each of its return formats must be answered, as Oxigraph does.
# A format that does not fit the query form (turtle for SELECT, csv for CONSTRUCT) comes with Accept */*
# from SPARQLWrapper, so the answer is the server's default for the form.
SW_FORMATS = ("xml", "json", "csv", "tsv", "rdf+xml", "turtle", "n3", "json-ld", "rdf")


def _wrapper(server, query: str, return_format: str | None, method: str = "GET"):
    from SPARQLWrapper import SPARQLWrapper

    endpoint = SPARQLWrapper(server.url + "/sparql")
    endpoint.setQuery(query)
    endpoint.setMethod(method)
    if return_format is not None:
        endpoint.setReturnFormat(return_format)
    return endpoint.query()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format", [None, *SW_FORMATS])
def test_sparqlwrapper_select_and_ask_in_each_return_format(server, return_format, method):
    expected = {
        None: "application/sparql-results+xml",
        "xml": "application/sparql-results+xml",
        "json": "application/sparql-results+json",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
    }.get(return_format, "application/sparql-results+json")
    with warnings.catch_warnings():  # SPARQLWrapper warns that it sends Accept */* for graph formats
        warnings.simplefilter("ignore", RuntimeWarning)
        result = _wrapper(server, SELECT_NAMES, return_format, method)
    assert result.response.status == 200
    assert result.response.headers["content-type"].split(";")[0] == expected
    converted = result.convert()
    if expected.endswith("xml"):
        assert [n.firstChild.data for n in converted.getElementsByTagName("literal")] == [
            "Mark Rutte",
            "Russland",
        ]
    elif expected.endswith("json"):
        assert [b["name"]["value"] for b in converted["results"]["bindings"]] == ["Mark Rutte", "Russland"]
    else:
        assert b"Mark Rutte" in converted and b"Russland" in converted
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ask = _wrapper(server, f"ASK {{ <{RUTTE}> ?p ?o }}", return_format, method)
    assert ask.response.status == 200
    assert ask.response.headers["content-type"].split(";")[0] == expected
    assert b"true" in ask.response.read()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
@pytest.mark.parametrize("return_format", [None, *SW_FORMATS])
def test_sparqlwrapper_construct_and_describe_in_each_return_format(server, form, return_format, method):
    expected = {
        None: "application/rdf+xml",
        "xml": "application/rdf+xml",
        "rdf+xml": "application/rdf+xml",
        "rdf": "application/rdf+xml",
        "turtle": "text/turtle",
        "n3": "text/turtle",
        "json-ld": "application/ld+json",
        "json": "application/ld+json",
    }.get(return_format, "text/turtle")
    query = (
        f"CONSTRUCT {{ <{RUTTE}> ?p ?o }} WHERE {{ <{RUTTE}> ?p ?o }}"
        if form == "CONSTRUCT"
        else f"DESCRIBE <{RUTTE}>"
    )
    with warnings.catch_warnings():  # SPARQLWrapper warns that it sends Accept */* for json, csv, tsv, rdf
        warnings.simplefilter("ignore", RuntimeWarning)
        result = _wrapper(server, query, return_format, method)
    assert result.response.status == 200
    assert result.response.headers["content-type"].split(";")[0] == expected
    converted = result.convert()
    if isinstance(converted, bytes):
        rdflib_format = {"text/turtle": "turtle", "application/ld+json": "json-ld"}[expected]
        converted = rdflib.Graph().parse(data=converted, format=rdflib_format)
    if isinstance(converted, (dict, list)):  # SPARQLWrapper's JSON for json
        converted = rdflib.Graph().parse(data=json.dumps(converted), format="json-ld")
    assert len(converted) == 4
    name = converted.value(rdflib.URIRef(RUTTE), rdflib.URIRef("http://schema.org/name"))
    assert name == rdflib.Literal("Mark Rutte")


@pytest.mark.parametrize(
    "value",
    [
        "xml",
        "json",
        "json-ld",
        "jsonld",
        "turtle",
        "ttl",
        "n3",
        "nt",
        "ntriples",
        "rdf+xml",
        "application/rdf+xml",
        "text/turtle",
        "application/ld+json",
        "application/n-triples",
        "csv",
        "nonsense",
    ],
)
def test_format_alone_never_makes_a_406(client, value):
    for query in (SELECT_NAMES, f"CONSTRUCT {{ <{RUTTE}> ?p ?o }} WHERE {{ <{RUTTE}> ?p ?o }}"):
        for name in ("format", "output"):
            response = client.get("/sparql", params={"query": query, name: value})
            assert response.status_code == 200, (query, name, value, response.text)


def test_rdflib_sparqlstore(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.url + "/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store)
    names = sorted(str(row.name) for row in graph.query(SELECT_NAMES))
    assert names == ["Mark Rutte", "Russland"]
    assert (
        rdflib.URIRef(RUTTE),
        rdflib.URIRef("http://schema.org/name"),
        rdflib.Literal("Mark Rutte"),
    ) in graph
    assert graph.query(f"ASK {{ <{RUSSLAND}> ?p ?o }}").askAnswer is True
    with pytest.raises(TypeError):
        graph.add((rdflib.URIRef(RUTTE), rdflib.RDFS.label, rdflib.Literal("x")))


# --- graph store, dumps, VoID -----------------------------------------------------------------------------


def test_graph_store_reads(client):
    response = client.get(
        "/graph-store", params={"graph": ENTITIES_GRAPH}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200
    assert len(response.text.strip().splitlines()) == 7
    union = client.get("/graph-store", params={"default": ""}, headers={"Accept": "text/turtle"})
    assert len(rdflib.Graph().parse(data=union.text, format="turtle")) == N_TRIPLES
    assert client.get("/graph-store", params={"graph": BASE + "graph/nothing"}).status_code == 404
    assert client.get("/graph-store").status_code == 400


@pytest.mark.parametrize(
    ("extension", "rdflib_format"),
    [("ttl", "turtle"), ("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")],
)
def test_dumps(client, extension, rdflib_format):
    response = client.get(f"/dump.{extension}")
    assert response.status_code == 200
    dataset = rdflib.Dataset()
    dataset.parse(data=response.content, format=rdflib_format)
    assert len(list(dataset.quads((None, None, None, None)))) == N_TRIPLES
    if extension != "ttl":
        graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
        assert {ARTICLE_GRAPH, ENTITIES_GRAPH} <= graphs
    if extension == "jsonld":
        assert response.json()["@context"]["@vocab"] == "http://schema.org/"


def test_dump_negotiates(client):
    response = client.get("/dump", headers={"Accept": "application/n-quads"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/dump.nq"


def test_void_has_real_statistics(client):
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = next(graph.subjects(void.sparqlEndpoint, None))
    stats = {
        p: graph.value(dataset, p).toPython()
        for p in (void.triples, void.classes, void.documents, void.entities)
    }
    assert stats[void.triples] == N_TRIPLES
    assert stats[void.classes] == 9
    assert stats[void.documents] == 2
    assert stats[void.entities] > 5
    partitions = {
        graph.value(p, void["class"]): graph.value(p, void.entities).toPython()
        for p in graph.objects(dataset, void.classPartition)
    }
    assert partitions[rdflib.URIRef("http://schema.org/Person")] == 1
    assert (
        partitions[rdflib.URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Phrase")]
        == 5
    )


# --- linked data ----------------------------------------------------------------------------------------


def test_quotation_page_highlights_the_span_and_links_the_article(client):
    response = client.get("/quotation/aaaaaaaaaaaaaaaa", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<mark class="span">Russland ist eine Bedrohung.</mark>' in html
    assert "Mark Rutte sagte: „" in html
    assert 'href="/article/0123456789abcdef"' in html and "Rutte warnt vor Russland" in html
    assert 'href="/entity/person/mark-rutte"' in html and "2024-10-01" in html


def test_claim_page(client):
    html = client.get("/claim/bbbbbbbbbbbbbbbb", headers={"Accept": "text/html"}).text
    assert '<mark class="span">Russland ist eine Bedrohung.</mark>' in html
    assert 'href="/entity/place/russland"' in html


def test_entity_page_lists_what_it_said_and_what_was_said_about_it(client):
    rutte = client.get("/entity/person/mark-rutte", headers={"Accept": "text/html"}).text
    said = rutte.split('id="said"')[1].split('id="about"')[0]
    assert "/quotation/aaaaaaaaaaaaaaaa" in said and "/claim/bbbbbbbbbbbbbbbb" in said
    russland = client.get("/entity/place/russland", headers={"Accept": "text/html"}).text
    about = russland.split('id="about"')[1]
    assert (
        "/claim/bbbbbbbbbbbbbbbb" in about and "Mark Rutte" in about and "Rutte warnt vor Russland" in about
    )


def test_article_page(client):
    html = client.get("/article/0123456789abcdef", headers={"Accept": "text/html"}).text
    assert "<h1>Rutte warnt vor Russland</h1>" in html and "Das war klar." in html


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")],
)
def test_linked_data_by_content_negotiation(client, accept, rdflib_format):
    response = client.get("/entity/person/mark-rutte", headers={"Accept": accept})
    assert response.headers["content-type"].split(";")[0] == accept
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert graph.value(rdflib.URIRef(RUTTE), rdflib.URIRef("http://schema.org/name")) == rdflib.Literal(
        "Mark Rutte"
    )
    article = client.get("/article/0123456789abcdef", headers={"Accept": accept})
    assert len(rdflib.Graph().parse(data=article.content, format=rdflib_format)) == N_ARTICLE_TRIPLES


def test_unknown_iri_is_404(client):
    assert client.get("/entity/person/nobody", headers={"Accept": "text/html"}).status_code == 404
    assert client.get("/quotation/0000", headers={"Accept": "text/turtle"}).status_code == 404


def page(client, path: str, **params) -> str:
    response = client.get(path, params=params, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_quotation_page_lists_every_article_it_appears_in(client):
    html = page(client, "/quotation/aaaaaaaaaaaaaaaa")
    assert "Appears in 2 articles" in html
    newest, oldest = (
        html.split('href="/article/fedcba9876543210"')[1],
        html.split('href="/article/0123456789abcdef"')[1],
    )
    assert "Nato-Gipfel in Den Haag" in newest and "Rutte warnt vor Russland" in oldest
    assert html.index("Nato-Gipfel in Den Haag") < html.index("Rutte warnt vor Russland")  # newest first
    assert "Rutte betonte erneut: „" in html and "Mark Rutte sagte: „" in html
    assert html.count('<mark class="span">Russland ist eine Bedrohung.</mark>') == 2
    # listings elsewhere show the newest appearance and link to the others
    rutte = page(client, "/entity/person/mark-rutte").split('id="said"')[1].split('id="about"')[0]
    assert 'href="/quotation/aaaaaaaaaaaaaaaa#appearances">and in 1 more article<' in rutte


def test_claim_page_shows_its_quantities(client):
    html = page(client, "/claim/cccccccccccccccc")
    table = html.split('id="quantities"')[1].split("</table>")[0]
    assert "2000" in table and "<td>Soldaten</td>" in table and "P1M" in table and "2.000 Soldaten" in table
    assert 'href="/claim/cccccccccccccccc/quantity/0"' in table


def test_sentence_links_land_on_the_sentence_in_the_article_text(client):
    quotation = page(client, "/quotation/aaaaaaaaaaaaaaaa")
    assert 'class="sentence-link" href="/article/0123456789abcdef#char=0,48"' in quotation
    article = page(client, "/article/0123456789abcdef")
    text = article.split('class="article-text"')[1]
    assert (
        '<span class="sentence" id="char=0,48">Mark Rutte sagte: „Russland ist eine Bedrohung.“</span>'
        in text
    )
    assert "</span> Das war klar." in text  # text outside any sentence is kept as it is
    second = page(client, "/article/fedcba9876543210").split('class="article-text"')[1]
    assert '<span class="sentence" id="char=53,87">Jeden Monat fehlen 2.000 Soldaten.</span>' in second
    assert ".sentence:target" in client.get("/static/kg.css").text


def test_pages_show_labels_instead_of_iris(client):
    html = page(client, "/claim/bbbbbbbbbbbbbbbb").split("<h2>All statements</h2>")[1]
    assert f'<a href="/entity/person/mark-rutte" title="{RUTTE}">Mark Rutte</a>' in html
    assert f'<a href="/article/0123456789abcdef" title="{ARTICLE}">Rutte warnt vor Russland</a>' in html
    assert f'<a href="/entity/place/russland" title="{RUSSLAND}">Russland</a>' in html
    assert 'href="/ns#denotedBy"' in html  # kg: predicates link to the vocabulary
    sentence = f'<a href="/article/0123456789abcdef#char=0,48" title="{A}0,48">Mark Rutte sagte: „Russland'
    assert sentence in html  # sentences and spans by their text
    assert ">Mark Rutte<" in page(client, "/quotation/aaaaaaaaaaaaaaaa")


def test_kg_vocabulary_dereferences(client):
    from kg.resources import ONTOLOGY_DIR

    html = page(client, "/ns")
    assert '<dt id="denotedBy">' in html and "denoted by" in html and "gaf:denotedBy in NewsReader" in html
    assert '<dt id="quoteKind">' in html and '<dt id="QuoteKind">' in html
    turtle = client.get("/ns", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert turtle.content == (ONTOLOGY_DIR / "kg.ttl").read_bytes()
    jsonld = client.get("/ns", params={"format": "jsonld"})
    graph = rdflib.Graph().parse(data=jsonld.content, format="json-ld")
    label = graph.value(rdflib.URIRef("https://kg.example.org/ns#denotedBy"), rdflib.RDFS.label)
    assert str(label) == "denoted by"


@pytest.mark.parametrize(
    "path",
    [
        "/quotation/aaaaaaaaaaaaaaaa",
        "/claim/cccccccccccccccc",
        "/entity/person/mark-rutte",
        "/article/0123456789abcdef",
        "/ns",
        "/.well-known/void",
    ],
)
def test_every_page_embeds_its_data_as_jsonld(client, path):
    html = page(client, path)
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    embedded = rdflib.Graph().parse(data=script, format="json-ld")
    machine = rdflib.Graph().parse(
        data=client.get(path, headers={"Accept": "text/turtle"}).content, format="turtle"
    )
    if path.startswith("/article/"):  # the article's own statements, not every span of its graph
        own = rdflib.Graph()
        for triple in machine.triples((rdflib.URIRef(BASE + path[1:]), None, None)):
            own.add(triple)
        assert 0 < len(own) < len(machine)
        machine = own
    assert len(embedded) == len(machine) > 0
    assert isomorphic(embedded, machine)


def test_embedded_jsonld_cannot_close_its_script_element():
    from kg.serve.pages import embedded_jsonld

    evil = "</script><script>alert(1)</script>"
    triple = ox.Triple(ox.NamedNode(RUTTE), ox.NamedNode("http://schema.org/name"), ox.Literal(evil))
    text = embedded_jsonld([triple])
    assert "<" not in text
    assert evil in json.dumps(json.loads(text), ensure_ascii=False)


@pytest.mark.parametrize(
    "path", ["/entity/person/nobody", "/quotation/0000", "/no/such/route", "/static/none.js"]
)
def test_404_is_a_page_for_browsers_and_json_or_text_otherwise(client, path):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    html = client.get(path, headers={"Accept": browser})
    assert html.status_code == 404 and html.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in html.text and 'href="/query"' in html.text
    as_json = client.get(path, headers={"Accept": "application/json"})
    assert as_json.status_code == 404 and as_json.json()["detail"]
    plain = client.get(path)
    assert plain.status_code == 404 and plain.headers["content-type"].startswith("text/plain")


def many_quotations_store(path: Path, count: int) -> Path:
    """One article in which one speaker says `count` different things: lists longer than a page."""
    lines = [f'<{ARTICLE}> a schema:NewsArticle ; schema:headline "Viele Zitate" .']
    for i in range(count):
        quote = f"{BASE}quotation/{i:016x}"
        lines.append(
            f'<{quote}> a schema:Quotation ; schema:text "Satz {i}." ; schema:spokenByCharacter <{RUTTE}> ; '
            f"schema:isPartOf <{ARTICLE}> ."
        )
    body = "@prefix schema: <http://schema.org/> .\n" + "\n".join(lines)
    store = KgStore(path)
    triples = ox.parse(body.encode(), format=ox.RdfFormat.TURTLE)
    store.replace_graph(ARTICLE_GRAPH, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode())
    name = ox.Triple(ox.NamedNode(RUTTE), ox.NamedNode("http://schema.org/name"), ox.Literal("Mark Rutte"))
    store.replace_graph(ENTITIES_GRAPH, ox.serialize([name], format=ox.RdfFormat.N_TRIPLES).decode())
    store.flush()
    del store
    return path


def test_long_lists_say_they_are_cut_and_page_on(tmp_path):
    path = many_quotations_store(tmp_path / "store", 205)
    with (
        LiveServer(path, query_timeout=10, workers=1) as live,
        httpx.Client(base_url=live.url, timeout=30) as http,
    ):
        for where, anchor in (("/entity/person/mark-rutte", "said"), ("/article/0123456789abcdef", "items")):
            first = page(http, where)
            assert "Showing 1–200 of 205." in first
            assert f'href="{where}?page=2#{anchor}">next page (2 of 2)' in first
            second = page(http, where, page=2)
            assert "Showing 201–205 of 205." in second and f'href="{where}?page=1#{anchor}"' in second
            seen = [
                chunk.split('"', 1)[0]
                for html in (first, second)
                for chunk in html.split('<p class="text"><a href="/quotation/')[1:]
            ]
            assert len(seen) == len(set(seen)) == 205
        assert http.get("/entity/person/mark-rutte", params={"page": 0}).status_code == 422


def test_query_page_uses_local_assets(client):
    html = client.get("/query").text
    assert 'id="yasgui"' in html
    scripts = [part.split('"', 1)[0] for part in html.split('<script src="')[1:]]
    styles = [part.split('"', 1)[0] for part in html.split('<link rel="stylesheet" href="')[1:]]
    assert scripts == ["/static/yasgui/yasgui.min.js", "/static/query.js"]
    assert styles == ["/static/kg.css", "/static/yasgui/yasgui.min.css"]
    for asset in (*scripts, *styles, "/static/yasgui/LICENSE.txt", "/static/yasgui/README.md"):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/query/prefixes.json").json()["schema"] == "http://schema.org/"


def test_api_docs_use_local_assets(client):
    html = client.get("/docs").text
    assert "/openapi.json" in html and "https://" not in html and "//cdn" not in html
    for asset in ("/static/swagger-ui/swagger-ui-bundle.js", "/static/swagger-ui/swagger-ui.css"):
        assert f"'{asset}'" in html or f'"{asset}"' in html
        assert client.get(asset).status_code == 200
    assert client.get("/redoc").status_code == 404  # ReDoc would need a CDN
    spec = client.get("/openapi.json").json()
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids)) and {"sparql_get", "sparql_post"} <= set(ids)


# --- the store while served --------------------------------------------------------------------------------


def test_served_store_refuses_other_writers_with_a_clear_message(server, store_path):
    info = serving_info(store_path)
    assert info is not None and info["url"] == server.url + "/"
    with pytest.raises(StoreError):
        KgStore(store_path)
    message = store_lock_message(store_path)
    assert message and "kg serve" in message and str(info["pid"]) in message


def test_replacing_a_graph_through_the_server_is_atomic_for_readers(tmp_path):
    """The write path for a served store: readers see the old graph or the new one, never a mix."""
    from kg.serve import push_graph

    path = build_store(tmp_path / "store")
    old_name, new_name = "Mark Rutte", "Mark Rutte (Nato)"
    new = ox.serialize(
        [
            ox.Triple(ox.NamedNode(RUTTE), ox.NamedNode("http://schema.org/name"), ox.Literal(new_name)),
            ox.Triple(
                ox.NamedNode(RUTTE), ox.NamedNode("http://schema.org/jobTitle"), ox.Literal("Generalsekretär")
            ),
        ],
        format=ox.RdfFormat.N_TRIPLES,
    ).decode()
    query = (
        f"SELECT ?name ?job WHERE {{ <{RUTTE}> <http://schema.org/name> ?name "
        f"OPTIONAL {{ <{RUTTE}> <http://schema.org/jobTitle> ?job }} }}"
    )
    seen: set[tuple] = set()
    stop = threading.Event()
    with LiveServer(path, query_timeout=5, workers=2) as live:

        def reader() -> None:
            with httpx.Client(base_url=live.url, timeout=30) as http:
                while not stop.is_set():
                    response = http.get("/sparql", params={"query": query})
                    assert response.status_code == 200, response.text
                    for b in response.json()["results"]["bindings"]:
                        seen.add((b["name"]["value"], b.get("job", {}).get("value")))

        threads = [threading.Thread(target=reader) for _ in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(0.3)
        push_graph(path, ENTITIES_GRAPH, new)
        time.sleep(0.3)
        stop.set()
        for thread in threads:
            thread.join(10)
        with httpx.Client(base_url=live.url) as http:
            after = http.get("/sparql", params={"query": query}).json()["results"]["bindings"]
            assert [(b["name"]["value"], b["job"]["value"]) for b in after] == [(new_name, "Generalsekretär")]
            # the article graph was not touched; outsiders and tokenless clients cannot write
            assert http.get("/article/0123456789abcdef", headers={"Accept": "text/html"}).status_code == 200
            refused = http.put(
                "/graph-store",
                params={"graph": ENTITIES_GRAPH},
                content=new,
                headers={"Content-Type": "application/n-triples"},
            )
            assert refused.status_code == 403
    assert seen <= {(old_name, None), (new_name, "Generalsekretär")}
    assert (new_name, "Generalsekretär") in seen and (old_name, None) in seen


def test_the_store_survives_a_restart(tmp_path):
    path = build_store(tmp_path / "store")
    for _ in range(2):
        with LiveServer(path, query_timeout=5, workers=1) as live, httpx.Client(base_url=live.url) as http:
            names = http.get("/sparql", params={"query": SELECT_NAMES}).json()["results"]["bindings"]
            assert [b["name"]["value"] for b in names] == ["Mark Rutte", "Russland"]
    assert serving_info(path) is None
    KgStore(path)  # the lock is released


def test_pages_do_not_link_unsafe_iris():
    from kg.serve.pages import local_path

    assert local_path(RUTTE, BASE) == "/entity/person/mark-rutte"
    assert local_path("http://example.org/x", BASE) == "http://example.org/x"
    assert local_path("javascript:alert(1)", BASE) == "#"


def test_query_page_offers_the_saved_queries(client):
    from kg.serve.pages import SPARQL_DIR, saved_queries

    examples = saved_queries(SPARQL_DIR)
    assert len(examples) == len(list(SPARQL_DIR.glob("*.rq")))
    html = client.get("/query").text
    for example in examples:
        assert not example["title"].startswith("#")
        assert f'data-name="{example["name"]}"' in html
