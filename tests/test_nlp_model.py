"""The bundled German pipeline `de_kg_news`: loads offline and gets clear cases right."""

from __future__ import annotations

import socket

import pytest

from kg.nlp.pipeline import BUNDLED_MODELS_DIR, DEFAULT_MODEL, load_pipeline, pipeline_info

MODEL_DIR = BUNDLED_MODELS_DIR / DEFAULT_MODEL
pytestmark = pytest.mark.skipif(not (MODEL_DIR / "meta.json").exists(), reason="bundled model not built")


@pytest.fixture(scope="module")
def nlp():
    real_connect = socket.socket.connect

    def refuse(*args, **kwargs):
        raise AssertionError("the bundled model must load without network access")

    socket.socket.connect = refuse
    try:
        return load_pipeline()
    finally:
        socket.socket.connect = real_connect


def test_bundled_model_is_the_default_and_small(nlp):
    info = pipeline_info(nlp)
    assert info.name == "de_kg_news"
    assert nlp.lang == "de"
    assert {"kg_sentencizer", "tagger", "morphologizer", "lemmatizer", "ner", "kg_entities"} <= set(
        nlp.pipe_names
    )
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 40_000_000
    assert (MODEL_DIR / "MODEL_CARD.md").exists()


def test_konjunktiv_gets_mood_sub(nlp):
    doc = nlp("Der Minister sagte, die Lage sei ernst und man müsse handeln.")
    by_text = {t.text: t for t in doc}
    assert "Mood=Sub" in str(by_text["sei"].morph)
    assert "Mood=Sub" in str(by_text["müsse"].morph)
    assert "Mood=Sub" not in str(by_text["sagte"].morph)
    assert by_text["sei"].lemma_ == "sein"


def test_entities_pos_and_sentences(nlp):
    text = (
        "Bundeskanzlerin Angela Merkel reiste am 14. Oktober nach Frankreich.\n"
        "Dort traf sie Vertreter der Europäischen Union. Das Treffen dauerte z. B. drei Stunden."
    )
    doc = nlp(text)
    assert doc.text == text
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Angela Merkel", "PER") in ents
    assert ("Frankreich", "LOC") in ents
    assert [t.pos_ for t in doc if t.text in ("Angela", "Merkel")] == ["PROPN", "PROPN"]
    assert len(list(doc.sents)) == 3
    assert all(t.tag_ for t in doc if not t.is_space)
    assert {t.lemma_ for t in doc if t.text == "reiste"} == {"reisen"}


def test_names_whole_and_typed_on_news_sentences(nlp):
    """Issue 12's typical errors: role nouns glued on, places typed as persons, multi-word names
    cut, common nouns as names, organisations missed."""
    texts = [
        "Landeshauptmann Günther Platter kritisierte die Pläne.",
        "Bundespräsident Alexander Van der Bellen reiste nach Aleppo.",
        "Die Menschen übten Kritik, berichten Ärzte ohne Grenzen.",
        "Der Generalsekretär der Vereinten Nationen äußerte sich.",
    ]
    found = [{(e.text, e.label_) for e in doc.ents} for doc in nlp.pipe(texts)]
    assert found[0] == {("Günther Platter", "PER")}
    assert found[1] == {("Alexander Van der Bellen", "PER"), ("Aleppo", "LOC")}
    assert found[2] == {("Ärzte ohne Grenzen", "ORG")}
    assert found[3] == {("Vereinten Nationen", "ORG")}
    assert len(nlp.get_pipe("kg_entities").lexicon.nouns) > 100_000
