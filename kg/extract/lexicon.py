"""Packaged general German knowledge (data/*.tsv, *.txt), loaded once.

Nothing here names people: only places (with their adjectives and demonyms), well-known
organisations and their spelling variants, role nouns and verbs of saying.
"""

from __future__ import annotations

import gettext
from collections.abc import Container
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from kg.extract.text import fold
from kg.lang.lists import data_lines as lang_lines

_INFLECTION = ("", "e", "en", "er", "es", "em")
_DEMONYM_INFLECTION = ("", "n", "en", "s", "in", "innen")


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    prefixes: tuple[str, ...]


def _data_lines(name: str) -> list[str]:
    text = resources.files("kg.extract").joinpath("data", name).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _cells(cell: str) -> tuple[str, ...]:
    return () if cell.strip() in ("", "-") else tuple(part.strip() for part in cell.split(","))


@cache
def places() -> tuple[Place, ...]:
    """The packaged table first (it knows adjectives), then other countries from pycountry."""
    table = []
    for line in lang_lines("places.tsv"):
        name, kind, adjectives, demonyms, prefixes = line.split("\t")
        table.append(Place(name, kind, _cells(adjectives), _cells(demonyms), _cells(prefixes)))
    known = {fold(p.name) for p in table}
    for name in _pycountry_german_names():
        if fold(name) not in known:
            known.add(fold(name))
            table.append(Place(name, "Country", (), (), (name,)))
    return tuple(table)


def _pycountry_german_names() -> list[str]:
    try:
        import pycountry
    except ImportError:  # the packaged table alone still works
        return []
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"], fallback=True)
    names = []
    for country in pycountry.countries:
        name = translation.gettext(country.name)
        if "," not in name and "(" not in name:
            names.append(name)
    return names


@cache
def place_by_name() -> dict[str, Place]:
    """Folded name or compound prefix → place (`US` → USA, `Russland` → Russland)."""
    index: dict[str, Place] = {}
    for place in places():
        for form in (place.name, *place.prefixes):
            index.setdefault(fold(form), place)
    return index


@cache
def place_by_adjective() -> dict[str, Place]:
    """Every inflected adjective form → place (`russischen` → Russland)."""
    index: dict[str, Place] = {}
    for place in places():
        for stem in place.adjectives:
            for ending in ("",) if stem[0].isupper() else _INFLECTION:
                index.setdefault(fold(stem + ending), place)
    return index


@cache
def place_by_demonym() -> dict[str, Place]:
    """Every inflected demonym → place (`Ukrainer`, `Russen`, `Europäern` …)."""
    index: dict[str, Place] = {}
    for place in places():
        for stem in place.demonyms:
            base = stem[:-1] if stem.endswith("e") else stem
            for ending in (*_DEMONYM_INFLECTION, "e", "em", "er", "ern"):
                index.setdefault(fold(base + ending), place)
    return index


@cache
def organisations() -> dict[str, str]:
    """Folded spelling variant → canonical organisation name (`nato` → `NATO`)."""
    index: dict[str, str] = {}
    for line in _data_lines("organisations.tsv"):
        canonical, variants = line.split("\t")
        for form in (canonical, *_cells(variants)):
            index[fold(form)] = canonical
    return index


@cache
def role_nouns() -> tuple[str, ...]:
    """Folded role nouns, longest first so compounds match their most specific head."""
    nouns = {fold(line.strip()) for line in lang_lines("role_nouns.txt")}
    return tuple(sorted(nouns, key=len, reverse=True))


@lru_cache(maxsize=65_536)
def role_head(word: str) -> str | None:
    """The role noun `word` ends with (`Außenministerin` → `minister`), or None.

    Handles hyphenated compounds (`Nato-Generalsekretär`), feminine `-in`/`-innen` and the
    genitive/plural endings a role noun takes in running text.
    """
    folded = fold(word.rsplit("-", 1)[-1])
    if not word[:1].isupper():
        return None
    for candidate in _role_variants(folded):
        noun = _longest_suffix(candidate, _role_noun_set(), shortest=4)
        if noun:
            return noun
    return None


@cache
def _role_noun_set() -> frozenset[str]:
    return frozenset(role_nouns())


def _longest_suffix(word: str, nouns: frozenset[str], shortest: int = 1) -> str | None:
    """The longest of `nouns` that `word` ends with (shorter than `shortest` only as the whole
    word). The suffixes of the word are looked up in a set, longest first: the same answer as
    trying every noun, longest first, without a scan of the list per word."""
    for length in range(len(word), 0, -1):
        suffix = word[-length:]
        if suffix in nouns and (length == len(word) or length >= shortest):
            return suffix
    return None


def _role_variants(folded: str) -> list[str]:
    variants = [folded]
    for ending in ("innen", "in", "en", "n", "s", "es"):
        if folded.endswith(ending) and len(folded) > len(ending) + 3:
            variants.append(folded[: -len(ending)])
    return variants


@cache
def reporting_verbs() -> dict[str, frozenset[str]]:
    """Lemma → the separable particles that must accompany it ("" = none needed).

    `an|kündigen` yields `kündigen → {"an"}` (for "kündigte … an") and `ankündigen → {""}`
    (for "angekündigt", "ankündigen").
    """
    return _separable_verbs("reporting_verbs.txt")


@cache
def statement_verbs() -> dict[str, frozenset[str]]:
    """Verbs whose subject voices the statement noun they govern ("wagte die Prognose, …"), in
    the shape of `reporting_verbs`."""
    return _separable_verbs("statement_verbs.txt")


@cache
def statement_nouns() -> frozenset[str]:
    """Nouns whose content is a statement, a view or a demand ("Prognose", "Vorwurf")."""
    return frozenset(fold(line.strip()) for line in _data_lines("statement_nouns.txt"))


def is_statement_noun(word: str) -> bool:
    """A statement noun in any case ("des Vorwurfs", "dem Schluss")."""
    folded = fold(word)
    nouns = statement_nouns()
    return word[:1].isupper() and any(
        folded.removesuffix(ending) in nouns for ending in ("", "s", "es") if folded.endswith(ending)
    )


def _separable_verbs(name: str) -> dict[str, frozenset[str]]:
    verbs: dict[str, set[str]] = {}
    for line in _data_lines(name):
        if "|" in line:
            particle, stem = line.strip().split("|")
            verbs.setdefault(stem, set()).add(particle)
            verbs.setdefault(particle + stem, set()).add("")
        else:
            verbs.setdefault(line.strip(), set()).add("")
    return {lemma: frozenset(particles) for lemma, particles in verbs.items()}


@cache
def naming_verbs() -> dict[str, frozenset[str]]:
    """Full lemma ("zurückweisen") → the frames in which it quotes a few words as its subject's:
    "als", "acc", "obj2", or a preposition such as "von" (`data/naming_verbs.txt`)."""
    frames: dict[str, frozenset[str]] = {}
    for line in _data_lines("naming_verbs.txt"):
        verb, *known = line.split()
        frames[verb.replace("|", "")] = frozenset(known)
    return frames


@cache
def naming_verb_particles() -> dict[str, frozenset[str]]:
    """Lemma → the separable particles that must accompany it, as `reporting_verbs` gives them:
    `zurück|weisen` yields `weisen → {"zurück"}` (for "wies … zurück") and `zurückweisen → {""}`."""
    verbs: dict[str, set[str]] = {}
    for line in _data_lines("naming_verbs.txt"):
        particle, _, stem = line.split()[0].rpartition("|")
        verbs.setdefault(stem, set()).add(particle)
        verbs.setdefault(particle + stem, set()).add("")
    return {lemma: frozenset(particles) for lemma, particles in verbs.items()}


@cache
def _strong_forms() -> dict[str, str]:
    """Past or participle form → infinitive, of the strong verbs of saying."""
    forms: dict[str, str] = {}
    for line in _data_lines("strong_verb_forms.txt"):
        infinitive, _, listed = line.partition(":")
        forms.update((form, infinitive.strip()) for form in listed.split())
    return forms


def strong_verb_lemma(word: str, known: Container[str]) -> str | None:
    """The verb of saying in `known` whose strong form `word` is, after any prefix or particle
    ("baten" → "bitten", "verwiesen" → "verweisen", "angegeben" → "angeben"); None otherwise.
    The model's lemmatizer leaves many such forms as they are, so they would say nothing."""
    word = word.lower()
    for cut in range(len(word) - 2):
        infinitive = _strong_forms().get(word[cut:])
        if infinitive and word[:cut] + infinitive in known:
            return word[:cut] + infinitive
    return None


@cache
def institution_nouns() -> tuple[str, ...]:
    """Folded head nouns of institutions that speak without a name, longest first."""
    nouns = {fold(line.strip()) for line in _data_lines("institutions.txt")}
    return tuple(sorted(nouns, key=len, reverse=True))


@lru_cache(maxsize=65_536)
def institution_head(word: str) -> str | None:
    """The institution noun `word` ends with (`Außenministerium` → `ministerium`), or None."""
    if not word[:1].isupper():
        return None
    folded = fold(word.rsplit("-", 1)[-1])
    for candidate in (folded, folded.removesuffix("s"), folded.removesuffix("es")):
        noun = _longest_suffix(candidate, _institution_noun_set())
        if noun:
            return noun
    return None


@cache
def _institution_noun_set() -> frozenset[str]:
    return frozenset(institution_nouns())


@cache
def speech_nouns() -> frozenset[str]:
    return frozenset(fold(line.strip()) for line in _data_lines("speech_nouns.txt"))


@lru_cache(maxsize=65_536)
def is_speech_noun(word: str) -> bool:
    """A noun naming a source of information, compounds included ("Polizeiangaben",
    "Expertenmeinung", "Medienberichten": by their last part)."""
    if not word[:1].isupper():
        return False
    return _longest_suffix(fold(word.rsplit("-", 1)[-1]), speech_nouns(), shortest=5) is not None


@cache
def _informing_ung_set() -> frozenset[str]:
    return frozenset(fold(line.strip()) for line in _data_lines("informing_ung_nouns.txt"))


@lru_cache(maxsize=65_536)
def mute_noun(word: str) -> bool:
    """A noun of an event, act or state ("Befürchtung", "Vorkehrungen", "Speicherung"): an "-ung"
    noun that names no body, medium, document or utterance, so it can neither speak nor inform.
    Compounds count by their last part ("Sicherheitsvorkehrungen", but "Tageszeitung" informs);
    short words ending so are no such nouns ("Zungen")."""
    folded = fold(word.rsplit("-", 1)[-1])
    singular = folded.removesuffix("en") if folded.endswith("ungen") else folded
    if not singular.endswith("ung") or len(singular) < 6 or is_speech_noun(word) or person_head(word):
        return False
    speaking = _informing_ung_set() | _institution_noun_set() | speech_nouns()
    return _longest_suffix(singular, speaking, shortest=4) is None  # "Regierungen" speak


@cache
def _person_noun_set() -> frozenset[str]:
    return frozenset(fold(line.strip()) for line in _data_lines("person_nouns.txt"))


@lru_cache(maxsize=65_536)
def person_head(word: str) -> str | None:
    """The person noun `word` ends with ("Augenzeugen" → `augenzeuge`, "Polizeisprecher" →
    `sprecher`): a role noun or one of the packaged nouns for unnamed people, or None."""
    role = role_head(word)
    if role or not word[:1].isupper():
        return role
    folded = fold(word.rsplit("-", 1)[-1])
    for candidate in _role_variants(folded):
        noun = _longest_suffix(candidate, _person_noun_set(), shortest=4)
        if noun:
            return noun
    return None
