"""Fronting an external SPARQL store: `kg serve --upstream URL` answers /sparql from another server.

When the graphs live in a triple store of their own (an Oxigraph server or Fuseki that
`kg publish` fills), kg can still be the public face: it keeps its guarantees in front of the
store — read-only (updates are refused before anything is sent), no SERVICE, request size caps,
a deadline, an answer size cap — and passes content negotiation through, while the store does
the query work. The upstream is the operator's choice, never a query's: a query still cannot
make kg fetch anything else.

`UpstreamEndpoint` has the face of the local `WorkerPool` (start, run, paused, close), so the
SPARQL route does not care which one answers.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import httpx

from kg.serve import conneg
from kg.serve.protocol import QueryJob, Reply
from kg.serve.worker import QueryTimeout

TEXT = "text/plain; charset=utf-8"


class UpstreamEndpoint:
    """Runs queries on a remote SPARQL 1.1 query endpoint (Protocol: POST, form-encoded)."""

    size = 0
    killed = 0

    def __init__(self, url: str, *, max_answer_bytes: int) -> None:
        self.url = url
        self.max_answer_bytes = max_answer_bytes
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        # no proxies from the environment and no redirects: kg talks to this one server only
        self._client = httpx.AsyncClient(trust_env=False, follow_redirects=False)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    def pids(self) -> list[int]:
        return []

    @contextlib.asynccontextmanager
    async def paused(self) -> AsyncIterator[None]:
        yield

    async def run(self, job: QueryJob, timeout: float) -> Reply:
        """The upstream's answer, or 502 when it cannot be reached; past `timeout` seconds the
        request is dropped and QueryTimeout raised, as a local worker would be killed."""
        try:
            return await asyncio.wait_for(self._ask(job), timeout)
        except TimeoutError:
            raise QueryTimeout(f"the upstream store did not answer within {timeout:g} s") from None
        except httpx.TransportError as error:
            return Reply(502, f"upstream store unreachable: {error}\n".encode(), TEXT)

    async def _ask(self, job: QueryJob) -> Reply:
        assert self._client is not None, "start() first"
        form = [("query", job.query)]
        form += [("default-graph-uri", graph) for graph in job.default_graphs]
        form += [("named-graph-uri", graph) for graph in job.named_graphs]
        headers = {"Accept": _accept(job), "Content-Type": "application/x-www-form-urlencoded"}
        body = urlencode(form).encode()
        async with self._client.stream("POST", self.url, content=body, headers=headers) as response:
            answer = bytearray()
            async for chunk in response.aiter_bytes():
                answer += chunk
                if len(answer) > self.max_answer_bytes:
                    message = f"answer larger than {self.max_answer_bytes} bytes: narrow it or add LIMIT\n"
                    return Reply(507, message.encode(), TEXT)
            media_type = response.headers.get("content-type", "application/octet-stream")
            return Reply(response.status_code, bytes(answer), media_type, {"Vary": "Accept"})


def _accept(job: QueryJob) -> str:
    """`?format=` wins over the client's Accept header, as for local queries. The query form is not
    known here, so a name like `xml` asks for both SPARQL XML results and RDF/XML; a name that
    selects nothing leaves the client's Accept header in force."""
    for value in job.formats:
        media = [
            fmt.media_type
            for offered in (conneg.RESULT_FORMATS, conneg.GRAPH_FORMATS)
            if (fmt := conneg.by_key(value, offered)) is not None
        ]
        if media:
            return ", ".join(media)
    return job.accept or "*/*"
