# ruff: noqa: E501  (invented German test sentences read best on one line)
"""Sentences that are not reported speech, though a rule of indirect speech used to take them:
each rule on invented sentences, tagged as the tagger tags them (its mistakes included), with a
near miss the rule must still find."""

from __future__ import annotations

from test_extract_support import COMMON_VERBS, FIN, SUB, make_parsed

from kg.extract import extract
from kg.extract.records import Extraction
from kg.ingest import make_document

PEOPLE = {"Anna Berger": "PER", "Berger": "PER", "Jonas Keller": "PER", "Keller": "PER"}
PAST_SUB = "Mood=Sub|Number=Plur|Person=3|Tense=Past|VerbForm=Fin"
PRES_SUB = "Mood=Sub|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"
VERBS = {
    **COMMON_VERBS,
    # the tagger's Konjunktiv on forms the indicative shares, and on a separable particle
    "gingen": ("gehen", "VVFIN", PAST_SUB), "will": ("wollen", "VMFIN", PRES_SUB), "inne": ("innen", "VVFIN", PRES_SUB),
    "stünden": ("stehen", "VVFIN", "Mood=Sub|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin"),
    "wolle": ("wollen", "VMFIN", PRES_SUB), "hatte": ("haben", "VAFIN", FIN), "plane": ("planen", "VVFIN", PRES_SUB),
    "Sollte": ("sollen", "VMFIN", "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin"), "könnte": ("können", "VMFIN", SUB),
    "Verläuft": ("verlaufen", "VVFIN", FIN), "würde": ("werden", "VAFIN", SUB), "angenommen": ("annehmen", "VVPP", "VerbForm=Part"),
    "werden": ("werden", "VAINF", ""), "gehen": ("gehen", "VVINF", ""), "folgen": ("folgen", "VVINF", ""),
    "aufgefordert": ("auffordern", "VVPP", "VerbForm=Part"), "überarbeiten": ("überarbeiten", "VVINF", ""),
    "klang": ("klingen", "VVFIN", FIN), "erwartet": ("erwarten", "VVFIN", FIN), "war": ("sein", "VAFIN", FIN),
    "nennt": ("nennen", "VVFIN", FIN), "tagte": ("tagen", "VVFIN", FIN), "mitteilte": ("mitteilen", "VVFIN", FIN),
    "kann": ("können", "VMFIN", FIN), "sagen": ("sagen", "VVINF", ""), "auszugehen": ("ausgehen", "VVFIN", ""),
    "sinken": ("sinken", "VVINF", ""), "betonen": ("betonen", "VVINF", ""), "berichtete": ("berichten", "VVFIN", FIN),
    "gab": ("geben", "VVFIN", FIN), "antritt": ("antreten", "VVFIN", FIN), "entscheidet": ("entscheiden", "VVFIN", FIN),
    "entschied": ("entscheiden", "VVFIN", FIN), "angeordnet": ("anordnen", "VVPP", "VerbForm=Part"),
    "geäußert": ("äußern", "VVPP", "VerbForm=Part"), "bekräftigte": ("bekräftigen", "VVFIN", FIN),
    "gelernt": ("lernen", "VVPP", "VerbForm=Part"), "fiel": ("fallen", "VVFIN", FIN),
    "wichtig": ("wichtig", "ADJD", "Degree=Pos"), "Sei": ("sein", "VAFIN", PRES_SUB),
    "bestätigt": ("bestätigen", "VVFIN", FIN), "Damit": ("damit", "PAV", ""), "gesperrt": ("sperren", "VVPP", "VerbForm=Part"),
}  # fmt: skip


def run(text: str) -> Extraction:
    document = make_document(text, "test.txt", date="2024-03-14")
    return extract(document, make_parsed(document, PEOPLE, VERBS))


def indirect(text: str) -> list[tuple[str, str | None]]:
    return [(q.span.text, q.speaker_key) for q in run(text).quotations if q.kind == "indirect"]


REPORT = "Anna Berger sagte, die Lage sei ernst. "
BERGER = ("die Lage sei ernst", "PER:anna-berger")


# Konjunktiv sentences that continue a report (speech/continuation.py)


def test_a_konjunktiv_the_indicative_shares_continues_no_report() -> None:
    """ "gingen" (past) and "will" are tagged Konjunktiv, but only the form could say so."""
    assert indirect(REPORT + "Die Polizisten gingen danach gewaltsam gegen die Menge vor.") == [BERGER]
    assert indirect(REPORT + "Die Firma will im Mai neue Autos verkaufen.") == [BERGER]
    # near miss: forms no indicative shares ("wolle", an umlaut the infinitive lacks) continue it
    assert indirect(REPORT + "Die Firma wolle im Mai neue Autos verkaufen.") == [
        BERGER,
        ("Die Firma wolle im Mai neue Autos verkaufen", "PER:anna-berger"),
    ]
    assert indirect(REPORT + "Nur zwei Ärzte stünden für die Station bereit.") == [
        BERGER,
        ("Nur zwei Ärzte stünden für die Station bereit", "PER:anna-berger"),
    ]


def test_a_particle_after_the_finite_verb_is_no_konjunktiv() -> None:
    """ "inne" of "innehaben", tagged as a Konjunktiv verb at the clause's end."""
    assert indirect(REPORT + "Den Posten hatte sie seit vielen Jahren inne.") == [BERGER]
    # near miss: the Konjunktiv finite verb itself still continues the report
    assert indirect(REPORT + "Den Posten habe sie seit vielen Jahren inne.") == [
        BERGER,
        ("Den Posten habe sie seit vielen Jahren inne", "PER:anna-berger"),
    ]


def test_an_interviews_questions_and_first_person_answers_are_no_report() -> None:
    assert indirect(REPORT + "Sei die Lage damit wirklich so ernst?") == [BERGER]
    assert indirect(REPORT + "Ich habe so viele Sachen gelernt und plane einen Film.") == [BERGER]
    # near miss: the same in the third person, as reported speech writes it
    assert indirect(REPORT + "Sie habe so viele Sachen gelernt und plane einen Film.") == [
        BERGER,
        ("Sie habe so viele Sachen gelernt und plane einen Film", "PER:anna-berger"),
    ]


def test_the_konjunktiv_ii_consequence_of_a_konjunktiv_ii_condition_is_hypothetical() -> None:
    assert indirect(
        REPORT + "Sollte der Antrag angenommen werden, könnte die Seite wieder online gehen."
    ) == [BERGER]
    # near miss: after an indicative condition the Konjunktiv II reports
    assert indirect(REPORT + "Verläuft der Test gut, würde ein Testflug folgen.") == [
        BERGER,
        ("Verläuft der Test gut, würde ein Testflug folgen", "PER:anna-berger"),
    ]


# Verbs of saying that report nothing (speech/clauses.py, speech/indirect.py)


def test_a_state_passive_of_a_verb_of_saying_names_no_speaker() -> None:
    assert indirect("Anna Berger ist nun aufgefordert, den Plan zu überarbeiten.") == []
    # near miss: the perfect with "haben" is her request
    assert indirect("Anna Berger hat den Bund aufgefordert, den Plan zu überarbeiten.") == [
        ("den Plan zu überarbeiten", "PER:anna-berger")
    ]


def test_a_wie_clause_of_comparison_or_naming_attributes_nothing() -> None:
    assert indirect("Das Konzert klang so schön, wie Anna Berger erwartet hatte.") == []
    assert indirect("Der Rat, wie sich die Gruppe selbst nennt, tagte am Montag in der Stadt.") == []
    # near miss: a "wie" clause of saying attributes the clause beside it
    assert indirect("Der Rat tagte am Montag in der Stadt, wie Anna Berger mitteilte.") == [
        ("Der Rat tagte am Montag in der Stadt", "PER:anna-berger")
    ]


def test_the_writers_own_voice_reports_nothing() -> None:
    assert indirect("Alles in allem kann man sagen, dass das Fest ein Erfolg war.") == []
    assert indirect("Niemand erwartet, dass die Preise bald sinken.") == []
    assert indirect("Nach dem Urteil ist davon auszugehen, dass die Preise bald sinken.") == []
    # near misses: a speaker who says it, and an infinitive that is the subject of "wichtig sein"
    assert indirect("Anna Berger erwartet, dass die Preise bald sinken.") == [
        ("die Preise bald sinken", "PER:anna-berger")
    ]
    assert indirect("Anna Berger war es wichtig zu betonen, dass die Preise bald sinken.") == [
        ("die Preise bald sinken", "PER:anna-berger")
    ]


def test_a_verb_of_saying_in_parentheses_says_nothing_outside_them() -> None:
    assert (
        indirect("Bei der Tagung (Anna Berger berichtete) fiel die Entscheidung, dass die Partei antritt.")
        == []
    )
    # near miss: outside parentheses the same verb reports
    assert indirect("Bei der Tagung fiel die Entscheidung, berichtete Anna Berger.") == [
        ("Bei der Tagung fiel die Entscheidung", "PER:anna-berger")
    ]


def test_a_verb_of_deciding_with_an_open_question_reports_nothing() -> None:
    assert indirect("Jonas Keller entscheidet, ob Haft angeordnet wird.") == []
    # near miss: what was decided is reported
    assert indirect("Jonas Keller entschied, dass Haft angeordnet wird.") == [
        ("Haft angeordnet wird", "PER:jonas-keller")
    ]


def test_past_a_colon_a_named_subjects_own_report_is_narration() -> None:
    assert (
        indirect(
            "Anna Berger hat sich zu den Plänen geäußert: Jonas Keller bekräftigte das Engagement der Kommission."
        )
        == []
    )
    # near miss: a plain clause after the colon is what she said
    assert indirect(
        "Anna Berger hat sich zu den Plänen geäußert: Die Kommission bleibt bei ihrem Engagement."
    ) == [("Die Kommission bleibt bei ihrem Engagement", "PER:anna-berger")]


# What may be a described source (sources.py, lexicon.mute_noun)


def test_a_noun_of_an_event_or_state_is_no_described_source_and_no_speaker() -> None:
    extraction = run("Damit bestätigt sich die Befürchtung, dass die Preise bald sinken.")
    assert [q.span.text for q in extraction.quotations if q.kind == "indirect"] == []
    assert extraction.sources == ()
    # near miss: a document speaks, and its key is a described source of the article
    extraction = run("Damit bestätigt der Bericht, dass die Preise bald sinken.")
    assert [(q.span.text, q.speaker_key) for q in extraction.quotations] == [
        ("die Preise bald sinken", extraction.sources[0].key)
    ]
    assert extraction.sources[0].head == "Bericht"


def test_an_event_noun_after_a_source_preposition_names_no_source() -> None:
    extraction = run("Laut einer Speicherung der Daten war der Zugang gesperrt.")
    assert (extraction.quotations, extraction.sources) == ((), ())
    # near miss: a newspaper informs ("laut einer Tageszeitung"), an -ung noun of a medium
    extraction = run("Laut einer Tageszeitung war der Zugang gesperrt.")
    assert [s.head for s in extraction.sources] == ["Tageszeitung"]
    assert [(q.span.text, q.speaker_key) for q in extraction.quotations] == [
        ("war der Zugang gesperrt", extraction.sources[0].key)
    ]


def test_mute_nouns_are_ung_nouns_of_events_and_states_only() -> None:
    from kg.extract.lexicon import mute_noun

    assert [w for w in ("Befürchtung", "Sicherheitsvorkehrungen", "Speicherung") if mute_noun(w)] == [
        "Befürchtung", "Sicherheitsvorkehrungen", "Speicherung",
    ]  # fmt: skip
    # near misses: bodies, media, documents, rules and acts of speech inform; so do other nouns
    speaking = (
        "Bundesregierungen",
        "Tageszeitung",
        "Presseerklärung",
        "Untersuchung",
        "Forderung",
        "Aussendung",
        "Hagelversicherung",
        "Zungen",
        "Polizei",
        "Wetterdienst",
    )
    assert [w for w in speaking if mute_noun(w)] == []
