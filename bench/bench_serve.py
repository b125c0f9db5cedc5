"""Serving benchmark: latency of the sparql/ queries through HTTP vs the in-process engine vs rdflib's
SPARQL engine, of the heaviest linked-data pages (HTML), and throughput of a simple query under
concurrent load (wrk when installed).

    .venv/bin/python bench/bench_serve.py --store .kg [--runs 50] [--rdflib] [--duration 10]

Starts `kg serve` on 127.0.0.1 in a subprocess (the real process model: server + query workers),
opens the same store read-only in this process for the in-process numbers, and prints a Markdown
table. In-process = pyoxigraph query + result serialisation (what a worker does); HTTP adds the
server, the worker round trip and the client.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import httpx
import pyoxigraph as ox

from kg.serve.protocol import QueryJob, execute_query

ROOT = Path(__file__).resolve().parents[1]
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
SIMPLE = (
    "SELECT ?name WHERE { <https://kg.example.org/entity/person/mark-rutte> <http://schema.org/name> ?name }"
)

# the linked-data pages with the most to list: which resource each one shows
PAGES = {
    "entity page (most quoted speaker)": "SELECT ?x WHERE { ?q <http://schema.org/spokenByCharacter> ?x } "
    "GROUP BY ?x ORDER BY DESC(COUNT(?q)) ?x LIMIT 1",
    "article page (most quotations)": "SELECT ?x WHERE { ?q <http://schema.org/isPartOf> ?x } "
    "GROUP BY ?x ORDER BY DESC(COUNT(?q)) ?x LIMIT 1",
    "quotation page (most articles)": "SELECT ?x WHERE { ?x <http://schema.org/isPartOf> ?a } "
    "GROUP BY ?x ORDER BY DESC(COUNT(?a)) ?x LIMIT 1",
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed(fn, runs: int, budget_s: float = 20.0) -> list[float]:
    """Run times in ms; slow queries get fewer runs (at least 3) so one query stays within the budget."""
    started = time.perf_counter()
    fn()  # warm up
    first = time.perf_counter() - started
    runs = max(3, min(runs, int(budget_s / max(first, 1e-6))))
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def start_server(store: Path, port: int, workers: int) -> subprocess.Popen:
    code = (
        "from pathlib import Path; from kg.serve import run_server; "
        f"run_server(Path({str(store)!r}), '127.0.0.1', {port}, query_timeout=60, workers={workers}, "
        "max_results=100000, log_level='warning')"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    deadline = time.time() + 60
    while time.time() < deadline and process.poll() is None:
        try:
            httpx.get(f"http://127.0.0.1:{port}/status", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start (is another `kg serve` holding the store?)")


def wrk(url: str, duration: int, connections: int) -> dict | None:
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {"tool": "wrk", "connections": connections}
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("Requests/sec:"):
            result["requests_per_s"] = float(line.split()[1])
        elif line.startswith("50%"):
            result["p50"] = line.split()[1]
        elif line.startswith("99%"):
            result["p99"] = line.split()[1]
        elif "Non-2xx" in line:
            result["non_2xx"] = int(line.split()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--rdflib", action="store_true", help="also time rdflib's engine (loads the union graph)"
    )
    parser.add_argument("--rdflib-runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds of concurrent load")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    queries = {"simple": SIMPLE} | {
        p.stem: p.read_text("utf-8") for p in sorted((ROOT / "sparql").glob("*.rq"))
    }
    port = free_port()
    server = start_server(args.store, port, args.workers)
    results: dict = {"store": str(args.store), "runs": args.runs, "queries": {}}
    try:
        local = ox.Store.read_only(str(args.store / "oxigraph"))
        graph = None
        if args.rdflib:
            import rdflib

            started = time.perf_counter()
            graph = rdflib.Graph()
            data = local.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            graph.parse(data=data, format="nt")
            results["rdflib_load_s"] = round(time.perf_counter() - started, 1)
        # stdlib http.client with keep-alive: ~0.3 ms less client-side cost per request than httpx
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for name, query in queries.items():
            job = QueryJob(query, accept="application/sparql-results+json", max_results=100000)
            inproc = timed(lambda job=job: execute_query(local, job), args.runs)
            engine = timed(lambda query=query: list(local.query(query)), args.runs)

            def over_http(query=query) -> None:
                conn.request("POST", "/sparql", body=urlencode({"query": query}), headers=FORM)
                response = conn.getresponse()
                response.read()
                assert response.status == 200, response.status

            remote = timed(over_http, args.runs)
            row = {
                "engine_p50": statistics.median(engine),
                "inprocess_p50": statistics.median(inproc),
                "inprocess_p99": percentile(inproc, 99),
                "http_p50": statistics.median(remote),
                "http_p99": percentile(remote, 99),
            }
            row["overhead_p50"] = row["http_p50"] - row["inprocess_p50"]
            if graph is not None:
                rd = timed(lambda query=query: list(graph.query(query)), args.rdflib_runs)
                row["rdflib_p50"] = statistics.median(rd)
            results["queries"][name] = row
        results["pages"] = {}
        for name, query in PAGES.items():
            found = list(local.query(query))
            if not found:
                continue
            path = urlsplit(found[0]["x"].value).path

            def page(path=path) -> None:
                conn.request("GET", path, headers={"Accept": "text/html"})
                response = conn.getresponse()
                response.read()
                assert response.status == 200, (path, response.status)

            times = timed(page, args.runs)
            results["pages"][name] = {
                "path": path,
                "http_p50": statistics.median(times),
                "http_p99": percentile(times, 99),
            }
        url = f"http://127.0.0.1:{port}/sparql?query={quote(SIMPLE)}"
        results["throughput"] = wrk(url, args.duration, args.connections) or {"tool": "none (install wrk)"}
    finally:
        server.terminate()
        server.wait(30)

    print(f"store {args.store}, {args.runs} runs per query, {args.workers} workers; times in ms\n")
    header = "| query | engine p50 | in-process p50 | HTTP p50 | HTTP p99 | overhead p50 |"
    if args.rdflib:
        header += " rdflib p50 |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for name, row in results["queries"].items():
        line = (
            f"| {name} | {row['engine_p50']:.2f} | {row['inprocess_p50']:.2f} | {row['http_p50']:.2f} | "
            f"{row['http_p99']:.2f} | {row['overhead_p50']:.2f} |"
        )
        if args.rdflib:
            line += f" {row['rdflib_p50']:.1f} |"
        print(line)
    print("\n| page (HTML) | path | HTTP p50 | HTTP p99 |\n|---|---|---|---|")
    for name, row in results["pages"].items():
        print(f"| {name} | `{row['path']}` | {row['http_p50']:.1f} | {row['http_p99']:.1f} |")
    print(f"\nthroughput (simple query, GET): {json.dumps(results['throughput'])}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
