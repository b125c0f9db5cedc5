# ruff: noqa: E501  (invented German test sentences read best on one line)
"""The speaker of indirect speech cued by a verb of saying: the subject of the verb, found by German
word order with the bundled model's tags, on invented sentences, each rule with a near miss."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.records import Extraction
from kg.ingest import make_document


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load_pipeline

    try:
        return load_pipeline()
    except Exception as error:  # pragma: no cover - only without the bundled model
        pytest.skip(f"bundled model not available: {error}")


def run(nlp, text: str) -> Extraction:
    from kg.nlp import parse_documents

    ((document, parsed),) = parse_documents(nlp, [make_document(text, "test.txt")])
    return extract(document, parsed)


def speakers(extraction: Extraction) -> dict[str, str | None]:
    """Indirect quotation text → speaker key."""
    return {q.span.text: q.speaker_key for q in extraction.quotations if q.kind == "indirect"}


def speaker_of(nlp, text: str, content: str) -> str | None:
    found = speakers(run(nlp, text))
    assert content in found, found
    return found[content]


def test_a_country_alone_before_the_finite_verb_speaks(nlp) -> None:
    assert (
        speaker_of(
            nlp,
            "Norwegen lehnte ab und erklärte, man werde dem Vertrag nicht zustimmen.",
            "man werde dem Vertrag nicht zustimmen",
        )
        == "LOC:norwegen"
    )
    assert (
        speaker_of(
            nlp,
            "Die Schweiz hatte ihren Rückzug damit begründet, dass ein dritter Kandidat keine Chance habe.",
            "ein dritter Kandidat keine Chance habe",
        )
        == "LOC:schweiz"
    )
    # near miss: a place inside a prepositional phrase is where it was said, not who said it
    assert (
        speaker_of(
            nlp, "In Lissabon hieß es am Montag, der Vertrag sei gescheitert.", "der Vertrag sei gescheitert"
        )
        is None
    )


def test_a_country_right_after_the_finite_verb_speaks_when_nothing_before_it_can(nlp) -> None:
    assert (
        speaker_of(nlp, "Nun befürchten die USA, dass ein Anschlag drohe.", "ein Anschlag drohe") == "LOC:usa"
    )
    assert (
        speaker_of(
            nlp,
            "Damals hatte Portugal mit der Begründung abgelehnt, eine solche Forderung könne nur das Parlament stellen.",
            "eine solche Forderung könne nur das Parlament stellen",
        )
        == "LOC:portugal"
    )
    # near miss: a country's genitive before a noun names a person, not the state
    assert (
        speaker_of(
            nlp, "Portugals Präsident erklärte, der Vertrag sei gescheitert.", "der Vertrag sei gescheitert"
        )
        != "LOC:portugal"
    )


def described_speaker(extraction: Extraction, content: str) -> str | None:
    """The description of the source that speaks `content`, or None."""
    key = speakers(extraction)[content]
    return next((s.description for s in extraction.sources if s.key == key), None)


def test_an_article_that_reads_the_same_in_the_accusative_does_not_veto_a_subject(nlp) -> None:
    # the tagger calls "die Kläger" and "eine Polizeistreife" accusative; after the finite verb they are the subject
    extraction = run(nlp, "Außerdem bemängeln die Kläger, dass die Regierung den Bundesrat übergangen habe.")
    assert described_speaker(extraction, "die Regierung den Bundesrat übergangen habe") == "die Kläger"
    extraction = run(nlp, "Am Morgen stellte eine Polizeistreife fest, dass ein Fenster zerbrochen war.")
    assert described_speaker(extraction, "ein Fenster zerbrochen war") == "eine Polizeistreife"
    # near miss: "den" is accusative or dative only, never a subject
    assert (
        speaker_of(
            nlp, "Zudem kritisierte den Kläger, dass die Frist abgelaufen sei.", "die Frist abgelaufen sei"
        )
        is None
    )


def mentions_of(extraction: Extraction, key: str) -> list[str]:
    return [m.span.text for m in extraction.mentions if m.entity_key == key]


def test_a_role_description_resolved_to_a_person_is_a_mention_of_that_person(nlp) -> None:
    extraction = run(
        nlp,
        "Der EU-Kommissar Karl Obermann besuchte am Montag Wien. Der Kommissar verweist jedoch darauf, dass die Kommission sich nicht äußern könne.",
    )
    assert speakers(extraction)["die Kommission sich nicht äußern könne"] == "PER:karl-obermann"
    assert mentions_of(extraction, "PER:karl-obermann") == ["Karl Obermann", "Der Kommissar"]
    # near miss: a description that resolves to no one is a described source, no mention of a person
    extraction = run(
        nlp,
        "Karl Obermann besuchte am Montag Wien. Der Kommissar verweist jedoch darauf, dass die Kommission sich nicht äußern könne.",
    )
    assert mentions_of(extraction, "PER:karl-obermann") == ["Karl Obermann"]


def test_a_role_whose_name_follows_only_after_a_verb_is_not_the_descriptions_referent(nlp) -> None:
    # the role reading pairs "Der Sprecher" with the name after "teilte mit": that is what he said, not who he is
    extraction = run(
        nlp,
        "Premierminister Karl Obermann reiste nach Wien. Der Sprecher teilte auch mit, Karl Obermann sei zu einem Treffen bereit.",
    )
    assert described_speaker(extraction, "Karl Obermann sei zu einem Treffen bereit") == "Der Sprecher"
    # near miss: the name in apposition to the description is its referent
    extraction = run(nlp, "Der Leiter des Programms, Karl Obermann, sagte, man sei zu einem Treffen bereit.")
    assert speakers(extraction)["man sei zu einem Treffen bereit"] == "PER:karl-obermann"


def test_a_name_set_off_by_commas_after_the_subjects_noun_phrase_is_the_subject(nlp) -> None:
    text = "Der Vertreter der Arbeitgeber im Aufsichtsrat der Stiftung, Peter Klever, hat in einem Interview mit der Zeitung gefordert, dass der Datenschutz gelockert werde."
    assert speaker_of(nlp, text, "der Datenschutz gelockert werde") == "PER:peter-klever"
    # near miss: a name in apposition inside a prepositional phrase is not the subject
    extraction = run(
        nlp,
        "Bei einem Treffen mit dem Minister, Peter Klever, kritisierte die Sprecherin, dass die Frist zu kurz sei.",
    )
    assert described_speaker(extraction, "die Frist zu kurz sei") == "die Sprecherin"


def test_a_participle_after_the_apposition_completes_the_clause_before_it(nlp) -> None:
    # "hatte … zugesagt": the clause before the comma is the cue's own, the report is the one after it
    text = "Gestern hatte der Investor für den Neubau, Larry Silverberg, zugesagt, nicht weiter über den Turm bestimmen zu wollen."
    assert speakers(run(nlp, text)) == {
        "nicht weiter über den Turm bestimmen zu wollen": "PER:larri-silverberg"
    }
    # near miss: a clause with its own verb before ", hat er gesagt" is the report
    assert "Die Lage sei ernst" in speakers(run(nlp, "Karl Obermann kam. Die Lage sei ernst, hat er gesagt."))


def test_the_vorfeld_noun_phrase_is_the_subject_before_a_name_after_the_verb(nlp) -> None:
    extraction = run(
        nlp, "Kritiker werfen Karl Obermann vor, er habe die Entscheidung nur aus Kalkül getroffen."
    )
    assert described_speaker(extraction, "er habe die Entscheidung nur aus Kalkül getroffen") == "Kritiker"
    extraction = run(
        nlp, "Ein Sprecher des Rates sagte Radio Bremen, man habe erst am Montag davon erfahren."
    )
    assert described_speaker(extraction, "man habe erst am Montag davon erfahren") == "Ein Sprecher des Rates"
    # a title before a name in the Vorfeld: the name
    assert (
        speaker_of(nlp, "Bundespräsident Karl Obermann sagte, die Lage sei ernst.", "die Lage sei ernst")
        == "PER:karl-obermann"
    )
    # near miss: a Vorfeld that names no speaker (an object, "Diese Pläne") leaves the name after the verb the subject
    assert (
        speaker_of(
            nlp,
            "Diese Pläne kritisierte Karl Obermann mit den Worten, sie seien zu teuer.",
            "sie seien zu teuer",
        )
        == "PER:karl-obermann"
    )


def test_the_agent_of_a_passive_verb_of_saying_speaks(nlp) -> None:
    assert (
        speaker_of(
            nlp,
            "Am Dienstag wurde die Regierung von Karl Obermann aufgefordert, dem Sänger die Einreise zu verweigern.",
            "dem Sänger die Einreise zu verweigern",
        )
        == "PER:karl-obermann"
    )
    extraction = run(
        nlp, "Am Dienstag wurde die Regierung von der Polizei aufgefordert, die Straße zu sperren."
    )
    assert described_speaker(extraction, "die Straße zu sperren") == "der Polizei"
    # the agent is the speaker a Konjunktiv sentence after it goes on with
    text = "Die Forderungen Bergers wurden von Bundesminister Karl Obermann als unrealistisch bezeichnet. Heutige Fahrzeuge seien oft gar nicht in der Lage, damit zu fahren."
    assert (
        speaker_of(nlp, text, "Heutige Fahrzeuge seien oft gar nicht in der Lage, damit zu fahren")
        == "PER:karl-obermann"
    )
    # near miss: "von" before what was said is no agent, and a passive without one names no speaker
    assert (
        speaker_of(
            nlp,
            "Am Dienstag wurde von einem Anschlag berichtet, dass zwei Menschen verletzt worden seien.",
            "zwei Menschen verletzt worden seien",
        )
        is None
    )
    assert all(
        key is None
        for key in speakers(run(nlp, "Es wurde mitgeteilt, dass die Straße gesperrt sei.")).values()
    )


def test_a_parenthesis_after_the_subject_does_not_end_its_clause(nlp) -> None:
    # "(BfS)" belongs to the subject's phrase: the Vorfeld is "Das Bundesamt … (BfS)", not the object after the verb
    text = "Das Bundesamt für Strahlenschutz (BfS) bestätigte dem Abgeordneten Karl Obermann auf Anfrage, dass er auf der Liste stehe."
    assert speaker_of(nlp, text, "er auf der Liste stehe") == "ORG:bundesamt-fur-strahlenschutz"
    # near miss: the dative name after the verb stays an object whatever stands before it
    assert (
        speaker_of(
            nlp,
            "Gestern bestätigte dem Abgeordneten Karl Obermann die Polizei, dass er auf der Liste stehe.",
            "er auf der Liste stehe",
        )
        != "PER:karl-obermann"
    )


def test_a_genitive_after_the_subject_after_the_verb_is_not_the_subject(nlp) -> None:
    extraction = run(
        nlp, "Die Lage in der Region sei dramatisch, erklärte ein örtlicher Mitarbeiter der Caritas."
    )
    assert (
        described_speaker(extraction, "Die Lage in der Region sei dramatisch")
        == "ein örtlicher Mitarbeiter der Caritas"
    )
    # near miss: the organisation itself right after the verb speaks
    assert (
        speaker_of(
            nlp,
            "Die Lage in der Region sei dramatisch, erklärte die Caritas.",
            "Die Lage in der Region sei dramatisch",
        )
        == "ORG:caritas"
    )


def test_nothing_in_a_prepositional_vorfeld_is_the_subject(nlp) -> None:
    extraction = run(
        nlp,
        "Um 10:05 Uhr MEZ meldete die Nachrichtenseite Kolibri, der Verein habe den Zusammenhang bestätigt.",
    )
    assert described_speaker(extraction, "der Verein habe den Zusammenhang bestätigt") is not None
    assert speakers(extraction)["der Verein habe den Zusammenhang bestätigt"] != "PER:mez"
    # near miss: the name after the verb of such a clause is its subject
    assert (
        speaker_of(
            nlp,
            "Um 10:05 Uhr meldete Karl Obermann, der Verein habe den Zusammenhang bestätigt.",
            "der Verein habe den Zusammenhang bestätigt",
        )
        == "PER:karl-obermann"
    )


def test_es_heisst_from_a_capital_or_at_an_agency_names_who_said_it(nlp) -> None:
    assert (
        speaker_of(nlp, "Aus Lissabon hieß es, der Vertrag sei gescheitert.", "der Vertrag sei gescheitert")
        == "LOC:lissabon"
    )
    assert (
        speaker_of(
            nlp,
            "Bei der Nachrichtenagentur Reuters hieß es, der Vertrag sei gescheitert.",
            "der Vertrag sei gescheitert",
        )
        == "ORG:reuters"
    )
    # near miss: a place after "in" is where it was said (see the first test of this file, too)
    assert (
        speaker_of(
            nlp, "In Lissabon hieß es am Montag, der Vertrag sei gescheitert.", "der Vertrag sei gescheitert"
        )
        is None
    )


def test_coordinated_subjects_are_spoken_for_by_the_first_conjunct(nlp) -> None:
    assert (
        speaker_of(
            nlp,
            "Karl Obermann und Anna Berger kündigten an, sie würden zurücktreten.",
            "sie würden zurücktreten",
        )
        == "PER:karl-obermann"
    )
    assert (
        speaker_of(
            nlp,
            "Die SPD und die Grünen erklärten, sie würden dem Antrag zustimmen.",
            "sie würden dem Antrag zustimmen",
        )
        == "ORG:spd"
    )
    # near miss: coordinated names after the verb are its objects, not its subject
    extraction = run(nlp, "Die Gewerkschaft warf Karl Obermann und Anna Berger vor, sie hätten gelogen.")
    assert described_speaker(extraction, "sie hätten gelogen") == "Die Gewerkschaft"


def test_a_konjunktiv_ii_sentence_does_not_continue_a_subject_found_in_itself(nlp) -> None:
    # "drohen" is a verb of saying whose subject here is the sentence's own noun: nobody is reported
    text = "Der Junge wurde jetzt angeklagt. Im Falle einer Verurteilung würde ihm eine Jugendstrafe von maximal zehn Jahren drohen."
    assert speakers(run(nlp, text)) == {}
    # near miss: a Konjunktiv II sentence after a report in the sentence before continues it
    text = "Karl Obermann sagte am Montag, die Lage sei ernst. Ohne Hilfe würde die Stadt im Chaos versinken."
    assert speakers(run(nlp, text))["Ohne Hilfe würde die Stadt im Chaos versinken"] == "PER:karl-obermann"


def test_a_fronted_indirect_question_is_no_reported_content(nlp) -> None:
    # "Warum …, begründete X mit dem Hinweis, dass …": the question is what X explained; the dass-clause is what X said
    text = "Warum die Wahl auf dieses Verfahren fiel, begründete das Gericht mit dem Hinweis darauf, dass die Beweislage dort am klarsten sei."
    assert list(speakers(run(nlp, text))) == ["die Beweislage dort am klarsten sei"]
    # near miss: a fronted main clause with its own subordinate clause is the report
    text = "Die Wahl sei auf dieses Verfahren gefallen, weil die Beweislage klar sei, begründete das Gericht."
    assert list(speakers(run(nlp, text))) == [
        "Die Wahl sei auf dieses Verfahren gefallen, weil die Beweislage klar sei"
    ]
