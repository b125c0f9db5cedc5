"""Claims: checkable assertions, one per clause of a text unit, plus the content of each quotation.

A unit (sentence or line) is cut into clauses that assert something of their own (coordinated
main clauses, relative clauses, factual adverbial clauses). A clause becomes a claim when it
asserts something: it has a finite verb or is a headline of several words, and it is not a
question, a caption credit or navigation. Its claimant is the speaker of the quotation that
covers most of it, else the subject of a verb of saying in it ("X warnt vor …"), else nobody
(the article's own voice). Quotations whose content is only part of a unit become claims of
their own, so the reported assertion stands alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from kg.extract.cues import is_finite, reporting_lemma, verb_lemma
from kg.extract.dates import resolve_dates
from kg.extract.derived import DerivedForm
from kg.extract.entities import EntityIndex
from kg.extract.quantities import find_quantities
from kg.extract.records import Claim, Quotation, Source, Span
from kg.extract.speakers import Speaker, SpeakerContext, is_relative_pronoun, subject_of, with_introduced
from kg.extract.speech import SpeechResult
from kg.extract.speech.view import ArticleView, heard
from kg.extract.text import make_span
from kg.extract.units import Unit
from kg.extract.weights import WEIGHTS
from kg.ingest import Document
from kg.lang import words
from kg.nlp.parsed import ParsedDoc, Token

_BOILERPLATE = re.compile(
    r"\|\s*\d+:\d+\s*min|^\s*Quelle:|\bLiveblog\b|^\s*\W*$|https?://|pic\.twitter", re.I
)
_MIN_HEADLINE_WORDS = 3
_SENTENCE_MARKS = ".!?…" + words.QUOTE_MARKS
_HEADLINE_JOINS = words.DASHES | {"-"}
_STRIP = " \t\n.:;,–—-"


@dataclass(frozen=True)
class Claims:
    claims: tuple[Claim, ...]
    """In text order."""
    index: EntityIndex
    """The article's entities and mentions with the unnamed institutions that spoke (in a
    quotation or as a claimant), which claims are about as well."""
    sources: tuple[Source, ...]
    """The described sources that spoke (in a quotation or as a claimant)."""


def find_claims(view: ArticleView, speech: SpeechResult, anchor: dt.date | None) -> Claims:
    """The claims of an article, read from the view and the finished quotations only.

    A pronoun claimant prefers the speaker quoted in the unit's own reading (`SpeechResult.recent`),
    never one left over from a later unit.
    """
    document, parsed = view.document, view.parsed
    context = speech.context
    attributed: list[tuple[Span, str | None, int, float]] = []
    seen: set[tuple[int, int]] = set()
    for number, unit in enumerate(view.units):
        if context.recent_speaker != speech.recent[number]:
            context = replace(context, recent_speaker=speech.recent[number])
        headline = number == 0 and _is_headline(document, unit)
        for clause in clauses(parsed, unit, context.is_excluded, headline):
            span = make_span(document.text, clause.start, clause.end, strip=_STRIP)
            if not _is_assertion(document, parsed, clause, span):
                continue
            if headline:
                claimant, confidence = Speaker(None, "none"), WEIGHTS.verb_claimant
            else:
                claimant, confidence = _claimant(parsed, context, clause, span, speech.quotations)
            if claimant.institution or claimant.source:
                context = context.with_introduced(heard(claimant))
            attributed.append((span, claimant.key, clause.sentence, confidence))
            seen.add((span.start, span.end))
    index = with_introduced(view.index, parsed, context)
    claims = [_claim(document, index, view.derived, *claim, anchor) for claim in attributed]
    for quotation in speech.quotations:
        span = make_span(document.text, quotation.span.start, quotation.span.end, strip=_STRIP)
        if (span.start, span.end) in seen or len(span.text.split()) < 3:
            continue
        seen.add((span.start, span.end))
        if quotation.speaker_key:
            claims = [c for c in claims if not _restates(c, span, quotation.speaker_key)]
        confidence = quotation.confidence * WEIGHTS.quotation_claim
        claims.append(
            _claim(
                document,
                index,
                view.derived,
                span,
                quotation.speaker_key,
                quotation.sentences[0],
                confidence,
                anchor,
            )
        )
    ordered = tuple(sorted(claims, key=lambda c: (c.span.start, -c.span.end)))
    return Claims(ordered, index, context.found_sources())


def _restates(claim: Claim, span: Span, claimant: str) -> bool:
    """Is the clause claim the same assertion as a quotation's content (each covers most of the
    other) without that speaker? The attributed quotation claim then stands for both."""
    overlap = min(claim.span.end, span.end) - max(claim.span.start, span.start)
    longer = max(claim.span.end - claim.span.start, span.end - span.start)
    return overlap >= WEIGHTS.same_claim * longer and claim.claimant_key in (None, claimant)


def clauses(
    parsed: ParsedDoc, unit: Unit, quoted: Callable[[int], bool], headline: bool = False
) -> list[Unit]:
    """The unit cut into clauses that each assert something of their own.

    A new clause starts after a semicolon; at a relative clause (", der …"); at a coordinated main
    clause (", und wies …", " – und mehrere … hätten …"); at a factual adverbial clause (", obwohl
    …", ", als …", ", nachdem …"); and at the verb that resumes a main clause after a relative
    clause (", hatte …"). Conditional, dass- and reported-speech complements stay with their
    clause, and a piece without a finite verb joins its neighbour. Text in quote marks (`quoted`)
    is never cut: a quotation is claimed whole. In a headline a dash joins two headlines ("X
    drängt auf Y - Z ist skeptisch"): each side with a finite verb is a clause.
    """
    tokens = parsed.tokens[unit.first_token : unit.end_token]
    starts = [0]
    for k in range(1, len(tokens)):
        if quoted(tokens[k].start):
            continue
        relative_before = is_relative_pronoun(parsed, tokens[starts[-1]].i)
        if _opens_clause(parsed, tokens, k, relative_before) or (
            headline and tokens[k - 1].text in _HEADLINE_JOINS
        ):
            starts.append(k)
    pieces = [tokens[a:b] for a, b in pairwise([*starts, len(tokens)])]
    groups: list[list[Token]] = []
    for piece in pieces:
        if groups and not (_has_finite(piece) and _has_finite(groups[-1])):
            groups[-1] = groups[-1] + list(piece)
        else:
            groups.append(list(piece))
    if len(groups) == 1:
        return [unit]
    return [
        replace(
            unit,
            start=group[0].start,
            end=group[-1].end,
            first_token=group[0].i,
            end_token=group[-1].i + 1,
            line_start=unit.line_start and n == 0,
        )
        for n, group in enumerate(groups)
    ]


def _opens_clause(parsed: ParsedDoc, tokens: tuple[Token, ...], k: int, relative_before: bool) -> bool:
    previous, token = tokens[k - 1].text, tokens[k]
    if previous == ";":
        return True
    if previous not in words.CLAIM_BREAKS or k + 1 >= len(tokens):
        return False
    word = token.text.lower()
    if is_relative_pronoun(parsed, token.i) or word in words.FACTUAL_SUBORDINATORS:
        return True
    if word in words.COORDINATORS:
        return is_finite(tokens[k + 1]) or (previous != "," and _has_finite(tokens[k + 1 : k + 12]))
    resumes = relative_before and is_finite(token)
    return resumes and reporting_lemma(parsed, token.i, tokens[-1].i + 1) is None


def _has_finite(tokens: Sequence[Token]) -> bool:
    return any(is_finite(t) for t in tokens)


def _is_headline(document: Document, unit: Unit) -> bool:
    """Is `unit` the article's headline: its first line, whole, without a sentence mark at the end
    (a teaser paragraph ends with one)? A headline compresses, and its verb of saying or the quote
    it borrows ("X drängt auf …") is the editor's summary: its clauses are the article's own
    voice, nobody's claim. A quotation in it stays that speaker's quotation."""
    first = len(document.text) - len(document.text[document.body_start :].lstrip())
    return unit.start == first and unit.line_end and document.text[unit.end - 1] not in _SENTENCE_MARKS


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
    parsed: ParsedDoc, context: SpeakerContext, unit: Unit, span: Span, quotations: Sequence[Quotation]
) -> tuple[Speaker, float]:
    length = max(1, span.end - span.start)
    best, best_cover = None, 0.0
    for quotation in quotations:
        overlap = min(span.end, quotation.span.end) - max(span.start, quotation.span.start)
        if overlap > 0 and overlap / length > best_cover:
            best, best_cover = quotation, overlap / length
    if best and best_cover >= WEIGHTS.quote_cover:
        return Speaker(best.speaker_key, "quotation"), best.confidence
    for i in range(unit.first_token, unit.end_token):
        if reporting_lemma(parsed, i, unit.end_token) or _speech_act(parsed, i):
            speaker = subject_of(context, i)
            if speaker.key:
                return speaker, WEIGHTS.verb_claimant
    if best:
        return Speaker(best.speaker_key, "quotation"), best.confidence * WEIGHTS.partly_quoted
    return Speaker(None, "none"), WEIGHTS.verb_claimant


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
    return verb_lemma(parsed.tokens[i], _SPEECH_ACTS) in _SPEECH_ACTS


def _claim(
    document: Document,
    index: EntityIndex,
    derived: Sequence[DerivedForm],
    span: Span,
    claimant: str | None,
    sentence: int,
    confidence: float,
    anchor: dt.date | None,
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
