"""Named mentions and the entities they denote, within one article.

The NER model is the first source, but German news NER is imperfect, so three general rules
repair it: role nouns and determiners are trimmed off a span ("Nato-Generalsekretär Anna Berger"
→ "Anna Berger", a person whatever label the model gave it); packaged gazetteers add places and
organisations the model missed; and a name seen once propagates to its later occurrences,
surname and genitive included ("Anna Berger" makes every later "Berger"/"Bergers" a PER).
Mentions are then clustered: persons by surname, places and organisations by their canonical
(gazetteer) name, so "Nato"/"NATO" share one key.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from kg.extract import lexicon
from kg.extract.records import Entity, EntityType, Mention
from kg.extract.text import entity_key, fold, make_span, person_fold
from kg.ingest import Document
from kg.lang.words import QUOTE_MARKS
from kg.nlp.parsed import ParsedDoc, Token

_LABELS = ("PER", "ORG", "LOC", "MISC")
_TRIM_TAGS = {"ART", "APPR", "APPRART", "PPOSAT", "PDAT", "PIAT", "ADJA", "$,", "$.", "$(", "KON"}
_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
_QUOTE_CHARS = QUOTE_MARKS + "`"
"""A backtick also opens a quotation where a text writes ``…'' in ASCII: strip it from names."""


@dataclass
class _Candidate:
    first: int
    end: int
    label: str
    source: str
    """`ner`, `gazetteer` or `propagated`: earlier sources win on overlap."""


@dataclass
class EntityIndex:
    """Entities and mentions of one article, plus lookups the other extractors share."""

    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    token_entity: dict[int, str] = field(default_factory=dict)
    """Token index → key of the entity whose named mention covers it."""

    def label(self, key: str) -> EntityType | None:
        entity = self.entities.get(key)
        return entity.label if entity else None

    def add_entity(self, entity: Entity) -> None:
        self.entities.setdefault(entity.key, entity)

    def mentions_before(self, offset: int) -> list[Mention]:
        return [m for m in self.mentions if m.span.end <= offset]


def is_name_token(token: Token) -> bool:
    """Capitalised, alphabetic and not a role noun: what a name part looks like."""
    word = token.text.strip(_QUOTE_CHARS)
    return bool(word) and word[0].isupper() and any(c.isalpha() for c in word) and not lexicon.role_head(word)


def strip_genitive(word: str, known: set[str]) -> str:
    """`Bergers` → `Berger` when the base form is a known name; `Russlands` → `Russland`."""
    if len(word) > 3 and word[-1] == "s" and word[-2] not in "sßxz":
        base = word[:-1]
        if fold(base) in known:
            return base
    if word.endswith("'") or word.endswith("’"):
        return word[:-1]
    return word


def find_entities(document: Document, parsed: ParsedDoc) -> EntityIndex:
    """All named mentions of the article and the entities they cluster into."""
    tokens = parsed.tokens
    candidates = _ner_candidates(document, parsed) + _gazetteer_candidates(document, parsed)
    accepted = _resolve_overlaps(candidates)
    accepted += _propagate(parsed, accepted)
    accepted = _resolve_overlaps(accepted)
    return _cluster(document, parsed, sorted(accepted, key=lambda c: c.first), tokens)


def _ner_candidates(document: Document, parsed: ParsedDoc) -> list[_Candidate]:
    result = []
    for ent in parsed.entities:
        if ent.start < document.body_start or ent.label not in _LABELS:
            continue
        first, end = ent.first_token, ent.end_token
        roles = [i for i in range(first, end) if lexicon.role_head(parsed.tokens[i].text)]
        if roles and roles[-1] + 1 < end:
            first = roles[-1] + 1
        while first < end and not _starts_name(parsed.tokens, first):
            first += 1
        while end > first and (
            not _ends_name(parsed.tokens[end - 1]) or not is_name_token(parsed.tokens[end - 1])
        ):
            end -= 1
        if first >= end or _is_derived_compound(parsed.tokens[first:end]):
            continue
        label = _gazetteer_label(" ".join(t.text for t in parsed.tokens[first:end])) or ent.label
        if label in ("MISC", "ORG") and first > 0 and lexicon.role_head(parsed.tokens[first - 1].text):
            label = "PER"
        result.append(_Candidate(first, end, label, "ner"))
    return result


def _starts_name(tokens: tuple[Token, ...], i: int) -> bool:
    token = tokens[i]
    if not is_name_token(token) or _is_lowercase_word(token):
        return False
    return token.tag not in _TRIM_TAGS or _adjective_of_name(tokens, i)


def _adjective_of_name(tokens: tuple[Token, ...], i: int) -> bool:
    """German writes an adjective in capitals inside a sentence only as part of a name ("im Weißen
    Haus", "der Vereinten Nationen"): such an adjective opens the name, so a preposition before it
    is seen (`speakers.oblique`). At a sentence's start a capital says nothing, and a noun the
    tagger took for an adjective (no degree, no adjective ending) is trimmed as before."""
    token, previous = tokens[i], tokens[i - 1] if i > 0 else None
    return (
        token.tag == "ADJA"
        and "Degree=" in token.morph
        and token.text.endswith(_ADJECTIVE_ENDINGS)
        and previous is not None
        and previous.sentence == token.sentence
        and previous.text[:1].isalnum()
    )


def _ends_name(token: Token) -> bool:
    word = token.text.strip(_QUOTE_CHARS)
    return bool(word) and (word[0].isupper() or word[0].isdigit()) and token.tag not in _TRIM_TAGS


def _is_lowercase_word(token: Token) -> bool:
    return token.text[:1].islower()


def _is_derived_compound(tokens: tuple[Token, ...]) -> bool:
    """A one-token hyphen compound like "US-Präsident" or "Bloomberg-Bericht" names no entity itself.

    Gazetteer names with hyphens ("Saudi-Arabien") are kept.
    """
    if len(tokens) != 1 or "-" not in tokens[0].text.strip("-"):
        return False
    word = tokens[0].text
    if _gazetteer_label(word):
        return False
    tail = word.rsplit("-", 1)[-1]
    return bool(tail) and (tail[0].islower() or tail[0] in _QUOTE_CHARS or len(tail) > 3)


def _gazetteer_label(text: str) -> str | None:
    return _gazetteer_labels().get(fold(text))


@cache
def _gazetteer_labels() -> dict[str, str]:
    """Folded name → `ORG` or `LOC` (an organisation first): one lookup for each of the ~800
    token windows of an article that `_gazetteer_candidates` tries."""
    labels = dict.fromkeys(lexicon.place_by_name(), "LOC")
    labels.update(dict.fromkeys(lexicon.organisations(), "ORG"))
    return labels


def _gazetteer_candidates(document: Document, parsed: ParsedDoc) -> list[_Candidate]:
    """Tokens (and token pairs) that are a known place or organisation, genitive included."""
    result = []
    tokens = parsed.tokens
    for token in tokens:
        if token.start < document.body_start or not token.text[:1].isupper():
            continue
        for width in (3, 2, 1):
            window = tokens[token.i : token.i + width]
            if len(window) < width or window[-1].sentence != token.sentence:
                continue
            label = _window_label(document.text[window[0].start : window[-1].end])
            if label:
                result.append(_Candidate(token.i, token.i + width, label, "gazetteer"))
                break
    return result


@lru_cache(maxsize=65_536)
def _window_label(text: str) -> str | None:
    """The gazetteer label of a window's text, genitive included. Cached: the same words recur in
    article after article, and most windows of an article are no name at all."""
    return _gazetteer_label(text) or _gazetteer_label(_genitive_base(text))


def _genitive_base(text: str) -> str:
    return text[:-1] if len(text) > 3 and text.endswith("s") else text


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep NER spans over gazetteer ones, longer over shorter; drop what overlaps a kept span."""
    rank = {"ner": 0, "gazetteer": 1, "propagated": 2}
    ordered = sorted(candidates, key=lambda c: (rank[c.source], -(c.end - c.first), c.first))
    taken: set[int] = set()
    kept = []
    for candidate in ordered:
        indices = set(range(candidate.first, candidate.end))
        if indices & taken:
            continue
        taken |= indices
        kept.append(candidate)
    return kept


def _propagate(parsed: ParsedDoc, accepted: list[_Candidate]) -> list[_Candidate]:
    """Later (and earlier) bare occurrences of a known name or surname become mentions too."""
    forms: dict[str, str] = {}
    for candidate in accepted:
        words = [t.text for t in parsed.tokens[candidate.first : candidate.end]]
        forms.setdefault(words[-1], candidate.label)
        if candidate.label == "PER" and len(words) > 1:
            forms.setdefault(words[0] + " " + words[-1], "PER")
    covered = {i for c in accepted for i in range(c.first, c.end)}
    result = []
    for token in parsed.tokens:
        if token.i in covered or not token.text[:1].isupper():
            continue
        word = token.text
        label = forms.get(word) or (forms.get(word[:-1]) if word.endswith("s") else None)
        if label:
            result.append(_Candidate(token.i, token.i + 1, label, "propagated"))
    return result


def _cluster(
    document: Document, parsed: ParsedDoc, candidates: list[_Candidate], tokens: tuple[Token, ...]
) -> EntityIndex:
    known = {fold(" ".join(t.text for t in tokens[c.first : c.end])) for c in candidates}
    known |= set(lexicon.place_by_name()) | set(lexicon.organisations())
    named = [(c, [strip_genitive(t.text, known) for t in tokens[c.first : c.end]]) for c in candidates]
    surname_group: dict[str, str] = {}
    for candidate, words in named:
        if candidate.label == "PER" and len(words) > 1:
            surname_group.setdefault(person_fold(words[-1]), person_fold(" ".join(words)))
    groups: dict[str, list[tuple[_Candidate, str]]] = {}
    for candidate, words in named:
        if candidate.label != "PER" and _names_known_person(words, surname_group):
            candidate.label = "PER"
        name = " ".join(words)
        group = _group_key(candidate.label, name, words, surname_group)
        groups.setdefault(group, []).append((candidate, name))
    index = EntityIndex()
    for members in groups.values():
        label = _majority_label([c.label for c, _ in members])
        canonical = _canonical_name(label, [name for _, name in members])
        key = entity_key(label, canonical)
        surfaces = sorted({document.text[tokens[c.first].start : tokens[c.end - 1].end] for c, _ in members})
        place = lexicon.place_by_name().get(fold(canonical)) if label == "LOC" else None
        index.add_entity(
            Entity(
                key=key,
                label=label,
                name=canonical,
                alternate_names=tuple(s for s in surfaces if s != canonical),
                place_kind=place.kind if place and place.kind in ("Country", "City") else None,
            )
        )
        for candidate, _ in members:
            span = make_span(document.text, tokens[candidate.first].start, tokens[candidate.end - 1].end)
            index.mentions.append(Mention(span, key, label, tokens[candidate.first].sentence))
            for i in range(candidate.first, candidate.end):
                index.token_entity[i] = key
    index.mentions.sort(key=lambda m: m.span.start)
    return index


def _names_known_person(words: list[str], surname_group: dict[str, str]) -> bool:
    """A bare surname, or the very full name, of a person named elsewhere in the article.

    The model sometimes labels one occurrence of a person's name MISC or ORG (e.g. in an
    attribution line); the same name in the same article is still that person.
    """
    group = surname_group.get(person_fold(words[-1]))
    return group is not None and (len(words) == 1 or group == person_fold(" ".join(words)))


def _group_key(label: str, name: str, words: list[str], surname_group: dict[str, str]) -> str:
    """Persons group by surname (the first full name in the article owns it); others by canonical name."""
    if label == "PER":
        return "PER:" + surname_group.get(person_fold(words[-1]), person_fold(name))
    canonical = lexicon.organisations().get(fold(name))
    if canonical is None:
        place = lexicon.place_by_name().get(fold(name))
        canonical = place.name if place else name
    return "NAME:" + fold(canonical)


def _majority_label(labels: list[str]) -> EntityType:
    counts = Counter(labels)
    return counts.most_common(1)[0][0]  # type: ignore[return-value]


def _canonical_name(label: str, names: list[str]) -> str:
    """The gazetteer's canonical form when there is one, else the longest surface form."""
    for name in names:
        canonical = lexicon.organisations().get(fold(name))
        if canonical:
            return canonical
        place = lexicon.place_by_name().get(fold(name))
        if place and label == "LOC":
            return place.name
    return max(names, key=lambda n: (len(n.split()), len(n)))
