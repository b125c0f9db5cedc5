"""Indirect speech with a cue of its own: a source phrase ("laut X", "X zufolge", "nach Angaben
von X", "nach Xs Einschätzung", ", so X") or a verb of saying with its complement clause (content
before ", sagte X" or after "X sagte, (dass) …", including zu-infinitives, or beside a verb-final
"wie X mitteilte" clause, or after a statement noun its subject voices: "X wagte die Prognose, …"),
or a demonstrative that takes up the sentence before ("… . Das bestätigte X.")."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from kg.extract import lexicon, sources
from kg.extract.cues import is_finite, reporting_lemma
from kg.extract.records import Entity, Span
from kg.extract.speakers import (
    Introduced,
    Speaker,
    SpeakerContext,
    antecedent,
    described,
    nominal_referent,
    resolve_reference,
    subject_of,
)
from kg.extract.speech.clauses import (
    clause_around,
    complement_after,
    complement_before,
    in_wie_clause,
    open_question,
    passive,
    passive_agent,
    reports,
    state_passive,
    statement_lemma,
    wie_clause,
)
from kg.extract.speech.direct import cue_span
from kg.extract.speech.view import NOTHING, Additions, ArticleView, ReportOutcome, Speech, found, heard, quote
from kg.extract.text import entity_key, make_span
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
    """ "laut X", "gemäß X", "X zufolge", "nach Angaben von X", "nach Xs Einschätzung", ", so X".

    The source phrase is delimited as a noun phrase with its attributes (`_source_phrase`), so a
    name after it, in the reported clause, never speaks. `unnamed` when such a phrase names no
    source kg can credit: the unit then reports that source, not the last speaker.
    """
    tokens = unit_tokens(view, speech, unit)
    context = speech.context
    outcome: ReportOutcome = "none"
    heard_here: dict[int, Introduced] = {}
    for k, token in enumerate(tokens):
        phrase = _source_phrase(context, tokens, k)
        if not phrase or context.is_excluded(token.start):
            continue
        word = token.text.lower()
        if _channel_of_a_verb(view, tokens, k, unit):
            continue
        speaker = _speaker_in(context, phrase, token)
        if speaker is None:
            outcome = "unnamed"
            continue
        if word not in (*words.ACCORDING_TO_AFTER, "so") and _elliptic(tokens, k, len(phrase)):
            continue
        heard_here.update(heard(speaker))
        first_tok, last_tok = (phrase[0], token) if word in words.ACCORDING_TO_AFTER else (token, phrase[-1])
        cue = make_span(view.text, first_tok.start, last_tok.end)
        if word == "so" and last_tok.i + 1 < len(view.parsed.tokens):
            following = view.parsed.tokens[last_tok.i + 1]
            if following.text.lower() == "weiter":
                cue = make_span(view.text, first_tok.start, following.end)
        content = content_of(view, unit, (cue.start, cue.end))
        if len(content.text.split()) < 2 or speech.is_reported(view.text, content.start, content.end):
            continue
        lemma = "so" if word == "so" else word
        quotation = quote(view, content, "indirect", speaker, cue, lemma, WEIGHTS.according_to)
        return Additions(introduced=heard_here) + found(quotation, speaker)
    return Additions(introduced=heard_here, outcome=outcome)


def _channel_of_a_verb(view: ArticleView, tokens: Sequence[Token], k: int, unit: Unit) -> bool:
    """ "…, sagte Kurz laut einer Aussendung": a phrase that names only a channel (nouns of
    information, no name) right after a verb of saying and its subject says how that subject
    spoke, not who."""
    phrase = _source_phrase(view.context, tokens, k)
    nouns = [t for t in phrase if t.text[:1].isupper()]
    if not nouns or not all(lexicon.is_speech_noun(t.text) and "-" not in t.text for t in nouns):
        return False  # "laut einem Kranich-Bericht" names its source
    first = min(k, phrase[0].i - tokens[0].i)
    for j in range(first - 1, max(-1, first - 1 - _CHANNEL_REACH), -1):
        if tokens[j].text in words.CLAUSE_BREAKS:
            return False
        if reporting_lemma(view.parsed, tokens[j].i, unit.end_token):
            return j < first - 1  # its subject stands between ("sagte X laut …"; "geht laut …" has none)
    return False


_CHANNEL_REACH = 4
"""Tokens before "laut" where the verb of saying of a channel phrase stands ("sagte Anna Berger laut")."""


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


def _source_phrase(context: SpeakerContext, tokens: Sequence[Token], k: int) -> Sequence[Token]:
    """The source phrase that the cue word `tokens[k]` opens or closes, without the cue word; empty
    when `tokens[k]` is no such cue ("sprach laut", "nach dem Spiel", ", so dass")."""
    word = tokens[k].text.lower()
    if word in words.ACCORDING_TO_AFTER:
        return _phrase_before(context, tokens, k)
    if word == "so" and not (k > 0 and tokens[k - 1].text == "," and _names_after_so(tokens, k)):
        return ()
    if word not in words.ACCORDING_TO_BEFORE and word not in ("nach", "so"):
        return ()
    end = _phrase_end(context, tokens, k + 1)
    if word == "nach" and not _informs(tokens[k + 1 : end]):
        return ()
    if (k == 0 or tokens[k - 1].text in words.CLAUSE_END) and end > k + 1:
        end = _prefield_end(tokens, end)
    if word == "so" and end == k + 1 and k + 1 < len(tokens):
        end = k + 2 if tokens[k + 1].text.lower() in _SO_PRONOUNS else end  # ", so er"
    return tokens[k + 1 : end]


def _prefield_end(tokens: Sequence[Token], end: int) -> int:
    """A phrase that opens its clause fills the prefield, which holds one constituent: the words
    up to the finite verb belong to it ("Laut einem Sprecher der Firma Kastell ruht …", where the
    model knew no name "Kastell"), and a relative clause on its noun, unless a clause mark or
    another verb comes first."""
    m, rest = end, 0
    while m < len(tokens) and rest < WEIGHTS.prefield_rest:
        token = tokens[m]
        if is_finite(token):
            return m
        if token.text == "," and m + 1 < len(tokens) and tokens[m + 1].text in words.RELATIVE_PRONOUNS:
            m = _relative_clause_end(tokens, m + 1)  # "Nach Angaben eines Experten, der … wurde, …"
            continue
        if _breaks_phrase(token) or token.text[:1] in words.QUOTE_MARKS:
            return end
        m, rest = m + 1, rest + 1
    return end


def _relative_clause_end(tokens: Sequence[Token], j: int) -> int:
    """Past the comma that closes the relative clause starting at `tokens[j]`, or the unit's end."""
    close = next((m for m in range(j, len(tokens)) if tokens[m].text == ","), len(tokens))
    return close + 1


_SO_PRONOUNS = {"er", "sie"}
"""Pronouns that can be the source of ", so X" (", so er", ", so sie")."""


def _informs(phrase: Sequence[Token]) -> bool:
    """ "nach" reports only with a noun of information as its first noun ("nach Angaben",
    "nach Polizeiangaben", "nach Bergers Einschätzung"); "nach dem Spiel" is time, "nach Berlin" a
    direction."""
    nouns = [t for t in phrase if t.text[:1].isupper()]
    return any(lexicon.is_speech_noun(t.text) and not lexicon.person_head(t.text) for t in nouns[:2])


def _phrase_before(context: SpeakerContext, tokens: Sequence[Token], k: int) -> Sequence[Token]:
    """The phrase that ends right before "zufolge": the longest noun phrase (with attributes)
    starting after the last verb or clause break before it."""
    first = k
    while first > 0 and k - first < WEIGHTS.source_phrase_reach and not _breaks_phrase(tokens[first - 1]):
        first -= 1
    for start in range(first, k):
        if _phrase_end(context, tokens, start) == k:
            return tokens[start:k]
    return ()


def _breaks_phrase(token: Token) -> bool:
    """A token no noun phrase runs across: a verb, a clause mark, a conjunction or subordinator."""
    return (
        token.tag.startswith("V")
        or token.pos in ("VERB", "AUX")
        or token.text in words.CLAUSE_BREAKS
        or token.text in words.CLAUSE_END
        or token.tag in ("KON", "KOUS", "PRELS", "PWAV")
    )


def _phrase_end(context: SpeakerContext, tokens: Sequence[Token], j: int) -> int:
    """Where the source noun phrase starting at `tokens[j]` ends: past its head noun and the
    attributes that belong to it; `j` when no noun phrase starts there."""
    end = _noun_end(context, tokens, j)
    if end == j:
        return j
    for _ in range(WEIGHTS.source_attributes):
        following = _attribute_end(context, tokens, end)
        if following == end:
            break
        end = following
    return end


def _noun_end(context: SpeakerContext, tokens: Sequence[Token], j: int) -> int:
    """Past the noun phrase at `tokens[j]`: determiners and adjectives, a genitive name before a
    noun ("Bergers Einschätzung"), the head noun and the rest of a name ("Anna Berger")."""
    start, n = j, len(tokens)
    while j < n and _modifies(tokens[j]):
        j += 1
        if j + 1 < n and tokens[j].text.lower() in ("und", "oder"):
            j += 1  # "nach eigenen und US-Angaben"
    if j + 1 < n and _is_name(context, tokens[j]) and tokens[j].text.endswith("s"):
        following = tokens[j + 1]
        if _nominal(context, following) and not _is_name(context, following):
            j += 1  # "Bergers Einschätzung", "Frankreichs Präsident"
    quoted = _quoted_end(tokens, j) if j < n else None
    if quoted is not None:
        return quoted  # "laut „Nova“", "dem „Kurier“ zufolge"
    if j >= n or not _nominal(context, tokens[j]):
        return start
    j += 1
    while j < n and _name_goes_on(context, tokens, j):
        j += 1
    return j


def _modifies(token: Token) -> bool:
    """An article, determiner, possessive, number or adjective before a noun."""
    word = token.text.lower()
    if word in words.ARTICLES or token.tag in words.NOUN_PHRASE_TAGS:
        return True
    return not token.tag and token.text[:1].islower() and word not in _NOT_MODIFIERS


_NOT_MODIFIERS = words.PREPOSITIONS | words.COORDINATORS | {"so", "dass", "daß", "laut", "zufolge"}
"""Untagged lower-case words that never stand before a noun in its phrase."""


def _nominal(context: SpeakerContext, token: Token) -> bool:
    """A noun or name: an entity's token, a noun or proper-noun tag, or a capitalised word."""
    if context.entity_at(token.i) is not None or token.tag in ("NN", "NE", "FM"):
        return token.text.lower() not in _SO_PRONOUNS
    return not token.tag and token.text[:1].isupper() and token.text.replace("-", "").isalpha()


def _is_name(context: SpeakerContext, token: Token) -> bool:
    return context.entity_at(token.i) is not None or token.tag in ("NE", "FM")


def _name_goes_on(context: SpeakerContext, tokens: Sequence[Token], j: int) -> bool:
    """ "Anna | Berger", "Human Rights | Watch": the next token of the same name."""
    key = context.entity_at(tokens[j].i)
    if key is not None:
        return key == context.entity_at(tokens[j - 1].i)
    return tokens[j].tag in ("NE", "FM") and _is_name(context, tokens[j - 1])


def _attribute_end(context: SpeakerContext, tokens: Sequence[Token], j: int) -> int:
    """Past one attribute of the noun before `tokens[j]`, or `j`: a genitive ("des Ministeriums",
    "libanesischer Sicherheitskreise", "Russlands"), a "von" phrase, a name in apposition
    ("Sprecherin Anna Berger", "Agentur „Nova“", "Bundesamt (BfX)", ", Anna Berger,") or a place
    ("in Wien")."""
    n = len(tokens)
    if j >= n:
        return j
    token, word = tokens[j], tokens[j].text.lower()
    if word in _GENITIVE_OPENERS and not token.has_feature("Case", "Nom"):
        return _noun_end(context, tokens, j)
    if token.tag == "ADJA" and (token.has_feature("Case", "Gen") or word.endswith("er")):
        return _noun_end(context, tokens, j)
    if word in ("von", "vom"):
        end = _noun_end(context, tokens, j + 1)
        return end if end > j + 1 else j
    person_next = j + 1 < n and _named(context, tokens[j + 1]) and token.text[:1].isupper()
    if (_is_name(context, token) or person_next) and not _modifies(token):  # "Priester [Abe] Kanu"
        end = j + 1
        while end < n and _name_goes_on(context, tokens, end):
            end += 1
        return end
    return _apposition_end(context, tokens, j)


_GENITIVE_OPENERS = {"des", "der", "eines", "einer", "seines", "seiner", "ihres", "ihrer"}
"""Words that open a genitive attribute after a noun."""


def _apposition_end(context: SpeakerContext, tokens: Sequence[Token], j: int) -> int:
    """Past a name in quote marks ("Magazin „Nova“"), an abbreviation in brackets ("(BfX)"), a
    person's name between commas (", Anna Berger,"), or a place after "in"/"aus"; else `j`."""
    n, token = len(tokens), tokens[j]
    quoted = _quoted_end(tokens, j)
    if quoted is not None:
        return quoted
    if token.text == "," and j + 1 < n:
        key = context.entity_at(tokens[j + 1].i)
        if key and context.label(key) == "PER":
            end = j + 2
            while end < n and context.entity_at(tokens[end].i) == key:
                end += 1
            return end if end == n or tokens[end].text in (",", ".") else j
    if token.text.lower() in ("in", "aus") and j + 1 < n:
        key = context.entity_at(tokens[j + 1].i)
        if key and context.label(key) == "LOC":
            end = j + 2
            while end < n and context.entity_at(tokens[end].i) == key:
                end += 1
            return end
    return j


def _quoted_end(tokens: Sequence[Token], j: int) -> int | None:
    """Past a short name in quote marks or brackets opening at `tokens[j]` ("„Nova Welt“",
    "(BfX)"): capitalised words and articles only, so a quoted clause is no name."""
    opening = tokens[j]
    if opening.text[:1] not in words.QUOTE_MARKS and opening.text != "(":
        return None
    end = min(j + WEIGHTS.quoted_name_reach, len(tokens))
    close = next((m for m in range(j + 1, end) if _closes(tokens[m], opening)), None)
    inside = tokens[j + 1 : close] if close is not None else ()
    if close is None or not inside:
        return None
    named = all(t.text[:1].isupper() or t.text.lower() in words.ARTICLES for t in inside)
    return close + 1 if named else None


def _closes(token: Token, opening: Token) -> bool:
    if opening.text == "(":
        return token.text == ")"
    return token.text[:1] in words.QUOTE_MARKS


def _elliptic(tokens: Sequence[Token], k: int, length: int) -> bool:
    """ "…von 100, nach anderen Angaben 110 Kilometern": a phrase after a comma followed by words
    but no verb before the next break attributes an alternative figure, not a statement."""
    if k == 0 or tokens[k - 1].text not in words.CLAUSE_BREAKS:
        return False
    rest = []
    for token in tokens[k + 1 + length :]:
        if token.text in words.CLAUSE_BREAKS or token.text in words.CLAUSE_END:
            break
        rest.append(token)
    return bool(rest) and not any(t.tag.startswith("V") or t.pos in ("VERB", "AUX") for t in rest)


def _speaker_in(context: SpeakerContext, phrase: Sequence[Token], anchor: Token) -> Speaker | None:
    """Who the source phrase credits: a person it names outside quote marks ("nach Angaben der
    Sprecherin Anna Berger"); else its source noun when that is a person ("laut einem Sprecher
    der Bahn": the name after it, the role's holder named before, else a described source); else
    any entity it names, whatever the model labelled it ("laut der Berliner Zeitung", "laut
    Russland") but the place of an institution ("des Bundesamtes in Kiel"), or a compound of a
    name ("Bloomberg-Bericht"); else its source noun as a described source or institution ("der
    Polizei zufolge"). A pronoun after ", so" and a possessive before a noun of information
    ("nach ihrer Auffassung") are resolved like a subject pronoun."""
    for token in _unquoted(phrase):
        key = context.entity_at(token.i)
        if key and context.label(key) == "PER" and key not in context.doubtful_people:
            return Speaker(key, "name", token.i)
    noun = _source_noun(context, phrase)
    if noun is not None and lexicon.person_head(noun.text):
        person = _person_source(context, noun, phrase[-1].i)
        if person.key:
            return person
    for token in phrase:
        key = context.entity_at(token.i)
        place = noun is not None and _after_place_preposition(context, token)
        if key and context.label(key) in ("ORG", "LOC") and key not in context.doubtful_people and not place:
            return Speaker(key, "name", token.i)
        named = _named_by_compound(context, token)
        if named is not None:
            return named
    lowercase = _lowercase_name(context, phrase)
    if lowercase is not None:
        return lowercase
    if anchor.text.lower() == "so" and phrase[0].text.lower() in _SO_PRONOUNS:
        resolved = resolve_reference(context, phrase[0].i)
        return resolved if resolved.key else None
    if noun is None:
        return None
    if _possessed(context, noun):
        owner = context.recent_speaker or antecedent(context, noun.start)
        return Speaker(owner, "pronoun", noun.i) if owner else None
    speaker = described(context, noun.i, any_case=True)
    return speaker if speaker.key else None


def _after_place_preposition(context: SpeakerContext, token: Token) -> bool:
    """ "des Bundesamtes in Kiel", "Angaben aus Kiel": a name that places the source noun."""
    return token.i > 0 and context.parsed.tokens[token.i - 1].text.lower() in ("in", "aus")


def _possessed(context: SpeakerContext, noun: Token) -> bool:
    """ "nach ihrer Auffassung", "seinen Angaben zufolge": a noun of information owned by a
    possessive pronoun is the person spoken of, like "er" or "sie" — never a source of its own."""
    previous = context.parsed.tokens[noun.i - 1] if noun.i > 0 else None
    owned = previous is not None and (previous.tag == "PPOSAT" or previous.text.lower() in _POSSESSIVES)
    return owned and lexicon.is_speech_noun(noun.text) and not lexicon.person_head(noun.text)


_POSSESSIVES = {"seiner", "seinen", "seinem", "seine", "ihrer", "ihren", "ihrem", "ihre"}
"""Possessive pronouns of the third person, for an untagged parse."""


def _unquoted(phrase: Sequence[Token]) -> list[Token]:
    """The phrase without words in quote marks: a quoted name ("der Firma „Anna Berger“") names
    a title or an organisation, not the person who informs."""
    kept, inside = [], False
    for token in phrase:
        if token.text[:1] in words.QUOTE_MARKS:
            inside = not inside
        elif not inside:
            kept.append(token)
    return kept


def _named_by_compound(context: SpeakerContext, token: Token) -> Speaker | None:
    """ "laut einem Bloomberg-Bericht", "nach UNHCR-Angaben": a noun of information joined by a
    hyphen to a name. German hyphenates a compound after a name or abbreviation (common nouns
    join without one: "Polizeiangaben"), so a prefix kg knows as no common noun of a source names
    the organisation that informs, even when the model found no entity."""
    prefix, _, noun = token.text.rpartition("-")
    if not prefix or not lexicon.is_speech_noun(noun) or "-" in prefix:
        return None
    derived = context.derived.get(token.i)
    if derived:
        return Speaker(derived.entity_key, "name", token.i)
    if not prefix[:1].isalpha() or lexicon.person_head(prefix) or lexicon.institution_head(prefix):
        return None
    key = entity_key("ORG", prefix)
    organization = context.index.entities.get(key) or Entity(key=key, label="ORG", name=prefix)
    return Speaker(key, "name", token.i, (token.i, organization))


def _lowercase_name(context: SpeakerContext, phrase: Sequence[Token]) -> Speaker | None:
    """ "laut ndr.de", "laut el-Baradei": a source phrase of one word written in lower case that is
    no common word — a web address, or a name with a lower-case particle before a hyphen — names
    the source though the model typed no entity (a website as an organisation, such a name as a
    person)."""
    words_ = [t for t in phrase if t.text[:1] not in words.QUOTE_MARKS]
    if len(words_) != 1 or not words_[0].text[:1].islower() or context.entity_at(words_[0].i):
        return None
    token = words_[0]
    name = token.text
    web = "." in name.strip(".") and name.replace(".", "").replace("-", "").isalnum()
    particle, _, rest = name.partition("-")
    person = bool(rest) and rest[:1].isupper() and particle.isalpha() and len(particle) <= 3
    if not (web or person):
        return None
    label = "PER" if person else "ORG"
    key = entity_key(label, name)
    entity = context.index.entities.get(key) or Entity(key=key, label=label, name=name)
    return Speaker(key, "name", token.i, (token.i, entity))


def _source_noun(context: SpeakerContext, phrase: Sequence[Token]) -> Token | None:
    """The noun that names the source: the phrase's first noun, or — while that is a noun of
    information ("Angaben", "Bericht") with an attribute — the noun of the attribute. Words of
    time ("vom Dienstag") never; words in quote marks only when the phrase has no other noun
    ("laut „Nova“"), since a quoted name after a noun is that noun's name."""
    candidates = [t for t in _unquoted(phrase) if _nominal(context, t)] or [
        t for t in phrase if _nominal(context, t)
    ]
    nouns = [t for t in candidates if not _named(context, t) and not sources.never_source(t.text)]
    for noun, following in pairwise(nouns):
        if not lexicon.is_speech_noun(noun.text) or lexicon.person_head(noun.text):
            return noun
        if following.i > noun.i + WEIGHTS.attribute_gap:
            return noun
    return nouns[-1] if nouns else None


def _named(context: SpeakerContext, token: Token) -> bool:
    """Part of a person, organisation or place entity (a MISC "name" may still be a noun)."""
    key = context.entity_at(token.i)
    return key is not None and context.label(key) in ("PER", "ORG", "LOC")


def _person_source(context: SpeakerContext, noun: Token, last: int) -> Speaker:
    """ "laut dem Priester Tom Kranz": the name after the noun in the phrase (ending at token
    `last`), whatever the model labelled it; "laut dem Minister": the minister named before;
    "laut einem Sprecher": a described source."""
    after = noun.i + 1
    if after <= last and _named(context, context.parsed.tokens[after]):
        return Speaker(context.entity_at(after), "name", after)
    previous = context.parsed.tokens[noun.i - 1] if noun.i > 0 else None
    indefinite = previous is not None and previous.text.lower() in words.INDEFINITE_ARTICLE_FORMS
    if not indefinite:
        key = nominal_referent(context, noun.i)
        if key:
            return Speaker(key, "nominal", noun.i)
    return described(context, noun.i, any_case=True)


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
        statement = not lemma
        lemma = lemma or statement_lemma(view, unit, tokens, k)
        if not lemma:
            continue
        if state_passive(tokens, token):
            continue  # "ist aufgefordert, …": its subject is addressed, the unit may still continue a report
        after = complement_after(view, unit, tokens, k)
        wie = wie_clause(view, context, tokens, k)
        if passive(tokens, token):
            speaker = passive_agent(context, tokens, k)
            if speaker.key is None:  # "Es wurde mitgeteilt, dass …": no speaker named
                report = _passive_report(view, speech, tokens, k, lemma, after) if after else None
                if report is not None:
                    return added + report
                added = added + Additions(outcome="unnamed" if after else added.outcome)
                continue
            content = after  # "Von Seiten der Delegation wurde kritisiert, …"
        elif wie is not None:
            content, speaker = wie
        elif in_wie_clause(tokens, k):
            continue  # "…, wie das die Partei fordert, …": a comparison of manner reports nothing
        else:
            content = after if statement else complement_before(view, tokens, k) or after
            speaker = subject_of(context, token.i, (content.start, content.end) if content else None)
            if statement and not _voices(view, speaker):
                continue  # "Das ist die Forderung, …": a statement noun voiced by no one named here
        if speaker.key is None and _elided_subject(tokens, k):
            content = after
            speaker = Speaker(speech.last_speaker if speech.last_unit == number else None, "context")
        if content is not None and not reports(view, tokens, k, lemma, content):
            continue  # no one speaks here: the unit may still continue the last report
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


def _passive_report(
    view: ArticleView, speech: Speech, tokens: Sequence[Token], k: int, lemma: str, content: Span
) -> Additions | None:
    """ "Es wurde mitgeteilt, dass …", "Gefordert wurde, dass …": a passive verb of saying still
    reports its complement. The agent after "von"/"vom" in the verb's clause speaks ("wurde vom
    Verband aufgefordert, …"); without one the report is published with no speaker, and the unit
    stays `unnamed` (its Konjunktiv belongs to that unnamed source).

    Not a report: a question ("wird gefragt, ob …"), an expectation, decision or judgement ("Es
    wird erwartet, dass …": the writer's summary of a general view), a name ("wie er genannt
    wurde"), content after a colon or opening with a conjunction ("wurde geschrieben, nachdem …")."""
    if lemma in _NOT_PASSIVE_REPORTS or in_wie_clause(tokens, k) or open_question(view, tokens, content):
        return None
    first = next(t for t in tokens if t.start >= content.start)
    if view.text[: content.start].rstrip().endswith(":") or first.tag == "KOUS":
        return None
    if not reports(view, tokens, k, lemma, content):
        return None
    if speech.is_reported(view.text, content.start, content.end):
        return None
    speaker = _agent(speech.context, tokens, k)
    end_token = tokens[-1].i + 1
    cue = cue_span(view, tokens[k].i, lemma, end_token)
    confidence = WEIGHTS.reporting_named if speaker.via == "name" else WEIGHTS.reporting_described
    quotation = quote(view, content, "indirect", speaker, cue, lemma, confidence)
    return found(quotation, speaker) + Additions(outcome="found" if speaker.key else "unnamed")


_NOT_PASSIVE_REPORTS = {
    "fragen", "erwarten", "hoffen", "glauben", "vermuten", "befürchten", "schätzen", "rechnen",
    "ausgehen", "entscheiden", "beschließen", "urteilen", "nennen", "bezeichnen",
    "kritisieren", "loben", "bemängeln", "monieren", "beklagen", "klagen",
}  # fmt: skip
"""Verbs whose passive reports no one's words: questions, expectations, decisions, names, and
judgements ("Kritisiert wurde, dass …": the clause is the fact judged, the critics unnamed)."""


def _agent(context: SpeakerContext, tokens: Sequence[Token], k: int) -> Speaker:
    """The agent of the passive verb at `k`: the name or description after "von"/"vom" in its
    clause ("von Beobachtern", "vom Verband"), or no speaker."""
    clause = clause_around(tokens, k)
    for a, b in pairwise(clause):
        if a.text.lower() not in ("von", "vom"):
            continue
        head = next((t for t in clause if t.i >= b.i and t.text[:1].isupper()), None)
        if head is None:
            continue
        speaker = resolve_reference(context, head.i)
        if speaker.key:
            return speaker
        speaker = described(context, head.i, any_case=True)
        if speaker.key:
            return speaker
    return Speaker(None, "none")


def _voices(view: ArticleView, speaker: Speaker) -> bool:
    """Does a statement noun's clause name who voices it? Not when no speaker was found, nor when
    the "speaker" is a statement noun itself ("Das ist die Forderung, …")."""
    if speaker.via == "none":
        return False
    return speaker.token is None or not lexicon.is_statement_noun(view.parsed.tokens[speaker.token].text)


def _indefinite(view: ArticleView, speaker: Speaker) -> bool:
    """ "Eine Sprecherin betonte, …": an unresolved description with an indefinite article
    introduces someone new, never the person quoted before."""
    if speaker.key or speaker.token is None or speaker.token == 0:
        return False
    return view.parsed.tokens[speaker.token - 1].text.lower() in words.INDEFINITE_ARTICLES


def _elided_subject(tokens: Sequence[Token], k: int) -> bool:
    """ "…, fügte aber hinzu, dass …": a verb of saying that opens a coordinated clause shares the
    subject of the clause before it (only used within one unit, where that speaker was found);
    its content is then the complement after it, not the clause before the comma. Not with "es"
    after the verb: "…, hieß es" has a subject of its own, and the clause before is what was said."""
    expletive = k + 1 < len(tokens) and tokens[k + 1].text.lower() == "es"
    return (
        k > 0
        and not expletive
        and (tokens[k - 1].text == "," or tokens[k - 1].text.lower() in words.COORDINATORS)
    )


def demonstrative_report(view: ArticleView, speech: Speech, number: int, unit: Unit) -> Additions:
    """ "<statement>. Das bestätigte die Polizei." / "Dies teilte ein Sprecher mit.": a short
    sentence opened by a demonstrative and a finite verb of saying, with no clause of its own,
    reports the sentence before it (in the same paragraph, not yet reported), said by its subject.
    Without a subject that names or describes someone ("Das bestätigte sich") nothing is reported."""
    tokens = unit_tokens(view, speech, unit)
    if number == 0 or len(tokens) < 3 or tokens[0].text.lower() not in _DEMONSTRATIVES:
        return NOTHING
    verb = tokens[1]
    lemma = reporting_lemma(view.parsed, verb.i, unit.end_token)
    if not lemma or not is_finite(verb) or not _bare_clause(tokens[2:]):
        return NOTHING
    previous = view.units[number - 1]
    between = view.text[previous.end : unit.start]
    if "\n" in between or speech.is_reported(view.text, previous.start, previous.end):
        return NOTHING
    speaker = subject_of(speech.context, verb.i)
    if speaker.via == "none":
        return NOTHING
    content = content_of(view, previous, None)
    confidence = WEIGHTS.reporting_named if speaker.via == "name" else WEIGHTS.reporting_described
    cue = cue_span(view, verb.i, lemma, unit.end_token)
    quotation = quote(view, content, "indirect", speaker, cue, lemma, confidence)
    return Additions(introduced=heard(speaker)) + found(quotation, speaker)


_DEMONSTRATIVES = {"das", "dies"}
"""Demonstratives that take up the sentence before as the object of a verb of saying."""


def _bare_clause(rest: Sequence[Token]) -> bool:
    """The rest of the sentence is subject and adverbials only: no reflexive ("bestätigte sich"),
    no second clause, no quote marks, no further verb but a separable particle."""
    return not any(
        t.text.lower() == "sich"
        or t.text in (":", ";")
        or t.text[:1] in words.QUOTE_MARKS
        or t.tag in ("KOUS", "PRELS")
        or (t.pos in ("VERB", "AUX") and t.tag != "PTKVZ")
        for t in rest
    )
