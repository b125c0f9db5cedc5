"""`kg_entities` with the typed lexicons (issue 12): names' boundaries and types, and the
spaCy-Scorer NER evaluation. Uses tiny hand-made lexicons, not the trained model (fast)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.nlp.components import Lexicon
from kg.nlp.evaluate import Sent, score_ner

LEXICON = Lexicon(
    nouns=frozenset({"Kritik", "Menschen", "Landeshauptmann", "Xi", "Jubel", "Jahr"}),
    given_names=frozenset({"Günther", "Recep"}),
    surnames=frozenset(),
    toponyms=frozenset({"Aleppo", "China"}),
    lower_words=frozenset({"offiziell", "letztes"}),
)


@pytest.fixture()
def entities():
    nlp = spacy.blank("de")
    component = nlp.add_pipe("kg_entities")
    component.lexicon = LEXICON
    return nlp, component


def run(nlp, component, words: list[str], ents: list[tuple[int, int, str]], propn: tuple[int, ...] = ()):
    doc = Doc(nlp.vocab, words=words)
    for i in propn:
        doc[i].pos_ = "PROPN"
    doc.ents = [Span(doc, a, b, label=label) for a, b, label in ents]
    return [(e.text, e.label_) for e in component(doc).ents]


def test_common_nouns_are_never_names(entities):
    found = run(*entities, ["Die", "Kritik", "der", "Menschen", "wuchs", "."], [(1, 2, "ORG"), (3, 4, "PER")])
    assert found == []


def test_sentence_initial_lowercase_words_are_not_names(entities):
    nlp, component = entities
    words = ["Offiziell", "bestätigt", "ist", "nichts", ".", "Letztes", "Jahr", "auch", "."]
    doc = Doc(nlp.vocab, words=words)
    doc[0].is_sent_start = True
    doc[5].is_sent_start = True
    doc.ents = [Span(doc, 0, 1, label="PER"), Span(doc, 5, 7, label="ORG")]
    assert list(component(doc).ents) == []


def test_misc_names_may_be_common_nouns(entities):
    found = run(*entities, ["Der", "Jubel", "lief", "im", "Fernsehen", "."], [(1, 2, "MISC")])
    assert found == [("Jubel", "MISC")]


def test_role_nouns_are_stripped_from_persons(entities):
    words = ["Landeshauptmann", "Günther", "Platter", "kam", "."]
    assert run(*entities, words, [(0, 3, "PER")]) == [("Günther Platter", "PER")]


def test_known_places_are_never_persons(entities):
    words = ["Kämpfe", "um", "Aleppo", "und", "in", "Chinas", "Norden", "."]
    found = run(*entities, words, [(2, 3, "PER"), (5, 6, "PER")])
    assert found == [("Aleppo", "LOC"), ("Chinas", "LOC")]


def test_whole_multi_word_person_names(entities):
    nlp, component = entities
    # given name + proper noun before the model's span
    words = ["Dann", "sprach", "Recep", "Tayyip", "Erdogan", "."]
    assert run(nlp, component, words, [(4, 5, "PER")], propn=(2, 3, 4)) == [("Recep Tayyip Erdogan", "PER")]
    # name particles join the parts the model split, whatever the second part's label
    words = ["Heute", "reiste", "Alexander", "Van", "der", "Bellen", "ab", "."]
    assert run(nlp, component, words, [(2, 4, "PER"), (5, 6, "LOC")]) == [("Alexander Van der Bellen", "PER")]
    # two person spans side by side are one name
    words = ["Heute", "kam", "Xi", "Jinping", "an", "."]
    assert run(nlp, component, words, [(2, 3, "PER"), (3, 4, "PER")]) == [("Xi Jinping", "PER")]
    # a person span over "und" is two persons
    words = ["Jubel", ":", "Merkel", "und", "Macron", "einigten", "sich", "."]
    found = run(nlp, component, words, [(0, 1, "ORG"), (2, 5, "PER")])
    assert found == [("Merkel", "PER"), ("Macron", "PER")]


def test_organisations_get_their_full_name(entities):
    words = ["Der", "Chef", "der", "Vereinten", "Nationen", "und", "Ärzte", "ohne", "Grenzen", "."]
    found = run(*entities, words, [(4, 5, "ORG"), (8, 9, "LOC")])
    assert found == [("Vereinten Nationen", "ORG"), ("Ärzte ohne Grenzen", "ORG")]


def test_lexicon_is_saved_with_the_pipeline_byte_identically(tmp_path: Path, entities):
    nlp, _ = entities
    nlp.to_disk(tmp_path / "a")
    loaded = spacy.load(tmp_path / "a")
    assert loaded.get_pipe("kg_entities").lexicon == LEXICON
    loaded.to_disk(tmp_path / "b")
    for name in ("nouns", "given_names", "surnames", "toponyms", "lower_words"):
        file = Path("kg_entities") / f"{name}.txt.gz"
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_ner_scores_come_from_spacys_scorer():
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PER", "pattern": "Merkel"},
            {"label": "MISC", "pattern": "Euro"},
            {"label": "LOC", "pattern": "Wien"},
        ]
    )
    sents = [
        Sent(["Merkel", "zahlt", "in", "Wien", "Euro"], [True] * 5, [(0, 1, "PER"), (3, 4, "ORG")]),
        Sent(["Paris", "ist", "schön"], [True] * 3, [(0, 1, "LOC")]),
    ]
    for sent in sents:
        sent.has_ents = True
    scores = score_ner(nlp, sents, ("PER", "ORG", "LOC"))
    assert (scores["PER"].p, scores["PER"].r, scores["PER"].gold) == (1.0, 1.0, 1)
    assert (scores["LOC"].p, scores["LOC"].r, scores["LOC"].gold) == (0.0, 0.0, 1)
    # MISC "Euro" is outside the labels and not counted as a false positive
    assert scores["ALL"].p == pytest.approx(1 / 2) and scores["ALL"].r == pytest.approx(1 / 3)


def test_capitalised_adjectives_belong_to_the_name_after_them(entities):
    nlp, component = entities
    doc = Doc(nlp.vocab, words=["Die", "Zinsen", "der", "Europäischen", "Zentralbank", "steigen", "."])
    doc[3].tag_ = "ADJA"
    doc[0].is_sent_start = True
    doc.ents = [Span(doc, 4, 5, label="ORG")]
    assert [(e.text, e.label_) for e in component(doc).ents] == [("Europäischen Zentralbank", "ORG")]


def test_place_names_never_end_in_a_lowercase_word(entities):
    words = ["Sie", "zog", "nach", "Frankfurt", "an", "der", "Oder", "und", "nach", "Halle", "an", "."]
    found = run(*entities, words, [(3, 5, "LOC"), (9, 11, "LOC")])
    assert found == [("Frankfurt an der Oder", "LOC"), ("Halle", "LOC")]


def test_an_article_after_a_person_joins_no_name(entities):
    words = ["Gespräch", "mit", "Merkel", "der", "Ukraine", "zuliebe", "."]
    found = run(*entities, words, [(2, 3, "PER"), (4, 5, "LOC")])
    assert found == [("Merkel", "PER"), ("Ukraine", "LOC")]


def test_a_lowercase_tail_never_reaches_into_the_next_span(entities):
    words = ["Sie", "lernte", "im", "Curie", "-", "Institut", "in", "Paris", "."]
    found = run(*entities, words, [(3, 7, "ORG"), (7, 8, "LOC")])
    assert found == [("Curie - Institut", "ORG"), ("Paris", "LOC")]


def test_organisation_spans_split_at_quotes_and_brackets(entities):
    words = ["Im", "Bundestag", "der", '"', "Frankfurter", "Allgemeinen", '"', "(", "FAZ", ")", "stand", "."]
    found = run(*entities, words, [(1, 10, "ORG")])
    assert found == [("Bundestag", "ORG"), ("Frankfurter Allgemeinen", "ORG"), ("FAZ", "ORG")]
