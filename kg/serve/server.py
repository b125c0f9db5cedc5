"""Running the server, and what other processes need to know about a served store."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import uvicorn

from kg.serve.app import SERVE_INFO, create_app
from kg.store import DEFAULT_BASE_IRI


def run_server(
    store_path: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    query_timeout: float = 10.0,
    max_results: int = 10_000,
    max_request_bytes: int = 1_000_000,
    workers: int | None = None,
    worker_memory_mb: int | None = None,
    log_level: str = "info",
    access_log: bool = False,
    upstream: str | None = None,
    upstream_base: str = DEFAULT_BASE_IRI,
) -> None:
    """`kg serve`: serve the store until interrupted (blocks).

    access_log: one line per request (uvicorn's access log, on stdout). Off by default: query strings
    carry users' queries, and a public endpoint's log is theirs to switch on (`--access-log`)."""
    shown_host = f"[{host}]" if ":" in host else host
    app = create_app(
        store_path,
        query_timeout=query_timeout,
        max_results=max_results,
        max_request_bytes=max_request_bytes,
        workers=workers,
        worker_memory_mb=worker_memory_mb,
        advertise_url=f"http://{shown_host}:{port}/",
        upstream=upstream,
        upstream_base=upstream_base,
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=access_log)


def serving_info(store_path: Path) -> dict | None:
    """{pid, url, token} of the `kg serve` that holds this store, or None when no live server does."""
    info = Path(store_path) / SERVE_INFO
    try:
        data = json.loads(info.read_text(encoding="utf-8"))
        os.kill(int(data["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data


def store_lock_message(store_path: Path) -> str | None:
    """A message for `kg build` / `kg load` when the store cannot be opened for writing because a
    server holds it; None when no server does."""
    data = serving_info(store_path)
    if data is None:
        return None
    where = f" at {data['url']}" if data.get("url") else ""
    return (
        f"the store {store_path} is being served by `kg serve` (pid {data['pid']}{where}), which holds "
        "its write lock; stop the server first, or build into another --store and serve that one, or "
        "replace single graphs through the server (kg.serve.server.push_graph)"
    )


def push_graph(store_path: Path, graph_iri: str, ntriples: str | None, *, timeout: float = 120.0) -> None:
    """Replace (or, with ntriples=None, delete) one named graph through the running server: it drains
    its query workers, swaps the graph in one transaction and starts fresh workers."""
    data = serving_info(store_path)
    if data is None or not data.get("url"):
        raise RuntimeError(f"no running `kg serve` holds {store_path}")
    headers = {"X-KG-Write-Token": data["token"], "Content-Type": "application/n-triples"}
    url = data["url"].rstrip("/") + "/graph-store"
    with httpx.Client(timeout=timeout) as client:
        if ntriples is None:
            response = client.delete(url, params={"graph": graph_iri}, headers=headers)
        else:
            response = client.put(
                url, params={"graph": graph_iri}, headers=headers, content=ntriples.encode()
            )
    if response.status_code >= 300:
        raise RuntimeError(f"the server refused the write: {response.status_code} {response.text.strip()}")
