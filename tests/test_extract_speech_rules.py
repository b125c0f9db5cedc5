# ruff: noqa: E501  (invented German test sentences read best on one line)
"""Speaker, cue and clause rules on invented German sentences, each with a near miss."""

from __future__ import annotations

from dataclasses import replace

from test_extract_support import COMMON_VERBS, FIN, SUB, make_parsed

from kg.extract import extract
from kg.extract.records import Extraction
from kg.ingest import make_document
from kg.nlp.parsed import ParsedDoc

PEOPLE = {"Anna Berger": "PER", "Berger": "PER", "Jonas Keller": "PER", "Keller": "PER", "Berlin": "LOC"}
VERBS = {
    **COMMON_VERBS,
    "teilte": ("teilen", "VVFIN", FIN), "ließ": ("lassen", "VVFIN", FIN), "erklären": ("erklären", "VVINF", ""),
    "wirkte": ("wirken", "VVFIN", FIN), "blieb": ("bleiben", "VVFIN", FIN), "könnte": ("können", "VMFIN", SUB),
    "Kritisiert": ("kritisieren", "VVPP", "VerbForm=Part"), "wurde": ("werden", "VAFIN", FIN),
    "erfordere": ("erfordern", "VVFIN", ""), "erfordert": ("erfordern", "VVFIN", ""), "fragte": ("fragen", "VVFIN", FIN),
    "zahle": ("zahlen", "VVFIN", SUB), "prüfen": ("prüfen", "VVFIN", FIN), "gibt": ("geben", "VVFIN", FIN),
    "kritisierte": ("kritisieren", "VVFIN", FIN), "gehandelt": ("handeln", "VVPP", ""), "helfen": ("helfen", "VVINF", ""),
    "saniert": ("sanieren", "VVPP", ""), "stand": ("stehen", "VVFIN", FIN), "plant": ("planen", "VVFIN", FIN),
    "zahlt": ("zahlen", "VVFIN", FIN), "sanieren": ("sanieren", "VVINF", ""), "kam": ("kommen", "VVFIN", FIN),
    "begründet": ("begründen", "VVFIN", FIN), "dürfte": ("dürfen", "VMFIN", SUB), "werden": ("werden", "VAINF", ""),
    "warteten": ("warten", "VVFIN", FIN), "wartete": ("warten", "VVFIN", FIN),
    "mitteilte": ("mitteilen", "VVFIN", FIN), "sollen": ("sollen", "VMFIN", FIN), "stiegen": ("steigen", "VVFIN", FIN),
    "fordert": ("fordern", "VVFIN", FIN), "würde": ("werden", "VAFIN", SUB), "wurden": ("werden", "VAFIN", FIN),
    "verletzt": ("verletzen", "VVPP", ""), "erklärt": ("erklären", "VVPP", "VerbForm=Part"), "hatte": ("haben", "VAFIN", FIN),
    "genannt": ("nennen", "VVPP", "VerbForm=Part"), "soll": ("sollen", "VMFIN", FIN),
}  # fmt: skip


def run(text: str, entities: dict[str, str] | None = None, parsed_hook=None) -> Extraction:
    document = make_document(text, "test.txt", date="2024-03-14")
    parsed = make_parsed(document, PEOPLE if entities is None else entities, VERBS)
    return extract(document, parsed_hook(parsed) if parsed_hook else parsed)


def quotes(extraction: Extraction, kind: str) -> list[tuple[str, str | None]]:
    return [(q.span.text, q.speaker_key) for q in extraction.quotations if q.kind == kind]


def test_colon_binds_quote_to_the_verb_before_it_and_coordinated_cue_keeps_the_speaker() -> None:
    text = "Jonas Keller hörte zu. Anna Berger antwortete: „Es gibt viele Wege“, fügte aber hinzu, dass die Kosten hoch seien."
    extraction = run(text)
    assert quotes(extraction, "direct") == [("Es gibt viele Wege", "PER:anna-berger")]
    assert quotes(extraction, "indirect") == [("die Kosten hoch seien", "PER:anna-berger")]


def test_relative_pronoun_subject_is_its_antecedent() -> None:
    text = "Jonas Keller war gestern in Bonn. Sichtlich müde wirkte Ministerin Anna Berger, die erklärte, man müsse jetzt abwarten."
    assert quotes(run(text), "indirect") == [("man müsse jetzt abwarten", "PER:anna-berger")]


def test_unnamed_institution_speaks_as_an_organisation_qualified_by_place() -> None:
    extraction = run("Die Preise seien stabil geblieben, teilte das Wirtschaftsministerium in Berlin mit.")
    assert quotes(extraction, "indirect") == [
        ("Die Preise seien stabil geblieben", "ORG:wirtschaftsministerium-berlin")
    ]
    assert {e.key: e.label for e in extraction.entities}["ORG:wirtschaftsministerium-berlin"] == "ORG"


def test_institution_as_object_is_not_the_speaker() -> None:
    text = "Anna Berger kritisierte, die Regierung habe zu spät gehandelt."
    assert quotes(run(text), "indirect") == [("die Regierung habe zu spät gehandelt", "PER:anna-berger")]


def test_fronted_adverbial_clause_is_not_reported_content() -> None:
    def tag_conjunction(parsed: ParsedDoc) -> ParsedDoc:
        tokens = tuple(replace(t, tag="KOUS") if t.text == "Als" else t for t in parsed.tokens)
        return replace(parsed, tokens=tokens)

    text = "Als die Frage kam, ob die Stadt zahle, antwortete Anna Berger: „Wir prüfen das.“"
    extraction = run(text, parsed_hook=tag_conjunction)
    assert quotes(extraction, "indirect") == []
    assert quotes(extraction, "direct") == [("Wir prüfen das.", "PER:anna-berger")]


def test_short_quote_inside_reported_speech_does_not_block_it() -> None:
    text = "Die Schulen seien „gut vorbereitet“, sagte Anna Berger."
    assert quotes(run(text), "indirect") == [("Die Schulen seien „gut vorbereitet“", "PER:anna-berger")]


def test_finite_verb_after_comma_opens_the_cue_clause() -> None:
    text = "Die Frist sei zu kurz, ließ Anna Berger erklären."
    assert quotes(run(text), "indirect") == [("Die Frist sei zu kurz", "PER:anna-berger")]


def test_semicolon_ends_the_reported_clause() -> None:
    text = "Anna Berger erklärte, die Stadt werde helfen; aus Bonn kam Kritik."
    assert quotes(run(text), "indirect") == [("die Stadt werde helfen", "PER:anna-berger")]


def test_konjunktiv_continuation_needs_a_main_clause() -> None:
    continued = run("Anna Berger sprach über die Schulen. Der Umbau erfordere mehr Geld.")
    assert quotes(continued, "indirect") == [("Der Umbau erfordere mehr Geld", "PER:anna-berger")]
    question = run("Anna Berger sprach über die Schulen. Ob die Stadt zahlen könnte, blieb offen.")
    assert quotes(question, "indirect") == []
    indicative = run("Anna Berger sprach über die Schulen. Der Umbau erfordert mehr Geld.")
    assert quotes(indicative, "indirect") == []


def test_konjunktiv_one_form_beats_a_tagger_that_says_indicative() -> None:
    """Taggers read "bedeute" as a first-person indicative; with no "ich" it reports speech."""
    first_person = "Mood=Ind|Number=Sing|Person=1|Tense=Pres|VerbForm=Fin"

    def indicative(parsed: ParsedDoc) -> ParsedDoc:
        tokens = tuple(
            replace(t, lemma="bedeuten", tag="VVFIN", pos="VERB", morph=first_person)
            if t.text == "bedeute"
            else t
            for t in parsed.tokens
        )
        return replace(parsed, tokens=tokens)

    continued = run("Anna Berger sprach über die Schulen. Das bedeute mehr Arbeit.", parsed_hook=indicative)
    assert quotes(continued, "indirect") == [("Das bedeute mehr Arbeit", "PER:anna-berger")]
    own = run("Anna Berger sprach über die Schulen. Ich bedeute ihr nichts.", parsed_hook=indicative)
    assert quotes(own, "indirect") == []


def test_sollen_with_a_stative_infinitive_reports_hearsay_not_a_plan() -> None:
    def infinitives(parsed: ParsedDoc) -> ParsedDoc:
        tags = {"handeln": ("handeln", "VVINF"), "sein": ("sein", "VAINF")}
        tokens = tuple(
            replace(t, lemma=tags[t.text][0], tag=tags[t.text][1], pos="VERB") if t.text in tags else t
            for t in parsed.tokens
        )
        return replace(parsed, tokens=tokens)

    hearsay = run("Der Prozess begann am Montag. Es soll sich um Betrug handeln.", parsed_hook=infinitives)
    assert quotes(hearsay, "indirect") == [("Es soll sich um Betrug handeln", None)]
    plan = run("Der Prozess begann am Montag. Das Urteil soll im Mai fertig sein.", parsed_hook=infinitives)
    assert quotes(plan, "indirect") == []


def test_quote_marks_after_an_article_enclose_a_name_not_an_utterance() -> None:
    name = run("Die Sprecherin der „Initiative Wir helfen allen“ sagte, die Lage sei ruhig.")
    assert quotes(name, "direct") == []
    said = run("Die Sprecherin der Initiative sagte: „Wir helfen allen.“")
    assert [text for text, _ in quotes(said, "direct")] == ["Wir helfen allen."]


def test_an_indicative_main_clause_after_a_verb_of_saying_is_what_was_said() -> None:
    said = run("Anna Berger sagte, das Urteil ist falsch.")
    assert quotes(said, "indirect") == [("das Urteil ist falsch", "PER:anna-berger")]
    fronted = run("Anna Berger sagte, weil das Urteil falsch ist.")
    assert quotes(fronted, "indirect") == []


def test_a_channel_beside_a_verb_of_saying_does_not_replace_its_subject() -> None:
    channel = run("Die Lage ist ernst, sagte Anna Berger laut einer Aussendung.")
    assert quotes(channel, "indirect") == [("Die Lage ist ernst", "PER:anna-berger")]
    source = run("Laut einer Aussendung ist die Lage ernst.")
    assert [speaker.split("/")[-1] for _, speaker in quotes(source, "indirect")] == ["aussendung"]


def test_es_heisst_after_the_clause_publishes_it_without_a_speaker() -> None:
    def heissen(parsed: ParsedDoc) -> ParsedDoc:
        tags = {"hieß": ("heißen", "VVFIN", "VERB", FIN), "hätten": ("haben", "VAFIN", "AUX", SUB)}
        tokens = tuple(
            replace(t, lemma=tags[t.text][0], tag=tags[t.text][1], pos=tags[t.text][2], morph=tags[t.text][3])
            if t.text in tags
            else t
            for t in parsed.tokens
        )
        return replace(parsed, tokens=tokens)

    said = run("Die Lieferanten hätten gekündigt, hieß es.", parsed_hook=heissen)
    assert quotes(said, "indirect") == [("Die Lieferanten hätten gekündigt", None)]


def test_passive_report_does_not_continue_the_last_speaker() -> None:
    text = "Anna Berger sprach über die Schulen. Kritisiert wurde, dass die Kosten hoch seien."
    assert quotes(run(text), "indirect") == []


def test_name_after_role_noun_is_a_person_whatever_the_model_said() -> None:
    extraction = run(
        "Bildungsministerin Anna Berger traf das Tagesblatt.", {"Anna Berger": "MISC", "Tagesblatt": "ORG"}
    )
    labels = {m.span.text: m.label for m in extraction.mentions}
    assert labels == {"Anna Berger": "PER", "Tagesblatt": "ORG"}


def test_mislabelled_present_tense_speech_verb_still_names_the_claimant() -> None:
    def as_adverb(parsed: ParsedDoc) -> ParsedDoc:
        tokens = tuple(replace(t, pos="ADV", tag="ADV") if t.text == "warnt" else t for t in parsed.tokens)
        return replace(parsed, tokens=tokens)

    extraction = run("Ministerin Anna Berger warnt vor hohen Kosten.", parsed_hook=as_adverb)
    assert [(c.span.text, c.claimant_key) for c in extraction.claims] == [
        ("Ministerin Anna Berger warnt vor hohen Kosten", "PER:anna-berger")
    ]


def test_claims_split_at_relative_and_coordinated_clauses() -> None:
    extraction = run("Die Stadt hat die Schule saniert, die seit 1990 leer stand, und plant einen Neubau.")
    assert [c.span.text for c in extraction.claims] == [
        "Die Stadt hat die Schule saniert",
        "die seit 1990 leer stand",
        "und plant einen Neubau",
    ]


def test_claims_keep_conditional_and_reported_clauses_whole() -> None:
    conditional = run("Wenn die Stadt zahlt, wird die Schule saniert.")
    assert [c.span.text for c in conditional.claims] == ["Wenn die Stadt zahlt, wird die Schule saniert"]
    reported = run("Anna Berger sagte, die Stadt werde die Schule sanieren.")
    assert [(c.span.text, c.claimant_key) for c in reported.claims] == [
        ("die Stadt werde die Schule sanieren", "PER:anna-berger")
    ]


def test_quotation_claim_replaces_the_sentence_claim_it_restates_only() -> None:
    restated = run("Berger sagte, die Stadt werde die Schule sanieren.")
    assert [c.span.text for c in restated.claims] == ["die Stadt werde die Schule sanieren"]
    longer = run(
        "Nach einer langen Sitzung des Stadtrats über alle maroden Gebäude im Norden sagte Berger, sie werde helfen."
    )
    assert [c.span.text for c in longer.claims] == [
        "Nach einer langen Sitzung des Stadtrats über alle maroden Gebäude im Norden sagte Berger, sie werde helfen",
        "sie werde helfen",
    ]


def test_unnamed_source_phrase_stops_the_continuation() -> None:
    for unit, source in (
        ("Laut Experten sei der Umbau zu teuer.", "Experten"),
        ("Der Umbau sei zu teuer, so der Vorwurf.", "der Vorwurf"),
        ("Der Umbau sei Berichten zufolge zu teuer.", "Berichten"),
    ):
        extraction = run(f"Anna Berger sprach über die Schulen. {unit}")
        key = next(s.key for s in extraction.sources if s.description == source)
        assert [speaker for _, speaker in quotes(extraction, "indirect")] == [key], unit
    role = run("Ministerin Anna Berger sprach über die Schulen. Der Umbau sei zu teuer, so die Ministerin.")
    assert [speaker for _, speaker in quotes(role, "indirect")] == ["PER:anna-berger"]
    unknown = run("Anna Berger sprach über die Schulen. Der Umbau sei zu teuer, so die Ministerin.")
    assert [speaker for _, speaker in quotes(unknown, "indirect")] == [unknown.sources[0].key]


def test_indefinite_description_is_someone_new() -> None:
    someone = run(
        "Anna Berger sprach über die Schulen. Eine Sprecherin betonte, der Umbau sei teuer. Die Sprecherin sagte, die Kosten seien hoch."
    )
    (source,) = someone.sources
    assert source.description == "Eine Sprecherin"
    assert [speaker for _, speaker in quotes(someone, "indirect")] == [source.key, source.key]
    known = run(
        "Die Ministerin Anna Berger sprach über die Schulen. Die Ministerin betonte, der Umbau sei teuer."
    )
    assert [speaker for _, speaker in quotes(known, "indirect")] == ["PER:anna-berger"]


def test_named_frame_after_reported_clause_beats_the_continuation() -> None:
    named = run(
        "Anna Berger sprach über die Schulen. Der Umbau sei teuer, begründet Jonas Keller seinen Antrag."
    )
    assert quotes(named, "indirect") == [("Der Umbau sei teuer", "PER:jonas-keller")]
    pronoun = run("Anna Berger sprach über die Schulen. Der Umbau sei teuer, begründet sie ihren Antrag.")
    assert [speaker for _, speaker in quotes(pronoun, "indirect")] == ["PER:anna-berger"]


def test_epistemic_durfte_is_the_writers_voice() -> None:
    assert quotes(
        run("Anna Berger sagte, die Schule sei alt. Der Umbau dürfte teuer werden."), "indirect"
    ) == [("die Schule sei alt", "PER:anna-berger")]
    reported = run("Anna Berger sagte, die Schule sei alt. Der Umbau werde teuer.")
    assert quotes(reported, "indirect")[-1] == ("Der Umbau werde teuer", "PER:anna-berger")


def test_name_in_prepositional_phrase_does_not_continue() -> None:
    governed = run("Der Antrag kam von Anna Berger. Der Umbau erfordere mehr Geld.")
    assert quotes(governed, "indirect") == [("Der Umbau erfordere mehr Geld", None)]  # reported, unresolved
    subject = run("Anna Berger traf die Bürgermeister. Der Umbau erfordere mehr Geld.")
    assert quotes(subject, "indirect") == [("Der Umbau erfordere mehr Geld", "PER:anna-berger")]


def test_common_word_labelled_person_is_no_speaker() -> None:
    noise = run("Die Menschen warteten lange. Er sagte, die Lage sei ernst.", {"Menschen": "PER"})
    assert quotes(noise, "indirect") == [("die Lage sei ernst", None)]  # published, unresolved
    person = run("Keller wartete lange. Er sagte, die Lage sei ernst.", {"Keller": "PER"})
    assert quotes(person, "indirect") == [("die Lage sei ernst", "PER:keller")]


def test_a_verb_final_wie_clause_attributes_the_clause_beside_it() -> None:
    after = "Die Preise stiegen im Mai um drei Prozent, wie Anna Berger am Montag mitteilte."
    assert quotes(run(after), "indirect") == [
        ("Die Preise stiegen im Mai um drei Prozent", "PER:anna-berger")
    ]
    before = "Wie Jonas Keller sagte, sollen die Kontrollen verschärft werden."
    assert quotes(run(before), "indirect") == [
        ("sollen die Kontrollen verschärft werden", "PER:jonas-keller")
    ]
    inside = "Die Firma werde, wie Anna Berger sagte, neue Werke bauen."
    assert quotes(run(inside), "indirect") == [(inside.removesuffix("."), "PER:anna-berger")]


def test_a_wie_clause_names_its_subject_first_and_its_addressee_later() -> None:
    text = "Das Programm soll jünger werden, wie Anna Berger gegenüber der Zeitung Keller sagte."
    assert quotes(run(text), "indirect") == [("Das Programm soll jünger werden", "PER:anna-berger")]


def test_comparisons_and_unnamed_wie_clauses_attribute_nothing() -> None:
    for text in (
        "Die Preise stiegen so stark wie seit Jahren nicht mehr.",  # a comparison
        "Eine Begrenzung, wie das die Partei fordert, würde Familien treffen.",  # a manner: "das" is its object
        "Die Lasten sind besonders, wie sie im Vertrag genannt werden.",  # a passive
    ):
        assert quotes(run(text), "indirect") == [], text
    described = run("Drei Menschen wurden verletzt, wie ein Sprecher mitteilte.")
    assert quotes(described, "indirect") == [("Drei Menschen wurden verletzt", described.sources[0].key)]


def test_a_name_inside_a_prepositional_phrase_is_not_the_speaker() -> None:
    text = "Anna Berger hatte zur Überraschung von Jonas Keller erklärt, das Land werde die Schulden nicht zahlen."
    assert quotes(run(text), "indirect") == [("das Land werde die Schulden nicht zahlen", "PER:anna-berger")]


def test_a_genitive_or_dative_after_a_noun_is_not_the_speaker() -> None:
    text = "Anna Berger entschuldigte sich in einer Sendung der Zeitung Keller und sagte, die Worte seien ein Scherz gewesen."
    extraction = run(text, {**PEOPLE, "Zeitung Keller": "ORG"})
    assert quotes(extraction, "indirect") == [("die Worte seien ein Scherz gewesen", "PER:anna-berger")]


def claimant_of(extraction: Extraction, text: str) -> str | None:
    return next(c.claimant_key for c in extraction.claims if c.span.text == text)


def test_claimant_does_not_depend_on_an_unrelated_sentence_appended_at_the_end() -> None:
    """Claims read the finished quotations, not the speaker left running by the last unit read."""
    start = "Jonas Keller besuchte Bonn. Er kritisierte die Regierung scharf."
    appended = start + " „Das ist gut“, sagte Anna Berger. Das Wetter blieb schön."
    assert claimant_of(run(start), "Er kritisierte die Regierung scharf") == "PER:jonas-keller"
    assert claimant_of(run(appended), "Er kritisierte die Regierung scharf") == "PER:jonas-keller"
    # near miss: right after Berger's quotation, "er" still continues her report
    running = (
        "Jonas Keller besuchte Bonn. „Das ist gut“, sagte Anna Berger. Er kritisierte die Regierung scharf."
    )
    assert claimant_of(run(running), "Er kritisierte die Regierung scharf") == "PER:anna-berger"


def test_block_quote_needs_a_paragraph_without_its_own_verb_of_saying() -> None:
    block = "Die Debatte geht weiter.\n\nWir sind bereit, alle Schulen schneller zu sanieren.\n\nAnna Berger, Ministerin\n"
    assert quotes(run(block), "direct") == [
        ("Wir sind bereit, alle Schulen schneller zu sanieren.", "PER:anna-berger")
    ]
    # near miss: the paragraph is a report of its own, not the quoted words of the line under it
    report = "Die Debatte geht weiter.\n\nJonas Keller sagte, alle Schulen würden saniert.\n\nAnna Berger, Ministerin\n"
    assert ("alle Schulen würden saniert", "PER:anna-berger") not in quotes(run(report), "indirect")
    assert quotes(run(report), "direct") == []


def test_headline_speaker_must_be_a_person_or_organisation() -> None:
    assert quotes(run("Keller: „Wir sind bereit“\n\nJonas Keller traf Anna Berger."), "direct") == [
        ("Wir sind bereit", "PER:jonas-keller")
    ]
    # near miss: a place before the colon is a dateline, not a speaker (the quotation stays unresolved)
    assert quotes(run("Berlin: „Wir sind bereit“\n\nJonas Keller traf Anna Berger."), "direct") == [
        ("Wir sind bereit", None)
    ]


def test_continuation_without_cue_reaches_only_the_next_unit() -> None:
    near = "„Wir sind bereit“, sagte Anna Berger.\n„Das ist gut.“"
    assert quotes(run(near), "direct")[-1] == ("Das ist gut.", "PER:anna-berger")
    # near miss: two units later the report is over
    far = "„Wir sind bereit“, sagte Anna Berger.\nDas Wetter blieb schön.\nDie Stadt blieb ruhig.\n„Das ist gut.“"
    assert ("Das ist gut.", "PER:anna-berger") not in quotes(run(far), "direct")


def test_partial_quote_needs_a_speaker_of_the_report_around_it() -> None:
    named = "Anna Berger sagte, die Regierung werde „alles tun, um zu helfen“."
    assert ("alles tun, um zu helfen", "PER:anna-berger") in quotes(run(named), "direct")
    # near miss: a passive report names nobody, so its quoted words are nobody's
    passive = "Kritisiert wurde, die Regierung werde „alles tun, um zu helfen“."
    quoted = [q for q in run(passive).quotations if q.span.text == "alles tun, um zu helfen"]
    assert [q.speaker_key for q in quoted] == [None]


def test_speech_rules_leave_the_article_view_unchanged() -> None:
    """An institution that speaks joins the extraction's entities through the rules' additions;
    the view the rules read (its entity index) is never changed."""
    from kg.extract.entities import find_entities
    from kg.extract.speech import article_view, find_speech
    from kg.extract.units import text_units

    text = "Die Preise seien stabil geblieben, teilte das Wirtschaftsministerium in Berlin mit."
    document = make_document(text, "test.txt", date="2024-03-14")
    parsed = make_parsed(document, PEOPLE, VERBS)
    index = find_entities(document, parsed)
    view = article_view(document, parsed, index, [], [], text_units(document, parsed))
    before = (dict(view.index.entities), list(view.index.mentions), dict(view.index.token_entity))
    speech = find_speech(view)
    assert [q.speaker_key for q in speech.quotations] == ["ORG:wirtschaftsministerium-berlin"]
    assert (dict(view.index.entities), list(view.index.mentions), dict(view.index.token_entity)) == before
    assert "ORG:wirtschaftsministerium-berlin" in {e.key for e in extract(document, parsed).entities}
