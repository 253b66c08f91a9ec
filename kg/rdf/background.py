"""Background knowledge: the domain pack as RDF, in its own named graph, and
the ontology in another. Release graphs never hold these facts."""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from kg.domain import DomainPack
from kg.rdf.iri import BACKGROUND_GRAPH, ONTOLOGY_GRAPH, entity_iri, wikidata_iri
from kg.rdf.mapping import KIND_CLASSES, SUBTYPE_CLASSES, THEME_SCHEME, date_literal, new_graph
from kg.rdf.vocab import DCTERMS, OWL, RDF, RDFS, SCHEMA, SKOS, XSD


def background_graph(pack: DomainPack) -> Graph:
    g = new_graph(BACKGROUND_GRAPH)
    g.add((URIRef(BACKGROUND_GRAPH), SCHEMA.version, Literal(pack.digest)))
    for entity in pack.entities.values():
        node = URIRef(entity_iri(entity.key))
        g.add((node, RDF.type, KIND_CLASSES[entity.kind]))
        if entity.subtype in SUBTYPE_CLASSES and entity.kind in ("Organization", "Place"):
            g.add((node, RDF.type, SUBTYPE_CLASSES[entity.subtype]))
        g.add((node, RDFS.label, Literal(entity.name)))
        for alias in entity.aliases:
            g.add((node, SKOS.altLabel, Literal(alias)))
        if entity.acronym:
            g.add((node, SCHEMA.alternateName, Literal(entity.acronym)))
        if entity.wikidata:
            g.add((node, OWL.sameAs, URIRef(wikidata_iri(entity.wikidata))))
        for source in entity.sources:
            if source.startswith("http"):
                g.add((node, DCTERMS.source, Literal(source, datatype=XSD.anyURI)))
        facts = (
            (SCHEMA.containedInPlace, entity.country if entity.kind == "Place" else ""),
            (SCHEMA.memberOf, entity.member_of),
            (SCHEMA.parentOrganization, entity.parent if entity.kind == "Organization" else ""),
            (SCHEMA.location, entity.location),
        )
        for prop, key in facts:
            if key:
                g.add((node, prop, URIRef(entity_iri(key))))
        if entity.member_of and entity.member_since:
            _membership(g, node, entity.key, entity.member_of, entity.member_since)
        if entity.kind in ("Organization", "Initiative") and entity.country:
            g.add((node, SCHEMA.areaServed, URIRef(entity_iri(entity.country))))
        for prop, value in ((SCHEMA.startDate, entity.start_date), (SCHEMA.endDate, entity.end_date)):
            if value:
                g.add((node, prop, date_literal(value)))
    scheme = THEME_SCHEME
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, RDFS.label, Literal("ASEAN smart-city themes")))
    g.add((scheme, SKOS.prefLabel, Literal("ASEAN smart-city themes")))
    for theme in pack.themes.values():
        node = URIRef(entity_iri(theme.key))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, SKOS.prefLabel, Literal(theme.pref_label)))
        g.add((node, RDFS.label, Literal(theme.pref_label)))
        for alt in theme.alt_labels:
            g.add((node, SKOS.altLabel, Literal(alt)))
        if theme.definition:
            g.add((node, SKOS.definition, Literal(theme.definition, lang="en")))
        if theme.focus_area:
            g.add((scheme, SKOS.hasTopConcept, node))
            g.add((node, SKOS.topConceptOf, scheme))
        for broader in theme.broader:
            g.add((node, SKOS.broader, URIRef(entity_iri(broader))))
        for source in theme.sources:
            if source.startswith("http"):
                g.add((node, DCTERMS.source, Literal(source, datatype=XSD.anyURI)))
    return g


def ontology_graph(ontology_dir) -> Graph:
    g = new_graph(ONTOLOGY_GRAPH)
    for path in sorted(p for p in ontology_dir.glob("*.ttl") if not p.name.startswith("shapes")):
        g.parse(path, format="turtle")
    return g


def _membership(g: Graph, member: URIRef, member_key: str, group_key: str, since: str) -> None:
    """A dated membership (W3C ORG and OWL-Time): Chiang Mai in the ASCN since 2023."""
    from kg.rdf.iri import ENTITY, slugify
    from kg.rdf.vocab import ORG, TIME

    iri = URIRef(f"{ENTITY}membership/{slugify(member_key)}--{slugify(group_key)}")
    interval, start = URIRef(f"{iri}#interval"), URIRef(f"{iri}#start")
    g.add((iri, RDF.type, ORG.Membership))
    g.add((iri, ORG.member, member))
    g.add((iri, ORG.organization, URIRef(entity_iri(group_key))))
    g.add((iri, ORG.memberDuring, interval))
    g.add((interval, RDF.type, TIME.Interval))
    g.add((interval, TIME.hasBeginning, start))
    g.add((start, RDF.type, TIME.Instant))
    if len(since) == 4:
        g.add((start, TIME.inXSDgYear, Literal(since, datatype=XSD.gYear)))
    else:
        g.add((start, TIME.inXSDDate, date_literal(since)))

