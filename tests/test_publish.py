"""`kg publish` against a real Oxigraph server started on 127.0.0.1 by the test."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kg.extract.records import Extraction
from kg.publish import publish
from kg.rdf import IriMinter, map_extraction
from kg.store import KgStore
from tests.conftest import BASE, OXIGRAPH, free_port, make_extraction

pytestmark = pytest.mark.skipif(not Path(OXIGRAPH).exists(), reason="the oxigraph server is not installed")


def remote_count(url: str, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    response = httpx.get(
        url + "/query", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def local_store(tmp_path: Path, extraction: Extraction) -> KgStore:
    store = KgStore(tmp_path / "local", base_iri=BASE)
    article = map_extraction(extraction, IriMinter(BASE))
    store.replace_graph(str(article.graph_iri), article.to_ntriples())
    store.refresh_entities_graph(str(IriMinter(BASE).entities_graph()))
    return store


def test_publish_pushes_every_graph_and_replaces_on_republish(
    tmp_path: Path, extraction: Extraction, oxigraph_server: str
) -> None:
    store = local_store(tmp_path, extraction)
    report = publish(store, oxigraph_server + "/store")
    assert not report.failed and sorted(report.published) == store.named_graphs()
    graph = str(IriMinter(BASE).article_graph(extraction.document.id))
    local = len(store.export("ntriples", graph).splitlines())
    assert remote_count(oxigraph_server, graph) == local

    smaller = make_extraction(extraction.document)
    smaller = Extraction(**{**vars(smaller), "claims": ()})
    store.replace_graph(graph, map_extraction(smaller, IriMinter(BASE)).to_ntriples())
    publish(store, oxigraph_server + "/store")
    assert remote_count(oxigraph_server, graph) == len(store.export("ntriples", graph).splitlines()) < local


def test_publish_to_an_unreachable_server_reports_failure(tmp_path: Path, extraction: Extraction) -> None:
    store = local_store(tmp_path, extraction)
    report = publish(store, f"http://127.0.0.1:{free_port()}/store", timeout=2)
    assert report.failed and not report.published
    assert store.stats().articles == 1
