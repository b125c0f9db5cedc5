"""Quantities: number, unit and rate period ("rund 20.000 Soldaten" … "jeden Monat").

Numbers are digits or German number words; a number word is read by `text2num` (any compound:
"dreiundzwanzig", "zwanzigtausend"). The indefinite article "ein/eine/einen …" is the number one
only where it counts a measure ("ein Prozent", "ein Drittel", "um ein Jahr", "eine Million"):
before any other noun it is an article ("über ein Kriegsende").
"""

from __future__ import annotations

import re
from functools import cache

from text_to_num import text2num

from kg.extract.records import Quantity
from kg.extract.text import make_span
from kg.lang.lists import word_list
from kg.lang.words import INDEFINITE_ARTICLE_FORMS

_MULTIPLIERS = {"million": 10**6, "millionen": 10**6, "mio": 10**6, "milliarde": 10**9, "milliarden": 10**9,
                "mrd": 10**9, "tausend": 10**3}  # fmt: skip
_APPROXIMATE = (
    r"(?:rund|etwa|ungefähr|circa|ca\.|knapp|fast|nahezu|mehr als|über|weniger als|bis zu|annähernd)"
)
_PERIODS = {
    "P1D": r"täglich|pro Tag|am Tag|jeden Tag|Tag für Tag",
    "P1W": r"wöchentlich|pro Woche|jede Woche|in der Woche",
    "P1M": r"monatlich|pro Monat|im Monat|jeden Monat|Monat für Monat",
    "P1Y": r"jährlich|pro Jahr|im Jahr|jedes Jahr|in diesem Jahr|dieses Jahr",
}
_NUMBER_PARTS = "|".join(
    ["ein", "zwei", "drei", "vier", "fünf", "sechs", "sech", "sieben", "sieb", "acht", "neun", "zehn", "elf",
     "zwölf", "zwanzig", "zig", "ßig", "hundert", "tausend", "und", "s"]
)  # fmt: skip
"""The pieces German number words are made of: a word of these pieces only is a candidate,
which `text2num` then reads or rejects ("und" alone, "sechs" + "s")."""
_NUMBER = rf"\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?|(?i:(?:{_NUMBER_PARTS})+(?:e[mnrs]?)?)"
_QUANTITY = re.compile(
    rf"(?<![\w.,])(?P<approx>{_APPROXIMATE}\s+)?(?P<number>{_NUMBER})(?!\w)"
    rf"(?:\s+(?P<mult>Millionen|Million|Milliarden|Milliarde|Mio\.|Mrd\.|Tausend))?"
    rf"(?:[\s-]+(?P<unit>Prozent|%|[A-ZÄÖÜ][a-zäöüß]+))?",
)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


def find_quantities(text: str, start: int, end: int) -> list[Quantity]:
    """Quantities in `text[start:end]`; articles ("ein Mann") and years are not quantities."""
    result = []
    for match in _QUANTITY.finditer(text, start, end):
        number, mult, unit = match.group("number"), match.group("mult"), match.group("unit")
        base = _number_value(number, mult, unit)
        if base is None:
            continue
        if (_YEAR.match(number) and not unit) or text[match.end("number") : match.end("number") + 1] == ".":
            continue
        if unit is None and mult is None and not match.group("approx"):
            continue
        if mult:
            base *= _MULTIPLIERS[mult.lower().rstrip(".")]
        value = str(int(base)) if base == int(base) else repr(base)
        period = _period(text, max(start, match.start() - 40), min(end, match.end() + 40))
        span = make_span(text, match.start(), match.end())
        result.append(Quantity(span, value, unit, period, approximate=bool(match.group("approx"))))
    return result


def _number_value(number: str, multiplier: str | None, unit: str | None) -> float | None:
    """The number as written, or None when the words are no number: an article that counts no
    measure, or letters `text2num` cannot read."""
    if number[0].isdigit():
        return float(number.replace(".", "").replace(",", "."))
    word = number.lower()
    if word in INDEFINITE_ARTICLE_FORMS:
        return 1.0 if multiplier or _is_measure(unit) else None
    try:
        return float(text2num(word, "de"))
    except ValueError:
        return None


def _is_measure(unit: str | None) -> bool:
    """Is `unit` a measure noun ("Prozent", "Jahr"), so the article before it counts one? Only
    the base form: a genitive is mostly an idiom ("eines Tages", "eines Morgens")."""
    return unit == "%" or unit in _measure_nouns()


@cache
def _measure_nouns() -> frozenset[str]:
    return frozenset(word_list("measure_nouns.txt"))


def _period(text: str, start: int, end: int) -> str | None:
    window = text[start:end]
    for period, pattern in _PERIODS.items():
        if re.search(rf"\b(?:{pattern})\b", window, re.IGNORECASE):
            return period
    return None
