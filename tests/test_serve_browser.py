"""The HTML of the serve stage in headless Chromium: the query page runs a query with YASGUI and shows
the results table, /docs renders Swagger UI, linked-data pages render the highlighted span — and none
of them makes a request to any host but this server. Skipped when Chromium is not installed.

Every request Chromium makes to a host other than 127.0.0.1 goes to a recording proxy (loopback
bypasses proxies), which refuses it and notes the host: a test fails when a page asked for any host
but the few Chromium itself calls whatever the page (sign-in, connectivity and clock checks, which
no flag turns off)."""

from __future__ import annotations

import shutil
import socketserver
import subprocess
import threading
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from test_serve import LiveServer, build_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMIUM_OWN_HOSTS = {"accounts.google.com", "www.google.com", "clients2.google.com"}  # even for about:blank
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


class RecordingProxy(socketserver.ThreadingTCPServer):
    """An HTTP proxy on 127.0.0.1 that answers every request with 403 and remembers what was asked."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), _ProxyHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def foreign(self) -> list[str]:
        """The requests a page made to other hosts ("CONNECT host:443 …" or "GET http://host/… …")."""
        return [line for line in self.requests if _host(line) not in CHROMIUM_OWN_HOSTS]


def _host(request_line: str) -> str:
    target = request_line.split(" ")[1] if " " in request_line else ""
    return target.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]


class _ProxyHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline(8192).decode("latin-1").strip()
        if line:
            self.server.requests.append(line)  # e.g. "CONNECT prefix.cc:443 HTTP/1.1"
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = build_store(tmp_path_factory.mktemp("browser") / "store")
    with LiveServer(path, query_timeout=5, workers=1) as live:
        yield live


@pytest.fixture()
def proxy() -> Iterator[RecordingProxy]:
    recorder = RecordingProxy()
    thread = threading.Thread(target=recorder.serve_forever, daemon=True)
    thread.start()
    yield recorder
    recorder.shutdown()
    recorder.server_close()


def render(url: str, tmp_path, proxy: RecordingProxy, budget_ms: int = 8000) -> str:
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
            "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate,AutofillServerCommunication",
            "--disable-domain-reliability",
            "--disable-client-side-phishing-detection",
            "--no-first-run",
            f"--proxy-server={proxy.url}",
            f"--user-data-dir={tmp_path}",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=True,
    )
    return result.stdout


def test_the_proxy_sees_what_a_page_fetches_from_elsewhere(tmp_path, proxy):
    page = '<img src="http://cdn.example.org/a.png"><script src="https://cdn.example.net/b.js"></script>'
    render("data:text/html," + quote(page), tmp_path, proxy, budget_ms=2000)
    hosts = {_host(line) for line in proxy.foreign()}
    assert hosts == {"cdn.example.org", "cdn.example.net"}


def test_query_page_runs_a_query_with_yasgui_and_shows_the_results(server, tmp_path, proxy):
    query = "SELECT ?x ?name WHERE { ?x <http://schema.org/name> ?name } ORDER BY ?name"
    dom = render(f"{server.url}/query?query={quote(query)}", tmp_path, proxy)
    assert 'class="yasgui' in dom and "CodeMirror" in dom  # YASGUI's editor ran
    results = dom.split('class="yasr', 1)[1]
    table = results.split("<table", 1)[1].split("</table>", 1)[0]
    assert "Mark Rutte" in table and "Russland" in table
    assert 'href="/entity/person/mark-rutte"' in table  # minted IRIs link to this server's pages
    assert "2 results" in results
    assert proxy.foreign() == []


def test_query_page_opens_a_saved_query_as_a_tab(server, tmp_path, proxy):
    from kg.serve.pages import SPARQL_DIR, saved_queries

    example = saved_queries(SPARQL_DIR)[-1]
    dom = render(f"{server.url}/query#{example['name']}", tmp_path, proxy)
    tabs = dom.split('class="tabsList', 1)[1].split("</ul>", 1)[0]
    assert example["title"] in tabs
    assert proxy.foreign() == []


def test_query_page_shows_the_parser_message(server, tmp_path, proxy):
    dom = render(f"{server.url}/query?query={quote('SELECT * WHERE { ?s ?p ?o } GROUP BY')}", tmp_path, proxy)
    assert "400" in dom and "malformed query" in dom
    assert proxy.foreign() == []


def test_api_docs_render_from_local_assets(server, tmp_path, proxy):
    dom = render(f"{server.url}/docs", tmp_path, proxy)
    assert "swagger-ui" in dom and "kg SPARQL endpoint" in dom and "/sparql" in dom
    assert proxy.foreign() == []


def test_quotation_page_renders_the_highlighted_span(server, tmp_path, proxy):
    dom = render(f"{server.url}/quotation/aaaaaaaaaaaaaaaa", tmp_path, proxy, budget_ms=2000)
    assert '<mark class="span">Russland ist eine Bedrohung.</mark>' in dom
    assert 'href="/article/0123456789abcdef"' in dom
    assert proxy.foreign() == []
