"""Quote marks that no cue claimed: a few words quoted by a verb of naming ("nannte den Plan
„unverantwortlich“"), and utterances with no speaker at all, which are published unresolved
rather than dropped (consumers filter by `kg:speakerUnresolved` and confidence)."""

from __future__ import annotations

from kg.extract.cues import is_finite, reporting_lemma
from kg.extract.lexicon import naming_verb_particles, naming_verbs
from kg.extract.positions import finite_anchor
from kg.extract.quotes import QuotedSpan, strip_span
from kg.extract.records import Span
from kg.extract.speakers import Speaker, SpeakerContext, described, resolve_reference, subject_of
from kg.extract.speech.clauses import passive
from kg.extract.speech.direct import cue_span
from kg.extract.speech.view import NOTHING, Additions, ArticleView, Speech, found, quote
from kg.extract.weights import WEIGHTS
from kg.lang import words
from kg.nlp.parsed import ParsedDoc, Token


def named_by_verb(view: ArticleView, speech: Speech) -> Additions:
    """ "X bezeichnete die Gespräche als „echten Erfolg“", "nannte das Vorgehen »bedauerlich«",
    "Von einer „gezielten Indiskretion“ sprach X", "wies das als „Unverschämtheit“ zurück",
    "warf der Regierung „Wortbruch“ vor": a quote that a verb of naming or judging
    (`data/naming_verbs.txt`) governs in its clause, before or after it, in one of the verb's
    frames — the "als" predicative (which any verb of saying takes too), a bare object, or its
    prepositional object — is its subject's words (a partial quotation), not a label. A quote
    that reads as an utterance and that no cue claimed counts when it is the "als" predicative or
    the prepositional object; a bare object only when short (a title quoted as an object,
    "kritisierte den Film „…“", is no one's words). A passive verb gives its "von" agent the
    words ("wird von Kritikern als „X“ bezeichnet"), or no one ("der oft als „X“ bezeichnet
    wird"). Of two quotes in one clause ("nennt den „Plan“ nur noch „Konzept“") only the later is
    the name."""
    text = view.text
    added = NOTHING
    quotes = sorted((*view.labels, *view.pairs), key=lambda p: p.open)
    for k, pair in enumerate(quotes):
        following = quotes[k + 1] if k + 1 < len(quotes) else None
        if speech.is_consumed(*pair.content) or _same_clause(text, pair, following):
            continue
        clause = _clause_around(view, pair)
        frames = _frames(clause, pair)
        if pair not in view.labels:
            frames = frames - {"acc", "obj2"}
        verb = _naming_verb(view, clause, pair, frames) if frames else None
        if verb is None:
            continue
        speaker = _speaker_of(speech.context, verb, clause, pair)
        if speaker.key:
            content = strip_span(text, *pair.content)
            lemma, cue = _cue(view, verb, clause[-1].i + 1)
            quotation = quote(view, content, "direct", speaker, cue, lemma, WEIGHTS.named_by_verb)
            added = added + found(quotation, speaker)
    return added


def _cue(view: ArticleView, verb: Token, end: int) -> tuple[str, Span]:
    """The verb's full lemma and span with its particle ("wies … zurück" → `zurückweisen`)."""
    parsed = view.parsed
    lemma = (
        reporting_lemma(parsed, verb.i, end, naming_verb_particles())
        or reporting_lemma(parsed, verb.i, end)
        or verb.lemma
    )
    return lemma, cue_span(view, verb.i, lemma, end)


def _clause_around(view: ArticleView, pair: QuotedSpan) -> list[Token]:
    """The tokens of the clause the quote stands in (outside the quote), up to the nearest clause
    breaks, at most `naming_reach` on each side."""
    tokens = view.parsed.tokens
    before = [t for t in tokens if t.end <= pair.open][-WEIGHTS.naming_reach :]
    after = [t for t in tokens if t.start > pair.close][: WEIGHTS.naming_reach]
    clause: list[Token] = []
    for token in reversed(before):
        if _breaks(token):
            break
        clause.insert(0, token)
    for token in after:
        if _breaks(token):
            break
        clause.append(token)
    return clause


def _breaks(token: Token) -> bool:
    return token.text in words.CLAUSE_BREAKS or token.text in words.CLAUSE_END or not token.text.strip()


def _frames(clause: list[Token], pair: QuotedSpan) -> frozenset[str]:
    """How the quote can stand in its clause: "als" (predicative: "als „…“", "als einen „…“"), the
    preposition whose object it is ("von einer „…“" → "von"), "obj2" for a second object after
    another noun phrase or pronoun ("nannte den Plan „unverantwortlich“", "nannte es einen
    „Wortbruch“", "warf ihm „Lügen“ vor"), "acc" for an object with an article of its own or none
    before it ("konstatierte eine wachsende „Kluft“"). Back over the quote's own article and
    adjectives to the word that governs it; an adverbial "unter anderem" is passed over. None of
    them when the quote is a name, no one's words: a genitive after a noun ("ein Vertreter der
    „X“"), what something calls itself ("nennt sich „X“"), or a noun's apposition inside a
    prepositional phrase ("mit dem Sender „X“")."""
    before = [t for t in clause if t.end <= pair.open]
    article = ""
    k = len(before) - 1
    while k >= 0:
        token = before[k]
        word = token.text.lower()
        if k > 0 and _is_preposition(before[k - 1]) and _pronoun_like(token):
            k -= 2  # "unter anderem", "vor allem": an adverbial of its own
            continue
        if token.tag in words.NOUN_PHRASE_TAGS or word in words.ARTICLES:
            article = word if word in words.ARTICLES else article
        elif not (token.text.endswith("-") or token.text[:1] in words.QUOTE_MARKS or _adverb(token)):
            return _governed_by(token, article, _governed(before[:k]))
        k -= 1
    return frozenset({"acc"})


def _adverb(token: Token) -> bool:
    """ "nennt den Plan nur noch „Konzept“": an adverb between the object and the quote (or an
    untagged lowercase word that is no conjunction, preposition or "als")."""
    if token.tag in ("ADV", "ADJD", "PTKNEG"):
        return True
    word = token.text.lower()
    plain = word not in words.COORDINATORS and word != "als" and not _is_preposition(token)
    return not token.tag and token.text.islower() and plain


def _pronoun_like(token: Token) -> bool:
    """A pronoun, or a lowercase word the tagger took for a noun ("anderem"), not an article or
    adjective that opens the quote's own phrase."""
    if token.tag in _PRONOUN_TAGS:
        return True
    opens_phrase = token.tag in words.NOUN_PHRASE_TAGS or token.text.lower() in words.ARTICLES
    return token.tag == "NN" and token.text.islower() and not opens_phrase


def _governed_by(token: Token, article: str, in_phrase: bool) -> frozenset[str]:
    """The frames of a quote whose phrase (opened by `article`, if any) follows `token`."""
    word = token.text.lower()
    if word == "als":
        return frozenset({"als"})
    if _is_preposition(token):
        return frozenset({_CONTRACTED.get(word, word)})
    noun = token.tag in ("NN", "NE") or (
        not token.tag and token.text[:1].isupper()
    )  # untagged: by its capital
    if (
        (noun and article in words.OBLIQUE_AFTER_NOUN)
        or token.tag == "PRF"
        or (noun and in_phrase and not article)
    ):
        return frozenset()
    if token.tag in _PRONOUN_TAGS or (noun and not article):
        return frozenset({"obj2"})
    return frozenset({"obj2", "acc"}) if noun else frozenset({"acc"})


def _governed(phrase: list[Token]) -> bool:
    """Does a preposition open the noun phrase that ends `phrase` ("mit dem Sender" before „X“)?"""
    for token in reversed(phrase):
        if token.tag in words.NOUN_PHRASE_TAGS or token.text.lower() in words.ARTICLES:
            continue
        return _is_preposition(token)
    return False


def _is_preposition(token: Token) -> bool:
    word = token.text.lower()
    return token.tag in ("APPR", "APPRART") or word in words.PREPOSITIONS | _MORE_PREPOSITIONS


_PRONOUN_TAGS = ("PIS", "PDS", "PPER", "PRF")
_CONTRACTED = {"vom": "von", "fürs": "für"}
_MORE_PREPOSITIONS = {
    *("über", "gegen", "um", "durch", "unter", "zwischen", "wegen", "trotz", "ohne", "seit", "laut"),
    *("gemäß", "seitens"),
}
"""Prepositions the tagger may miss, beyond the ones speaker rules know (`words.PREPOSITIONS`)."""


def _naming_verb(
    view: ArticleView, clause: list[Token], pair: QuotedSpan, frames: frozenset[str]
) -> Token | None:
    """The verb that governs the quote: the nearest full verb (finite or participle) before it,
    else the nearest after it — when it takes the quote in one of its `frames` (a verb of naming with
    such a frame, or any verb of saying for "als"). Another verb nearer the quote governs it
    instead ("wird … bewertet und gilt als „Störfall“": "gilt", which names nothing)."""
    end = clause[-1].i + 1 if clause else 0
    full = [t for t in clause if (is_finite(t) or t.tag == "VVPP") and t.pos != "AUX" and t.tag != "VMFIN"]
    before = [t for t in full if t.end <= pair.open]
    after = [t for t in full if t.start > pair.close]
    verb = before[-1] if before else (after[0] if after else None)
    if verb is None:
        return None
    lemma = reporting_lemma(view.parsed, verb.i, end, naming_verb_particles())
    if lemma and frames & naming_verbs()[lemma]:
        return verb
    return verb if "als" in frames and reporting_lemma(view.parsed, verb.i, end) else None


def _speaker_of(context: SpeakerContext, verb: Token, clause: list[Token], pair: QuotedSpan) -> Speaker:
    """The subject of the verb of naming — `subject_of` reads it at the clause's finite verb ("Die
    Regierung hatte das als „falsch“ zurückgewiesen") — or of the finite verb of the clause before
    "und" when the subject is left out there ("X äußerte Bedenken und warf der Regierung
    „Wortbruch“ vor"); the agent of a passive (a participle with "werden" in the quote's short
    clause is one, however far apart the quote puts them)."""
    if passive(clause, verb) or (verb.tag == "VVPP" and any(t.lemma == "werden" for t in clause)):
        return _passive_agent(context, clause)
    tokens = context.parsed.tokens
    anchor = finite_anchor(context, verb.i, pair.content)
    if anchor > 0 and tokens[anchor - 1].text.lower() in words.COORDINATORS:
        anchor = _finite_before(tokens, anchor - 1) or anchor
    return subject_of(context, anchor, pair.content)


def _finite_before(tokens: tuple[Token, ...], i: int) -> int | None:
    """The nearest finite verb before token `i` in its sentence."""
    for j in range(i - 1, -1, -1):
        if tokens[j].sentence != tokens[i].sentence or tokens[j].text in words.CLAUSE_END:
            return None
        if is_finite(tokens[j]):
            return j
    return None


def _passive_agent(context: SpeakerContext, clause: list[Token]) -> Speaker:
    """ "wird von Kritikern als „…“ bezeichnet": the agent after "von" in the passive clause."""
    for k, token in enumerate(clause):
        if token.text.lower() not in ("von", "vom"):
            continue
        for step, nxt in enumerate(clause[k + 1 : k + 5], start=1):
            if nxt.i != token.i + step or nxt.text[:1] in words.QUOTE_MARKS:
                break
            resolved = resolve_reference(context, nxt.i)
            if resolved.key:
                return resolved
            source = described(context, nxt.i, any_case=True)
            if source.key:
                return source
    return Speaker(None, "none")


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
