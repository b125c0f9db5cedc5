"""Clause shapes around a verb of saying: where its complement is (before ", sagte X", after
"X sagte, (dass) …", a zu-infinitive), whether it is passive, and the verb-final "wie" clause of
saying ("…, wie die Polizei mitteilte") with its speaker."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from kg.extract import lexicon
from kg.extract.cues import is_finite, is_konjunktiv, known_verb, particle_token, reporting_lemma
from kg.extract.positions import oblique
from kg.extract.records import Span
from kg.extract.speakers import Speaker, SpeakerContext, described, resolve_reference
from kg.extract.speech.view import ArticleView
from kg.extract.text import make_span
from kg.extract.units import Unit
from kg.lang import words
from kg.nlp.parsed import Token

_NO_SPEAKER = Speaker(None, "none")


def passive(tokens: Sequence[Token], verb: Token) -> bool:
    """ "Kritisiert wurde, dass …", "…, wird er gefragt": a passive verb of saying names no speaker.

    "wurde" anywhere in the unit marks it; the present "wird"/"werden" only next to the participle,
    since they are also the future auxiliary of a reported clause ("sagte, dass es schwer wird")."""
    if not _participle(verb):
        return False
    return any(
        t.lemma == "werden"
        and (
            t.text.lower().startswith("wurd")
            or (t.text.lower() in ("wird", "werden") and abs(t.i - verb.i) <= 3)
        )
        for t in tokens
    )


def state_passive(tokens: Sequence[Token], verb: Token) -> bool:
    """ "Die Stadt ist nun aufgefordert, …": a verb of saying forms its perfect with "haben", so a
    form of "sein" before its participle in the clause makes a state passive, whose subject is
    addressed, not speaking ("war berichtet worden, dass …" is the passive's past: still a report)."""
    if not _participle(verb):
        return False
    for auxiliary in tokens:
        if auxiliary.lemma != "sein" or not is_finite(auxiliary) or not 0 < verb.i - auxiliary.i <= 4:
            continue
        between = [t for t in tokens if auxiliary.i < t.i < verb.i]
        worden = any(t.i == verb.i + 1 and t.text.lower() == "worden" for t in tokens)
        if not worden and not any(t.text in words.CLAUSE_BREAKS or t.lemma == "haben" for t in between):
            return True
    return False


def _participle(verb: Token) -> bool:
    return verb.tag == "VVPP" or verb.has_feature("VerbForm", "Part")


def passive_agent(context: SpeakerContext, tokens: Sequence[Token], k: int) -> Speaker:
    """The agent of a passive verb of saying: "wurde von Anna Berger als unrealistisch bezeichnet",
    "Von Seiten der Delegation war kritisiert worden, …", "seitens der Polizei wurde mitgeteilt".
    Only a name or a person, role or institution noun is an agent: "Es wurde von einem Anschlag
    gesprochen" names what was said, not who said it; without an agent, no speaker."""
    first = k
    while first > 0 and tokens[first - 1].text not in words.CLAUSE_BREAKS | words.CLAUSE_END:
        first -= 1
    for j in range(first, k):
        if tokens[j].text.lower() not in _AGENT_PREPOSITIONS:
            continue
        for i in range(j + 1, min(j + 1 + _AGENT_REACH, k)):
            token = tokens[i]
            if token.text == "Seiten" or not token.text[:1].isupper():
                continue
            for candidate in (token.i, token.i + 1):  # "von Bundesminister Anna Berger": the name
                speaker = resolve_reference(context, candidate)
                if speaker.key and speaker.via == "name":
                    return speaker
            if lexicon.person_head(token.text) or lexicon.institution_head(token.text):
                return described(context, token.i, any_case=True)
            break
    return _NO_SPEAKER


_AGENT_PREPOSITIONS = {"von", "vom", "seitens"}
_AGENT_REACH = 5
"""Tokens after "von" searched for the agent's noun (past "Seiten", articles and adjectives)."""


def complement_before(view: ArticleView, tokens: Sequence[Token], k: int) -> Span | None:
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
    if _subject_with_relative_clause(clause) or (comma == k - 1 and _completed_by(clause, tokens[k])):
        return None
    text = view.text
    span = make_span(text, tokens[0].start, tokens[comma - 1].end, strip=' \t\n,;:–—-"„“»«')
    closing = text[span.end : span.end + 1]
    if closing in words.CLOSING_MARKS and words.CLOSING_MARKS[closing] in span.text:
        return make_span(text, span.start, span.end + 1)
    return span


def _completed_by(clause: list[Token], verb: Token) -> bool:
    """ "Erst gestern hatte der Investor, Anna Berger, zugesagt, …": a participle or infinitive right
    after the comma completes the auxiliary or modal of the clause before it (which has no verb
    form of its own after that auxiliary); that clause is the cue's own, not reported content."""
    if is_finite(verb) or verb.tag not in _NON_FINITE_TAGS:
        return False
    finite = [t for t in clause if is_finite(t)]
    if not finite or finite[-1].tag not in ("VAFIN", "VMFIN"):
        return False
    return not any(t.tag in _NON_FINITE_TAGS for t in clause if t.i > finite[-1].i)


_NON_FINITE_TAGS = {"VVPP", "VVINF", "VVIZU", "VAPP", "VAINF", "VMINF", "VMPP"}


def _subject_with_relative_clause(clause: list[Token]) -> bool:
    """ "Der Anwalt, der lange schwieg, sagte …": before the cue stands the subject with its
    relative clause, not reported content — every finite verb follows ", der/die/das"."""
    relative = next(
        (j for j in range(1, len(clause)) if clause[j - 1].text == "," and _relative_start(clause, j)), None
    )
    return relative is not None and not any(is_finite(t) for t in clause[:relative])


def wie_clause(
    view: ArticleView, context: SpeakerContext, tokens: Sequence[Token], k: int
) -> tuple[Span, Speaker] | None:
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
    if tokens[k].lemma in _NAMING or _correlative(tokens, opener):
        return None
    before, after = tokens[: max(0, opener - 1)], tokens[close + 1 :]
    comma_after = close < len(tokens) and tokens[close].text == "," and bool(after)
    if opener == 0 or tokens[opener - 1].text in words.DASHES:
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
    while clause and clause[-1].text in words.CLAUSE_END:
        clause = clause[:-1]
    if not any(is_finite(t) for t in clause):
        return None
    content = make_span(view.text, clause[0].start, clause[-1].end, strip=" \t\n,;:–—-")
    return content, _first_noun_phrase(context, tokens[opener + 1 : k])


def _first_noun_phrase(context: SpeakerContext, clause: Sequence[Token]) -> Speaker:
    """The speaker of a verb-final clause: the first word that names, describes or refers to one,
    outside oblique noun phrases (`oblique`). The subject comes first there, an addressee later
    ("wie eine Sprecherin der APA bestätigte": the spokeswoman, not the agency she spoke to)."""
    for token in clause:
        if oblique(context, token.i):
            continue
        speaker = resolve_reference(context, token.i)
        if speaker.key or speaker.via != "none":
            return speaker if speaker.key or speaker.via != "nominal" else described(context, token.i)
    for token in clause:  # "wie die Zeitung berichtete": a description of no known kind
        if not oblique(context, token.i):
            speaker = described(context, token.i)
            if speaker.key:
                return speaker
    return _NO_SPEAKER


_NAMING = {"nennen", "bezeichnen"}
"""In a "wie" clause these name the word before it ("…, wie sich die Gruppe selbst nennt"); they
say nothing about the clause beside it."""


def _correlative(tokens: Sequence[Token], opener: int) -> bool:
    """ "…, das so beeindruckend klang, wie man es nicht erwartet hatte": a "so" (or "genauso",
    "ebenso") in the clause before the comma makes the "wie" clause the second half of a
    comparison, not the source of that clause."""
    for token in reversed(tokens[: max(0, opener - 1)]):
        if token.text in words.CLAUSE_BREAKS or token.text in words.CLAUSE_END:
            return False
        if token.text.lower() in words.COMPARATIVE_CORRELATES:
            return True
    return False


def _demonstrative_object(tokens: Sequence[Token], i: int) -> bool:
    """ "…, wie das die Partei fordert": "das" as the object of the verb (an article follows it, not
    an adjective or noun as after the article "das") makes the clause a comparison of manner, not
    the source of what it is beside."""
    if tokens[i].text.lower() not in ("das", "dies", "dieses") or i + 1 >= len(tokens):
        return False
    return tokens[i + 1].text.lower() in words.ARTICLES or tokens[i + 1].tag.startswith("V")


def in_wie_clause(tokens: Sequence[Token], k: int) -> bool:
    """Does a "wie" clause open the clause of the verb at `k`?"""
    return _wie_opener(tokens, k) is not None


def _wie_opener(tokens: Sequence[Token], k: int) -> int | None:
    """Index of the "wie" that opens the clause of the verb at `k`: the unit's first word, or right
    after a comma or dash, with no clause break between it and the verb (at most nine words) — or
    only the commas around an apposition to the subject ("Wie der Richter, Tom Kranz, ausführte"):
    then the clause holds no finite verb but its last and its subject comes first (at most
    sixteen words)."""
    commas = 0
    for j in range(k - 1, max(-1, k - _WIE_APPOSITION_REACH), -1):
        word = tokens[j].text
        if word in words.CLAUSE_END or (word in words.CLAUSE_BREAKS and word != ","):
            return None
        if word == ",":
            commas += 1
            if commas > 2:
                return None
            continue
        if commas and is_finite(tokens[j]):
            return None
        if word.lower() == "wie":
            if j > 0 and tokens[j - 1].text not in {",", *words.DASHES}:
                return None
            return j if not commas or _subject_first(tokens, j, k) else None
        if not commas and k - j >= _WIE_REACH:
            return None
    return None


_WIE_REACH = 10
_WIE_APPOSITION_REACH = 17


def _subject_first(tokens: Sequence[Token], opener: int, k: int) -> bool:
    """Before the first comma after "wie" stands a noun: the subject the apposition follows."""
    for token in tokens[opener + 1 : k]:
        if token.text == ",":
            return False
        if (
            token.tag in ("NN", "NE")
            or token.pos in ("NOUN", "PROPN")
            or (not token.tag and token.text[:1].isupper())
        ):
            return True  # a noun (an untagged parse: a capitalised word)
    return False


def _verb_final_close(tokens: Sequence[Token], k: int) -> int | None:
    """Where the clause of the verb at `k` ends (a comma, the unit's end, a sentence mark) when only
    verbs follow the verb ("mitgeteilt hatte", "sagen ließ"); None when anything else does."""
    for j in range(k + 1, len(tokens)):
        if tokens[j].text == "," or tokens[j].text in words.CLAUSE_END:
            return j
        if not tokens[j].tag.startswith("V"):
            return None
    return len(tokens)


def _cue_clause_comma(tokens: Sequence[Token], k: int) -> int | None:
    """Index of the comma right before the cue clause: before the verb itself, or before the finite
    verb that precedes it with only its subject in between ("…, ließ X in Y erklären")."""
    if k >= 1 and tokens[k - 1].text == ",":
        return k - 1
    for j in range(k - 1, max(0, k - 6), -1):
        word = tokens[j].text
        if word in words.CLAUSE_END or word in (",", ":") or word.lower() in words.COORDINATORS:
            return None
        if tokens[j - 1].text == "," and is_finite(tokens[j]):
            return j - 1
    return None


def _has_main_clause(clause: Sequence[Token]) -> bool:
    """Not just a fronted subordinate clause: it does not open with a conjunction like "wenn",
    "weil", "nachdem" (or a tagged "wie"/"als", or a question word, with the verb at the end: "Wie
    die Zeitung berichtet, …", "Warum die Wahl darauf fiel, …"), or after the comma-separated
    subordinate parts a finite verb opens the main clause."""
    opener = clause[0].text.lower()
    tagged = clause[0].tag in words.SUBORDINATE_TAGS or opener in words.INTERROGATIVES
    comparative = tagged and is_finite(clause[-1])
    if (opener not in words.SUBORDINATORS and not comparative) or opener in words.COMPLEMENTIZERS:
        return True
    return any(a.text == "," and is_finite(b) for a, b in pairwise(clause))


def complement_after(view: ArticleView, unit: Unit, tokens: Sequence[Token], k: int) -> Span | None:
    """ "X sagte(,) dass …", "X betonte, <Konjunktiv clause>", "kündigte an, … zu <verb>", and
    "X erklärte: <clause>" — after a colon what was said follows in any mood (agency copy often
    drops the quote marks). The complement follows the separable particle of the verb, past any
    apposition to a subject between them ("gab der Leiter, Tom Kranz, bekannt, dass …")."""
    k = _particle_index(view, unit, tokens, k)
    j = _complement_break(tokens, k)
    if j is None:
        return None
    start = j + 1
    if start >= len(tokens):
        return None
    if tokens[start].text.lower() in words.COMPLEMENTIZERS:
        start += 1
        marked = True
    elif tokens[j].text == ":":
        marked = any(is_finite(t) for t in tokens[start:]) and tokens[start].text[:1] not in words.QUOTE_MARKS
    else:
        clause = tokens[start:]
        marked = (
            any(is_konjunktiv(t, tuple(clause)) and is_finite(t) for t in clause)
            or _zu_infinitive(clause)
            or _verb_second(clause)
        )
        if _relative_start(tokens, start) or not _may_open_complement(tokens, k, start):
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
            and reporting_lemma(view.parsed, tokens[m + 1].i, unit.end_token)
        ):
            end = m
            break
    last = end - 1
    while last > start and tokens[last].text in words.CLAUSE_END:
        last -= 1
    return make_span(view.text, tokens[start].start, tokens[last].end, strip=" \t\n,;:–—-")


def _verb_second(clause: Sequence[Token]) -> bool:
    """ "X sagte, das Urteil ist falsch": a main clause in the indicative — its finite verb after a
    first phrase of at most three words — is what was said too (Austrian and agency copy often
    report in the indicative). Not a clause opened by a conjunction or question word, nor one
    opening with its verb (a question or a condition)."""
    first = clause[0] if clause else None
    if first is None or first.tag in words.SUBORDINATE_TAGS or first.text.lower() in words.SUBORDINATORS:
        return False
    if first.tag in ("PRELS", "PWS", "PWAV", "PWAT") or first.text in words.CLAUSE_BREAKS:
        return False
    for token in clause[1:4]:
        if token.text in words.CLAUSE_BREAKS:
            return False
        if is_finite(token):
            return True
    return False


def statement_lemma(view: ArticleView, unit: Unit, tokens: Sequence[Token], k: int) -> str | None:
    """ "X wagte die Prognose, bei der Wahl würden …", "X ist der Auffassung, dass …": the lemma
    of a verb of `lexicon.statement_verbs` whose clause ends, before its comma, in a statement
    noun (a separable particle or an infinite verb may follow the noun: "stellte die These auf,
    …") or holds "es für/als <judgement>" ("hält es für unwahrscheinlich, dass …") — the clause
    after the comma is then what the subject says or holds. None otherwise."""
    lemma = known_verb(view.parsed, tokens[k].i, unit.end_token, lexicon.statement_verbs())
    if lemma is None:
        return None
    comma = next((j for j in range(k + 1, len(tokens)) if tokens[j].text in words.CLAUSE_BREAKS), None)
    if comma is None or tokens[comma].text != ",":
        return None
    noun = comma - 1
    while noun > k and (tokens[noun].tag == "PTKVZ" or tokens[noun].tag.startswith("V")):
        noun -= 1
    if noun > k and lexicon.is_statement_noun(tokens[noun].text):
        return lemma
    return lemma if _judges_it(tokens[k + 1 : comma]) else None


def _judges_it(between: Sequence[Token]) -> bool:
    """ "hält es für unwahrscheinlich, dass …", "sah es als erwiesen an, dass …": "es" stands for
    the clause after the comma, and "für"/"als" with a predicative word gives the subject's
    judgement of it."""
    texts = [t.text.lower() for t in between]
    if "es" not in texts:
        return False
    mark = next((j for j, word in enumerate(texts) if word in ("für", "als")), None)
    if mark is None or mark + 1 >= len(between):
        return False
    judgement = between[mark + 1]  # "für unwahrscheinlich", not "für ihre Pflicht"
    return (
        judgement.text.islower()
        and judgement.text not in words.ARTICLES
        and judgement.tag not in _DETERMINERS
    )


_DETERMINERS = {"ART", "PPOSAT", "PIAT", "PDAT", "PIDAT"}


def _complement_break(tokens: Sequence[Token], k: int) -> int | None:
    """Index of the comma or colon after the verb at `k` that opens its complement: within nine
    words, not counting a name in quote marks or brackets ("berichtete im Magazin „Public Library
    of Science“ („PLoS“), es sei …"); None at the sentence's end."""
    counted, quoted, brackets = 0, False, 0
    for j in range(k + 1, min(len(tokens), k + 1 + _ENCLOSED_REACH)):
        word = tokens[j].text
        if word in (",", ":") and not quoted and not brackets:
            return j
        if word in words.CLAUSE_END:
            return None
        if word[:1] in words.QUOTE_MARKS:
            quoted = not quoted
        elif word in "()":
            brackets = max(0, brackets + (1 if word == "(" else -1))
        elif not quoted and not brackets:
            counted += 1
            if counted >= _COMPLEMENT_REACH:
                return None
    return None


_COMPLEMENT_REACH = 9
"""Words between a verb of saying and the comma before its complement."""
_ENCLOSED_REACH = 24
"""All tokens between them, names in quote marks or brackets included."""


def _particle_index(view: ArticleView, unit: Unit, tokens: Sequence[Token], k: int) -> int:
    """Index in `tokens` of the separable particle of the verb of saying at `k`, or `k`."""
    lemma = reporting_lemma(view.parsed, tokens[k].i, unit.end_token)
    if lemma is None:
        return k
    offset = particle_token(view.parsed, tokens[k].i, lemma, unit.end_token) - tokens[k].i
    if offset >= len(tokens) - k or tokens[k + offset].tag == "PTKZU":
        return k  # "gab vor, … zu wollen": the infinitive's "zu" is no particle
    return k + offset


def _may_open_complement(tokens: Sequence[Token], k: int, start: int) -> bool:
    """Can the clause at `start` be the unmarked complement of the verb at `k`? Not after "um",
    "ohne", "statt" (", um … freizumachen" is a purpose, not what was said), nor — when the verb
    closes a relative clause — a clause that opens with a finite verb: that is the main clause
    going on ("Ein Punkt, der für X sprach, war die Möglichkeit, …")."""
    token = tokens[start]
    if token.tag == "KOUI" or token.text.lower() in _INFINITIVE_OPENERS:
        return False
    return not (is_finite(token) and _in_relative_clause(tokens, k))


def _in_relative_clause(tokens: Sequence[Token], k: int) -> bool:
    """Does a relative pronoun (after a comma, or a preposition after it) open the verb's clause?"""
    clause = clause_around(tokens, k)
    opening = [t for t in clause if t.i < tokens[k].i][:2]
    return any(t.tag == "PRELS" for t in opening)


_INFINITIVE_OPENERS = {"um", "ohne", "statt", "anstatt"}
"""Conjunctions that open an adverbial zu-infinitive (tagged KOUI when the tagger knows them)."""


def _relative_start(tokens: Sequence[Token], i: int) -> bool:
    """ "…, der gestern kam" (a relative clause) rather than "…, die Stadt habe" (an article)."""
    if tokens[i].tag:
        return tokens[i].tag in ("PRELS", "PWAV", "PWS")
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    return tokens[i].text.lower() in ("der", "die", "das", "wie") and not following[:1].isupper()


def _zu_infinitive(clause: Sequence[Token]) -> bool:
    for a, b in pairwise(clause):
        if b.tag == "VVIZU" or (a.text == "zu" and (b.tag.endswith("INF") or b.pos in ("VERB", "AUX"))):
            return True
    return any(t.tag == "VVIZU" or (t.tag.startswith("VV") and _particle_zu(t)) for t in clause)


def reports(view: ArticleView, tokens: Sequence[Token], k: int, lemma: str, content: Span) -> bool:
    """Does the verb of saying at `k` report `content`? Not when its clause is the writer's own
    voice ("kann man sagen", "möchte man ihr raten", "Niemand erwartet", "ist davon auszugehen"),
    when its subject is an event or state ("Damit bestätigt sich die Befürchtung, dass …"),
    when it stands in parentheses and the content outside them ("(Wikinews berichtete)"), when a
    verb of deciding governs an open question ("entscheidet, ob …"), or when the content after a
    colon is a named subject's own report in the indicative ("X äußerte sich: X bekräftigte …")."""
    clause = clause_around(tokens, k)
    return not (
        _impersonal(clause, tokens[k])
        or _mute_subject(view, clause, tokens[k])
        or _in_parentheses(view, tokens, k, content)
        or (lemma in _DECIDING and open_question(view, tokens, content))
        or _narrates_speaker(view, tokens, content)
    )


_DECIDING = {"entscheiden", "urteilen", "beschließen"}
"""With "ob" or a w-word these decide an open question: what the clause asks was not said."""


def clause_around(tokens: Sequence[Token], k: int) -> list[Token]:
    """The tokens of the clause of token `k`: between the clause breaks around it."""
    start = next((j + 1 for j in range(k - 1, -1, -1) if tokens[j].text in words.CLAUSE_BREAKS), 0)
    end = next((j for j in range(k + 1, len(tokens)) if tokens[j].text in words.CLAUSE_BREAKS), len(tokens))
    return list(tokens[start:end])


def _impersonal(clause: Sequence[Token], verb: Token) -> bool:
    """The writer's voice: no one (or "man" with a modal: "kann man sagen") is the subject, or a
    zu-infinitive under "sein" makes a modal passive ("ist davon auszugehen, dass …")."""
    if any(t.text.lower() in words.NOBODY and t.tag in ("PIS", "") for t in clause):
        return True  # the pronoun, not the article ("keine Mischung")
    if any(t.text.lower() == "man" for t in clause) and any(t.tag == "VMFIN" for t in clause):
        return True
    zu_infinitive = (
        verb.tag == "VVIZU"
        or _particle_zu(verb)
        or any(t.i == verb.i - 1 and t.text.lower() == "zu" for t in clause)
    )
    if not zu_infinitive or any(t.tag == "ADJD" for t in clause):
        return False  # "war es wichtig zu betonen, dass …": the infinitive is the subject, said by them
    return any(t.lemma == "sein" and is_finite(t) for t in clause if t.i < verb.i)


def _mute_subject(view: ArticleView, clause: Sequence[Token], verb: Token) -> bool:
    """Is the subject a noun that cannot speak (`lexicon.mute_noun`)? The subject is the noun
    phrase after the verb when an adverb, preposition or conjunction opens the clause, else the
    one that opens it —
    unless a name or a noun that speaks follows the verb: then that is the subject and the opening
    phrase the object ("Die Entscheidung begründete das Gericht damit, dass …")."""
    if not clause:
        return False
    after = [t for t in clause if t.i > verb.i]
    inverted = clause[0].pos in ("ADV", "ADP", "SCONJ") or clause[0].tag.startswith(
        ("ADV", "PAV", "APPR", "KO")
    )
    if not inverted and any(_may_speak(view, t) for t in after):
        return False
    for token in after if inverted else clause:
        if (
            token.text.lower() == "sich"
            or token.text.lower() in words.ARTICLES
            or token.tag in words.NOUN_PHRASE_TAGS
        ):
            continue
        return token.text[:1].isupper() and lexicon.mute_noun(token.text)
    return False


def _may_speak(view: ArticleView, token: Token) -> bool:
    word = token.text
    if view.context.entity_at(token.i) or word.lower() in words.FIRST_PERSON | {"er", "sie"}:
        return True
    return word[:1].isupper() and bool(lexicon.person_head(word) or lexicon.institution_head(word))


def _particle_zu(verb: Token) -> bool:
    """ "auszugehen", "zurückzuweisen": a separable verb's zu-infinitive, whatever the tag."""
    word, lemma = verb.text.lower(), verb.lemma.lower()
    return any(word[p : p + 2] == "zu" and word[:p] + word[p + 2 :] == lemma for p in range(1, len(word) - 2))


def _in_parentheses(view: ArticleView, tokens: Sequence[Token], k: int, content: Span) -> bool:
    """ "(Wikinews berichtete)": a verb of saying in parentheses says nothing outside them."""
    opening = next((t for t in reversed(tokens[:k]) if t.text in "()"), None)
    closing = next((t for t in tokens[k + 1 :] if t.text in "()"), None)
    if opening is None or closing is None or opening.text != "(" or closing.text != ")":
        return False
    return not (opening.end <= content.start and content.end <= closing.start)


def open_question(view: ArticleView, tokens: Sequence[Token], content: Span) -> bool:
    """Is the content an indirect question: after "ob", or opening with a w-word ("welcher …")?"""
    first = next((t for t in tokens if t.start >= content.start), None)
    before = next((t for t in reversed(tokens) if t.end <= content.start), None)
    if first is None:
        return False
    return (
        first.tag in _W_TAGS
        or (before is not None and before.text.lower() == "ob")
        or first.text.lower() == "ob"
    )


_W_TAGS = {"PWS", "PWAT", "PWAV"}


def _narrates_speaker(view: ArticleView, tokens: Sequence[Token], content: Span) -> bool:
    """ "X hat sich dazu geäußert: Y bekräftigte das Engagement …": after a colon, a clause whose
    named subject reports in the indicative is the writer telling of a report, not the words
    themselves (those would not name their speaker's verb of saying)."""
    if not view.text[: content.start].rstrip().endswith(":"):
        return False
    opening = [t for t in tokens if content.start <= t.start][:4]
    named = [j for j, t in enumerate(opening) if view.context.entity_at(t.i)]
    if not named:
        return False
    after = opening[named[0] + 1 :]
    end = tokens[-1].i + 1
    return any(
        reporting_lemma(view.parsed, t.i, end) and is_finite(t) and not is_konjunktiv(t) for t in after[:2]
    )
