"""Load the German pipeline and turn its output into `ParsedDoc`s.

`load_pipeline` is the one place that decides which spaCy pipeline kg runs: the bundled
`de_kg_news` model by default, or any installed German pipeline (package name or path) by `--model`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.ingest import Document
from kg.nlp.parsed import NamedSpan, ParsedDoc, PipelineInfo, Sentence, Token

BUNDLED_MODELS_DIR = Path(__file__).parent / "models"
DEFAULT_MODEL = "de_kg_news"


class ModelNotFound(RuntimeError):
    """The requested pipeline is neither bundled, installed, nor a folder."""


def load_pipeline(model: str | None = None) -> Language:
    """The bundled model by default; otherwise an installed package name or a pipeline folder."""
    import kg.nlp.components  # noqa: F401  (registers kg's factories before a config names them)

    name = model or DEFAULT_MODEL
    bundled = BUNDLED_MODELS_DIR / name
    if bundled.is_dir():
        nlp = spacy.load(bundled)
    else:
        try:
            nlp = spacy.load(name)
        except OSError as error:
            raise ModelNotFound(
                f"spaCy pipeline {name!r} is neither bundled with kg, an installed package, "
                f"nor a pipeline folder ({error})"
            ) from None
    if nlp.lang != "de":
        raise ModelNotFound(f"pipeline {name!r} is for language {nlp.lang!r}, kg reads German")
    return nlp


def pipeline_info(nlp: Language) -> PipelineInfo:
    meta = nlp.meta
    return PipelineInfo(
        name=f"{meta.get('lang', 'de')}_{meta.get('name', 'pipeline')}",
        version=str(meta.get("version", "0.0.0")),
    )


def parse_documents(
    nlp: Language, documents: Iterable[Document], batch_size: int = 32
) -> Iterator[tuple[Document, ParsedDoc]]:
    """Run the pipeline in batches (`nlp.pipe`) and pair each document with its parse.

    A metadata header is blanked out (same length, so offsets still index the stored text) rather
    than cut off, so that it is neither read as article text nor shifts any offset.
    """
    info = pipeline_info(nlp)
    pairs = ((" " * d.body_start + d.text[d.body_start :], d) for d in documents)
    for doc, document in nlp.pipe(pairs, batch_size=batch_size, as_tuples=True):
        parsed = to_parsed(doc, info)
        yield document, ParsedDoc(document.text, parsed.tokens, parsed.sentences, parsed.entities, info)


def to_parsed(doc: Doc, info: PipelineInfo) -> ParsedDoc:
    """Copy what extraction needs out of a spaCy Doc, so no later stage depends on spaCy.

    Sentence offsets are trimmed to their first and last non-space token, so a sentence's text
    never starts or ends with blank lines or a blanked-out header.
    """
    sentence_spans = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    sentence_of_token = [0] * len(doc)
    sentences = []
    for index, span in enumerate(sentence_spans):
        for i in range(span.start, span.end):
            sentence_of_token[i] = index
        words = [t for t in span if not t.is_space]
        start, end = (words[0].idx, words[-1].idx + len(words[-1])) if words else (span.start_char,) * 2
        sentences.append(Sentence(start, end, span.start, span.end))
    tokens = tuple(
        Token(
            i=t.i,
            start=t.idx,
            end=t.idx + len(t.text),
            text=t.text,
            lemma=t.lemma_ or t.text,
            pos=t.pos_,
            tag=t.tag_,
            morph=str(t.morph),
            dep=t.dep_,
            head=t.head.i,
            sentence=sentence_of_token[t.i],
            whitespace=t.whitespace_,
        )
        for t in doc
    )
    entities = tuple(NamedSpan(e.start_char, e.end_char, e.label_, e.text, e.start, e.end) for e in doc.ents)
    return ParsedDoc(doc.text, tokens, tuple(sentences), entities, info)
