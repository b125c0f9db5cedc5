"""The `kg` command as its users meet it: read-only commands, one-line errors, exports, info."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.extract.records import Extraction
from kg.rdf import IriMinter, map_extraction
from kg.store import KgStore
from tests.conftest import BASE


@pytest.fixture
def store_dir(tmp_path: Path, extraction: Extraction) -> Path:
    """A small store holding the conftest article, closed again (no lock held)."""
    path = tmp_path / "store"
    store = KgStore(path, base_iri=BASE)
    minter = IriMinter(BASE)
    article = map_extraction(extraction, minter)
    store.replace_graphs([(str(article.graph_iri), article.to_ntriples())])
    store.refresh_entities_graph(str(minter.entities_graph()))
    store.flush()
    del store
    return path


def hold_for_writing(store: Path) -> subprocess.Popen:
    """Another process that opens the store for writing and keeps it open, as `kg serve` does."""
    code = (
        "import sys, time; from pathlib import Path; from kg.store import KgStore;"
        "s = KgStore(Path(sys.argv[1])); print('open', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(store)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    return holder


def test_read_only_commands_work_while_another_process_writes(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = hold_for_writing(store_dir)
    try:
        assert main(["build", "x.txt", "--store", str(store_dir)]) == 1  # the writer is really locked out
        capsys.readouterr()
        assert main(["query", "--store", str(store_dir), "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"]) == 0
        assert "(1 row)" in capsys.readouterr().out
        assert main(["stats", "--store", str(store_dir)]) == 0
        assert "articles: 1" in capsys.readouterr().out
        assert main(["export", "--store", str(store_dir), "--format", "nquads"]) == 0
        assert "Anna Beispiel" in capsys.readouterr().out
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["query", "--saved", "unknown"],
            "no saved query 'unknown'; saved queries: articles, claims-with-numbers, ",
        ),
        (["query", "-f", "missing.rq"], "cannot read the query file missing.rq: No such file or directory"),
    ],
)
def test_a_query_that_cannot_be_read_is_one_line_and_exit_2(
    store_dir: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--store", str(store_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kg query: {message}") and err.count("\n") == 1


def test_a_store_folder_kg_cannot_create_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("not a folder")
    assert main(["build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "file" / "store")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg build: cannot create the store in") and err.count("\n") == 1


def test_an_output_file_kg_cannot_write_is_one_line(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = store_dir / "missing" / "dump.nq"
    assert main(["export", "--store", str(store_dir), "--format", "nquads", "-o", str(out)]) == 1
    assert capsys.readouterr().err == f"kg export: No such file or directory: {out}\n"


SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_ctrl_c_during_a_store_write_publishes_that_chunk_whole_then_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.build import build

    store = KgStore(tmp_path / "store", base_iri=BASE)
    write = store.replace_graphs

    def interrupted_write(graphs):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C arrives as the write begins
        write(graphs)

    monkeypatch.setattr(store, "replace_graphs", interrupted_write)
    with pytest.raises(KeyboardInterrupt):
        build([SEEDS / "004_8b668fffb60cd7b0.txt"], store, workers=1)
    articles = store.query("SELECT ?a { ?a a <http://schema.org/NewsArticle> }")
    assert len(list(articles)) == 1  # the article went in whole …
    assert store.has_graph(str(IriMinter(BASE).entities_graph()))  # … and its entities with it


def test_ctrl_c_during_a_build_is_one_line_exit_130_and_what_was_published_stays(tmp_path: Path) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    corpus = tmp_path / "corpus.jsonl"  # 60 seed-sized articles: three bulk loads or so
    with corpus.open("w", encoding="utf-8") as out:
        for n in range(60):
            text = seeds[n % len(seeds)].read_text(encoding="utf-8") + f"\nNachtrag {n}."
            out.write(json.dumps({"id": f"a{n}", "text": text}) + "\n")
    store = tmp_path / "store"
    build = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--workers", "2"],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, which Ctrl-C on a terminal signals whole
    )
    assert build.stderr is not None
    first = ""
    while not first.startswith(("built ", "kg build")):
        first = build.stderr.readline() or "kg build: ended before publishing anything"
    os.killpg(build.pid, signal.SIGINT)  # Ctrl-C once the first articles are published
    rest = build.stderr.read()  # what readline() buffered too (communicate() would skip it)
    build.wait(timeout=120)
    assert build.returncode == 130, rest
    assert "Traceback" not in rest
    assert rest.splitlines()[-1].startswith("kg build: interrupted; the articles published before stay")
    built = first.startswith("built ") + sum(line.startswith("built ") for line in rest.splitlines())
    assert 0 < built < 60
    assert main(["validate", "--store", str(store)]) == 0
    assert KgStore(store, read_only=True).stats().articles == built


def run_on_a_terminal(argv: list[str]) -> str:
    """Run `python -m kg …` with stdout and stderr on a pseudo-terminal of 120 columns."""
    import fcntl
    import pty
    import struct
    import termios

    master, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "kg", *argv], stdout=terminal, stderr=terminal)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        output += chunk
    os.close(master)
    assert process.wait(timeout=120) == 0, output
    return output.decode("utf-8")


SUMMARY = re.compile(
    r"^1 article\(s\) built, 0 unchanged \(skipped\), 0 unreadable, 0 failed validation \(not published\); "
    r"[\d,]+ quads published, \d+ entities in the store; \d+\.\d s$",
    re.M,
)


def test_build_on_a_terminal_shows_a_progress_bar_with_rate_and_eta(tmp_path: Path) -> None:
    seed = SEEDS / "004_8b668fffb60cd7b0.txt"
    output = run_on_a_terminal(["build", str(seed), "--store", str(tmp_path / "store"), "--workers", "1"])
    assert re.search(
        r"100%\|█+\| 1/1 \[\d\d:\d\d<00:00, +[\d.]+(?: articles/s|s/ articles), "  # elapsed<ETA, rate
        r"built=1, unchanged=0, failed=0\]",
        output,
    )
    assert "built 004" not in output  # the bar, not a line per article
    assert SUMMARY.search(output.replace("\r\n", "\n"))


def test_build_elsewhere_logs_one_line_per_article_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = SEEDS / "004_8b668fffb60cd7b0.txt"
    assert main(["build", str(seed), "--store", str(tmp_path / "store"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err
    first, summary = err.splitlines()
    assert re.fullmatch(r"built 004_8b668fffb60cd7b0\.txt \(\d+ triples\)", first)
    assert SUMMARY.fullmatch(summary)


def exported(store_dir: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[bytes, str]:
    capsys.readouterr()
    assert main(["export", "--store", str(store_dir), *options]) == 0
    captured = capsys.readouterr()
    return captured.out.encode("utf-8"), captured.err


def quads(data: bytes, rdf_format: ox.RdfFormat) -> set[ox.Quad]:
    return set(ox.parse(data, format=rdf_format))


@pytest.mark.parametrize(
    ("format_name", "rdf_format", "merged"),
    [
        ("turtle", ox.RdfFormat.TURTLE, True),
        ("trig", ox.RdfFormat.TRIG, False),
        ("jsonld", ox.RdfFormat.JSON_LD, False),
    ],
)
def test_turtle_trig_and_jsonld_exports_are_compact_and_lose_nothing(
    store_dir: Path, capsys: pytest.CaptureFixture[str], format_name: str, rdf_format, merged: bool
) -> None:
    data, err = exported(store_dir, capsys, "--format", format_name)
    nquads, _ = exported(store_dir, capsys, "--format", "ntriples" if merged else "nquads")
    line_format = ox.RdfFormat.N_TRIPLES if merged else ox.RdfFormat.N_QUADS
    assert quads(data, rdf_format) == quads(nquads, line_format)
    if format_name == "jsonld":
        context = json.loads(data)["@context"]
        assert context["@vocab"] == "http://schema.org/" and context["nif"].startswith("http://persistence")
        assert b'"@type": "NewsArticle"' in data
    else:
        assert b"@prefix schema: <http://schema.org/> ." in data and b"schema:NewsArticle" in data
    assert ("graphs are merged into one" in err) == merged


@pytest.mark.parametrize("format_name", ["turtle", "ntriples", "rdfxml"])
def test_triple_only_formats_say_that_named_graphs_are_merged(
    store_dir: Path, capsys: pytest.CaptureFixture[str], format_name: str
) -> None:
    _, err = exported(store_dir, capsys, "--format", format_name)
    assert err == (
        f"kg export: note: {format_name} has no named graphs; the store's 2 graphs are merged into one "
        "(use trig, nquads or jsonld to keep them)\n"
    )
    graph = str(IriMinter(BASE).entities_graph())
    assert exported(store_dir, capsys, "--format", format_name, "--graph", graph)[1] == ""  # one graph


def test_info_names_the_versions_of_kg_its_libraries_and_the_model(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from importlib.metadata import version

    from kg import __version__
    from kg.nlp.pipeline import BUNDLED_MODELS_DIR

    assert main(["info"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"kg {__version__} (")
    for package in ("spacy", "pyoxigraph", "rdflib", "pyshacl"):
        assert f"{package} {version(package)}" in lines
    meta = json.loads((BUNDLED_MODELS_DIR / "de_kg_news" / "meta.json").read_text(encoding="utf-8"))
    assert f"model de_kg_news {meta['version']} ({BUNDLED_MODELS_DIR.resolve() / 'de_kg_news'})" in lines
