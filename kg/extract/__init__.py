"""Extraction stage: from a parsed article to mentions, entities, quotations, claims, statements.

`extract(document, parsed)` is the entry point. Every rule is general German (quote marks,
verbs of saying, Konjunktiv, role nouns, word order) plus packaged gazetteers in `data/`.
Each article is extracted alone (so builds are incremental and parallel); people named only by
surname are joined to the full name across articles by the store's entity refresh.
"""

from __future__ import annotations

from kg.extract.claims import find_claims
from kg.extract.dates import article_date
from kg.extract.derived import derived_statements, find_derived
from kg.extract.entities import find_entities
from kg.extract.records import Extraction
from kg.extract.roles import find_roles, role_statements
from kg.extract.speech import article_view, find_speech
from kg.extract.text import make_span
from kg.extract.units import text_units
from kg.ingest import Document
from kg.nlp.parsed import ParsedDoc

__all__ = ["extract"]


def extract(document: Document, parsed: ParsedDoc) -> Extraction:
    """Everything kg extracts from one article; offsets index `document.text`.

    Each step reads only what the steps before it returned: quotations read the article view,
    claims the view and the finished quotations.
    """
    index = find_entities(document, parsed)
    derived = find_derived(document, parsed, index)
    roles = find_roles(document, parsed, index, derived)
    view = article_view(document, parsed, index, roles, derived, text_units(document, parsed))
    speech = find_speech(view)
    claims = find_claims(view, speech, article_date(document.date))
    statements = role_statements(roles) + derived_statements(derived)
    sentences = tuple(make_span(document.text, s.start, s.end) for s in parsed.sentences)
    return Extraction(
        document=document,
        pipeline=parsed.pipeline,
        sentences=sentences,
        entities=tuple(sorted(claims.index.entities.values(), key=lambda e: e.key)),
        sources=claims.sources,
        mentions=tuple(claims.index.mentions),
        quotations=speech.quotations,
        claims=claims.claims,
        statements=tuple(statements),
    )
