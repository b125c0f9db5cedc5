# ruff: noqa: E501  (invented German test sentences read best on one line)
"""Build ParsedDocs by hand, so extraction rules are tested without any spaCy model."""

from __future__ import annotations

import re

from kg.extract import extract
from kg.extract.records import Extraction
from kg.ingest import Document, make_document
from kg.nlp.parsed import NamedSpan, ParsedDoc, PipelineInfo, Sentence, Token

_TOKEN = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?|[\w]+(?:-[\w]+)*-?|[^\w\s]")
_VERB_TAGS = {"VVFIN", "VAFIN", "VMFIN", "VVINF", "VVPP", "VVIZU", "VAINF", "VMINF"}


def make_parsed(
    document: Document,
    entities: dict[str, str] | None = None,
    verbs: dict[str, tuple[str, str, str]] | None = None,
) -> ParsedDoc:
    """Tokenise `document.text`; `entities` maps surface → label (every occurrence), `verbs` maps
    a word to (lemma, STTS tag, morphology). Sentences end at . ! ? and at line breaks."""
    text, verbs = document.text, verbs or {}
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    sentence, first = 0, 0
    matches = [m for m in _TOKEN.finditer(text) if m.start() >= document.body_start]
    for k, match in enumerate(matches):
        word = match.group()
        lemma, tag, morph = verbs.get(word, (word, "", ""))
        pos = ("AUX" if tag.startswith(("VA", "VM")) else "VERB") if tag in _VERB_TAGS else ""
        if word == "zu":
            tag = "PTKZU"
        following = text[match.end() : matches[k + 1].start()] if k + 1 < len(matches) else ""
        tokens.append(
            Token(
                len(tokens),
                match.start(),
                match.end(),
                word,
                lemma,
                pos,
                tag,
                morph,
                "",
                len(tokens),
                sentence,
                following,
            )
        )
        ends = word in ".!?" and not (k + 1 < len(matches) and matches[k + 1].group() in "\"“»«'")
        if ends or "\n" in following or k + 1 == len(matches):
            sentences.append(Sentence(tokens[first].start, tokens[-1].end, first, len(tokens)))
            sentence, first = sentence + 1, len(tokens)
    tokens = [_with_sentence(t, sentences) for t in tokens]
    spans = []
    for surface, label in (entities or {}).items():
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            covered = [t for t in tokens if match.start() <= t.start < match.end()]
            if covered:
                spans.append(
                    NamedSpan(match.start(), match.end(), label, surface, covered[0].i, covered[-1].i + 1)
                )
    spans.sort(key=lambda s: s.start)
    return ParsedDoc(text, tuple(tokens), tuple(sentences), tuple(spans), PipelineInfo("test", "0"))


def _with_sentence(token: Token, sentences: list[Sentence]) -> Token:
    for index, sentence in enumerate(sentences):
        if sentence.first_token <= token.i < sentence.end_token:
            return Token(
                token.i,
                token.start,
                token.end,
                token.text,
                token.lemma,
                token.pos,
                token.tag,
                token.morph,
                token.dep,
                token.head,
                index,
                token.whitespace,
            )
    return token


FIN = "Mood=Ind|VerbForm=Fin"
SUB = "Mood=Sub|VerbForm=Fin"
COMMON_VERBS = {
    "sagte": ("sagen", "VVFIN", FIN), "sagt": ("sagen", "VVFIN", FIN), "erklärte": ("erklären", "VVFIN", FIN),
    "betonte": ("betonen", "VVFIN", FIN), "warnte": ("warnen", "VVFIN", FIN), "fügte": ("fügen", "VVFIN", FIN),
    "kündigte": ("kündigen", "VVFIN", FIN), "ist": ("sein", "VAFIN", FIN), "sind": ("sein", "VAFIN", FIN),
    "hat": ("haben", "VAFIN", FIN), "wird": ("werden", "VAFIN", FIN), "sei": ("sein", "VAFIN", SUB),
    "seien": ("sein", "VAFIN", SUB), "habe": ("haben", "VAFIN", SUB), "werde": ("werden", "VAFIN", SUB),
    "müsse": ("müssen", "VMFIN", SUB), "könne": ("können", "VMFIN", SUB), "steige": ("steigen", "VVFIN", SUB),
    "brauchen": ("brauchen", "VVFIN", FIN), "kommt": ("kommen", "VVFIN", FIN), "bleibt": ("bleiben", "VVFIN", FIN),
    "verliert": ("verlieren", "VVFIN", FIN), "stieg": ("steigen", "VVFIN", FIN), "traf": ("treffen", "VVFIN", FIN),
    "reisen": ("reisen", "VVINF", ""), "schließen": ("schließen", "VVINF", ""), "antwortete": ("antworten", "VVFIN", FIN),
    "lehnt": ("lehnen", "VVFIN", FIN), "sprach": ("sprechen", "VVFIN", FIN), "geht": ("gehen", "VVFIN", FIN),
    "steigt": ("steigen", "VVFIN", FIN), "steigen": ("steigen", "VVFIN", FIN), "tun": ("tun", "VVINF", ""),
    "helfen": ("helfen", "VVINF", ""),
}  # fmt: skip


def run(
    text: str,
    entities: dict[str, str] | None = None,
    date: str | None = "2024-03-14",
    identifier: str = "test.txt",
) -> Extraction:
    """Extract from invented text with the common verbs annotated as a tagger would."""
    document = make_document(text, identifier, date=date)
    return extract(document, make_parsed(document, entities, COMMON_VERBS))


def test_helper_offsets_index_the_text() -> None:
    extraction = run("Die Ministerin Anna Berger sagte: „Wir sind bereit.“", {"Anna Berger": "PER"})
    text = extraction.document.text
    for mention in extraction.mentions:
        assert text[mention.span.start : mention.span.end] == mention.span.text
