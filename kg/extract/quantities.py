"""Quantities: number, unit and rate period ("rund 20.000 Soldaten" … "jeden Monat")."""

from __future__ import annotations

import re

from kg.extract.records import Quantity
from kg.extract.text import make_span

_NUMBER_WORDS = {
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "zwanzig": 20, "dreißig": 30, "hundert": 100, "tausend": 1000,
}  # fmt: skip
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
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|" + "|".join(
    sorted(_NUMBER_WORDS, key=len, reverse=True)
)
_QUANTITY = re.compile(
    rf"(?<![\w.,])(?P<approx>{_APPROXIMATE}\s+)?(?P<number>{_NUMBER})"
    rf"(?:\s+(?P<mult>Millionen|Million|Milliarden|Milliarde|Mio\.|Mrd\.|Tausend))?"
    rf"(?:[\s-]+(?P<unit>Prozent|%|[A-ZÄÖÜ][a-zäöüß]+))?",
)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


def find_quantities(text: str, start: int, end: int) -> list[Quantity]:
    """Quantities in `text[start:end]`; bare articles ("ein") and years are not quantities."""
    result = []
    for match in _QUANTITY.finditer(text, start, end):
        number, mult, unit = match.group("number"), match.group("mult"), match.group("unit")
        is_word = number.isalpha()
        if is_word and not (mult or (unit and match.group("approx")) or unit in ("Prozent", "%")):
            continue
        if (_YEAR.match(number) and not unit) or text[match.end("number") : match.end("number") + 1] == ".":
            continue
        if unit is None and mult is None and not match.group("approx"):
            continue
        value = _value(number, mult)
        period = _period(text, max(start, match.start() - 40), min(end, match.end() + 40))
        span = make_span(text, match.start(), match.end())
        result.append(Quantity(span, value, unit, period, approximate=bool(match.group("approx"))))
    return result


def _value(number: str, multiplier: str | None) -> str:
    if number.isalpha():
        base = float(_NUMBER_WORDS[number.lower()])
    else:
        base = float(number.replace(".", "").replace(",", "."))
    if multiplier:
        base *= _MULTIPLIERS[multiplier.lower().rstrip(".")]
    return str(int(base)) if base == int(base) else repr(base)


def _period(text: str, start: int, end: int) -> str | None:
    window = text[start:end]
    for period, pattern in _PERIODS.items():
        if re.search(rf"\b(?:{pattern})\b", window, re.IGNORECASE):
            return period
    return None
