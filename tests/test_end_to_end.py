"""The whole flow on the seed articles: build → validate → store → query → export, through the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.nlp.pipeline import BUNDLED_MODELS_DIR, DEFAULT_MODEL

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

pytestmark = pytest.mark.skipif(
    not (BUNDLED_MODELS_DIR / DEFAULT_MODEL).is_dir(), reason="the bundled German model is not built yet"
)


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("e2e") / "store"
    assert main(["build", str(SEEDS), "--store", str(store)]) == 0
    return store


def test_the_seeds_graph_validates(built_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--store", str(built_store)]) == 0
    assert "all graphs conform" in capsys.readouterr().out


def test_validating_a_store_in_parallel_reports_what_one_process_reports(
    built_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from kg.store import KgStore

    copy = tmp_path / "store"
    shutil.copytree(built_store, copy)
    store = KgStore(copy)
    graph = store.named_graphs()[0]
    lines = store.export("ntriples", graph).decode("utf-8").splitlines()
    speakerless = [line for line in lines if "<http://schema.org/spokenByCharacter>" not in line]
    assert len(speakerless) < len(lines)
    store.replace_graph(graph, "\n".join(speakerless))  # bypasses the build's validation
    del store
    gc.collect()
    capsys.readouterr()
    outputs = []
    for workers in ("1", "2"):
        assert main(["validate", "--store", str(copy), "--workers", workers]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert "kgsh:QuotationShape" in outputs[0] and "1 graph(s) failed validation" in outputs[0]


def test_stats_count_five_articles_and_quotations(
    built_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--store", str(built_store)]) == 0
    out = capsys.readouterr().out
    counts = {
        line.split(":")[0].strip(): int(line.split(":")[1].replace(",", "")) for line in out.splitlines()
    }
    assert counts["articles"] == 5
    assert counts["quotations"] >= 10
    assert counts["entities"] >= 20


def test_saved_query_returns_quotations_with_their_source_sentence(
    built_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["query", "--store", str(built_store), "--saved", "quotations-by-speaker", "--format", "csv"])
        == 0
    )
    rows = capsys.readouterr().out.strip().splitlines()
    assert rows[0].startswith("quotation,text,kind,article,identifier,date,sentence,begin,end")
    assert len(rows) > 5
    seeds_text = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    import csv

    for row in csv.DictReader(rows):
        source = seeds_text[row["identifier"]]
        assert source[int(row["begin"]) : int(row["end"])] == row["sentence"]
        assert row["text"] in row["sentence"] or row["sentence"] in source


def test_two_builds_give_byte_identical_nquads(built_store: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"  # built by two worker processes this time
    assert main(["build", str(SEEDS), "--store", str(again), "--workers", "2"]) == 0
    first, second = tmp_path / "a.nq", tmp_path / "b.nq"
    assert main(["export", "--store", str(built_store), "--format", "nquads", "-o", str(first)]) == 0
    assert main(["export", "--store", str(again), "--format", "nquads", "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_bytes()) > 100_000


def test_rebuilding_one_article_replaces_exactly_its_graph(built_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(built_store, store)
    article = tmp_path / "000_b71ea82f832ee4d3.txt"
    article.write_text((SEEDS / article.name).read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    assert main(["build", str(article), "--store", str(store)]) == 0
    from kg.store import KgStore

    stats = KgStore(store).stats()
    assert stats.articles == 5  # the changed article replaced its earlier version


def test_a_corrupted_export_fails_validation_naming_node_and_shape(
    built_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "dump.nq"
    assert main(["export", "--store", str(built_store), "--format", "nquads", "-o", str(dump)]) == 0
    lines = dump.read_text(encoding="utf-8").splitlines()
    begin = "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex>"
    speaker = "<http://schema.org/spokenByCharacter>"
    shifted = next(i for i, line in enumerate(lines) if begin in line and '"0"' not in line)
    value = lines[shifted].split('"')[1]
    lines[shifted] = lines[shifted].replace(f'"{value}"', f'"{int(value) + 1}"')
    dropped = next(i for i, line in enumerate(lines) if speaker in line)
    speakerless = lines.pop(dropped).split(" ")[0]
    corrupted = tmp_path / "corrupted.nq"
    corrupted.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(corrupted)]) == 1
    out = capsys.readouterr().out
    assert "kgsh:Context-anchors" in out
    assert "kgsh:QuotationShape" in out and speakerless.strip("<>") in out


def test_bad_input_is_reported_and_the_rest_is_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "004_8b668fffb60cd7b0.txt", corpus)
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02")
    assert main(["build", str(corpus), "--store", str(tmp_path / "store")]) == 1
    err = capsys.readouterr().err
    assert "empty.txt" in err and "binary.txt" in err and "1 article(s) built" in err


def test_unchanged_articles_are_skipped_unless_forced(
    built_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    shutil.copytree(built_store, store)
    capsys.readouterr()
    assert main(["build", str(SEEDS), "--store", str(store)]) == 0
    assert "0 article(s) built, 5 unchanged (skipped)" in capsys.readouterr().err
    assert main(["build", str(SEEDS / "003_645aa459b3da4b9e.txt"), "--store", str(store), "--force"]) == 0
    assert "1 article(s) built" in capsys.readouterr().err
