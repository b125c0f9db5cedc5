"""NLP stage: run a German spaCy pipeline and hand on plain `ParsedDoc`s, never spaCy objects."""

from kg.nlp.parsed import NamedSpan, ParsedDoc, PipelineInfo, Sentence, Token
from kg.nlp.pipeline import DEFAULT_MODEL, load_pipeline, parse_documents, to_parsed

__all__ = [
    "DEFAULT_MODEL",
    "NamedSpan",
    "ParsedDoc",
    "PipelineInfo",
    "Sentence",
    "Token",
    "load_pipeline",
    "parse_documents",
    "to_parsed",
]
