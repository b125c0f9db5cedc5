"""Text units: sentences cut at line breaks.

Headlines, captions and attribution lines often lack a final period, so a sentence splitter
glues them to the next line; every rule that reasons "per sentence" works on these units instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.ingest import Document
from kg.nlp.parsed import ParsedDoc


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    first_token: int
    end_token: int
    sentence: int
    line_start: bool
    """The unit begins a line (headlines, attribution lines)."""
    line_end: bool


def text_units(document: Document, parsed: ParsedDoc) -> list[Unit]:
    text = document.text
    units = []
    for index, sentence in enumerate(parsed.sentences):
        tokens = parsed.tokens[sentence.first_token : sentence.end_token]
        group: list[int] = []
        for token in tokens:
            if token.start < document.body_start or not token.text.strip():
                continue
            if group and "\n" in text[parsed.tokens[group[-1]].end : token.start]:
                units.append(_unit(text, parsed, group, index))
                group = []
            group.append(token.i)
        if group:
            units.append(_unit(text, parsed, group, index))
    return units


def _unit(text: str, parsed: ParsedDoc, group: list[int], sentence: int) -> Unit:
    first, last = parsed.tokens[group[0]], parsed.tokens[group[-1]]
    before = text[: first.start].rstrip(" \t")
    after = text[last.end :].lstrip(" \t")
    return Unit(
        start=first.start,
        end=last.end,
        first_token=group[0],
        end_token=group[-1] + 1,
        sentence=sentence,
        line_start=before == "" or before.endswith("\n"),
        line_end=after == "" or after.startswith("\n"),
    )
