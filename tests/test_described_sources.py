"""Described sources and unresolved quotations past the RDF stage: stored, counted, queried and
dereferenced, from hand-made extractions (the fixture articles of conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from fastapi.testclient import TestClient

from kg.cli import main
from kg.extract.text import source_key
from kg.ingest import make_document
from kg.rdf import IriMinter, map_extraction
from kg.rdf.vocab import KG, SCHEMA
from kg.resources import SPARQL_DIR
from kg.serve import create_app
from kg.store import KgStore
from kg.validate import validate_ntriples
from tests.conftest import ARTICLE_TEXT, BASE, SOURCED_TEXT, make_extraction, make_sourced_extraction

FIRST = make_document(SOURCED_TEXT, "quellen.txt")
SECOND = make_document("Anderer Artikel. " + SOURCED_TEXT, "andere.txt")
SPOKESMAN = f"{BASE}source/{FIRST.id}/ein-sprecher-des-finanzministeriums"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One article with named speakers, two whose speakers are described, each validated as the
    build validates it before storing."""
    path = tmp_path_factory.mktemp("sources") / "store"
    store = KgStore(path, base_iri=BASE)
    minter = IriMinter(BASE)
    extractions = [
        make_extraction(make_document(ARTICLE_TEXT, "beispiel.txt")),
        make_sourced_extraction(FIRST),
        make_sourced_extraction(SECOND),
    ]
    for extraction in extractions:
        article = map_extraction(extraction, minter)
        ntriples = article.to_ntriples()
        report = validate_ntriples(ntriples, extraction.document.identifier)
        assert report.conforms, report.text()
        store.replace_graph(str(article.graph_iri), ntriples)
    store.refresh_entities_graph(str(minter.entities_graph()))
    store.flush()
    return path


def select(store_path: Path, query: str) -> list[dict[str, str]]:
    solutions = KgStore(store_path, read_only=True).query(query)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def test_stats_count_sources_and_unresolved_quotations_apart_from_entities(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stats = KgStore(store_path, read_only=True).stats()
    assert (stats.entities, stats.sources) == (3, 4)  # Anna Beispiel, Berlin, Finanzministerium
    assert (stats.quotations, stats.unresolved_quotations) == (7, 2)
    assert main(["stats", "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "              sources: 4\n" in out and "unresolved quotations: 2\n" in out


def test_sources_stay_out_of_the_shared_entities_graph(store_path: Path) -> None:
    rows = select(store_path, f"SELECT DISTINCT ?s WHERE {{ GRAPH <{BASE}graph/entities> {{ ?s ?p ?o }} }}")
    assert rows and not [row for row in rows if row["s"].startswith(BASE + "source/")]
    graphs = select(store_path, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{SPOKESMAN}> ?p ?o }} }}")
    assert graphs == [{"g": f"{BASE}graph/article/{FIRST.id}"}]


def test_saved_query_described_sources(store_path: Path) -> None:
    rows = select(store_path, (SPARQL_DIR / "described-sources.rq").read_text(encoding="utf-8"))
    assert len(rows) == 4  # the same two descriptions in two articles are four sources
    spokesman = next(row for row in rows if row["source"] == SPOKESMAN)
    assert spokesman["description"] == "Ein Sprecher des Finanzministeriums"
    assert spokesman["head"] == "Sprecher"
    assert spokesman["organizationName"] == "Finanzministerium"
    assert spokesman["identifier"] == "quellen.txt" and spokesman["date"] == "2024-03-05"
    assert spokesman["quotations"] == "1"
    assert {row["organizationName"] for row in rows if row["head"] == "Polizei"} == {"Berlin"}


def test_top_speakers_counts_named_speakers_only(store_path: Path) -> None:
    rows = select(store_path, (SPARQL_DIR / "top-speakers.rq").read_text(encoding="utf-8"))
    assert [(row["name"], row["quotations"]) for row in rows] == [("Anna Beispiel", "1")]


# --- pages ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_path, workers=1)) as http:
        yield http


def test_a_source_page_shows_description_organisation_article_and_quotations(client: TestClient) -> None:
    response = client.get(SPOKESMAN[len(BASE) - 1 :], headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<h1>Ein Sprecher des Finanzministeriums</h1>" in html
    assert '<a href="/entity/organization/finanzministerium">Finanzministerium</a>' in html
    assert f'href="/article/{FIRST.id}">Streit um Busse</a>' in html
    said = html.split('id="said"')[1]
    assert "What it said (1)" in html and '<mark class="span">Wir prüfen das.</mark>' in said
    assert "Ein Sprecher des Finanzministeriums sagte: „" in said


@pytest.mark.parametrize(
    ("accept", "rdflib_format"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")]
)
def test_a_source_dereferences_as_rdf(client: TestClient, accept: str, rdflib_format: str) -> None:
    response = client.get(SPOKESMAN[len(BASE) - 1 :], headers={"Accept": accept})
    assert response.headers["content-type"].split(";")[0] == accept
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    source = rdflib.URIRef(SPOKESMAN)
    assert (source, rdflib.RDF.type, KG.DescribedSource) in graph
    assert graph.value(source, SCHEMA.description) == rdflib.Literal("Ein Sprecher des Finanzministeriums")


def test_quotation_pages_name_the_source_or_say_the_speaker_is_not_resolved(client: TestClient) -> None:
    minter = IriMinter(BASE)
    attributed = minter.quotation(
        "Wir prüfen das.", source_key(FIRST.id, "Ein Sprecher des Finanzministeriums"), FIRST.id
    )
    html = client.get(attributed[len(BASE) - 1 :], headers={"Accept": "text/html"}).text
    assert f'<a href="{SPOKESMAN[len(BASE) - 1 :]}">Ein Sprecher des Finanzministeriums</a>' in html
    assert "Speaker not resolved" not in html
    unresolved = minter.quotation("Das kommt nicht infrage.", None, FIRST.id)
    html = client.get(unresolved[len(BASE) - 1 :], headers={"Accept": "text/html"}).text
    assert "Speaker not resolved" in html and '<mark class="span">Das kommt nicht infrage.</mark>' in html
