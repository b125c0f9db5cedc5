"""The FastAPI application: thin routes over kg.serve.protocol, .worker, .describe and .pages.

Process model (see worker.py): the server process opens the store read-write and so holds RocksDB's
lock — no other process can write the store while it serves (`kg build` fails with a clear message,
see server.store_lock_message). It reads the store itself only for fixed, cheap lookups (linked-data
pages, graph reads, dumps, VoID). Every user query runs in a pool of killable worker processes.
The one write path is PUT/DELETE /graph-store from localhost with the token in the store's
serve.json: the server drains and stops the workers, swaps the graph in one transaction, and starts
fresh workers, so readers see the old graph or the new one and never an open handle on a changing
store.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import time
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
from fastapi import FastAPI, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg import __version__
from kg.serve import conneg, describe, ontology, pages
from kg.serve.protocol import ProtocolError, QueryJob, check_query, parse_sparql_request
from kg.serve.results import serialize_rdf
from kg.serve.upstream import UpstreamEndpoint
from kg.serve.worker import QueryTimeout, WorkerCrashed, WorkerPool
from kg.store import DEFAULT_BASE_IRI, KgStore

HERE = Path(__file__).parent
SERVE_INFO = "serve.json"
LOCAL_CLIENTS = {"127.0.0.1", "::1", "localhost"}
FALLBACK_QUERY = "SELECT * WHERE { ?s ?p ?o } LIMIT 10"  # the query page's first tab without sparql/*.rq

SPARQL_PARAMETERS = {
    "parameters": [],
    "requestBody": {
        "required": False,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
            "application/sparql-query": {"schema": {"type": "string"}},
        },
    },
}


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


def _not_found(request: Request, message: str) -> Response:
    """404 as the client reads it: a page for browsers, {"detail": …} for JSON clients, else text."""
    fmt = conneg.negotiate(request.headers.get("accept"), conneg.ERROR_FORMATS) or conneg.ERROR_FORMATS[0]
    headers = {"Vary": "Accept"}
    if fmt is conneg.HTML:
        page = pages.render("404.html", message=message)
        return HTMLResponse(page, status_code=404, headers=headers)
    if fmt.key == "json":
        return JSONResponse({"detail": message}, status_code=404, headers=headers)
    return _text(404, message, headers)


def _root(request: Request) -> str:
    return str(request.base_url)


def settle(store: KgStore) -> None:
    """Flush and compact synchronously, so that RocksDB has no background work left that could delete
    files under the read-only handles the workers are about to open (a read-only open during a
    compaction sees a stale manifest; measured: "No such file … .sst")."""
    store.flush()
    store.oxigraph.optimize()


class ServeState:
    def __init__(
        self,
        store_path: Path,
        *,
        query_timeout: float,
        max_results: int,
        max_request_bytes: int,
        workers: int,
        worker_memory_mb: int | None,
        advertise_url: str | None,
        upstream: str | None = None,
        upstream_base: str = DEFAULT_BASE_IRI,
    ) -> None:
        self.store_path = store_path
        self.upstream = upstream
        self.upstream_base = upstream_base
        self.query_timeout = query_timeout
        self.max_results = max_results
        self.max_request_bytes = max_request_bytes
        self.workers = workers
        self.worker_memory_mb = worker_memory_mb
        self.advertise_url = advertise_url
        self.token = secrets.token_urlsafe(24)
        self.store: KgStore | None = None
        self.pool: WorkerPool | UpstreamEndpoint | None = None
        self._stats: describe.DatasetStats | None = None
        self._stats_lock = asyncio.Lock()
        self.write_lock = asyncio.Lock()

    @property
    def base_iri(self) -> str:
        return self.local_store().base_iri if self.upstream is None else self.upstream_base

    def local_store(self) -> KgStore:
        """The served store; routes that read it directly are not offered in front of an upstream."""
        if self.store is None:
            offered = "only /sparql and /query are offered"
            raise ProtocolError(501, f"this server fronts {self.upstream}: {offered}")
        return self.store

    async def stats(self) -> describe.DatasetStats | None:
        if self.upstream is not None:
            return None  # counting would mean full scans on someone else's store
        async with self._stats_lock:
            if self._stats is None:
                self._stats = await run_in_threadpool(
                    describe.dataset_stats, self.store.oxigraph, self.base_iri
                )
            return self._stats

    async def warm(self) -> None:
        with contextlib.suppress(Exception):
            await self.stats()

    def invalidate(self) -> None:
        self._stats = None


async def _read_body(request: Request, cap: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > cap:
        raise ProtocolError(413, f"request body larger than {cap} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise ProtocolError(413, f"request body larger than {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _rdf_response(
    triples: list,
    fmt: conneg.Format,
    headers: dict[str, str] | None = None,
    prefixes: dict[str, str] | None = None,
) -> Response:
    return Response(
        serialize_rdf(triples, fmt, prefixes),
        media_type=fmt.content_type,
        headers={"Vary": "Accept", **(headers or {})},
    )


def _negotiate_or_406(
    accept: str | None, offered: tuple[conneg.Format, ...], format_values: Iterable[str | None] = ()
) -> conneg.Format:
    """The format to answer in (see conneg.choose): ?format= values first, then the Accept header."""
    fmt = conneg.choose(accept, offered, [value for value in format_values if value])
    if fmt is None:
        raise ProtocolError(406, f"nothing acceptable; offered: {conneg.media_types(offered)}")
    return fmt


def create_app(
    store_path: Path,
    *,
    query_timeout: float = 10.0,
    max_results: int = 10_000,
    max_request_bytes: int = 1_000_000,
    workers: int | None = None,
    worker_memory_mb: int | None = None,
    advertise_url: str | None = None,
    saved_queries: Path | None = None,
    upstream: str | None = None,
    upstream_base: str = DEFAULT_BASE_IRI,
) -> FastAPI:
    """The kg server for the store in `store_path`.

    query_timeout: seconds a query may run (clients may ask for less with ?timeout=);
    max_results: rows / triples a query answer may hold (beyond: cut, header X-KG-Truncated);
    max_request_bytes: largest request body or query string; workers: query worker processes
    (default: the number of cores); worker_memory_mb: address-space limit of each worker;
    saved_queries: folder of *.rq examples for the query page (default: the repository's sparql/);
    upstream: a SPARQL query endpoint URL to answer /sparql from instead of the store (see
    kg.serve.upstream), with `upstream_base` the base IRI of the graphs it holds."""
    state = ServeState(
        Path(store_path),
        query_timeout=query_timeout,
        max_results=max_results,
        max_request_bytes=max_request_bytes,
        workers=workers or os.cpu_count() or 2,
        worker_memory_mb=worker_memory_mb,
        advertise_url=advertise_url,
        upstream=upstream,
        upstream_base=upstream_base,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state.upstream is not None:
            state.pool = UpstreamEndpoint(state.upstream, max_answer_bytes=state.max_results * 2_000)
            await state.pool.start()
            try:
                yield
            finally:
                await state.pool.close()
            return
        state.store = KgStore(state.store_path)  # read-write: holds the lock against other writers
        await run_in_threadpool(settle, state.store)
        info = state.store_path / SERVE_INFO
        info.write_text(json.dumps({"pid": os.getpid(), "url": state.advertise_url, "token": state.token}))
        info.chmod(0o600)
        state.pool = WorkerPool(state.store_path, state.workers, memory_mb=state.worker_memory_mb)
        try:
            await state.pool.start()
            warm = asyncio.get_running_loop().create_task(
                state.stats()
            )  # VoID / SD counts, off the request path
            yield
            warm.cancel()
        finally:
            await state.pool.close()
            with contextlib.suppress(FileNotFoundError):
                info.unlink()
            state.store.flush()
            state.store = None

    app = FastAPI(
        title="kg SPARQL endpoint",
        version=__version__,
        description="Read-only SPARQL 1.1 endpoint, graph store reads and linked-data pages for kg.",
        lifespan=lifespan,
        docs_url=None,  # /docs is served below from local assets; ReDoc needs a CDN, so it is off
        redoc_url=None,
    )
    app.state.kg = state
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["X-KG-Truncated", "X-KG-Result-Count", "Content-Type"],
        max_age=86400,
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(ProtocolError)
    async def protocol_error(request: Request, error: ProtocolError) -> Response:
        if error.status == 404:
            return _not_found(request, error.message)
        return _text(error.status, error.message, error.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            return _not_found(request, f"nothing at {request.url.path}")
        return await http_exception_handler(request, error)

    # --- SPARQL protocol ---------------------------------------------------------------------------

    async def sparql(
        request: Request,
        query: str | None = Query(None, description="SPARQL query (GET)"),
        default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
        named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
        format: str | None = Query(
            None,
            description="override content negotiation: json, xml, csv, tsv, turtle, jsonld, ntriples, "
            "rdfxml, trig, nquads (or a media type; `output=` too); xml means RDF/XML and json JSON-LD "
            "for graphs; a value that fits nothing falls back to the Accept header",
        ),
        timeout: str | None = Query(None, description="seconds; at most the server's deadline"),
    ) -> Response:
        if len(request.url.query) > state.max_request_bytes:
            raise ProtocolError(414, f"query string longer than {state.max_request_bytes} bytes")
        body = await _read_body(request, state.max_request_bytes) if request.method == "POST" else b""
        parsed = parse_sparql_request(
            request.method, request.url.query, request.headers.get("content-type"), body
        )
        if parsed.query is None and request.method in {"GET", "HEAD"}:
            return await _service_description(request, parsed.formats)
        check_query(parsed.query)
        seconds = min(parsed.timeout or state.query_timeout, state.query_timeout)
        job = QueryJob(
            query=parsed.query,
            accept=request.headers.get("accept"),
            formats=tuple(parsed.formats),
            default_graphs=parsed.default_graphs,
            named_graphs=parsed.named_graphs,
            max_results=state.max_results,
        )
        try:
            reply = await state.pool.run(job, seconds)
        except QueryTimeout as error:
            return _text(503, f"query timeout: {error}", {"Retry-After": "1", "X-KG-Timeout": f"{seconds:g}"})
        except WorkerCrashed as error:
            return _text(500, str(error))
        return Response(
            reply.body if request.method != "HEAD" else b"",
            status_code=reply.status,
            media_type=reply.media_type,
            headers=reply.headers,
        )

    _add_route(app, "/sparql", sparql, ("GET", "POST", "HEAD"), openapi_extra=SPARQL_PARAMETERS)

    async def _service_description(request: Request, format_values: list[str]) -> Response:
        offered = (*conneg.GRAPH_FORMATS, conneg.HTML)
        fmt = _negotiate_or_406(request.headers.get("accept"), offered, format_values)
        if fmt is conneg.HTML:
            return await query_page(request)
        endpoint = str(request.url.replace(query=""))
        graph = describe.service_description(endpoint, _root(request), await state.stats())
        return _rdf_response(describe.graph_to_oxigraph(graph), fmt, prefixes=describe.DESCRIPTION_PREFIXES)

    # --- graph store reads, dumps, VoID ---------------------------------------------------------------

    async def graph_store(
        request: Request,
        graph: str | None = Query(None, description="IRI of a named graph"),
        default: str | None = Query(None, description="present: the default graph (the union of all graphs)"),
        format: str | None = Query(None),
    ) -> Response:
        if (graph is None) == (default is None):
            raise ProtocolError(400, "give exactly one of ?graph=IRI or ?default")
        fmt = _negotiate_or_406(request.headers.get("accept"), conneg.GRAPH_FORMATS, [format])
        store = state.local_store()
        if graph is not None:
            try:
                node = ox.NamedNode(graph)
            except ValueError as error:
                raise ProtocolError(400, f"invalid graph IRI: {error}") from None
            if not store.oxigraph.contains_named_graph(node):
                raise ProtocolError(404, f"no graph {graph} in this store")
            triples = await run_in_threadpool(
                lambda: [q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, node)]
            )
        else:
            triples = await run_in_threadpool(  # the default graph: the materialised union
                lambda: [
                    q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())
                ]
            )
        return _rdf_response(triples, fmt)

    _add_route(app, "/graph-store", graph_store, ("GET", "HEAD"))

    @app.get("/dump", response_class=Response)
    async def dump(request: Request, format: str | None = Query(None)) -> Response:
        fmt = _negotiate_or_406(
            request.headers.get("accept"), (*conneg.DATASET_FORMATS, conneg.GRAPH_FORMATS[0]), [format]
        )
        return RedirectResponse(f"/dump.{fmt.extension}", status_code=303, headers={"Vary": "Accept"})

    @app.get("/dump.{extension}", response_class=Response)
    async def dump_file(extension: str) -> Response:
        formats = {
            f.extension: f for f in conneg.GRAPH_FORMATS if f.key in {"turtle", "trig", "nquads", "jsonld"}
        }
        fmt = formats.get(extension)
        if fmt is None:
            raise ProtocolError(404, f"dumps: {', '.join('/dump.' + e for e in formats)}")
        store = state.local_store()
        if fmt.key == "turtle":  # triples only: the default graph, i.e. the union of all graphs
            body = await run_in_threadpool(store.export, "turtle")
        else:  # the named graphs (the default graph is their union, so not repeated)
            body = await run_in_threadpool(lambda: serialize_rdf(list(store.named_graph_quads()), fmt))
        return Response(
            body,
            media_type=fmt.content_type,
            headers={"Content-Disposition": f'attachment; filename="kg.{fmt.extension}"'},
        )

    @app.get("/.well-known/void", response_class=Response)
    async def void(request: Request, format: str | None = Query(None)) -> Response:
        offered = (*conneg.GRAPH_FORMATS, conneg.HTML)
        fmt = _negotiate_or_406(request.headers.get("accept"), offered, [format])
        state.local_store()
        graph = describe.void_graph(await state.stats(), _root(request), state.base_iri)
        if fmt is conneg.HTML:
            turtle = graph.serialize(format="turtle")
            triples = describe.graph_to_oxigraph(graph)
            page = pages.render(
                "void.html", turtle=turtle, root=_root(request), jsonld=pages.embedded_jsonld(triples)
            )
            return HTMLResponse(page)
        return _rdf_response(describe.graph_to_oxigraph(graph), fmt, prefixes=describe.DESCRIPTION_PREFIXES)

    # --- the write path (localhost + token only) ------------------------------------------------------

    async def _check_writer(request: Request) -> None:
        client = request.client.host if request.client else ""
        if client not in LOCAL_CLIENTS:
            raise ProtocolError(403, "the graph store is read-only from outside this machine")
        if not secrets.compare_digest(request.headers.get("x-kg-write-token", ""), state.token):
            raise ProtocolError(403, f"writing needs the token in {state.store_path / SERVE_INFO}")

    @app.api_route("/graph-store", methods=["PUT", "DELETE"], include_in_schema=False)
    async def graph_store_write(request: Request, graph: str = Query(...)) -> Response:
        await _check_writer(request)
        store = state.local_store()
        try:
            node = ox.NamedNode(graph)
        except ValueError as error:
            raise ProtocolError(400, f"invalid graph IRI: {error}") from None
        ntriples = ""
        if request.method == "PUT":
            body = await _read_body(request, 1 << 30)
            media = (request.headers.get("content-type") or "application/n-triples").split(";")[0].strip()
            rdf_format = ox.RdfFormat.from_media_type(media)
            if rdf_format is None:
                raise ProtocolError(415, f"cannot read {media}")
            try:
                triples = [
                    q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(body, format=rdf_format)
                ]
            except SyntaxError as error:
                raise ProtocolError(400, f"cannot parse the graph: {error}") from None
            ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        started = time.perf_counter()
        async with state.write_lock, state.pool.paused():
            if request.method == "PUT":
                await run_in_threadpool(store.replace_graph, node.value, ntriples)
            else:
                await run_in_threadpool(store.remove_graph, node.value)
            await run_in_threadpool(settle, store)
            state.invalidate()
        return _text(
            200,
            f"{request.method} {graph} done in {time.perf_counter() - started:.3f} s",
        )

    # --- pages ------------------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def home() -> Response:
        return RedirectResponse("/query", status_code=303)

    @app.get("/query", response_class=HTMLResponse)
    async def query_page(request: Request) -> HTMLResponse:
        examples = pages.saved_queries(saved_queries or pages.SPARQL_DIR)
        config = {
            "endpoint": "/sparql",
            "prefixes": "/query/prefixes.json",
            "base": state.base_iri,
            "defaultQuery": examples[0]["query"] if examples else FALLBACK_QUERY,
        }
        return HTMLResponse(
            pages.render(
                "query.html",
                examples=examples,
                config=config,
                timeout=state.query_timeout,
                max_results=state.max_results,
            )
        )

    @app.get("/query/prefixes.json", include_in_schema=False)
    async def query_prefixes() -> dict[str, str]:
        """The prefixes the query editor completes after PREFIX (YASGUI would ask prefix.cc)."""
        return describe.DESCRIPTION_PREFIXES

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        """FastAPI's Swagger UI with its assets served from here (static/swagger-ui), not a CDN."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title=f"{app.title} — API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},  # else it may ask validator.swagger.io
        )

    @app.get("/status", include_in_schema=False)
    async def status() -> dict:
        return {
            "workers": state.pool.size,
            "killed_at_deadline": state.pool.killed,
            "worker_pids": state.pool.pids(),
            "query_timeout": state.query_timeout,
            "max_results": state.max_results,
        }

    async def linked_data(request: Request, path: str, format: str | None, page: int) -> Response:
        iri = state.base_iri + path
        offered = (conneg.HTML, *conneg.GRAPH_FORMATS)
        fmt = _negotiate_or_406(request.headers.get("accept"), offered, [format])
        store = state.local_store()
        resource = await run_in_threadpool(pages.describe_resource, store.oxigraph, state.base_iri, iri)
        if resource is None:
            raise ProtocolError(404, f"kg knows nothing about {iri}")
        if fmt is conneg.HTML:
            html = await run_in_threadpool(
                pages.render_resource, store.oxigraph, state.base_iri, resource, page
            )
            return HTMLResponse(html, headers={"Vary": "Accept"})
        return _rdf_response(resource.triples, fmt)

    def make_route(kind: str):
        async def route(
            request: Request,
            rest: str,
            format: str | None = Query(None),
            page: int = Query(1, ge=1, le=1_000_000, description="pages: which 200 quotations / claims"),
        ) -> Response:
            return await linked_data(request, f"{kind}/{rest}", format, page)

        return route

    @app.get(ontology.PATH, response_class=Response, summary="the kg vocabulary (ontology/kg.ttl)")
    async def vocabulary(request: Request, format: str | None = Query(None)) -> Response:
        fmt = _negotiate_or_406(request.headers.get("accept"), (conneg.HTML, *conneg.GRAPH_FORMATS), [format])
        if fmt is conneg.HTML:
            return HTMLResponse(pages.render_vocabulary(state.base_iri), headers={"Vary": "Accept"})
        if fmt.key == "turtle":  # the file itself, comments and layout kept
            return Response(
                ontology.ONTOLOGY_FILE.read_bytes(), media_type=fmt.content_type, headers={"Vary": "Accept"}
            )
        return _rdf_response(list(ontology.triples()), fmt)

    for kind in pages.KINDS:
        _add_route(
            app,
            f"/{kind}/{{rest:path}}",
            make_route(kind),
            ("GET", "HEAD"),
            name=f"linked_data_{kind}",
            summary=f"dereference a kg {kind} IRI",
        )
    return app


def _add_route(app: FastAPI, path: str, endpoint, methods: tuple[str, ...], **options) -> None:
    """One route per method, so that each operation in /openapi.json (and /docs) has an id of its own
    (FastAPI gives every method of a multi-method route the same one); HEAD stays out of the docs."""
    name = options.pop("name", endpoint.__name__)
    for method in methods:
        app.add_api_route(
            path,
            endpoint,
            methods=[method],
            response_class=Response,
            name=name,
            operation_id=f"{name}_{method.lower()}",
            include_in_schema=method != "HEAD",
            **options,
        )
