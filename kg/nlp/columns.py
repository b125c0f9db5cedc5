"""Token attributes of a spaCy Doc as plain lists: iterating a Doc or indexing `doc[i]` creates a
new `Token` object every time, which costs more than the rules that read them."""

from __future__ import annotations

from spacy.strings import StringStore
from spacy.tokens import Doc


def token_columns(doc: Doc, attrs: list[int]) -> list[list[int]]:
    """One list per attribute, in token order, read in a single `Doc.to_array` call."""
    return doc.to_array(attrs).T.tolist()


def column_strings(strings: StringStore, keys: list[int]) -> list[str]:
    """The strings of hash keys, each distinct key looked up once (a column repeats few values)."""
    names = {key: strings[key] for key in set(keys)}
    return [names[key] for key in keys]
