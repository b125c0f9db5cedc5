"""Dates mentioned in a sentence, resolved against the article date where the text allows."""

from __future__ import annotations

import datetime as dt
import re

_WEEKDAYS = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
_MONTHS = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "dezember"]  # fmt: skip
_WEEKDAY = re.compile(
    r"\b(?:am|vom|seit|bis|ab|kommenden|nächsten|vergangenen|letzten)?\s*("
    + "|".join(_WEEKDAYS)
    + r")(?:abend|morgen|mittag|nachmittag|vormittag|nacht)?\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\.\s*(" + "|".join(_MONTHS) + r")(?:\s+(\d{4}))?\b", re.IGNORECASE)
_RELATIVE = {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2, "vortag": -1}
_RELATIVE_WORD = re.compile(r"\b(heute|gestern|vorgestern|übermorgen|Vortag)\b")
_FUTURE = re.compile(r"\b(wird|werden|will|wollen|soll|sollen|kommenden|nächsten)\b|\bwenn\b", re.IGNORECASE)


def article_date(date: str | None) -> dt.date | None:
    """Only a full `YYYY-MM-DD` date anchors relative expressions; a month alone cannot."""
    if date and len(date) == 10:
        return dt.date.fromisoformat(date)
    return None


def resolve_dates(sentence: str, anchor: dt.date | None) -> tuple[str, ...]:
    """Explicit dates always; weekdays and "gestern" only with a full article date.

    A weekday means the nearest such day before the article date in past-tense reports, and the
    nearest one after it when the sentence speaks of the future.
    """
    found: list[str] = []
    for day, month, year in _NUMERIC.findall(sentence):
        _add(found, _safe_date(int(year), int(month), int(day)))
    for day, month_name, year in _DAY_MONTH.findall(sentence):
        month = _MONTHS.index(month_name.lower()) + 1
        if year:
            _add(found, _safe_date(int(year), month, int(day)))
        elif anchor:
            guess = _safe_date(anchor.year, month, int(day))
            if guess and guess > anchor + dt.timedelta(days=31):
                guess = _safe_date(anchor.year - 1, month, int(day))
            _add(found, guess)
    if anchor is None:
        return tuple(found)
    future = bool(_FUTURE.search(sentence))
    for match in _WEEKDAY.finditer(sentence):
        weekday = _WEEKDAYS.index(match.group(1).lower())
        delta = (weekday - anchor.weekday()) % 7 if future else -((anchor.weekday() - weekday) % 7)
        _add(found, anchor + dt.timedelta(days=delta))
    for word in _RELATIVE_WORD.findall(sentence):
        _add(found, anchor + dt.timedelta(days=_RELATIVE[word.lower()]))
    return tuple(found)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add(found: list[str], date: dt.date | None) -> None:
    if date and date.isoformat() not in found:
        found.append(date.isoformat())
