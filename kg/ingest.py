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

    def field_columns(self, header: list[str] | None) -> dict[str, int]:
        mapping = dict(self.columns) or {name: name for name in RECORD_FIELDS}
        resolved = {}
        for field_name, column in mapping.items():
            if field_name not in RECORD_FIELDS:
                raise InvalidArticle(f"unknown field {field_name!r}; fields are {', '.join(RECORD_FIELDS)}")
            if isinstance(column, int):
                resolved[field_name] = column
            elif header is not None and column in header:
                resolved[field_name] = header.index(column)
        if "text" not in resolved:
            raise InvalidArticle("no text column (name one with --csv-columns text=COLUMN)")
        return resolved


DEFAULT_CSV_LAYOUT = CsvLayout()


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


def read_jsonl_file(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Document | IngestError]:
    """JSON Lines: one `{"id","text","date","title","publisher","url"}` object per line."""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            source = f"{path}:{number}"
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)  # as Windows editors save UTF-8
            if not raw.strip():
                continue
            try:
                yield document_from_record(_parse_json_line(raw, max_bytes), source)
            except InvalidArticle as error:
                yield IngestError(source, str(error))


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


def read_csv_file(
    path: Path, layout: CsvLayout, max_bytes: int = MAX_ARTICLE_BYTES
) -> Iterator[Document | IngestError]:
    """A CSV corpus, streamed row by row (never loaded whole)."""
    csv.field_size_limit(max_bytes + 1)
    with path.open(encoding="utf-8", newline="") as stream:
        rows = csv.reader(stream, delimiter=layout.delimiter, quotechar=layout.quotechar)
        header = next(rows, None) if layout.header else None
        columns = layout.field_columns(header)
        for number, row in enumerate(rows, start=2 if layout.header else 1):
            source = f"{path}:{number}"
            if not row:
                continue
            try:
                record = {name: row[column] for name, column in columns.items() if column < len(row)}
                if len(record.get("text", "").encode("utf-8")) > max_bytes:
                    raise InvalidArticle(f"the text is larger than the limit of {max_bytes:,} bytes")
                yield document_from_record({"id": source, **record}, source)
            except InvalidArticle as error:
                yield IngestError(source, str(error))


def read_documents(
    paths: Iterable[Path], csv_layout: CsvLayout = DEFAULT_CSV_LAYOUT
) -> Iterator[Document | IngestError]:
    """Every article under the given files and folders, in a stable (sorted) order."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file())
            if not files:
                yield IngestError(str(path), f"no {' or '.join(ARTICLE_SUFFIXES)} files in this folder")
            for file in files:
                yield from read_file(file, csv_layout)
        else:
            yield from read_file(path, csv_layout)


def read_file(path: Path, csv_layout: CsvLayout = DEFAULT_CSV_LAYOUT) -> Iterator[Document | IngestError]:
    try:
        if path.suffix == ".jsonl":
            yield from _at_least_one_record(read_jsonl_file(path), path)
        elif path.suffix == ".csv":
            yield from _at_least_one_record(read_csv_file(path, csv_layout), path)
        else:
            yield read_text_file(path)
    except InvalidArticle as error:
        yield IngestError(str(path), str(error))
    except OSError as error:
        yield IngestError(str(path), f"cannot read: {error.strerror or error}")
    except (UnicodeDecodeError, csv.Error) as error:
        yield IngestError(str(path), f"cannot read as CSV: {error}")


def _at_least_one_record(
    records: Iterator[Document | IngestError], path: Path
) -> Iterator[Document | IngestError]:
    """A corpus file without a single record is an input error, as an empty article is."""
    empty = True
    for record in records:
        empty = False
        yield record
    if empty:
        yield IngestError(str(path), "the corpus file holds no records (it is empty)")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise InvalidArticle(f"{size:,} bytes is larger than the limit of {max_bytes:,} bytes")
    return path.read_bytes()


def decode_article(data: bytes) -> str:
    if b"\x00" in data:
        raise InvalidArticle("binary data (NUL bytes), not a text article")
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
