"""Who is speaking: the subject of a reporting expression, resolved to an entity.

A subject is a name (via its mention), a personal pronoun (the most recent person mentioned
outside the reported content), a relative pronoun (its antecedent: "Name, der erklärte"), or a
nominal description: a role noun ("der US-Präsident", "der Nato-Chef") matched against the roles
seen so far, a demonym ("der Niederländer") matched against the most recent person whose known
affiliations do not contradict it, or an institution that is not named ("das Außenministerium",
"die Regierung"), which becomes an organisation of its own, qualified by its place when given.
With a dependency parse the subject comes from the `nsubj`/`sb` arc; without one, from German
word order around the finite verb.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from kg.extract import lexicon
from kg.extract.cues import is_finite
from kg.extract.derived import DerivedForm
from kg.extract.entities import EntityIndex
from kg.extract.positions import (
    BOUNDARY,
    apposition_subject,
    appositive_name,
    clause_subject_positions,
    dependency_subject,
    finite_anchor,
    fronted_head,
    fronted_phrase,
    place_subject,
    prefield_subject,
    word_order_candidates,
)
from kg.extract.records import Entity, Mention, Source
from kg.extract.roles import Role
from kg.extract.sources import describes_source, source_of
from kg.extract.text import entity_key, fold, make_span
from kg.lang import words
from kg.nlp.parsed import ParsedDoc, Token

_PRONOUNS = {"er": "m", "sie": "f"}


@dataclass(frozen=True)
class Speaker:
    key: str | None
    via: str
    """`name`, `pronoun`, `relative`, `nominal`, `context` or `none`: how the speaker was found."""
    token: int | None = None
    institution: tuple[int, Entity] | None = None
    """The unnamed institution this reference introduces ("das Ministerium") and its noun's token,
    not yet in the article's entities: the caller records it, so later references find it as a name."""
    source: FoundSource | None = None
    """The described source this reference introduces ("ein Sprecher der Polizei"), recorded by the
    caller like an institution."""
    reference: Mention | None = None
    """A description resolved to a named entity ("der Kommissar" → the commissioner named before):
    the phrase is a mention of that entity, recorded by the caller like an institution."""


@dataclass(frozen=True)
class FoundSource:
    """A described source where the text names it: its head noun's token and its mention."""

    token: int
    source: Source
    mention: Mention


Introduced = Entity | FoundSource | Mention
"""What a reference may bring into the article: an unnamed institution, a described source, or a
description's phrase as a mention of the entity it was resolved to."""


@dataclass(frozen=True)
class SpeakerContext:
    """What speaker resolution knows about the article: a value, replaced (never changed) as the
    reading moves on (`recent_speaker`) and institutions are found (`institutions`)."""

    parsed: ParsedDoc
    index: EntityIndex
    roles: tuple[Role, ...]
    derived: Mapping[int, DerivedForm]
    excluded: tuple[tuple[int, int], ...]
    """Character ranges of reported content: names inside a quotation never speak it."""
    doubtful_people: frozenset[str]
    """PER entities that read as common words (`doubtful_people`): never speakers."""
    article_id: str = ""
    """Scopes the keys of institutions this article does not name or place."""
    recent_speaker: str | None = None
    """The speaker of the last attributed unit: "…, fügte er hinzu" usually continues with them."""
    institutions: Mapping[int, Entity] = field(default_factory=dict)
    """Token → unnamed institution found so far (`Speaker.institution`), read like a name."""
    sources: Mapping[int, FoundSource] = field(default_factory=dict)
    """Head token → described source found so far (`Speaker.source`), read like a name."""
    references: Mapping[int, Mention] = field(default_factory=dict)
    """Head token → resolved description found so far (`Speaker.reference`), read like a name."""

    def is_excluded(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.excluded)

    def entity_at(self, i: int) -> str | None:
        """The entity key of token `i`: a named mention or an institution found so far."""
        key = self.index.token_entity.get(i)
        if key is None and i in self.institutions:
            return self.institutions[i].key
        if key is None and i in self.sources:
            return self.sources[i].source.key
        if key is None and i in self.references:
            return self.references[i].entity_key
        return key

    def label(self, key: str) -> str | None:
        label = self.index.label(key)
        if label is None and any(e.key == key for e in self.institutions.values()):
            return "ORG"
        if label is None:
            return next((f.source.label for f in self.sources.values() if f.source.key == key), None)
        return label

    def with_introduced(self, found: Mapping[int, Introduced]) -> SpeakerContext:
        """This context with the institutions and described sources that references introduced."""
        if not found:
            return self
        institutions = {i: x for i, x in found.items() if isinstance(x, Entity)}
        sources = {i: x for i, x in found.items() if isinstance(x, FoundSource)}
        references = {i: x for i, x in found.items() if isinstance(x, Mention)}
        return replace(
            self,
            institutions={**self.institutions, **institutions},
            sources={**self.sources, **sources},
            references={**self.references, **references},
        )

    def introduced(self) -> Mapping[int, Introduced]:
        return {**self.institutions, **self.sources, **self.references}

    def found_sources(self) -> tuple[Source, ...]:
        """The described sources found so far, one per key, by key."""
        unique = {found.source.key: found.source for found in self.sources.values()}
        return tuple(unique[key] for key in sorted(unique))


def speaker_context(
    parsed: ParsedDoc,
    index: EntityIndex,
    roles: tuple[Role, ...],
    derived: Mapping[int, DerivedForm],
    excluded: tuple[tuple[int, int], ...],
    article_id: str,
) -> SpeakerContext:
    """The context at the start of the article."""
    return SpeakerContext(parsed, index, roles, derived, excluded, doubtful_people(parsed, index), article_id)


def doubtful_people(parsed: ParsedDoc, index: EntityIndex) -> frozenset[str]:
    """PER entities that read as common words the model mislabelled ("die Menschen", a
    capitalised "Gar" opening a sentence): only ever one word, with no title before it, and
    each time after an article or as a sentence's first word that the text also writes in
    lower case. They are never speakers."""
    tokens, text = parsed.tokens, parsed.text
    by_key: dict[str, list[int]] = {}
    for i, key in index.token_entity.items():
        by_key.setdefault(key, []).append(i)
    doubtful = set()
    for key, positions in by_key.items():
        if index.label(key) != "PER" or any(p + 1 in positions for p in positions):
            continue
        if all(_common_word_use(tokens, text, p) for p in positions):
            doubtful.add(key)
    return frozenset(doubtful)


def institution(context: SpeakerContext, i: int) -> Entity:
    """The organisation an unnamed institution noun at token `i` stands for.

    Its key carries the place that qualifies it ("das chinesische Außenministerium", "die
    US-Regierung", "das Ministerium in Kiew"), so institutions of different countries stay
    apart across articles; one without a place is this article's own.
    """
    tokens, index = context.parsed.tokens, context.index
    place = _qualifying_place(context, i)
    name = tokens[i].text + (f" ({index.entities[place].name})" if place else "")
    # without a place, "das Ministerium" of one article is not that of the next: scope the key
    key = entity_key("ORG", name if place else f"{name} {context.article_id}")
    return index.entities.get(key) or Entity(key=key, label="ORG", name=name)


def with_introduced(index: EntityIndex, parsed: ParsedDoc, context: SpeakerContext) -> EntityIndex:
    """The index grown by the institutions that spoke (each an entity, its noun the mention), the
    mentions of the described sources that spoke (sources are no entities of the index) and the
    descriptions resolved to a named speaker (a mention of that entity)."""
    if not context.institutions and not context.sources and not context.references:
        return index
    entities = dict(index.entities)
    token_entity = dict(index.token_entity)
    mentions = list(index.mentions)
    added = [found.mention for found in context.sources.values()] + list(context.references.values())
    for mention in added:
        if mention not in mentions:
            mentions.append(mention)
    for i, entity in context.institutions.items():
        entities.setdefault(entity.key, entity)
        if i not in token_entity:
            token_entity[i] = entity.key
            token = parsed.tokens[i]
            span = make_span(parsed.text, token.start, token.end)
            mentions.append(Mention(span, entity.key, entity.label, token.sentence))
    mentions.sort(key=lambda m: m.span.start)
    return EntityIndex(entities=entities, mentions=mentions, token_entity=token_entity)


def _common_word_use(tokens: tuple[Token, ...], text: str, i: int) -> bool:
    previous = tokens[i - 1] if i > 0 and tokens[i - 1].sentence == tokens[i].sentence else None
    if previous is None:
        return f" {tokens[i].text.lower()} " in text
    return previous.text.lower() in words.ARTICLES and not lexicon.role_head(previous.text)


def subject_of(context: SpeakerContext, cue: int, content: tuple[int, int] | None = None) -> Speaker:
    """The speaker of the reporting verb at token `cue`, or `Speaker(None, "none")`.

    A name or pronoun right before the verb ("Er kritisierte die Regierung") is the subject
    before anything after it; otherwise inversion ("sagte die Ministerin") is tried first.
    """
    tokens = context.parsed.tokens
    if tokens[cue].lemma.lower() == "heißen":
        return _document_said(context, cue, content)
    cue = finite_anchor(context, cue, content)
    parsed_subject = dependency_subject(context, cue, content)
    if parsed_subject is not None:
        resolved = resolve_reference(context, parsed_subject)
        if resolved.key:
            return resolved
    apposed = appositive_name(context, cue, content)
    if apposed is not None and context.entity_at(apposed) not in context.doubtful_people:
        return Speaker(context.entity_at(apposed), "name", apposed)
    head = prefield_subject(context, cue, content)
    if head is not None:
        resolved = resolve_reference(context, head)
        fronted = resolved if resolved.key else described(context, head)
        if fronted.key:
            return fronted
    apposition = apposition_subject(context, cue, content)
    if apposition is not None:
        return Speaker(context.entity_at(apposition), "name", apposition)
    fronted = _fronted_speaker(context, cue, content)
    if fronted.key:
        return fronted
    candidates = word_order_candidates(context, cue, content)
    if cue - 1 in candidates and _is_named_or_pronoun(context, cue - 1):
        candidates.remove(cue - 1)
        candidates.insert(0, cue - 1)
    candidates += fronted_phrase(context, cue, content)
    for i in candidates:
        if i > 0 and tokens[i - 1].text.lower() in words.OBLIQUE_ARTICLES:
            continue
        resolved = resolve_reference(context, i)
        if resolved.key:
            return resolved
        if resolved.via != "none":
            return described(context, i) if resolved.via == "nominal" else resolved
    for i in clause_subject_positions(context, cue, content):
        speaker = described(context, i)
        if speaker.key:
            return speaker
    place = place_subject(context, cue, content)
    if place is not None:
        return Speaker(context.entity_at(place), "name", place)
    return Speaker(None, "none")


def _fronted_speaker(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> Speaker:
    """The subject in the Vorfeld (`fronted_head`) when its head names or describes a speaker: a
    person or organisation, a name right after the head ("Präsident Anna Berger"), an organisation
    in a parenthesis after it ("Das Bundesamt (BfX)"), or a person, role or institution noun.
    It comes before any name after the verb, which is then an object ("Kritiker werfen X vor")."""
    head = fronted_head(context, cue, content)
    if head is None:
        return Speaker(None, "none")
    tokens = context.parsed.tokens
    word = tokens[head].text
    # a name right after a person noun is its title's ("Präsident Berger"), else a genitive ("Worte Bergers")
    titled = head + 1 if lexicon.person_head(word) else head
    for i in (head, titled, head + 2 if tokens[head + 1].text == "(" else head):
        key = context.entity_at(i)
        if key and context.label(key) in ("PER", "ORG") and key not in context.doubtful_people:
            return Speaker(key, "name", i)
    if not (lexicon.person_head(word) or lexicon.institution_head(word)):
        return Speaker(None, "none")
    resolved = resolve_reference(context, head)
    return resolved if resolved.key else described(context, head)


def _document_said(context: SpeakerContext, cue: int, content: tuple[int, int] | None) -> Speaker:
    """ "In dem Bericht heißt es, …", "heißt es in einer Erklärung der Polizei": "es heißt" names
    no speaker, the text it is written in speaks — the noun after "in"/"im" in the clause; "hieß
    es von X", "bei der Agentur X hieß es" give X, and "aus Paris hieß es" the state whose capital
    it names (a place after "in" is only where it was said)."""
    tokens = context.parsed.tokens
    sentence = tokens[cue].sentence
    for i, token in enumerate(tokens):
        if token.sentence != sentence or (content and content[0] <= token.start < content[1]):
            continue
        if token.text.lower() not in ("in", "im", "von", "vom", "aus", "bei", "beim"):
            continue
        for j in range(i + 1, min(i + 5, len(tokens))):
            resolved = resolve_reference(context, j)
            if resolved.key:
                return resolved
            place = context.entity_at(j)
            if token.text.lower() == "aus" and place and context.label(place) == "LOC":
                return Speaker(place, "name", j)
            named = resolve_reference(context, j + 1) if j + 1 < len(tokens) else Speaker(None, "none")
            if named.key and named.via == "name":  # "bei der Agentur Reuters": the name
                return named
            speaker = described(context, j, any_case=True)
            if speaker.key:
                return speaker
    return Speaker(None, "none")


def described(context: SpeakerContext, i: int, any_case: bool = False) -> Speaker:
    """The described source whose head noun is token `i` ("ein Sprecher der Polizei"), the same
    source as an earlier one with that head in the article; `Speaker(None, "nominal")` if none."""
    if lexicon.institution_head(context.parsed.tokens[i].text) and _qualifying_place(context, i):
        found = institution(context, i)  # "Frankreichs Regierung": that country's, not a source
        return Speaker(found.key, "nominal", i, (i, found))
    description = describes_source(context.parsed, context.index, i, any_case)
    if description is None:
        return Speaker(None, "nominal", i)
    known = {found.source.key: found.source for found in context.sources.values()}
    source, mention = source_of(context.parsed, context.article_id, description, known)
    return Speaker(source.key, "described", i, source=FoundSource(i, source, mention))


def resolve_reference(context: SpeakerContext, i: int) -> Speaker:
    """The entity that token `i` refers to, if it is a name, a pronoun or a nominal description."""
    token = context.parsed.tokens[i]
    key = context.entity_at(i)
    if key and context.label(key) in ("PER", "ORG") and key not in context.doubtful_people:
        return Speaker(key, "name", i)
    word = token.text.lower()
    if (word in _PRONOUNS and token.text != "Sie") or token.text == "Er":
        return Speaker(context.recent_speaker or antecedent(context, token.start), "pronoun", i)
    if word in words.NOMINATIVE_RELATIVES and is_relative_pronoun(context.parsed, i):
        antecedent_speaker = resolve_reference(context, i - 2)
        return Speaker(antecedent_speaker.key, "relative", i, antecedent_speaker.institution)
    is_description = lexicon.role_head(token.text) or lexicon.place_by_demonym().get(fold(token.text))
    if is_description and _has_nominative_article(context.parsed, i):
        referent = nominal_referent(context, i)
        return Speaker(referent, "nominal", i, reference=_reference(context, i, referent))
    if lexicon.institution_head(token.text) and _has_nominative_article(context.parsed, i, neuter=True):
        if _qualifying_place(context, i) is None:  # "die Polizei": a source of this article
            source = described(context, i)
            if source.key:
                return source
        found = institution(context, i)
        return Speaker(found.key, "nominal", i, (i, found))
    return Speaker(None, "none")


def _reference(context: SpeakerContext, i: int, key: str | None) -> Mention | None:
    """ "Der Kommissar verweist darauf, …": the description from its article to its head noun, as a
    mention of the person it was resolved to (so the phrase is known to denote them)."""
    label = context.label(key) if key else None
    if key is None or label is None:
        return None
    tokens = context.parsed.tokens
    first = i
    while first > 0 and tokens[first - 1].tag in ("ADJA", "ADJD"):
        first -= 1
    if first > 0 and tokens[first - 1].text.lower() in words.NOMINATIVE_ARTICLES:
        first -= 1
    span = make_span(context.parsed.text, tokens[first].start, tokens[i].end)
    return Mention(span, key, label, tokens[i].sentence)  # type: ignore[arg-type]


def _is_named_or_pronoun(context: SpeakerContext, i: int) -> bool:
    """A pronoun, or a name that opens its clause ("Nato-Chef Anna Berger sagte", "… und Anna
    Berger sagte"), right before `i + 1`.

    A name inside a prepositional phrase ("nach einem Treffen mit X sagt Y") is no subject.
    """
    tokens = context.parsed.tokens
    if tokens[i].text.lower() in _PRONOUNS or is_relative_pronoun(context.parsed, i):
        return True
    key = context.entity_at(i)
    if not key or context.label(key) not in ("PER", "ORG"):
        return False
    j = i
    while j > 0 and tokens[j - 1].sentence == tokens[i].sentence:
        previous = tokens[j - 1]
        if previous.text in BOUNDARY or previous.text[:1] in words.QUOTE_MARKS:
            break
        if previous.text.lower() in words.COORDINATORS:
            break  # "… und Anna Berger warf …": the name opens the coordinated clause
        same_phrase = context.entity_at(j - 1) == key or lexicon.role_head(previous.text)
        if not (
            same_phrase
            or previous.tag in ("ART", "ADJA")
            or previous.text.lower() in words.NOMINATIVE_ARTICLES
        ):
            return False
        j -= 1
    return True


def is_relative_pronoun(parsed: ParsedDoc, i: int) -> bool:
    """ "…, der erklärte": a relative pronoun right after a comma (its antecedent precedes it),
    not the article of a noun phrase (", die Regierung erklärte")."""
    token = parsed.tokens[i]
    if i < 2 or i + 1 >= len(parsed.tokens) or parsed.tokens[i - 1].text != ",":
        return False
    if token.text not in words.RELATIVE_PRONOUNS:
        return False
    return token.tag == "PRELS" or "Rel" in token.morph or parsed.tokens[i + 1].text[:1].islower()


def _qualifying_place(context: SpeakerContext, i: int) -> str | None:
    """The place key of "US-Regierung", "die chinesische Regierung" or "Regierung in Peking"."""
    tokens, index = context.parsed.tokens, context.index
    derived = context.derived.get(i)
    if derived:
        return derived.entity_key
    for j in range(i - 1, max(-1, i - 4), -1):
        if tokens[j].text.lower() in words.NOMINATIVE_ARTICLES or tokens[j].sentence != tokens[i].sentence:
            break
        if j in context.derived:
            return context.derived[j].entity_key
    genitive = index.token_entity.get(i - 1) if i > 0 else None
    if genitive and index.label(genitive) == "LOC" and tokens[i - 1].text.endswith("s"):
        return genitive  # "Frankreichs Regierung"
    if i + 2 < len(tokens) and tokens[i + 1].text.lower() in ("in", "aus"):
        key = index.token_entity.get(i + 2)
        if key and index.label(key) == "LOC":
            return key
    return None


def _has_nominative_article(parsed: ParsedDoc, i: int, neuter: bool = False) -> bool:
    """A nominative article before the noun at `i` (role nouns are masculine or feminine; with
    `neuter`, "das" counts too, for institutions like "das Ministerium")."""
    articles = words.NOMINATIVE_ARTICLES | {"das"} if neuter else words.NOMINATIVE_ARTICLES
    j = i - 1
    while j >= 0 and (parsed.tokens[j].tag in ("ADJA", "ADJD") or parsed.tokens[j].text[:1].islower()):
        if parsed.tokens[j].text.lower() in articles:
            return True
        j -= 1
    return j >= 0 and parsed.tokens[j].text.lower() in articles


def antecedent(context: SpeakerContext, offset: int) -> str | None:
    """The most recent person mentioned before `offset`, outside reported content."""
    for mention in reversed(context.index.mentions_before(offset)):
        excluded = context.is_excluded(mention.span.start) or mention.entity_key in context.doubtful_people
        if mention.label == "PER" and not excluded:
            return mention.entity_key
    return None


def _role_before(context: SpeakerContext, role: Role, i: int) -> bool:
    """Was the role read before the description at token `i`, or at it with its name in the same
    phrase ("Der Leiter des Programms, Name, sagte")? A role whose name comes only after a verb
    ("Der Sprecher teilte mit, Name …") is not the description's referent."""
    tokens = context.parsed.tokens
    if role.start != tokens[i].start:
        return role.start < tokens[i].start
    for j in range(i + 1, context.parsed.sentences[tokens[i].sentence].end_token):
        if context.entity_at(j) == role.person_key:
            return True
        if is_finite(tokens[j]):
            return False
    return False


def nominal_referent(context: SpeakerContext, i: int) -> str | None:
    """Resolve "der US-Präsident", "der Nato-Chef", "der Niederländer" to a person in the article,
    by a role read before the description or at it (`_role_before`)."""
    token = context.parsed.tokens[i]
    head = lexicon.role_head(token.text)
    derived = context.derived.get(i)
    if head:
        organization = derived.entity_key if derived else None
        for role in reversed([r for r in context.roles if _role_before(context, r, i)]):
            same_org = organization is not None and role.organization_key == organization
            if (same_org and (head == role.head or head == "chef")) or (
                organization is None and head == role.head
            ):
                return role.person_key
        return None
    place = lexicon.place_by_demonym().get(fold(token.text))
    if place is None:
        return None
    affiliations: dict[str, set[str]] = {}
    for role in context.roles:
        if role.organization_key and role.organization_key.startswith("LOC:"):
            affiliations.setdefault(role.person_key, set()).add(role.organization_key)
    own = "LOC:" + fold(place.name).replace(" ", "-")
    for mention in reversed(context.index.mentions_before(token.start)):
        if mention.label != "PER":
            continue
        known = affiliations.get(mention.entity_key, set())
        if not known or own in known:
            return mention.entity_key
    return None
