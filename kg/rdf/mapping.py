"""RDF mapping: one `Extraction` becomes one article graph (schema.org + NIF + PROV-O + kg:).

The article graph is self-contained — it types every entity it mentions, so SHACL can validate it
alone — and every quotation, claim and statement points back to the `nif:Sentence` it came from,
whose offsets index the stored text held by the article's `nif:Context`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from itertools import chain

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg import __version__
from kg.extract.records import Claim, Entity, Extraction, Mention, Quotation, Source, Span, Statement
from kg.rdf.iris import SOURCE_LABEL, IriMinter
from kg.rdf.vocab import ITSRDF, KG, NIF, PREFIXES, PROV, SCHEMA

ENTITY_CLASSES = {"PER": SCHEMA.Person, "ORG": SCHEMA.Organization, "LOC": SCHEMA.Place, "MISC": SCHEMA.Thing}
PLACE_CLASSES = {"Country": SCHEMA.Country, "City": SCHEMA.City}
QUOTE_KINDS = {"direct": KG.Direct, "indirect": KG.Indirect, "reported": KG.Reported}
QUOTE_KIND_ORDER = ("direct", "indirect", "reported")
STATEMENT_PREDICATES = {"holdsRole": KG.holdsRole, "derivedFrom": KG.derivedFrom, "memberOf": SCHEMA.memberOf}
TRUE = Literal(True)


Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class ArticleGraph:
    """The RDF of one article, ready to validate and to store as the named graph `graph_iri`.

    Held as a plain set of triples: the build only needs N-Triples (for SHACL and the store), and
    filling an rdflib graph would cost as much as the whole extraction; `graph` builds one on demand.
    """

    article_id: str
    graph_iri: URIRef
    triples: frozenset[Triple]

    def __len__(self) -> int:
        return len(self.triples)

    @cached_property
    def graph(self) -> Graph:
        graph = new_graph()
        for triple in self.triples:
            graph.add(triple)
        return graph

    def to_ntriples(self) -> str:
        """Sorted N-Triples: byte-identical for the same input."""
        nt = {term: _nt(term) for term in set(chain.from_iterable(self.triples))}  # each term once
        return "".join(sorted(f"{nt[s]} {nt[p]} {nt[o]} .\n" for s, p, o in self.triples))


def _nt(term: Node) -> str:
    """One term in N-Triples syntax (RDF 1.1 canonical escapes for literals)."""
    if type(term) is URIRef:  # most terms; `isinstance` on rdflib terms is an ABC check
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        return f'"{text}"^^<{term.datatype}>' if term.datatype else f'"{text}"'
    if isinstance(term, URIRef):
        return f"<{term}>"
    return term.n3()


def ntriples_in_graph(ntriples: str, graph_iri: str) -> str:
    """N-Triples → N-Quads of the same triples in the named graph `graph_iri` (line order kept)."""
    in_graph = f" <{graph_iri}> .\n"
    lines = (line.rstrip() for line in ntriples.splitlines())
    return "".join(line.removesuffix(".").rstrip() + in_graph for line in lines if line)


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def map_extraction(extraction: Extraction, minter: IriMinter) -> ArticleGraph:
    return _ArticleMapper(extraction, minter).run()


class _ArticleMapper:
    """Holds the per-article context (IRIs, graph) while each kind of record is added."""

    def __init__(self, extraction: Extraction, minter: IriMinter) -> None:
        self.x = extraction
        self.minter = minter
        self.doc = extraction.document
        self.triples: set[Triple] = set()
        self.article = minter.article(self.doc.id)
        self.context = minter.span(self.doc.id, 0, len(self.doc.text))
        self.activity = minter.activity(
            self.doc.id, f"{extraction.pipeline.name}@{extraction.pipeline.version}"
        )
        self.sentences = [minter.span(self.doc.id, s.start, s.end) for s in extraction.sentences]
        self.confidence: dict[URIRef, float] = {}
        self.quote_kind: dict[URIRef, str] = {}
        """A quotation found twice in one article (e.g. as direct and as indirect speech) is one
        resource: it keeps the best confidence and the most literal kind."""

    def add(self, subject: Node, predicate: Node, obj: Node | None) -> None:
        if obj is not None:
            self.triples.add((subject, predicate, obj))

    def run(self) -> ArticleGraph:
        self.add_article()
        self.add_context_and_sentences()
        self.add_activity()
        for entity in self.x.entities:
            self.add_entity(entity)
        for source in self.x.sources:
            self.add_source(source)
        for mention in self.x.mentions:
            self.add_mention(mention)
        for quotation in self.x.quotations:
            self.add_quotation(quotation)
        for claim in self.x.claims:
            self.add_claim(claim)
        for statement in self.x.statements:
            self.add_statement(statement)
        for node, kind in self.quote_kind.items():
            self.add(node, KG.quoteKind, QUOTE_KINDS[kind])
        for node, confidence in self.confidence.items():
            self.add(node, KG.confidence, _confidence(confidence))
        return ArticleGraph(self.doc.id, self.minter.article_graph(self.doc.id), frozenset(self.triples))

    # --- article, text, provenance -------------------------------------------------------------

    def add_article(self) -> None:
        doc, article = self.doc, self.article
        self.add(article, RDF.type, SCHEMA.NewsArticle)
        self.add(article, SCHEMA.identifier, Literal(doc.identifier))
        self.add(article, SCHEMA.inLanguage, Literal("de"))
        self.add(article, KG.sha256, Literal(doc.sha256))
        if doc.title:
            self.add(article, SCHEMA.headline, Literal(doc.title))
        if doc.date:
            datatype = XSD.date if len(doc.date) == 10 else XSD.gYearMonth
            self.add(article, SCHEMA.datePublished, Literal(doc.date, datatype=datatype))
        if doc.publisher:
            self.add(article, SCHEMA.publisher, Literal(doc.publisher))
        if doc.url:
            self.add(article, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI))

    def add_context_and_sentences(self) -> None:
        text = self.doc.text
        self.add(self.context, RDF.type, NIF.Context)
        self.add(self.context, NIF.isString, Literal(text))
        self.add(self.context, NIF.beginIndex, _offset(0))
        self.add(self.context, NIF.endIndex, _offset(len(text)))
        self.add(self.context, NIF.sourceUrl, self.article)
        for index, (span, iri) in enumerate(zip(self.x.sentences, self.sentences, strict=True)):
            self.add_string(iri, span, NIF.Sentence)
            if index + 1 < len(self.sentences):
                self.add(iri, NIF.nextSentence, self.sentences[index + 1])

    def add_string(self, iri: URIRef, span: Span, nif_class: URIRef) -> None:
        self.add(iri, RDF.type, nif_class)
        self.add(iri, NIF.beginIndex, _offset(span.start))
        self.add(iri, NIF.endIndex, _offset(span.end))
        self.add(iri, NIF.anchorOf, Literal(span.text))
        self.add(iri, NIF.referenceContext, self.context)

    def add_phrase(self, span: Span, sentence: int) -> URIRef:
        iri = self.minter.span(self.doc.id, span.start, span.end)
        self.add_string(iri, span, NIF.Phrase)
        self.add(iri, NIF.sentence, self.sentences[sentence])
        return iri

    def add_activity(self) -> None:
        pipeline = self.x.pipeline
        model = self.minter.software(pipeline.name, pipeline.version)
        kg_software = self.minter.software("kg", __version__)
        self.add(self.activity, RDF.type, PROV.Activity)
        self.add(self.activity, PROV.used, model)
        self.add(self.activity, PROV.used, self.article)
        self.add(self.activity, PROV.wasAssociatedWith, kg_software)
        self.add(model, RDF.type, PROV.Entity)
        self.add(model, RDF.type, SCHEMA.SoftwareApplication)
        self.add(model, SCHEMA.name, Literal(pipeline.name))
        self.add(model, SCHEMA.softwareVersion, Literal(pipeline.version))
        self.add(kg_software, RDF.type, PROV.SoftwareAgent)
        self.add(kg_software, RDF.type, SCHEMA.SoftwareApplication)
        self.add(kg_software, SCHEMA.name, Literal("kg"))
        self.add(kg_software, SCHEMA.softwareVersion, Literal(__version__))

    def derive(self, node: URIRef, sentences: tuple[int, ...] | list[int], confidence: float) -> None:
        for index in sentences:
            self.add(node, PROV.wasDerivedFrom, self.sentences[index])
        self.add(node, PROV.wasGeneratedBy, self.activity)
        self.confidence[node] = max(confidence, self.confidence.get(node, 0.0))

    # --- entities and mentions -----------------------------------------------------------------

    def add_entity(self, entity: Entity) -> None:
        iri = self.minter.entity(entity.key)
        self.add(iri, RDF.type, ENTITY_CLASSES[entity.label])
        if entity.place_kind in PLACE_CLASSES:
            self.add(iri, RDF.type, PLACE_CLASSES[entity.place_kind])
        for name in {entity.name, *entity.alternate_names}:
            self.add(iri, SCHEMA.alternateName, Literal(name))
        self.add(self.article, SCHEMA.mentions, iri)

    def add_source(self, source: Source) -> None:
        """A described speaker: a resource of this article's graph only, never in the entities graph
        (it has no schema:alternateName, which that graph is made from) and not among the article's
        schema:mentions, which name the entities shared across articles."""
        iri = self.minter.source(source.key)
        self.add(iri, RDF.type, KG.DescribedSource)
        self.add(iri, RDF.type, ENTITY_CLASSES[source.label])
        self.add(iri, SCHEMA.description, Literal(source.description))
        self.add(iri, KG.head, Literal(source.head))
        self.add(iri, KG.inArticle, self.article)
        self.add(iri, SCHEMA.memberOf, self.resource_or_none(source.organization_key))

    def add_mention(self, mention: Mention) -> URIRef:
        phrase = self.add_phrase(mention.span, mention.sentence)
        key = mention.entity_key
        resource = self.minter.resource(key)
        label = key.partition(":")[0]
        self.add(phrase, ITSRDF.taIdentRef, resource)
        self.add(phrase, ITSRDF.taClassRef, ENTITY_CLASSES[mention.label if label == SOURCE_LABEL else label])
        self.add(resource, KG.denotedBy, phrase)
        return phrase

    def resource_or_none(self, key: str | None) -> URIRef | None:
        return self.minter.resource(key) if key else None

    # --- quotations, claims, statements ---------------------------------------------------------

    def add_quotation(self, quotation: Quotation) -> None:
        """A quotation whose speaker was not found is published too (nothing quoted is dropped),
        with kg:speakerUnresolved instead of a speaker and the record's (low) confidence."""
        iri = self.minter.quotation(quotation.span.text, quotation.speaker_key, self.doc.id)
        speaker = self.resource_or_none(quotation.speaker_key)
        if speaker is None:
            self.add(iri, KG.speakerUnresolved, TRUE)
        self.add(iri, RDF.type, SCHEMA.Quotation)
        self.add(iri, SCHEMA.text, Literal(quotation.span.text))
        self.add(iri, KG.denotedBy, self.add_phrase(quotation.span, quotation.sentences[0]))
        self.add(iri, SCHEMA.spokenByCharacter, speaker)
        self.add(iri, SCHEMA.creator, speaker)
        self.add(iri, SCHEMA.isPartOf, self.article)
        known = self.quote_kind.get(iri)
        if known is None or QUOTE_KIND_ORDER.index(quotation.kind) < QUOTE_KIND_ORDER.index(known):
            self.quote_kind[iri] = quotation.kind
        if quotation.cue is not None:
            self.add(iri, KG.cue, Literal(quotation.cue.text))
        if quotation.cue_lemma:
            self.add(iri, KG.cueLemma, Literal(quotation.cue_lemma))
        self.add(iri, KG.addressee, self.resource_or_none(quotation.addressee_key))
        self.derive(iri, quotation.sentences, quotation.confidence)

    def add_claim(self, claim: Claim) -> None:
        iri = self.minter.claim(claim.span.text, claim.claimant_key)
        self.add(iri, RDF.type, SCHEMA.Claim)
        self.add(iri, SCHEMA.text, Literal(claim.span.text))
        self.add(iri, KG.denotedBy, self.add_phrase(claim.span, claim.sentences[0]))
        self.add(iri, SCHEMA.author, self.resource_or_none(claim.claimant_key))
        self.add(iri, SCHEMA.appearance, self.article)
        for key in claim.about_keys:
            self.add(iri, SCHEMA.about, self.minter.resource(key))
        for index, quantity in enumerate(claim.quantities):
            node = self.minter.quantity(iri, index)
            self.add(iri, KG.quantity, node)
            self.add(node, RDF.type, SCHEMA.QuantitativeValue)
            self.add(node, SCHEMA.value, Literal(Decimal(quantity.value)))
            self.add(node, SCHEMA.description, Literal(quantity.span.text))
            if quantity.unit:
                self.add(node, SCHEMA.unitText, Literal(quantity.unit))
            if quantity.period:
                self.add(node, KG.period, Literal(quantity.period, datatype=XSD.duration))
        for date in claim.dates:
            self.add(iri, KG.refersToDate, Literal(date, datatype=XSD.date))
        self.derive(iri, claim.sentences, claim.confidence)

    def add_statement(self, statement: Statement) -> None:
        predicate = STATEMENT_PREDICATES[statement.predicate]
        evidence = self.add_phrase(statement.evidence, statement.sentence)
        if statement.predicate == "derivedFrom":
            subject: URIRef = evidence
            obj: Node | None = self.resource_or_none(statement.object_key or statement.subject_key)
        else:
            subject = self.minter.resource(statement.subject_key)
            obj = self.resource_or_none(statement.object_key)
            if obj is None and statement.object_literal is not None:
                obj = Literal(statement.object_literal)
        if obj is None:
            return
        iri = self.minter.statement(str(subject), str(predicate), str(obj), statement.organization_key or "")
        self.add(iri, RDF.type, KG.Statement)
        self.add(iri, RDF.subject, subject)
        self.add(iri, RDF.predicate, predicate)
        self.add(iri, RDF.object, obj)
        self.add(iri, KG.denotedBy, evidence)
        self.add(iri, KG.roleOrganization, self.resource_or_none(statement.organization_key))
        self.derive(iri, (statement.sentence,), statement.confidence)
        if statement.predicate == "holdsRole":
            self.add(subject, SCHEMA.jobTitle, obj)
        elif statement.predicate == "memberOf":
            self.add(subject, SCHEMA.memberOf, obj)


@lru_cache(maxsize=65_536)
def _offset(value: int) -> Literal:
    """An offset as xsd:integer (the shapes require >= 0): NIF's range is xsd:nonNegativeInteger, but
    Oxigraph stores every integer-derived type as xsd:integer, and what is validated before storing
    must be exactly what the store then publishes."""
    return Literal(value, datatype=XSD.integer)


@lru_cache(maxsize=1024)
def _confidence(value: float) -> Literal:
    return Literal(Decimal(f"{value:.2f}"), datatype=XSD.decimal)
