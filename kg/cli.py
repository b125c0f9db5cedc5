"""The `kg` command: it only wires stages together; each subcommand is a thin function."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg import __version__
from kg.ingest import CsvLayout
from kg.nlp.pipeline import ModelNotFound
from kg.store import DEFAULT_BASE_IRI, DEFAULT_STORE_DIR, EXPORT_FORMATS, QUAD_FORMATS, KgStore, StoreError

if TYPE_CHECKING:
    from tqdm import tqdm

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as shells report a command stopped by Ctrl-C."""

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


class UsageError(ValueError):
    """A command given something it cannot use (an unknown saved query, a missing query file)."""


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def open_store(args: argparse.Namespace, *, create: bool = False, read_only: bool = False) -> KgStore:
    if not create and not (args.store / "kg-store.json").is_file():
        raise StoreError(f"no kg store in {args.store}; run `kg build PATH…` first (or pass --store DIR)")
    try:
        return KgStore(args.store, base_iri=getattr(args, "base", None), read_only=read_only)
    except StoreError as error:
        from kg.serve import store_lock_message

        raise StoreError(store_lock_message(args.store) or str(error)) from None


def _workers(args: argparse.Namespace) -> int:
    """`--workers 0` (the default) means one per core."""
    return args.workers or os.cpu_count() or 1


# --- commands ------------------------------------------------------------------------------------


def cmd_build(args: argparse.Namespace) -> int:
    from kg.build import build

    store = open_store(args, create=True)
    if args.executor == "dask":
        return build_with_dask(args, store)
    layout = csv_layout(args)
    with BuildDisplay.for_stderr(args.paths, layout) as display:
        report = build(
            args.paths,
            store,
            model=args.model,
            csv_layout=layout,
            workers=_workers(args),
            force=args.force,
            progress=display.notice,
            settled=display.settled,
        )
    say(report.summary())
    return EXIT_OK if report.ok else EXIT_FAILED


class BuildDisplay:
    """What `kg build` shows while it runs. On a terminal, a progress bar (articles done of the
    input's total, rate, ETA, and built / unchanged / failed counts) with the notices printed above
    it; elsewhere (a log file, CI) one plain line per built article and per notice."""

    def __init__(self, bar: tqdm | None = None) -> None:
        self.bar = bar
        self.counts = {"built": 0, "unchanged": 0, "failed": 0}

    @classmethod
    def for_stderr(cls, paths: Sequence[Path], layout: CsvLayout) -> BuildDisplay:
        if not sys.stderr.isatty():
            return cls()
        from tqdm import tqdm

        from kg.ingest import count_articles

        total = count_articles(paths, layout)
        return cls(tqdm(total=total, unit=" articles", file=sys.stderr, dynamic_ncols=True, smoothing=0.05))

    def notice(self, message: str) -> None:
        if self.bar is None:
            say(message)
        else:
            self.bar.write(message, file=sys.stderr)

    def settled(self, outcome: str, what: str) -> None:
        key = outcome if outcome in self.counts else "failed"
        self.counts[key] += 1
        if self.bar is None:
            if outcome == "built":
                say(f"built {what}")
            return
        self.bar.set_postfix(self.counts, refresh=False)
        self.bar.update(1)

    def __enter__(self) -> BuildDisplay:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.bar is not None:
            self.bar.close()


def build_with_dask(args: argparse.Namespace, store: KgStore) -> int:
    from kg.distributed import build_on_cluster, load_nquads_dir
    from kg.ingest import IngestError, SkippedFiles, read_documents
    from kg.rdf import IriMinter

    errors: list[IngestError] = []

    def readable():
        for item in read_documents(args.paths, csv_layout(args)):
            if isinstance(item, SkippedFiles):
                say(f"SKIPPED {item}")
            elif isinstance(item, IngestError):
                errors.append(item)
                say(f"ERROR {item}")
            else:
                yield item

    out_dir = args.nquads_dir or (args.store / "nquads")
    report = build_on_cluster(
        readable(),
        out_dir,
        base_iri=store.base_iri,
        model=args.model,
        scheduler=args.scheduler,
        workers=_workers(args),
        progress=say,
    )
    loaded = load_nquads_dir(store, report.written)
    entities = store.refresh_entities_graph(str(IriMinter(store.base_iri).entities_graph()))
    store.flush()
    say(
        f"{len(report.written)} article(s) built on the cluster into {out_dir}, {loaded} loaded, "
        f"{len(report.invalid)} failed validation, {len(errors)} unreadable, {entities} entities in the store"
    )
    return EXIT_FAILED if report.invalid or errors else EXIT_OK


def csv_layout(args: argparse.Namespace) -> CsvLayout:
    columns = []
    for item in filter(None, (args.csv_columns or "").split(",")):
        name, _, column = item.partition("=")
        columns.append((name.strip(), int(column) if column.strip().isdigit() else column.strip()))
    return CsvLayout(args.csv_delimiter, args.csv_quotechar, not args.csv_no_header, tuple(columns))


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.validate import validate_graph
    from kg.validate_store import validate_store

    if args.files:
        reports = (validate_graph(graph, name, args.engine) for name, graph in _graphs_from_files(args.files))
    else:
        reports = validate_store(open_store(args, read_only=True), engine=args.engine, workers=_workers(args))
    failed = 0
    for report in reports:
        print(report.text())
        failed += not report.conforms
    print(f"{failed} graph(s) failed validation" if failed else "all graphs conform")
    return EXIT_FAILED if failed else EXIT_OK


def _graphs_from_files(files: Sequence[Path]):
    """Each named graph of a TriG / N-Quads file (and its default graph, if not empty) alone."""
    from rdflib import Dataset

    for path in files:
        dataset = Dataset()
        dataset.parse(path)
        for graph in dataset.graphs():
            if len(graph):
                yield f"{path} {graph.identifier}", graph


def cmd_query(args: argparse.Namespace) -> int:
    text = _query_text(args)
    store = open_store(args, read_only=True)
    try:
        result = store.query(text)
    except SyntaxError as error:
        say(f"kg query: malformed query: {error}")
        return EXIT_USAGE
    sys.stdout.buffer.write(_render(result, args.format))
    return EXIT_OK


def _query_text(args: argparse.Namespace) -> str:
    if args.saved:
        from kg.resources import saved_queries

        queries = saved_queries()
        if args.saved not in queries:
            raise UsageError(f"no saved query {args.saved!r}; saved queries: {', '.join(sorted(queries))}")
        return queries[args.saved].read_text(encoding="utf-8")
    if args.file:
        try:
            return args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read the query file {args.file}: {_reason(error)}") from None
    if args.query:
        return args.query
    raise UsageError("give a query, -f FILE or --saved NAME")


def _reason(error: Exception) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def _render(result, output_format: str) -> bytes:
    if isinstance(result, ox.QueryBoolean):
        return f"{bool(result)}\n".encode()
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(result, format=ox.RdfFormat.TURTLE)
    if output_format in RESULT_FORMATS:
        return result.serialize(format=RESULT_FORMATS[output_format])
    return _table(result).encode("utf-8")


def _table(solutions: ox.QuerySolutions) -> str:
    names = [variable.value for variable in solutions.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in solutions]
    widths = [min(60, max([len(name), *(len(row[i]) for row in rows)])) for i, name in enumerate(names)]

    def line(cells: list[str]) -> str:
        return " | ".join(cell[:60].ljust(width) for cell, width in zip(cells, widths, strict=True))

    out = [line(names), "-+-".join("-" * width for width in widths), *(line(row) for row in rows)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _cell(term) -> str:
    if term is None:
        return ""
    return term.value.replace("\n", " ")


def cmd_export(args: argparse.Namespace) -> int:
    store = open_store(args, read_only=True)
    if args.graph is None and args.format not in QUAD_FORMATS:
        say(
            f"kg export: note: {args.format} has no named graphs; the store's {len(store.named_graphs())} "
            "graphs are merged into one (use trig, nquads or jsonld to keep them)"
        )
    data = _export(store, args.format, args.graph)
    if args.output:
        args.output.write_bytes(data)
        say(f"wrote {len(data):,} bytes to {args.output}")
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def _export(store: KgStore, format_name: str, graph: str | None) -> bytes:
    """Turtle and TriG with the server's prefixes and JSON-LD with its schema.org context, through
    the server's own serialiser (one definition for dumps and exports); the line formats sorted."""
    if format_name not in {"turtle", "trig", "jsonld"}:
        return store.export(format_name, graph)
    from kg.serve.conneg import GRAPH_FORMATS
    from kg.serve.results import serialize_rdf

    (rdf_format,) = (f for f in GRAPH_FORMATS if f.key == format_name)
    return serialize_rdf(store.export_items(format_name, graph), rdf_format)


def cmd_publish(args: argparse.Namespace) -> int:
    from kg.publish import publish

    report = publish(open_store(args, read_only=True), args.to, progress=say)
    say(f"published {len(report.published)} graph(s), {report.triples:,} triples to {args.to}")
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    stats = open_store(args, read_only=True).stats()
    for name, value in vars(stats).items():
        print(f"{name.replace('_', ' '):>21}: {value:,}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.serve import run_server

    if args.upstream is None:
        open_store(args)  # fail early, with the store's own message, when there is nothing to serve
    elif not args.upstream.startswith(("http://", "https://")):
        say(f"kg serve: --upstream must be an http(s) URL of a SPARQL query endpoint, not {args.upstream!r}")
        return EXIT_FAILED
    run_server(
        args.store,
        host=args.host,
        port=args.port,
        query_timeout=args.timeout,
        max_results=args.max_results,
        max_request_bytes=args.max_request_bytes,
        workers=args.workers,
        access_log=args.access_log,
        upstream=args.upstream,
        upstream_base=args.base or DEFAULT_BASE_IRI,
    )
    return EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    from kg.load import LoadError, load_rdf_files

    try:
        loaded = load_rdf_files(open_store(args, create=True), args.files, graph=args.graph)
    except LoadError as error:
        say(f"kg load: {error} (nothing was loaded)")
        return EXIT_FAILED
    for file in loaded:
        say(
            f"loaded {file.path} ({file.format}): {file.triples:,} triples, {len(file.graphs)} named graph(s)"
        )
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from kg.evaluation import evaluate_gold
    from kg.extract import extract
    from kg.ingest import IngestError, read_documents
    from kg.nlp import load_pipeline, parse_documents

    documents = [d for d in read_documents(args.paths) if not isinstance(d, IngestError)]
    pairs = parse_documents(load_pipeline(args.model), documents)
    extractions = [extract(document, parsed) for document, parsed in pairs]
    print(evaluate_gold(extractions, args.gold))
    return EXIT_OK


def cmd_model_evaluate(args: argparse.Namespace) -> int:
    from kg.nlp.evaluate import evaluate_model

    print(evaluate_model(args.model, args.data))
    return EXIT_OK


INFO_PACKAGES = ("spacy", "pyoxigraph", "rdflib", "pyshacl", "pyshacl-turbo")


def cmd_info(args: argparse.Namespace) -> int:
    """Versions and places, for bug reports: kg, the libraries that shape its output, the model."""
    from importlib.metadata import PackageNotFoundError, version

    from kg.resources import DATA_FOLDERS, data_dir

    print(f"kg {__version__} ({Path(__file__).resolve().parent})")
    print(f"python {sys.version.split()[0]} ({sys.executable})")
    for package in INFO_PACKAGES:
        try:
            print(f"{package} {version(package)}")
        except PackageNotFoundError:
            print(f"{package} not installed")
    name, model_version, path = _model_info(args.model)
    print(f"model {name} {model_version} ({path})")
    for folder in DATA_FOLDERS:
        print(f"{folder}/ {data_dir(folder)}")
    return EXIT_OK


def _model_info(model: str | None) -> tuple[str, str, Path]:
    """Name, version and folder of the pipeline `kg build --model` would load, from its meta.json
    (found as `load_pipeline` finds it: bundled, installed package, or folder)."""
    import spacy.util

    from kg.nlp.pipeline import BUNDLED_MODELS_DIR, DEFAULT_MODEL

    name = model or DEFAULT_MODEL
    if (BUNDLED_MODELS_DIR / name).is_dir():
        path = BUNDLED_MODELS_DIR / name
    elif spacy.util.is_package(name):
        path = spacy.util.get_package_path(name)
    elif Path(name).is_dir():
        path = Path(name)
    else:
        raise ModelNotFound(
            f"spaCy pipeline {name!r} is neither bundled with kg, an installed package, nor a folder"
        )
    meta = spacy.util.load_meta(path / "meta.json")
    return (
        f"{meta.get('lang', 'de')}_{meta.get('name', 'pipeline')}",
        str(meta.get("version", "?")),
        path.resolve(),
    )


# --- argument parsing ----------------------------------------------------------------------------


def make_parser() -> argparse.ArgumentParser:
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument(
        "--store", type=Path, default=DEFAULT_STORE_DIR, help="store folder (default: .kg in the working dir)"
    )
    model = argparse.ArgumentParser(add_help=False)
    model.add_argument("--model", help="spaCy German pipeline: package name or folder (default: bundled)")

    parser = argparse.ArgumentParser(prog="kg", description=__doc__)
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", parents=[store, model], help="build, validate and store articles")
    build.add_argument("paths", nargs="+", type=Path, help=".txt / .jsonl files or folders")
    build.add_argument("--base", help="base IRI for minted IRIs (fixed when the store is created)")
    build.add_argument(
        "--workers",
        type=int,
        default=0,
        help="worker processes for the per-article stages (default 0: one per core)",
    )
    build.add_argument("--force", action="store_true", help="rebuild articles even when unchanged")
    build.add_argument(
        "--executor", choices=["local", "dask"], default="local", help="where the per-article stages run"
    )
    build.add_argument("--scheduler", help="Dask scheduler address (default: a local cluster of --workers)")
    build.add_argument("--nquads-dir", type=Path, help="with dask: folder for per-article N-Quads files")
    csv_options = build.add_argument_group("CSV corpora")
    csv_options.add_argument("--csv-delimiter", default=",", help="field separator (default ,)")
    csv_options.add_argument("--csv-quotechar", default='"', help='quote character (default ")')
    csv_options.add_argument("--csv-no-header", action="store_true", help="the first row is data")
    csv_options.add_argument(
        "--csv-columns", help="field=column pairs, e.g. text=1,id=0 (column: header name or 0-based index)"
    )
    build.set_defaults(run=cmd_build)

    validate = commands.add_parser("validate", parents=[store], help="SHACL-validate the store or RDF files")
    validate.add_argument("files", nargs="*", type=Path, help="RDF files (default: the store)")
    validate.add_argument(
        "--engine",
        choices=("turbo", "pyshacl"),  # kg.validate.ENGINES, not imported here: the CLI starts fast
        default="turbo",
        help="SHACL engine: turbo (pyshacl-turbo, fast; default) or pyshacl (the reference)",
    )
    validate.add_argument(
        "--workers", type=int, default=0, help="processes validating store graphs (default 0: one per core)"
    )
    validate.set_defaults(run=cmd_validate)

    query = commands.add_parser("query", parents=[store], help="run a SPARQL query on the store")
    query.add_argument("query", nargs="?", help="the SPARQL query text")
    query.add_argument("-f", "--file", type=Path, help="read the query from a file")
    query.add_argument("--saved", help="a saved query of sparql/ by name, e.g. quotations-by-person")
    query.add_argument("--format", choices=["table", *RESULT_FORMATS], default="table")
    query.set_defaults(run=cmd_query)

    export = commands.add_parser("export", parents=[store], help="dump the store as RDF")
    export.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="trig")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.add_argument("--graph", help="export one named graph only")
    export.set_defaults(run=cmd_export)

    publish = commands.add_parser(
        "publish", parents=[store], help="push every graph to a SPARQL Graph Store Protocol server"
    )
    publish.add_argument("--to", required=True, help="Graph Store endpoint, e.g. http://127.0.0.1:7878/store")
    publish.set_defaults(run=cmd_publish)

    stats = commands.add_parser("stats", parents=[store], help="count what the store holds")
    stats.set_defaults(run=cmd_stats)

    serve = commands.add_parser("serve", parents=[store], help="serve the SPARQL endpoint and pages")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--timeout", type=float, default=10.0, help="query deadline in seconds")
    serve.add_argument("--max-results", type=int, default=10_000, help="rows or triples per answer")
    serve.add_argument("--max-request-bytes", type=int, default=1_000_000, help="largest request accepted")
    serve.add_argument("--workers", type=int, help="query worker processes (default: one per core)")
    serve.add_argument(
        "--upstream",
        help="answer /sparql from this SPARQL endpoint (e.g. http://127.0.0.1:7878/query), not --store",
    )
    serve.add_argument("--base", help="with --upstream: base IRI of the graphs it holds (default: kg's)")
    serve.add_argument("--access-log", action="store_true", help="log every request to stderr (default: off)")

    load = commands.add_parser("load", parents=[store], help="import RDF files into the store")
    load.add_argument(
        "files", nargs="+", type=Path, help="Turtle, TriG, N-Quads, N-Triples, JSON-LD, RDF/XML"
    )
    load.add_argument("--graph", help="put a file's default-graph triples into this named graph")
    load.set_defaults(run=cmd_load)
    serve.set_defaults(run=cmd_serve)

    evaluate = commands.add_parser("evaluate", parents=[model], help="score extraction against gold")
    evaluate.add_argument("--gold", type=Path, required=True, help="gold JSON (format of seeds-gold.json)")
    evaluate.add_argument("paths", nargs="*", type=Path, default=[Path("seeds")])
    evaluate.set_defaults(run=cmd_evaluate)

    info = commands.add_parser("info", parents=[model], help="versions of kg, its libraries and the model")
    info.set_defaults(run=cmd_info)

    model_cmd = commands.add_parser("model", help="the NLP model")
    model_commands = model_cmd.add_subparsers(dest="model_command", required=True)
    model_eval = model_commands.add_parser("evaluate", parents=[model], help="print the accuracy table")
    model_eval.add_argument("--data", type=Path, default=Path("../shared/data"), help="corpora folder")
    model_eval.set_defaults(run=cmd_model_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as error:
        say(f"kg {args.command}: {error}")
        return EXIT_USAGE
    except (StoreError, ModelNotFound) as error:
        say(f"kg {args.command}: {error}")
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:  # a file kg was told to write or read, e.g. `-o` into a missing folder
        say(f"kg {args.command}: {_reason(error)}" + (f": {error.filename}" if error.filename else ""))
        return EXIT_FAILED
    except KeyboardInterrupt:
        say(f"kg {args.command}: interrupted" + (_AFTER_INTERRUPTED_BUILD if args.command == "build" else ""))
        return EXIT_INTERRUPTED


_AFTER_INTERRUPTED_BUILD = (
    "; the articles published before stay in the store, run the same build again for the rest"
)


if __name__ == "__main__":
    sys.exit(main())
