"""Quotations, direct and indirect, with speaker, cue and addressee.

Units (sentences cut at line breaks) are read in order, keeping the last attributed speaker:
- direct: quote-mark utterances, their cue in the same sentence ("…", sagte X / X sagte: "…" /
  "…", so X weiter), an attribution line ("Name, Role") under a block or pull quote, a headline
  "Name: …", or — with no cue at all — the speaker of the quotation just before (continuation);
- indirect: "laut X", "X zufolge", "nach Angaben von X", "nach Xs Einschätzung", ", so X";
  a verb of saying with its complement (content before ", sagte X" or after "X sagte, (dass) …",
  including zu-infinitives, or beside a verb-final "wie X mitteilte" clause); and Konjunktiv
  sentences continuing the last speaker's report;
- partial: an utterance in quote marks inside indirect speech is that speaker's direct quotation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from kg.extract import lexicon
from kg.extract.cues import is_finite, is_konjunktiv, is_konjunktiv_one, particle_token, reporting_lemma
from kg.extract.entities import EntityIndex
from kg.extract.quotes import (
    QuotedSpan,
    attribution_line,
    headline_speaker_span,
    is_utterance,
    line_bounds,
    quote_pairs,
    strip_span,
    trailing_attribution,
)
from kg.extract.records import Quotation, Span
from kg.extract.speakers import (
    ARTICLES,
    PREPOSITIONS,
    Speaker,
    SpeakerContext,
    oblique,
    resolve_reference,
    subject_of,
)
from kg.extract.text import fold, make_span
from kg.extract.units import Unit
from kg.ingest import Document
from kg.nlp.parsed import ParsedDoc, Token

_COMPLEMENTIZERS = {"dass", "daß", "ob"}
_COORDINATORS = {"und", "aber", "doch", "sondern"}
_CLOSING_MARKS = {"“": "„", "«": "»", "»": "«"}
"""Closing mark → its opening mark: a quote that ends the reported clause keeps its closing mark."""
_CLAUSE_END = {".", "!", "?", ";"}
_ACCORDING_TO_BEFORE = {"laut", "gemäß"}
_ACCORDING_TO_AFTER = {"zufolge"}
_ADDRESSEE_PREPOSITIONS = {"gegenüber"}
_INDEFINITE_ARTICLES = {"ein", "eine", "einer"}
_DEFINITE_SINGULAR = {"der", "die", "das", "dem", "des"}
_MAX_CHAIN_GAP = 1
_EPISTEMIC = {"dürfte", "dürften"}
"""Konjunktiv II of "dürfen" is the writer's own estimate ("das dürfte teuer werden"), not a report."""
_SUBORDINATORS = {
    *("dass", "daß", "ob", "wenn", "falls", "weil", "obwohl", "bevor", "nachdem", "sobald", "während")
}
"""Conjunctions that open an adverbial or complement clause ("als" and "wie" also compare, so
they count only when the tagger says KOUS or PWAV)."""
_SUBORDINATE_TAGS = {"KOUS", "PWAV", "PWS"}
_CLAUSE_BREAKS = {",", ";", ":", "–", "—", "-"}
_DASHES = {"–", "—"}
_NO_SPEAKER = Speaker(None, "none")

ReportOutcome = Literal["found", "unnamed", "none"]


@dataclass
class _State:
    document: Document
    parsed: ParsedDoc
    index: EntityIndex
    context: SpeakerContext
    units: list[Unit]
    quotations: list[Quotation] = field(default_factory=list)
    last_speaker: str | None = None
    last_unit: int = -10
    consumed: list[tuple[int, int]] = field(default_factory=list)
    """Ranges already used as quotation content or attribution lines."""

    def is_consumed(self, start: int, end: int) -> bool:
        return any(start < c_end and c_start < end for c_start, c_end in self.consumed)

    def is_reported(self, start: int, end: int) -> bool:
        """Is reported content at start–end already taken? A short quotation inside it, after some
        words of the report ("Er sei „sehr engagiert“, sagte sie"), is a fragment of the report."""
        return any(
            start < c_end and c_start < end and not self._is_fragment(start, end, c_start, c_end)
            for c_start, c_end in self.consumed
        )

    def _is_fragment(self, start: int, end: int, c_start: int, c_end: int) -> bool:
        lead = self.document.text[start:c_start]
        inside = start <= c_start and c_end <= end and 2 * (c_end - c_start) <= end - start
        return inside and any(ch.isalnum() for ch in lead)

    def attribute(self, speaker: str | None, unit: int) -> None:
        if speaker:
            self.last_speaker, self.last_unit = speaker, unit

    def chained_speaker(self, unit: int) -> str | None:
        return self.last_speaker if unit - self.last_unit <= _MAX_CHAIN_GAP else None

    def enter(self, unit: int) -> None:
        """Pronoun speakers prefer the person just quoted, while that report is still running."""
        self.context.recent_speaker = self.chained_speaker(unit)


def find_quotations(
    document: Document, parsed: ParsedDoc, index: EntityIndex, context: SpeakerContext, units: list[Unit]
) -> list[Quotation]:
    text = document.text
    pairs = [p for p in quote_pairs(text, document.body_start) if _is_quotation_pair(document, parsed, p)]
    state = _State(document, parsed, index, context, units)
    blocks = _block_quotes(state)
    context.excluded.extend(p.content for p in pairs)
    context.excluded.extend((q.span.start, q.span.end) for q in blocks)
    for number, unit in enumerate(units):
        state.enter(number)
        for block in blocks:
            if unit.start <= block.span.start < unit.end:
                state.quotations.append(block)
                state.attribute(block.speaker_key, number)
        _headline(state, number, unit, pairs)
        for pair in pairs:
            if unit.start <= pair.open < unit.end and not state.is_consumed(*pair.content):
                _direct(state, number, unit, pair)
        _indirect(state, number, unit)
    _partial_quotes(state, pairs)
    return sorted(state.quotations, key=lambda q: (q.span.start, q.kind))


def _is_quotation_pair(document: Document, parsed: ParsedDoc, pair: QuotedSpan) -> bool:
    start, end = pair.content
    if is_utterance(parsed, start, end):
        return True
    before = document.text[max(document.body_start, pair.open - 40) : pair.open].rstrip()
    line_start, _ = line_bounds(document.text, pair.open)
    if headline_speaker_span(document.text, line_start, pair.open) and before.endswith(":"):
        return True
    words = before.split()
    return bool(words) and words[-1] == "mit" and len(words) > 1 and _verb_like(parsed, pair.open)


def _verb_like(parsed: ParsedDoc, offset: int) -> bool:
    """Does a verb of saying stand right before "mit" ("antwortete mit „Ja“")?"""
    tokens = [t for t in parsed.tokens if t.end <= offset]
    if len(tokens) < 2:
        return False
    return reporting_lemma(parsed, tokens[-2].i, tokens[-1].i + 1) is not None


def _quotation(
    state: _State,
    span: Span,
    kind: str,
    speaker: Speaker | str | None,
    cue: Span | None,
    cue_lemma: str | None,
    confidence: float,
    addressee: str | None = None,
) -> Quotation:
    key = speaker.key if isinstance(speaker, Speaker) else speaker
    parsed = state.parsed
    sentences = tuple(
        sorted({parsed.sentence_of(span.start), parsed.sentence_of(max(span.end - 1, span.start))})
    )
    state.consumed.append((span.start, span.end))
    return Quotation(
        span=span,
        kind=kind,  # type: ignore[arg-type]
        speaker_key=key,
        sentences=sentences,
        cue=cue,
        cue_lemma=cue_lemma,
        addressee_key=addressee,
        confidence=confidence if key else min(confidence, 0.3),
    )


def _block_quotes(state: _State) -> list[Quotation]:
    """Block and pull quotes: a paragraph followed by "Name, Role", or ending with it."""
    text, document = state.document.text, state.document
    result = []
    lines = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, offset + len(line)))
        offset += len(line) + 1
    body = [(s, e) for s, e in lines if e > document.body_start and text[s:e].strip()]
    for number, (start, end) in enumerate(body):
        line = attribution_line(document, state.parsed, state.index, max(start, document.body_start), end)
        if line and number > 0:
            q_start, q_end = body[number - 1]
            content = strip_span(text, max(q_start, document.body_start), q_end)
            if _reads_as_block(state, content):
                cue, lemma = _colon_cue(state, body[number - 2] if number > 1 else None)
                result.append(_quotation(state, content, "direct", line.speaker_key, cue, lemma, 0.8))
                state.consumed.append((line.start, line.end))
            continue
        trailing = trailing_attribution(
            document, state.parsed, state.index, max(start, document.body_start), end
        )
        if trailing:
            content = strip_span(text, max(start, document.body_start), trailing.start)
            if _reads_as_block(state, content):
                result.append(_quotation(state, content, "direct", trailing.speaker_key, None, None, 0.75))
                state.consumed.append((trailing.start, trailing.end))
    return result


def _reads_as_block(state: _State, content: Span) -> bool:
    """A quoted paragraph has words and no verb of saying of its own (it is not a report)."""
    tokens = [t for t in state.parsed.tokens if content.start <= t.start < content.end]
    if len(tokens) < 3:
        return False
    return not any(reporting_lemma(state.parsed, t.i, tokens[-1].i + 1) for t in tokens)


def _colon_cue(state: _State, line: tuple[int, int] | None) -> tuple[Span | None, str | None]:
    """ "… erklärt er:" introducing a block quote on the next line."""
    if line is None or not state.document.text[line[0] : line[1]].rstrip().endswith(":"):
        return None, None
    tokens = [t for t in state.parsed.tokens if line[0] <= t.start < line[1]]
    for token in reversed(tokens):
        lemma = reporting_lemma(state.parsed, token.i, tokens[-1].i + 1)
        if lemma:
            return Span(token.start, token.end, token.text), lemma
    return None, None


def _headline(state: _State, number: int, unit: Unit, pairs: list[QuotedSpan]) -> None:
    """ "Name: …" lines: a quote in marks is direct, a paraphrase without marks indirect."""
    if not unit.line_start:
        return
    text = state.document.text
    _, line_end = line_bounds(text, unit.start)
    found = headline_speaker_span(text, unit.start, line_end)
    if not found:
        return
    name_tokens = [t for t in state.parsed.tokens if found[0] <= t.start < found[1] - 1]
    key = next(
        (state.index.token_entity.get(t.i) for t in name_tokens if t.i in state.index.token_entity), None
    )
    if key is None or state.index.label(key) not in ("PER", "ORG"):
        return
    cue = Span(found[0], found[1], text[found[0] : found[1]])
    pair = next((p for p in pairs if found[1] <= p.open < line_end), None)
    if pair and not text[found[1] : pair.open].strip():
        content = strip_span(text, *pair.content)
        state.quotations.append(_quotation(state, content, "direct", key, cue, None, 0.85))
    else:
        rest = text[found[1] : line_end]
        if len(rest.split()) > 15 or rest.rstrip().endswith((".", "?")):
            return
        content = make_span(text, found[1], line_end)
        state.quotations.append(_quotation(state, content, "indirect", key, cue, None, 0.7))
    state.attribute(key, number)


def _direct(state: _State, number: int, unit: Unit, pair: QuotedSpan) -> None:
    parsed = state.parsed
    content = strip_span(state.document.text, *pair.content)
    sentence_range = _sentence_token_range(parsed, pair)
    cue = _find_cue(state, sentence_range, pair)
    if cue:
        cue_token, lemma, cue_span = cue
        speaker = (
            _so_speaker(state, cue_token)
            if lemma == "so"
            else subject_of(state.context, cue_token, pair.content)
        )
        confidence = 0.9 if speaker.via == "name" else 0.75
        addressee = _addressee(state, sentence_range, pair.content)
        state.quotations.append(
            _quotation(state, content, "direct", speaker, cue_span, lemma, confidence, addressee)
        )
        state.attribute(speaker.key, number)
        return
    speaker_key = state.chained_speaker(number)
    if speaker_key and _fills_unit(state, pair, unit):
        state.quotations.append(_quotation(state, content, "direct", speaker_key, None, None, 0.6))
        state.attribute(speaker_key, number)


def _fills_unit(state: _State, pair: QuotedSpan, unit: Unit) -> bool:
    outside = state.document.text[unit.start : pair.open] + state.document.text[pair.close + 1 : unit.end]
    return sum(c.isalpha() for c in outside) < 3


def _sentence_token_range(parsed: ParsedDoc, pair: QuotedSpan) -> tuple[int, int]:
    first = parsed.sentences[parsed.sentence_of(pair.open)]
    last = parsed.sentences[parsed.sentence_of(pair.close)]
    end = last.end_token
    if pair.close >= last.end - 1 and parsed.sentence_of(pair.close) + 1 < len(parsed.sentences):
        following = parsed.sentences[parsed.sentence_of(pair.close) + 1]
        if parsed.text[pair.close + 1 : following.start].strip() in ("", ","):
            end = following.end_token
    return first.first_token, end


def _find_cue(state: _State, token_range: tuple[int, int], pair: QuotedSpan) -> tuple[int, str, Span] | None:
    """The reporting verb (or "so") of a quotation: after the closing mark first, then before.

    A colon right before the opening mark ("antwortete X: „…“") binds the quotation to the verb
    before it, even when another verb of saying follows ("…“, fügte er hinzu").
    """
    parsed = state.parsed
    start, end = token_range
    after = [t for t in parsed.tokens[start:end] if t.start > pair.close]
    before = [t for t in parsed.tokens[start:end] if t.end <= pair.open]
    if before and before[-1].text == ":":
        return _cue_before(state, before, pair, end) or _cue_after(state, after, pair, end)
    return _cue_after(state, after, pair, end) or _cue_before(state, before, pair, end)


def _cue_after(state: _State, after: list[Token], pair: QuotedSpan, end: int) -> tuple[int, str, Span] | None:
    """ "…“, sagte X" / "…“, so X weiter": the cue within a few tokens after the closing mark."""
    parsed, text = state.parsed, state.document.text
    for token in after[:8]:
        if "\n" in text[pair.close : token.start] or token.text in _CLAUSE_END:
            break
        if token.text[:1] in '"„“»«':
            break
        if token.text.lower() == "so" and token.i + 1 < len(parsed.tokens):
            speaker = _so_speaker(state, token.i)
            if speaker.key:
                return token.i, "so", _so_span(state, token.i, speaker)
        lemma = reporting_lemma(parsed, token.i, end)
        if lemma:
            return token.i, lemma, _cue_span(state, token.i, lemma, end)
    return None


def _cue_before(
    state: _State, before: list[Token], pair: QuotedSpan, end: int
) -> tuple[int, str, Span] | None:
    """ "X sagte: „…“": the nearest verb of saying before the opening mark, on the same line."""
    for token in reversed(before):
        if "\n" in state.document.text[token.end : pair.open]:
            break
        lemma = reporting_lemma(state.parsed, token.i, end)
        if lemma:
            return token.i, lemma, _cue_span(state, token.i, lemma, end)
    return None


def _cue_span(state: _State, i: int, lemma: str, end_token: int) -> Span:
    last = particle_token(state.parsed, i, lemma, end_token)
    return make_span(state.document.text, state.parsed.tokens[i].start, state.parsed.tokens[last].end)


def _so_speaker(state: _State, i: int) -> Speaker:
    """ "…, so Name (weiter)" — the name, pronoun or description right after "so"."""
    tokens = state.parsed.tokens
    for j in range(i + 1, min(i + 5, len(tokens))):
        if tokens[j].text in _CLAUSE_END or tokens[j].text == ",":
            break
        resolved = resolve_reference(state.context, j)
        if resolved.key:
            return resolved
    return Speaker(None, "none")


def _so_span(state: _State, i: int, speaker: Speaker) -> Span:
    tokens = state.parsed.tokens
    last = speaker.token if speaker.token is not None else i
    while last + 1 < len(tokens) and state.index.token_entity.get(last + 1) == speaker.key and speaker.key:
        last += 1
    if last + 1 < len(tokens) and tokens[last + 1].text.lower() == "weiter":
        last += 1
    return make_span(state.document.text, tokens[i].start, tokens[last].end)


def _addressee(state: _State, token_range: tuple[int, int], content: tuple[int, int]) -> str | None:
    """ "gegenüber dem RND", "sagte X dem RND", "in einem Interview mit Y"."""
    tokens = state.parsed.tokens[token_range[0] : token_range[1]]
    for k, token in enumerate(tokens):
        if content[0] <= token.start < content[1]:
            continue
        word = token.text.lower()
        opens = word in _ADDRESSEE_PREPOSITIONS or (
            word == "mit" and k > 0 and "interview" in fold(tokens[k - 1].text)
        )
        if opens:
            for nxt in tokens[k + 1 : k + 5]:
                key = state.index.token_entity.get(nxt.i)
                if key and state.index.label(key) in ("ORG", "PER"):
                    return key
    return None


def _indirect(state: _State, number: int, unit: Unit) -> None:
    tokens = [t for t in state.parsed.tokens[unit.first_token : unit.end_token]]
    if not tokens or (state.is_consumed(unit.start, unit.end) and _mostly_consumed(state, unit)):
        return
    according = _according_to(state, number, unit, tokens)
    if according == "found":
        return
    if _reporting_clause(state, number, unit, tokens) == "none" and according == "none":
        _konjunktiv_continuation(state, number, unit, tokens)


def _mostly_consumed(state: _State, unit: Unit) -> bool:
    covered = 0
    for start, end in state.consumed:
        covered += max(0, min(end, unit.end) - max(start, unit.start))
    return covered >= 0.6 * (unit.end - unit.start)


def _content(state: _State, unit: Unit, cue: tuple[int, int] | None) -> Span:
    """The unit without a peripheral cue; an interleaved cue stays inside the content."""
    text = state.document.text
    start, end = unit.start, unit.end
    while end > start and text[end - 1] in ".!?;:":
        end -= 1
    if cue and cue[0] <= start + 1:
        start = cue[1]
    elif cue and cue[1] >= end - 1:
        end = cue[0]
    return make_span(text, start, end, strip=" \t\n,;:–—-")


def _according_to(state: _State, number: int, unit: Unit, tokens: list[Token]) -> ReportOutcome:
    """ "laut X", "X zufolge", "nach Angaben von X", "nach Xs Einschätzung", ", so X".

    `unnamed` when such a phrase names a source that is no entity and no role ("laut Experten",
    ", so der Vorwurf"): the unit then reports that source, not the last speaker.
    """
    outcome: ReportOutcome = "none"
    for k, token in enumerate(tokens):
        word = token.text.lower()
        span_tokens: list[Token] = []
        if word in _ACCORDING_TO_BEFORE:
            span_tokens = tokens[k : k + _source_reach(tokens, k)]
        elif word in _ACCORDING_TO_AFTER:
            span_tokens = tokens[max(0, k - 5) : k + 1]
        elif word == "nach" and any(fold(t.text) in lexicon.speech_nouns() for t in tokens[k + 1 : k + 4]):
            span_tokens = tokens[k : k + _source_reach(tokens, k)]
        elif word == "so" and k > 0 and tokens[k - 1].text == ",":
            span_tokens = tokens[k : k + 4]
        else:
            continue
        found = _source_in(state, span_tokens, anchor=token)
        if not found:
            if _unnamed_source(state, span_tokens, token):
                outcome = "unnamed"
            continue
        key, last = found
        first_tok, last_tok = (
            (token, last) if word != "zufolge" else (_first_of(state, last, span_tokens), token)
        )
        cue = make_span(state.document.text, first_tok.start, last_tok.end)
        if word == "so" and last.i + 1 < len(state.parsed.tokens):
            following = state.parsed.tokens[last.i + 1]
            if following.text.lower() == "weiter":
                cue = make_span(state.document.text, first_tok.start, following.end)
        content = _content(state, unit, (cue.start, cue.end))
        if len(content.text.split()) < 2 or state.is_reported(content.start, content.end):
            continue
        lemma = "so" if word == "so" else word
        state.quotations.append(_quotation(state, content, "indirect", key, cue, lemma, 0.8))
        state.attribute(key, number)
        return "found"
    return outcome


def _source_reach(tokens: list[Token], k: int) -> int:
    """How many tokens from `k` a source phrase may take: six, or nine when it names its channel
    ("laut einem Bericht der britischen Zeitung X", "nach Informationen des Senders X")."""
    speech_noun = any(fold(t.text) in lexicon.speech_nouns() for t in tokens[k + 1 : k + 4])
    return 9 if speech_noun else 6


def _unnamed_source(state: _State, span_tokens: list[Token], anchor: Token) -> bool:
    """Does the phrase name its source by a noun that is no person seen before: a report ("laut
    einem Bericht", "Berichten zufolge", ", so der Vorwurf") or a bare or indefinite noun
    ("laut Experten", "laut einem Beamten")? A definite description ("so der Sozialdemokrat",
    "laut dem Minister") may still be the last speaker, and "laut" with no noun after it is the
    adjective ("sprach laut")."""
    if state.context.is_excluded(anchor.start):
        return False
    if anchor.text.lower() in _ACCORDING_TO_AFTER:
        phrase = [t for t in span_tokens if t.i >= anchor.i - 2 and t.i != anchor.i]
    else:
        phrase = []
        for token in (t for t in span_tokens if t.i > anchor.i):
            if not token.text[:1].isalpha():
                break
            phrase.append(token)
            if token.text[:1].isupper() and fold(token.text) not in lexicon.speech_nouns():
                break
    nouns = [t for t in phrase if t.text[:1].isupper()]
    if any(fold(t.text) in lexicon.speech_nouns() for t in nouns):
        return True
    definite = len(phrase) > 1 and phrase[-2].text.lower() in _DEFINITE_SINGULAR
    return bool(nouns) and anchor.text.lower() != "so" and not definite


def _first_of(state: _State, last: Token, span_tokens: list[Token]) -> Token:
    """Start of the source phrase before "zufolge": back over its article and modifiers."""
    first = last
    for token in reversed([t for t in span_tokens if t.i < last.i]):
        if token.text in (",", ".", ";", ":"):
            break
        if (
            token.text[:1].isupper()
            and token.i not in state.index.token_entity
            and not lexicon.role_head(token.text)
        ):
            break
        first = token
    return first


def _source_in(state: _State, tokens: list[Token], anchor: Token) -> tuple[str, Token] | None:
    """The named source in a cue phrase: a mention, a compound ("Bloomberg-Bericht"), or a pronoun."""
    for token in tokens:
        if token.i == anchor.i:
            continue
        key = state.index.token_entity.get(token.i)
        if key and state.index.label(key) in ("PER", "ORG"):
            last = token
            while state.index.token_entity.get(last.i + 1) == key:
                last = state.parsed.tokens[last.i + 1]
            return key, last
        derived = state.context.derived.get(token.i)
        if derived and "-" in token.text and fold(token.text.split("-")[-1]) in lexicon.speech_nouns():
            return derived.entity_key, token
        if anchor.text.lower() == "so":
            resolved = resolve_reference(state.context, token.i)
            if resolved.key:
                return resolved.key, token
    return None


def _reporting_clause(state: _State, number: int, unit: Unit, tokens: list[Token]) -> ReportOutcome:
    """A verb of saying with its complement clause, before or after it.

    `unnamed` when the unit reports a source that is neither named nor described ("Kritisiert
    wurde, dass …", "Kritiker warnten, …"): its Konjunktiv then belongs to that source, not to
    the last speaker. (An unresolved role description, "der Fraktionschef", is not unnamed.)
    """
    end_token = unit.end_token
    outcome: ReportOutcome = "none"
    for k, token in enumerate(tokens):
        if state.context.is_excluded(token.start):
            continue
        lemma = reporting_lemma(state.parsed, token.i, end_token)
        if not lemma:
            continue
        after = _complement_after(state, unit, tokens, k)
        if _passive(tokens, token):
            outcome = "unnamed" if after else outcome
            continue
        wie = _wie_clause(state, tokens, k)
        if wie is not None:
            content, speaker = wie
        else:
            content = _complement_before(state, unit, tokens, k) or after
            speaker = subject_of(state.context, token.i, (content.start, content.end) if content else None)
        if speaker.key is None and _elided_subject(tokens, k):
            content = after
            speaker = Speaker(state.last_speaker if state.last_unit == number else None, "context")
        state.attribute(speaker.key, number)
        if content is not None and (speaker.via == "none" or _indefinite(state, speaker)):
            outcome = "unnamed"
        if content is None or speaker.key is None or state.is_reported(content.start, content.end):
            continue
        confidence = 0.8 if speaker.via == "name" else 0.65
        cue = _cue_span(state, token.i, lemma, end_token)
        state.quotations.append(_quotation(state, content, "indirect", speaker, cue, lemma, confidence))
        return "found"
    return outcome


def _indefinite(state: _State, speaker: Speaker) -> bool:
    """ "Eine Sprecherin betonte, …": an unresolved description with an indefinite article
    introduces someone new, never the person quoted before."""
    if speaker.key or speaker.token is None or speaker.token == 0:
        return False
    return state.parsed.tokens[speaker.token - 1].text.lower() in _INDEFINITE_ARTICLES


def _elided_subject(tokens: list[Token], k: int) -> bool:
    """ "…, fügte aber hinzu, dass …": a verb of saying that opens a coordinated clause shares the
    subject of the clause before it (only used within one unit, where that speaker was found);
    its content is then the complement after it, not the clause before the comma."""
    return k > 0 and (tokens[k - 1].text == "," or tokens[k - 1].text.lower() in _COORDINATORS)


def _passive(tokens: list[Token], verb: Token) -> bool:
    """ "Kritisiert wurde, dass …", "…, wird er gefragt": a passive verb of saying names no speaker.

    "wurde" anywhere in the unit marks it; the present "wird"/"werden" only next to the participle,
    since they are also the future auxiliary of a reported clause ("sagte, dass es schwer wird")."""
    if not (verb.tag == "VVPP" or verb.has_feature("VerbForm", "Part")):
        return False
    return any(
        t.lemma == "werden"
        and (
            t.text.lower().startswith("wurd")
            or (t.text.lower() in ("wird", "werden") and abs(t.i - verb.i) <= 3)
        )
        for t in tokens
    )


def _complement_before(state: _State, unit: Unit, tokens: list[Token], k: int) -> Span | None:
    """ "<clause>, sagte X" / "<clause>, ließ X erklären": a finite clause before the comma that
    opens the cue clause, with the verb of saying or its finite auxiliary right after the comma.

    A fronted adverbial clause ("Als X fragte, …, antwortete Y") is not reported content: a clause
    that opens with a subordinating conjunction needs a main clause of its own before the cue.
    """
    comma = _cue_clause_comma(tokens, k)
    if comma is None or comma < 1:
        return None
    clause = tokens[:comma]
    if not any(is_finite(t) for t in clause) or not _has_main_clause(clause):
        return None
    text = state.document.text
    span = make_span(text, tokens[0].start, tokens[comma - 1].end, strip=' \t\n,;:–—-"„“»«')
    closing = text[span.end : span.end + 1]
    if closing in _CLOSING_MARKS and _CLOSING_MARKS[closing] in span.text:
        return make_span(text, span.start, span.end + 1)
    return span


def _wie_clause(state: _State, tokens: list[Token], k: int) -> tuple[Span, Speaker] | None:
    """ "<clause>, wie X am Montag mitteilte." / "Wie X sagte, <clause>.": a "wie" clause ending in
    a verb of saying attributes the main clause beside it, in the indicative too; its speaker is
    the clause's first noun phrase.

    Comparisons ("so hoch wie …") are not such clauses: the "wie" must open the unit (or follow
    its dateline, "Paris – Wie …") or a comma, and the verb of saying (with at most its
    auxiliaries) must close the "wie" clause.
    """
    opener = _wie_opener(tokens, k)
    close = _verb_final_close(tokens, k)
    if opener is None or close is None or _demonstrative_object(tokens, opener + 1):
        return None
    before, after = tokens[: max(0, opener - 1)], tokens[close + 1 :]
    comma_after = close < len(tokens) and tokens[close].text == "," and bool(after)
    if opener == 0 or tokens[opener - 1].text in _DASHES:
        if not comma_after:
            return None
        clause = after
    elif comma_after:  # "X werde, wie sie sagte, auch …": the clause around it, the cue inside
        commas = [j for j, t in enumerate(before) if t.text == ","]
        clause = before[commas[-1] + 1 if commas else 0 :] + after
    elif before and _has_main_clause(before):
        clause = before
    else:
        return None
    while clause and clause[-1].text in _CLAUSE_END:
        clause = clause[:-1]
    if not any(is_finite(t) for t in clause):
        return None
    content = make_span(state.document.text, clause[0].start, clause[-1].end, strip=" \t\n,;:–—-")
    return content, _first_noun_phrase(state, tokens[opener + 1 : k])


def _first_noun_phrase(state: _State, clause: list[Token]) -> Speaker:
    """The speaker of a verb-final clause: the first word that names, describes or refers to one,
    outside oblique noun phrases (`oblique`). The subject comes first there, an addressee later
    ("wie eine Sprecherin der APA bestätigte": the spokeswoman, not the agency she spoke to)."""
    for token in clause:
        if oblique(state.context, token.i):
            continue
        speaker = resolve_reference(state.context, token.i)
        if speaker.key or speaker.via != "none":
            return speaker
    return _NO_SPEAKER


def _demonstrative_object(tokens: list[Token], i: int) -> bool:
    """ "…, wie das die Partei fordert": "das" as the object of the verb (an article follows it, not
    an adjective or noun as after the article "das") makes the clause a comparison of manner, not
    the source of what it is beside."""
    if tokens[i].text.lower() not in ("das", "dies", "dieses") or i + 1 >= len(tokens):
        return False
    return tokens[i + 1].text.lower() in ARTICLES or tokens[i + 1].tag.startswith("V")


def _wie_opener(tokens: list[Token], k: int) -> int | None:
    """Index of the "wie" that opens the clause of the verb at `k`: the unit's first word, or right
    after a comma or dash, with no clause break between it and the verb (at most nine words)."""
    for j in range(k - 1, max(-1, k - 10), -1):
        word = tokens[j].text
        if word in _CLAUSE_BREAKS or word in _CLAUSE_END:
            return None
        if word.lower() == "wie":
            return j if j == 0 or tokens[j - 1].text in {",", *_DASHES} else None
    return None


def _verb_final_close(tokens: list[Token], k: int) -> int | None:
    """Where the clause of the verb at `k` ends (a comma, the unit's end, a sentence mark) when only
    verbs follow the verb ("mitgeteilt hatte", "sagen ließ"); None when anything else does."""
    for j in range(k + 1, len(tokens)):
        if tokens[j].text == "," or tokens[j].text in _CLAUSE_END:
            return j
        if not tokens[j].tag.startswith("V"):
            return None
    return len(tokens)


def _cue_clause_comma(tokens: list[Token], k: int) -> int | None:
    """Index of the comma right before the cue clause: before the verb itself, or before the finite
    verb that precedes it with only its subject in between ("…, ließ X in Y erklären")."""
    if k >= 1 and tokens[k - 1].text == ",":
        return k - 1
    for j in range(k - 1, max(0, k - 6), -1):
        word = tokens[j].text
        if word in _CLAUSE_END or word in (",", ":") or word.lower() in _COORDINATORS:
            return None
        if tokens[j - 1].text == "," and is_finite(tokens[j]):
            return j - 1
    return None


def _has_main_clause(clause: list[Token]) -> bool:
    """Not just a fronted subordinate clause: it does not open with a conjunction like "wenn",
    "weil", "nachdem" (or a tagged "wie"/"als" with the verb at the end: "Wie die Zeitung
    berichtet, …"), or after the comma-separated subordinate parts a finite verb opens the main clause."""
    opener = clause[0].text.lower()
    comparative = clause[0].tag in _SUBORDINATE_TAGS and is_finite(clause[-1])
    if (opener not in _SUBORDINATORS and not comparative) or opener in _COMPLEMENTIZERS:
        return True
    return any(a.text == "," and is_finite(b) for a, b in pairwise(clause))


def _complement_after(state: _State, unit: Unit, tokens: list[Token], k: int) -> Span | None:
    """ "X sagte(,) dass …", "X betonte, <Konjunktiv clause>", "kündigte an, … zu <verb>"."""
    for j in range(k + 1, min(k + 10, len(tokens))):
        if tokens[j].text in (",", ":"):
            break
        if tokens[j].text in _CLAUSE_END:
            return None
    else:
        return None
    start = j + 1
    if start >= len(tokens):
        return None
    if tokens[start].text.lower() in _COMPLEMENTIZERS:
        start += 1
        marked = True
    else:
        clause = tokens[start:]
        marked = any(is_konjunktiv(t, tuple(clause)) and is_finite(t) for t in clause) or _zu_infinitive(
            clause
        )
        if _relative_start(tokens, start):
            marked = False
    if not marked or start >= len(tokens):
        return None
    end = len(tokens)
    for m in range(start + 1, len(tokens)):
        if tokens[m].text == ";":
            end = m
            break
        if (
            tokens[m].text.lower() == "und"
            and m + 1 < len(tokens)
            and reporting_lemma(state.parsed, tokens[m + 1].i, unit.end_token)
        ):
            end = m
            break
    last = end - 1
    while last > start and tokens[last].text in _CLAUSE_END:
        last -= 1
    return make_span(state.document.text, tokens[start].start, tokens[last].end, strip=" \t\n,;:–—-")


def _relative_start(tokens: list[Token], i: int) -> bool:
    """ "…, der gestern kam" (a relative clause) rather than "…, die Stadt habe" (an article)."""
    if tokens[i].tag:
        return tokens[i].tag in ("PRELS", "PWAV", "PWS")
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    return tokens[i].text.lower() in ("der", "die", "das", "wie") and not following[:1].isupper()


def _zu_infinitive(clause: list[Token]) -> bool:
    for a, b in pairwise(clause):
        if b.tag == "VVIZU" or (a.text == "zu" and (b.tag.endswith("INF") or b.pos in ("VERB", "AUX"))):
            return True
    return any(t.tag == "VVIZU" for t in clause)


def _konjunktiv_continuation(state: _State, number: int, unit: Unit, tokens: list[Token]) -> None:
    """A Konjunktiv main clause with no cue of its own continues the report of the last speaker.

    Konjunktiv I is reported speech even after a non-speech sentence (the speaker is then the
    first person named in the previous unit); Konjunktiv II needs an attributed unit right before.
    """
    verbs = [t for t in tokens if is_finite(t) and is_konjunktiv(t, tuple(tokens))]
    verbs = [
        t
        for t in verbs
        if not state.context.is_excluded(t.start)
        and not _subordinate(tokens, t)
        and t.text.lower() not in _EPISTEMIC
    ]
    if not verbs:
        return
    strong = any(is_konjunktiv_one(t) for t in verbs)
    frame = _trailing_frame(state, tokens, verbs[0])
    speaker = frame[0] if frame else state.chained_speaker(number)
    if speaker is None and strong and number > 0:
        speaker = _first_person_in(state, state.units[number - 1])
    if speaker is None:
        return
    content = _content(state, unit, (frame[1], unit.end) if frame else None)
    if state.is_reported(content.start, content.end) or len(content.text.split()) < 3:
        return
    verb = verbs[0]
    cue = Span(verb.start, verb.end, verb.text)
    state.quotations.append(
        _quotation(state, content, "indirect", speaker, cue, verb.lemma, 0.6 if strong else 0.5)
    )
    state.attribute(speaker, number)


def _subordinate(tokens: list[Token], verb: Token) -> bool:
    """Is the verb in a clause opened by a conjunction or wh-word ("wenn es nötig sein sollte",
    "wie das geschehen könnte", "ob er komme")? Konjunktiv there is conditional or an indirect
    question; only a Konjunktiv in a main clause, or a Konjunktiv I in a relative clause ("eine
    Entwicklung, die sich nur in eine Richtung bewege"), marks a sentence as reported speech."""
    first = tokens[0]
    for token in tokens:
        if token.i >= verb.i:
            break
        if token.text in _CLAUSE_BREAKS:
            first = None
        elif first is None:
            first = token
    if first is None or not _verb_final(tokens, verb):
        return False
    if first.tag == "PRELS" or "Rel" in first.morph:
        return first is not tokens[0] and not is_konjunktiv_one(verb)
    return first.tag in _SUBORDINATE_TAGS or first.text.lower() in _SUBORDINATORS


def _verb_final(tokens: list[Token], verb: Token) -> bool:
    """German subordinate clauses end in their finite verb; a verb followed by more words is in
    second position of a main clause ("Wie alle Menschen hätten auch Kinder …")."""
    following = [t for t in tokens if t.i > verb.i]
    return not following or following[0].text in _CLAUSE_BREAKS or following[0].text in _CLAUSE_END


def _trailing_frame(state: _State, tokens: list[Token], verb: Token) -> tuple[str, int] | None:
    """ "Die Kosten seien hoch, begründet X seinen Antrag": a main clause that opens with its
    finite verb after the reported clause is the report's frame, whatever the verb; its named
    subject is the speaker, before any continuation. Returns the speaker and where the frame starts."""
    for comma, following in pairwise(tokens):
        if comma.i > verb.i and comma.text == "," and is_finite(following) and not is_konjunktiv(following):
            speaker = subject_of(state.context, following.i, (tokens[0].start, comma.start))
            after_verb = speaker.token is not None and speaker.token > following.i
            if speaker.key and speaker.via == "name" and after_verb:
                return speaker.key, comma.start
    return None


def _first_person_in(state: _State, unit: Unit) -> str | None:
    """The first person named in the unit outside a prepositional phrase ("der Partei von X"),
    where a name is no subject and so no likely speaker."""
    tokens = state.parsed.tokens
    for i in range(unit.first_token, unit.end_token):
        key = state.index.token_entity.get(i)
        if key and state.index.label(key) == "PER" and state.index.token_entity.get(i - 1) != key:
            if key in state.context.doubtful_people:
                continue
            if not _governed(tokens, i, unit.first_token):
                return key
    return None


def _governed(tokens: tuple[Token, ...], i: int, first: int) -> bool:
    """Is the name at `i` inside a prepositional phrase? Back over titles and adjectives to the
    word that opens its noun phrase."""
    j = i - 1
    while j >= first and (tokens[j].text[:1].isupper() or tokens[j].tag == "ADJA") and tokens[j].tag != "ART":
        j -= 1
    while j >= first and tokens[j].text.lower() in ARTICLES:
        j -= 1
    return j >= first and (tokens[j].tag in ("APPR", "APPRART") or tokens[j].text.lower() in PREPOSITIONS)


def _partial_quotes(state: _State, pairs: list[QuotedSpan]) -> None:
    """Utterances in quote marks inside indirect speech: the reported speaker's own words."""
    indirect = [q for q in state.quotations if q.kind == "indirect" and q.speaker_key]
    for pair in pairs:
        start, end = pair.content
        if any(q.kind == "direct" and q.span.start <= start < q.span.end for q in state.quotations):
            continue
        for quotation in indirect:
            if quotation.span.start <= start and end <= quotation.span.end:
                content = strip_span(state.document.text, start, end)
                state.quotations.append(
                    _quotation(
                        state,
                        content,
                        "direct",
                        quotation.speaker_key,
                        quotation.cue,
                        quotation.cue_lemma,
                        0.6,
                    )
                )
                break
