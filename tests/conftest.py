"""Shared fixtures: a small hand-made article and its extraction, so each stage is testable alone."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.extract.records import (
    Claim,
    Entity,
    Extraction,
    Mention,
    Quantity,
    Quotation,
    Source,
    Span,
    Statement,
)
from kg.extract.text import source_key
from kg.ingest import Document, make_document
from kg.nlp.parsed import PipelineInfo

BASE = "https://test.example.org/"

ARTICLE_TEXT = (
    " date 2024-03-05 Ministerin warnt vor Engpässen\n\n"
    "Die Ministerin Anna Beispiel sagte am Montag in Berlin: „Wir brauchen 300 neue Busse.“ "
    "Beispiel zufolge fehlen rund 2.000 Fahrer pro Monat.\n"
)


def span(text: str, needle: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle), needle)


def sentence_spans(text: str) -> tuple[Span, ...]:
    return (
        span(text, "Ministerin warnt vor Engpässen"),
        span(text, "Die Ministerin Anna Beispiel sagte am Montag in Berlin: „Wir brauchen 300 neue Busse.“"),
        span(text, "Beispiel zufolge fehlen rund 2.000 Fahrer pro Monat."),
    )


def make_extraction(document: Document) -> Extraction:
    text = document.text
    person, city = "PER:anna-beispiel", "LOC:berlin"
    return Extraction(
        document=document,
        pipeline=PipelineInfo("de_test", "0.0.1"),
        sentences=sentence_spans(text),
        entities=(
            Entity(person, "PER", "Anna Beispiel", ("Beispiel",)),
            Entity(city, "LOC", "Berlin", place_kind="City"),
        ),
        mentions=(
            Mention(span(text, "Anna Beispiel"), person, "PER", 1),
            Mention(span(text, "Berlin"), city, "LOC", 1),
            Mention(span(text, "Beispiel", 1), person, "PER", 2),
        ),
        quotations=(
            Quotation(
                span(text, "Wir brauchen 300 neue Busse."),
                "direct",
                person,
                (1,),
                cue=span(text, "sagte"),
                cue_lemma="sagen",
                confidence=0.9,
            ),
        ),
        claims=(
            Claim(
                span(text, "fehlen rund 2.000 Fahrer pro Monat"),
                person,
                (2,),
                about_keys=(city,),
                quantities=(Quantity(span(text, "rund 2.000 Fahrer"), "2000", "Fahrer", "P1M"),),
                dates=("2024-03-04",),
                confidence=0.8,
            ),
        ),
        statements=(
            Statement(person, "holdsRole", span(text, "Ministerin", 1), 1, object_literal="Ministerin"),
        ),
    )


@pytest.fixture
def document() -> Document:
    return make_document(ARTICLE_TEXT, "beispiel.txt")


@pytest.fixture
def extraction(document: Document) -> Extraction:
    return make_extraction(document)


SOURCED_TEXT = (
    " date 2024-03-05 Streit um Busse\n\n"
    "Ein Sprecher des Finanzministeriums sagte: „Wir prüfen das.“ "
    "Die Polizei in Berlin teilte mit, es gebe keine Verletzten. "
    "„Das kommt nicht infrage.“\n"
)


def make_sourced_extraction(document: Document) -> Extraction:
    """An article whose speakers are described, not named ("Ein Sprecher des Finanzministeriums",
    "Die Polizei"), and one quotation whose speaker was not found; `document` has SOURCED_TEXT."""
    text = document.text
    ministry, city = "ORG:finanzministerium", "LOC:berlin"
    spokesman = source_key(document.id, "Ein Sprecher des Finanzministeriums")
    police = source_key(document.id, "Die Polizei")
    return Extraction(
        document=document,
        pipeline=PipelineInfo("de_test", "0.0.1"),
        sentences=(
            span(text, "Streit um Busse"),
            span(text, "Ein Sprecher des Finanzministeriums sagte: „Wir prüfen das.“"),
            span(text, "Die Polizei in Berlin teilte mit, es gebe keine Verletzten."),
            span(text, "„Das kommt nicht infrage.“"),
        ),
        entities=(
            Entity(ministry, "ORG", "Finanzministerium"),
            Entity(city, "LOC", "Berlin", place_kind="City"),
        ),
        sources=(
            Source(spokesman, "PER", "Ein Sprecher des Finanzministeriums", "Sprecher", ministry),
            Source(police, "ORG", "Die Polizei", "Polizei", city),
        ),
        mentions=(
            Mention(span(text, "Ein Sprecher des Finanzministeriums"), spokesman, "PER", 1),
            Mention(span(text, "Finanzministeriums"), ministry, "ORG", 1),
            Mention(span(text, "Die Polizei"), police, "ORG", 2),
            Mention(span(text, "Berlin"), city, "LOC", 2),
        ),
        quotations=(
            Quotation(span(text, "Wir prüfen das."), "direct", spokesman, (1,), span(text, "sagte"), "sagen"),
            Quotation(span(text, "es gebe keine Verletzten"), "indirect", police, (2,), confidence=0.8),
            Quotation(span(text, "Das kommt nicht infrage."), "direct", None, (3,), confidence=0.3),
        ),
        claims=(Claim(span(text, "es gebe keine Verletzten"), police, (2,), confidence=0.7),),
    )


@pytest.fixture
def sourced_extraction() -> Extraction:
    return make_sourced_extraction(make_document(SOURCED_TEXT, "quellen.txt"))


# --- a real Oxigraph server on 127.0.0.1 (the `oxigraph` package of the test extra) -----------------

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [
            *(OXIGRAPH, "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}"),
            "--union-default-graph",  # as kg's own store: queries without GRAPH see every article
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
