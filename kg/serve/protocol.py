"""SPARQL 1.1 Protocol logic as plain functions: what a request asks, whether it may run, and how
its results are written. Routes in app.py stay thin; workers call `execute_query`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import pyoxigraph as ox

from kg.serve import conneg
from kg.serve.results import serialize_boolean, serialize_solutions, serialize_triples

READ_ONLY_MESSAGE = (
    "This endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, "
    "COPY) is refused. Change the graph with `kg build` or `kg load`."
)
# where clients name the result format: Virtuoso reads `format`, Joseki `output`, Rasqal `results`;
# SPARQLWrapper sends all three
FORMAT_PARAMETERS = {"format", "output", "results"}
SERVICE_MESSAGE = "This endpoint does not federate: queries with SERVICE are refused (no outbound requests)."


class ProtocolError(Exception):
    """A request the endpoint answers with an error status and a plain-text message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class QueryJob:
    """One query as a worker runs it (picklable)."""

    query: str
    accept: str | None = None
    formats: tuple[str, ...] = ()  # ?format= / ?output= / ?results= values, tried before Accept
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    max_results: int = 10_000


@dataclass
class Reply:
    status: int
    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)


# --- reading the request ----------------------------------------------------------------------------


@dataclass
class SparqlRequest:
    query: str | None = None
    update: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    timeout: float | None = None


def _fill(request: SparqlRequest, pairs: list[tuple[str, str]]) -> None:
    for name, value in pairs:
        if name == "query":
            if request.query is not None:
                raise ProtocolError(400, "more than one query parameter")
            request.query = value
        elif name == "update":
            request.update = value
        elif name == "default-graph-uri":
            request.default_graphs.append(value)
        elif name == "named-graph-uri":
            request.named_graphs.append(value)
        elif name in FORMAT_PARAMETERS and value:
            request.formats.append(value)
        elif name == "timeout" and value:
            try:
                request.timeout = float(value)
            except ValueError:
                raise ProtocolError(400, f"timeout must be a number of seconds, not {value!r}") from None
            if not request.timeout > 0:
                raise ProtocolError(400, "timeout must be positive")


def parse_sparql_request(
    method: str, query_string: str, content_type: str | None, body: bytes
) -> SparqlRequest:
    """The three operations of the protocol: GET ?query=, POST form-encoded, POST direct."""
    request = SparqlRequest()
    try:
        pairs = parse_qsl(query_string, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the query string is not UTF-8") from None
    if method == "POST":
        media = (content_type or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "the request body is not UTF-8") from None
        if media == "application/x-www-form-urlencoded":
            _fill(request, pairs + parse_qsl(text, keep_blank_values=True))
        elif media == "application/sparql-query":
            _fill(request, [p for p in pairs if p[0] != "query"])
            request.query = text
        elif media == "application/sparql-update":
            request.update = text
        else:
            raise ProtocolError(
                415,
                "POST a query as application/x-www-form-urlencoded (query=…) or as "
                f"application/sparql-query, not {media or 'no Content-Type'}",
            )
    else:
        _fill(request, pairs)
    if request.update is not None:
        raise ProtocolError(403, READ_ONLY_MESSAGE)
    return request


# --- checking the query -----------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# strings (long and short), IRIs, comments: removed before looking for keywords
_LEXEMES = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.S,
)
_KEYWORD = r"(?<![\w:?$\-.]){}(?![\w:\-])"
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.I)
_PROLOGUE = re.compile(r"\s*(?:(?:BASE|PREFIX\s+[\w\-.]*:)\s*)*", re.I)  # IRIs already blanked
_UPDATE_START = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)(?![\w:\-])", re.I)
_FORM = re.compile(r"(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:\-])", re.I)


def _unescape(text: str) -> str:
    def repl(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code < 0x110000 else match.group(0)

    return _ESCAPE.sub(repl, text)


def strip_lexemes(query: str) -> str:
    """The query with strings, IRIs and comments blanked out (SPARQL's \\u escapes applied first)."""
    return _LEXEMES.sub(" ", _unescape(query))


def check_query(query: str | None) -> None:
    """Refuse what must not run: no query, updates, SERVICE. Syntax errors are left to the engine."""
    if query is None or not query.strip():
        raise ProtocolError(
            400,
            "missing query: give ?query= (GET), a form field query= or an "
            "application/sparql-query body (POST)",
        )
    code = strip_lexemes(query)
    body = code[_PROLOGUE.match(code).end() :]
    if _UPDATE_START.match(body) and not _FORM.match(body):
        raise ProtocolError(403, READ_ONLY_MESSAGE)
    if _SERVICE.search(code):
        raise ProtocolError(400, SERVICE_MESSAGE)


# --- running it (in a worker) -----------------------------------------------------------------------


def _graph_term(iri: str):
    return ox.NamedNode(iri)


def query_options(job: QueryJob) -> dict:
    options: dict = {}
    try:
        if job.default_graphs:  # else the store's default graph: the materialised union (kg.store)
            options["default_graph"] = [_graph_term(iri) for iri in job.default_graphs]
        if job.named_graphs:
            options["named_graphs"] = [_graph_term(iri) for iri in job.named_graphs]
    except ValueError as error:
        raise ProtocolError(400, f"invalid graph IRI: {error}") from None
    return options


def _pick(job: QueryJob, offered: tuple[conneg.Format, ...]) -> conneg.Format:
    fmt = conneg.choose(job.accept, offered, job.formats)
    if fmt is None:
        raise ProtocolError(
            406,
            f"none of the accepted types ({job.accept}) fits this query; offered: "
            f"{conneg.media_types(offered)}",
        )
    return fmt


def execute_query(store: ox.Store, job: QueryJob) -> Reply:
    """Run one query against an Oxigraph store and write the negotiated format, capped."""
    try:
        check_query(job.query)
        options = query_options(job)
        try:
            result = store.query(job.query, **options)
        except SyntaxError as error:
            raise ProtocolError(400, f"malformed query: {error}") from None
        headers = {"Vary": "Accept"}
        if isinstance(result, ox.QueryBoolean):
            fmt = _pick(job, conneg.RESULT_FORMATS)
            out = serialize_boolean(bool(result), fmt)
        elif isinstance(result, ox.QuerySolutions):
            fmt = _pick(job, conneg.RESULT_FORMATS)
            out = serialize_solutions(result, fmt, job.max_results)
        else:
            fmt = _pick(job, conneg.GRAPH_FORMATS)
            out = serialize_triples(result, fmt, job.max_results)
        if out.truncated:
            headers["X-KG-Truncated"] = f"results cut at {job.max_results}"
        headers["X-KG-Result-Count"] = str(out.count)
        return Reply(200, out.body, fmt.content_type, headers)
    except ProtocolError as error:
        return Reply(
            error.status, error.message.encode("utf-8") + b"\n", "text/plain; charset=utf-8", error.headers
        )
    except OSError as error:  # evaluation errors Oxigraph reports as I/O errors
        return Reply(
            400 if "not allowed" in str(error) else 500,
            f"query failed: {error}\n".encode(),
            "text/plain; charset=utf-8",
        )
