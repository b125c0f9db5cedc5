"""Plain data that leaves the extraction stage and feeds the RDF mapping.

Entities are referred to by `key` (type + normalised name, e.g. `PER:anna-muster`): the RDF stage
mints IRIs from keys, so the same person in two articles becomes one resource.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kg.ingest import Document
from kg.nlp.parsed import PipelineInfo

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
QuoteKind = Literal["direct", "indirect", "reported"]


@dataclass(frozen=True)
class Span:
    """A stretch of the stored text: `document.text[start:end] == text` always holds."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    span: Span
    entity_key: str
    label: EntityType
    sentence: int


@dataclass(frozen=True)
class Entity:
    key: str
    label: EntityType
    name: str
    """Canonical name: the longest, most complete surface form seen."""
    alternate_names: tuple[str, ...] = ()
    place_kind: str | None = None
    """For places known from packaged gazetteers: `Country` or `City`."""


@dataclass(frozen=True)
class Quotation:
    span: Span
    """The quoted or reported content, without quote marks."""
    kind: QuoteKind
    speaker_key: str | None
    """An entity key, a described source's key (`SRC:…`), or None when no speaker could be
    found: such a quotation is still published, marked unresolved with a low confidence."""
    sentences: tuple[int, ...]
    cue: Span | None = None
    cue_lemma: str | None = None
    addressee_key: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class Quantity:
    span: Span
    value: str
    """A decimal number as text (`20000`, `0.01`), so output stays byte-identical."""
    unit: str | None = None
    period: str | None = None
    """ISO 8601 duration when the quantity is a rate, e.g. `P1M` for "per month"."""
    approximate: bool = False
    """The text hedges the number ("rund", "etwa", "knapp")."""


@dataclass(frozen=True)
class Claim:
    span: Span
    claimant_key: str | None
    """The speaker whose assertion it is; None when the article asserts it in its own voice."""
    sentences: tuple[int, ...]
    about_keys: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[str, ...] = ()
    """Dates the claim refers to, resolved against the article date (`YYYY-MM-DD`)."""
    confidence: float = 1.0


@dataclass(frozen=True)
class Source:
    """A speaker the article names only by a description, not by a name: "ein Sprecher des
    Finanzministeriums", "Experten", "Augenzeugen", "die Polizei", "ein Reporter des Senders n-tv".

    A source belongs to its article and is never merged across articles (two articles' "ein
    Sprecher" are not one person). Its key is `SRC:{article id}/{slug of the description}`; its
    mentions are ordinary `Mention`s whose `entity_key` is this key.
    """

    key: str
    label: EntityType
    """PER for people ("Sprecher", "Experten", "Augenzeugen"), ORG for bodies ("die Polizei")."""
    description: str
    """The noun phrase as first written, e.g. "ein Sprecher des Finanzministeriums"."""
    head: str
    """Its head noun as written ("Sprecher", "Polizei")."""
    organization_key: str | None = None
    """The named organisation (or place) the description ties it to, when the text names one."""


StatementPredicate = Literal["holdsRole", "derivedFrom", "memberOf"]


@dataclass(frozen=True)
class Statement:
    """A reified fact such as (person, holdsRole, "Nato-Generalsekretär", organization=NATO).

    For `derivedFrom` the evidence span itself (a derived form such as "US-Präsident" or
    "russische") is the subject and `object_key` the entity it derives from.
    """

    subject_key: str
    predicate: StatementPredicate
    evidence: Span
    sentence: int
    object_key: str | None = None
    object_literal: str | None = None
    organization_key: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class Extraction:
    """Everything found in one article, ready to be mapped to RDF."""

    document: Document
    pipeline: PipelineInfo
    sentences: tuple[Span, ...]
    entities: tuple[Entity, ...] = ()
    sources: tuple[Source, ...] = ()
    """Described (unnamed) speakers; their mentions are in `mentions` under their `SRC:` keys."""
    mentions: tuple[Mention, ...] = ()
    quotations: tuple[Quotation, ...] = ()
    claims: tuple[Claim, ...] = ()
    statements: tuple[Statement, ...] = field(default=())
