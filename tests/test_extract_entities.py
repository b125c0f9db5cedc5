"""Mentions, clustering, derived forms and roles on invented sentences."""

from __future__ import annotations

from test_extract_support import run

from kg.extract.text import slugify


def test_name_variants_cluster_including_genitive() -> None:
    text = "Die Ministerin Lena Vogt reist nach Rom. Vogt traf dort Schüler. Vogts Plan gilt als teuer."
    extraction = run(text, {"Lena Vogt": "PER", "Rom": "LOC"})
    vogt = [m.span.text for m in extraction.mentions if m.entity_key == "PER:lena-vogt"]
    assert vogt == ["Lena Vogt", "Vogt", "Vogts"]


def test_spelling_variants_share_one_key() -> None:
    assert slugify("NATO") == slugify("Nato") == "nato"
    extraction = run("Die NATO tagt. Die Nato berät.", {})
    assert {m.entity_key for m in extraction.mentions} == {"ORG:nato"}


def test_gazetteer_adds_missed_places_and_genitive() -> None:
    extraction = run("Frankreichs Regierung traf sich mit Kanada.", {})
    assert [(m.span.text, m.entity_key) for m in extraction.mentions] == [
        ("Frankreichs", "LOC:frankreich"),
        ("Kanada", "LOC:kanada"),
    ]


def test_derived_forms_are_statements_not_mentions() -> None:
    extraction = run("Der US-Präsident lobte die russische Armee und die Ukrainer.", {})
    derived = {
        (s.object_literal, s.subject_key) for s in extraction.statements if s.predicate == "derivedFrom"
    }
    assert derived == {
        ("US-Präsident", "LOC:usa"),
        ("russische", "LOC:russland"),
        ("Ukrainer", "LOC:ukraine"),
    }
    assert extraction.mentions == ()


def test_role_statements_with_organisation() -> None:
    text = "Der französische Außenminister Paul Morel traf EU-Kommissarin Eva Lind.\nEva Lind, Kommissarin\n"
    extraction = run(text, {"Paul Morel": "PER", "Eva Lind": "PER"})
    roles = {(s.subject_key, s.object_literal, s.organization_key) for s in extraction.statements
             if s.predicate == "holdsRole"}  # fmt: skip
    assert ("PER:paul-morel", "französische Außenminister", "LOC:frankreich") in roles
    assert ("PER:eva-lind", "EU-Kommissarin", "ORG:eu") in roles


def test_every_span_indexes_the_text_and_has_provenance() -> None:
    text = " date 2024-03-14 Der Minister Paul Morel sagte: „Wir sind bereit.“ Die Lage sei ernst."
    extraction = run(text, {"Paul Morel": "PER"}, date=None)
    source = extraction.document.text
    spans = [m.span for m in extraction.mentions] + [q.span for q in extraction.quotations]
    spans += [c.span for c in extraction.claims] + [s.evidence for s in extraction.statements]
    assert spans and all(source[s.start : s.end] == s.text for s in spans)
    assert all(q.sentences for q in extraction.quotations) and all(c.sentences for c in extraction.claims)
