"""Direct quotations: quote-mark pairs, block quotes with attribution lines, headline quotes.

Quote marks are paired per paragraph for every German style („…“ „…" "…" »…« «…» ‚…‘ and
English “…”). A German opening mark must be followed by text, which rejects stray marks left by
scraping. A quoted span counts as a quotation when it reads like an utterance — it has a verb,
or is long, or stands after "Name:" or right after a verb of saying; anything else (single
words, titles, names of plans, nicknames, NP fragments) is a scare quote and is not reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from kg.extract.entities import EntityIndex
from kg.extract.text import make_span
from kg.ingest import Document
from kg.lang.words import QUOTE_MARKS
from kg.nlp.parsed import ParsedDoc, Token

_PAIRS = {"„": '“”"', "»": "«", "«": "»", "‚": "‘’'", '"': '"“”', "“": '”"'}
_SPACE_BEFORE_OPEN = " \t\n([/-–—:"
_MIN_WORDS_WITHOUT_VERB = 6
_VERB_TAG_PREFIX = "V"
_STRIP = " \t\n" + QUOTE_MARKS


@dataclass(frozen=True)
class QuotedSpan:
    """A pair of quote marks: `open`/`close` are the mark offsets, content lies between them."""

    open: int
    close: int

    @property
    def content(self) -> tuple[int, int]:
        return self.open + 1, self.close


def quote_pairs(text: str, start: int) -> list[QuotedSpan]:
    """Balanced quote-mark pairs, never crossing a line break."""
    pairs = []
    line_start = start
    for line in text[start:].split("\n"):
        pairs.extend(_pairs_in_line(text, line_start, line_start + len(line)))
        line_start += len(line) + 1
    return pairs


def _pairs_in_line(text: str, start: int, end: int) -> list[QuotedSpan]:
    pairs = []
    stack: list[tuple[str, int]] = []
    for i in range(start, end):
        char = text[i]
        if stack and char in _PAIRS[stack[-1][0]] and _can_close(text, i, start):
            _, position = stack.pop()
            pairs.append(QuotedSpan(position, i))
            continue
        if char in _PAIRS and _can_open(text, i, start, end) and len(stack) < 2:
            stack.append((char, i))
    return pairs


def _can_open(text: str, i: int, line_start: int, line_end: int) -> bool:
    following = text[i + 1] if i + 1 < line_end else " "
    if following.isspace():
        return False
    if text[i] in "„»«‚":
        return True
    previous = text[i - 1] if i > line_start else " "
    return previous in _SPACE_BEFORE_OPEN


def _can_close(text: str, i: int, line_start: int) -> bool:
    previous = text[i - 1] if i > line_start else " "
    return not previous.isspace() or text[i] in "“«»"


def is_utterance(parsed: ParsedDoc, start: int, end: int) -> bool:
    """Does the quoted text read like something said, rather than a label or a word in quotes?
    An exclamation of two words or more is said ("„Lasst mich raus!“", whatever the tagger makes
    of "Lasst")."""
    tokens = tokens_in(parsed, start, end)
    words = [t for t in tokens if any(c.isalnum() for c in t.text)]
    if len(words) >= _MIN_WORDS_WITHOUT_VERB:
        return True
    if len(words) >= 2 and parsed.text[start:end].rstrip().endswith("!"):
        return True
    has_verb = any(_is_verb(t) for t in words)
    return has_verb and len(words) >= 2


def _is_verb(token: Token) -> bool:
    return token.pos in ("VERB", "AUX") or token.tag.startswith(_VERB_TAG_PREFIX)


def tokens_in(parsed: ParsedDoc, start: int, end: int) -> list[Token]:
    """The tokens inside [start, end): a contiguous run, found by bisection (tokens are in text
    order, so their starts and ends both ascend) rather than by a scan of the whole article."""
    first = bisect_left(parsed.tokens, start, key=lambda t: t.start)
    stop = bisect_right(parsed.tokens, end, key=lambda t: t.end)
    return list(parsed.tokens[first:stop])


_HEADLINE = re.compile(r"[ \t]*((?:[A-ZÄÖÜ][\w\-’']+[ \t]){0,2}[A-ZÄÖÜ][\w\-’']+):[ \t]*")


def headline_speaker_span(text: str, line_start: int, line_end: int) -> tuple[int, int] | None:
    """`Name: …` at the start of a line (a headline quote or paraphrase): offsets of "Name:"."""
    match = _HEADLINE.match(text, line_start, line_end)
    if not match:
        return None
    return match.start(1), match.end(1) + 1


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


@dataclass(frozen=True)
class AttributionLine:
    """ "Name, Role" after a block quote: the speaker's mention and where the line starts."""

    start: int
    end: int
    speaker_key: str


def attribution_line(
    document: Document, parsed: ParsedDoc, index: EntityIndex, line_start: int, line_end: int
):
    """The line is nothing but "[stray mark] Name, Role …" (as under block and pull quotes)."""
    text = document.text
    start = line_start
    while start < line_end and text[start] in _STRIP:
        start += 1
    return _name_comma_role(parsed, index, start, line_end)


def trailing_attribution(
    document: Document, parsed: ParsedDoc, index: EntityIndex, line_start: int, line_end: int
):
    """A pull quote and its attribution on one line: "… werden Name, Role"."""
    for mention in index.mentions:
        if line_start < mention.span.start < line_end and mention.label == "PER":
            found = _name_comma_role(parsed, index, mention.span.start, line_end)
            if found and found.start > line_start + 20:
                return found
    return None


def _name_comma_role(parsed: ParsedDoc, index: EntityIndex, start: int, line_end: int):
    from kg.extract import lexicon

    tokens = tokens_in(parsed, start, line_end)
    if len(tokens) < 3 or len(tokens) > 12 or tokens[0].start != start:
        return None
    key = index.token_entity.get(tokens[0].i)
    if key is None or index.label(key) != "PER":
        return None
    k = 0
    while k < len(tokens) and index.token_entity.get(tokens[k].i) == key:
        k += 1
    if k >= len(tokens) or tokens[k].text != ",":
        return None
    if not any(lexicon.role_head(t.text) for t in tokens[k + 1 :]):
        return None
    return AttributionLine(start, line_end, key)


def strip_span(text: str, start: int, end: int):
    """The content of a quotation: without surrounding marks, spaces and a stray mark."""
    return make_span(text, start, end, strip=_STRIP)
