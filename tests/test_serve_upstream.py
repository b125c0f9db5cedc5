"""`kg serve --upstream`: kg in front of a real Oxigraph server (started on 127.0.0.1), keeping its
own guarantees — read-only, no SERVICE, deadline, size caps — while the upstream answers."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from kg.extract.records import Extraction
from kg.publish import publish
from kg.rdf import IriMinter, map_extraction
from kg.serve import create_app
from kg.store import KgStore
from tests.conftest import BASE, OXIGRAPH, free_port

pytestmark = pytest.mark.skipif(not Path(OXIGRAPH).exists(), reason="the oxigraph server is not installed")

COUNT_QUOTATIONS = "SELECT (COUNT(*) AS ?n) WHERE { ?q a <http://schema.org/Quotation> }"
JSON = "application/sparql-results+json"


@pytest.fixture
def local(tmp_path: Path, extraction: Extraction) -> KgStore:
    store = KgStore(tmp_path / "local", base_iri=BASE)
    article = map_extraction(extraction, IriMinter(BASE))
    store.replace_graph(str(article.graph_iri), article.to_ntriples())
    return store


@pytest.fixture
def fronting(tmp_path: Path, local: KgStore, oxigraph_server: str) -> Iterator[TestClient]:
    assert not publish(local, oxigraph_server + "/store").failed
    upstream = oxigraph_server + "/query"
    app = create_app(tmp_path / "no-store", upstream=upstream, upstream_base=BASE, query_timeout=5)
    with TestClient(app) as client:
        yield client


def count(store_or_answer) -> int:
    return int(store_or_answer["results"]["bindings"][0]["n"]["value"])


def test_queries_are_answered_by_the_upstream(fronting: TestClient, local: KgStore) -> None:
    answer = fronting.get("/sparql", params={"query": COUNT_QUOTATIONS}, headers={"Accept": JSON})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(JSON)
    expected = next(iter(local.query(COUNT_QUOTATIONS)))["n"].value
    assert count(answer.json()) == int(expected) > 0

    construct = "CONSTRUCT { ?q a ?t } WHERE { ?q a ?t } LIMIT 3"
    turtle = fronting.post("/sparql", data={"query": construct}, params={"format": "turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")


def test_kg_refuses_before_anything_reaches_the_upstream(fronting: TestClient, oxigraph_server: str) -> None:
    update = fronting.post("/sparql", data={"update": "DROP ALL"})
    assert update.status_code == 403
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    assert fronting.get("/sparql", params={"query": service}).status_code == 400
    assert fronting.get("/sparql", params={"query": "SELEKT nothing"}).status_code == 400
    query = {"query": COUNT_QUOTATIONS}
    still_there = httpx.post(oxigraph_server + "/query", data=query, headers={"Accept": JSON})
    assert count(still_there.json()) > 0


def test_store_routes_say_they_need_a_local_store(fronting: TestClient) -> None:
    for path in ("/graph-store?default", "/dump.nq", "/.well-known/void", "/quotation/aaaa"):
        answer = fronting.get(path)
        assert answer.status_code == 501 and "fronts" in answer.text, path
    assert fronting.get("/query").status_code == 200


def test_an_unreachable_upstream_is_a_502(tmp_path: Path) -> None:
    app = create_app(tmp_path / "no-store", upstream=f"http://127.0.0.1:{free_port()}/query")
    with TestClient(app) as client:
        answer = client.get("/sparql", params={"query": "ASK {}"})
    assert answer.status_code == 502 and "unreachable" in answer.text


def test_a_silent_upstream_meets_the_deadline(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        app = create_app(tmp_path / "no-store", upstream=url, query_timeout=0.5)
        with TestClient(app) as client:
            answer = client.get("/sparql", params={"query": "ASK {}"})
    assert answer.status_code == 503 and "query timeout" in answer.text
