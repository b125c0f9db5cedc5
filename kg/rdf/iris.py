"""Deterministic IRIs: the same input always mints the same names, under a configurable base.

Articles are named by content hash, entities by type + normalised name, described sources by
article + normalised description, quotations by normalised text + speaker (so one quotation in two
articles is one resource), claims likewise by text + claimant, statements by what they state.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

ENTITY_PATHS = {"PER": "person", "ORG": "organization", "LOC": "place", "MISC": "thing"}
SOURCE_LABEL = "SRC"
"""The key prefix of a described source (`SRC:{article id}/{slug}`, kg.extract.text.source_key)."""


_NON_SLUG = re.compile(r"[^0-9a-z]+")
_QUOTE_MARKS = re.compile(r"[\"'„“”‚‘’»«›‹]")
_SPACES = re.compile(r"\s+")


def slugify(name: str) -> str:
    """`Anna Muster` → `anna-muster`, `Genève` → `geneve`, `Straße` → `strasse`."""
    folded = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    return _NON_SLUG.sub("-", ascii_only.lower()).strip("-") or "unnamed"


def normalise_text(text: str) -> str:
    """Quotation identity ignores case, quote marks, spacing and final punctuation."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _QUOTE_MARKS.sub("", text)
    return _SPACES.sub(" ", text).strip(" .,;:!?")


def short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class IriMinter:
    base: str

    def __post_init__(self) -> None:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+/$", self.base):
            raise ValueError(f"base IRI must be an http(s) IRI ending in '/': {self.base!r}")

    def article(self, article_id: str) -> URIRef:
        return URIRef(f"{self.base}article/{article_id}")

    def article_graph(self, article_id: str) -> URIRef:
        return URIRef(f"{self.base}graph/article/{article_id}")

    def entities_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/entities")

    def span(self, article_id: str, begin: int, end: int) -> URIRef:
        """NIF 2.1 offset-based string IRI (RFC 5147 style `#char=b,e`)."""
        return URIRef(f"{self.base}article/{article_id}#char={begin},{end}")

    def entity(self, key: str) -> URIRef:
        """`PER:anna-muster` → …/entity/person/anna-muster."""
        label, _, slug = key.partition(":")
        return URIRef(f"{self.base}entity/{ENTITY_PATHS[label]}/{slug}")

    def source(self, key: str) -> URIRef:
        """`SRC:{article id}/{slug}` → …/source/{article id}/{slug}: the key already names its
        article, so a described source is never one resource across articles."""
        label, _, path = key.partition(":")
        if label != SOURCE_LABEL:
            raise ValueError(f"not a described source's key: {key!r}")
        return URIRef(f"{self.base}source/{path}")

    def resource(self, key: str) -> URIRef:
        """What an extraction key names — an entity or a described source — e.g. as a speaker."""
        return self.source(key) if key.startswith(SOURCE_LABEL + ":") else self.entity(key)

    def quotation(self, text: str, speaker_key: str | None, article_id: str) -> URIRef:
        """By text + speaker, so one quotation in two articles is one resource; a quotation without
        a speaker is scoped to its article instead: two articles' identical words from unknown
        speakers are not known to be one quotation, and merging them would say they are."""
        scope = (speaker_key,) if speaker_key is not None else ("", article_id)
        return URIRef(f"{self.base}quotation/{short_hash(normalise_text(text), *scope)}")

    def claim(self, text: str, claimant_key: str | None) -> URIRef:
        return URIRef(f"{self.base}claim/{short_hash(normalise_text(text), claimant_key or '')}")

    def quantity(self, claim: URIRef, index: int) -> URIRef:
        return URIRef(f"{claim}/quantity/{index}")

    def statement(self, *parts: str) -> URIRef:
        return URIRef(f"{self.base}statement/{short_hash(*parts)}")

    def activity(self, article_id: str, pipeline: str) -> URIRef:
        return URIRef(f"{self.base}activity/{article_id}-{short_hash(pipeline)}")

    def software(self, name: str, version: str) -> URIRef:
        return URIRef(f"{self.base}software/{slugify(name)}/{slugify(version)}")
