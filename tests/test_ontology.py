"""The ontology (ontology/*.ttl): it parses, documents and aligns its own terms,
keeps one kind per entity, and is consistent under OWL RL."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import owlrl
import pyoxigraph
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"

KGO = Namespace("https://w3id.org/aseankg/ontology#")
SDO = Namespace("http://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ONTOLOGY_IRI = URIRef("https://w3id.org/aseankg/ontology")
TTL_FILES = sorted(ONTOLOGY_DIR.glob("*.ttl"))

# The kinds the evaluation reads, by the class that stands for each.
KIND_CLASSES = {
    "Person": SDO.Person, "Organization": SDO.Organization, "Country": SDO.Country, "Place": SDO.Place,
    "Event": SDO.Event, "Initiative": SDO.Project, "Document": SDO.CreativeWork, "Theme": SKOS.Concept,
}


def ontology() -> Graph:
    """The ontology as the evaluation reads it: every *.ttl under ontology/."""
    g = Graph()
    for f in TTL_FILES:
        g.parse(f, format="turtle")
    return g


def own_terms(g: Graph) -> set:
    return {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KGO))}


def own_classes(g: Graph) -> set:
    return {s for s in own_terms(g) if (s, RDF.type, OWL.Class) in g}


def own_properties(g: Graph) -> set:
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
    return {s for s in own_terms(g) if any((s, RDF.type, k) in g for k in kinds)}


# --------------------------------------------------------------------------
# parsing


@pytest.mark.parametrize("path", TTL_FILES, ids=[p.name for p in TTL_FILES])
def test_parses_in_rdflib(path):
    g = Graph().parse(path, format="turtle")
    assert len(g) > 0


@pytest.mark.parametrize("path", TTL_FILES, ids=[p.name for p in TTL_FILES])
def test_parses_in_pyoxigraph(path):
    quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(Graph().parse(path, format="turtle"))


def test_loads_into_an_oxigraph_named_graph():
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY_FILE), format=pyoxigraph.RdfFormat.TURTLE,
               to_graph=pyoxigraph.NamedNode("https://w3id.org/aseankg/graph/ontology"))
    ask = "ASK { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://schema.org/NewsArticle> }"
    assert store.query(ask, use_default_graph_as_union=True)


# --------------------------------------------------------------------------
# the ontology header


def test_ontology_header():
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/aseankg/ontology/0.2.0")
    assert str(g.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.2.0"
    assert g.value(ONTOLOGY_IRI, DCTERMS.title) is not None
    assert g.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert "apache" in str(g.value(ONTOLOGY_IRI, DCTERMS.license)).lower()
    assert "2.0" in str(g.value(ONTOLOGY_IRI, DCTERMS.license))


# --------------------------------------------------------------------------
# own terms: documented and aligned


EXPECTED_OWN = {
    KGO.Release: (RDFS.subClassOf, SDO.NewsArticle),
    KGO.speaker: (RDFS.subPropertyOf, SDO.performer),
    KGO.Statement: (RDFS.subClassOf, RDF.Statement),
    KGO.SetAsideStatement: (RDFS.subClassOf, RDF.Statement),
    KGO.setAsideBecause: (RDFS.subPropertyOf, RDFS.comment),
    KGO.evidence: (RDFS.subPropertyOf, PROV.wasDerivedFrom),
    KGO.IngestActivity: (RDFS.subClassOf, PROV.Activity),
    KGO.SoftwareVersion: (RDFS.subClassOf, PROV.SoftwareAgent),
}


def test_own_terms_are_the_expected_ones():
    g = ontology()
    assert own_terms(g) == set(EXPECTED_OWN)
    assert own_classes(g) | own_properties(g) == own_terms(g), "every own term is a class or a property"


@pytest.mark.parametrize("term, axiom", EXPECTED_OWN.items(), ids=[str(t).split("#")[1] for t in EXPECTED_OWN])
def test_own_term_alignment(term, axiom):
    g = ontology()
    assert (term, *axiom) in g


def test_every_own_term_has_label_and_definition():
    g = ontology()
    for term in own_terms(g):
        labels = [o for o in g.objects(term, RDFS.label) if isinstance(o, Literal)]
        definitions = [o for o in g.objects(term, SKOS.definition) if isinstance(o, Literal)]
        assert labels, f"{term} has no rdfs:label"
        assert definitions, f"{term} has no skos:definition"
        assert all(o.language == "en" for o in labels + definitions), term


def test_every_own_class_and_property_is_aligned_to_a_standard_term():
    g = ontology()

    def standard(o) -> bool:
        return isinstance(o, URIRef) and not str(o).startswith(str(KGO))

    for c in own_classes(g):
        parents = set(g.objects(c, RDFS.subClassOf)) | set(g.objects(c, OWL.equivalentClass)) \
            | set(g.subjects(OWL.equivalentClass, c))
        assert any(standard(p) for p in parents), f"class {c} is not aligned"
    for p in own_properties(g):
        parents = set(g.objects(p, RDFS.subPropertyOf)) | set(g.objects(p, OWL.equivalentProperty)) \
            | set(g.subjects(OWL.equivalentProperty, p)) | set(g.objects(p, OWL.inverseOf)) \
            | set(g.subjects(OWL.inverseOf, p))
        assert any(standard(q) for q in parents), f"property {p} is not aligned"


def test_speaker_domain_is_event():
    g = ontology()
    assert (KGO.speaker, RDFS.domain, SDO.Event) in g
    assert (KGO.evidence, RDFS.domain, KGO.Statement) in g
    assert (KGO.evidence, RDFS.range, NIF.Sentence) in g


# --------------------------------------------------------------------------
# standard terms: declared, annotated, with the axioms validation needs


STANDARD_AXIOMS = [
    (SDO.Country, RDFS.subClassOf, SDO.AdministrativeArea),
    (SDO.AdministrativeArea, RDFS.subClassOf, SDO.Place),
    (SDO.City, RDFS.subClassOf, SDO.AdministrativeArea),
    (SDO.GovernmentOrganization, RDFS.subClassOf, SDO.Organization),
    (SDO.Corporation, RDFS.subClassOf, SDO.Organization),
    (SDO.NGO, RDFS.subClassOf, SDO.Organization),
    (SDO.CollegeOrUniversity, RDFS.subClassOf, SDO.EducationalOrganization),
    (SDO.EducationalOrganization, RDFS.subClassOf, SDO.Organization),
    (SDO.Project, RDFS.subClassOf, SDO.Organization),
    (SDO.NewsArticle, RDFS.subClassOf, SDO.Article),
    (SDO.Article, RDFS.subClassOf, SDO.CreativeWork),
    (FOAF.Person, OWL.equivalentClass, SDO.Person),
    (SDO.containsPlace, OWL.inverseOf, SDO.containedInPlace),
    (SDO.subOrganization, OWL.inverseOf, SDO.parentOrganization),
    (SDO.subEvent, OWL.inverseOf, SDO.superEvent),
    (SDO.member, OWL.inverseOf, SDO.memberOf),
]


@pytest.mark.parametrize("axiom", STANDARD_AXIOMS, ids=[f"{a[0].split('/')[-1]}-{a[2].split('/')[-1]}"
                                                        for a in STANDARD_AXIOMS])
def test_standard_axiom(axiom):
    assert axiom in ontology()


def test_no_merging_equivalences():
    g = ontology()
    org = URIRef("http://www.w3.org/ns/org#Organization")
    assert not list(g.triples((org, None, None))), "org:Organization is deliberately not mapped"
    # schema.org makes EducationalOrganization a CivicStructure (a Place); kg does not
    assert (SDO.EducationalOrganization, RDFS.subClassOf, SDO.CivicStructure) not in g


def test_standard_terms_are_declared_and_annotated():
    g = ontology()
    declared = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        declared |= {s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    standard = {t for t in declared if not str(t).startswith(str(KGO))}
    for term in standard:
        assert g.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert g.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"
    # the terms graph-layout.md uses
    used = [SDO.Person, SDO.Organization, SDO.GovernmentOrganization, SDO.Corporation, SDO.CollegeOrUniversity,
            SDO.NGO, SDO.Country, SDO.Place, SDO.City, SDO.AdministrativeArea, SDO.Event, SDO.Project,
            SDO.CreativeWork, SDO.NewsArticle, SKOS.Concept, SKOS.ConceptScheme, NIF.Context, NIF.Phrase,
            NIF.Sentence, PROV.Activity, PROV.SoftwareAgent,
            SDO.organizer, SDO.location, SDO.attendee, SDO.performer, SDO.startDate, SDO.endDate, SDO.about,
            SDO.affiliation, SDO.jobTitle, SDO.memberOf, SDO.containedInPlace, SDO.parentOrganization,
            SDO.founder, SDO.foundingDate, SDO.superEvent, SDO.funder, SDO.mentions, SDO.headline,
            SDO.datePublished, SDO.url, SDO.sha256, DCTERMS.identifier, DCTERMS.source,
            SKOS.prefLabel, SKOS.altLabel, SKOS.inScheme, NIF.isString, NIF.beginIndex, NIF.endIndex,
            NIF.anchorOf, NIF.referenceContext, NIF.sentence,
            URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef"),
            URIRef("http://www.w3.org/2005/11/its/rdf#taConfidence"),
            PROV.wasGeneratedBy, PROV.wasAssociatedWith, PROV.startedAtTime, PROV.wasDerivedFrom]
    missing = [t for t in used if t not in standard]
    assert not missing, missing


def test_schema_org_namespace_is_http():
    g = ontology()
    for term in g.all_nodes():
        assert not str(term).startswith("https://schema.org/"), term


# --------------------------------------------------------------------------
# reasoning: OWL RL


SAMPLE = """
@prefix kgo: <https://w3id.org/aseankg/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix id: <https://w3id.org/aseankg/id/> .
@prefix rel: <https://w3id.org/aseankg/release/r#> .

<https://w3id.org/aseankg/release/r> a kgo:Release ; schema:mentions <https://w3id.org/aseankg/id/event/e> ;
    prov:wasGeneratedBy rel:ingest .
rel:ingest a kgo:IngestActivity ; prov:wasAssociatedWith <https://w3id.org/aseankg/id/software/kg/0.1.0> .
<https://w3id.org/aseankg/id/software/kg/0.1.0> a kgo:SoftwareVersion .
<https://w3id.org/aseankg/id/event/e> a schema:Event ;
    kgo:speaker <https://w3id.org/aseankg/id/person/p> ;
    schema:organizer <https://w3id.org/aseankg/id/organization/o> ;
    schema:location <https://w3id.org/aseankg/id/place/c> ;
    schema:superEvent <https://w3id.org/aseankg/id/event/series> ;
    schema:about <https://w3id.org/aseankg/id/theme/t> .
<https://w3id.org/aseankg/id/event/series> a schema:Event .
<https://w3id.org/aseankg/id/person/p> a foaf:Person ;
    schema:affiliation <https://w3id.org/aseankg/id/organization/o> .
<https://w3id.org/aseankg/id/organization/o> a schema:GovernmentOrganization ;
    schema:parentOrganization <https://w3id.org/aseankg/id/organization/parent> .
<https://w3id.org/aseankg/id/organization/parent> a schema:Organization .
<https://w3id.org/aseankg/id/organization/u> a schema:CollegeOrUniversity .
<https://w3id.org/aseankg/id/place/c> a schema:City ;
    schema:containedInPlace <https://w3id.org/aseankg/id/country/k> ;
    schema:memberOf <https://w3id.org/aseankg/id/initiative/n> .
<https://w3id.org/aseankg/id/country/k> a schema:Country .
<https://w3id.org/aseankg/id/initiative/n> a schema:Project ;
    schema:founder <https://w3id.org/aseankg/id/organization/parent> .
<https://w3id.org/aseankg/id/document/d> a schema:CreativeWork .
<https://w3id.org/aseankg/id/theme/t> a skos:Concept .
<https://w3id.org/aseankg/release/r#char=0,9> a nif:Phrase .
<https://w3id.org/aseankg/release/r#char=0,30> a nif:Sentence .
<https://w3id.org/aseankg/release/r#fact-1> a kgo:Statement ;
    rdf:subject <https://w3id.org/aseankg/id/event/e> ; rdf:predicate kgo:speaker ;
    rdf:object <https://w3id.org/aseankg/id/person/p> ;
    kgo:evidence <https://w3id.org/aseankg/release/r#char=0,30> .
"""

ID = "https://w3id.org/aseankg/id/"
# each sample node and the one kind it must keep after reasoning
SAMPLE_KINDS = {
    ID + "person/p": "Person", ID + "organization/o": "Organization", ID + "organization/u": "Organization",
    ID + "place/c": "Place", ID + "country/k": "Country", ID + "initiative/n": "Initiative",
    ID + "event/e": "Event", ID + "document/d": "Document", ID + "theme/t": "Theme",
    "https://w3id.org/aseankg/release/r": "Document",
    "https://w3id.org/aseankg/release/r#char=0,9": None, "https://w3id.org/aseankg/release/r#fact-1": None,
    "https://w3id.org/aseankg/release/r#ingest": None, ID + "software/kg/0.1.0": None,
}


def owl_rl_closure(*graphs: Graph) -> Graph:
    g = Graph()
    for src in graphs:
        for t in src:
            g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


ERROR_MESSAGE = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")


def assert_consistent(closed: Graph):
    in_nothing = [s for s in closed.subjects(RDF.type, OWL.Nothing)]
    assert not in_nothing, in_nothing
    errors = [str(closed.value(m, URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")))
              for m in closed.subjects(RDF.type, ERROR_MESSAGE)]
    assert not errors, errors


def test_owl_rl_closure_of_the_ontology_is_consistent():
    assert_consistent(owl_rl_closure(ontology()))


def test_owl_rl_closure_with_sample_data_is_consistent():
    assert_consistent(owl_rl_closure(ontology(), Graph().parse(data=SAMPLE, format="turtle")))


def kinds_of(g: Graph, node: URIRef) -> set:
    types = set(g.objects(node, RDF.type))
    kinds = {k for k, cls in KIND_CLASSES.items() if cls in types}
    # the evaluation's precedence: Country over Place, Initiative over Organization
    if "Country" in kinds:
        kinds.discard("Place")
    if "Initiative" in kinds:
        kinds.discard("Organization")
    return kinds


def test_reasoning_keeps_one_kind_per_node():
    """Under OWL RL every sample node gets exactly its own kind: no alignment
    axiom (domains, equivalences, subclasses) drags a node into a second kind."""
    closed = owl_rl_closure(ontology(), Graph().parse(data=SAMPLE, format="turtle"))
    for node, kind in SAMPLE_KINDS.items():
        assert kinds_of(closed, URIRef(node)) == ({kind} if kind else set()), node


def test_reasoning_derives_the_standard_readings():
    closed = owl_rl_closure(ontology(), Graph().parse(data=SAMPLE, format="turtle"))
    e, p = URIRef(ID + "event/e"), URIRef(ID + "person/p")
    assert (e, SDO.performer, p) in closed
    assert (URIRef(ID + "country/k"), SDO.containsPlace, URIRef(ID + "place/c")) in closed
    assert (URIRef(ID + "initiative/n"), SDO.member, URIRef(ID + "place/c")) in closed
    assert (URIRef(ID + "organization/parent"), SDO.subOrganization, URIRef(ID + "organization/o")) in closed
    assert (URIRef(ID + "event/series"), SDO.subEvent, e) in closed
    assert (p, RDF.type, SDO.Person) in closed
    assert (URIRef("https://w3id.org/aseankg/release/r"), RDF.type, NIF.Context) in closed
    assert (URIRef(ID + "software/kg/0.1.0"), RDF.type, PROV.Agent) in closed
    fact = URIRef("https://w3id.org/aseankg/release/r#fact-1")
    assert (fact, PROV.wasDerivedFrom, URIRef("https://w3id.org/aseankg/release/r#char=0,30")) in closed


# --------------------------------------------------------------------------
# the evaluation's reading of the ontology (../shared/eval/score.py)


@pytest.fixture(scope="module")
def scorer():
    if not SCORER.exists():
        pytest.skip("../shared/eval/score.py is not beside the project")
    spec = importlib.util.spec_from_file_location("kg_eval_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ds = Dataset(default_union=True)
    ds.graph(URIRef("urn:x-test:sample")).parse(data=SAMPLE, format="turtle")
    return module.Scorer(ds, ontology())


SCORER_WARNINGS = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib, inside score.py


@SCORER_WARNINGS
@pytest.mark.parametrize("node, kind", SAMPLE_KINDS.items(), ids=[n.split("aseankg/")[1] for n in SAMPLE_KINDS])
def test_scorer_reads_one_kind(scorer, node, kind):
    got = scorer.kind(URIRef(node))
    if kind is None:
        assert not scorer.kinds(URIRef(node)), node
    else:
        assert got == kind, (node, scorer.kinds(URIRef(node)))


@SCORER_WARNINGS
@pytest.mark.parametrize("prop, label", [
    (KGO.speaker, ("speaker", False)),
    (SDO.performer, ("speaker", False)),
    (SDO.containsPlace, ("containedInPlace", True)),
    (SDO.subOrganization, ("parentOrganization", True)),
    (SDO.subEvent, ("superEvent", True)),
    (SDO.member, ("memberOf", True)),
    (SDO.organizer, ("organizer", False)),
])
def test_scorer_reads_relations(scorer, prop, label):
    assert label in scorer.relation_label(prop)


@SCORER_WARNINGS
@pytest.mark.parametrize("prop", [KGO.evidence, RDF.subject, RDF.object, SDO.mentions, NIF.referenceContext,
                                  URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef"), PROV.wasGeneratedBy,
                                  SKOS.altLabel, SDO.headline])
def test_scorer_reads_no_relation_from_bookkeeping(scorer, prop):
    assert scorer.relation_label(prop) == []


@SCORER_WARNINGS
def test_scorer_reads_labels(scorer):
    assert SKOS.prefLabel in scorer.label_props and SKOS.altLabel in scorer.label_props
    assert DCTERMS.identifier in scorer.id_props


def test_no_blank_node_classes_in_own_terms():
    g = ontology()
    for term in own_terms(g):
        for o in g.objects(term, RDFS.subClassOf):
            assert not isinstance(o, BNode), term
