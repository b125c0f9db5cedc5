"""Small text helpers shared by the extraction modules: slugs, spans and character classes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.extract.records import Span

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "đ": "d", "ł": "l", "ı": "i"})


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lowercase and strip diacritics, so "Sébastien" and "Sebastien" compare equal.
    (Cached: extraction folds the same tokens over and over.)"""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(name: str) -> str:
    """The normalised part of an entity key: folded, non-alphanumerics collapsed to "-"."""
    return _NON_ALNUM.sub("-", fold(name)).strip("-")


_TRANSLITERATION = (
    (re.compile(r"(?<=[^aeiou])y(?=[^aeiou])"), "i"),  # Olexyj / Olexij; not Meyer / Meier
    (re.compile(r"(?:[iy]j|iy|y)$"), "i"),  # Tarasenkyj / Tarasenkij / Tarasenky / Tarasenkiy
    (re.compile(r"(?<=[aeiou])w$"), "v"),  # Romanow / Romanov
)


@lru_cache(maxsize=16_384)
def person_fold(name: str) -> str:
    """A person's name folded across the transliterations of one (mostly Slavic) name that German
    news mixes: a "y" or "i" between consonants (Olexyj / Olexij), the endings -yj/-ij/-iy/-y
    (Tarasenkyj / Tarasenkij / Tarasenky) and -ow/-ov (Romanow / Romanov); the rest of the name must
    match. The fold is for matching only (keys, surname groups); the name is shown as written.
    A "y" next to a vowel is kept ("Meyer" and "Meier" are different names), and so are initial
    J/Y and sch/tsch, which German names are full of ("Jonas", "Schulz")."""
    result = []
    for word in fold(name).split():
        for pattern, replacement in _TRANSLITERATION:
            word = pattern.sub(replacement, word)
        result.append(word)
    return " ".join(result)


def entity_key(label: str, name: str) -> str:
    """`LABEL:slug`; a person's slug is folded across transliterations (`person_fold`), so
    "Tarasenkyj" and "Tarasenkij" are one person within an article and across articles."""
    return f"{label}:{slugify(person_fold(name) if label == 'PER' else name)}"


def source_key(article_id: str, description: str) -> str:
    """Key of a described source: scoped to its article, so it never merges across articles."""
    return f"SRC:{article_id}/{slugify(description)}"


def make_span(text: str, start: int, end: int, strip: str = " \t\n") -> Span:
    """A Span over `text[start:end]` with surrounding whitespace (or `strip` chars) removed."""
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return Span(start, end, text[start:end])
