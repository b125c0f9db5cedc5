"""Reporting cues: verbs of saying (with separable particles) and Konjunktiv morphology."""

from __future__ import annotations

from collections.abc import Container, Mapping

from kg.extract import lexicon
from kg.lang import words
from kg.nlp.parsed import ParsedDoc, Token

_FINITE_TAGS = {"VVFIN", "VAFIN", "VMFIN"}


def reporting_lemma(
    parsed: ParsedDoc, i: int, end_token: int, verbs: Mapping[str, frozenset[str]] | None = None
) -> str | None:
    """The full lemma ("hinzufügen") if token `i` is a verb of saying (or of `verbs`: lemma →
    particles, as `lexicon.reporting_verbs` gives them), else None.

    A separable stem ("fügte") only counts when its particle ("hinzu") follows before `end_token`.
    """
    return known_verb(parsed, i, end_token, lexicon.reporting_verbs() if verbs is None else verbs)


def known_verb(parsed: ParsedDoc, i: int, end_token: int, verbs: Mapping[str, frozenset[str]]) -> str | None:
    """The full lemma if token `i` is one of `verbs` (lemma → separable particles, "" = none)."""
    token = parsed.tokens[i]
    if not token.text[:1].isalpha():
        return None
    lemma = verb_lemma(token, verbs) or _participle_as_adjective(parsed, i, verbs)
    particles = verbs.get(lemma) if lemma else None
    if particles is None:
        return None
    if lemma == "heißen" and not _with_es(parsed, i):
        return None  # "das heißt" (that is) and "X heißt Y" (is called) report nothing
    if "" in particles:
        return lemma
    for j in range(i + 1, min(end_token, len(parsed.tokens))):
        word = parsed.tokens[j].text.lower()
        if word in particles:
            return word + lemma
        if parsed.tokens[j].text in (".", ";", "?", "!"):
            break
    return None


def _participle_as_adjective(parsed: ParsedDoc, i: int, known: Container[str]) -> str | None:
    """ "Die Frauen hatten angegeben, dass …": the tagger reads some participles as adverbial
    adjectives; after a finite "haben" in the same clause, a past-participle form ("ge" inside,
    ending in -t or -en) of a verb of saying is its perfect. Without "haben" ("wie erwartet") the
    word stays an adjective."""
    token = parsed.tokens[i]
    word, lemma = token.text, token.lemma.lower()
    if token.tag != "ADJD" or lemma not in known or "ge" not in word[:-2] or not word.endswith(("t", "en")):
        return None
    for j in range(i - 1, max(-1, i - _PERFECT_REACH), -1):
        before = parsed.tokens[j]
        if before.text in words.CLAUSE_BREAKS or before.text in words.CLAUSE_END:
            return None
        if before.lemma == "haben" and is_finite(before):
            return lemma
    return None


_PERFECT_REACH = 8
"""Words between a finite "haben" and its participle at the end of a main clause."""


def _with_es(parsed: ParsedDoc, i: int) -> bool:
    """ "heißt es", "es hieß": only with "es" beside it is "heißen" a verb of saying."""
    neighbours = [parsed.tokens[j].text.lower() for j in (i - 1, i + 1) if 0 <= j < len(parsed.tokens)]
    return "es" in neighbours


def verb_lemma(token: Token, known: Container[str]) -> str | None:
    """The token's verb lemma, or None when it is not a verb.

    Taggers often mislabel a present-tense verb in a headline or after a long name ("X warnt
    vor …" tagged as an adverb); a lowercase form ending in -t is still read as the 3rd person
    of a `known` verb ("warnt" → "warnen", "fordert" → "fordern").
    """
    if not token.pos or token.pos in ("VERB", "AUX"):
        lemma = token.lemma.lower()
        return lemma if lemma in known else lexicon.strong_verb_lemma(token.text, known) or lemma
    word = token.text
    if token.pos in ("NOUN", "PROPN") or not word[:1].islower() or not word.endswith("t"):
        return None
    for candidate in (word[:-1] + "en", word[:-1] + "n"):
        if candidate in known:
            return candidate
    return None


def particle_token(parsed: ParsedDoc, i: int, lemma: str, end_token: int) -> int:
    """Index of the separable particle that belongs to the verb at `i` (or `i` itself)."""
    stem = parsed.tokens[i].lemma.lower()
    particle = lemma[: len(lemma) - len(stem)] if lemma.endswith(stem) and lemma != stem else ""
    if not particle:
        return i
    for j in range(i + 1, min(end_token, len(parsed.tokens))):
        if parsed.tokens[j].text.lower() == particle:
            return j
    return i


def is_finite(token: Token) -> bool:
    """A finite verb; a word tagged as a participle that ends in "-e" ("erkenne") is one the
    tagger mistook: German participles end in "-t" or "-en"."""
    if token.tag == "VVPP" and token.text.endswith("e"):
        return True
    return token.tag in _FINITE_TAGS or "VerbForm=Fin" in token.morph.split("|")


def is_konjunktiv(token: Token, clause: tuple[Token, ...] = ()) -> bool:
    """Konjunktiv I or II: from morphology (Mood=Sub) or, failing that, the verb's form.

    The form test covers "sei/seien", the Konjunktiv II forms of auxiliaries and modals, and the
    3rd-person Konjunktiv I of any verb (stem + "e": "bilde" where the indicative is "bildet",
    "erfordere" for "erfordert"), excluded when the clause has a first-person subject ("ich bilde").
    A finite verb tag counts even when the coarse part of speech disagrees (taggers err there).
    """
    if token.has_feature("Mood", "Sub"):
        return True
    if not (token.pos in ("VERB", "AUX", "") or token.tag in _FINITE_TAGS):
        return False
    if _third_person_konjunktiv_one(token, clause):
        return True
    if token.has_feature("Mood", "Ind"):
        return False
    word = token.text.lower()
    return word in words.KONJUNKTIV_I_SEIN or word in words.KONJUNKTIV_II


def _third_person_konjunktiv_one(token: Token, clause: tuple[Token, ...]) -> bool:
    """Stem + "e" of a known infinitive ("bedeute" of "bedeuten") in a clause with no "ich"/"wir"
    is Konjunktiv I whatever the tagger's mood says: the indicative would be "bedeutet", and
    taggers often read "bedeute" as a first-person indicative."""
    word, lemma = token.text.lower(), token.lemma.lower()
    if not is_finite(token) or not lemma.endswith("n") or lemma == "sein" or word.endswith("ee"):
        return False
    if any(t.text.lower() in words.FIRST_PERSON for t in clause):
        return False
    return word == _konjunktiv_one_form(lemma)


def _konjunktiv_one_form(lemma: str) -> str:
    """3rd person singular Konjunktiv I: "bilden" → "bilde", "erfordern" → "erfordere"."""
    if lemma.endswith(("ern", "eln")):
        return lemma[:-1] + "e"
    return lemma[:-2] + "e" if lemma.endswith("en") else ""


def konjunktiv_in_form(token: Token) -> bool:
    """Is the Konjunktiv visible in the word itself, not only in the tagger's guess? Without a cue,
    the mood is a sentence's only sign of being reported, and many Konjunktiv II forms are also the
    indicative past ("gingen", "wollten", "sagte"): only forms no indicative shares count — "sei",
    the listed Konjunktiv II forms, the 3rd-person Konjunktiv I ("gebe", "könne"), a strong past
    stem + "e" ("liefe", "bliebe"), an umlaut the infinitive lacks ("stünden", "läge") or a modal's
    ("möchte": the indicative past is "mochte"). "sollte" keeps the tagger's reading ("man sollte"
    advises). Elsewhere, where a verb of saying or a source phrase is the sign, the tagger's mood
    still decides."""
    word = token.text.lower()
    if word in words.KONJUNKTIV_I_SEIN or word in words.KONJUNKTIV_II:
        return True
    if not (token.tag.startswith("V") or token.pos in ("VERB", "AUX")) or not is_konjunktiv(token):
        return False
    lemma = token.lemma.lower()
    if lemma == "sollen":
        return True  # "man sollte …": advice, the tagger's reading of the context decides
    forms = (_konjunktiv_one_form(lemma), lemma[:-3] + lemma[-2] + "e", lemma[:-1] + "e")  # "handle", "tue"
    if any(len(word) > 2 and form.endswith(word) for form in forms):
        return True  # also a separable verb's stem: "weise" of "zurückweisen"
    if any(ch in word and (ch not in lemma or token.tag == "VMFIN") for ch in "äöü"):
        return True  # the modals' indicative past has none: "mochte" / "möchte", "konnte" / "könnte"
    return token.has_feature("Tense", "Past") and word.endswith("e") and not word.endswith("te")


def is_konjunktiv_one(token: Token) -> bool:
    """Konjunktiv I is unambiguous reported speech; Konjunktiv II may be a plain conditional."""
    word = token.text.lower()
    if word in words.KONJUNKTIV_II:
        return False
    if token.has_feature("Mood", "Sub"):
        if word == _konjunktiv_one_form(token.lemma.lower()):
            return True
        return not (token.has_feature("Tense", "Past") or word.endswith(("te", "ten")))
    return is_konjunktiv(token)
