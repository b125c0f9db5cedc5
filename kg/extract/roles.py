"""Roles: (person, holdsRole, "role", organisation) from the ways German news introduces people.

Patterns, all anchored on a PER mention and a role noun from the packaged list:
  "[der] [ukrainische] Staatschef Name"      role phrase right before the name
  "Staatssekretär im US-Ministerium, Name"   role phrase, comma, name
  "Name, Nato-Generalsekretär" / "Name | Korrespondent"   attribution lines and appositions
The organisation comes from the role's compound prefix ("Nato-" → NATO), a place adjective
("französische" → Frankreich) or a genitive place before it ("Polens Außenminister").
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from kg.extract import lexicon
from kg.extract.derived import DerivedForm
from kg.extract.entities import EntityIndex
from kg.extract.records import Span, Statement
from kg.extract.text import entity_key, fold, make_span
from kg.extract.weights import WEIGHTS
from kg.ingest import Document
from kg.nlp.parsed import ParsedDoc, Token

_MODIFIER_TAGS = {"ADJA", "ADJD"}
_LOOKBACK = 6


@dataclass(frozen=True)
class Role:
    person_key: str
    role: str
    head: str
    """The folded role noun (`generalsekretar`), used to match nominal references."""
    organization_key: str | None
    start: int
    end: int
    sentence: int


def find_roles(
    document: Document, parsed: ParsedDoc, index: EntityIndex, derived: list[DerivedForm]
) -> list[Role]:
    derived_at = {form.token: form for form in derived}
    roles: list[Role] = []
    seen: set[tuple[str, str]] = set()
    for mention in index.mentions:
        if mention.label != "PER":
            continue
        first = _first_token(parsed, mention.span.start)
        last = _first_token(parsed, mention.span.end - 1)
        phrase = _role_before(parsed, first) or _role_after(parsed, last)
        if phrase is None:
            continue
        start_i, end_i = phrase
        role = _make_role(document, parsed, index, derived_at, mention.entity_key, start_i, end_i)
        if (role.person_key, fold(role.role)) not in seen:
            seen.add((role.person_key, fold(role.role)))
            roles.append(role)
    return roles


def role_statements(roles: list[Role]) -> list[Statement]:
    return [
        Statement(
            subject_key=role.person_key,
            predicate="holdsRole",
            evidence=Span(role.start, role.end, role.role),
            sentence=role.sentence,
            object_literal=role.role,
            organization_key=role.organization_key,
            confidence=WEIGHTS.role,
        )
        for role in roles
    ]


def _first_token(parsed: ParsedDoc, offset: int) -> int:
    """The token containing `offset`, else the first one after it. Tokens are in text order, so
    whether one contains or follows `offset` is false and then true along them: a bisection."""
    found = bisect_left(parsed.tokens, True, key=lambda t: t.start <= offset < t.end or t.start >= offset)
    return parsed.tokens[found].i if found < len(parsed.tokens) else len(parsed.tokens) - 1


def _is_role(token: Token) -> bool:
    return lexicon.role_head(token.text) is not None


def _role_before(parsed: ParsedDoc, first: int) -> tuple[int, int] | None:
    """Role noun right before the name, or before ", Name" (with a PP allowed after the noun)."""
    tokens = parsed.tokens
    i = first - 1
    if i >= 0 and tokens[i].text == ",":
        for j in range(i - 1, max(i - _LOOKBACK, -1), -1):
            if tokens[j].sentence != tokens[first].sentence or tokens[j].text in ",.;:":
                break
            if _is_role(tokens[j]):
                return _extend_left(parsed, j), i
        return None
    if i >= 0 and _is_role(tokens[i]) and tokens[i].sentence == tokens[first].sentence:
        return _extend_left(parsed, i), i + 1
    return None


def _extend_left(parsed: ParsedDoc, i: int) -> int:
    """Include attributive adjectives and a genitive place ("Polens Außenminister")."""
    tokens = parsed.tokens
    start = i
    while start > 0:
        previous = tokens[start - 1]
        is_adjective = previous.tag in _MODIFIER_TAGS or fold(previous.text) in lexicon.place_by_adjective()
        is_genitive_place = (
            previous.text.endswith("s") and fold(previous.text[:-1]) in lexicon.place_by_name()
        )
        if previous.sentence != tokens[i].sentence or not (is_adjective or is_genitive_place):
            break
        start -= 1
    return start


def _role_after(parsed: ParsedDoc, last: int) -> tuple[int, int] | None:
    """ "Name, Role …" / "Name | Role …" up to the end of the line or clause."""
    tokens = parsed.tokens
    i = last + 1
    if i + 1 >= len(tokens) or tokens[i].text not in (",", "|"):
        return None
    j = i + 1
    while j < len(tokens) and tokens[j].tag in _MODIFIER_TAGS:
        j += 1
    if j < len(tokens) and _is_role(tokens[j]) and "\n" not in parsed.text[tokens[i].end : tokens[j].start]:
        return i + 1, j + 1
    return None


def _make_role(
    document: Document,
    parsed: ParsedDoc,
    index: EntityIndex,
    derived_at: dict[int, DerivedForm],
    person_key: str,
    start_i: int,
    end_i: int,
) -> Role:
    tokens = parsed.tokens[start_i:end_i]
    head_token = next(t for t in reversed(tokens) if _is_role(t))
    organization = _organization(parsed, index, derived_at, start_i, end_i)
    span = make_span(document.text, tokens[0].start, head_token.end)
    return Role(
        person_key=person_key,
        role=span.text,
        head=lexicon.role_head(head_token.text) or fold(head_token.text),
        organization_key=organization,
        start=span.start,
        end=span.end,
        sentence=head_token.sentence,
    )


def _organization(
    parsed: ParsedDoc, index: EntityIndex, derived_at: dict[int, DerivedForm], start_i: int, end_i: int
) -> str | None:
    for i in range(start_i, end_i):
        if i in derived_at:
            return derived_at[i].entity_key
        if i in index.token_entity:
            return index.token_entity[i]
        token = parsed.tokens[i]
        if token.text.endswith("s"):
            place = lexicon.place_by_name().get(fold(token.text[:-1]))
            if place:
                return entity_key("LOC", place.name)
    return None
