"""The `kg` command: it only wires stages together; each subcommand is a thin function."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.ingest import CsvLayout
from kg.nlp.pipeline import ModelNotFound
from kg.store import DEFAULT_BASE_IRI, DEFAULT_STORE_DIR, EXPORT_FORMATS, KgStore, StoreError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


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
    report = build(
        args.paths,
        store,
        model=args.model,
        csv_layout=csv_layout(args),
        workers=_workers(args),
        force=args.force,
        progress=say,
    )
    say(report.summary())
    return EXIT_OK if report.ok else EXIT_FAILED


def build_with_dask(args: argparse.Namespace, store: KgStore) -> int:
    from kg.distributed import build_on_cluster, load_nquads_dir
    from kg.ingest import IngestError, read_documents
    from kg.rdf import IriMinter

    errors: list[IngestError] = []

    def readable():
        for item in read_documents(args.paths, csv_layout(args)):
            if isinstance(item, IngestError):
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
    from kg.resources import SPARQL_DIR

    if args.saved:
        text = (SPARQL_DIR / f"{args.saved}.rq").read_text(encoding="utf-8")
    elif args.file:
        text = args.file.read_text(encoding="utf-8")
    elif args.query:
        text = args.query
    else:
        raise SystemExit("kg query: give a query, -f FILE or --saved NAME")
    store = open_store(args)
    try:
        result = store.query(text)
    except SyntaxError as error:
        say(f"kg query: malformed query: {error}")
        return EXIT_USAGE
    sys.stdout.buffer.write(_render(result, args.format))
    return EXIT_OK


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
    data = open_store(args).export(args.format, args.graph)
    if args.output:
        args.output.write_bytes(data)
        say(f"wrote {len(data):,} bytes to {args.output}")
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from kg.publish import publish

    report = publish(open_store(args), args.to, progress=say)
    say(f"published {len(report.published)} graph(s), {report.triples:,} triples to {args.to}")
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    stats = open_store(args).stats()
    for name, value in vars(stats).items():
        print(f"{name.replace('_', ' '):>14}: {value:,}")
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
    except (StoreError, ModelNotFound) as error:
        say(f"kg {args.command}: {error}")
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
