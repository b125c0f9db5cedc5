"""Indirect speech with a cue of its own: a source phrase ("laut X", "X zufolge", "nach Angaben
von X", "nach Xs Einschätzung", ", so X") or a verb of saying with its complement clause (content
before ", sagte X" or after "X sagte, (dass) …", including zu-infinitives, or beside a verb-final
"wie X mitteilte" clause)."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract import lexicon
from kg.extract.cues import is_finite, reporting_lemma
from kg.extract.records import Span
from kg.extract.speakers import Introduced, Speaker, SpeakerContext, described, resolve_reference, subject_of
from kg.extract.speech.clauses import (
    complement_after,
    complement_before,
    in_wie_clause,
    passive,
    passive_agent,
    wie_clause,
)
from kg.extract.speech.direct import cue_span
from kg.extract.speech.view import NOTHING, Additions, ArticleView, ReportOutcome, Speech, found, heard, quote
from kg.extract.text import make_span
from kg.extract.units import Unit
from kg.extract.weights import WEIGHTS
from kg.lang import words
from kg.nlp.parsed import Token


def unit_tokens(view: ArticleView, speech: Speech, unit: Unit) -> Sequence[Token]:
    """The unit's tokens, or none when most of it is already quotation content."""
    tokens = view.parsed.tokens[unit.first_token : unit.end_token]
    return () if not tokens or speech.taken(unit) else tokens


def content_of(view: ArticleView, unit: Unit, cue: tuple[int, int] | None) -> Span:
    """The unit without a peripheral cue; an interleaved cue stays inside the content."""
    text = view.text
    start, end = unit.start, unit.end
    while end > start and text[end - 1] in ".!?;:":
        end -= 1
    if cue and cue[0] <= start + 1:
        start = cue[1]
    elif cue and cue[1] >= end - 1:
        end = cue[0]
    return make_span(text, start, end, strip=" \t\n,;:–—-")


def according_to(view: ArticleView, speech: Speech, number: int, unit: Unit) -> Additions:
    """ "laut X", "X zufolge", "nach Angaben von X", "nach Xs Einschätzung", ", so X".

    `unnamed` when such a phrase names a source that is no entity and no role ("laut Experten",
    ", so der Vorwurf"): the unit then reports that source, not the last speaker.
    """
    tokens = unit_tokens(view, speech, unit)
    context = speech.context
    outcome: ReportOutcome = "none"
    heard_here: dict[int, Introduced] = {}
    for k, token in enumerate(tokens):
        word = token.text.lower()
        span_tokens: Sequence[Token] = ()
        if word in words.ACCORDING_TO_BEFORE:
            span_tokens = tokens[k : k + _source_reach(tokens, k)]
        elif word in words.ACCORDING_TO_AFTER:
            span_tokens = tokens[max(0, k - 5) : k + 1]
        elif word == "nach" and any(lexicon.is_speech_noun(t.text) for t in tokens[k + 1 : k + 4]):
            span_tokens = tokens[k : k + _source_reach(tokens, k)]
        elif word == "so" and k > 0 and tokens[k - 1].text == "," and _names_after_so(tokens, k):
            span_tokens = tokens[k : k + 4]
        else:
            continue
        source = _source_in(context, span_tokens, anchor=token)
        if not source and (word == "so" or _unnamed_source(context, span_tokens, token)):
            source = _described_in(context, span_tokens, anchor=token)
            if not source:
                outcome = "unnamed"
        if not source:
            continue
        speaker, last = source
        if isinstance(speaker, Speaker):
            heard_here.update(heard(speaker))
        first_tok, last_tok = (
            (token, last)
            if word not in words.ACCORDING_TO_AFTER
            else (_first_of(context, last, span_tokens), token)
        )
        cue = make_span(view.text, first_tok.start, last_tok.end)
        if word == "so" and last.i + 1 < len(view.parsed.tokens):
            following = view.parsed.tokens[last.i + 1]
            if following.text.lower() == "weiter":
                cue = make_span(view.text, first_tok.start, following.end)
        content = content_of(view, unit, (cue.start, cue.end))
        if len(content.text.split()) < 2 or speech.is_reported(view.text, content.start, content.end):
            continue
        lemma = "so" if word == "so" else word
        quotation = quote(view, content, "indirect", speaker, cue, lemma, WEIGHTS.according_to)
        return Additions(introduced=heard_here) + found(quotation, speaker)
    return Additions(introduced=heard_here, outcome=outcome)


def _names_after_so(tokens: Sequence[Token], k: int) -> bool:
    """ ", so die Polizei" names a source; ", so dass …" and ", so definieren sie …" do not: after
    "so" must come a noun phrase (an article, a determiner or a capitalised word), not a verb or
    conjunction."""
    if k + 1 >= len(tokens):
        return False
    following = tokens[k + 1]
    if following.text.lower() in ("dass", "daß") or following.pos in ("VERB", "AUX") or is_finite(following):
        return False
    return following.text[:1].isupper() or following.text.lower() in words.ARTICLES


def _source_reach(tokens: Sequence[Token], k: int) -> int:
    """How many tokens from `k` a source phrase may take: six, or nine when it names its channel
    ("laut einem Bericht der britischen Zeitung X", "nach Informationen des Senders X")."""
    speech_noun = any(lexicon.is_speech_noun(t.text) for t in tokens[k + 1 : k + 4])
    return 9 if speech_noun else 6


def _unnamed_source(context: SpeakerContext, span_tokens: Sequence[Token], anchor: Token) -> bool:
    """Does the phrase name its source by a noun that is no person seen before: a report ("laut
    einem Bericht", "Berichten zufolge", ", so der Vorwurf") or a bare or indefinite noun
    ("laut Experten", "laut einem Beamten")? A definite description ("so der Sozialdemokrat",
    "laut dem Minister") may still be the last speaker, and "laut" with no noun after it is the
    adjective ("sprach laut")."""
    if context.is_excluded(anchor.start):
        return False
    if anchor.text.lower() in words.ACCORDING_TO_AFTER:
        phrase = [t for t in span_tokens if t.i >= anchor.i - 2 and t.i != anchor.i]
    else:
        phrase = []
        for token in (t for t in span_tokens if t.i > anchor.i):
            if not token.text[:1].isalpha():
                break
            phrase.append(token)
            if token.text[:1].isupper() and not lexicon.is_speech_noun(token.text):
                break
    nouns = [t for t in phrase if t.text[:1].isupper()]
    if any(lexicon.is_speech_noun(t.text) for t in nouns):
        return True
    definite = len(phrase) > 1 and phrase[-2].text.lower() in words.DEFINITE_SINGULAR
    return bool(nouns) and anchor.text.lower() != "so" and not definite


def _first_of(context: SpeakerContext, last: Token, span_tokens: Sequence[Token]) -> Token:
    """Start of the source phrase before "zufolge": back over its article and modifiers."""
    first = last
    for token in reversed([t for t in span_tokens if t.i < last.i]):
        if token.text in (",", ".", ";", ":"):
            break
        if (
            token.text[:1].isupper()
            and context.entity_at(token.i) is None
            and not lexicon.role_head(token.text)
        ):
            break
        first = token
    return first


def _described_in(
    context: SpeakerContext, tokens: Sequence[Token], anchor: Token
) -> tuple[Speaker, Token] | None:
    """The described source of "nach Angaben der Fluggesellschaft", "laut Experten", "Berichten
    zufolge", ", so die Studie", "nach Polizeiangaben": the noun of the phrase, or — after a noun of
    information — the noun of its genitive or "von" attribute; never a noun past the phrase."""
    if anchor.text.lower() in words.ACCORDING_TO_AFTER:
        before = [t for t in tokens if t.i < anchor.i and t.text[:1].isupper() and t.text.isalpha()]
        head = before[-1] if before and before[-1].i == anchor.i - 1 else None
    else:
        head = _phrase_noun(tokens, anchor.i + 1)
        following = next((t for t in tokens if head is not None and t.i == head.i + 1), None)
        attributed = following is not None and following.text.lower() in _ATTRIBUTE
        if head is not None and attributed and lexicon.is_speech_noun(head.text):
            head = _phrase_noun(tokens, following.i + 1) or head
    if head is None:
        return None
    speaker = described(context, head.i, any_case=True)
    return (speaker, head) if speaker.key else None


_ATTRIBUTE = {"des", "der", "eines", "einer", "von", "vom"}
"""Words that open the genitive or "von" attribute naming who gave the information."""


def _phrase_noun(tokens: Sequence[Token], i: int) -> Token | None:
    """The noun that heads the phrase starting at token index `i` (past its article, adjectives)."""
    for token in tokens:
        if token.i < i:
            continue
        if token.text[:1].isupper() and token.text.replace("-", "").isalpha():
            return token
        if token.tag not in words.NOUN_PHRASE_TAGS and (token.tag or not token.text[:1].islower()):
            return None
    return None


def _source_in(
    context: SpeakerContext, tokens: Sequence[Token], anchor: Token
) -> tuple[Speaker | str, Token] | None:
    """The named source in a cue phrase: a mention, a compound ("Bloomberg-Bericht"), or a pronoun."""
    for token in tokens:
        if token.i == anchor.i:
            continue
        key = context.entity_at(token.i)
        if key and context.label(key) in ("PER", "ORG"):
            last = token
            while context.entity_at(last.i + 1) == key:
                last = context.parsed.tokens[last.i + 1]
            return key, last
        derived = context.derived.get(token.i)
        if derived and "-" in token.text and lexicon.is_speech_noun(token.text.split("-")[-1]):
            return derived.entity_key, token
        if anchor.text.lower() == "so":
            resolved = resolve_reference(context, token.i)
            if resolved.key:
                return resolved, token
    return None


def reporting_clause(view: ArticleView, speech: Speech, number: int, unit: Unit) -> Additions:
    """A verb of saying with its complement clause, before or after it (unless a source phrase
    already attributed the unit).

    `unnamed` when the unit reports a source that is neither named nor described ("Kritisiert
    wurde, dass …", "Kritiker warnten, …"): its Konjunktiv then belongs to that source, not to
    the last speaker. (An unresolved role description, "der Fraktionschef", is not unnamed.)
    """
    if speech.outcome(according_to.__name__) == "found":
        return NOTHING
    tokens = unit_tokens(view, speech, unit)
    context = speech.context
    end_token = unit.end_token
    added = NOTHING
    for k, token in enumerate(tokens):
        if context.is_excluded(token.start):
            continue
        lemma = reporting_lemma(view.parsed, token.i, end_token)
        if not lemma:
            continue
        after = complement_after(view, unit, tokens, k)
        wie = wie_clause(view, context, tokens, k)
        if passive(tokens, token):
            speaker = passive_agent(context, tokens, k)
            if speaker.key is None:  # "Kritisiert wurde, dass …": no speaker named
                added = added + Additions(outcome="unnamed" if after else added.outcome)
                continue
            content = after  # "Von Seiten der Delegation wurde kritisiert, …"
        elif wie is not None:
            content, speaker = wie
        elif in_wie_clause(tokens, k):
            continue  # "…, wie das die Partei fordert, …": a comparison of manner reports nothing
        else:
            content = complement_before(view, tokens, k) or after
            speaker = subject_of(context, token.i, (content.start, content.end) if content else None)
        if speaker.key is None and _elided_subject(tokens, k):
            content = after
            speaker = Speaker(speech.last_speaker if speech.last_unit == number else None, "context")
        step = Additions(speaker=speaker.key, introduced=heard(speaker), outcome=added.outcome)
        speech, added = speech.fold(step, number), added + step
        if content is not None and (speaker.via == "none" or _indefinite(view, speaker)):
            added = added + Additions(outcome="unnamed")
        if content is None or speech.is_reported(view.text, content.start, content.end):
            continue  # without a speaker the report is still published, unresolved
        confidence = WEIGHTS.reporting_named if speaker.via == "name" else WEIGHTS.reporting_described
        cue = cue_span(view, token.i, lemma, end_token)
        return added + found(quote(view, content, "indirect", speaker, cue, lemma, confidence), speaker)
    return added


def _indefinite(view: ArticleView, speaker: Speaker) -> bool:
    """ "Eine Sprecherin betonte, …": an unresolved description with an indefinite article
    introduces someone new, never the person quoted before."""
    if speaker.key or speaker.token is None or speaker.token == 0:
        return False
    return view.parsed.tokens[speaker.token - 1].text.lower() in words.INDEFINITE_ARTICLES


def _elided_subject(tokens: Sequence[Token], k: int) -> bool:
    """ "…, fügte aber hinzu, dass …": a verb of saying that opens a coordinated clause shares the
    subject of the clause before it (only used within one unit, where that speaker was found);
    its content is then the complement after it, not the clause before the comma."""
    return k > 0 and (tokens[k - 1].text == "," or tokens[k - 1].text.lower() in words.COORDINATORS)
