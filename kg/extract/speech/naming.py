"""Quote marks that no cue claimed: a few words quoted by a verb of naming ("nannte den Plan
„unverantwortlich“"), and utterances with no speaker at all, which are published unresolved
rather than dropped (consumers filter by `kg:speakerUnresolved` and confidence)."""

from __future__ import annotations

from kg.extract.cues import is_finite, verb_lemma
from kg.extract.lexicon import reporting_verbs
from kg.extract.quotes import QuotedSpan, strip_span
from kg.extract.records import Span
from kg.extract.speakers import subject_of
from kg.extract.speech.view import NOTHING, Additions, ArticleView, Speech, found, quote
from kg.extract.weights import WEIGHTS
from kg.lang import words
from kg.nlp.parsed import ParsedDoc

_NAMING_VERBS = {
    *("bezeichnen", "nennen", "sprechen", "warnen", "werten", "loben", "kritisieren", "würdigen"),
    *("titulieren", "beschreiben", "charakterisieren", "kennzeichnen", "betiteln", "schimpfen"),
}
"""Verbs that quote a few words as their subject's name for something ("nannte es „Wortbruch“")."""


def named_by_verb(view: ArticleView, speech: Speech) -> Additions:
    """ "X bezeichnete die Gespräche als „echten Erfolg“", "nannte das Vorgehen »bedauerlich«",
    "sprach von einer „Zeitungsente“": a short quote that a verb of naming or saying governs, in
    the same clause before it, is its subject's words (a partial quotation), not a label. Of two
    quotes in one clause ("nennt den „Plan“ nur noch „Konzept“") only the later is the name."""
    tokens, text = view.parsed.tokens, view.text
    added = NOTHING
    for k, pair in enumerate(view.labels):
        following = view.labels[k + 1] if k + 1 < len(view.labels) else None
        if speech.is_consumed(*pair.content) or _same_clause(text, pair, following):
            continue
        before = [t for t in tokens if t.end <= pair.open][-WEIGHTS.naming_reach :]
        for token in reversed(before):
            if token.text in words.CLAUSE_BREAKS or token.text in words.CLAUSE_END:
                break
            if verb_lemma(token, reporting_verbs()) not in _NAMING_VERBS or not is_finite(token):
                continue
            speaker = subject_of(speech.context, token.i, pair.content)
            if speaker.key:
                content = strip_span(text, *pair.content)
                cue = Span(token.start, token.end, token.text)
                added = added + found(
                    quote(view, content, "direct", speaker, cue, token.lemma, WEIGHTS.named_by_verb), speaker
                )
            break
    return added


def _same_clause(text: str, pair: QuotedSpan, following: QuotedSpan | None) -> bool:
    if following is None:
        return False
    gap = text[pair.close + 1 : following.open]
    return len(gap) < 30 and not any(mark in gap for mark in ",.;:!?")


def unattributed_quotes(view: ArticleView, speech: Speech) -> Additions:
    """Utterances in quote marks that no rule attributed are still published, without a speaker:
    a clause of its own (a finite verb and four words, not a title in capitals)."""
    added = NOTHING
    for pair in view.pairs:
        start, end = pair.content
        quotations = speech.quotations + added.quotations
        if any(q.span.start <= start < q.span.end for q in quotations):
            continue
        if _reads_as_clause(view.parsed, start, end):
            content = strip_span(view.text, start, end)
            added = added + found(quote(view, content, "direct", None, None, None, WEIGHTS.unattributed_cap))
    return added


def _reads_as_clause(parsed: ParsedDoc, start: int, end: int) -> bool:
    tokens = [t for t in parsed.tokens if start <= t.start < end and t.text[:1].isalpha()]
    if len(tokens) < 4 or not any(is_finite(t) for t in tokens):
        return False
    return sum(t.text[:1].isupper() for t in tokens[1:]) < 0.6 * (len(tokens) - 1)
