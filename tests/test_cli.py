"""The `kg` command as its users meet it: read-only commands, one-line errors, exports, info."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
