"""Direct quotations: an utterance in quote marks, its cue in the same sentence ("…", sagte X /
X sagte: "…" / "…", so X weiter) and addressee, or — with no cue at all — the speaker of the
quotation just before (continuation)."""

from __future__ import annotations

from kg.extract.cues import is_finite, particle_token, reporting_lemma
from kg.extract.positions import first_person_in
from kg.extract.quotes import QuotedSpan, strip_span
from kg.extract.records import Span
from kg.extract.speakers import Speaker, SpeakerContext, resolve_reference, subject_of
from kg.extract.speech.view import NOTHING, Additions, ArticleView, Speech, found, quote
from kg.extract.text import fold, make_span
from kg.extract.units import Unit
from kg.extract.weights import WEIGHTS
from kg.lang import words
from kg.nlp.parsed import ParsedDoc, Token

Cue = tuple[int, str, Span]
"""Token of the verb of saying (or "so"), its lemma, and the cue's span."""


def direct_quotes(view: ArticleView, speech: Speech, number: int, unit: Unit) -> Additions:
    """Each quote-mark pair opening in this unit whose content is not used up yet, in order; each
    one reads what the pairs before it found (their speaker may continue)."""
    added = NOTHING
    for pair in view.pairs:
        if unit.start <= pair.open < unit.end and not speech.is_consumed(*pair.content):
            one = _direct(view, speech, number, unit, pair)
            speech, added = speech.fold(one, number), added + one
    return added


def _direct(view: ArticleView, speech: Speech, number: int, unit: Unit, pair: QuotedSpan) -> Additions:
    context = speech.context
    content = strip_span(view.text, *pair.content)
    sentence_range = _sentence_token_range(view.parsed, pair, view.pairs)
    cue = _find_cue(view, context, sentence_range, pair)
    if cue:
        cue_token, lemma, cue_span = cue
        speaker = (
            so_speaker(context, cue_token) if lemma == "so" else subject_of(context, cue_token, pair.content)
        )
        chained = speech.chained_speaker(number)
        if speaker.key is None and chained and _fills_unit(view, pair, unit):
            speaker = Speaker(chained, "context")  # "X: „…“" where X is no speaker: the report goes on
        confidence = WEIGHTS.direct_named if speaker.via == "name" else WEIGHTS.direct_described
        addressee = _addressee(view, context, sentence_range, pair.content)
        quotation = quote(view, content, "direct", speaker, cue_span, lemma or None, confidence, addressee)
        return found(quotation, speaker)
    named = _name_before_parenthesis(view, context, pair)
    if named.key:
        return found(quote(view, content, "direct", named, None, None, WEIGHTS.direct_described), named)
    speaker_key = speech.chained_speaker(number)
    if speaker_key is None and number > 0 and _opens_unit(view, pair, unit):
        # "Der Minister zeigte sich zufrieden. „…“": a quotation standing alone after a sentence
        # about a person is that person's
        previous = view.units[number - 1]
        speaker_key = first_person_in(context, previous.first_token, previous.end_token)
    if speaker_key and _fills_unit(view, pair, unit):
        return found(
            quote(view, content, "direct", speaker_key, None, None, WEIGHTS.direct_continued), speaker_key
        )
    return NOTHING


def _name_before_parenthesis(view: ArticleView, context: SpeakerContext, pair: QuotedSpan) -> Speaker:
    """ "…, der Leiter der Behörde, Anna Berger („Niemand verdient das mehr.“), und …": a quotation
    in parentheses right after a name is that person's."""
    sentence = view.parsed.sentences[view.parsed.sentence_of(pair.open)]
    words_in = view.parsed.tokens[sentence.first_token : sentence.end_token]
    before = [t for t in words_in if t.end <= pair.open][-2:]
    if len(before) < 2 or before[-1].text != "(" or view.text[pair.close + 1 :].lstrip()[:1] != ")":
        return Speaker(None, "none")
    resolved = resolve_reference(context, before[0].i)
    return resolved if resolved.via == "name" else Speaker(None, "none")


def _opens_unit(view: ArticleView, pair: QuotedSpan, unit: Unit) -> bool:
    return not view.text[unit.start : pair.open].strip()


def _fills_unit(view: ArticleView, pair: QuotedSpan, unit: Unit) -> bool:
    outside = view.text[unit.start : pair.open] + view.text[pair.close + 1 : unit.end]
    return sum(c.isalpha() for c in outside) < 3


def _sentence_token_range(
    parsed: ParsedDoc, pair: QuotedSpan, pairs: tuple[QuotedSpan, ...]
) -> tuple[int, int]:
    """The tokens of the quotation's sentence(s), with the sentence before it when that one ends
    in a colon on the same line ("X äußerte sich zuversichtlich: „…“" split at the colon), and
    the one after when the quotation ends its sentence right before it and no quotation of its
    own opens there."""
    number = parsed.sentence_of(pair.open)
    first = parsed.sentences[number]
    if number > 0 and parsed.text[first.start : pair.open].strip() == "":
        previous = parsed.sentences[number - 1]
        colon = parsed.text[previous.start : pair.open].rstrip().endswith(":")
        if colon and "\n" not in parsed.text[previous.end : pair.open]:
            first = previous
    last = parsed.sentences[parsed.sentence_of(pair.close)]
    end = last.end_token
    if pair.close >= last.end - 1 and parsed.sentence_of(pair.close) + 1 < len(parsed.sentences):
        following = parsed.sentences[parsed.sentence_of(pair.close) + 1]
        gap = parsed.text[pair.close + 1 : following.start].strip()
        if gap in ("", ",") and not _opens_quote(pairs, following.start, following.end):
            end = following.end_token
    return first.first_token, end


def _opens_quote(pairs: tuple[QuotedSpan, ...], start: int, end: int) -> bool:
    """Does a quotation open in `start`..`end`? A sentence that brings its own quotation
    ("Der Sprecher sagte: „…“") keeps its verb of saying for it."""
    return any(start <= pair.open < end for pair in pairs)


def _find_cue(
    view: ArticleView, context: SpeakerContext, token_range: tuple[int, int], pair: QuotedSpan
) -> Cue | None:
    """The reporting verb (or "so") of a quotation: after the closing mark in its own sentence
    first, then before it, then at the head of the next sentence when the quotation ended its own
    ("„…“ Das sagte X"; not "„…“ Im Mai hatte X angekündigt, …", whose verb has its own object).

    A colon right before the opening mark ("antwortete X: „…“") binds the quotation to the verb
    before it, even when another verb of saying follows ("…“, fügte er hinzu"), and never to the
    next sentence.
    """
    start, end = token_range
    after = [t for t in view.parsed.tokens[start:end] if t.start > pair.close]
    before = [t for t in view.parsed.tokens[start:end] if t.end <= pair.open and not _quoted(view, t)]
    own = view.parsed.sentences[view.parsed.sentence_of(pair.close)].end_token
    own_after = [] if _ends_sentence(view.text, pair) else [t for t in after if t.i < own]
    if before and before[-1].text == ":":
        return (
            _cue_before(view, before, pair, end)
            or _cue_after(view, context, own_after, pair, end)
            or _colon_clause(view, before, pair)
        )
    return (
        _cue_after(view, context, own_after, pair, end)
        or _cue_before(view, before, pair, end)
        or _cue_after(view, context, after[: len(own_after) + WEIGHTS.next_sentence_cue], pair, end)
    )


def _ends_sentence(text: str, pair: QuotedSpan) -> bool:
    """ "„Die Lage ist ruhig.“ Anwohner sagten …": a quotation ending in a full stop with no
    comma after it has ended its sentence, wherever the sentence splitter put the break (a
    quotation its cue follows ends "…“, sagte X" or "…!“ rief X")."""
    return text[: pair.content[1]].rstrip().endswith(".") and not text[pair.close + 1 :].lstrip().startswith(
        ","
    )


def _quoted(view: ArticleView, token: Token) -> bool:
    """Is the token inside another quotation ("X erklärte: „Ich rechne damit …“ und „…“": the
    second quotation's cue is "erklärte", not a verb quoted in the first)?"""
    return any(p.content[0] <= token.start < p.content[1] for p in view.pairs)


def _cue_after(
    view: ArticleView, context: SpeakerContext, after: list[Token], pair: QuotedSpan, end: int
) -> Cue | None:
    """ "…“, sagte X" / "…“, so X weiter": the cue within a few tokens after the closing mark."""
    parsed, text = view.parsed, view.text
    for token in after[:8]:
        if "\n" in text[pair.close : token.start] or token.text in words.CLAUSE_END:
            break
        if token.text[:1] in words.DOUBLE_MARKS:
            break
        if token.text.lower() == "so" and token.i + 1 < len(parsed.tokens):
            speaker = so_speaker(context, token.i)
            if speaker.key:
                return token.i, "so", _so_span(view, context, token.i, speaker)
        lemma = reporting_lemma(parsed, token.i, end)
        if lemma:
            if _introduces_next(parsed, token.i, end):
                return None
            return token.i, lemma, cue_span(view, token.i, lemma, end)
    return None


def _introduces_next(parsed: ParsedDoc, i: int, end: int) -> bool:
    """ "„…“ Danach sagte X: „…“": a verb of saying whose clause ends in a colon introduces what
    follows the colon, not the quotation before it."""
    for token in parsed.tokens[i + 1 : end]:
        if token.text == ":":
            return True
        if token.text in words.CLAUSE_END or token.text == "," or token.text[:1] in words.QUOTE_MARKS:
            return False
    return False


def _cue_before(view: ArticleView, before: list[Token], pair: QuotedSpan, end: int) -> Cue | None:
    """ "X sagte: „…“": the nearest verb of saying before the opening mark, on the same line."""
    for token in reversed(before):
        if "\n" in view.text[token.end : pair.open]:
            break
        lemma = reporting_lemma(view.parsed, token.i, end)
        if lemma:
            return token.i, lemma, cue_span(view, token.i, lemma, end)
    return None


def _colon_clause(view: ArticleView, before: list[Token], pair: QuotedSpan) -> Cue | None:
    """ "Der Sportler gab bekannt: „…“", "X begründete das mit den Worten: „…“", "X: „…“": a colon
    introduces the quotation whatever the verb; the clause's finite verb nearest the colon is the
    cue (its subject speaks), or, in a clause without a verb, the colon itself (the noun phrase
    before it speaks)."""
    clause: list[Token] = []
    for token in reversed(before[:-1]):
        if "\n" in view.text[token.end : pair.open] or token.text in words.CLAUSE_END:
            break
        if token.text[:1] in words.DOUBLE_MARKS:
            break
        clause.insert(0, token)
    if not clause:
        return None
    for token in reversed(clause):
        if (is_finite(token) and token.pos != "AUX") or token.tag == "VVFIN":
            return token.i, token.lemma, Span(token.start, token.end, token.text)
    if any(t.tag in ("VVPP", "VVINF") for t in clause):  # "hatte sich X … hinreißen lassen:"
        for token in clause:
            if is_finite(token):
                return token.i, token.lemma, Span(token.start, token.end, token.text)
    colon = before[-1]
    return colon.i, "", Span(colon.start, colon.end, colon.text)


def cue_span(view: ArticleView, i: int, lemma: str, end_token: int) -> Span:
    """The verb of saying with its separable particle ("teilte … mit")."""
    last = particle_token(view.parsed, i, lemma, end_token)
    return make_span(view.text, view.parsed.tokens[i].start, view.parsed.tokens[last].end)


def so_speaker(context: SpeakerContext, i: int) -> Speaker:
    """ "…, so Name (weiter)" — the name, pronoun or description right after "so"."""
    tokens = context.parsed.tokens
    for j in range(i + 1, min(i + 5, len(tokens))):
        if tokens[j].text in words.CLAUSE_END or tokens[j].text == ",":
            break
        resolved = resolve_reference(context, j)
        if resolved.key:
            return resolved
    return Speaker(None, "none")


def _so_span(view: ArticleView, context: SpeakerContext, i: int, speaker: Speaker) -> Span:
    tokens = view.parsed.tokens
    last = speaker.token if speaker.token is not None else i
    while last + 1 < len(tokens) and context.entity_at(last + 1) == speaker.key and speaker.key:
        last += 1
    if last + 1 < len(tokens) and tokens[last + 1].text.lower() == "weiter":
        last += 1
    return make_span(view.text, tokens[i].start, tokens[last].end)


def _addressee(
    view: ArticleView, context: SpeakerContext, token_range: tuple[int, int], content: tuple[int, int]
) -> str | None:
    """ "gegenüber dem RND", "sagte X dem RND", "in einem Interview mit Y"."""
    tokens = view.parsed.tokens[token_range[0] : token_range[1]]
    for k, token in enumerate(tokens):
        if content[0] <= token.start < content[1]:
            continue
        word = token.text.lower()
        opens = word in words.ADDRESSEE_PREPOSITIONS or (
            word == "mit" and k > 0 and "interview" in fold(tokens[k - 1].text)
        )
        if opens:
            for nxt in tokens[k + 1 : k + 5]:
                key = context.entity_at(nxt.i)
                if key and context.label(key) in ("ORG", "PER"):
                    return key
    return None
