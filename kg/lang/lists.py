"""Word lists kept as data files in `data/`, read once each."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """The lines of `data/<name>` that are not blank or comments (`#`), line breaks removed."""
    text = resources.files("kg.lang").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#"))


def word_list(name: str) -> tuple[str, ...]:
    """A list of one word (or phrase) per line."""
    return tuple(line.strip() for line in data_lines(name))
