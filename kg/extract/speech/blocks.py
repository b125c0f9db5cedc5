"""Quotations set off by layout: quote-mark pairs that read as quotations, block and pull quotes
with their "Name, Role" line, and "Name: …" headlines."""

from __future__ import annotations

from kg.extract.cues import reporting_lemma
from kg.extract.entities import EntityIndex
from kg.extract.quotes import (
    QuotedSpan,
    attribution_line,
    headline_speaker_span,
    is_utterance,
    line_bounds,
    strip_span,
    tokens_in,
    trailing_attribution,
)
from kg.extract.records import Quotation, Span
from kg.extract.speech.view import NOTHING, Additions, ArticleView, Speech, found, quote
from kg.extract.text import make_span
from kg.extract.units import Unit
from kg.extract.weights import WEIGHTS
from kg.ingest import Document
from kg.lang import words
from kg.nlp.parsed import ParsedDoc


def is_quotation_pair(document: Document, parsed: ParsedDoc, pair: QuotedSpan) -> bool:
    start, end = pair.content
    if _after_article(parsed, pair.open):
        return False
    if is_utterance(parsed, start, end):
        return True
    before = document.text[max(document.body_start, pair.open - 40) : pair.open].rstrip()
    line_start, _ = line_bounds(document.text, pair.open)
    if headline_speaker_span(document.text, line_start, pair.open) and before.endswith(":"):
        return True
    preceding = before.split()
    return len(preceding) > 1 and preceding[-1] == "mit" and _verb_like(parsed, pair.open)


def _after_article(parsed: ParsedDoc, offset: int) -> bool:
    """Quote marks right after an article ("die „Aktion Wir helfen“", "vom „Tag der Arbeit“")
    enclose the head of a noun phrase: a name or a title, never an utterance, even with a verb in it."""
    before = tokens_in(parsed, max(0, offset - 12), offset)
    if not before or before[-1].end > offset:
        return False
    previous = before[-1]
    return previous.tag in ("ART", "APPRART") or previous.text.lower() in words.ARTICLES


def _verb_like(parsed: ParsedDoc, offset: int) -> bool:
    """Does a verb of saying stand right before "mit" ("antwortete mit „Ja“")?"""
    tokens = [t for t in parsed.tokens if t.end <= offset]
    if len(tokens) < 2:
        return False
    return reporting_lemma(parsed, tokens[-2].i, tokens[-1].i + 1) is not None


def find_blocks(
    document: Document, parsed: ParsedDoc, index: EntityIndex
) -> tuple[tuple[Quotation, ...], tuple[tuple[int, int], ...]]:
    """Block and pull quotes: a paragraph followed by "Name, Role", or ending with it; with the
    ranges of their attribution lines."""
    text = document.text
    result: list[Quotation] = []
    used: list[tuple[int, int]] = []
    lines = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, offset + len(line)))
        offset += len(line) + 1
    body = [(s, e) for s, e in lines if e > document.body_start and text[s:e].strip()]
    for number, (start, end) in enumerate(body):
        line = attribution_line(document, parsed, index, max(start, document.body_start), end)
        if line and number > 0:
            q_start, q_end = body[number - 1]
            content = strip_span(text, max(q_start, document.body_start), q_end)
            if _reads_as_block(parsed, content):
                cue, lemma = _colon_cue(document, parsed, body[number - 2] if number > 1 else None)
                result.append(_block(parsed, content, line.speaker_key, cue, lemma, WEIGHTS.block_quote))
                used.append((line.start, line.end))
            continue
        trailing = trailing_attribution(document, parsed, index, max(start, document.body_start), end)
        if trailing:
            content = strip_span(text, max(start, document.body_start), trailing.start)
            if _reads_as_block(parsed, content):
                confidence = WEIGHTS.block_quote_trailing
                result.append(_block(parsed, content, trailing.speaker_key, None, None, confidence))
                used.append((trailing.start, trailing.end))
    return tuple(result), tuple(used)


def _block(
    parsed: ParsedDoc, span: Span, speaker: str | None, cue: Span | None, lemma: str | None, confidence: float
) -> Quotation:
    sentences = tuple(
        sorted({parsed.sentence_of(span.start), parsed.sentence_of(max(span.end - 1, span.start))})
    )
    confidence = confidence if speaker else min(confidence, WEIGHTS.unattributed_cap)
    return Quotation(
        span=span,
        kind="direct",
        speaker_key=speaker,
        sentences=sentences,
        cue=cue,
        cue_lemma=lemma,
        addressee_key=None,
        confidence=confidence,
    )


def _reads_as_block(parsed: ParsedDoc, content: Span) -> bool:
    """A quoted paragraph has words and no verb of saying of its own (it is not a report)."""
    tokens = [t for t in parsed.tokens if content.start <= t.start < content.end]
    if len(tokens) < 3:
        return False
    return not any(reporting_lemma(parsed, t.i, tokens[-1].i + 1) for t in tokens)


def _colon_cue(
    document: Document, parsed: ParsedDoc, line: tuple[int, int] | None
) -> tuple[Span | None, str | None]:
    """ "… erklärt er:" introducing a block quote on the next line."""
    if line is None or not document.text[line[0] : line[1]].rstrip().endswith(":"):
        return None, None
    tokens = [t for t in parsed.tokens if line[0] <= t.start < line[1]]
    for token in reversed(tokens):
        lemma = reporting_lemma(parsed, token.i, tokens[-1].i + 1)
        if lemma:
            return Span(token.start, token.end, token.text), lemma
    return None, None


def block_quotes(view: ArticleView, speech: Speech, number: int, unit: Unit) -> Additions:
    """The block quotes that start in this unit, in reading order (their ranges are used up from
    the start: `ArticleView.blocks`)."""
    added = NOTHING
    for block in view.blocks:
        if unit.start <= block.span.start < unit.end:
            added = added + Additions(quotations=(block,), speaker=block.speaker_key)
    return added


def headline(view: ArticleView, speech: Speech, number: int, unit: Unit) -> Additions:
    """ "Name: …" lines: a quote in marks is direct, a paraphrase without marks indirect."""
    if not unit.line_start:
        return NOTHING
    text = view.text
    _, line_end = line_bounds(text, unit.start)
    span = headline_speaker_span(text, unit.start, line_end)
    if not span:
        return NOTHING
    name_tokens = [t for t in view.parsed.tokens if span[0] <= t.start < span[1] - 1]
    context = speech.context
    key = next((context.entity_at(t.i) for t in name_tokens if context.entity_at(t.i)), None)
    if key is None or context.label(key) not in ("PER", "ORG"):
        return NOTHING
    cue = Span(span[0], span[1], text[span[0] : span[1]])
    pair = next((p for p in view.pairs if span[1] <= p.open < line_end), None)
    if pair and not text[span[1] : pair.open].strip():
        content = strip_span(text, *pair.content)
        return found(quote(view, content, "direct", key, cue, None, WEIGHTS.headline_direct), key)
    rest = text[span[1] : line_end]
    if len(rest.split()) > 15 or rest.rstrip().endswith((".", "?")):
        return NOTHING
    content = make_span(text, span[1], line_end)
    return found(quote(view, content, "indirect", key, cue, None, WEIGHTS.headline_indirect), key)
