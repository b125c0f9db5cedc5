"""The speech rules in the order they run, and the driver that folds their additions.

Per unit, in reading order, each rule in `UNIT_RULES` sees what the rules before it found, on this
unit and all earlier ones; then each rule in `ARTICLE_RULES` sees the whole reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from kg.extract.derived import DerivedForm
from kg.extract.entities import EntityIndex
from kg.extract.quotes import quote_pairs
from kg.extract.records import Quotation
from kg.extract.roles import Role
from kg.extract.speakers import SpeakerContext, speaker_context
from kg.extract.speech.blocks import block_quotes, find_blocks, headline, is_quotation_pair
from kg.extract.speech.continuation import konjunktiv_continuation, partial_quotes
from kg.extract.speech.direct import direct_quotes
from kg.extract.speech.indirect import according_to, demonstrative_report, reporting_clause
from kg.extract.speech.naming import named_by_verb, unattributed_quotes
from kg.extract.speech.view import Additions, ArticleView, Speech
from kg.extract.units import Unit
from kg.ingest import Document
from kg.nlp.parsed import ParsedDoc

UnitRule = Callable[[ArticleView, Speech, int, Unit], Additions]
ArticleRule = Callable[[ArticleView, Speech], Additions]

UNIT_RULES: tuple[UnitRule, ...] = (
    block_quotes,  # a block quote starting in the unit (found before reading: ArticleView.blocks)
    headline,  # "Name: „…“" / "Name: paraphrase"
    direct_quotes,  # "„…“, sagte X", "X sagte: „…“", "„…“, so X", cue-less continuation
    according_to,  # "laut X", "X zufolge", "nach Angaben von X", ", so X"
    reporting_clause,  # "…, sagte X", "X sagte, dass …", "…, wie X mitteilte" (not after according_to)
    demonstrative_report,  # "<statement>. Das bestätigte X.": the sentence before, said by X
    konjunktiv_continuation,  # a Konjunktiv sentence continuing the last report (no source named above)
)
ARTICLE_RULES: tuple[ArticleRule, ...] = (
    partial_quotes,  # words in quote marks inside indirect speech
    named_by_verb,  # "nannte den Plan „unverantwortlich“": a verb of naming quotes a few words
    unattributed_quotes,  # any other utterance in quote marks, published without a speaker
)


@dataclass(frozen=True)
class SpeechResult:
    """The finished reading: what claims and records may use of it."""

    quotations: tuple[Quotation, ...]
    """In text order."""
    context: SpeakerContext
    """Speaker resolution after the reading (institutions and described sources found; no running
    speaker)."""
    recent: tuple[str | None, ...]
    """Per unit, the speaker pronouns preferred while it was read."""


def article_view(
    document: Document,
    parsed: ParsedDoc,
    index: EntityIndex,
    roles: list[Role],
    derived: list[DerivedForm],
    units: list[Unit],
) -> ArticleView:
    every_pair = quote_pairs(document.text, document.body_start)
    pairs = tuple(p for p in every_pair if is_quotation_pair(document, parsed, p))
    labels = tuple(p for p in every_pair if p not in pairs)
    blocks, lines = find_blocks(document, parsed, index)
    excluded = tuple(p.content for p in pairs) + tuple((q.span.start, q.span.end) for q in blocks)
    derived_at = {form.token: form for form in derived}
    context = speaker_context(parsed, index, tuple(roles), derived_at, excluded, document.id)
    return ArticleView(
        document,
        parsed,
        index,
        tuple(roles),
        tuple(derived),
        derived_at,
        tuple(units),
        pairs,
        labels,
        blocks,
        lines,
        context,
    )


def find_speech(view: ArticleView) -> SpeechResult:
    """Run every rule in order over the article."""
    used = tuple((q.span.start, q.span.end) for q in view.blocks) + view.block_lines
    speech = Speech(view.context, consumed=used)
    for number, unit in enumerate(view.units):
        speech = speech.enter(number)
        for rule in UNIT_RULES:
            speech = speech.fold(rule(view, speech, number, unit), number, rule.__name__)
    for article_rule in ARTICLE_RULES:
        speech = speech.fold(article_rule(view, speech), len(view.units))
    quotations = tuple(sorted(speech.quotations, key=lambda q: (q.span.start, q.kind)))
    final = replace(speech.context, recent_speaker=None)
    return SpeechResult(quotations, final, speech.recent)
