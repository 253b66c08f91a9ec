"""A VoID and DCAT description of the built dataset: how many triples, which
classes and properties with their counts, one subset per named graph, the
SPARQL endpoint and the dumps. Computed from the store, so it is always current."""
from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef

from kg.rdf.iri import BACKGROUND_GRAPH, BASE, ONTOLOGY_GRAPH, RELEASE_GRAPH
from kg.rdf.mapping import new_graph
from kg.rdf.vocab import DCTERMS, RDF, SCHEMA, SKOS, XSD
from kg.version import __version__

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DATASET = URIRef(BASE + "dataset")
VOCABULARIES = ["http://schema.org/", "http://www.w3.org/2004/02/skos/core#",
                "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
                "http://www.w3.org/2005/11/its/rdf#", "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/",
                "http://www.w3.org/ns/org#", "https://w3id.org/aseankg/ontology#"]
DUMPS = {"nquads": "application/n-quads", "trig": "application/trig"}


def _count(store, sparql: str) -> list[tuple[str, int]]:
    return [(row[0].value, int(row[1].value)) for row in store.query(sparql)]


def void_graph(store, endpoint: str | None = None, dump_base: str | None = None) -> Graph:
    """The description of the dataset in `store`. `endpoint` is the SPARQL
    endpoint serving it; `dump_base` the URL under which dumps are offered
    (`{dump_base}/dump.nq`)."""
    g = new_graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("ASEAN smart-city cooperation knowledge graph", lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "Entities, relations and their sources extracted by kg from releases and news about ASEAN "
        "smart-city cooperation; one named graph per release.", lang="en")))
    g.add((d, DCTERMS.license, URIRef("https://www.apache.org/licenses/LICENSE-2.0")))
    g.add((d, DCTERMS.creator, Literal(f"kg {__version__}")))
    g.add((d, VOID.uriSpace, Literal(BASE + "id/")))
    g.add((d, VOID.exampleResource, URIRef(BASE + "id/initiative/asean-smart-cities-network")))
    for vocabulary in VOCABULARIES:
        g.add((d, VOID.vocabulary, URIRef(vocabulary)))
    total = _count(store, "SELECT (1 AS ?x) (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    g.add((d, VOID.triples, Literal(total[0][1] if total else 0, datatype=XSD.integer)))
    entities = _count(store, """SELECT (1 AS ?x) (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?r <http://schema.org/mentions> ?e }""")
    g.add((d, VOID.entities, Literal(entities[0][1] if entities else 0, datatype=XSD.integer)))
    for cls, n in _count(store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"):
        part = URIRef(f"{BASE}dataset#class-{_local(cls)}")
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in _count(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p ORDER BY ?p"):
        part = URIRef(f"{BASE}dataset#property-{_local(prop)}")
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    for graph, n in _count(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"):
        subset = URIRef(graph)
        g.add((d, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(n, datatype=XSD.integer)))
        kind = ("release" if graph.startswith(RELEASE_GRAPH) else "background" if graph == BACKGROUND_GRAPH
                else "ontology" if graph == ONTOLOGY_GRAPH else "other")
        g.add((subset, DCTERMS.type, Literal(kind)))
    if endpoint:
        g.add((d, VOID.sparqlEndpoint, URIRef(endpoint)))
        service = URIRef(endpoint + "#service")
        g.add((d, DCAT.distribution, service))
        g.add((service, RDF.type, DCAT.Distribution))
        g.add((service, DCAT.accessURL, URIRef(endpoint)))
        g.add((service, DCAT.mediaType, Literal("application/sparql-results+json")))
    if dump_base:
        for fmt, media in DUMPS.items():
            url = URIRef(f"{dump_base.rstrip('/')}/dump.{ 'nq' if fmt == 'nquads' else 'trig'}")
            g.add((d, VOID.dataDump, url))
            dist = URIRef(f"{BASE}dataset#dump-{fmt}")
            g.add((d, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCAT.downloadURL, url))
            g.add((dist, DCAT.mediaType, Literal(media)))
    themes = URIRef(BASE + "id/scheme/themes")
    g.add((d, DCTERMS.subject, themes))
    g.add((themes, RDF.type, SKOS.ConceptScheme))
    g.add((d, SCHEMA.isPartOf, URIRef(BASE)))
    return g


def _local(iri: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9]+", "-", iri.split("://", 1)[-1]).strip("-")
