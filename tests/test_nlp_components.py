"""kg's German spaCy components and corpus readers, without the trained model (fast)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import spacy

import kg.nlp.components  # noqa: F401  (registers the factories)
from kg.nlp.evaluate import read_conllu, read_germeval, read_ler, to_doc


@pytest.fixture(scope="module")
def splitter():
    nlp = spacy.blank("de")
    nlp.add_pipe("kg_sentencizer")
    return nlp


def sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Das gilt z. B. für Kinder. Dr. Müller kam am 14. Oktober 2025 nach Berlin.",
            ["Das gilt z. B. für Kinder.", "Dr. Müller kam am 14. Oktober 2025 nach Berlin."],
        ),
        (
            "Prof. Dr. Meier u. a. waren da. Sie kamen bzw. gingen.",
            ["Prof. Dr. Meier u. a. waren da.", "Sie kamen bzw. gingen."],
        ),
        (
            "Am 3. Mai beginnt der 5. Spieltag. Er endet am 9. Mai.",
            ["Am 3. Mai beginnt der 5. Spieltag.", "Er endet am 9. Mai."],
        ),
        ("Das war im Jahr 2025. Dann kam die Wende.", ["Das war im Jahr 2025.", "Dann kam die Wende."]),
        (
            "Er sagte: „Wir sind bereit.“ Dann ging er.",
            ["Er sagte: „Wir sind bereit.“", "Dann ging er."],
        ),
        (
            '"Auf dem Weg sind wir noch nicht am Ziel", so Rutte. "Das reicht." Danach Stille.',
            ['"Auf dem Weg sind wir noch nicht am Ziel", so Rutte.', '"Das reicht."', "Danach Stille."],
        ),
        ('Sie fragte: "Warum?", und er lachte.', ['Sie fragte: "Warum?", und er lachte.']),
        ("»Gut«, sagte sie. »Sehr gut!« Er nickte.", ["»Gut«, sagte sie.", "»Sehr gut!«", "Er nickte."]),
        (
            "Überschrift ohne Punkt\nErster Absatz. Noch ein Satz\n\nZweiter Absatz",
            ["Überschrift ohne Punkt", "Erster Absatz.", "Noch ein Satz", "Zweiter Absatz"],
        ),
        (
            "Die Muster GmbH & Co. KG wächst. Sie stellt ein.",
            ["Die Muster GmbH & Co. KG wächst.", "Sie stellt ein."],
        ),
        (
            "Es kamen 1.200 Gäste, d. h. mehr als 2024. Alle blieben.",
            ["Es kamen 1.200 Gäste, d. h. mehr als 2024.", "Alle blieben."],
        ),
    ],
)
def test_german_sentence_boundaries(splitter, text, expected):
    assert sentences(splitter, text) == expected


def test_every_newline_ends_a_sentence_and_offsets_are_kept(splitter):
    text = "Titel\nText mit Abkürzung Nr.\n5 weiter\n\nNoch einer"
    doc = splitter(text)
    assert doc.text == text
    starts = [s.start_char for s in doc.sents]
    for newline in (i for i, c in enumerate(text) if c == "\n"):
        following = newline + 1
        while following < len(text) and text[following] == "\n":
            following += 1
        assert following in starts


def test_gazetteer_labels_a_country_and_respects_compounds():
    nlp = spacy.blank("de")
    nlp.add_pipe("kg_entities")
    doc = nlp("Die Regierung in Frankreich und die US-Regierung sprachen mit der Nato über Russlands Pläne.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Frankreich", "LOC") in ents
    assert ("Russlands", "LOC") in ents
    assert ("Nato", "ORG") in ents
    assert not any(e.text == "US" for e in doc.ents)


def test_konjunktiv_rule_marks_clear_forms():
    nlp = spacy.blank("de")
    nlp.add_pipe("kg_sentencizer")
    nlp.add_pipe("kg_morph")
    doc = nlp("Er sagte, das sei falsch.")
    sei = doc[4]
    sei.pos_ = "AUX"
    sei.tag_ = "VAFIN"
    doc = nlp.get_pipe("kg_morph")(doc)
    assert "Mood=Sub" in str(doc[4].morph)
    assert "Mood=Sub" not in str(doc[1].morph)


def test_readers_map_labels(tmp_path: Path):
    germeval = tmp_path / "g.tsv"
    germeval.write_text(
        "#\tsource\t[2010]\n1\tDie\tO\tO\n2\tdeutsche\tB-LOCderiv\tO\n3\tBahn\tB-ORG\tO\n"
        "4\tin\tO\tO\n5\tBad\tB-LOC\tO\n6\tEms\tI-LOC\tO\n7\tzeigt\tO\tO\n8\tFaust\tB-OTH\tO\n\n",
        encoding="utf-8",
    )
    (sent,) = read_germeval(germeval)
    assert sent.ents == [(2, 3, "ORG"), (4, 6, "LOC"), (7, 8, "MISC")]
    ler = tmp_path / "x.conll.gz"
    with gzip.open(ler, "wt", encoding="utf-8") as handle:
        handle.write("Richter B-RR\nMüller I-RR\nnach B-GS\n§ I-GS\nin O\nKiel B-ST\n\n")
    (sent,) = read_ler(ler)
    assert sent.ents == [(0, 2, "PER"), (5, 6, "LOC")]
    assert sent.dropped == 1
    conllu = tmp_path / "u.conllu"
    conllu.write_text(
        "# text = Er ging im Park.\n"
        "1\tEr\ter\tPRON\tPPER\tCase=Nom\t2\tnsubj\t_\t_\n"
        "2\tging\tgehen\tVERB\tVVFIN\tMood=Ind\t0\troot\t_\t_\n"
        "3-4\tim\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "3\tin\tin\tADP\tAPPR\t_\t5\tcase\t_\t_\n"
        "4\tdem\tder\tDET\tART\tCase=Dat|Gender=Masc\t5\tdet\t_\t_\n"
        "5\tPark\tPark\tNOUN\tNN\tCase=Dat\t2\tobl\t_\tSpaceAfter=No\n"
        "6\t.\t.\tPUNCT\t$.\t_\t2\tpunct\t_\t_\n\n",
        encoding="utf-8",
    )
    (sent,) = read_conllu(conllu)
    assert sent.words == ["Er", "ging", "im", "Park", "."]
    assert sent.tags[2] == "APPRART" and sent.heads[2] == 3 and sent.heads[1] == 1
    doc = to_doc(spacy.blank("de").vocab, [sent])
    assert doc.text == "Er ging im Park."
    assert doc[3].head.i == 1 and doc[1].dep_ == "ROOT"


def test_tiny_training_smoke():
    """The converted docs train a small tagger + NER for a couple of updates without error."""
    from spacy.training import Example

    from kg.nlp.evaluate import Sent

    nlp = spacy.blank("de")
    nlp.add_pipe("ner")
    sents = [
        Sent(
            ["Angela", "Merkel", "besucht", "Paris", "."],
            [True] * 5,
            [(0, 2, "PER"), (3, 4, "LOC")],
            has_ents=True,
        ),
        Sent(["Die", "Nato", "tagt", "."], [True] * 4, [(1, 2, "ORG")], has_ents=True),
    ]
    docs = [to_doc(nlp.vocab, [s]) for s in sents]
    examples = [Example(nlp.make_doc(d.text), d) for d in docs]
    optimizer = nlp.initialize(lambda: examples)
    losses = {}
    for _ in range(3):
        nlp.update(examples, sgd=optimizer, losses=losses)
    assert losses["ner"] > 0


def test_leading_icon_stands_alone(splitter):
    assert sentences(splitter, "Er war sicher.\n\n\ue80f Ich bin zuversichtlich.") == [
        "Er war sicher.",
        "\ue80f",
        "Ich bin zuversichtlich.",
    ]


def test_document_consistency_labels_surnames_and_genitives():
    from spacy.tokens import Span

    nlp = spacy.blank("de")
    entities = nlp.add_pipe("kg_entities")
    doc = nlp.make_doc(
        "Erika Mustermann kam. Später sagte Mustermann, Mustermanns Plan und der Mustermann-Plan seien gut."
    )
    doc.ents = [Span(doc, 0, 2, label="PER")]
    doc = entities(doc)
    found = [(e.text, e.label_) for e in doc.ents]
    assert found == [("Erika Mustermann", "PER"), ("Mustermann", "PER"), ("Mustermanns", "PER")]
