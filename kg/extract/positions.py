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
    start, finite = clause_frame(context, cue, content)
    fronted_subject = tokens[start].tag not in NOT_SUBJECT_OPENERS and tokens[start].text.lower() != "als"
    before = [i for i in range(start, finite) if fronted_subject and not oblique(context, i)]
    after = []
    for i in range(finite + 1, min(finite + 1 + WEIGHTS.subject_window, len(tokens))):
        if not _inside(context, cue, content, i) or tokens[i].text in BOUNDARY:
            break
        if tokens[i].tag in ("APPR", "APPRART") or tokens[i].text.lower() in words.PREPOSITIONS:
            break
        if tokens[i].text[:1].isupper() and not oblique(context, i):
            after.append(i)
            break
    return before + after


def fronted_head(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> int | None:
    """The head noun of the noun phrase that fills the clause's Vorfeld (from the clause start to
    its first finite verb): "Kritiker werfen X vor", "Ein Sprecher des Rates sagte X", "Das Amt
    (BKA) bestätigte dem Abgeordneten X". German puts the subject there far more often than an
    object; a Vorfeld that opens with a preposition, an adverb, a conjunction, a pronoun or an
    oblique article ("Den Plan kritisierte X") holds no subject noun phrase."""
    tokens = context.parsed.tokens
    start, finite = clause_frame(context, cue, content)
    first_finite = next((i for i in range(start, finite) if is_finite(tokens[i])), finite)
    if start >= first_finite or not is_finite(tokens[first_finite]):
        return None
    opener = tokens[start]
    if opener.tag in NOT_SUBJECT_OPENERS or opener.tag in ("PDS", "PIS", "PPER", "PRELS"):
        return None
    if opener.text.lower() in words.OBLIQUE_ARTICLES | words.PREPOSITIONS:
        return None
    head = start
    while head < first_finite and (
        tokens[head].tag in words.NOUN_PHRASE_TAGS or not tokens[head].text[:1].isupper()
    ):
        head += 1
    return head if head < first_finite and tokens[head].tag in ("NN", "NE") else None


def apposition_subject(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> int | None:
    """ "Der Vertreter der Arbeitgeber im Aufsichtsrat, Anna Berger, hat … gefordert", "hatte der
    Investor für den Neubau, Anna Berger, zugesagt", "Wie die Präsidentin des Landes, Anna Berger,
    erklärte": a name set off by commas between the subject's noun phrase and a verb (the cue, or
    the clause's finite verb) names the subject. The noun phrase must open the clause, or follow
    its finite verb, and not be a prepositional phrase or an oblique one ("Nach einem Treffen mit
    dem Minister, Anna Berger, …" names no subject)."""
    tokens = context.parsed.tokens
    start, finite = clause_frame(context, cue, content)
    first_finite = next((i for i in range(start, finite) if is_finite(tokens[i])), finite)
    for verb in sorted({cue, finite, first_finite}):
        first = _name_between_commas(context, verb - 1)
        if first is not None and _subject_phrase_before(context, first - 2):
            return first
    return None


def _name_between_commas(context: SpeakerContext, close: int) -> int | None:
    """The first token of a person's or organisation's name between a comma and the comma at `close`."""
    tokens = context.parsed.tokens
    if close < 2 or tokens[close].text != ",":
        return None
    key = context.entity_at(close - 1)
    if key is None or context.label(key) not in ("PER", "ORG"):
        return None
    first = close - 1
    while first > 0 and context.entity_at(first - 1) == key:
        first -= 1
    return first if first > 0 and tokens[first - 1].text == "," else None


def _subject_phrase_before(context: SpeakerContext, last: int) -> bool:
    """Does the noun phrase ending at token `last` open its clause (after a clause break, "wie" or
    a finite verb) with neither a preposition nor an oblique article, and hold a noun?"""
    tokens = context.parsed.tokens
    first = last
    while first > 0 and tokens[first - 1].sentence == tokens[last].sentence:
        previous = tokens[first - 1]
        if previous.text in _PHRASE_BREAKS or is_finite(previous) or previous.text.lower() == "wie":
            break
        first -= 1
    opener = tokens[first]
    oblique_opener = opener.text.lower() in words.PREPOSITIONS | words.OBLIQUE_ARTICLES
    if opener.tag in ("APPR", "APPRART") or oblique_opener or last - first >= _MAX_SUBJECT_PHRASE:
        return False
    return any(tokens[i].tag in ("NN", "NE") for i in range(first, last + 1))


_PHRASE_BREAKS = {",", ":", ";", ".", "!", "?", "–", "—"}
"""Marks that end the phrase before an apposition (parentheses belong to it: "Die Partei (SPD), …")."""
_MAX_SUBJECT_PHRASE = 15
"""Tokens a subject's noun phrase with its attributes may span before an apposition."""


def clause_frame(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> tuple[int, int]:
    """The clause of the verb at `cue`: where it starts (after the last clause break) and its
    finite verb (the cue itself, or the auxiliary or modal before it: "hat … mitgeteilt")."""
    tokens = context.parsed.tokens
    finite = cue
    j = cue
    while (
        j > 0
        and _inside(context, cue, content, j - 1)
        and tokens[j - 1].text not in BOUNDARY
        and not is_finite(tokens[finite])
    ):
        j -= 1
        if is_finite(tokens[j]):
            finite = j
    start = finite
    while start > 0 and _inside(context, cue, content, start - 1):
        opening = before_parenthesis(tokens, start - 1) + 1  # "Das Amt (BKA) bestätigte": over "(BKA)"
        if tokens[start - 1].text == ")" and tokens[opening].text == "(" and opening < start - 1:
            start = opening
        elif tokens[start - 1].text in BOUNDARY:
            break
        else:
            start -= 1
    return start, finite


def _inside(context: SpeakerContext, cue: int, content: tuple[int, int] | None, i: int) -> bool:
    """Is token `i` in the sentence of the cue and outside the reported content?"""
    tokens = context.parsed.tokens
    in_content = content is not None and content[0] <= tokens[i].start < content[1]
    return tokens[i].sentence == tokens[cue].sentence and not in_content


def place_subject(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> int | None:
    """A country or city standing alone in a subject's place ("Österreich lehnte ab und erklärte,
    …", "Nun befürchten die USA, …"): a state speaks through its government. Only the whole
    noun phrase before the clause's first finite verb, or the phrase right after the finite verb
    when nothing before it can be the subject (an adverb or a prepositional phrase); the place
    with at most a definite article, and no noun after it ("Frankreichs Präsident" is a person)."""
    tokens = context.parsed.tokens
    if not tokens[cue].tag.startswith("V"):
        return None  # "Berlin: „…“": a place before a colon without a verb is a dateline
    start, finite = clause_frame(context, cue, content)
    first_finite = next((i for i in range(start, finite) if is_finite(tokens[i])), finite)
    fronted = [i for i in range(start, first_finite) if tokens[i].text.lower() not in _PLACE_ARTICLES]
    if fronted and _bare_place(context, fronted[0], first_finite):
        return fronted[0]
    fronted_subject = start < finite and tokens[start].tag not in NOT_SUBJECT_OPENERS
    if fronted_subject and any(tokens[i].tag in _NOUN_TAGS for i in range(start, finite)):
        return None
    i = finite + 1
    while i < len(tokens) and _inside(context, cue, content, i) and tokens[i].text.lower() in _PLACE_ARTICLES:
        i += 1
    key = context.entity_at(i) if i < len(tokens) else None
    end = i
    while key is not None and end < len(tokens) and context.entity_at(end) == key:
        end += 1
    follower = tokens[end] if end < len(tokens) else None
    if follower is not None and (follower.tag in _NOUN_TAGS or follower.text[:1].isupper()):
        return None
    return i if _bare_place(context, i, end) else None


_PLACE_ARTICLES = {"der", "die", "das"}
_NOUN_TAGS = {"NN", "NE", "PPER", "PIS", "PDS"}
"""Tags of a word that can be the subject itself (a noun or a pronoun)."""


def _bare_place(context: SpeakerContext, first: int, end: int) -> bool:
    """Do tokens `first`..`end` (exclusive) all belong to one place entity?"""
    if first >= end or first >= len(context.parsed.tokens):
        return False
    key = context.entity_at(first)
    if key is None or context.label(key) != "LOC":
        return False
    return all(context.entity_at(i) == key for i in range(first, end))


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
    start, finite = clause_frame(context, cue, content)
    prepositional = _prepositional_vorfeld(tokens, start, finite)
    while usable(i) and len(before) < WEIGHTS.subject_window and tokens[i].text not in BOUNDARY:
        if tokens[i].text[:1] in words.QUOTE_MARKS:
            break
        in_fronted_phrase = prepositional and start <= i < finite  # "Um 10 Uhr MEZ meldete X"
        if not oblique(context, i) and not in_fronted_phrase:  # "wie X gegenüber der Zeitung sagte"
            before.append(i)
        i -= 1
    return after + before


def _prepositional_vorfeld(tokens: tuple[Token, ...], start: int, finite: int) -> bool:
    """Does a prepositional phrase fill the Vorfeld of a main clause ("Um 10 Uhr MEZ meldete X")?
    Then nothing before the finite verb is its subject. A relative or verb-final clause that opens
    with a preposition ("in dessen Folge das Gericht feststellte") keeps its subject there."""
    opener = tokens[start]
    if not (opener.tag in ("APPR", "APPRART") or opener.text.lower() in words.PREPOSITIONS):
        return False
    if not is_finite(tokens[finite]) or finite + 1 >= len(tokens) or tokens[finite + 1].text in BOUNDARY:
        return False
    return not any(tokens[i].tag in ("PRELS", "PRELAT", "PWS", "PWAT") for i in range(start, finite))


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
