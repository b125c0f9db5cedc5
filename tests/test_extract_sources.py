# ruff: noqa: E501  (invented German test sentences read best on one line)
"""Described sources, unresolved quotations and the attribution rules of issue 11, on invented
sentences, each with a near miss."""

from __future__ import annotations

from dataclasses import replace

from test_extract_support import COMMON_VERBS, FIN, SUB, make_parsed

from kg.extract import extract
from kg.extract.records import Extraction
from kg.ingest import make_document

PEOPLE = {"Anna Berger": "PER", "Berger": "PER", "SPD": "ORG"}
VERBS = {
    **COMMON_VERBS,
    "nannte": ("nennen", "VVFIN", FIN), "gab": ("geben", "VVFIN", FIN), "soll": ("sollen", "VMFIN", FIN),
    "geflohen": ("fliehen", "VVPP", "VerbForm=Part"), "würden": ("werden", "VAFIN", SUB), "war": ("sein", "VAFIN", FIN),
    "las": ("lesen", "VVFIN", FIN), "habe": ("haben", "VAFIN", SUB), "gemacht": ("machen", "VVPP", "VerbForm=Part"),
    "schwieg": ("schweigen", "VVFIN", FIN), "traf": ("treffen", "VVFIN", FIN), "kam": ("kommen", "VVFIN", FIN),
    "nennt": ("nennen", "VVFIN", FIN), "stieg": ("steigen", "VVFIN", FIN), "heißt": ("heißen", "VVFIN", FIN), "lobte": ("loben", "VVFIN", FIN), "sah": ("sehen", "VVFIN", FIN), "geht": ("gehen", "VVFIN", FIN), "warnte": ("warnen", "VVFIN", FIN), "berichtete": ("berichten", "VVFIN", FIN), "wies": ("weisen", "VVFIN", FIN), "bezeichnet": ("bezeichnen", "VVPP", "VerbForm=Part"), "zeigte": ("zeigen", "VVFIN", FIN), "haben": ("haben", "VAFIN", FIN), "erreicht": ("erreichen", "VVPP", "VerbForm=Part"), "verletzt": ("verletzen", "VVPP", "VerbForm=Part"), "worden": ("werden", "VAPP", ""),
}  # fmt: skip


def run(text: str, identifier: str = "test.txt") -> Extraction:
    document = make_document(text, identifier, date="2024-03-14")
    return extract(document, make_parsed(document, PEOPLE, VERBS))


def run_retagged(text: str, changes: dict[str, dict[str, str]]) -> Extraction:
    """`run`, with some words' tag or morphology set as a tagger might (`{"Times": {"tag": "NE"}}`)."""
    document = make_document(text, "test.txt", date="2024-03-14")
    parsed = make_parsed(document, {}, VERBS)
    tokens = tuple(replace(t, **changes[t.text]) if t.text in changes else t for t in parsed.tokens)
    return extract(document, replace(parsed, tokens=tokens))


def quotes(extraction: Extraction, kind: str) -> list[tuple[str, str | None]]:
    return [(q.span.text, q.speaker_key) for q in extraction.quotations if q.kind == kind]


def source_named(extraction: Extraction, description: str) -> str:
    return next(s.key for s in extraction.sources if s.description == description)


def test_a_described_subject_is_a_source_of_the_article_and_a_later_definite_one_is_the_same() -> None:
    text = "Ein Sprecher des Ministeriums sagte, die Steuern würden steigen. Der Sprecher sagte, die Lage sei ernst."
    extraction = run(text)
    key = source_named(extraction, "Ein Sprecher des Ministeriums")
    assert key.startswith("SRC:") and extraction.document.id in key
    assert quotes(extraction, "indirect") == [
        ("die Steuern würden steigen", key),
        ("die Lage sei ernst", key),
    ]
    (source,) = extraction.sources
    assert (source.label, source.head) == ("PER", "Sprecher")
    spans = [m.span.text for m in extraction.mentions if m.entity_key == key]
    assert spans == ["Ein Sprecher des Ministeriums", "Der Sprecher"]
    # near miss: a description that says nothing is no source
    assert run("Der Bericht des Ministeriums kam spät.").sources == ()


def test_sources_never_merge_across_articles() -> None:
    text = "Ein Sprecher sagte, die Steuern würden steigen."
    first, second = run(text, "a.txt"), run(text + " ", "b.txt")
    assert first.sources[0].key != second.sources[0].key


def test_according_to_a_description_names_a_source() -> None:
    extraction = run("Nach Angaben der Polizei seien drei Menschen verletzt worden.")
    key = source_named(extraction, "der Polizei")
    assert quotes(extraction, "indirect") == [("seien drei Menschen verletzt worden", key)]
    # near miss: "nach" without a noun of information is no source (the Konjunktiv stays unresolved)
    assert quotes(run("Nach dem Treffen seien alle zufrieden."), "indirect") == [
        ("Nach dem Treffen seien alle zufrieden", None)
    ]


def test_a_colon_binds_a_quote_to_the_subject_of_any_verb_before_it() -> None:
    extraction = run("Der Sportler gab sich gelassen: „Ich habe nichts falsch gemacht.“")
    key = source_named(extraction, "Der Sportler")
    assert quotes(extraction, "direct") == [("Ich habe nichts falsch gemacht.", key)]
    # near miss: without the colon the quotation is still published, but unresolved
    unbound = run("Der Sportler war gelassen. „Ich habe nichts falsch gemacht.“")
    assert quotes(unbound, "direct") == [("Ich habe nichts falsch gemacht.", None)]
    assert unbound.quotations[0].confidence <= 0.3


def test_a_title_in_quote_marks_is_not_published_as_an_unresolved_quotation() -> None:
    assert run("Anna Berger las „Die Geschichte der Stadt“ im Zug.").quotations == ()


def test_a_verb_of_naming_makes_a_short_quote_its_subjects_words() -> None:
    extraction = run("Anna Berger nannte den Plan „unverantwortlich“.")
    assert quotes(extraction, "direct") == [("unverantwortlich", "PER:anna-berger")]
    # near miss: the object label before the name is not a quotation, the name is
    named = run("Anna Berger nennt den „Plan“ nur noch „Konzept“.")
    assert quotes(named, "direct") == [("Konzept", "PER:anna-berger")]
    assert run("Die sogenannte „Reform“ kam spät.").quotations == ()


def test_reportive_sollen_continues_the_last_speakers_report() -> None:
    extraction = run("Anna Berger sagte, die Lage sei ernst. Der Täter soll geflohen sein.")
    assert quotes(extraction, "indirect")[-1] == ("Der Täter soll geflohen sein", "PER:anna-berger")
    # near miss: with nobody reporting before, "soll" names no speaker: published unresolved
    assert quotes(run("Der Täter soll geflohen sein."), "indirect") == [
        ("Der Täter soll geflohen sein", None)
    ]
    # … and "soll" with a plain infinitive is a plan, not a report
    assert quotes(run("Anna Berger sagte, die Lage sei ernst. Der Täter soll bald reisen."), "indirect") == [
        ("die Lage sei ernst", "PER:anna-berger")
    ]


def test_the_subject_before_an_apposition_or_parenthesis_speaks() -> None:
    apposition = run("Anna Berger, Präsidentin des Gerichts, sagte, das Urteil sei gerecht.")
    assert quotes(apposition, "indirect") == [("das Urteil sei gerecht", "PER:anna-berger")]
    parenthesis = run("Anna Berger (SPD) sagte, das Urteil sei gerecht.")
    assert quotes(parenthesis, "indirect") == [("das Urteil sei gerecht", "PER:anna-berger")]
    # near miss: the person met before is not the one who speaks after the relative clause
    other = run("Anna Berger traf den Anwalt. Der Anwalt, der lange schwieg, sagte, das Urteil sei falsch.")
    assert quotes(other, "indirect") == [("das Urteil sei falsch", source_named(other, "Der Anwalt"))]


def test_so_names_a_source_only_before_a_noun_phrase() -> None:
    extraction = run("Die Schulen seien geschlossen, so die Polizei.")
    assert quotes(extraction, "indirect") == [
        ("Die Schulen seien geschlossen", source_named(extraction, "die Polizei"))
    ]
    # near miss: ", so dass …" is a clause of consequence, not a source
    assert run("Die Straße war gesperrt, so dass die Schulen geschlossen blieben.").quotations == ()


def test_a_quote_standing_alone_is_the_words_of_the_person_the_sentence_before_is_about() -> None:
    extraction = run("Anna Berger zeigte sich zufrieden. „Wir haben viel erreicht.“")
    assert quotes(extraction, "direct") == [("Wir haben viel erreicht.", "PER:anna-berger")]
    # near miss: a name inside a prepositional phrase is not whom the sentence is about
    governed = run("Der Antrag kam von Anna Berger. „Wir haben viel erreicht.“")
    assert quotes(governed, "direct") == [("Wir haben viel erreicht.", None)]


def test_als_or_a_verb_after_the_quote_makes_it_the_subjects_words_but_not_a_passive() -> None:
    after = run("Von einer „gezielten Täuschung“ sprach Anna Berger.")
    assert quotes(after, "direct") == [("gezielten Täuschung", "PER:anna-berger")]
    als = run("Anna Berger wies das als „Unverschämtheit“ zurück.")
    assert quotes(als, "direct") == [("Unverschämtheit", "PER:anna-berger")]
    # near miss: what others call her is nobody's quotation here
    assert run("Anna Berger, die oft als „Krisenmanagerin“ bezeichnet wird, kam spät.").quotations == ()


def test_a_source_phrase_names_its_own_noun_never_one_past_it() -> None:
    compound = run("Nach Polizeiangaben seien drei Menschen verletzt worden.")
    assert quotes(compound, "indirect") == [
        ("seien drei Menschen verletzt worden", source_named(compound, "Polizeiangaben"))
    ]
    # near miss: "Menschen" after the phrase is what is reported, not who reports it
    assert [s.description for s in compound.sources] == ["Polizeiangaben"]


def test_a_bare_proper_noun_the_model_missed_is_a_name_not_a_description() -> None:
    def tagged(text: str) -> Extraction:
        return run_retagged(text, {word: {"tag": "NE"} for word in ("Bergers", "Times")})

    described = tagged("Die Times berichtete, die Steuern würden steigen.")
    assert [s.description for s in described.sources] == ["Die Times"]
    # near miss: a possessive name ("Bergers Sprecher") does not turn into a described source
    assert "Bergers" not in [
        s.head for s in tagged("Bergers Sprecher sagte, die Steuern würden steigen.").sources
    ]


def test_a_quote_in_another_prepositional_phrase_is_a_label() -> None:
    # near miss of the naming rule: the quote belongs to "über den …", not to the verb
    text = "Anna Berger warnte in der Debatte über den „Plan“ vor Erwartungen."
    assert run(text).quotations == ()
    assert quotes(run("Anna Berger sprach von einer „Zeitungsente“."), "direct") == [
        ("Zeitungsente", "PER:anna-berger")
    ]


def test_after_a_colon_unmarked_speech_is_reported_and_ausgehen_reports() -> None:
    unmarked = run("Ein Sprecher erklärte: Die Lage ist ernst.")
    assert quotes(unmarked, "indirect") == [("Die Lage ist ernst", source_named(unmarked, "Ein Sprecher"))]
    # near miss: with quote marks it is a direct quotation, not a report
    marked = run("Ein Sprecher erklärte: „Die Lage ist ernst.“")
    assert quotes(marked, "indirect") == [] and [q for q, _ in quotes(marked, "direct")] == [
        "Die Lage ist ernst."
    ]
    assumed = run("Anna Berger geht davon aus, dass die Steuern steigen.")
    assert quotes(assumed, "indirect") == [("die Steuern steigen", "PER:anna-berger")]


def test_the_articles_case_decides_whether_a_phrase_can_be_the_subject() -> None:
    def with_cases(text: str, cases: dict[str, str]) -> Extraction:
        return run_retagged(text, {word: {"morph": f"Case={case}"} for word, case in cases.items()})

    # the tagger calls the noun accusative, its article nominative: the article wins
    subject = with_cases("Der Sportler sagte, er sei unschuldig.", {"Der": "Nom", "Sportler": "Acc"})
    assert [s.description for s in subject.sources] == ["Der Sportler"]
    # near miss: an accusative article marks an object, which never speaks
    assert with_cases("Den Sportler lobte, wer ihn sah.", {"Den": "Acc", "Sportler": "Acc"}).sources == ()


def test_es_heisst_gives_the_text_it_is_written_in() -> None:
    report = run("In dem Bericht heißt es, die Lage sei ernst.")
    assert quotes(report, "indirect") == [("die Lage sei ernst", source_named(report, "dem Bericht"))]
    # near miss: "es heißt" alone names nobody
    assert quotes(run("Es heißt, die Lage sei ernst."), "indirect") == [("die Lage sei ernst", None)]


def test_das_heisst_reports_nothing() -> None:
    # near miss of "es heißt": "das heißt" only explains what was said before
    assert run("Die Zahl stieg. Das heißt, dass die Preise steigen.").quotations == ()
