"""Quote marks that no cue claimed: a few words quoted by a verb of naming ("nannte den Plan
„unverantwortlich“"), and utterances with no speaker at all, which are published unresolved
rather than dropped (consumers filter by `kg:speakerUnresolved` and confidence)."""

from __future__ import annotations

from kg.extract.cues import is_finite, reporting_lemma, verb_lemma
from kg.extract.lexicon import reporting_verbs
from kg.extract.quotes import QuotedSpan, strip_span
from kg.extract.records import Span
from kg.extract.speakers import subject_of
from kg.extract.speech.clauses import passive
from kg.extract.speech.view import NOTHING, Additions, ArticleView, Speech, found, quote
from kg.extract.weights import WEIGHTS
from kg.lang import words
from kg.nlp.parsed import ParsedDoc, Token

_NAMING_VERBS = {
    *("bezeichnen", "nennen", "sprechen", "warnen", "werten", "loben", "kritisieren", "würdigen"),
    *("titulieren", "beschreiben", "charakterisieren", "kennzeichnen", "betiteln", "schimpfen"),
}
"""Verbs that quote a few words as their subject's name for something ("nannte es „Wortbruch“")."""


def named_by_verb(view: ArticleView, speech: Speech) -> Additions:
    """ "X bezeichnete die Gespräche als „echten Erfolg“", "nannte das Vorgehen »bedauerlich«",
    "Von einer „gezielten Indiskredition“ sprach X", "wies das als „Unverschämtheit“ zurück": a
    short quote that a verb of naming governs in its clause (before or after it), or that "als"
    ties to any verb of saying there, is its subject's words (a partial quotation), not a label —
    unless the verb is passive ("der oft als „X“ bezeichnet wird"). Of two quotes in one clause
    ("nennt den „Plan“ nur noch „Konzept“") only the later is the name."""
    text = view.text
    added = NOTHING
    for k, pair in enumerate(view.labels):
        following = view.labels[k + 1] if k + 1 < len(view.labels) else None
        if speech.is_consumed(*pair.content) or _same_clause(text, pair, following):
            continue
        clause = _clause_around(view, pair)
        if _in_other_phrase(clause, pair):
            continue
        verb = _naming_verb(view, clause, pair)
        if verb is None or passive(clause, verb):
            continue
        speaker = subject_of(speech.context, verb.i, pair.content)
        if speaker.key:
            content = strip_span(text, *pair.content)
            cue = Span(verb.start, verb.end, verb.text)
            quotation = quote(view, content, "direct", speaker, cue, verb.lemma, WEIGHTS.named_by_verb)
            added = added + found(quotation, speaker)
    return added


def _clause_around(view: ArticleView, pair: QuotedSpan) -> list[Token]:
    """The tokens of the clause the quote stands in (outside the quote), up to the nearest clause
    breaks, at most `naming_reach` on each side."""
    tokens = view.parsed.tokens
    before = [t for t in tokens if t.end <= pair.open][-WEIGHTS.naming_reach :]
    after = [t for t in tokens if t.start > pair.close][: WEIGHTS.naming_reach]
    clause: list[Token] = []
    for token in reversed(before):
        if token.text in words.CLAUSE_BREAKS or token.text in words.CLAUSE_END:
            break
        clause.insert(0, token)
    for token in after:
        if token.text in words.CLAUSE_BREAKS or token.text in words.CLAUSE_END:
            break
        clause.append(token)
    return clause


def _in_other_phrase(clause: list[Token], pair: QuotedSpan) -> bool:
    """ "warnt in der Debatte über den „Friedensplan“ vor …": a quote inside a prepositional phrase
    is a label, unless the preposition is the one a verb of naming takes ("von", "vor", "als")."""
    for token in reversed([t for t in clause if t.end <= pair.open]):
        word = token.text.lower()
        if token.tag in words.NOUN_PHRASE_TAGS or word in words.ARTICLES:
            continue
        if token.text.endswith("-") or token.text[:1] in words.QUOTE_MARKS:
            continue
        is_preposition = token.tag in ("APPR", "APPRART") or word in words.PREPOSITIONS | _MORE_PREPOSITIONS
        return is_preposition and word not in _NAMING_PREPOSITIONS
    return False


_NAMING_PREPOSITIONS = {"von", "vom", "vor", "als"}
_MORE_PREPOSITIONS = {"über", "gegen", "um", "durch", "unter", "zwischen", "wegen", "trotz", "ohne", "seit"}
"""Prepositions the tagger may miss, beyond the ones speaker rules know (`words.PREPOSITIONS`)."""


def _naming_verb(view: ArticleView, clause: list[Token], pair: QuotedSpan) -> Token | None:
    """The finite verb of naming in the clause, or any finite verb of saying when "als" stands
    right before the quote; the one before the quote first."""
    as_name = any(t.text.lower() == "als" for t in clause if t.end <= pair.open and pair.open - t.end <= 20)
    end = clause[-1].i + 1 if clause else 0
    verbs = []
    for token in clause:
        if not is_finite(token) and token.tag != "VVPP":
            continue
        lemma = reporting_lemma(view.parsed, token.i, end)
        if lemma and (as_name or verb_lemma(token, reporting_verbs()) in _NAMING_VERBS):
            verbs.append(token)
    before = [t for t in verbs if t.end <= pair.open]
    return before[-1] if before else (verbs[0] if verbs else None)


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
