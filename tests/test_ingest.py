from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from kg.ingest import (
    CsvLayout,
    Document,
    IngestError,
    InvalidArticle,
    SkippedFiles,
    make_document,
    read_documents,
)

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
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "this is a PNG image (it starts with \\x89PNG"),
        (b"Text\x00mit NUL", "binary data (a NUL byte at byte 4)"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "this is a PDF document (it starts with %PDF-)"),
        (b"PK\x03\x04\x14\x00", "this is a ZIP archive"),
        (b"\x1f\x8b\x08\x00", "this is a gzip-compressed file"),
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


def test_only_article_kinds_are_read_and_a_folders_other_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ein Artikel.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Notizen", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "paper.pdf").write_bytes(b"%PDF-1.4 ...")
    (tmp_path / ".hidden").write_text("x", encoding="utf-8")
    items = list(read_documents([tmp_path, tmp_path / "notes.md"]))
    assert [d.identifier for d in documents(items)] == ["a.txt"]
    skipped, refused = errors(items)
    assert isinstance(skipped, SkippedFiles) and skipped.source == str(tmp_path)
    assert skipped.message == "2 file(s) that are not .txt/.jsonl/.csv: notes.md, sub/paper.pdf"
    assert not isinstance(refused, SkippedFiles) and refused.source == str(tmp_path / "notes.md")
    assert refused.message == "kg reads .txt, .jsonl, .csv files, not .md"


@pytest.mark.parametrize(
    ("name", "content", "second"),
    [
        (
            "c.jsonl",
            '{"id": "n1", "text": "Eins."}\n{"id": "n2", "text": "Zwei."}\n{"id": "n1", "text": "Drei."}\n',
            3,
        ),
        ("c.csv", "id,text\nn1,Eins.\nn2,Zwei.\nn1,Drei.\n", 4),
    ],
)
def test_a_repeated_id_is_an_error_naming_both_places(
    tmp_path: Path, name: str, content: str, second: int
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    items = list(read_documents([path]))
    assert [d.text for d in documents(items)] == ["Eins.", "Zwei."]  # the first one stays
    (error,) = errors(items)
    first = 2 if name.endswith(".csv") else 1
    assert error.source == f"{path}:{second}"
    assert error.message == f"id 'n1' is already used at {path}:{first}; ids must be unique"


def test_two_text_files_of_the_same_name_are_a_repeated_id(tmp_path: Path) -> None:
    for folder, text in (("a", "Eins."), ("b", "Zwei.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text, encoding="utf-8")
    items = list(read_documents([tmp_path]))
    (error,) = errors(items)
    assert error.source == str(tmp_path / "b" / "x.txt") and str(tmp_path / "a" / "x.txt") in error.message


def test_a_csv_with_a_byte_order_mark_keeps_its_first_column_name(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("\ufeffid,text\nn1,Eins.\n", encoding="utf-8")
    (document,) = documents(read_documents([path]))
    assert document.identifier == "n1"


@pytest.mark.parametrize(
    ("content", "layout", "message"),
    [
        (
            "Sport;'Text eins.';x\n",
            CsvLayout(";", "'", header=False, columns=(("text", 7),)),
            "column 7 (text) does not exist: the rows have 3 column(s), numbered 0 to 2",
        ),
        (
            "id,body\nn1,Eins.\n",
            CsvLayout(columns=(("text", "text"),)),
            "column 'text' (text) is not in the header; its columns are id, body",
        ),
        (
            "id,body\nn1,Eins.\n",
            CsvLayout(columns=(("text", "body"), ("date", "datum"))),
            "column 'datum' (date) is not in the header; its columns are id, body",
        ),
    ],
)
def test_a_csv_column_that_does_not_exist_is_named(
    tmp_path: Path, content: str, layout: CsvLayout, message: str
) -> None:
    path = tmp_path / "corpus.csv"
    path.write_text(content, encoding="utf-8")
    (error,) = errors(read_documents([path], layout))
    assert (error.source, error.message) == (str(path), message)
