"""`to_parsed` copies a spaCy Doc column-wise; it must give what reading each token gives."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.nlp.parsed import NamedSpan, ParsedDoc, Sentence, Token
from kg.nlp.pipeline import PipelineInfo, to_parsed

INFO = PipelineInfo("test", "0")


def token_by_token(doc: Doc) -> ParsedDoc:
    """The plain reading of a Doc, one spaCy Token at a time (what `to_parsed` must equal)."""
    spans = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    sentence_of = {t.i: index for index, span in enumerate(spans) for t in span}
    sentences = []
    for span in spans:
        words = [t for t in span if not t.is_space]
        start, end = (words[0].idx, words[-1].idx + len(words[-1])) if words else (span.start_char,) * 2
        sentences.append(Sentence(start, end, span.start, span.end))
    tokens = tuple(
        Token(
            t.i,
            t.idx,
            t.idx + len(t.text),
            t.text,
            t.lemma_ or t.text,
            t.pos_,
            t.tag_,
            str(t.morph),
            t.dep_,
            t.head.i,
            sentence_of[t.i],
            t.whitespace_,
        )
        for t in doc
    )
    entities = tuple(NamedSpan(e.start_char, e.end_char, e.label_, e.text, e.start, e.end) for e in doc.ents)
    return ParsedDoc(doc.text, tokens, tuple(sentences), entities, INFO)


def parsed_by_hand() -> Doc:
    """A Doc with a dependency parse (heads before and after their token), morphology on some
    tokens only, a space token, two sentences and an entity."""
    nlp = spacy.blank("de")
    doc = Doc(
        nlp.vocab,
        words=["Die", "Ministerin", "sagte", ",", "sie", "komme", ".", "\n", "Berlin", "schweigt", "."],
        spaces=[True, True, False, True, True, False, False, False, True, False, False],
        heads=[1, 2, 2, 2, 5, 2, 2, 6, 9, 9, 9],
        deps=["nk", "sb", "ROOT", "punct", "sb", "oc", "punct", "dep", "sb", "ROOT", "punct"],
        lemmas=["der", "Ministerin", "sagen", ",", "sie", "kommen", ".", "\n", "Berlin", "schweigen", "."],
        pos=["DET", "NOUN", "VERB", "PUNCT", "PRON", "VERB", "PUNCT", "SPACE", "PROPN", "VERB", "PUNCT"],
        morphs=["", "Gender=Fem", "Mood=Ind", "", "", "Mood=Sub", "", "", "", "", ""],
        sent_starts=[True, False, False, False, False, False, False, False, True, False, False],
    )
    doc.ents = [Span(doc, 8, 9, label="LOC")]
    return doc


@pytest.mark.parametrize(
    "make_doc",
    [
        parsed_by_hand,
        lambda: spacy.blank("de")("Ein Satz ohne Analyse.  Und  noch einer "),
        lambda: spacy.blank("de")(""),
        lambda: spacy.blank("de")("   \n\n  "),
    ],
    ids=["parsed", "tokens-only", "empty", "blank"],
)
def test_column_copy_equals_the_token_by_token_reading(make_doc) -> None:
    doc = make_doc()
    assert to_parsed(doc, INFO) == token_by_token(doc)
