"""Each SHACL shape is shown to accept a good article graph and to reject a graph that breaks it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef

from kg.extract.records import Extraction
from kg.ingest import make_document
from kg.rdf import IriMinter, map_extraction
from kg.rdf.vocab import ITSRDF, KG, NIF, PROV, SCHEMA, SH
from kg.validate import ENGINES, load_shapes, validate_graph, validate_ntriples
from tests.conftest import BASE, SOURCED_TEXT, make_sourced_extraction

SHAPES = "https://kg.example.org/shapes#"


def good_graph(extraction: Extraction) -> Graph:
    return map_extraction(extraction, IriMinter(BASE)).graph


def one(graph: Graph, rdf_type: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, rdf_type))[0]


def shift_a_mention(graph: Graph) -> None:
    phrase = sorted(graph.subjects(ITSRDF.taIdentRef, None))[0]
    begin = int(graph.value(phrase, NIF.beginIndex))
    graph.set((phrase, NIF.beginIndex, Literal(begin + 1, datatype=XSD.integer)))


def drop(rdf_type: URIRef, predicate: URIRef) -> Callable[[Graph], None]:
    def corrupt(graph: Graph) -> None:
        graph.remove((one(graph, rdf_type), predicate, None))

    return corrupt


def retype_speaker_as_string(graph: Graph) -> None:
    quotation = one(graph, SCHEMA.Quotation)
    graph.set((quotation, SCHEMA.spokenByCharacter, URIRef(BASE + "entity/person/unknown")))


def wrong_context_length(graph: Graph) -> None:
    context = one(graph, NIF.Context)
    graph.set((context, NIF.endIndex, Literal(3, datatype=XSD.integer)))


def mention_of_untyped_entity(graph: Graph) -> None:
    phrase = sorted(graph.subjects(ITSRDF.taIdentRef, None))[0]
    graph.set((phrase, ITSRDF.taIdentRef, URIRef(BASE + "entity/thing/nobody")))


def quantity_as_text(graph: Graph) -> None:
    quantity = one(graph, SCHEMA.QuantitativeValue)
    graph.set((quantity, SCHEMA.value, Literal("zweitausend")))


def english_article(graph: Graph) -> None:
    article = one(graph, SCHEMA.NewsArticle)
    graph.set((article, SCHEMA.inLanguage, Literal("en")))


def confidence_above_one(graph: Graph) -> None:
    claim = one(graph, SCHEMA.Claim)
    graph.set((claim, KG.confidence, Literal("1.5", datatype=XSD.decimal)))


def bad_date(graph: Graph) -> None:
    article = one(graph, SCHEMA.NewsArticle)
    graph.set((article, SCHEMA.datePublished, Literal("5. März")))


def name_as_number(graph: Graph) -> None:
    graph.set((one(graph, SCHEMA.Person), SCHEMA.alternateName, Literal(3)))


# --- corruptions of an article with described sources and an unresolved quotation ---------------


def unresolved(graph: Graph) -> URIRef:
    return next(graph.subjects(KG.speakerUnresolved, None))


def source_of_quotation(graph: Graph) -> tuple[URIRef, URIRef]:
    """An attributed quotation and its described source."""
    quotation = sorted(q for q in graph.subjects(RDF.type, SCHEMA.Quotation) if q != unresolved(graph))[0]
    return quotation, graph.value(quotation, SCHEMA.spokenByCharacter)


def shift_a_source_mention(graph: Graph) -> None:
    phrase = next(graph.objects(one(graph, KG.DescribedSource), KG.denotedBy))
    graph.set(
        (phrase, NIF.endIndex, Literal(int(graph.value(phrase, NIF.endIndex)) - 1, datatype=XSD.integer))
    )


def source_typed_as_place(graph: Graph) -> None:
    source = one(graph, KG.DescribedSource)
    graph.remove((source, RDF.type, None))
    graph.add((source, RDF.type, KG.DescribedSource))
    graph.add((source, RDF.type, SCHEMA.Place))


def source_typed_twice(graph: Graph) -> None:
    graph.add((one(graph, KG.DescribedSource), RDF.type, SCHEMA.Person))
    graph.add((one(graph, KG.DescribedSource), RDF.type, SCHEMA.Organization))


def source_with_a_name(graph: Graph) -> None:
    graph.add((one(graph, KG.DescribedSource), SCHEMA.alternateName, Literal("Polizei")))


def source_member_of_nothing(graph: Graph) -> None:
    graph.set((one(graph, KG.DescribedSource), SCHEMA.memberOf, URIRef(BASE + "entity/organization/nobody")))


def unresolved_and_unmarked(graph: Graph) -> None:
    graph.remove((unresolved(graph), KG.speakerUnresolved, None))


def unresolved_with_a_speaker(graph: Graph) -> None:
    quotation = unresolved(graph)
    _, source = source_of_quotation(graph)
    graph.add((quotation, SCHEMA.spokenByCharacter, source))
    graph.add((quotation, SCHEMA.creator, source))


def attributed_marked_not_unresolved(graph: Graph) -> None:
    quotation, _ = source_of_quotation(graph)
    graph.add((quotation, KG.speakerUnresolved, Literal(False)))


CORRUPTIONS = [
    ("Article-identifier", drop(SCHEMA.NewsArticle, SCHEMA.identifier)),
    ("Article-sha256", drop(SCHEMA.NewsArticle, KG.sha256)),
    ("Article-date", bad_date),
    ("Article-language", english_article),
    ("Context-isString", drop(NIF.Context, NIF.isString)),
    ("Context-anchors", shift_a_mention),
    ("Context-length", wrong_context_length),
    ("String-anchor", drop(NIF.Sentence, NIF.anchorOf)),
    ("String-context", drop(NIF.Sentence, NIF.referenceContext)),
    ("Phrase-sentence", drop(NIF.Phrase, NIF.sentence)),
    ("EntityShape", drop(SCHEMA.Person, SCHEMA.alternateName)),
    ("Entity-names", name_as_number),
    ("Mention-entity", mention_of_untyped_entity),
    ("QuotationShape", drop(SCHEMA.Quotation, SCHEMA.spokenByCharacter)),
    ("Quotation-speaker", retype_speaker_as_string),
    ("Quotation-kind", drop(SCHEMA.Quotation, KG.quoteKind)),
    ("Quotation-span", drop(SCHEMA.Quotation, KG.denotedBy)),
    ("Provenance-sentence", drop(SCHEMA.Quotation, PROV.wasDerivedFrom)),
    ("Provenance-sentence", drop(SCHEMA.Claim, PROV.wasDerivedFrom)),
    ("Provenance-confidence", confidence_above_one),
    ("Claim-appearance", drop(SCHEMA.Claim, SCHEMA.appearance)),
    ("Claim-span", drop(SCHEMA.Claim, KG.denotedBy)),
    ("Quantity-value", quantity_as_text),
    ("Statement-object", drop(KG.Statement, RDF.object)),
    ("Statement-evidence", drop(KG.Statement, KG.denotedBy)),
    ("Activity-agent", drop(PROV.Activity, PROV.wasAssociatedWith)),
]
SOURCE_CORRUPTIONS = [
    ("Source-description", drop(KG.DescribedSource, SCHEMA.description)),
    ("Source-head", drop(KG.DescribedSource, KG.head)),
    ("Source-denotedBy", drop(KG.DescribedSource, KG.denotedBy)),
    ("Source-article", drop(KG.DescribedSource, KG.inArticle)),
    ("Source-type", source_typed_as_place),
    ("Source-type", source_typed_twice),
    ("Source-noName", source_with_a_name),
    ("Source-organization", source_member_of_nothing),
    ("Context-anchors", shift_a_source_mention),
    ("QuotationShape", unresolved_and_unmarked),
    ("QuotationShape", unresolved_with_a_speaker),
    ("Quotation-unresolved", attributed_marked_not_unresolved),
]
ALL_CORRUPTIONS = [(shape, corrupt, False) for shape, corrupt in CORRUPTIONS] + [
    (shape, corrupt, True) for shape, corrupt in SOURCE_CORRUPTIONS
]


def good_graph_of(extraction: Extraction, with_sources: bool) -> Graph:
    """The fixture article, or the one whose speakers are described sources."""
    if with_sources:
        extraction = make_sourced_extraction(make_document(SOURCED_TEXT, "quellen.txt"))
    return good_graph(extraction)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("with_sources", [False, True])
def test_a_good_article_graph_conforms(extraction: Extraction, engine: str, with_sources: bool) -> None:
    report = validate_graph(good_graph_of(extraction, with_sources), "good", engine)
    assert report.conforms, report.text()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("shape", "corrupt", "with_sources"),
    ALL_CORRUPTIONS,
    ids=[f"{s}-{c.__name__}" for s, c, _ in ALL_CORRUPTIONS],
)
def test_each_shape_rejects_a_graph_that_breaks_it(
    extraction: Extraction, shape: str, corrupt: Callable[[Graph], None], with_sources: bool, engine: str
) -> None:
    graph = good_graph_of(extraction, with_sources)
    corrupt(graph)
    report = validate_graph(graph, "corrupted", engine)
    assert not report.conforms
    assert f"kgsh:{shape}" in {v.shape for v in report.violations}, report.text()


def test_both_engines_and_both_inputs_report_the_same_violations(extraction: Extraction) -> None:
    """pyshacl-turbo stands in for pyshacl only while their reports agree, corruption by corruption,
    whether the graph comes as rdflib graph or as N-Triples read back from a store (the engines
    word their generated messages differently, so messages are not compared)."""
    for _, corrupt, with_sources in ALL_CORRUPTIONS:
        graph = good_graph_of(extraction, with_sources)
        corrupt(graph)
        ntriples = graph.serialize(format="nt")
        reports = [
            validate_graph(graph, "corrupted", "turbo"),
            validate_graph(graph, "corrupted", "pyshacl"),
            validate_ntriples(ntriples, "corrupted", "turbo"),
            validate_ntriples(ntriples, "corrupted", "pyshacl"),
        ]
        turbo, *others = ({replace(v, message="") for v in report.violations} for report in reports)
        assert turbo and all(other == turbo for other in others), corrupt.__name__


def test_an_unknown_engine_is_refused(extraction: Extraction) -> None:
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        validate_graph(good_graph(extraction), "good", "jena")


@pytest.mark.parametrize("engine", ENGINES)
def test_report_names_the_shifted_node_and_the_shape(extraction: Extraction, engine: str) -> None:
    graph = good_graph(extraction)
    shift_a_mention(graph)
    text = validate_graph(graph, "corrupted", engine).text()
    assert "kgsh:Context-anchors" in text
    assert "#char=" in text and "but the text at" in text


def test_every_node_shape_is_exercised_by_a_corruption() -> None:
    """Each node shape has at least one of its own constraints broken by a test above (its
    property or SPARQL constraints, or a constraint of the node shape itself such as sh:xone)."""
    shapes = load_shapes()
    exercised = {SHAPES + name for name, _, _ in ALL_CORRUPTIONS}
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        constraints = {str(c) for p in (SH.property, SH.sparql) for c in shapes.objects(node_shape, p)}
        constraints.add(str(node_shape))
        assert constraints & exercised, f"no test breaks {node_shape}"


def test_validation_of_ntriples_reads_values_not_spellings(extraction: Extraction) -> None:
    """A graph given as text is judged on its values ("00" is the integer 0) and reported in the
    store's canonical spelling ("1.50" is shown as 1.5), whichever way the engine takes it in."""
    graph = good_graph(extraction)
    ntriples = graph.serialize(format="nt")
    zero = f'"0"^^<{XSD.integer}>'
    assert zero in ntriples
    assert validate_ntriples(ntriples.replace(zero, f'"00"^^<{XSD.integer}>'), "padded").conforms

    provenance = next(graph.subjects(KG.confidence, None))
    graph.set((provenance, KG.confidence, Literal("1.50", datatype=XSD.decimal)))
    report = validate_ntriples(graph.serialize(format="nt"), "out of range")
    assert not report.conforms
    assert {(v.shape, v.value) for v in report.violations} == {
        ("kgsh:Provenance-confidence", '"1.5"^^xsd:decimal')
    }


def test_malformed_ntriples_raise_a_syntax_error() -> None:
    with pytest.raises(SyntaxError):
        validate_ntriples("<https://kg.example.org/a> <https://kg.example.org/b> .\n", "broken")
