# ruff: noqa: E501  (invented German test sentences read best on one line)
"""Direct quotations: a few words quoted by a verb of naming or judging (kg/extract/data/
naming_verbs.txt), the cue of a quotation and its speaker — on invented sentences, each rule
with a near miss it must not fire on."""

from __future__ import annotations

from dataclasses import replace

from test_extract_support import COMMON_VERBS, FIN, make_parsed

from kg.extract import extract
from kg.extract.records import Extraction
from kg.ingest import make_document

PEOPLE = {
    "Anna Berger": "PER",
    "Berger": "PER",
    "Paul Schmidt": "PER",
    "Theo Lindner": "PER",
    "Kessler": "PER",
    "Deutschen Nordbunds": "ORG",
    "Deutsche Nordbund": "ORG",
}
PART = "VerbForm=Part"
VERBS = {
    **COMMON_VERBS,
    "würdigte": ("würdigen", "VVFIN", FIN), "gilt": ("gelten", "VVFIN", FIN), "wies": ("weisen", "VVFIN", FIN),
    "hatte": ("haben", "VAFIN", FIN), "zurückgewiesen": ("zurückweisen", "VVPP", PART), "wurde": ("werden", "VAFIN", FIN),
    "bezeichnet": ("bezeichnen", "VVPP", PART), "warf": ("werfen", "VVFIN", FIN), "lobte": ("loben", "VVFIN", FIN),
    "äußerten": ("äußern", "VVFIN", FIN), "warfen": ("werfen", "VVFIN", FIN), "bewertet": ("bewerten", "VVFIN", FIN),
    "bezeichnete": ("bezeichnen", "VVFIN", FIN), "begrüßte": ("begrüßen", "VVFIN", FIN), "hält": ("halten", "VVFIN", FIN),
    "nannte": ("nennen", "VVFIN", FIN), "bekräftigte": ("bekräftigen", "VVFIN", FIN), "haben": ("haben", "VAFIN", FIN),
    "ausgesagt": ("aussagen", "VVPP", PART), "angekündigt": ("ankündigen", "VVPP", PART), "brennt": ("brennen", "VVFIN", FIN),
    "erklärt": ("erklären", "VVPP", PART), "schaffen": ("schaffen", "VVFIN", FIN), "hinreißen": ("hinreißen", "VVINF", ""), "kritisierte": ("kritisieren", "VVFIN", FIN), "entscheiden": ("entscheiden", "VVFIN", FIN), "betont": ("betonen", "VVPP", PART), "lassen": ("lassen", "VVINF", ""), "feierte": ("feiern", "VVFIN", FIN),
}  # fmt: skip
NOUNS = ("Bankhaus", "Bankier", "Sprecher", "Band", "Vertreter", "Regierung", "Plan", "Vorfall", "Beschluss", "Forscher", "Kritik", "Bericht", "Weg")  # fmt: skip


def run(text: str, tags: dict[str, str] | None = None) -> Extraction:
    """Extract with the verbs above, the nouns tagged NN and `tags` (word → STTS tag) as a tagger would."""
    document = make_document(text, "test.txt", date="2024-03-14")
    parsed = make_parsed(document, PEOPLE, VERBS)
    tags = {**{noun: "NN" for noun in NOUNS}, **(tags or {})}
    tokens = tuple(replace(t, tag=tags[t.text]) if t.text in tags else t for t in parsed.tokens)
    return extract(document, replace(parsed, tokens=tokens))


def direct(extraction: Extraction) -> list[tuple[str, str | None]]:
    return [(q.span.text, q.speaker_key) for q in extraction.quotations if q.kind == "direct"]


def source_named(extraction: Extraction, description: str) -> str:
    return next(s.key for s in extraction.sources if s.description == description)


# --- verbs of naming and judging ---


def test_the_als_predicative_of_a_verb_of_judging_is_its_subjects_words() -> None:
    assert direct(run("Anna Berger würdigte den Forscher als „großen Erklärer“.")) == [
        ("großen Erklärer", "PER:anna-berger")
    ]
    assert direct(run("Anna Berger feierte die Absage als „großen Erfolg für die ganze Stadt“.")) == [
        ("großen Erfolg für die ganze Stadt", "PER:anna-berger")
    ]
    # near miss: "gilt als" has no one who judges: a label
    assert run("Der Forscher gilt als „großer Erklärer“.").quotations == ()


def test_a_separable_verb_of_judging_needs_its_particle() -> None:
    text = "Anna Berger wies die Kritik am Montag in einem Brief an den Verein als „haltlos“ zurück."
    extraction = run(text)
    assert direct(extraction) == [("haltlos", "PER:anna-berger")]
    assert [q.cue_lemma for q in extraction.quotations] == ["zurückweisen"]
    # near miss: "weisen" without "zurück" judges nothing
    assert run("Anna Berger wies den Weg als „Lotsin“.").quotations == ()


def test_a_participle_after_the_quote_has_its_subject_at_the_finite_auxiliary() -> None:
    text = "Anna Berger hatte den Bericht umgehend als „falsch“ zurückgewiesen."
    assert direct(run(text)) == [("falsch", "PER:anna-berger")]
    # near miss: a passive without an agent names no one
    assert run("Der Bericht wurde umgehend als „falsch“ zurückgewiesen.").quotations == ()


def test_a_passive_gives_the_words_to_its_von_agent() -> None:
    text = "Der Plan wird von Anna Berger als „Wunschdenken“ bezeichnet."
    assert direct(run(text)) == [("Wunschdenken", "PER:anna-berger")]
    # near miss: without "von", what the plan is called is nobody's quotation
    assert run("Der Plan wird oft als „Wunschdenken“ bezeichnet.").quotations == ()


def test_a_second_object_right_after_a_noun_is_the_subjects_words_only_for_verbs_that_take_one() -> None:
    assert direct(run("Anna Berger warf der Regierung „Wortbruch“ vor.")) == [
        ("Wortbruch", "PER:anna-berger")
    ]
    assert direct(
        run(
            "Anna Berger warf der Regierung unter anderem „Wortbruch“ vor.",
            {"unter": "APPR", "anderem": "PIS"},
        )
    ) == [("Wortbruch", "PER:anna-berger")]
    # near miss: "die Band „…“" is the band's name (a close apposition), not what Berger said of it
    assert run("Anna Berger lobte die Band „Nachtfalter“.").quotations == ()


def test_a_verb_left_out_after_und_shares_the_subject_of_the_clause_before() -> None:
    text = "Die Datenschützer äußerten Bedenken und warfen der Regierung „Wortbruch“ vor."
    extraction = run(text, {"Datenschützer": "NN", "Bedenken": "NN"})
    assert direct(extraction) == [("Wortbruch", source_named(extraction, "Die Datenschützer"))]
    # near miss: a subject of its own after "und" speaks itself
    own = run("Die Datenschützer äußerten Bedenken und Anna Berger warf der Regierung „Wortbruch“ vor.")
    assert direct(own) == [("Wortbruch", "PER:anna-berger")]


def test_the_nearest_verb_governs_the_quote() -> None:
    assert direct(run("Anna Berger bewertet den Vorfall als „Panne“.")) == [("Panne", "PER:anna-berger")]
    # near miss: "gilt", nearer to the quote than "bewertet", names nothing
    assert run("Anna Berger bewertet den Vorfall und gilt selbst als „Expertin“.").quotations == ()


def test_a_quote_in_a_genitive_after_a_noun_is_a_name_not_words() -> None:
    extraction = run(
        "Ein Vertreter der „Nordwind AG“ bezeichnete den Plan als „strategisch“.", {"der": "ART"}
    )
    assert [text for text, _ in direct(extraction)] == ["strategisch"]
    # near miss of the bare-object frame: the firm's name in a genitive is not what was criticised
    assert (
        run(
            "Ein Vertreter der „Nordwind AG“ kritisierte den Plan.", {"der": "ART", "kritisierte": "VVFIN"}
        ).quotations
        == ()
    )


def test_an_utterance_no_cue_claimed_is_the_words_of_the_verb_it_is_the_als_predicative_of() -> None:
    text = "Anna Berger begrüßte den Beschluss als „einen wichtigen Schritt für die Schulen, die lange gewartet haben“."
    assert direct(run(text)) == [
        ("einen wichtigen Schritt für die Schulen, die lange gewartet haben", "PER:anna-berger")
    ]
    # near miss: "hält … für" takes "für", not "als"
    assert direct(run("Anna Berger hält den Plan für „falsch“.")) == [("falsch", "PER:anna-berger")]
    assert run("Anna Berger hält den Plan als „Joker“ bereit.").quotations == ()


# --- the cue and the speaker of a quotation ---


def test_a_cue_before_the_quote_wins_over_a_verb_in_the_next_sentence() -> None:
    text = "Die Polizei bekräftigte auch, „die Lage ist ruhig.“ Anwohner haben dagegen ausgesagt, dass es brennt."
    extraction = run(text, {"Polizei": "NN", "Anwohner": "NN"})
    assert direct(extraction) == [("die Lage ist ruhig.", source_named(extraction, "Die Polizei"))]
    # near miss: the head of the next sentence still gives a quotation that ends its own its cue
    assert direct(run("„Die Lage ist ruhig.“ Das sagte Anna Berger.")) == [
        ("Die Lage ist ruhig.", "PER:anna-berger")
    ]


def test_a_sentence_with_its_own_quotation_keeps_its_cue() -> None:
    extraction = run("„Wir sind jetzt alle bereit.“ Danach sagte Anna Berger: „Wir sind jetzt alle weg.“")
    assert direct(extraction) == [
        ("Wir sind jetzt alle bereit.", None),
        ("Wir sind jetzt alle weg.", "PER:anna-berger"),
    ]


def test_a_verb_inside_another_quotation_is_no_cue() -> None:
    extraction = run(
        "Anna Berger hat im Mai erklärt: „Ich sagte damals nichts.“ und „Wir schaffen das schon.“"
    )
    cues = [q.cue.text if q.cue else None for q in extraction.quotations if q.kind == "direct"]
    assert cues == ["erklärt", "erklärt"]
    assert [speaker for _, speaker in direct(extraction)] == ["PER:anna-berger", "PER:anna-berger"]


def test_a_colon_clause_with_a_compound_verb_reads_its_subject_at_the_auxiliary() -> None:
    text = "Im Landtag hatte sich Anna Berger während der Rede von Paul Schmidt zu dem Zwischenruf hinreißen lassen: „Das ist falsch.“"
    assert direct(run(text, {"Im": "APPRART"})) == [("Das ist falsch.", "PER:anna-berger")]


def test_a_name_and_its_apposition_before_the_verb_are_the_subject() -> None:
    role_first = run("Der Präsident des Vereins, Anna Berger, lobte Paul Schmidt als „großen Trainer“.")
    assert direct(role_first) == [("großen Trainer", "PER:anna-berger")]
    name_first = run(
        "Anna Berger, Präsidentin des Vereins nannte die Bewerbung von Paul Schmidt „respektabel“.",
        {"Paul": "NE", "Schmidt": "NE"},
    )
    assert direct(name_first) == [("respektabel", "PER:anna-berger")]
    # near miss: a name in a prepositional phrase before the verb is no subject
    governed = run(
        "Nach dem Treffen mit Paul Schmidt, dem Trainer, sagte Anna Berger: „Wir sind bereit.“",
        {"Nach": "APPR"},
    )
    assert direct(governed) == [("Wir sind bereit.", "PER:anna-berger")]


def test_a_genitive_after_the_verb_is_no_inverted_subject() -> None:
    extraction = run(
        "„Wir sind jetzt alle bereit“, sagte ein Mitglied des Deutschen Nordbunds.", {"Mitglied": "NN"}
    )
    assert direct(extraction) == [
        ("Wir sind jetzt alle bereit", source_named(extraction, "ein Mitglied des Deutschen Nordbunds"))
    ]
    # near miss: the organisation itself as the subject speaks
    assert direct(run("„Wir sind jetzt alle bereit“, sagte der Deutsche Nordbund.")) == [
        ("Wir sind jetzt alle bereit", "ORG:deutsche-nordbund")
    ]


def test_a_name_after_a_noun_in_a_prepositional_phrase_is_no_subject() -> None:
    extraction = run(
        "Theo Lindner vom Bankhaus Kessler sagte: „Wir sind jetzt alle bereit.“", {"vom": "APPRART"}
    )
    assert direct(extraction) == [("Wir sind jetzt alle bereit.", "PER:theo-lindner")]
    # near miss: a name after a noun outside a prepositional phrase is the subject
    assert direct(run("Der Bankier Kessler sagte: „Wir sind jetzt alle bereit.“")) == [
        ("Wir sind jetzt alle bereit.", "PER:kessler")
    ]


def test_the_subject_of_a_participle_stands_by_the_finite_verb_however_far() -> None:
    text = "Anna Berger hatte besonders die Rolle der Fraktionen und der Parteien im Bund betont: „Wir entscheiden das gemeinsam.“"
    assert direct(run(text)) == [("Wir entscheiden das gemeinsam.", "PER:anna-berger")]
    # near miss: a name in a prepositional phrase before the finite verb is not its subject
    governed = "Nach dem Treffen mit Paul Schmidt hatte Anna Berger die Rolle der Fraktionen im Bund betont: „Wir entscheiden das gemeinsam.“"
    assert direct(run(governed, {"Nach": "APPR"})) == [("Wir entscheiden das gemeinsam.", "PER:anna-berger")]


def test_a_quotation_in_parentheses_after_a_name_is_that_persons() -> None:
    text = "Viele gratulierten, darunter der Leiter der Behörde, Anna Berger („Niemand hat das mehr verdient als er.“), und andere."
    assert direct(run(text, {"hat": "VAFIN"})) == [
        ("Niemand hat das mehr verdient als er.", "PER:anna-berger")
    ]
    # near miss: a quotation in parentheses after a common noun names no one
    other = "Die Zeitung druckte am Montag einen Brief („Niemand hat das mehr verdient als er.“) ab."
    assert direct(run(other, {"hat": "VAFIN"})) == [("Niemand hat das mehr verdient als er.", None)]


def test_a_nominative_phrase_before_the_verb_is_the_subject_not_a_pronoun_after_it() -> None:
    text = "Anna Berger legte eine Studie vor. Der Sprecher des Vereins nannte sie „fahrlässig“."
    extraction = run(text, {"Der": "ART", "Studie": "NN", "sie": "PPER"})
    assert direct(extraction) == [("fahrlässig", source_named(extraction, "Der Sprecher des Vereins"))]
    # near miss: with a nominative phrase after the verb, the first phrase is the object
    other = run("Die Studie nannte der Sprecher des Vereins „fahrlässig“.", {"Die": "ART", "Studie": "NN"})
    assert direct(other) == [("fahrlässig", source_named(other, "der Sprecher des Vereins"))]


def test_a_name_in_quote_marks_stays_a_label_even_beside_a_verb_of_naming() -> None:
    assert direct(run("Anna Berger nannte den Plan eine „Zeitungsente“.")) == [
        ("Zeitungsente", "PER:anna-berger")
    ]
    # near misses: what something calls itself, a name inside a prepositional phrase, a list of examples
    assert (
        run("Die Ausstellung nennt sich „Blaue Stunde“.", {"sich": "PRF", "Ausstellung": "NN"}).quotations
        == ()
    )
    assert (
        run(
            "Anna Berger nannte in einem Gespräch mit dem Sender „Nordfunk“ drei Gründe.",
            {"Gespräch": "NN", "Sender": "NN", "mit": "APPR"},
        ).quotations
        == ()
    )
    assert run("Als Beispiele nennt Anna Berger „Nordlicht“ und „Südwind“.").quotations == ()


def test_an_exclamation_is_an_utterance_whatever_the_tagger_makes_of_its_verb() -> None:
    extraction = run(
        "Der Mann biss den Helfer und rief: „Lasst mich raus!“",
        {"Lasst": "NN", "Mann": "NN", "rief": "VVFIN"},
    )
    assert direct(extraction) == [("Lasst mich raus!", source_named(extraction, "Der Mann"))]
    # near miss: one exclaimed word on a sign is a label
    assert run("Das Plakat trug die Aufschrift „Freiheit!“", {"trug": "VVFIN"}).quotations == ()
