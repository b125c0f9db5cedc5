"""Claims: checkable assertions, one per text unit, plus the content of each quotation.

A unit (sentence or line) becomes a claim when it asserts something: it has a finite verb or
is a headline of several words, and it is not a question, a caption credit or navigation. Its
claimant is the speaker of the quotation that covers most of it, else the subject of a verb of
saying in it ("X warnt vor …"), else nobody (the article's own voice). Quotations whose content
is only part of a unit become claims of their own, so the reported assertion stands alone.
"""

from __future__ import annotations

import datetime as dt
import re

from kg.extract.cues import is_finite, reporting_lemma
from kg.extract.dates import resolve_dates
from kg.extract.derived import DerivedForm
from kg.extract.entities import EntityIndex
from kg.extract.quantities import find_quantities
from kg.extract.records import Claim, Quotation, Span
from kg.extract.speakers import SpeakerContext, subject_of
from kg.extract.text import make_span
from kg.extract.units import Unit
from kg.ingest import Document
from kg.nlp.parsed import ParsedDoc

_BOILERPLATE = re.compile(
    r"\|\s*\d+:\d+\s*min|^\s*Quelle:|\bLiveblog\b|^\s*\W*$|https?://|pic\.twitter", re.I
)
_MIN_HEADLINE_WORDS = 3
_QUOTE_COVER = 0.5
_STRIP = " \t\n.:;,–—-"


def find_claims(
    document: Document,
    parsed: ParsedDoc,
    index: EntityIndex,
    derived: list[DerivedForm],
    context: SpeakerContext,
    units: list[Unit],
    quotations: list[Quotation],
    anchor: dt.date | None,
) -> list[Claim]:
    claims: list[Claim] = []
    seen: set[tuple[int, int]] = set()
    for unit in units:
        span = make_span(document.text, unit.start, unit.end, strip=_STRIP)
        if not _is_assertion(document, parsed, unit, span):
            continue
        claimant, confidence = _claimant(parsed, context, unit, span, quotations)
        claims.append(_claim(document, index, derived, span, claimant, unit.sentence, anchor, confidence))
        seen.add((span.start, span.end))
    for quotation in quotations:
        span = make_span(document.text, quotation.span.start, quotation.span.end, strip=_STRIP)
        if (span.start, span.end) in seen or len(span.text.split()) < 3:
            continue
        seen.add((span.start, span.end))
        claims.append(
            _claim(
                document,
                index,
                derived,
                span,
                quotation.speaker_key,
                quotation.sentences[0],
                anchor,
                quotation.confidence * 0.9,
            )
        )
    return sorted(claims, key=lambda c: (c.span.start, -c.span.end))


def _is_assertion(document: Document, parsed: ParsedDoc, unit: Unit, span: Span) -> bool:
    if not span.text or span.text.endswith("?") or _BOILERPLATE.search(span.text):
        return False
    tokens = parsed.tokens[unit.first_token : unit.end_token]
    if any(is_finite(t) for t in tokens):
        return len(span.text.split()) >= 2
    return (
        unit.line_start
        and len(span.text.split()) >= _MIN_HEADLINE_WORDS
        and any(t.pos in ("ADJ", "VERB", "ADV", "AUX") for t in tokens)
    )


def _claimant(
    parsed: ParsedDoc, context: SpeakerContext, unit: Unit, span: Span, quotations: list[Quotation]
) -> tuple[str | None, float]:
    length = max(1, span.end - span.start)
    best, best_cover = None, 0.0
    for quotation in quotations:
        overlap = min(span.end, quotation.span.end) - max(span.start, quotation.span.start)
        if overlap > 0 and overlap / length > best_cover:
            best, best_cover = quotation, overlap / length
    if best and best_cover >= _QUOTE_COVER:
        return best.speaker_key, best.confidence
    for i in range(unit.first_token, unit.end_token):
        if reporting_lemma(parsed, i, unit.end_token) or _speech_act(parsed, i):
            speaker = subject_of(context, i)
            if speaker.key:
                return speaker.key, 0.7
    if best:
        return best.speaker_key, best.confidence * 0.7
    return None, 0.7


_SPEECH_ACTS = frozenset(
    [
        "warnen",
        "drängen",
        "dämpfen",
        "kritisieren",
        "fordern",
        "verteidigen",
        "zurückweisen",
        "nennen",
        "bezeichnen",
        "loben",
        "ablehnen",
        "begrüßen",
        "bestätigen",
    ]
)


def _speech_act(parsed: ParsedDoc, i: int) -> bool:
    """Verbs that summarise a stated position ("X warnt vor …", "X dämpft Hoffnungen")."""
    token = parsed.tokens[i]
    return token.lemma.lower() in _SPEECH_ACTS and token.pos in ("VERB", "")


def _claim(
    document: Document,
    index: EntityIndex,
    derived: list[DerivedForm],
    span: Span,
    claimant: str | None,
    sentence: int,
    anchor: dt.date | None,
    confidence: float,
) -> Claim:
    about: list[str] = []
    for mention in index.mentions:
        if span.start <= mention.span.start < span.end and mention.entity_key not in about:
            about.append(mention.entity_key)
    for form in derived:
        if span.start <= form.start < span.end and form.entity_key not in about:
            about.append(form.entity_key)
    return Claim(
        span=span,
        claimant_key=claimant,
        sentences=(sentence,),
        about_keys=tuple(about),
        quantities=tuple(find_quantities(document.text, span.start, span.end)),
        dates=resolve_dates(span.text, anchor),
        confidence=round(confidence, 2),
    )
