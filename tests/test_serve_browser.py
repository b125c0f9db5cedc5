"""The HTML of the serve stage in headless Chromium: the query page's script runs a query and renders
the table; linked-data pages render the highlighted span. Skipped when Chromium is not installed."""

from __future__ import annotations

import shutil
import subprocess
from urllib.parse import quote

import pytest
from test_serve import LiveServer, build_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = build_store(tmp_path_factory.mktemp("browser") / "store")
    with LiveServer(path, query_timeout=5, workers=1) as live:
        yield live


def render(url: str, tmp_path) -> str:
    """The DOM after the page's scripts ran (Chromium's --dump-dom with a virtual-time budget)."""
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_query_page_runs_a_query_and_shows_a_table(server, tmp_path):
    query = "SELECT ?name WHERE { ?x <http://schema.org/name> ?name } ORDER BY ?name"
    dom = render(f"{server.url}/query?query={quote(query)}&run", tmp_path)
    results = dom.split('id="results"', 1)[1]
    assert '<table class="results">' in results
    assert "<td>Mark Rutte</td>" in results and "<td>Russland</td>" in results
    assert "2 results" in dom


def test_query_page_shows_the_parser_message(server, tmp_path):
    dom = render(f"{server.url}/query?query={quote('SELECT * WHERE {')}&run", tmp_path)
    assert 'class="error"' in dom and "400" in dom and "malformed query" in dom


def test_quotation_page_renders_the_highlighted_span(server, tmp_path):
    dom = render(f"{server.url}/quotation/aaaaaaaaaaaaaaaa", tmp_path)
    assert '<mark class="span">Russland ist eine Bedrohung.</mark>' in dom
    assert 'href="/article/0123456789abcdef"' in dom
