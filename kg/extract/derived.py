"""Derived forms: words that point at an entity without naming it as a mention.

German folds names into compounds ("US-Präsident", "Nato-Chef", "Kremlchef", "Merz-Regierung"),
adjectives ("russische") and demonyms ("Ukrainer"). Each becomes a `derivedFrom` statement
linking the whole token to its entity; roles and speaker resolution use them to find a person's
organisation or nationality.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract import lexicon
from kg.extract.entities import EntityIndex
from kg.extract.records import Entity, Span, Statement
from kg.extract.text import entity_key, fold
from kg.extract.weights import WEIGHTS
from kg.ingest import Document
from kg.lang import words
from kg.nlp.parsed import ParsedDoc, Token


@dataclass(frozen=True)
class DerivedForm:
    token: int
    start: int
    end: int
    text: str
    entity_key: str
    form: str
    """`compound`, `adjective` or `demonym`."""
    sentence: int


def find_derived(document: Document, parsed: ParsedDoc, index: EntityIndex) -> list[DerivedForm]:
    """Every derived form in the article body; entities known only this way are added to `index`."""
    forms = []
    for token in parsed.tokens:
        if token.start < document.body_start or token.i in index.token_entity:
            continue
        found = _compound(document, parsed, token, index) or _adjective_or_demonym(token, index)
        if found:
            forms.append(found)
    return forms


def derived_statements(forms: list[DerivedForm]) -> list[Statement]:
    """`(entity, derivedFrom, "form")`: the word in `evidence` is derived from the subject entity."""
    return [
        Statement(
            subject_key=form.entity_key,
            predicate="derivedFrom",
            evidence=Span(form.start, form.end, form.text),
            sentence=form.sentence,
            object_literal=form.text,
            confidence=WEIGHTS.derived_compound if form.form == "compound" else WEIGHTS.derived_word,
        )
        for form in forms
    ]


def _compound(document: Document, parsed: ParsedDoc, token: Token, index: EntityIndex) -> DerivedForm | None:
    word = token.text
    if "-" in word.strip("-") or (word.endswith("-") and _next_is_quote(parsed, token)):
        prefix = word.split("-", 1)[0]
        key = _entity_for_prefix(prefix, index)
        if key:
            end = _extend_through_quote(document, parsed, token)
            text = document.text[token.start : end]
            return DerivedForm(token.i, token.start, end, text, key, "compound", token.sentence)
    if word[:1].isupper() and lexicon.role_head(word):
        for length in range(len(word) - 3, 1, -1):
            prefix = word[:length]
            if fold(prefix) in lexicon.organisations() or _place_prefix(prefix):
                key = _entity_for_prefix(prefix, index)
                if key:
                    return DerivedForm(token.i, token.start, token.end, word, key, "compound", token.sentence)
    return None


def _place_prefix(prefix: str) -> bool:
    place = lexicon.place_by_name().get(fold(prefix))
    return place is not None and len(prefix) >= 4


def _next_is_quote(parsed: ParsedDoc, token: Token) -> bool:
    return token.i + 1 < len(parsed.tokens) and parsed.tokens[token.i + 1].text[:1] in words.QUOTE_MARKS


def _extend_through_quote(document: Document, parsed: ParsedDoc, token: Token) -> int:
    """`US-"Friedensplan"` is one derived form even when the tokenizer split off the quotes."""
    end = token.end
    i = token.i + 1
    while i < len(parsed.tokens) and parsed.tokens[i].start == end and not token.whitespace:
        nxt = parsed.tokens[i]
        if nxt.text in (",", ".", ":", ";", "?", "!", ")"):
            break
        end = nxt.end
        if nxt.whitespace:
            break
        i += 1
    return end


def _entity_for_prefix(prefix: str, index: EntityIndex) -> str | None:
    """The entity a compound prefix names: a known organisation or place, or a name in the article."""
    folded = fold(prefix)
    if not prefix[:1].isupper():
        return None
    organisation = lexicon.organisations().get(folded)
    if organisation:
        key = entity_key("ORG", organisation)
        index.add_entity(Entity(key, "ORG", organisation))
        return key
    place = lexicon.place_by_name().get(folded)
    if place:
        key = entity_key("LOC", place.name)
        kind = place.kind if place.kind in ("Country", "City") else None
        index.add_entity(Entity(key, "LOC", place.name, place_kind=kind))
        return key
    for entity in index.entities.values():
        names = {fold(entity.name), fold(entity.name.split()[-1])}
        if folded in names:
            return entity.key
    return None


def _adjective_or_demonym(token: Token, index: EntityIndex) -> DerivedForm | None:
    folded = fold(token.text)
    if token.text[:1].islower():
        place = lexicon.place_by_adjective().get(folded)
        form = "adjective"
    else:
        place = lexicon.place_by_demonym().get(folded)
        form = "demonym"
        if place is None and "-" in token.text:
            place = lexicon.place_by_adjective().get(fold(token.text.split("-")[-1]))
    if place is None:
        return None
    key = entity_key("LOC", place.name)
    kind = place.kind if place.kind in ("Country", "City") else None
    index.add_entity(Entity(key, "LOC", place.name, place_kind=kind))
    return DerivedForm(token.i, token.start, token.end, token.text, key, form, token.sentence)
