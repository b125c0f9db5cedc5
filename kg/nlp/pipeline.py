"""Load the German pipeline and turn its output into `ParsedDoc`s.

`load_pipeline` is the one place that decides which spaCy pipeline kg runs: the bundled
`de_kg_news` model by default, or any installed German pipeline (package name or path) by `--model`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from operator import add
from pathlib import Path

import spacy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LENGTH, MORPH, ORTH, POS, SPACY, TAG
from spacy.language import Language
from spacy.morphology import Morphology
from spacy.tokens import Doc

from kg.ingest import Document
from kg.nlp.columns import column_strings
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
    columns = _token_columns(doc)
    sentence_spans = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    sentence_of_token = [0] * len(doc)
    sentences = []
    for index, span in enumerate(sentence_spans):
        sentence_of_token[span.start : span.end] = [index] * (span.end - span.start)
        words = [i for i in range(span.start, span.end) if not columns.is_space[i]]
        start, end = (columns.starts[words[0]], columns.ends[words[-1]]) if words else (span.start_char,) * 2
        sentences.append(Sentence(start, end, span.start, span.end))
    tokens = tuple(
        Token(i, start, end, text, lemma or text, pos, tag, morph, dep, head, sentence, whitespace)
        for i, start, end, text, lemma, pos, tag, morph, dep, head, sentence, whitespace in zip(
            range(len(doc)),
            columns.starts,
            columns.ends,
            columns.texts,
            columns.lemmas,
            columns.pos,
            columns.tags,
            columns.morphs,
            columns.deps,
            columns.heads,
            sentence_of_token,
            columns.whitespaces,
            strict=True,
        )
    )
    text = "".join(map(add, columns.texts, columns.whitespaces))  # what `doc.text` rebuilds, token by token
    entities = tuple(
        NamedSpan(e.start_char, e.end_char, e.label_, text[e.start_char : e.end_char], e.start, e.end)
        for e in doc.ents
    )
    return ParsedDoc(text, tokens, tuple(sentences), entities, info)


_COLUMNS = [ORTH, LENGTH, SPACY, IS_SPACE, LEMMA, POS, TAG, MORPH, DEP, HEAD]


@dataclass(frozen=True)
class _TokenColumns:
    """Every token attribute `to_parsed` copies, one list per attribute, in token order."""

    texts: list[str]
    starts: list[int]
    ends: list[int]
    whitespaces: list[str]
    is_space: list[int]
    lemmas: list[str]
    pos: list[str]
    tags: list[str]
    morphs: list[str]
    deps: list[str]
    heads: list[int]


def _token_columns(doc: Doc) -> _TokenColumns:
    """All token attributes read in one `Doc.to_array` call: creating a spaCy `Token` object and
    reading its attributes one by one cost as much as all the rest of the conversion."""
    if not len(doc):
        return _TokenColumns([], [], [], [], [], [], [], [], [], [], [])
    array = doc.to_array(_COLUMNS).T
    orth, length, spacy_, is_space, lemma, pos, tag, morph, dep = array[:-1].tolist()
    relative_heads = array[-1].astype("int64").tolist()  # stored unsigned: a head before is negative
    strings = doc.vocab.strings
    starts = [0, *accumulate(map(add, length, spacy_))][:-1]  # doc.text is each token + its space
    return _TokenColumns(
        texts=column_strings(strings, orth),
        starts=starts,
        ends=list(map(add, starts, length)),
        whitespaces=[" " if space else "" for space in spacy_],
        is_space=is_space,
        lemmas=column_strings(strings, lemma),
        pos=column_strings(strings, pos),
        tags=column_strings(strings, tag),
        morphs=[_features(morph) for morph in column_strings(strings, morph)],
        deps=column_strings(strings, dep),
        heads=list(map(add, range(len(doc)), relative_heads)),
    )


def _features(morph: str) -> str:
    """UD features as `str(token.morph)` gives them: empty, not "_", when there are none."""
    return "" if morph == Morphology.EMPTY_MORPH else morph
