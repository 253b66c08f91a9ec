"""SHACL shapes (ontology/shapes.ttl) and saved queries (queries/*.rq).

A valid release graph written by hand after docs/graph-layout.md conforms; for
every shape there is a small graph that violates it, and the validation report
names that shape (and the path, for property shapes). The saved queries parse
and answer sensibly over the valid example, loaded into named graphs the way kg
stores it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

ROOT = Path(__file__).parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ROOT / "queries"

KGSH = Namespace("https://w3id.org/aseankg/shapes#")
KGO = Namespace("https://w3id.org/aseankg/ontology#")
SDO = Namespace("http://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
DCT = Namespace("http://purl.org/dc/terms/")
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

RELEASE_ID = "meti-2023-1030-hlm5"
RELEASE = f"https://w3id.org/aseankg/release/{RELEASE_ID}"
RELEASE_GRAPH = f"https://w3id.org/aseankg/graph/release/{RELEASE_ID}"
BACKGROUND_GRAPH = "https://w3id.org/aseankg/graph/background"
ID = "https://w3id.org/aseankg/id/"

PREFIXES = """\
@prefix kgo:          <https://w3id.org/aseankg/ontology#> .
@prefix schema:       <http://schema.org/> .
@prefix skos:         <http://www.w3.org/2004/02/skos/core#> .
@prefix nif:          <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf:       <http://www.w3.org/2005/11/its/rdf#> .
@prefix prov:         <http://www.w3.org/ns/prov#> .
@prefix dcterms:      <http://purl.org/dc/terms/> .
@prefix org:          <http://www.w3.org/ns/org#> .
@prefix owl:          <http://www.w3.org/2002/07/owl#> .
@prefix rdf:          <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:         <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:          <http://www.w3.org/2001/XMLSchema#> .
@prefix wd:           <http://www.wikidata.org/entity/> .
@prefix person:       <https://w3id.org/aseankg/id/person/> .
@prefix organization: <https://w3id.org/aseankg/id/organization/> .
@prefix country:      <https://w3id.org/aseankg/id/country/> .
@prefix place:        <https://w3id.org/aseankg/id/place/> .
@prefix event:        <https://w3id.org/aseankg/id/event/> .
@prefix initiative:   <https://w3id.org/aseankg/id/initiative/> .
@prefix document:     <https://w3id.org/aseankg/id/document/> .
@prefix theme:        <https://w3id.org/aseankg/id/theme/> .
@prefix release:      <https://w3id.org/aseankg/release/> .
"""

# The text as read (a shortened paraphrase of the METI release of 2023-10-30).
# Sentences: [0,148) [149,281) [282,418).
TEXT = (
    "For two days from October 26 to October 27, 2023, the 5th ASEAN-Japan Smart Cities Network High Level "
    "Meeting was held in Ibaraki Prefecture, Japan. Mr. Yoshida Nobuhiro, Parliamentary Vice-Minister of "
    "Economy, Trade and Industry, delivered a speech in the form of a video message. The meeting was hosted "
    "by the Ministry of Land, Infrastructure, Transport and Tourism and focused on disaster prevention and "
    "resilience."
)

# One release graph, as kg writes it (docs/graph-layout.md).
RELEASE_TTL = PREFIXES + f"""
<{RELEASE}> a kgo:Release , nif:Context ;
    dcterms:identifier "{RELEASE_ID}" ;
    schema:headline "Parliamentary Vice-Minister Yoshida Attends the 5th ASEAN-Japan Smart Cities \
Network High Level Meeting" ;
    schema:datePublished "2023-10-30"^^xsd:date ;
    schema:url "https://www.meti.go.jp/english/press/2023/1030_001.html"^^xsd:anyURI ;
    schema:sha256 "1bc2e7b7d4ebb5cdd4322387fe3f3fb3c91520f70cf23edbc9196d1a69f72591" ;
    nif:isString "{TEXT}" ;
    schema:mentions event:5th-asean-japan-smart-cities-network-high-level-meeting ,
        place:ibaraki-prefecture , country:japan , person:yoshida-nobuhiro ,
        organization:ministry-of-economy-trade-and-industry ,
        organization:ministry-of-land-infrastructure-transport-and-tourism ,
        theme:disaster-prevention-and-resilience ;
    prov:wasGeneratedBy <{RELEASE}#ingest> .

<{RELEASE}#ingest> a kgo:IngestActivity ;
    prov:startedAtTime "2025-01-01T00:00:00Z"^^xsd:dateTime ;
    prov:wasAssociatedWith <https://w3id.org/aseankg/id/software/kg/0.1.0> ,
        <https://w3id.org/aseankg/id/software/en_core_web_sm/3.8.0> .
<https://w3id.org/aseankg/id/software/kg/0.1.0> a kgo:SoftwareVersion ; rdfs:label "kg 0.1.0" .
<https://w3id.org/aseankg/id/software/en_core_web_sm/3.8.0> a kgo:SoftwareVersion ;
    rdfs:label "en_core_web_sm 3.8.0" .

# sentences
<{RELEASE}#char=0,148> a nif:Sentence ; nif:referenceContext <{RELEASE}> ;
    nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "148"^^xsd:nonNegativeInteger .
<{RELEASE}#char=149,281> a nif:Sentence ; nif:referenceContext <{RELEASE}> ;
    nif:beginIndex "149"^^xsd:nonNegativeInteger ; nif:endIndex "281"^^xsd:nonNegativeInteger .
<{RELEASE}#char=282,418> a nif:Sentence ; nif:referenceContext <{RELEASE}> ;
    nif:beginIndex "282"^^xsd:nonNegativeInteger ; nif:endIndex "418"^^xsd:nonNegativeInteger .

# mentions
<{RELEASE}#char=54,109> a nif:Phrase ; nif:referenceContext <{RELEASE}> ;
    nif:beginIndex "54"^^xsd:nonNegativeInteger ; nif:endIndex "109"^^xsd:nonNegativeInteger ;
    nif:anchorOf "5th ASEAN-Japan Smart Cities Network High Level Meeting" ;
    nif:sentence <{RELEASE}#char=0,148> ;
    itsrdf:taIdentRef event:5th-asean-japan-smart-cities-network-high-level-meeting ;
    itsrdf:taConfidence 0.95 .
<{RELEASE}#char=122,140> a nif:Phrase ; nif:referenceContext <{RELEASE}> ;
    nif:beginIndex "122"^^xsd:nonNegativeInteger ; nif:endIndex "140"^^xsd:nonNegativeInteger ;
    nif:anchorOf "Ibaraki Prefecture" ; nif:sentence <{RELEASE}#char=0,148> ;
    itsrdf:taIdentRef place:ibaraki-prefecture ; itsrdf:taConfidence 0.9 .
<{RELEASE}#char=142,147> a nif:Phrase ; nif:referenceContext <{RELEASE}> ;
    nif:beginIndex "142"^^xsd:nonNegativeInteger ; nif:endIndex "147"^^xsd:nonNegativeInteger ;
    nif:anchorOf "Japan" ; nif:sentence <{RELEASE}#char=0,148> ;
    itsrdf:taIdentRef country:japan ; itsrdf:taConfidence 0.9 .
<{RELEASE}#char=153,169> a nif:Phrase ; nif:referenceContext <{RELEASE}> ;
    nif:beginIndex "153"^^xsd:nonNegativeInteger ; nif:endIndex "169"^^xsd:nonNegativeInteger ;
    nif:anchorOf "Yoshida Nobuhiro" ; nif:sentence <{RELEASE}#char=149,281> ;
    itsrdf:taIdentRef person:yoshida-nobuhiro ; itsrdf:taConfidence 0.85 .
<{RELEASE}#char=202,229> a nif:Phrase ; nif:referenceContext <{RELEASE}> ;
    nif:beginIndex "202"^^xsd:nonNegativeInteger ; nif:endIndex "229"^^xsd:nonNegativeInteger ;
    nif:anchorOf "Economy, Trade and Industry" ; nif:sentence <{RELEASE}#char=149,281> ;
    itsrdf:taIdentRef organization:ministry-of-economy-trade-and-industry ; itsrdf:taConfidence 0.7 .
<{RELEASE}#char=312,367> a nif:Phrase ; nif:referenceContext <{RELEASE}> ;
    nif:beginIndex "312"^^xsd:nonNegativeInteger ; nif:endIndex "367"^^xsd:nonNegativeInteger ;
    nif:anchorOf "Ministry of Land, Infrastructure, Transport and Tourism" ;
    nif:sentence <{RELEASE}#char=282,418> ;
    itsrdf:taIdentRef organization:ministry-of-land-infrastructure-transport-and-tourism ;
    itsrdf:taConfidence 0.95 .
<{RELEASE}#char=383,417> a nif:Phrase ; nif:referenceContext <{RELEASE}> ;
    nif:beginIndex "383"^^xsd:nonNegativeInteger ; nif:endIndex "417"^^xsd:nonNegativeInteger ;
    nif:anchorOf "disaster prevention and resilience" ; nif:sentence <{RELEASE}#char=282,418> ;
    itsrdf:taIdentRef theme:disaster-prevention-and-resilience ; itsrdf:taConfidence 0.8 .

# entities, as this release names them
event:5th-asean-japan-smart-cities-network-high-level-meeting a schema:Event ;
    rdfs:label "5th ASEAN-Japan Smart Cities Network High Level Meeting" ;
    skos:altLabel "The meeting" ;
    schema:location place:ibaraki-prefecture ;
    schema:startDate "2023-10-26"^^xsd:date ; schema:endDate "2023-10-27"^^xsd:date ;
    schema:organizer organization:ministry-of-land-infrastructure-transport-and-tourism ;
    kgo:speaker person:yoshida-nobuhiro ;
    schema:about theme:disaster-prevention-and-resilience .
place:ibaraki-prefecture a schema:AdministrativeArea ; rdfs:label "Ibaraki Prefecture" ;
    schema:containedInPlace country:japan .
country:japan a schema:Country ; rdfs:label "Japan" ; owl:sameAs wd:Q17 .
person:yoshida-nobuhiro a schema:Person ; rdfs:label "Yoshida Nobuhiro" ;
    skos:altLabel "Mr. Yoshida Nobuhiro" ;
    schema:jobTitle "Parliamentary Vice-Minister of Economy, Trade and Industry" ;
    schema:affiliation organization:ministry-of-economy-trade-and-industry .
organization:ministry-of-economy-trade-and-industry a schema:GovernmentOrganization ;
    rdfs:label "Ministry of Economy, Trade and Industry" ; skos:altLabel "METI" ,
    "Economy, Trade and Industry" .
organization:ministry-of-land-infrastructure-transport-and-tourism a schema:GovernmentOrganization ;
    rdfs:label "Ministry of Land, Infrastructure, Transport and Tourism" ; skos:altLabel "MLIT" .
theme:disaster-prevention-and-resilience a skos:Concept ; rdfs:label "Disaster Prevention and Resilience" ;
    skos:prefLabel "Disaster Prevention and Resilience"@en ;
    skos:inScheme <https://w3id.org/aseankg/id/scheme/themes> .

# relation evidence
<{RELEASE}#fact-3f1a9c> a kgo:Statement ;
    rdf:subject event:5th-asean-japan-smart-cities-network-high-level-meeting ;
    rdf:predicate kgo:speaker ; rdf:object person:yoshida-nobuhiro ;
    kgo:evidence <{RELEASE}#char=149,281> .
<{RELEASE}#fact-77b0e2> a kgo:Statement ;
    rdf:subject event:5th-asean-japan-smart-cities-network-high-level-meeting ;
    rdf:predicate schema:location ; rdf:object place:ibaraki-prefecture ;
    kgo:evidence <{RELEASE}#char=0,148> .
<{RELEASE}#fact-a41d07> a kgo:Statement ;
    rdf:subject event:5th-asean-japan-smart-cities-network-high-level-meeting ;
    rdf:predicate schema:startDate ; rdf:object "2023-10-26"^^xsd:date ;
    kgo:evidence <{RELEASE}#char=0,148> .
<{RELEASE}#fact-0c55e8> a kgo:Statement ;
    rdf:subject event:5th-asean-japan-smart-cities-network-high-level-meeting ;
    rdf:predicate schema:organizer ;
    rdf:object organization:ministry-of-land-infrastructure-transport-and-tourism ;
    kgo:evidence <{RELEASE}#char=282,418> .
<{RELEASE}#fact-5d2f40> a kgo:Statement ;
    rdf:subject person:yoshida-nobuhiro ; rdf:predicate schema:jobTitle ;
    rdf:object "Parliamentary Vice-Minister of Economy, Trade and Industry" ;
    kgo:evidence <{RELEASE}#char=149,281> .
<{RELEASE}#fact-e8c1b3> a kgo:Statement ;
    rdf:subject place:ibaraki-prefecture ; rdf:predicate schema:containedInPlace ;
    rdf:object country:japan ;
    kgo:evidence <{RELEASE}#char=0,148> .
"""

# The background graph: the domain pack's entities and the facts it knows
# (after ../shared/reference).
BACKGROUND_TTL = PREFIXES + """
<https://w3id.org/aseankg/id/scheme/themes> a skos:ConceptScheme ;
    rdfs:label "Smart-city themes" ;
    skos:hasTopConcept theme:disaster-prevention-and-resilience , theme:quality-environment .
theme:disaster-prevention-and-resilience a skos:Concept ; rdfs:label "Disaster Prevention and Resilience" ;
    skos:prefLabel "Disaster Prevention and Resilience"@en ; skos:altLabel "disaster resilience" ;
    skos:inScheme <https://w3id.org/aseankg/id/scheme/themes> .
theme:quality-environment a skos:Concept ; rdfs:label "Quality Environment" ;
    skos:prefLabel "Quality Environment"@en ;
    skos:inScheme <https://w3id.org/aseankg/id/scheme/themes> .

organization:association-of-southeast-asian-nations a schema:Organization ;
    rdfs:label "Association of Southeast Asian Nations" ; skos:altLabel "ASEAN" ; owl:sameAs wd:Q7768 ;
    dcterms:source <https://asean.org/> .
organization:asean-secretariat a schema:Organization ; rdfs:label "ASEAN Secretariat" ;
    schema:parentOrganization organization:association-of-southeast-asian-nations .
organization:ministry-of-land-infrastructure-transport-and-tourism a schema:GovernmentOrganization ;
    rdfs:label "Ministry of Land, Infrastructure, Transport and Tourism" ; skos:altLabel "MLIT" .
organization:ministry-of-economy-trade-and-industry a schema:GovernmentOrganization ;
    rdfs:label "Ministry of Economy, Trade and Industry" ; skos:altLabel "METI" .
organization:ministry-of-public-works-and-transport-lao-pdr a schema:GovernmentOrganization ;
    rdfs:label "Ministry of Public Works and Transport" ; skos:altLabel "MPWT" .

initiative:asean-smart-cities-network a schema:Project ;
    rdfs:label "ASEAN Smart Cities Network" ; skos:altLabel "ASCN" ;
    schema:founder organization:association-of-southeast-asian-nations ;
    schema:foundingDate "2018"^^xsd:gYear ;
    schema:about theme:quality-environment .
initiative:smart-city-supported-by-japan-asean-mutual-partnership a schema:Project ;
    rdfs:label "Smart City supported by Japan ASEAN Mutual Partnership" ; skos:altLabel "Smart JAMP" ;
    schema:funder country:japan ; schema:foundingDate "2020-12"^^xsd:gYearMonth .
document:asean-smart-cities-framework a schema:CreativeWork ;
    rdfs:label "ASEAN Smart Cities Framework" ; schema:about theme:quality-environment .

country:japan a schema:Country ; rdfs:label "Japan" ; owl:sameAs wd:Q17 .
country:viet-nam a schema:Country ; rdfs:label "Viet Nam" ; skos:altLabel "Vietnam" ;
    schema:memberOf organization:association-of-southeast-asian-nations .
country:indonesia a schema:Country ; rdfs:label "Indonesia" ;
    schema:memberOf organization:association-of-southeast-asian-nations .
place:ibaraki-prefecture a schema:AdministrativeArea ; rdfs:label "Ibaraki Prefecture" ;
    schema:containedInPlace country:japan .
place:tokyo a schema:City ; rdfs:label "Tokyo" ; schema:containedInPlace country:japan .
place:da-nang a schema:City ; rdfs:label "Da Nang" ; skos:altLabel "Đà Nẵng" ; owl:sameAs wd:Q25282 ;
    schema:containedInPlace country:viet-nam ;
    schema:memberOf initiative:asean-smart-cities-network .
place:makassar a schema:City ; rdfs:label "Makassar" ;
    schema:containedInPlace place:south-sulawesi ;
    schema:memberOf initiative:asean-smart-cities-network .
place:south-sulawesi a schema:AdministrativeArea ; rdfs:label "South Sulawesi" ;
    schema:containedInPlace country:indonesia .
initiative:asean-smart-cities-network schema:member place:hanoi .
place:hanoi a schema:City ; rdfs:label "Hanoi" ; schema:containedInPlace country:viet-nam .

event:asia-smart-city-week-2019 a schema:Event ; rdfs:label "Asia Smart City Week 2019" .
event:asean-japan-smart-cities-network-high-level-meeting a schema:Event ;
    rdfs:label "ASEAN-Japan Smart Cities Network High Level Meeting" ;
    skos:altLabel "1st ASEAN-Japan Smart Cities Network High Level Meeting" ;
    schema:startDate "2019-10-08"^^xsd:date ; schema:endDate "2019-10-09"^^xsd:date ;
    schema:superEvent event:asia-smart-city-week-2019 .
event:5th-asean-japan-smart-cities-network-high-level-meeting a schema:Event ;
    rdfs:label "5th ASEAN-Japan Smart Cities Network High Level Meeting" .
event:6th-asean-japan-smart-cities-network-high-level-meeting a schema:Event ;
    rdfs:label "6th ASEAN-Japan Smart Cities Network High Level Meeting" ;
    schema:startDate "2024-10-29"^^xsd:date ; schema:endDate "2024-10-30"^^xsd:date ;
    schema:location place:tokyo ;
    schema:organizer organization:ministry-of-land-infrastructure-transport-and-tourism ,
        organization:ministry-of-public-works-and-transport-lao-pdr .
"""


# --------------------------------------------------------------------------
# helpers


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """Every ontology file but the shapes, as kg mixes them into validation."""
    g = Graph()
    for f in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        if f != SHAPES_FILE:
            g.parse(f, format="turtle")
    return g


def shapes_graph() -> Graph:
    # pyshacl caches state in the shapes graph: a fresh one per validation
    return Graph().parse(SHAPES_FILE, format="turtle")


def validate(*turtle: str):
    data = Graph()
    for t in turtle:
        data.parse(data=t, format="turtle")
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
        inference="none", advanced=True,
    )
    return conforms, report, text


def results(report: Graph) -> list[tuple]:
    """(source shape, result path) of every validation result."""
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.append((report.value(r, SH.sourceShape), report.value(r, SH.resultPath)))
    return out


def all_shapes() -> set:
    g = shapes_graph()
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    return {s for s in shapes if isinstance(s, URIRef)}


# --------------------------------------------------------------------------
# the shapes file itself


def test_shapes_parse_and_are_all_named_and_described():
    g = shapes_graph()
    shapes = all_shapes()
    assert len(shapes) > 40
    # every node shape and every property shape is named, labelled and has a message
    declared = set(g.subjects(SH.path, None)) | set(g.subjects(RDF.type, SH.NodeShape)) \
        | set(g.subjects(RDF.type, SH.PropertyShape))
    for s in declared:
        assert isinstance(s, URIRef) and str(s).startswith(str(KGSH)), s
        assert g.value(s, RDFS.label) is not None, f"{s} has no rdfs:label"
        assert g.value(s, SH.message) is not None, f"{s} has no sh:message"
    assert declared == shapes


def test_shapes_use_only_declared_terms():
    """Every class and property the shapes name is declared in the ontology
    (RDF's and RDFS's own vocabulary aside)."""
    g, onto = shapes_graph(), ontology_graph()
    declared = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used = set()
    for p in (SH["class"], SH.targetClass, SH.targetSubjectsOf, SH.path):
        used |= {o for o in g.objects(None, p) if isinstance(o, URIRef)}
    for alt in g.objects(None, SH.alternativePath):
        used |= set(Collection(g, alt))
    builtin = (str(RDF), str(RDFS))
    missing = sorted(str(t) for t in used if not str(t).startswith(builtin) and t not in declared)
    assert not missing, missing


def test_shapes_parse_in_pyoxigraph():
    quads = list(pyoxigraph.parse(path=str(SHAPES_FILE), format=pyoxigraph.RdfFormat.TURTLE))
    assert quads


# --------------------------------------------------------------------------
# a valid release conforms


def test_valid_release_conforms():
    conforms, report, text = validate(RELEASE_TTL)
    assert conforms, text


def test_valid_release_with_background_conforms():
    conforms, report, text = validate(RELEASE_TTL, BACKGROUND_TTL)
    assert conforms, text


def test_valid_release_text_cuts_the_anchors():
    """The example's offsets are right (the anchor shape relies on it)."""
    g = Graph().parse(data=RELEASE_TTL, format="turtle")
    text = str(g.value(URIRef(RELEASE), NIF.isString))
    assert text == TEXT
    for m in g.subjects(RDF.type, NIF.Phrase):
        b, e = int(g.value(m, NIF.beginIndex)), int(g.value(m, NIF.endIndex))
        assert text[b:e] == str(g.value(m, NIF.anchorOf))
        assert str(m).endswith(f"#char={b},{e}")


def test_release_is_not_checked_as_a_document():
    """A release is a schema:CreativeWork (through schema:NewsArticle) but not a
    document: typed kgo:Release only, it is a nif:Context by the ontology, and the
    document shape (label, id/document/ IRI) leaves it alone."""
    only_release = RELEASE_TTL.replace("a kgo:Release , nif:Context ;", "a kgo:Release ;")
    assert only_release != RELEASE_TTL
    conforms, report, text = validate(only_release)
    assert conforms, text


# --------------------------------------------------------------------------
# one violating graph per shape

# A small valid graph the violating snippets refer to.
BASE = PREFIXES + """
person:alice-tan a schema:Person ; rdfs:label "Alice Tan" .
organization:acme a schema:Corporation ; rdfs:label "Acme" .
country:japan a schema:Country ; rdfs:label "Japan" .
place:tokyo a schema:City ; rdfs:label "Tokyo" .
event:summit a schema:Event ; rdfs:label "Summit" .
initiative:ascn a schema:Project ; rdfs:label "ASCN" .
document:plan a schema:CreativeWork ; rdfs:label "Plan" .
theme:energy a skos:Concept ; skos:prefLabel "Energy" .
release:x a kgo:Release , nif:Context ; dcterms:identifier "x" ; schema:sha256 "00" ;
    nif:isString "Alice Tan spoke at the Summit." .
<https://w3id.org/aseankg/release/x#char=0,30> a nif:Sentence ; nif:referenceContext release:x ;
    nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "30"^^xsd:nonNegativeInteger .
"""

S = "https://w3id.org/aseankg/release/x#char=0,30"
REL = "https://w3id.org/aseankg/release/x"
N = 'nif:beginIndex "{b}"^^xsd:nonNegativeInteger ; nif:endIndex "{e}"^^xsd:nonNegativeInteger'


def span(b: int, e: int) -> str:
    return N.format(b=b, e=e)


def phrase(iri: str, rest: str) -> str:
    return f"<{iri}> a nif:Phrase ; nif:referenceContext release:x ; nif:sentence <{S}> ; {rest} ."


GOOD_MENTION = f'{span(0, 9)} ; nif:anchorOf "Alice Tan" ; itsrdf:taIdentRef person:alice-tan'


def statement(iri: str, rest: str) -> str:
    return f"<{iri}> a kgo:Statement ; {rest} ."


FACT = f"{REL}#fact-1"
GOOD_FACT = f"rdf:subject event:summit ; rdf:predicate kgo:speaker ; rdf:object person:alice-tan ; kgo:evidence <{S}>"
ASSERTED = "event:summit kgo:speaker person:alice-tan ."

LABELS = "ALT"  # marker: the result path is the label alternative path

# (id, snippet, expected shape, expected result path or None, other shapes allowed to fire)
VIOLATIONS = [
    # the release node
    ("release-iri", '<https://example.org/r> a kgo:Release , nif:Context ; dcterms:identifier "r" ; '
     'schema:sha256 "00" ; nif:isString "t" .', "ReleaseShape", None, ()),
    ("release-identifier-missing", 'release:y a kgo:Release ; schema:sha256 "00" ; nif:isString "t" .',
     "Release-identifier", DCT.identifier, ()),
    ("release-identifier-twice", 'release:x dcterms:identifier "x2" .', "Release-identifier", DCT.identifier, ()),
    ("release-sha256-missing", 'release:y a kgo:Release ; dcterms:identifier "y" ; nif:isString "t" .',
     "Release-sha256", SDO.sha256, ()),
    ("release-date-not-date", 'release:x schema:datePublished "2023-10-30T10:00:00"^^xsd:dateTime .',
     "Release-datePublished", SDO.datePublished, ()),
    ("release-text-twice", 'release:x nif:isString "Alice Tan spoke at the Summit, twice." .',
     "Release-isString", NIF.isString, ()),
    ("release-mentions-outside", "release:x schema:mentions wd:Q17 .", "Release-mentions", SDO.mentions, ()),
    # entities: IRI of the right kind, and a label
    ("person-iri", '<https://w3id.org/aseankg/id/organization/bob> a schema:Person ; rdfs:label "Bob" .',
     "PersonShape", None, ()),
    ("person-label", "person:bob a schema:Person .", "Person-label", LABELS, ()),
    ("organization-iri", '<https://w3id.org/aseankg/id/person/acme> a schema:Organization ; rdfs:label "Acme" .',
     "OrganizationShape", None, ()),
    ("organization-label", "organization:nolabel a schema:GovernmentOrganization .", "Organization-label", LABELS, ()),
    ("country-iri", '<https://w3id.org/aseankg/id/place/nippon> a schema:Country ; rdfs:label "Nippon" .',
     "CountryShape", None, ()),
    ("country-label", "country:nolabel a schema:Country .", "Country-label", LABELS, ("Place-label",)),
    ("place-iri", '<https://w3id.org/aseankg/id/event/osaka> a schema:City ; rdfs:label "Osaka" .',
     "PlaceShape", None, ()),
    ("place-label", "place:osaka a schema:AdministrativeArea .", "Place-label", LABELS, ()),
    ("event-iri", '<https://w3id.org/aseankg/id/place/forum> a schema:Event ; rdfs:label "Forum" .',
     "EventShape", None, ()),
    ("event-label", 'event:forum a schema:Event ; skos:altLabel "the forum" .', "Event-label", LABELS, ()),
    ("project-iri", '<https://w3id.org/aseankg/id/organization/jamp> a schema:Project ; rdfs:label "JAMP" .',
     "ProjectShape", None, ()),
    ("project-label", "initiative:jamp a schema:Project .", "Project-label", LABELS, ("Organization-label",)),
    ("document-iri", '<https://w3id.org/aseankg/id/theme/strategy> a schema:CreativeWork ; rdfs:label "Strategy" .',
     "CreativeWorkShape", None, ()),
    ("document-iri-newsarticle", '<https://example.org/news/1> a schema:NewsArticle ; rdfs:label "News" .',
     "CreativeWorkShape", None, ()),
    ("document-label", "document:strategy a schema:CreativeWork .", "CreativeWork-label", LABELS, ()),
    ("theme-iri", '<https://w3id.org/aseankg/id/document/water> a skos:Concept ; skos:prefLabel "Water" .',
     "ConceptShape", None, ()),
    ("theme-label", "theme:water a skos:Concept .", "Concept-label", LABELS, ()),
    ("theme-label-not-literal", "theme:water a skos:Concept ; rdfs:label theme:energy .", "Concept-label", LABELS, ()),
    ("two-kinds", 'person:x a schema:Person , schema:Organization ; rdfs:label "X" .',
     "EntityKindShape", None, ("OrganizationShape",)),
    ("two-kinds-event-theme", 'event:x a schema:Event , skos:Concept ; rdfs:label "X" .',
     "EntityKindShape", None, ("ConceptShape",)),
    # event relations
    ("event-organizer", "event:summit schema:organizer theme:energy .", "Event-organizer", SDO.organizer, ()),
    ("event-location", "event:summit schema:location organization:acme .", "Event-location", SDO.location, ()),
    ("event-attendee", "event:summit schema:attendee document:plan .", "Event-attendee", SDO.attendee, ()),
    ("event-speaker", "event:summit kgo:speaker country:japan .", "Event-speaker", KGO.speaker, ()),
    ("event-start-text", 'event:summit schema:startDate "30 October 2023" .', "Event-startDate", SDO.startDate, ()),
    ("event-start-twice", 'event:summit schema:startDate "2023-10-30"^^xsd:date , "2023-10-31"^^xsd:date .',
     "Event-startDate", SDO.startDate, ()),
    ("event-end-datetime", 'event:summit schema:endDate "2023-10-30T18:00:00"^^xsd:dateTime .',
     "Event-endDate", SDO.endDate, ()),
    ("event-super-event", "event:summit schema:superEvent initiative:ascn .", "Event-superEvent", SDO.superEvent, ()),
    ("event-date-order", 'event:summit schema:startDate "2023-10-30"^^xsd:date ; '
     'schema:endDate "2023-10-29"^^xsd:date .', "EventDateOrderShape", SDO.endDate, ()),
    ("event-date-order-precision", 'event:summit schema:startDate "2024"^^xsd:gYear ; '
     'schema:endDate "2023-12-01"^^xsd:date .', "EventDateOrderShape", SDO.endDate, ()),
    ("event-relation-on-non-event", "place:tokyo schema:organizer organization:acme .",
     "EventPropertySubjectShape", None, ()),
    ("event-date-on-initiative", 'initiative:ascn schema:startDate "2018"^^xsd:gYear .',
     "EventPropertySubjectShape", None, ()),
    # people
    ("person-job-title-lang", 'person:alice-tan schema:jobTitle "Minister"@en .', "Person-jobTitle", SDO.jobTitle, ()),
    ("person-affiliation", "person:alice-tan schema:affiliation place:tokyo .", "Person-affiliation",
     SDO.affiliation, ()),
    ("job-title-on-non-person", 'organization:acme schema:jobTitle "Company" .', "PersonPropertySubjectShape",
     None, ()),
    # membership, containment, structure, founding, funding, themes
    ("member-of-person", "person:alice-tan schema:memberOf organization:acme .", "MemberOfShape", None, ()),
    ("member-of-country", "place:tokyo schema:memberOf country:japan .", "MemberOf-object", SDO.memberOf, ()),
    ("contained-subject", "organization:acme schema:containedInPlace country:japan .", "ContainedInPlaceShape",
     None, ()),
    ("contained-object", "place:tokyo schema:containedInPlace organization:acme .", "ContainedInPlace-object",
     SDO.containedInPlace, ()),
    ("parent-subject", "country:japan schema:parentOrganization organization:acme .", "ParentOrganizationShape",
     None, ()),
    ("parent-object", "organization:acme schema:parentOrganization country:japan .", "ParentOrganization-object",
     SDO.parentOrganization, ()),
    ("founder-subject", "event:summit schema:founder organization:acme .", "FounderShape", None, ()),
    ("founder-object", "initiative:ascn schema:founder place:tokyo .", "Founder-object", SDO.founder, ()),
    ("founding-date-subject", 'person:alice-tan schema:foundingDate "2018"^^xsd:gYear .', "FoundingDateShape",
     None, ()),
    ("founding-date-value", 'initiative:ascn schema:foundingDate "2018" .', "FoundingDate-value",
     SDO.foundingDate, ()),
    ("funder-subject", "organization:acme schema:funder country:japan .", "FunderShape", None, ()),
    ("funder-object", "initiative:ascn schema:funder person:alice-tan .", "Funder-object", SDO.funder, ()),
    ("about-subject", "person:alice-tan schema:about theme:energy .", "AboutShape", None, ()),
    ("about-object", "event:summit schema:about organization:acme .", "About-object", SDO.about, ()),
    # NIF sentences and mentions
    ("sentence-iri", f"<{REL}#s1> a nif:Sentence ; nif:referenceContext release:x ; {span(0, 30)} .",
     "SentenceShape", None, ()),
    ("begin-index-negative", f"<{REL}#char=0,5> a nif:Sentence ; nif:referenceContext release:x ; "
     'nif:beginIndex -1 ; nif:endIndex "5"^^xsd:nonNegativeInteger .', "Span-beginIndex", NIF.beginIndex, ()),
    ("begin-index-string", f"<{REL}#char=0,5> a nif:Sentence ; nif:referenceContext release:x ; "
     'nif:beginIndex "0" ; nif:endIndex "5"^^xsd:nonNegativeInteger .', "Span-beginIndex", NIF.beginIndex,
     ("Span-order",)),  # a string does not compare with the end index either
    ("end-index-missing", f"<{REL}#char=0,5> a nif:Sentence ; nif:referenceContext release:x ; "
     'nif:beginIndex "0"^^xsd:nonNegativeInteger .', "Span-endIndex", NIF.endIndex, ()),
    ("reference-context-not-context", f"<{REL}#char=0,5> a nif:Sentence ; nif:referenceContext document:plan ; "
     f"{span(0, 5)} .", "Span-referenceContext", NIF.referenceContext, ()),
    ("offsets-reversed", f"<{REL}#char=10,5> a nif:Sentence ; nif:referenceContext release:x ; {span(10, 5)} .",
     "Span-order", NIF.beginIndex, ()),
    ("offsets-past-text", f"<{REL}#char=0,31> a nif:Sentence ; nif:referenceContext release:x ; {span(0, 31)} .",
     "SpanWithinTextShape", None, ()),
    ("mention-iri", phrase(f"{REL}#m1", GOOD_MENTION), "PhraseShape", None, ()),
    ("mention-anchor-missing", phrase(f"{REL}#char=0,9", f"{span(0, 9)} ; itsrdf:taIdentRef person:alice-tan"),
     "Phrase-anchorOf", NIF.anchorOf, ()),
    ("mention-link-literal", phrase(f"{REL}#char=0,9", f'{span(0, 9)} ; nif:anchorOf "Alice Tan" ; '
                                    'itsrdf:taIdentRef "Alice Tan"'), "Phrase-taIdentRef", ITSRDF.taIdentRef, ()),
    ("mention-sentence-not-sentence", phrase(f"{REL}#char=0,9", GOOD_MENTION + " ; nif:sentence release:x"),
     "Phrase-sentence", NIF.sentence, ()),
    ("mention-anchor-mismatch", phrase(f"{REL}#char=0,9", f'{span(0, 9)} ; nif:anchorOf "Alice Tam" ; '
                                       'itsrdf:taIdentRef person:alice-tan'), "PhraseAnchorShape", None, ()),
    # extracted statements
    ("statement-iri", ASSERTED + statement(f"{REL}#s-1", GOOD_FACT), "StatementShape", None, ()),
    ("statement-subject-missing", ASSERTED + statement(
        FACT, f"rdf:predicate kgo:speaker ; rdf:object person:alice-tan ; kgo:evidence <{S}>"),
     "Statement-subject", RDF.subject, ()),
    ("statement-predicate-twice", ASSERTED + "event:summit schema:attendee person:alice-tan ."
     + statement(FACT, GOOD_FACT + " ; rdf:predicate schema:attendee"), "Statement-predicate", RDF.predicate, ()),
    ("statement-object-twice", ASSERTED + "event:summit kgo:speaker organization:acme ."
     + statement(FACT, GOOD_FACT + " ; rdf:object organization:acme"), "Statement-object", RDF.object, ()),
    ("statement-evidence-missing", ASSERTED + statement(
        FACT, "rdf:subject event:summit ; rdf:predicate kgo:speaker ; rdf:object person:alice-tan"),
     "Statement-evidence", KGO.evidence, ()),
    ("statement-evidence-not-sentence", ASSERTED + statement(
        FACT, "rdf:subject event:summit ; rdf:predicate kgo:speaker ; rdf:object person:alice-tan ; "
        "kgo:evidence release:x"), "Statement-evidence", KGO.evidence, ()),
    ("statement-not-asserted", statement(FACT, GOOD_FACT), "StatementAssertedShape", None, ()),
    # posts held as of the release date
    ("post-iri", '<https://example.org/post> a org:Post ; rdfs:label "Minister" .', "PostShape", None, ()),
    ("post-label-missing", f'<{REL}#post-0a1b> a org:Post .', "Post-label", RDFS.label, ()),
    ("post-in-a-place", f'<{REL}#post-0a1b> a org:Post ; rdfs:label "Mayor" ; org:postIn place:ibaraki-prefecture .',
     "Post-postIn", URIRef("http://www.w3.org/ns/org#postIn"), ()),
    ("post-valid-not-date", f'<{REL}#post-0a1b> a org:Post ; rdfs:label "Mayor" ; dcterms:valid "2023" .',
     "Post-valid", DCT.valid, ()),
    ("holds-by-organisation", f'organization:meti org:holds <{REL}#post-0a1b> . '
     f'<{REL}#post-0a1b> a org:Post ; rdfs:label "Member" .', "HoldsShape", None, ()),
    ("holds-not-post", f'person:alice-tan org:holds <{REL}#post-0a1b> .', "Holds-post",
     URIRef("http://www.w3.org/ns/org#holds"), ()),
]


def test_base_graph_conforms():
    conforms, report, text = validate(BASE)
    assert conforms, text


def test_every_shape_has_a_violating_example():
    covered = {KGSH[case[2]] for case in VIOLATIONS}
    assert covered == all_shapes(), sorted(map(str, all_shapes() ^ covered))


@pytest.mark.parametrize("case_id, snippet, shape, path, also", VIOLATIONS, ids=[c[0] for c in VIOLATIONS])
def test_violation(case_id, snippet, shape, path, also):
    conforms, report, text = validate(BASE, PREFIXES + snippet)
    assert not conforms, f"{case_id}: expected a violation of {shape}"
    found = results(report)
    fired = {str(s) for s, _ in found}
    expected = KGSH[shape]
    assert str(expected) in fired, text
    # the example violates nothing else (bar shapes that must fire with it)
    assert fired <= {str(expected)} | {str(KGSH[a]) for a in also}, text
    paths = [p for s, p in found if s == expected]
    if path is None:
        assert all(p is None for p in paths), text
    elif path == LABELS:
        for p in paths:
            assert isinstance(p, BNode)
            assert report.value(p, SH.alternativePath) is not None, text
    else:
        assert URIRef(path) in paths, text
    # every result carries a readable message
    for r in report.subjects(RDF.type, SH.ValidationResult):
        assert report.value(r, SH.resultMessage) is not None


def test_messages_name_the_values():
    conforms, report, text = validate(BASE, PREFIXES + 'event:summit schema:startDate "2023-10-30"^^xsd:date ; '
                                      'schema:endDate "2023-10-29"^^xsd:date .')
    messages = [str(m) for m in report.objects(None, SH.resultMessage)]
    assert any("2023-10-29" in m and "2023-10-30" in m for m in messages), messages


def test_dates_of_mixed_precision_in_order_conform():
    conforms, report, text = validate(BASE, PREFIXES + 'event:summit schema:startDate "2023-10"^^xsd:gYearMonth ; '
                                      'schema:endDate "2023-10-30"^^xsd:date .')
    assert conforms, text


def test_country_and_initiative_are_single_kinds():
    """Country ⊑ Place and Project ⊑ Organization are schema.org's own: not two kinds."""
    conforms, report, text = validate(BASE, PREFIXES + """
        country:laos a schema:Country , schema:Place ; rdfs:label "Laos" .
        initiative:jamp a schema:Project , schema:Organization ; rdfs:label "JAMP" .""")
    assert conforms, text


# --------------------------------------------------------------------------
# saved queries over the example, stored as kg stores it


def parse_header(path: Path) -> dict:
    header = {"params": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*(title|description|param):\s*(.*)$", line)
        if not m:
            continue
        key, value = m.groups()
        if key == "param":
            pm = re.match(r"(\w+)\s+(iri|string|date|integer)\s+(optional\s+)?(\S.*)$", value)
            assert pm, f"{path.name}: bad param line {line!r}"
            header["params"].append({"name": pm.group(1), "type": pm.group(2),
                                     "optional": bool(pm.group(3)), "description": pm.group(4)})
        else:
            header[key] = value.strip()
    return header


QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))


@lru_cache(maxsize=1)
def example_store() -> pyoxigraph.Store:
    """The example release twice (a second release repeating the same facts, to
    catch rows multiplied by the union of graphs), the background graph and the
    ontology graph."""
    store = pyoxigraph.Store()
    store.load(RELEASE_TTL.encode(), format=pyoxigraph.RdfFormat.TURTLE,
               to_graph=pyoxigraph.NamedNode(RELEASE_GRAPH))
    copy = RELEASE_TTL.replace(RELEASE_ID, RELEASE_ID + "-copy")
    store.load(copy.encode(), format=pyoxigraph.RdfFormat.TURTLE,
               to_graph=pyoxigraph.NamedNode(RELEASE_GRAPH + "-copy"))
    store.load(BACKGROUND_TTL.encode(), format=pyoxigraph.RdfFormat.TURTLE,
               to_graph=pyoxigraph.NamedNode(BACKGROUND_GRAPH))
    for f in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        store.load(path=str(f), format=pyoxigraph.RdfFormat.TURTLE,
                   to_graph=pyoxigraph.NamedNode("https://w3id.org/aseankg/graph/ontology"))
    return store


def run(name: str, **params) -> list[dict]:
    path = QUERIES_DIR / f"{name}.rq"
    subs = {pyoxigraph.Variable(k): v for k, v in params.items()}
    res = example_store().query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True,
                                substitutions=subs or None)
    names = [v.value for v in res.variables]
    rows = []
    for sol in res:
        rows.append({n: (sol[n].value if sol[n] is not None else None) for n in names})
    return rows


def iri(local: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(ID + local)


def test_at_least_six_saved_queries():
    assert len(QUERY_FILES) >= 6


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_saved_query_header_and_parse(path):
    header = parse_header(path)
    assert header.get("title"), path
    assert header.get("description"), path
    text = path.read_text(encoding="utf-8")
    for p in header["params"]:
        assert f"?{p['name']}" in text, f"{path.name}: param ?{p['name']} unused"
    store = pyoxigraph.Store()
    store.query(text, use_default_graph_as_union=True)  # parses
    # runs over the example with no parameter bound
    list(example_store().query(text, use_default_graph_as_union=True))
    # and with every parameter bound (a substitution needs the variable projected)
    dummy = {"iri": pyoxigraph.NamedNode(ID + "x/none"), "string": pyoxigraph.Literal("none"),
             "date": pyoxigraph.Literal("2000-01-01", datatype=pyoxigraph.NamedNode(XSD_DATE)),
             "integer": pyoxigraph.Literal("1", datatype=pyoxigraph.NamedNode(XSD_INTEGER))}
    subs = {pyoxigraph.Variable(p["name"]): dummy[p["type"]] for p in header["params"]}
    if subs:
        list(example_store().query(text, use_default_graph_as_union=True, substitutions=subs))


HLM5 = "event/5th-asean-japan-smart-cities-network-high-level-meeting"
HLM6 = "event/6th-asean-japan-smart-cities-network-high-level-meeting"
MLIT = "Ministry of Land, Infrastructure, Transport and Tourism"


def test_query_speakers_at_high_level_meetings():
    rows = run("speakers-at-high-level-meetings")
    assert len(rows) == 1, rows  # one row, although two releases say it
    row = rows[0]
    assert row["event"] == ID + HLM5
    assert row["startDate"] == "2023-10-26"
    assert row["speaker"] == ID + "person/yoshida-nobuhiro"
    assert row["speakerLabel"] == "Yoshida Nobuhiro"
    assert row["jobTitle"] == "Parliamentary Vice-Minister of Economy, Trade and Industry"
    assert sorted(row["releases"].split()) == [RELEASE_ID, f"{RELEASE_ID}-copy"]
    assert run("speakers-at-high-level-meetings", event=iri(HLM5)) == rows
    assert run("speakers-at-high-level-meetings", event=iri(HLM6)) == []


def test_query_events_by_theme():
    rows = run("events-by-theme")
    assert [(r["themeLabel"], r["eventLabel"], r["startDate"]) for r in rows] == [
        ("Disaster Prevention and Resilience", "5th ASEAN-Japan Smart Cities Network High Level Meeting",
         "2023-10-26")]
    assert run("events-by-theme", theme=iri("theme/disaster-prevention-and-resilience")) == rows
    assert run("events-by-theme", theme=iri("theme/quality-environment")) == []


def test_query_ascn_cities_by_member_state():
    rows = run("ascn-cities-by-member-state")
    assert [(r["countryLabel"], r["cityLabel"]) for r in rows] == [
        ("Indonesia", "Makassar"), ("Viet Nam", "Da Nang"), ("Viet Nam", "Hanoi")]
    assert rows[1]["wikidata"] == "http://www.wikidata.org/entity/Q25282"
    rows = run("ascn-cities-by-member-state", country=iri("country/indonesia"))
    assert [r["cityLabel"] for r in rows] == ["Makassar"]  # through its province
    assert run("ascn-cities-by-member-state", country=iri("country/japan")) == []


def test_query_co_organised_events():
    rows = run("co-organised-events")
    assert len(rows) == 1, rows
    assert rows[0]["event"] == ID + HLM6
    assert int(rows[0]["organizerCount"]) == 2
    assert rows[0]["organizers"] == f"{MLIT} | Ministry of Public Works and Transport"
    mlit = iri("organization/ministry-of-land-infrastructure-transport-and-tourism")
    assert [r["event"] for r in run("co-organised-events", organizer=mlit)] == [ID + HLM6]
    assert run("co-organised-events", organizer=iri("organization/asean-secretariat")) == []


def test_query_releases_mentioning_entity():
    rows = run("releases-mentioning-entity", entity=iri("person/yoshida-nobuhiro"))
    assert [r["identifier"] for r in rows] == [RELEASE_ID, f"{RELEASE_ID}-copy"]
    assert rows[0]["anchors"] == "Yoshida Nobuhiro"
    assert rows[0]["mentions"] == "1"
    assert rows[0]["datePublished"] == "2023-10-30"
    assert run("releases-mentioning-entity", entity=iri("person/nobody")) == []


def test_query_fact_provenance():
    subject = iri(HLM5)
    rows = run("fact-provenance", subject=subject)
    assert {r["predicate"] for r in rows} == {str(KGO.speaker), str(SDO.location), str(SDO.startDate),
                                              str(SDO.organizer)}
    assert len(rows) == 8  # four statements, in each of two releases
    speaker = [r for r in rows if r["predicate"] == str(KGO.speaker) and r["releaseId"] == RELEASE_ID]
    assert len(speaker) == 1
    row = speaker[0]
    assert row["sentence"] == TEXT[149:281]
    assert row["sentence"].startswith("Mr. Yoshida Nobuhiro")
    assert (int(row["begin"]), int(row["end"])) == (149, 281)
    assert row["objectLabel"] == "Yoshida Nobuhiro"
    rows = run("fact-provenance", subject=subject, predicate=pyoxigraph.NamedNode(str(SDO.organizer)))
    assert [(r["releaseId"], r["objectLabel"]) for r in rows] == [(RELEASE_ID, MLIT), (f"{RELEASE_ID}-copy", MLIT)]
    assert all(r["sentence"] == TEXT[282:418] for r in rows)


def test_query_events_timeline():
    rows = run("events-timeline")
    assert [(r["startDate"], r["endDate"], r["locations"], r["organizers"]) for r in rows] == [
        ("2019-10-08", "2019-10-09", None, None),
        ("2023-10-26", "2023-10-27", "Ibaraki Prefecture", MLIT),
        ("2024-10-29", "2024-10-30", "Tokyo", f"{MLIT} | Ministry of Public Works and Transport"),
        (None, None, None, None),  # an event with no date comes last, never left out
    ]
    date = lambda v: pyoxigraph.Literal(v, datatype=pyoxigraph.NamedNode(XSD_DATE))  # noqa: E731
    rows = run("events-timeline", **{"from": date("2023-01-01"), "to": date("2023-12-31")})
    assert [r["event"] for r in rows] == [ID + HLM5]
    assert [r["event"] for r in run("events-timeline", **{"from": date("2024-01-01")})] == [ID + HLM6]
    assert len(run("events-timeline", to=date("2023-10-26"))) == 2
    assert run("events-timeline", to=date("2019-10-07")) == []


def test_query_people_and_affiliations():
    rows = run("people-and-affiliations")
    assert [(r["personLabel"], r["affiliations"], int(r["releaseCount"])) for r in rows] == [
        ("Yoshida Nobuhiro", "Ministry of Economy, Trade and Industry", 2)]
    meti = iri("organization/ministry-of-economy-trade-and-industry")
    assert len(run("people-and-affiliations", organization=meti)) == 1
    assert run("people-and-affiliations", organization=iri("organization/asean-secretariat")) == []


def test_query_entity_facts():
    rows = run("entity-facts", entity=iri("place/ibaraki-prefecture"))
    got = {(r["direction"], r["predicate"], r["other"]): sorted(r["sources"].split()) for r in rows}
    assert got == {
        ("in", str(SDO.location), ID + HLM5): [RELEASE_ID, f"{RELEASE_ID}-copy"],
        ("out", str(SDO.containedInPlace), ID + "country/japan"): ["background", RELEASE_ID, f"{RELEASE_ID}-copy"],
    }


def test_query_entities_in_release():
    rows = run("entities-in-release", release=pyoxigraph.Literal(RELEASE_ID))
    kinds = {r["entityLabel"]: r["kind"] for r in rows}
    assert kinds == {
        "5th ASEAN-Japan Smart Cities Network High Level Meeting": "Event", "Ibaraki Prefecture": "Place",
        "Japan": "Country", "Yoshida Nobuhiro": "Person", "Ministry of Economy, Trade and Industry": "Organization",
        MLIT: "Organization", "Disaster Prevention and Resilience": "Theme"}
    assert all(r["mentions"] == "1" for r in rows)


# offsets are code points, in pyshacl (rdflib) and in Oxigraph alike
UNICODE_TEXT = "Đà Nẵng 🌏 hosted the ASCN meeting. Đà Nẵng joined the ASCN in 2018."
UNICODE_RELEASE = PREFIXES + f"""
release:u a kgo:Release , nif:Context ; dcterms:identifier "u" ; schema:sha256 "00" ;
    nif:isString "{UNICODE_TEXT}" ; schema:mentions place:da-nang , initiative:ascn .
place:da-nang a schema:City ; rdfs:label "Da Nang" .
initiative:ascn a schema:Project ; rdfs:label "ASEAN Smart Cities Network" .
<https://w3id.org/aseankg/release/u#char=35,67> a nif:Sentence ; nif:referenceContext release:u ; {span(35, 67)} .
<https://w3id.org/aseankg/release/u#char=35,42> a nif:Phrase ; nif:referenceContext release:u ; {span(35, 42)} ;
    nif:anchorOf "Đà Nẵng" ; itsrdf:taIdentRef place:da-nang .
<https://w3id.org/aseankg/release/u#char=54,58> a nif:Phrase ; nif:referenceContext release:u ; {span(54, 58)} ;
    nif:anchorOf "ASCN" ; itsrdf:taIdentRef initiative:ascn .
<https://w3id.org/aseankg/release/u#fact-1> a kgo:Statement ; rdf:subject place:da-nang ;
    rdf:predicate schema:memberOf ; rdf:object initiative:ascn ;
    kgo:evidence <https://w3id.org/aseankg/release/u#char=35,67> .
place:da-nang schema:memberOf initiative:ascn .
"""


def test_unicode_offsets_are_code_points():
    """A character outside the BMP before the spans: offsets count code points
    (not UTF-16 units, not bytes) in pyshacl's SPARQL and in Oxigraph's SUBSTR."""
    assert UNICODE_TEXT[54:58] == "ASCN" and len(UNICODE_TEXT) == 67
    conforms, report, text = validate(UNICODE_RELEASE)
    assert conforms, text
    shifted = UNICODE_RELEASE.replace('nif:anchorOf "ASCN"', 'nif:anchorOf "SCN "')
    assert not validate(shifted)[0]
    store = pyoxigraph.Store()
    store.load(UNICODE_RELEASE.encode(), format=pyoxigraph.RdfFormat.TURTLE,
               to_graph=pyoxigraph.NamedNode("https://w3id.org/aseankg/graph/release/u"))
    query = (QUERIES_DIR / "fact-provenance.rq").read_text(encoding="utf-8")
    rows = list(store.query(query, use_default_graph_as_union=True,
                            substitutions={pyoxigraph.Variable("subject"): iri("place/da-nang")}))
    assert [r["sentence"].value for r in rows] == [UNICODE_TEXT[35:67]]
