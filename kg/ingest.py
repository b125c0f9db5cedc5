"""Ingest: turn files into `Document`s whose stored text is the single source of truth for offsets.

Every later stage indexes into `Document.text` with Python `str` offsets (code points), so the
text is kept exactly as read (UTF-8, newlines normalised as Python's text mode does) and metadata
found in it (the seeds' ` date YYYY-MM-DD ` header) stays in the text; only `body_start` says where
the article proper begins.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_ARTICLE_BYTES = 2_000_000
"""An article larger than this is refused: news articles are tens of kilobytes."""

ARTICLE_SUFFIXES = (".txt", ".jsonl", ".csv")
RECORD_FIELDS = ("id", "text", "date", "title", "publisher", "url")

_DATE_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*")
_ISO_DATE = re.compile(r"\A\d{4}-\d{2}(?:-\d{2})?\Z")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"»])")
_TITLE_MAX_CHARS = 200

FILE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"%!PS", "a PostScript document"),
    (b"{\\rtf", "an RTF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx / .odt / .epub document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc / .xls)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"(\xb5/\xfd", "a zstd-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
"""Leading bytes of file kinds that are not plain text but may still decode as UTF-8."""
_SIGNATURE_BYTES = max(len(signature) for signature, _ in FILE_SIGNATURES)


@dataclass(frozen=True)
class Document:
    """One article as stored: the text every offset refers to, plus what is known about it."""

    id: str
    """First 16 hex digits of `sha256`: the same text always gets the same id."""
    sha256: str
    text: str
    identifier: str
    """The file name or corpus id the article came from (`schema:identifier`)."""
    title: str | None = None
    date: str | None = None
    """`YYYY-MM-DD`, or `YYYY-MM` when only the month is known."""
    publisher: str | None = None
    url: str | None = None
    body_start: int = 0
    """Offset where the article proper begins (after a metadata header, if any)."""


@dataclass(frozen=True)
class IngestError:
    """An input that could not become a Document; the others are still built."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True)
class CsvLayout:
    """How to read a CSV corpus: dialect, and which column holds which record field.

    With a header row, columns are named by the header (default: the field names themselves);
    without one, by 0-based position, e.g. `{"text": 1}` for 10kGNAD's `label;'text'` rows.
    """

    delimiter: str = ","
    quotechar: str = '"'
    header: bool = True
    columns: tuple[tuple[str, str | int], ...] = ()

    def field_columns(self, header: list[str] | None, width: int) -> dict[str, int]:
        """Each record field's column index in rows of `width` columns. A column named explicitly
        (`columns`) must exist; by default the header's columns named like the fields are used."""
        if self.columns:
            resolved = {
                field_name: _column_index(column, field_name, header, width)
                for field_name, column in self.columns
            }
        else:
            resolved = {name: header.index(name) for name in RECORD_FIELDS if header and name in header}
        if "text" not in resolved:
            raise InvalidArticle("no text column (name one with --csv-columns text=COLUMN)")
        return resolved


def _column_index(column: str | int, field_name: str, header: list[str] | None, width: int) -> int:
    if field_name not in RECORD_FIELDS:
        raise InvalidArticle(f"unknown field {field_name!r}; fields are {', '.join(RECORD_FIELDS)}")
    if isinstance(column, int):
        if column >= width:
            raise InvalidArticle(
                f"column {column} ({field_name}) does not exist: the rows have {width} column(s), "
                f"numbered 0 to {width - 1}"
            )
        return column
    if header is None:
        raise InvalidArticle(
            f"column {column!r} ({field_name}) needs a header row; without one, give its number"
        )
    if column not in header:
        raise InvalidArticle(
            f"column {column!r} ({field_name}) is not in the header; its columns are {', '.join(header)}"
        )
    return header.index(column)


DEFAULT_CSV_LAYOUT = CsvLayout()


@dataclass(frozen=True)
class SkippedFiles(IngestError):
    """The files of a folder that are not articles (not .txt/.jsonl/.csv): named, not built, and
    not a failure. An `IngestError` so that whoever drops the errors from the stream drops it too."""

    names: tuple[str, ...] = ()
    """The skipped files, relative to the folder."""


Sourced = tuple[str, Document | IngestError]
"""An item of the input stream with where it was read (file, or file:line)."""


class InvalidArticle(ValueError):
    """Raised by the parsing helpers; turned into an `IngestError` naming the source."""


def make_document(
    text: str,
    identifier: str,
    *,
    title: str | None = None,
    date: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
) -> Document:
    """Build a Document from already decoded text, reading the optional ` date …` header."""
    text = _normalise_newlines(text)
    if not text.strip():
        raise InvalidArticle("the article is empty")
    if "\x00" in text:
        raise InvalidArticle("the article contains NUL characters (binary data?)")
    body_start = 0
    header = _DATE_HEADER.match(text)
    if header:
        date = date or header.group(1)
        body_start = header.end()
    if date is not None and not _ISO_DATE.match(date):
        raise InvalidArticle(f"date {date!r} is neither YYYY-MM-DD nor YYYY-MM")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        id=digest[:16],
        sha256=digest,
        text=text,
        identifier=identifier,
        title=title or guess_title(text[body_start:]),
        date=date,
        publisher=publisher,
        url=url,
        body_start=body_start,
    )


def guess_title(body: str) -> str | None:
    """The first line, or its first sentence when the line is a whole paragraph."""
    first_line = body.strip().split("\n", 1)[0].strip()
    if len(first_line) > _TITLE_MAX_CHARS:
        first_line = _SENTENCE_END.split(first_line, maxsplit=1)[0]
    return first_line.rstrip(".") or None


def read_text_file(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Document:
    """One `.txt` file is one article."""
    return make_document(decode_article(read_bytes(path, max_bytes)), path.name)


def read_jsonl_file(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Sourced]:
    """JSON Lines: one `{"id","text","date","title","publisher","url"}` object per line."""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            source = f"{path}:{number}"
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)  # as Windows editors save UTF-8
            if not raw.strip():
                continue
            try:
                yield source, document_from_record(_parse_json_line(raw, max_bytes), source)
            except InvalidArticle as error:
                yield source, IngestError(source, str(error))


def document_from_record(record: dict, source: str) -> Document:
    """A corpus record (JSON Lines, CSV row) with at least `text` becomes a Document."""
    text = record.get("text")
    if not isinstance(text, str):
        raise InvalidArticle('the record has no string field "text"')
    fields = {}
    for key in ("title", "date", "publisher", "url"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InvalidArticle(f'field "{key}" must be a string')
        fields[key] = value or None
    identifier = record.get("id")
    return make_document(text, str(identifier) if identifier is not None else source, **fields)


def read_csv_file(path: Path, layout: CsvLayout, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Sourced]:
    """A CSV corpus, streamed row by row (never loaded whole). `utf-8-sig`: a byte order mark, as
    spreadsheet programs write, is not part of the first column's name."""
    csv.field_size_limit(max_bytes + 1)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = csv.reader(stream, delimiter=layout.delimiter, quotechar=layout.quotechar)
        first = next(rows, None)
        if first is None:
            return
        header = first if layout.header else None
        columns = layout.field_columns(header, len(first))
        data = rows if layout.header else itertools.chain([first], rows)
        for number, row in enumerate(data, start=2 if layout.header else 1):
            source = f"{path}:{number}"
            if not row:
                continue
            try:
                record = {name: row[column] for name, column in columns.items() if column < len(row)}
                if len(record.get("text", "").encode("utf-8")) > max_bytes:
                    raise InvalidArticle(f"the text is larger than the limit of {max_bytes:,} bytes")
                yield source, document_from_record({"id": source, **record}, source)
            except InvalidArticle as error:
                yield source, IngestError(source, str(error))


def read_documents(
    paths: Iterable[Path], csv_layout: CsvLayout = DEFAULT_CSV_LAYOUT
) -> Iterator[Document | IngestError]:
    """Every article under the given files and folders, in a stable (sorted) order. An identifier
    seen before in the same input is an error naming both places: one would silently replace the
    other in the store."""
    seen: dict[str, str] = {}
    for source, item in _read_paths(paths, csv_layout):
        if isinstance(item, Document):
            first = seen.setdefault(item.identifier, source)
            if first != source:
                item = IngestError(
                    source, f"id {item.identifier!r} is already used at {first}; ids must be unique"
                )
        yield item


def _read_paths(paths: Iterable[Path], csv_layout: CsvLayout) -> Iterator[Sourced]:
    for path in paths:
        if path.is_dir():
            yield from _read_folder(path, csv_layout)
        else:
            yield from read_file(path, csv_layout)


def _read_folder(folder: Path, csv_layout: CsvLayout) -> Iterator[Sourced]:
    """The article files below a folder; the other files are named in one `SkippedFiles` notice."""
    files = _folder_files(folder)
    articles = [path for path in files if path.suffix in ARTICLE_SUFFIXES]
    others = tuple(str(path.relative_to(folder)) for path in files if path.suffix not in ARTICLE_SUFFIXES)
    if others:
        kinds = "/".join(ARTICLE_SUFFIXES)
        message = f"{len(others)} file(s) that are not {kinds}: {', '.join(others)}"
        yield str(folder), SkippedFiles(str(folder), message, others)
    if not articles:
        yield (
            str(folder),
            IngestError(str(folder), f"no {' or '.join(ARTICLE_SUFFIXES)} files in this folder"),
        )
    for path in articles:
        yield from read_file(path, csv_layout)


def _folder_files(folder: Path) -> list[Path]:
    """Every file below a folder, sorted. Hidden files and folders (`.git`, `.DS_Store`) are never
    articles and pass unmentioned."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def count_articles(paths: Iterable[Path], csv_layout: CsvLayout = DEFAULT_CSV_LAYOUT) -> int:
    """About how many articles `read_documents` will give, counted without decoding them (the
    total of a progress bar): one per `.txt`, one per non-blank line of a `.jsonl`, one per row of a
    `.csv` after its header; a file that cannot be counted counts once, as its error will."""
    total = 0
    for path in paths:
        files = [p for p in _folder_files(path) if p.suffix in ARTICLE_SUFFIXES] if path.is_dir() else [path]
        total += sum(_count_records(file, csv_layout) for file in files)
    return total


def _count_records(path: Path, csv_layout: CsvLayout) -> int:
    try:
        if path.suffix == ".jsonl":
            with path.open("rb") as stream:
                return max(1, sum(1 for line in stream if line.strip()))
        if path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
                reader = csv.reader(stream, delimiter=csv_layout.delimiter, quotechar=csv_layout.quotechar)
                return max(1, sum(1 for row in reader if row) - csv_layout.header)
    except (OSError, csv.Error):
        pass
    return 1


def read_file(path: Path, csv_layout: CsvLayout = DEFAULT_CSV_LAYOUT) -> Iterator[Sourced]:
    source = str(path)
    try:
        check_signature(path)  # first: it also says when the file is missing
        if path.suffix not in ARTICLE_SUFFIXES:
            raise InvalidArticle(
                f"kg reads {', '.join(ARTICLE_SUFFIXES)} files, not {path.suffix or 'files without a suffix'}"
            )
        if path.suffix == ".jsonl":
            yield from _at_least_one_record(read_jsonl_file(path), path)
        elif path.suffix == ".csv":
            yield from _at_least_one_record(read_csv_file(path, csv_layout), path)
        else:
            yield source, read_text_file(path)
    except InvalidArticle as error:
        yield source, IngestError(source, str(error))
    except OSError as error:
        yield source, IngestError(source, f"cannot read: {error.strerror or error}")
    except (UnicodeDecodeError, csv.Error) as error:
        yield source, IngestError(source, f"cannot read as CSV: {error}")


def check_signature(path: Path) -> None:
    """Refuse a file whose first bytes are another format's signature: a PDF, say, is often plain
    ASCII, so it would pass as UTF-8 text and be published as an article of PDF syntax."""
    with path.open("rb") as stream:
        start = stream.read(_SIGNATURE_BYTES)
    for signature, kind in FILE_SIGNATURES:
        if start.startswith(signature):
            raise InvalidArticle(f"this is {kind} (it starts with {repr(signature)[2:-1]}), not plain text")


def _at_least_one_record(records: Iterator[Sourced], path: Path) -> Iterator[Sourced]:
    """A corpus file without a single record is an input error, as an empty article is."""
    empty = True
    for record in records:
        empty = False
        yield record
    if empty:
        yield str(path), IngestError(str(path), "the corpus file holds no records (it is empty)")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise InvalidArticle(f"{size:,} bytes is larger than the limit of {max_bytes:,} bytes")
    return path.read_bytes()


def decode_article(data: bytes) -> str:
    if (nul := data.find(b"\x00")) >= 0:
        raise InvalidArticle(f"binary data (a NUL byte at byte {nul}), not a text article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidArticle(f"not valid UTF-8 (byte {error.start}: {error.reason})") from None


def _parse_json_line(raw: bytes, max_bytes: int) -> dict:
    if len(raw) > max_bytes:
        raise InvalidArticle(f"{len(raw):,} bytes is larger than the limit of {max_bytes:,} bytes")
    try:
        record = json.loads(decode_article(raw))
    except json.JSONDecodeError as error:
        raise InvalidArticle(f"malformed JSON: {error.msg} (column {error.colno})") from None
    if not isinstance(record, dict):
        raise InvalidArticle("each line must be a JSON object")
    return record


def _normalise_newlines(text: str) -> str:
    """The same text `open(path, encoding="utf-8").read()` gives, whatever the line endings."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
