"""Described sources: speakers the article names by a description instead of a name.

"Ein Sprecher des Finanzministeriums sagte …", "Augenzeugen berichteten …", "laut der Polizei",
"nach Angaben der Fluggesellschaft": the noun phrase in the speaker's place is a source of its
own. It belongs to its article (two articles' "ein Sprecher" are not one person); within the
article, a later "der Sprecher" is the same source as an earlier "ein Sprecher".
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract import lexicon
from kg.extract.entities import EntityIndex
from kg.extract.records import EntityType, Mention, Source
from kg.extract.text import fold, make_span, source_key
from kg.lang import words
from kg.nlp.parsed import ParsedDoc, Token

_DETERMINERS = words.ARTICLES | {
    *("dieser", "diese", "dieses", "mehrere", "einige", "viele", "zahlreiche", "andere", "beide", "alle"),
}
_PRONOUNS = {"er", "sie", "es", "wir", "ich", "ihr", "man", "dies", "das", "wer", "was", "jeder", "keiner"}
_GENITIVE_ARTICLES = {"des", "der", "eines", "einer"}
_NOT_SOURCES = {
    *("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "wochenende"),
    *("jahr", "jahre", "jahren", "monat", "monate", "woche", "wochen", "tag", "tage", "tagen", "uhr"),
    *("zeit", "mal", "ende", "anfang", "abend", "morgen", "mittag", "nacht", "vormittag", "nachmittag"),
    *("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober"),
    *("november", "dezember", "prozent", "euro", "dollar", "interview", "pressekonferenz", "sitzung"),
}
"""Capitalised nouns that stand in a subject's place but never speak ("sagte Montag", "Ende")."""


def never_source(word: str) -> bool:
    """A noun of time or measure: no source, nor the organisation of one ("der Polizei vom Dienstag")."""
    return word.lower() in _NOT_SOURCES


@dataclass(frozen=True)
class Description:
    """A describing noun phrase: tokens `first`..`last` (inclusive) around its head noun."""

    first: int
    head: int
    last: int
    label: EntityType
    organization_key: str | None


def describes_source(
    parsed: ParsedDoc, index: EntityIndex, i: int, any_case: bool = False
) -> Description | None:
    """The noun phrase headed by token `i`, when it can name a speaker: a common noun (not part of
    a name), not a word of time or measure nor of an event or state (`lexicon.mute_noun`), and —
    as a subject, unless `any_case` ("nach Angaben der Polizei") — not marked as another case than
    nominative."""
    tokens = parsed.tokens
    token = tokens[i]
    named = index.label(index.token_entity[i]) in ("PER", "ORG", "LOC") if i in index.token_entity else False
    word = token.text.lower()
    if not _common_noun(parsed, token) or named or word in _NOT_SOURCES or word in _DETERMINERS | _PRONOUNS:
        return None
    if lexicon.mute_noun(token.text):
        return None  # "die Befürchtung", "nach der Speicherung": an event or state says nothing
    if _opens_sentence(parsed, i) and f" {token.text.lower()} " in parsed.text:
        return None  # "Allerdings", "Damit": capitalised only as the sentence's first word
    first = i
    while first > 0 and _modifier(tokens[first - 1], token):
        first -= 1
    if not any_case and not _may_be_nominative(tokens[first : i + 1]):
        return None
    last, organization = _attribute_after(parsed, index, i)
    last = _name_after(parsed, index, last)
    if organization is None:
        organization = _compound_organization(index, tokens, first, i)
    return Description(first, i, last, _label(token.text), organization)


def source_of(
    parsed: ParsedDoc, article_id: str, description: Description, known: dict[str, Source]
) -> tuple[Source, Mention]:
    """The source a description names, reusing the article's source with the same head and
    organisation ("der Sprecher" after "ein Sprecher des Ministeriums"), and its mention."""
    tokens, text = parsed.tokens, parsed.text
    head = tokens[description.head]
    phrase = make_span(text, tokens[description.first].start, tokens[description.last].end)
    naming = _without_determiner(parsed, description)
    for source in known.values():
        same_org = description.organization_key in (None, source.organization_key)
        if source.head == head.text and same_org and source.label == description.label:
            return source, Mention(phrase, source.key, source.label, head.sentence)
    source = Source(
        key=source_key(article_id, naming),
        label=description.label,
        description=phrase.text,
        head=head.text,
        organization_key=description.organization_key,
    )
    return source, Mention(phrase, source.key, source.label, head.sentence)


def _common_noun(parsed: ParsedDoc, token: Token) -> bool:
    """A common noun, or a proper noun the model did not take for a name that stands after an
    article or adjective like a description ("Die Times berichtete"); a bare proper noun ("Bergers
    Worte") is a name, not a description."""
    word = token.text
    if not word[:1].isupper() or not word.replace("-", "").isalpha() or len(word) < 3:
        return False
    if token.tag == "NE" and not lexicon.person_head(word):
        previous = parsed.tokens[token.i - 1] if token.i > 0 else None
        return previous is not None and (previous.text.lower() in _DETERMINERS or previous.tag == "ADJA")
    return token.tag in ("NN", "NE", "")


def _may_be_nominative(phrase: tuple[Token, ...]) -> bool:
    """Can the phrase be a subject? Its article's case decides when it has one (the tagger reads
    "Der … Sportler" as nominative more reliably than the noun), else the noun's; no case, no veto.
    An article that reads the same in the accusative ("die Kläger", "das Gericht") never vetoes:
    only the position the caller found it in can tell subject from object there."""
    if phrase[0].text.lower() in words.NOMINATIVE_OR_ACCUSATIVE_ARTICLES:
        return True
    for token in phrase:
        if "Case=" in token.morph:
            return token.has_feature("Case", "Nom")
    return True


def _opens_sentence(parsed: ParsedDoc, i: int) -> bool:
    return parsed.sentences[parsed.tokens[i].sentence].first_token == i


def _modifier(token: Token, head: Token) -> bool:
    """Determiners and adjectives of the head's noun phrase, in the same sentence."""
    if token.sentence != head.sentence:
        return False
    return token.text.lower() in _DETERMINERS or token.tag in words.NOUN_PHRASE_TAGS


def _attribute_after(parsed: ParsedDoc, index: EntityIndex, i: int) -> tuple[int, str | None]:
    """The genitive or "von" attribute after the head ("des Finanzministeriums", "der Polizei in
    Wien", "von Amnesty International") and the organisation or place it names."""
    tokens = parsed.tokens
    j = i + 1
    if j >= len(tokens) or tokens[j].sentence != tokens[i].sentence:
        return i, None
    if tokens[j].text.lower() not in _GENITIVE_ARTICLES | {"von", "vom"}:
        return i, None
    last, organization = i, None
    for k in range(j + 1, min(j + 6, len(tokens))):
        word = tokens[k]
        key = index.token_entity.get(k)
        if key and index.label(key) in ("ORG", "LOC"):
            organization = organization or key
            last = k
        elif word.tag in ("ADJA", "ART") or word.text.lower() in _DETERMINERS:
            continue
        elif word.text[:1] in words.QUOTE_MARKS:  # "der „Kieler Nachrichten“": the marks belong to it
            if last > i:
                last = k
                break
        elif word.text[:1].isupper() and word.text.isalpha() and not key:
            if never_source(word.text):
                break
            last = k
            if k + 1 < len(tokens) and index.token_entity.get(k + 1):
                continue
            break
        else:
            break
    return last, organization


def _name_after(parsed: ParsedDoc, index: EntityIndex, i: int) -> int:
    """The last token of a name the model missed right after the phrase's last noun, which the
    phrase keeps: one in quote marks ("des Magazins „Nova Welt“"; not after a noun of information,
    "laut Zeugenaussagen „Raus Tom“", where it is what was said or a title) or tagged as a proper
    noun ("dem Sender al-Nur"); else `i`."""
    tokens = parsed.tokens
    j = i + 1
    if j >= len(tokens) or tokens[j].sentence != tokens[i].sentence or j in index.token_entity:
        return i
    if tokens[j].text[:1] in words.QUOTE_MARKS and not lexicon.is_speech_noun(tokens[i].text):
        for k in range(j + 1, min(j + 6, len(tokens))):
            if tokens[k].text[:1] in words.QUOTE_MARKS:
                inside = tokens[j + 1 : k]
                named = all(t.text[:1].isupper() or t.text.lower() in words.ARTICLES for t in inside)
                return k if inside and named else i
            if tokens[k].sentence != tokens[i].sentence:
                break
        return i
    while j < len(tokens) and tokens[j].tag in ("NE", "FM") and j not in index.token_entity:
        j += 1
    return j - 1


def _compound_organization(index: EntityIndex, tokens: tuple[Token, ...], first: int, i: int) -> str | None:
    """An organisation named inside the phrase before its head ("der BKA-Sprecher" is not split by
    the tokenizer, but "ein Nato-Sprecher" may carry a named prefix token)."""
    for k in range(first, i):
        key = index.token_entity.get(k)
        if key and index.label(key) == "ORG":
            return key
    return None


def _label(head: str) -> EntityType:
    """People for person nouns ("Sprecher", "Augenzeugen"), organisations otherwise ("Polizei")."""
    if lexicon.person_head(head) or lexicon.place_by_demonym().get(fold(head)):
        return "PER"
    return "ORG"


def _without_determiner(parsed: ParsedDoc, description: Description) -> str:
    """ "ein Sprecher des Ministeriums" → "Sprecher des Ministeriums": the key ignores the article."""
    tokens = parsed.tokens
    first = description.first
    while first < description.head and tokens[first].text.lower() in _DETERMINERS:
        first += 1
    return parsed.text[tokens[first].start : tokens[description.last].end]
