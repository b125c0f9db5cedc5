from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from kg.ingest import CsvLayout, Document, IngestError, InvalidArticle, make_document, read_documents

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def documents(items) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items) -> list[IngestError]:
    return [item for item in items if isinstance(item, IngestError)]


def test_seed_header_is_metadata_and_text_is_kept_verbatim() -> None:
    path = SEEDS / "000_b71ea82f832ee4d3.txt"
    (document,) = list(read_documents([path]))
    assert document.text == path.read_text(encoding="utf-8")
    assert document.date == "2025-11-26"
    assert document.text[document.body_start :].startswith("Nato-Generalsekretär")
    assert document.identifier == path.name
    assert document.sha256 == hashlib.sha256(document.text.encode()).hexdigest()
    assert document.id == document.sha256[:16]


def test_month_precision_stays_month_precision() -> None:
    (document,) = list(read_documents([SEEDS / "002_c21471ac2a44d535.txt"]))
    assert document.date == "2025-02"


def test_article_without_header_starts_at_zero_and_has_a_title() -> None:
    document = make_document("Kanzler reist nach Paris\n\nDer Kanzler reist heute.", "a.txt")
    assert document.body_start == 0 and document.date is None
    assert document.title == "Kanzler reist nach Paris"


def test_long_first_paragraph_gives_its_first_sentence_as_title() -> None:
    body = "Der Rat beschloss am Montag ein Gesetz. " + "Weitere Details folgen hier. " * 10
    assert make_document(body, "a.txt").title == "Der Rat beschloss am Montag ein Gesetz"


def test_same_text_same_id_and_crlf_is_normalised() -> None:
    one = make_document("Zeile eins.\r\nZeile zwei.", "a.txt")
    two = make_document("Zeile eins.\nZeile zwei.", "b.txt")
    assert one.id == two.id and one.text == two.text


def test_folder_reads_all_seeds_in_order() -> None:
    items = list(read_documents([SEEDS]))
    assert [d.identifier for d in documents(items)] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert not errors(items)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("Größe".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_files_give_a_clear_error_and_the_others_are_still_read(
    tmp_path: Path, content: bytes, message: str
) -> None:
    (tmp_path / "a_good.txt").write_text("Ein gutes Artikelchen.", encoding="utf-8")
    (tmp_path / "b_bad.txt").write_bytes(content)
    items = list(read_documents([tmp_path]))
    assert [d.identifier for d in documents(items)] == ["a_good.txt"]
    (error,) = errors(items)
    assert error.source.endswith("b_bad.txt") and message in error.message


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Wort " * 500_000, encoding="utf-8")
    (error,) = errors(read_documents([path]))
    assert "larger than the limit" in error.message


def test_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (error,) = errors(read_documents([tmp_path / "nope.txt"]))
    assert "cannot read" in error.message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.jsonl", ""),
        ("b.jsonl", "\n\n"),
        ("c.jsonl", "\ufeff\n"),
        ("d.csv", "id,text\n"),
        ("e.csv", "id,text\n\n"),
    ],
)
def test_a_corpus_file_without_records_is_an_error(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (error,) = errors(read_documents([path]))
    assert error.source == str(path) and "no records" in error.message


def test_a_jsonl_file_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\ufeff" + json.dumps({"id": "n1", "text": "Text eins."}) + "\n", encoding="utf-8")
    (document,) = documents(read_documents([path]))
    assert document.identifier == "n1"


def test_jsonl_records_and_their_errors(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    good = {"id": "n1", "text": "Text eins.", "date": "2024-01-02", "title": "Eins", "publisher": "Blatt"}
    lines = [
        json.dumps(good),
        "{kaputt",
        json.dumps({"id": "n3"}),
        json.dumps({"text": "x", "date": "gestern"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_documents([path]))
    (document,) = documents(items)
    assert (document.identifier, document.date, document.title, document.publisher) == (
        "n1",
        "2024-01-02",
        "Eins",
        "Blatt",
    )
    messages = {e.source.rsplit(":", 1)[1]: e.message for e in errors(items)}
    assert "malformed JSON" in messages["2"]
    assert 'no string field "text"' in messages["3"]
    assert "neither YYYY-MM-DD" in messages["4"]


def test_invalid_date_is_refused() -> None:
    with pytest.raises(InvalidArticle):
        make_document("Text.", "a.txt", date="05.03.2024")


def test_csv_corpus_without_header_by_column_index(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_text("Sport;'Der Verein gewann am Sonntag.'\r\nInland;'Die Regierung, so hieß es, tagt.'\r\n")
    layout = CsvLayout(delimiter=";", quotechar="'", header=False, columns=(("text", 1),))
    items = list(read_documents([path], layout))
    assert [d.text for d in documents(items)] == [
        "Der Verein gewann am Sonntag.",
        "Die Regierung, so hieß es, tagt.",
    ]
    assert documents(items)[1].identifier == f"{path}:2"


def test_csv_corpus_with_header_and_a_row_without_text(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_text('id,title,text,date\na1,Eins,"Text, mit Komma.",2024-05-01\na2,Zwei,,2024-05-02\n')
    items = list(read_documents([path]))
    (document,) = documents(items)
    assert (document.identifier, document.title, document.text, document.date) == (
        "a1",
        "Eins",
        "Text, mit Komma.",
        "2024-05-01",
    )
    (error,) = errors(items)
    assert error.source.endswith(":3") and "empty" in error.message


def test_csv_without_a_text_column_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_text("a,b\n1,2\n")
    (error,) = errors(read_documents([path]))
    assert "no text column" in error.message
