"""Speech without a cue of its own: Konjunktiv sentences that continue the last speaker's report,
and utterances in quote marks inside indirect speech (that speaker's own words)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise, takewhile

from kg.extract.cues import is_finite, is_konjunktiv, is_konjunktiv_one, konjunktiv_in_form
from kg.extract.positions import first_person_in
from kg.extract.quotes import strip_span
from kg.extract.records import Span
from kg.extract.speakers import Introduced, SpeakerContext, subject_of
from kg.extract.speech.clauses import clause_around
from kg.extract.speech.indirect import according_to, content_of, reporting_clause, unit_tokens
from kg.extract.speech.view import NOTHING, Additions, ArticleView, Speech, found, quote
from kg.extract.speech.view import heard as heard_from
from kg.extract.units import Unit
from kg.extract.weights import WEIGHTS
from kg.lang import words
from kg.nlp.parsed import Token

_REPORTIVE = {"soll", "sollen"}
Frame = tuple[str, int]
"""The speaker of a trailing frame clause and where that clause starts."""


def konjunktiv_continuation(view: ArticleView, speech: Speech, number: int, unit: Unit) -> Additions:
    """A Konjunktiv main clause with no cue of its own continues the report of the last speaker
    (only when no source phrase and no verb of saying in the unit named a source).

    Konjunktiv I is reported speech even after a non-speech sentence (the speaker is then the
    first person named in the previous unit, else it is published unresolved); Konjunktiv II needs
    an attributed unit right before, and is no report in the consequence of a Konjunktiv II
    condition. Only a mood the word's form shows counts, and never in a question or a clause in
    the first person (an interview's questions and answers).
    """
    if speech.outcome(according_to.__name__) != "none" or speech.outcome(reporting_clause.__name__) != "none":
        return NOTHING
    tokens = unit_tokens(view, speech, unit)
    context = speech.context
    if _question(view, tokens):
        return NOTHING
    verbs = [t for t in tokens if is_finite(t) and (konjunktiv_in_form(t) or _reportive(t, tokens))]
    verbs = [
        t
        for t in verbs
        if not context.is_excluded(t.start)
        and not _subordinate(tokens, t)
        and not _after_finite(tokens, t)
        and not _first_person(context, tokens, t)
        and t.text.lower() not in words.EPISTEMIC
    ]
    if not verbs:
        return NOTHING
    strong = any(is_konjunktiv_one(t) or _reportive(t, tokens) for t in verbs)
    if not strong and _counterfactual(context, tokens):
        return NOTHING
    frame, heard = _trailing_frame(context, tokens, verbs[0])
    speaker = frame[0] if frame else _continued_speaker(speech, number, unit, strong)
    if speaker is None and strong and number > 0:
        previous = view.units[number - 1]
        speaker = first_person_in(context, previous.first_token, previous.end_token)
    if speaker is None and not strong:
        return Additions(introduced=heard)
    content = content_of(view, unit, (frame[1], unit.end) if frame else None)
    if speech.is_reported(view.text, content.start, content.end) or len(content.text.split()) < 3:
        return Additions(introduced=heard)
    verb = verbs[0]
    cue = Span(verb.start, verb.end, verb.text)
    confidence = WEIGHTS.konjunktiv_one if strong else WEIGHTS.konjunktiv_two
    return Additions(introduced=heard) + found(
        quote(view, content, "indirect", speaker, cue, verb.lemma, confidence), speaker
    )


def _question(view: ArticleView, tokens: Sequence[Token]) -> bool:
    """ "Arbeiten Sie an etwas Neuem?": reported speech asks nothing with a question mark, so a
    question (an interview's) is nobody's report, whatever its mood."""
    if not tokens:
        return False
    return view.text[tokens[0].start : tokens[-1].end].rstrip(" \n" + words.QUOTE_MARKS).endswith("?")


def _first_person(context: SpeakerContext, tokens: Sequence[Token], verb: Token) -> bool:
    """Is "ich"/"wir" in the verb's clause ("Ich würde nicht sagen, …", "und plane einen Film")?
    Reported speech turns them into the third person, so the clause is the speaker's own voice (an
    interview's answer), and "ich plane" is indicative. Words in quote marks do not count."""
    clause = clause_around(tokens, verb.i - tokens[0].i)
    return any(t.text.lower() in words.FIRST_PERSON and not context.is_excluded(t.start) for t in clause)


def _after_finite(tokens: Sequence[Token], verb: Token) -> bool:
    """Does the "verb" close a clause whose finite verb stands before it? A main clause has one
    finite verb, in second place: a "finite" word at its end is a separable particle the tagger
    mistook ("Den Posten hatte sie seit 2004 inne")."""
    if not _verb_final(tokens, verb):
        return False
    for token in reversed([t for t in tokens if t.i < verb.i]):
        if token.text in words.CLAUSE_BREAKS or token.text.lower() in words.COORDINATORS:
            return False
        if is_finite(token) and token.pos in ("VERB", "AUX"):
            return True
    return False


def _counterfactual(context: SpeakerContext, tokens: Sequence[Token]) -> bool:
    """ "Sollte der Antrag angenommen werden, könnte …", "Hätte er nur Bier getrunken, so müsste
    …", "Wenn sie käme, wäre …": a condition in Konjunktiv II before the first comma explains the
    Konjunktiv II of its consequence — the writer's hypothesis, not a sign of reported speech (an
    indicative condition does not: "Verläuft der Test gut, würde …" is a report). The consequence
    must have a finite verb of its own outside quote marks."""
    comma = next((k for k, t in enumerate(tokens) if t.text == ","), None)
    if not comma:
        return False
    condition, consequence = tokens[:comma], tokens[comma + 1 :]
    if not any(is_finite(t) and not context.is_excluded(t.start) for t in consequence):
        return False
    opener = condition[0]
    if opener.text.lower() in words.CONDITIONALS:
        return any(is_finite(t) and _konjunktiv_two(t) for t in condition[1:])
    if opener.text.lower() in words.KONJUNKTIV_II:
        return True  # "Hätte er …," whatever the tagger took it for
    if opener.pos not in ("VERB", "AUX") and not is_finite(opener):
        return False
    # a condition opened by "Sollte" is Konjunktiv II whatever the tagger says
    return _konjunktiv_two(opener) or (opener.lemma == "sollen" and opener.has_feature("Tense", "Past"))


def _konjunktiv_two(token: Token) -> bool:
    """Konjunktiv II, which may be a plain conditional (`is_konjunktiv_one`)."""
    return is_konjunktiv(token) and not is_konjunktiv_one(token)


def _continued_speaker(speech: Speech, number: int, unit: Unit, strong: bool) -> str | None:
    """The speaker a Konjunktiv sentence continues: the last one attributed. A Konjunktiv II
    continues a report made before it, never a subject found in this very unit by a verb with
    nothing reported ("Im Falle einer Verurteilung würde ihm eine Strafe drohen": the subject of
    "drohen" did not say the sentence it stands in)."""
    quoted_here = any(unit.start <= q.span.start < unit.end for q in speech.quotations)
    if not strong and speech.last_unit == number and not quoted_here:
        return None
    return speech.chained_speaker(number)


def _reportive(token: Token, tokens: Sequence[Token]) -> bool:
    """ "Der Täter soll geflohen sein", "Sie sollen Geld genommen haben": present-tense "sollen"
    with a perfect infinitive reports what others say (with a plain infinitive it is mostly a plan:
    "Er soll im November reisen")."""
    if token.text.lower() not in _REPORTIVE or not is_finite(token):
        return False
    later = [t for t in tokens if t.i > token.i]
    perfect = any(
        t.lemma in ("haben", "sein") and not is_finite(t) and p.tag in ("VVPP", "VAPP", "VMPP")
        for p, t in pairwise(later)
    )
    clause = list(takewhile(lambda t: t.text not in words.CLAUSE_BREAKS, later))
    return perfect or any(t.tag in ("VAINF", "VVINF") and t.lemma in _STATIVE for t in clause)


_STATIVE = {"handeln", "befinden", "stammen", "gehören", "existieren", "besitzen", "kennen", "wissen"}
"""With a stative infinitive "sollen" reports hearsay, not a plan ("Es soll sich um Betrug
handeln", "Unter den Toten soll sich ein Kind befinden"). Not "sein": "soll im Mai fertig sein"
is mostly a plan."""


def _subordinate(tokens: Sequence[Token], verb: Token) -> bool:
    """Is the verb in a clause opened by a conjunction or wh-word ("wenn es nötig sein sollte",
    "wie das geschehen könnte", "ob er komme")? Konjunktiv there is conditional or an indirect
    question; only a Konjunktiv in a main clause, or a Konjunktiv I in a relative clause ("eine
    Entwicklung, die sich nur in eine Richtung bewege"), marks a sentence as reported speech."""
    first: Token | None = tokens[0]
    for token in tokens:
        if token.i >= verb.i:
            break
        if token.text in words.CLAUSE_BREAKS:
            first = None
        elif first is None:
            first = token
    if first is None or not _verb_final(tokens, verb):
        return False
    if first.tag == "PRELS" or "Rel" in first.morph:
        return first is not tokens[0] and not is_konjunktiv_one(verb)
    return first.tag in words.SUBORDINATE_TAGS or first.text.lower() in words.SUBORDINATORS


def _verb_final(tokens: Sequence[Token], verb: Token) -> bool:
    """German subordinate clauses end in their finite verb; a verb followed by more words is in
    second position of a main clause ("Wie alle Menschen hätten auch Kinder …")."""
    following = [t for t in tokens if t.i > verb.i]
    return not following or following[0].text in words.CLAUSE_BREAKS or following[0].text in words.CLAUSE_END


def _trailing_frame(
    context: SpeakerContext, tokens: Sequence[Token], verb: Token
) -> tuple[Frame | None, Mapping[int, Introduced]]:
    """ "Die Kosten seien hoch, begründet X seinen Antrag": a main clause that opens with its
    finite verb after the reported clause is the report's frame, whatever the verb; its named
    subject is the speaker, before any continuation. Returns the frame (if any) and the
    institutions the subjects tried introduce."""
    heard: dict[int, Introduced] = {}
    for comma, following in pairwise(tokens):
        if comma.i > verb.i and comma.text == "," and is_finite(following) and not is_konjunktiv(following):
            speaker = subject_of(context, following.i, (tokens[0].start, comma.start))
            heard.update(heard_from(speaker))
            after_verb = speaker.token is not None and speaker.token > following.i
            if speaker.key and speaker.via == "name" and after_verb:
                return (speaker.key, comma.start), heard
    return None, heard


def partial_quotes(view: ArticleView, speech: Speech) -> Additions:
    """Utterances in quote marks inside indirect speech: the reported speaker's own words."""
    indirect = [q for q in speech.quotations if q.kind == "indirect" and q.speaker_key]
    added = NOTHING
    for pair in view.pairs:
        start, end = pair.content
        quotations = speech.quotations + added.quotations
        if any(q.kind == "direct" and q.span.start <= start < q.span.end for q in quotations):
            continue
        for quotation in indirect:
            if quotation.span.start <= start and end <= quotation.span.end:
                content = strip_span(view.text, start, end)
                partial = quote(
                    view, content, "direct", quotation.speaker_key, quotation.cue, quotation.cue_lemma,
                    WEIGHTS.partial_quote,
                )  # fmt: skip
                added = added + Additions(quotations=(partial,), consumed=((content.start, content.end),))
                break
    return added
