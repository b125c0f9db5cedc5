# ruff: noqa: E501  (invented German test sentences read best on one line)
"""Claims with claimant, quantities and resolved dates."""

from __future__ import annotations

from test_extract_support import run

from kg.extract.dates import article_date, resolve_dates
from kg.extract.quantities import find_quantities


def test_monthly_quantity_with_hedge() -> None:
    text = "Die Armee verliert jeden Monat rund 20.000 Soldaten."
    (quantity,) = find_quantities(text, 0, len(text))
    assert (quantity.span.text, quantity.value, quantity.unit, quantity.period) == (
        "rund 20.000 Soldaten", "20000", "Soldaten", "P1M")  # fmt: skip
    assert quantity.approximate


def test_percent_and_million_and_no_bare_article() -> None:
    text = "Bisher sei etwa ein Prozent verloren, eine Million Menschen flohen, ein Mann blieb."
    found = [(q.value, q.unit) for q in find_quantities(text, 0, len(text))]
    assert found == [("1", "Prozent"), ("1000000", "Menschen")]


def test_years_are_not_quantities() -> None:
    text = "Die Abkommen von 2014 und 2015 gelten."
    assert find_quantities(text, 0, len(text)) == []


def test_weekday_resolved_against_article_date() -> None:
    anchor = article_date("2024-03-14")  # a Thursday
    assert resolve_dates("Am Dienstag hatte die Regierung zugestimmt.", anchor) == ("2024-03-12",)
    assert resolve_dates("Die Minister werden sich am Freitag treffen.", anchor) == ("2024-03-15",)
    assert resolve_dates("Das Treffen am 3. Februar", anchor) == ("2024-02-03",)
    assert resolve_dates("Am Dienstag", article_date("2024-03")) == ()


def test_claim_claimant_from_quotation_and_article_voice() -> None:
    text = "Der Minister Paul Morel sagte, die Steuern seien zu hoch. Die Regierung hat am Dienstag 300 Millionen Euro bewilligt."
    extraction = run(text, {"Paul Morel": "PER"})
    by_text = {c.span.text: c for c in extraction.claims}
    reported = by_text["die Steuern seien zu hoch"]
    assert reported.claimant_key == "PER:paul-morel"
    voice = by_text["Die Regierung hat am Dienstag 300 Millionen Euro bewilligt"]
    assert voice.claimant_key is None
    assert voice.dates == ("2024-03-12",)
    assert [(q.value, q.unit) for q in voice.quantities] == [("300000000", "Euro")]
