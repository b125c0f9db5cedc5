"""Where German puts the subject of a verb: around the finite verb (before it from the clause start,
or right after it when the clause is inverted), before an apposition or parenthesis, never inside
a prepositional phrase or a genitive after a noun. Speaker resolution (`speakers.py`) asks these
positions, in this order, what they refer to."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.extract import lexicon
from kg.extract.cues import is_finite
from kg.extract.weights import WEIGHTS
from kg.lang import words
from kg.nlp.parsed import Token

if TYPE_CHECKING:
    from kg.extract.speakers import SpeakerContext

SUBJECT_DEPS = {"nsubj", "nsubj:pass", "sb"}
BOUNDARY = {",", ":", ";", ".", "!", "?", "–", "—", "-", "(", ")", "|"}
NOT_SUBJECT_OPENERS = {"APPR", "APPRART", "KOKOM", "KOUS", "ADV", "PAV", "PWAV"}
"""A clause opening with a preposition, conjunction or adverb has its subject after the verb."""


def fronted_phrase(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> list[int]:
    """ "Anna Berger, Präsidentin des Gerichts, sagte …", "X, der sich … entschlossen hatte, sagte":
    when a comma stands right before the verb, the subject is the sentence's first phrase, before
    the apposition or relative clause that the commas enclose."""
    tokens = context.parsed.tokens
    if cue == 0 or tokens[cue - 1].text != ",":
        return []
    first = context.parsed.sentences[tokens[cue].sentence].first_token
    phrase = []
    for i in range(first, cue):
        if tokens[i].text in BOUNDARY or (content and content[0] <= tokens[i].start < content[1]):
            break
        phrase.append(i)
    return phrase if len(phrase) <= WEIGHTS.subject_window else []


def finite_anchor(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> int:
    """ "Anna Berger hatte die Rolle der Fraktionen betont", "hatte sich X … hinreißen lassen":
    the subject of a participle or infinitive stands by the clause's finite verb before it, which
    may be far from the participle, even past the quotation; that verb is where to look (the
    participle itself when the clause has none before it)."""
    tokens = context.parsed.tokens
    if is_finite(tokens[cue]) or tokens[cue].tag not in ("VVPP", "VVINF", "VAINF", "VMINF"):
        return cue
    for i in range(cue - 1, -1, -1):
        token = tokens[i]
        if content and content[0] - 1 <= token.start <= content[1]:
            continue  # "hatte das als „falsch“ zurückgewiesen": past the quotation
        if (
            token.sentence != tokens[cue].sentence
            or token.text in BOUNDARY
            or token.text[:1] in words.QUOTE_MARKS
        ):
            return cue
        if is_finite(token):
            return i
    return cue


def prefield_subject(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> int | None:
    """ "Der Hauptgeschäftsführer des Verbands nannte sie „fahrlässig“": when the sentence opens
    with a noun phrase whose article is nominative and the verb of saying is the first finite verb
    after it, that phrase is the one constituent before the verb — the subject — and a pronoun
    after the verb ("sie") is an object. The name in the phrase ("Der Minister Anna Berger"), else
    its head noun; None when another nominative phrase follows the verb ("Die Anwendung stellte
    der Vorsitzende in Frage": the first phrase is the object)."""
    tokens = context.parsed.tokens
    sentence = context.parsed.sentences[tokens[cue].sentence]
    words_before = tokens[sentence.first_token : cue]
    if not words_before or not is_finite(tokens[cue]) or cue + 1 >= len(tokens):
        return None
    article = words_before[0]
    nominative = article.has_feature("Case", "Nom") or "Case=" not in article.morph
    if article.text.lower() not in words.NOMINATIVE_ARTICLES | {"das"} or not nominative:
        return None
    if tokens[cue + 1].text.lower() in words.NOMINATIVE_ARTICLES - {"die"}:
        return None
    for token in words_before[1:]:
        inside = content is not None and content[0] <= token.start < content[1]
        if inside or is_finite(token) or token.text in BOUNDARY or token.text[:1] in words.QUOTE_MARKS:
            return None
    names = [t.i for t in words_before[1:] if _person_starts(context, t.i) and not oblique(context, t.i)]
    head = next((t.i for t in words_before[1:] if t.tag != "ADJA" and t.text[:1].isupper()), None)
    return names[0] if names else head


def appositive_name(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> int | None:
    """ "Anna Berger, Präsidentin des Gerichts(,) sagte", "Der Präsident des Vereins, Anna Berger,
    sagte": when the words before the sentence's first finite verb are noun phrases set off by
    commas — no verb, no conjunction, not opened by a preposition or adverb — they are one subject,
    a name and its apposition, and the person named there speaks: the name right before the
    verb's comma, else the name that opens the sentence."""
    tokens = context.parsed.tokens
    sentence = context.parsed.sentences[tokens[cue].sentence]
    prefield: list[int] = []
    for i in range(sentence.first_token, cue + 1):
        token = tokens[i]
        if is_finite(token):
            break
        if token.text in (":", ";") or token.text[:1] in words.QUOTE_MARKS:
            prefield = []
            continue
        if content and content[0] <= token.start < content[1]:
            return None
        prefield.append(i)
    if not prefield or "," not in (tokens[i].text for i in prefield):
        return None
    if tokens[prefield[0]].tag in NOT_SUBJECT_OPENERS or any(_not_a_phrase(tokens, i) for i in prefield):
        return None
    names = [i for i in prefield if _person_starts(context, i) and not oblique(context, i)]
    last = prefield[-1]
    for i in names:
        if _name_end(context, i) == last - 1 and tokens[last].text == "," and tokens[i - 1].text == ",":
            return i  # "Der Präsident des Vereins, Anna Berger, sagte"
    if names and names[0] == prefield[0] and tokens[_name_end(context, names[0]) + 1].text == ",":
        return names[0]  # "Anna Berger, Präsidentin des Gerichts(,) sagte"
    return None


def _not_a_phrase(tokens: tuple[Token, ...], i: int) -> bool:
    """A word that makes the words before the verb more than noun phrases: a conjunction, a
    non-finite verb, or a relative pronoun (not an article the tagger took for one: ", der
    Präsident")."""
    token = tokens[i]
    if token.tag == "PRELS":
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        return following is None or not (following.tag in ("NN", "ADJA") or following.text[:1].isupper())
    return token.tag in ("KON", "KOUS", "VVPP", "VVINF")


def _person_starts(context: SpeakerContext, i: int) -> bool:
    key = context.entity_at(i)
    return key is not None and context.label(key) == "PER" and context.entity_at(i - 1) != key


def _name_end(context: SpeakerContext, i: int) -> int:
    key = context.entity_at(i)
    while context.entity_at(i + 1) == key:
        i += 1
    return i


def clause_subject_positions(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> list[int]:
    """Where a described subject stands in the clause of the verb at `cue`: the nouns before its
    finite verb, from the clause start ("Experten der Marine haben … bestätigt"), then the first
    noun after the finite verb (inversion: "Am Montag bestätigten Experten …"); never a noun of
    the middle field after that (an object: "haben das Wrack untersucht")."""
    tokens = context.parsed.tokens
    sentence = tokens[cue].sentence

    def inside(i: int) -> bool:
        in_content = content is not None and content[0] <= tokens[i].start < content[1]
        return tokens[i].sentence == sentence and not in_content

    finite = cue
    j = cue
    while j > 0 and inside(j - 1) and tokens[j - 1].text not in BOUNDARY and not is_finite(tokens[finite]):
        j -= 1
        if is_finite(tokens[j]):
            finite = j
    start = finite
    while start > 0 and inside(start - 1) and tokens[start - 1].text not in BOUNDARY:
        start -= 1
        if tokens[start].text == ")":
            start = before_parenthesis(tokens, start) + 1
    fronted_subject = tokens[start].tag not in NOT_SUBJECT_OPENERS and tokens[start].text.lower() != "als"
    before = [i for i in range(start, finite) if fronted_subject and not oblique(context, i)]
    after = []
    for i in range(finite + 1, min(finite + 1 + WEIGHTS.subject_window, len(tokens))):
        if not inside(i) or tokens[i].text in BOUNDARY:
            break
        if tokens[i].tag in ("APPR", "APPRART") or tokens[i].text.lower() in words.PREPOSITIONS:
            break
        if tokens[i].text[:1].isupper() and not oblique(context, i):
            after.append(i)
            break
    return before + after


def before_parenthesis(tokens: tuple[Token, ...], i: int) -> int:
    """ "Anna Berger (SPD) sagte": the word before a short parenthesis that ends at `i`."""
    if i < 0 or tokens[i].text != ")":
        return i
    for j in range(i - 1, max(-1, i - 6), -1):
        if tokens[j].text == "(":
            return j - 1
    return i


def dependency_subject(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> int | None:
    tokens = context.parsed.tokens
    if not tokens[cue].dep:
        return None
    heads = {cue}
    head = tokens[cue].head
    if head != cue and tokens[head].pos in ("AUX", "VERB") and tokens[head].sentence == tokens[cue].sentence:
        heads.add(head)
    for token in context.parsed.sentence_tokens(tokens[cue].sentence):
        if token.head in heads and token.dep in SUBJECT_DEPS and token.i != token.head:
            if content and content[0] <= token.start < content[1]:
                continue
            return token.i
    return None


def word_order_candidates(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> list[int]:
    """Tokens to try as subject: right after the verb (inversion), then back to the clause start."""
    tokens = context.parsed.tokens
    sentence = tokens[cue].sentence

    def usable(i: int) -> bool:
        if not 0 <= i < len(tokens) or tokens[i].sentence != sentence:
            return False
        return not (content and content[0] <= tokens[i].start < content[1])

    after = []
    i = cue + 1
    while usable(i) and len(after) < WEIGHTS.subject_window and tokens[i].text not in BOUNDARY:
        if tokens[i].tag in ("APPR", "APPRART") or tokens[i].text.lower() in words.PREPOSITIONS:
            break
        if tokens[i].text.lower() in words.COORDINATORS and i + 1 < len(tokens) and is_finite(tokens[i + 1]):
            break  # "äußerten Bedenken und warfen der Regierung …": the next clause's words
        if tokens[i].text.lower() not in words.OBLIQUE_ARTICLES and not oblique(context, i):
            after.append(i)  # "warnte der Chef des Verbands X": not the genitive
        i += 1
    before = []
    i = before_parenthesis(tokens, cue - 1)
    while usable(i) and len(before) < WEIGHTS.subject_window and tokens[i].text not in BOUNDARY:
        if tokens[i].text[:1] in words.QUOTE_MARKS:
            break
        if not oblique(context, i):  # "wie X gegenüber der Zeitung sagte": not the paper
            before.append(i)
        i -= 1
    return after + before


def oblique(context: SpeakerContext, i: int) -> bool:
    """Token `i` belongs to a noun phrase that cannot be a subject: a prepositional phrase (a
    preposition before it or its article: "gegenüber der Zeitung X", "von Anna Berger"), or a
    genitive or dative after a noun ("eine Beteiligung der EU", "eine Sprecherin der APA", "der
    Beschluss der neuen X-Regierung"), a name after a noun in a prepositional phrase ("vom Bankhaus
    X"), or an
    object opened by "den/dem/des…" before its adjectives and title; counted from the first word
    of the name it belongs to."""
    tokens = context.parsed.tokens

    def preposition(j: int) -> bool:
        return j >= 0 and (
            tokens[j].tag in ("APPR", "APPRART") or tokens[j].text.lower() in words.PREPOSITIONS
        )

    def noun(j: int) -> bool:
        return j >= 1 and tokens[j].text[:1].isupper() and tokens[j - 1].sentence == tokens[j].sentence

    entity = context.entity_at(i)
    while entity and i > 0 and context.entity_at(i - 1) == entity:
        i -= 1
    opener = i - 1
    while opener > 0 and (tokens[opener].tag == "ADJA" or lexicon.role_head(tokens[opener].text)):
        opener -= 1  # "den ukrainischen Präsidenten X": an object, whatever the name
    article = tokens[i - 1].text.lower() if i >= 1 else ""
    opening = tokens[opener].text.lower()
    return (
        (opener < i - 1 and opening in words.OBLIQUE_ARTICLES)
        or (opener < i - 1 and opening in words.OBLIQUE_AFTER_NOUN and noun(opener - 1))
        or preposition(i - 1)
        or (article in words.ARTICLES and preposition(i - 2))
        or (article in words.OBLIQUE_AFTER_NOUN and noun(i - 2))
        or _after_governed_noun(context, i, preposition)
    )


def _after_governed_noun(context: SpeakerContext, i: int, preposition: Callable[[int], bool]) -> bool:
    """ "X vom Bankhaus Y", "mit der Firma Y": a name right after a common noun that a preposition
    governs names that noun, inside the prepositional phrase."""
    tokens = context.parsed.tokens
    k = i - 1
    if k < 1 or tokens[k].tag != "NN" or context.entity_at(k) or lexicon.role_head(tokens[k].text):
        return False
    return preposition(k - 1) or (tokens[k - 1].text.lower() in words.ARTICLES and preposition(k - 2))


def first_person_in(context: SpeakerContext, first: int, end: int) -> str | None:
    """The first person named in tokens `first`..`end` outside a prepositional phrase ("der
    Partei von X"), where a name is no subject and so no likely speaker."""
    tokens = context.parsed.tokens
    for i in range(first, end):
        key = context.entity_at(i)
        if key and context.label(key) == "PER" and context.entity_at(i - 1) != key:
            if key in context.doubtful_people:
                continue
            if not governed(tokens, i, first):
                return key
    return None


def governed(tokens: tuple[Token, ...], i: int, first: int) -> bool:
    """Is the name at `i` inside a prepositional phrase? Back over titles and adjectives to the
    word that opens its noun phrase."""
    j = i - 1
    while j >= first and (tokens[j].text[:1].isupper() or tokens[j].tag == "ADJA") and tokens[j].tag != "ART":
        j -= 1
    while j >= first and tokens[j].text.lower() in words.ARTICLES:
        j -= 1
    return j >= first and (
        tokens[j].tag in ("APPR", "APPRART") or tokens[j].text.lower() in words.PREPOSITIONS
    )
