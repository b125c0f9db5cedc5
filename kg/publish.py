"""Publish: push the store's named graphs to any SPARQL 1.1 Graph Store Protocol server.

Each graph is sent with HTTP PUT, which the protocol defines as "replace this graph", so
re-publishing an article replaces exactly its graph on the remote store too (Oxigraph server's
`/store`, Fuseki's `/dataset/data`, Virtuoso's `/sparql-graph-crud`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from kg.store import KgStore

NTRIPLES = "application/n-triples"


@dataclass
class PublishReport:
    published: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    triples: int = 0


def publish(
    store: KgStore,
    graph_store_url: str,
    *,
    timeout: float = 60.0,
    progress: Callable[[str], None] = lambda message: None,
) -> PublishReport:
    report = PublishReport()
    with httpx.Client(timeout=timeout) as client:
        for graph in store.named_graphs():
            data = store.export("ntriples", graph)
            try:
                response = client.put(
                    graph_store_url, params={"graph": graph}, content=data, headers={"Content-Type": NTRIPLES}
                )
            except httpx.HTTPError as error:
                report.failed.append(f"{graph}: {error}")
                progress(f"FAILED {graph}: {error}")
                continue
            if response.is_success:
                report.published.append(graph)
                report.triples += data.count(b"\n")
            else:
                message = f"{graph}: HTTP {response.status_code} {response.text[:200]}"
                report.failed.append(message)
                progress(f"FAILED {message}")
    return report
