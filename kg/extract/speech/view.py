"""The two values every speech rule reads: the article (`ArticleView`, fixed) and what the rules
before it found (`Speech`, grown only by folding a rule's `Additions` into a new value)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from kg.extract.derived import DerivedForm
from kg.extract.entities import EntityIndex
from kg.extract.quotes import QuotedSpan
from kg.extract.records import Quotation, Span
from kg.extract.roles import Role
from kg.extract.speakers import Introduced, Speaker, SpeakerContext
from kg.extract.units import Unit
from kg.extract.weights import WEIGHTS
from kg.ingest import Document
from kg.nlp.parsed import ParsedDoc

ReportOutcome = Literal["found", "unnamed", "none"]


@dataclass(frozen=True)
class ArticleView:
    """Everything about one article that no speech rule changes."""

    document: Document
    parsed: ParsedDoc
    index: EntityIndex
    roles: tuple[Role, ...]
    derived: tuple[DerivedForm, ...]
    derived_at: Mapping[int, DerivedForm]
    units: tuple[Unit, ...]
    pairs: tuple[QuotedSpan, ...]
    """Quote-mark pairs whose content reads as a quotation."""
    labels: tuple[QuotedSpan, ...]
    """The other quote-mark pairs: names, titles, scare quotes — or words a verb of naming quotes."""
    blocks: tuple[Quotation, ...]
    """Block and pull quotes (a paragraph with a "Name, Role" line), found before any unit is read."""
    block_lines: tuple[tuple[int, int], ...]
    """Their attribution lines."""
    context: SpeakerContext
    """Speaker resolution at the article's start; quotation contents and blocks excluded."""

    @property
    def text(self) -> str:
        return self.document.text


@dataclass(frozen=True)
class Additions:
    """What one rule found: quotations, ranges it used up, the speaker the unit is attributed to
    (the last one given wins), institutions its speakers introduced, and its outcome."""

    quotations: tuple[Quotation, ...] = ()
    consumed: tuple[tuple[int, int], ...] = ()
    speaker: str | None = None
    introduced: Mapping[int, Introduced] = field(default_factory=dict)
    outcome: ReportOutcome = "none"

    def __add__(self, other: Additions) -> Additions:
        return Additions(
            self.quotations + other.quotations,
            self.consumed + other.consumed,
            other.speaker or self.speaker,
            {**self.introduced, **other.introduced},
            other.outcome,
        )


NOTHING = Additions()


def heard(*speakers: Speaker) -> Mapping[int, Introduced]:
    """The institutions and described sources that these resolved speakers introduce."""
    found: dict[int, Introduced] = dict(s.institution for s in speakers if s.institution is not None)
    found.update((s.source.token, s.source) for s in speakers if s.source is not None)
    found.update((s.token, s.reference) for s in speakers if s.reference is not None and s.token is not None)
    return found


@dataclass(frozen=True)
class Speech:
    """The quotations found so far and what the next rule needs to know about the reading."""

    context: SpeakerContext
    quotations: tuple[Quotation, ...] = ()
    consumed: tuple[tuple[int, int], ...] = ()
    """Ranges already used as quotation content or attribution lines."""
    last_speaker: str | None = None
    last_unit: int = -10
    outcomes: tuple[tuple[str, ReportOutcome], ...] = ()
    """Outcome of each rule on the current unit, by rule name."""
    recent: tuple[str | None, ...] = ()
    """The speaker pronouns prefer in each unit read so far (`SpeakerContext.recent_speaker`)."""

    def fold(self, added: Additions, unit: int, rule: str = "") -> Speech:
        """This reading with a rule's additions on unit `unit`."""
        if added is NOTHING or added == NOTHING:
            return self
        speaker = added.speaker
        return Speech(
            self.context.with_introduced(added.introduced),
            self.quotations + added.quotations,
            self.consumed + added.consumed,
            speaker or self.last_speaker,
            unit if speaker else self.last_unit,
            (*self.outcomes, (rule, added.outcome)) if rule else self.outcomes,
            self.recent,
        )

    def enter(self, unit: int) -> Speech:
        """Pronoun speakers prefer the person just quoted, while that report is still running."""
        recent = self.chained_speaker(unit)
        context = self.context
        if context.recent_speaker != recent:
            context = replace(context, recent_speaker=recent)
        return Speech(
            context,
            self.quotations,
            self.consumed,
            self.last_speaker,
            self.last_unit,
            (),
            (*self.recent, recent),
        )

    def outcome(self, rule: str) -> ReportOutcome:
        return next((o for name, o in self.outcomes if name == rule), "none")

    def chained_speaker(self, unit: int) -> str | None:
        return self.last_speaker if unit - self.last_unit <= WEIGHTS.max_chain_gap else None

    def is_consumed(self, start: int, end: int) -> bool:
        return any(start < c_end and c_start < end for c_start, c_end in self.consumed)

    def is_reported(self, text: str, start: int, end: int) -> bool:
        """Is reported content at start–end already taken? A short quotation inside it, after some
        words of the report ("Er sei „sehr engagiert“, sagte sie"), is a fragment of the report."""
        return any(
            start < c_end and c_start < end and not _is_fragment(text, start, end, c_start, c_end)
            for c_start, c_end in self.consumed
        )

    def taken(self, unit: Unit) -> bool:
        """Is most of the unit (60 %) already quotation content?"""
        if not self.is_consumed(unit.start, unit.end):
            return False
        covered = 0
        for start, end in self.consumed:
            covered += max(0, min(end, unit.end) - max(start, unit.start))
        return covered >= WEIGHTS.mostly_consumed * (unit.end - unit.start)


def _is_fragment(text: str, start: int, end: int, c_start: int, c_end: int) -> bool:
    lead = text[start:c_start]
    inside = start <= c_start and c_end <= end and 2 * (c_end - c_start) <= end - start
    return inside and any(ch.isalnum() for ch in lead)


def quote(
    view: ArticleView,
    span: Span,
    kind: str,
    speaker: Speaker | str | None,
    cue: Span | None,
    cue_lemma: str | None,
    confidence: float,
    addressee: str | None = None,
) -> Quotation:
    """A quotation record; one without a speaker gets at most `unattributed_cap`."""
    key = speaker.key if isinstance(speaker, Speaker) else speaker
    parsed = view.parsed
    sentences = tuple(
        sorted({parsed.sentence_of(span.start), parsed.sentence_of(max(span.end - 1, span.start))})
    )
    return Quotation(
        span=span,
        kind=kind,  # type: ignore[arg-type]
        speaker_key=key,
        sentences=sentences,
        cue=cue,
        cue_lemma=cue_lemma,
        addressee_key=addressee,
        confidence=confidence if key else min(confidence, WEIGHTS.unattributed_cap),
    )


def found(quotation: Quotation, speaker: Speaker | str | None = None, *also: Speaker) -> Additions:
    """A rule's quotation as additions: its content used up, the unit attributed to `speaker`."""
    key = speaker.key if isinstance(speaker, Speaker) else speaker
    speakers = [s for s in (speaker, *also) if isinstance(s, Speaker)]
    return Additions(
        quotations=(quotation,),
        consumed=((quotation.span.start, quotation.span.end),),
        speaker=key,
        introduced=heard(*speakers),
        outcome="found",
    )
