from __future__ import annotations

import pytest
from rdflib import RDF, XSD, Literal, URIRef

from kg.extract.records import Extraction, Quotation
from kg.ingest import make_document
from kg.nlp.parsed import PipelineInfo
from kg.rdf import IriMinter, map_extraction
from kg.rdf.iris import slugify
from kg.rdf.vocab import ITSRDF, KG, NIF, PROV, SCHEMA
from tests.conftest import BASE, SOURCED_TEXT, make_extraction, make_sourced_extraction


def test_every_anchored_string_equals_its_slice_of_the_stored_text(extraction: Extraction) -> None:
    graph = map_extraction(extraction, IriMinter(BASE)).graph
    text = extraction.document.text
    anchored = list(graph.subject_objects(NIF.anchorOf))
    assert len(anchored) >= 8
    for node, anchor in anchored:
        begin = int(graph.value(node, NIF.beginIndex))
        end = int(graph.value(node, NIF.endIndex))
        assert text[begin:end] == str(anchor)
        assert str(node).endswith(f"#char={begin},{end}")


def test_quotation_has_speaker_provenance_and_kind(extraction: Extraction) -> None:
    minter = IriMinter(BASE)
    graph = map_extraction(extraction, minter).graph
    (quotation,) = graph.subjects(RDF.type, SCHEMA.Quotation)
    speaker = minter.entity("PER:anna-beispiel")
    assert graph.value(quotation, SCHEMA.spokenByCharacter) == speaker
    assert graph.value(quotation, SCHEMA.creator) == speaker
    assert graph.value(quotation, KG.quoteKind) == KG.Direct
    assert graph.value(quotation, KG.cueLemma) == Literal("sagen")
    sentence = graph.value(quotation, PROV.wasDerivedFrom)
    assert (sentence, RDF.type, NIF.Sentence) in graph
    assert "„Wir brauchen 300 neue Busse.“" in str(graph.value(sentence, NIF.anchorOf))
    assert graph.value(quotation, SCHEMA.isPartOf) == minter.article(extraction.document.id)


def test_article_metadata_and_mentions(extraction: Extraction) -> None:
    minter = IriMinter(BASE)
    graph = map_extraction(extraction, minter).graph
    article = minter.article(extraction.document.id)
    assert graph.value(article, SCHEMA.datePublished) == Literal("2024-03-05", datatype=XSD.date)
    assert graph.value(article, KG.sha256) == Literal(extraction.document.sha256)
    person = minter.entity("PER:anna-beispiel")
    assert (article, SCHEMA.mentions, person) in graph
    phrases = set(graph.objects(person, KG.denotedBy))
    assert {graph.value(p, ITSRDF.taIdentRef) for p in phrases} == {person}
    assert (minter.entity("LOC:berlin"), RDF.type, SCHEMA.City) in graph


def test_claim_quantity_and_role_statement(extraction: Extraction) -> None:
    minter = IriMinter(BASE)
    graph = map_extraction(extraction, minter).graph
    (claim,) = graph.subjects(RDF.type, SCHEMA.Claim)
    quantity = graph.value(claim, KG.quantity)
    assert graph.value(quantity, SCHEMA.value).toPython() == 2000
    assert graph.value(quantity, KG.period) == Literal("P1M", datatype=XSD.duration)
    assert graph.value(claim, KG.refersToDate) == Literal("2024-03-04", datatype=XSD.date)
    (statement,) = graph.subjects(RDF.type, KG.Statement)
    assert graph.value(statement, RDF.predicate) == KG.holdsRole
    assert (minter.entity("PER:anna-beispiel"), SCHEMA.jobTitle, Literal("Ministerin")) in graph


def test_month_precision_date_is_a_gyearmonth() -> None:
    document = make_document(" date 2025-02 Text.\nMehr Text.", "m.txt")
    extraction = Extraction(document, PipelineInfo("de_test", "0"), ())
    graph = map_extraction(extraction, IriMinter(BASE)).graph
    assert Literal("2025-02", datatype=XSD.gYearMonth) in set(graph.objects(None, SCHEMA.datePublished))


def test_same_input_gives_byte_identical_ntriples(extraction: Extraction) -> None:
    one = map_extraction(extraction, IriMinter(BASE)).to_ntriples()
    two = map_extraction(make_extraction(extraction.document), IriMinter(BASE)).to_ntriples()
    assert one == two and "_:" not in one


def test_same_quotation_in_two_articles_is_one_resource(extraction: Extraction) -> None:
    minter = IriMinter(BASE)
    other = make_document("Ganz anderer Artikel. " + extraction.document.text, "other.txt")
    first = map_extraction(extraction, minter).graph
    second = map_extraction(make_extraction(other), minter).graph
    quotations = [set(g.subjects(RDF.type, SCHEMA.Quotation)) for g in (first, second)]
    assert quotations[0] == quotations[1]
    (quotation,) = quotations[0]
    assert first.value(quotation, SCHEMA.isPartOf) != second.value(quotation, SCHEMA.isPartOf)


def test_a_quotation_without_speaker_is_published_marked_unresolved(extraction: Extraction) -> None:
    quotation = extraction.quotations[0]
    orphan = Quotation(quotation.span, "direct", None, quotation.sentences, confidence=0.3)
    changed = Extraction(**{**vars(extraction), "quotations": (orphan,)})
    minter = IriMinter(BASE)
    graph = map_extraction(changed, minter).graph
    (published,) = graph.subjects(RDF.type, SCHEMA.Quotation)
    assert graph.value(published, KG.speakerUnresolved) == Literal(True)
    assert graph.value(published, SCHEMA.spokenByCharacter) is None
    assert graph.value(published, SCHEMA.creator) is None
    assert [str(c) for c in graph.objects(published, KG.confidence)] == ["0.30"]
    assert graph.value(published, SCHEMA.isPartOf) == minter.article(extraction.document.id)
    assert graph.value(published, SCHEMA.text) == Literal("Wir brauchen 300 neue Busse.")
    assert graph.value(published, KG.quoteKind) == KG.Direct
    assert (graph.value(published, PROV.wasDerivedFrom), RDF.type, NIF.Sentence) in graph


def test_unresolved_quotations_with_the_same_words_in_two_articles_stay_two(extraction: Extraction) -> None:
    """Without a speaker the same words in two articles are not known to be one quotation: one
    resource would claim they are, and carry both articles' kinds and confidences."""
    minter = IriMinter(BASE)
    quotation = extraction.quotations[0]
    orphan = Quotation(quotation.span, "direct", None, quotation.sentences)
    other = make_document("Ganz anderer Artikel. " + extraction.document.text, "other.txt")
    graphs = []
    for document in (extraction.document, other):
        built = make_extraction(document)
        moved = Quotation(built.quotations[0].span, "direct", None, built.quotations[0].sentences)
        graphs.append(map_extraction(Extraction(**{**vars(built), "quotations": (moved,)}), minter).graph)
    first, second = (set(g.subjects(KG.speakerUnresolved, Literal(True))) for g in graphs)
    assert len(first) == len(second) == 1 and first != second
    assert minter.quotation(orphan.span.text, None, "a") != minter.quotation(orphan.span.text, None, "b")
    assert minter.quotation(orphan.span.text, "PER:x", "a") == minter.quotation(
        orphan.span.text, "PER:x", "b"
    )


def test_iris_are_stable_under_the_base() -> None:
    minter = IriMinter(BASE)
    assert minter.entity("PER:mark-muster") == URIRef(BASE + "entity/person/mark-muster")
    assert minter.quotation("„Wir kommen.“", "PER:x", "a") == minter.quotation("wir kommen", "PER:x", "b")
    assert slugify("Genève Straße") == "geneve-strasse"
    source = URIRef(BASE + "source/0123456789abcdef/ein-sprecher")
    assert minter.source("SRC:0123456789abcdef/ein-sprecher") == source
    assert minter.resource("SRC:0123456789abcdef/ein-sprecher") == source
    assert minter.resource("ORG:nato") == URIRef(BASE + "entity/organization/nato")
    with pytest.raises(ValueError, match="not a described source"):
        minter.source("PER:mark-muster")


# --- described sources --------------------------------------------------------------------------------


def test_a_described_source_is_a_resource_of_its_article(sourced_extraction: Extraction) -> None:
    extraction = sourced_extraction
    minter = IriMinter(BASE)
    graph = map_extraction(extraction, minter).graph
    article = minter.article(extraction.document.id)
    source = URIRef(f"{BASE}source/{extraction.document.id}/ein-sprecher-des-finanzministeriums")
    assert set(graph.objects(source, RDF.type)) == {KG.DescribedSource, SCHEMA.Person}
    assert graph.value(source, SCHEMA.description) == Literal("Ein Sprecher des Finanzministeriums")
    assert graph.value(source, KG.head) == Literal("Sprecher")
    assert graph.value(source, SCHEMA.memberOf) == minter.entity("ORG:finanzministerium")
    assert graph.value(source, KG.inArticle) == article
    assert graph.value(source, SCHEMA.alternateName) is None  # never joins the entities graph
    assert (article, SCHEMA.mentions, source) not in graph
    (phrase,) = graph.objects(source, KG.denotedBy)
    assert graph.value(phrase, NIF.anchorOf) == Literal("Ein Sprecher des Finanzministeriums")
    assert graph.value(phrase, ITSRDF.taIdentRef) == source
    assert graph.value(phrase, ITSRDF.taClassRef) == SCHEMA.Person
    assert (graph.value(phrase, NIF.sentence), RDF.type, NIF.Sentence) in graph
    (quotation,) = graph.subjects(SCHEMA.spokenByCharacter, source)
    assert graph.value(quotation, SCHEMA.creator) == source
    assert graph.value(quotation, SCHEMA.text) == Literal("Wir prüfen das.")
    police = URIRef(f"{BASE}source/{extraction.document.id}/die-polizei")
    assert set(graph.objects(police, RDF.type)) == {KG.DescribedSource, SCHEMA.Organization}
    assert graph.value(police, SCHEMA.memberOf) == minter.entity("LOC:berlin")
    (claim,) = graph.subjects(SCHEMA.author, police)
    assert (claim, RDF.type, SCHEMA.Claim) in graph


def test_the_same_description_in_two_articles_is_two_sources(sourced_extraction: Extraction) -> None:
    minter = IriMinter(BASE)
    first = sourced_extraction
    second = make_sourced_extraction(make_document("Anderer Artikel. " + SOURCED_TEXT, "andere.txt"))
    graphs = [map_extraction(x, minter).graph for x in (first, second)]
    sources = [set(g.subjects(RDF.type, KG.DescribedSource)) for g in graphs]
    assert len(sources[0]) == len(sources[1]) == 2 and not sources[0] & sources[1]
    quoted = [set(g.subjects(SCHEMA.spokenByCharacter, None)) for g in graphs]
    assert not quoted[0] & quoted[1]  # "ein Sprecher" of one article did not say the other's words


def test_described_sources_map_byte_identically(sourced_extraction: Extraction) -> None:
    document = sourced_extraction.document
    one, two = (
        map_extraction(make_sourced_extraction(document), IriMinter(BASE)).to_ntriples() for _ in range(2)
    )
    assert one == two and "_:" not in one


def test_a_quotation_found_twice_in_one_article_is_one_resource_with_one_kind(extraction: Extraction) -> None:
    direct = extraction.quotations[0]
    indirect = Quotation(direct.span, "indirect", direct.speaker_key, direct.sentences, confidence=0.5)
    changed = Extraction(**{**vars(extraction), "quotations": (indirect, direct)})
    graph = map_extraction(changed, IriMinter(BASE)).graph
    (quotation,) = graph.subjects(RDF.type, SCHEMA.Quotation)
    assert list(graph.objects(quotation, KG.quoteKind)) == [KG.Direct]
    assert [str(c) for c in graph.objects(quotation, KG.confidence)] == ["0.90"]
