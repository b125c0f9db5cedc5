# ruff: noqa: E501  (invented German test sentences read best on one line)
"""Indirect speech cued by a source phrase ("laut X", "X zufolge", "gemäß X", "nach Angaben von
X", ", so X"), on invented sentences read by the bundled model, each rule with a near miss."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.evaluation import score_gold
from kg.extract import extract
from kg.extract.records import Extraction
from kg.ingest import make_document

MODEL = Path(__file__).resolve().parents[1] / "kg" / "nlp" / "models" / "de_kg_news"


@pytest.fixture(scope="module")
def nlp():
    if not MODEL.is_dir():
        pytest.skip("bundled model de_kg_news is not available")
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def read(nlp):
    from kg.nlp import parse_documents

    def run(text: str) -> Extraction:
        document = make_document(text, "test.txt", date="2024-03-14")
        ((document, parsed),) = parse_documents(nlp, [document])
        return extract(document, parsed)

    return run


def reported(extraction: Extraction) -> list[tuple[str, str | None, str | None]]:
    """(content, speaker key, cue) of each indirect quotation."""
    return [
        (q.span.text, q.speaker_key, q.cue.text if q.cue else None)
        for q in extraction.quotations
        if q.kind == "indirect"
    ]


def mention_of(extraction: Extraction, key: str | None) -> list[str]:
    return [m.span.text for m in extraction.mentions if m.entity_key == key]


def test_an_entity_of_any_label_after_laut_is_the_source(read) -> None:
    # the model labels this outlet a place: after "laut" it is still the source
    outlet = read("Laut der Lübecker Abendpost werden neue Regeln eingeführt.")
    assert reported(outlet) == [
        ("werden neue Regeln eingeführt", "LOC:abendpost", "Laut der Lübecker Abendpost")
    ]
    country = read("Laut Russland wurden zwei Drohnen abgeschossen.")
    assert reported(country) == [("wurden zwei Drohnen abgeschossen", "LOC:russland", "Laut Russland")]
    # near miss: "laut" as the adjective opens no source phrase
    assert reported(read("Er sprach laut über die Lübecker Abendpost.")) == []


def test_a_definite_description_is_a_described_source(read) -> None:
    extraction = read("Der Feuerwehr zufolge wurden drei Menschen verletzt.")
    ((content, key, cue),) = reported(extraction)
    assert (content, cue) == ("wurden drei Menschen verletzt", "Der Feuerwehr zufolge")
    assert key is not None and key.startswith("SRC:") and mention_of(extraction, key) == ["Der Feuerwehr"]
    # near miss: the same dative without "zufolge" reports nothing
    assert reported(read("Der Feuerwehr wurden drei Fahrzeuge übergeben.")) == []


def test_a_role_resolves_to_its_holder_and_an_indefinite_one_is_someone_new(read) -> None:
    earlier = "Der Minister Tom Kranz besuchte Bonn. "
    definite = read(earlier + "Laut dem Minister sind die Kassen leer.")
    assert reported(definite) == [("sind die Kassen leer", "PER:tom-kranz", "Laut dem Minister")]
    # near miss: "einem Minister" is not the minister named before, but a source of its own
    ((_, key, _),) = reported(read(earlier + "Laut einem Minister sind die Kassen leer."))
    assert key is not None and key.startswith("SRC:") and key.endswith("/minister")


def test_a_person_noun_is_the_source_unless_a_name_follows_it(read) -> None:
    # the spokesman speaks, not the firm he speaks for; the prefield runs to the finite verb,
    # so the name the model missed ("Kastell") is no part of the content
    ((content, key, cue),) = reported(read("Laut einem Sprecher der Firma Kastell ruht die Baustelle."))
    assert (content, cue) == ("ruht die Baustelle", "Laut einem Sprecher der Firma Kastell")
    assert key is not None and key.endswith("/sprecher-der-firma")
    # near miss: a name after the person noun is the person
    named = read("Nach Angaben der Sprecherin Jana Wolter ist das Werk geschlossen.")
    assert reported(named) == [
        ("ist das Werk geschlossen", "PER:jana-wolter", "Nach Angaben der Sprecherin Jana Wolter")
    ]


def test_a_name_the_model_missed_stays_in_the_source_mention(read) -> None:
    broadcaster = read("Dem Sender al-Baschira zufolge wird das Schiff in den Hafen gefahren.")
    ((content, key, _),) = reported(broadcaster)
    assert content == "wird das Schiff in den Hafen gefahren"
    assert mention_of(broadcaster, key) == ["Dem Sender al-Baschira"]
    magazine = read("Nach Angaben des Magazins „Nordlicht“ sei die Befürchtung aufgekommen.")
    ((content, key, cue),) = reported(magazine)
    assert (content, cue) == ("sei die Befürchtung aufgekommen", "Nach Angaben des Magazins „Nordlicht“")
    assert mention_of(magazine, key) == ["des Magazins „Nordlicht“"]
    # near miss: without the name the mention is the noun phrase alone
    bare = read("Dem Sender zufolge wird das Schiff in den Hafen gefahren.")
    ((_, key, _),) = reported(bare)
    assert mention_of(bare, key) == ["Dem Sender"]


def test_a_name_after_the_source_phrase_does_not_speak(read) -> None:
    witnesses = read("Nach Angaben von Augenzeugen wurde Anton Kellermann festgenommen.")
    ((content, key, cue),) = reported(witnesses)
    assert (content, cue) == ("wurde Anton Kellermann festgenommen", "Nach Angaben von Augenzeugen")
    assert key is not None and key.endswith("/augenzeugen")
    # near miss: inside the phrase the name is the source
    named = read("Nach Angaben von Anton Kellermann wurde der Mann festgenommen.")
    assert reported(named) == [
        ("wurde der Mann festgenommen", "PER:anton-kellermann", "Nach Angaben von Anton Kellermann")
    ]


def test_content_leaves_out_a_leading_phrase_and_keeps_one_in_the_middle(read) -> None:
    # "zufolge" closes a phrase with its genitive attribute: its noun is the source
    leading = read("Ermittlungen der Polizei zufolge wollte sich die Frau von ihm trennen.")
    ((content, key, cue),) = reported(leading)
    assert (content, cue) == ("wollte sich die Frau von ihm trennen", "Ermittlungen der Polizei zufolge")
    assert mention_of(leading, key) == ["der Polizei"]
    # near miss: in the middle of its clause the phrase stays inside the content
    ((middle, _, _),) = reported(
        read("Die Zahl der Verletzten stieg den Ermittlungen der Polizei zufolge auf 40.")
    )
    assert middle == "Die Zahl der Verletzten stieg den Ermittlungen der Polizei zufolge auf 40"


def test_a_name_joined_to_a_noun_of_information_by_a_hyphen_is_the_source(read) -> None:
    extraction = read("Dies geht laut einem Kranich-Bericht aus einem Telefonat hervor.")
    assert reported(extraction) == [
        (
            "Dies geht laut einem Kranich-Bericht aus einem Telefonat hervor",
            "ORG:kranich",
            "laut einem Kranich-Bericht",
        )
    ]
    assert mention_of(extraction, "ORG:kranich") == ["Kranich-Bericht"]
    # near miss: a closed compound of two common nouns is a described source
    ((_, key, _),) = reported(read("Dies geht laut einem Polizeibericht aus einem Telefonat hervor."))
    assert key is not None and key.startswith("SRC:") and key.endswith("/polizeibericht")


def test_an_alternative_figure_after_a_comma_is_no_report(read) -> None:
    assert reported(read("Die Reichweite beträgt 100, nach anderen Angaben 110 Kilometer.")) == []
    # near miss: the same phrase inside the clause attributes the clause
    ((content, _, cue),) = reported(read("Die Reichweite beträgt nach anderen Angaben 110 Kilometer."))
    assert (content, cue) == (
        "Die Reichweite beträgt nach anderen Angaben 110 Kilometer",
        "nach anderen Angaben",
    )


def test_a_word_of_time_belongs_to_the_phrase_but_is_no_source(read) -> None:
    first = read("Ersten Angaben vom Dienstag zufolge gehörte das Flugzeug dem Institut.")
    ((content, key, cue),) = reported(first)
    assert (content, cue) == ("gehörte das Flugzeug dem Institut", "Ersten Angaben vom Dienstag zufolge")
    assert mention_of(first, key) == ["Ersten Angaben"]
    police = read("Die Zahl der Verletzten stieg nach Angaben der Polizei vom Dienstag auf 40.")
    ((_, key, _),) = reported(police)
    assert mention_of(police, key) == ["der Polizei"]
    # near misses: time and consequence open no source phrase
    assert reported(read("Nach dem Spiel feierten die Fans bis in die Nacht.")) == []
    assert reported(read("Es regnete stark, so dass die Straße überflutet war.")) == []


def test_a_possessive_before_a_noun_of_information_is_the_person_spoken_of(read) -> None:
    extraction = read(
        "Die Ministerin Jana Wolter besuchte Kiel. Nach ihrer Auffassung sind die Deiche zu niedrig."
    )
    assert reported(extraction) == [
        ("sind die Deiche zu niedrig", "PER:jana-wolter", "Nach ihrer Auffassung")
    ]
    assert extraction.sources == ()
    # near miss: a genitive owner is a described source
    ((_, key, _),) = reported(read("Nach Auffassung der Behörde sind die Deiche zu niedrig."))
    assert key is not None and key.endswith("/behorde")


def test_a_relative_clause_on_the_source_belongs_to_the_prefield(read) -> None:
    text = "Nach der Einschätzung eines Experten, der vom Sender befragt wurde, würde dies für einen Anschlag sprechen."
    ((content, key, _),) = reported(read(text))
    assert (
        content == "würde dies für einen Anschlag sprechen" and key is not None and key.endswith("/experten")
    )
    # near miss: "nach dem Schaden" is time; the relative clause's own phrase reports the sentence
    text = "Nach dem Schaden, der nach inoffiziellen Angaben sehr hoch war, musste die Werft schließen."
    ((_, key, cue),) = reported(read(text))
    assert cue == "nach inoffiziellen Angaben" and key is not None and key.endswith("/inoffiziellen-angaben")


def test_the_scorer_credits_a_speaker_named_only_inside_a_compound(read, tmp_path: Path) -> None:
    text = "Dies geht laut einem Kranich-Bericht aus einem Telefonat hervor."
    extraction = read(text)
    start = text.index("Kranich-Bericht")
    gold = {
        "documents": [
            {
                "file": "test.txt",
                "entities": [{"id": "kranich", "name": "Kranich (Verlag)", "type": "ORG", "mentions": []}],
                "derived_mentions": [
                    {"text": "Kranich-Bericht", "start": start, "end": start + 15, "entity": "kranich"}
                ],
                "quotations": [{"kind": "indirect", "start": 0, "end": len(text) - 1, "speaker": "kranich"}],
                "claims": [],
            }
        ]
    }
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    assert score_gold([extraction], path).total["quotations indirect"].speaker_correct == 1
    # near miss: without the derived mention nothing in the gold names the speaker
    del gold["documents"][0]["derived_mentions"]
    path.write_text(json.dumps(gold), encoding="utf-8")
    assert score_gold([extraction], path).total["quotations indirect"].speaker_correct == 0
