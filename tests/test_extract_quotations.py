# ruff: noqa: E501  (invented German test sentences read best on one line)
"""Direct and indirect quotations on invented German news sentences."""

from __future__ import annotations

import pytest
from test_extract_support import run

PEOPLE = {"Anna Berger": "PER", "Berger": "PER", "Jonas Keller": "PER", "Keller": "PER", "Tagesblatt": "ORG"}


def quotes(extraction, kind="direct"):
    return [(q.span.text, q.speaker_key) for q in extraction.quotations if q.kind == kind]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("„", "“"), ('"', '"'), ("»", "«"), ("«", "»"), ("‚", "‘"), ("„", '"')],
)
def test_every_german_quote_style(opening: str, closing: str) -> None:
    text = f"Die Ministerin Anna Berger warnte am Montag. {opening}Wir brauchen mehr Zeit{closing}, sagte Berger."
    assert quotes(run(text, PEOPLE)) == [("Wir brauchen mehr Zeit", "PER:anna-berger")]


def test_cue_and_lemma_kept_with_separable_particle() -> None:
    text = "Anna Berger ist Ministerin. „Das Geld kommt zu spät“, fügte sie hinzu."
    quotation = run(text, PEOPLE).quotations[0]
    assert quotation.cue is not None and quotation.cue.text == "fügte sie hinzu"
    assert quotation.cue_lemma == "hinzufügen"
    assert quotation.speaker_key == "PER:anna-berger"


def test_quote_spanning_sentences() -> None:
    text = "„Wir sind bereit. Das Geld kommt“, sagte Jonas Keller."
    assert quotes(run(text, PEOPLE)) == [("Wir sind bereit. Das Geld kommt", "PER:jonas-keller")]


def test_colon_before_quote_and_addressee() -> None:
    text = "Anna Berger sagte gegenüber dem Tagesblatt: „Die Lage bleibt schwierig.“"
    quotation = run(text, PEOPLE).quotations[0]
    assert quotation.span.text == "Die Lage bleibt schwierig."
    assert quotation.speaker_key == "PER:anna-berger"
    assert quotation.addressee_key == "ORG:tagesblatt"


def test_scare_quotes_are_not_quotations() -> None:
    text = "Jonas Keller lehnt den „Zukunftspakt“ ab. Der „Rettungsschirm“ und der „Neuanfang“ kamen spät."
    assert quotes(run(text, PEOPLE)) == []


def test_block_quote_with_attribution_line() -> None:
    text = "Die Debatte geht weiter.\n\nWir sind bereit, alle Schulen schneller zu sanieren.\n\nAnna Berger, Bildungsministerin\n"
    assert quotes(run(text, PEOPLE)) == [
        ("Wir sind bereit, alle Schulen schneller zu sanieren.", "PER:anna-berger")
    ]


def test_headline_quote() -> None:
    text = "Keller: „Wir sind bereit“\n\nDer Minister Jonas Keller traf die Bürgermeister."
    assert quotes(run(text, PEOPLE)) == [("Wir sind bereit", "PER:jonas-keller")]


def test_so_x_weiter() -> None:
    text = "Jonas Keller ist Minister. „Der Preis steigt weiter“, so Keller weiter."
    quotation = run(text, PEOPLE).quotations[0]
    assert (quotation.span.text, quotation.speaker_key) == ("Der Preis steigt weiter", "PER:jonas-keller")
    assert quotation.cue is not None and quotation.cue.text == "so Keller weiter"


def test_pronoun_speaker_skips_names_inside_the_quote() -> None:
    text = "Anna Berger traf die Presse. „Jonas Keller ist ein guter Partner“, sagte sie."
    assert quotes(run(text, PEOPLE)) == [("Jonas Keller ist ein guter Partner", "PER:anna-berger")]


def test_nominal_speaker_by_role() -> None:
    text = "Die Ministerin Anna Berger traf Jonas Keller. „Wir sind bereit“, sagte die Ministerin."
    assert quotes(run(text, PEOPLE)) == [("Wir sind bereit", "PER:anna-berger")]


def test_nominal_speaker_by_demonym() -> None:
    text = "US-Präsident Jonas Keller traf die Kanzlerin Anna Berger. „Wir sind bereit“, sagte die Deutsche."
    assert quotes(run(text, PEOPLE))[0][1] == "PER:anna-berger"


def test_laut_and_zufolge() -> None:
    laut = run("Laut Anna Berger sind die Kassen leer.", PEOPLE)
    assert quotes(laut, "indirect") == [("sind die Kassen leer", "PER:anna-berger")]
    zufolge = run("Jonas Keller zufolge ist die Brücke marode.", PEOPLE)
    assert quotes(zufolge, "indirect") == [("ist die Brücke marode", "PER:jonas-keller")]


def test_reported_speech_after_verb_and_konjunktiv_continuation() -> None:
    text = (
        "Anna Berger betonte, die Stadt habe genug Geld. Die Schulen seien in gutem Zustand. "
        "Der Winter war kalt."
    )
    assert quotes(run(text, PEOPLE), "indirect") == [
        ("die Stadt habe genug Geld", "PER:anna-berger"),
        ("Die Schulen seien in gutem Zustand", "PER:anna-berger"),
    ]


def test_reported_clause_before_inverted_verb() -> None:
    text = "Die Lage sei ernst, erklärte Jonas Keller am Abend."
    assert quotes(run(text, PEOPLE), "indirect") == [("Die Lage sei ernst", "PER:jonas-keller")]


def test_dass_clause_and_infinitive() -> None:
    extraction = run(
        "Anna Berger sagt, dass die Preise steigen. Keller kündigte an, die Schule zu schließen.", PEOPLE
    )
    assert quotes(extraction, "indirect") == [
        ("die Preise steigen", "PER:anna-berger"),
        ("die Schule zu schließen", "PER:keller"),
    ]


def test_partial_quote_inside_reported_speech() -> None:
    text = "Jonas Keller betonte, die Regierung werde „alles tun, um zu helfen“."
    extraction = run(text, PEOPLE)
    assert ("alles tun, um zu helfen", "PER:jonas-keller") in quotes(extraction)
