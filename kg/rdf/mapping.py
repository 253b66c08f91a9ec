"""Extraction -> RDF: the release's named graph (see docs/graph-layout.md).

Everything in it comes from the release's text or metadata: the release node,
the text itself (so mention offsets can be checked against it), each mention
with its span, each entity as the release names it, each relation with the
sentence it was read from, and the ingest activity that produced it."""
from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef

from kg.document import Entity, Extraction, Relation
from kg.rdf.iri import BASE, entity_iri, entity_key, release_graph_iri, release_iri, span_iri, wikidata_iri
from kg.rdf.namespaces import KGO
from kg.rdf.vocab import DCTERMS, ITSRDF, NIF, ORG, OWL, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from kg.version import __version__
from kg.vocabulary import KINDS, RELATIONS

# The vocabulary's tables as RDF terms (kg.vocabulary is the one place they are written).
KIND_CLASSES = {name: URIRef(kind.iri) for name, kind in KINDS.items()}
SUBTYPE_CLASSES = {
    "GovernmentBody": SCHEMA.GovernmentOrganization, "Company": SCHEMA.Corporation,
    "AcademicInstitution": SCHEMA.CollegeOrUniversity, "Association": SCHEMA.NGO,
    "City": SCHEMA.City, "Prefecture": SCHEMA.AdministrativeArea, "Province": SCHEMA.AdministrativeArea,
}
RELATION_PROPERTIES = {label: URIRef(rel.iri) for label, rel in RELATIONS.items()}
THEME_SCHEME = URIRef(BASE + "id/scheme/themes")
KG_AGENT = URIRef(f"{BASE}id/software/kg/{__version__}")


def date_literal(value: str) -> Literal:
    """An ISO date, year-month or year, typed by its precision."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def new_graph(identifier: str | None = None) -> Graph:
    graph = Graph(identifier=URIRef(identifier) if identifier else None)
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    graph.bind("kgo", str(KGO))
    return graph


def release_graph(extraction: Extraction, ingested_at: datetime | None = None) -> Graph:
    """The named graph of one release."""
    doc = extraction.document
    g = new_graph(release_graph_iri(doc.id))
    release = URIRef(release_iri(doc.id))
    g.add((release, RDF.type, KGO.Release))
    g.add((release, RDF.type, SCHEMA.NewsArticle))
    g.add((release, RDF.type, NIF.Context))
    g.add((release, DCTERMS.identifier, Literal(doc.id)))
    g.add((release, SCHEMA.sha256, Literal(doc.sha256)))
    for twin in doc.meta.get("same_text_as", []):  # the same text, ingested under another id
        g.add((release, PROV.alternateOf, URIRef(release_iri(twin))))
    if doc.revision:
        g.add((release, SCHEMA.version, Literal(doc.revision)))
    g.add((release, NIF.isString, Literal(doc.text)))
    if doc.title:
        g.add((release, SCHEMA.headline, Literal(doc.title)))
    if doc.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date):
        g.add((release, SCHEMA.datePublished, Literal(doc.date, datatype=XSD.date)))
    if doc.url and re.match(r"https?://[^\s<>\"{}|\\^`]+$", doc.url):
        g.add((release, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI)))
    if doc.publisher:
        _publisher(g, release, doc.publisher)

    _provenance(g, release, extraction, ingested_at)
    used = {m.entity for m in extraction.mentions if m.entity}
    for key in sorted(used):
        entity = extraction.entities[key]
        node = URIRef(entity_iri(key))
        g.add((release, SCHEMA.mentions, node))
        _entity(g, node, entity)
    sentences = set()
    spans: set[tuple[int, int]] = set()
    # One entity per span: where two mentions share a span, the more confident one stands.
    for m in sorted(extraction.mentions, key=lambda m: (-m.confidence, m.start)):
        if not m.entity or (m.start, m.end) in spans:
            continue
        spans.add((m.start, m.end))
        mention = URIRef(span_iri(doc.id, m.start, m.end))
        g.add((mention, RDF.type, NIF.Phrase))
        g.add((mention, NIF.referenceContext, release))
        g.add((mention, NIF.beginIndex, Literal(m.start, datatype=XSD.nonNegativeInteger)))
        g.add((mention, NIF.endIndex, Literal(m.end, datatype=XSD.nonNegativeInteger)))
        g.add((mention, NIF.anchorOf, Literal(doc.text[m.start:m.end])))
        g.add((mention, ITSRDF.taIdentRef, URIRef(entity_iri(m.entity))))
        g.add((mention, ITSRDF.taConfidence, Literal(round(m.confidence, 3), datatype=XSD.double)))
        if m.sentence:
            g.add((mention, NIF.sentence, URIRef(span_iri(doc.id, *m.sentence))))
            sentences.add(m.sentence)
    for rel in extraction.relations:
        if _relation(g, doc.id, rel, used):
            if rel.sentence:
                sentences.add(rel.sentence)
    _posts(g, doc, extraction.relations, used)
    for start, end in sentences:
        sentence = URIRef(span_iri(doc.id, start, end))
        g.add((sentence, RDF.type, NIF.Sentence))
        g.add((sentence, NIF.referenceContext, release))
        g.add((sentence, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((sentence, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
    return g


def _publisher(g: Graph, release: URIRef, publisher: str) -> None:
    """The publisher from the release's metadata, linked to a known body when
    the pack knows its name or acronym ("Ministry of ... (METI), Japan")."""
    from kg.domain import default_pack, norm

    pack = default_pack()
    known = None
    for form in [publisher, *re.findall(r"\(([^)]+)\)", publisher), re.sub(r"\s*\(.*", "", publisher)]:
        known = pack.by_name.get(norm(form))
        if known is not None and known.kind in ("Organization", "Initiative"):
            break
        known = None
    key = known.key if known else entity_key("Organization", publisher)
    node = URIRef(entity_iri(key))
    g.add((release, SCHEMA.publisher, node))
    g.add((node, RDF.type, SCHEMA.Organization))
    g.add((node, RDFS.label, Literal(known.name if known else publisher)))


def _entity(g: Graph, node: URIRef, entity: Entity) -> None:
    g.add((node, RDF.type, KIND_CLASSES[entity.kind]))
    subclass = SUBTYPE_CLASSES.get(entity.subtype or "")
    if subclass is not None and entity.kind in ("Organization", "Place"):
        g.add((node, RDF.type, subclass))
    g.add((node, RDFS.label, Literal(entity.name)))
    if entity.kind == "Theme":
        g.add((node, SKOS.prefLabel, Literal(entity.name)))
        g.add((node, SKOS.inScheme, THEME_SCHEME))
        if entity.broader:
            g.add((node, SKOS.broader, URIRef(entity_iri(entity.broader))))
    for alias in sorted(entity.aliases):
        if alias != entity.name:
            g.add((node, SKOS.altLabel, Literal(alias)))
    if entity.wikidata:
        g.add((node, OWL.sameAs, URIRef(wikidata_iri(entity.wikidata))))


def _relation(g: Graph, release_id: str, rel: Relation, used: set[str]) -> bool:
    prop = RELATION_PROPERTIES[rel.predicate]
    subject = URIRef(entity_iri(rel.subject))
    if rel.subject not in used:
        return False
    obj: URIRef | Literal
    if rel.object is not None:
        if rel.object not in used:
            return False
        obj = URIRef(entity_iri(rel.object))
    elif RELATIONS[rel.predicate].literal == "date":
        obj = date_literal(rel.value or "")
    else:
        obj = Literal(rel.value)
    g.add((subject, prop, obj))
    digest = hashlib.sha256(f"{subject}|{prop}|{obj.n3()}".encode()).hexdigest()[:16]
    statement = URIRef(f"{release_iri(release_id)}#fact-{digest}")
    g.add((statement, RDF.type, KGO.Statement))
    g.add((statement, RDF.subject, subject))
    g.add((statement, RDF.predicate, prop))
    g.add((statement, RDF.object, obj))
    if rel.sentence:
        g.add((statement, KGO.evidence, URIRef(span_iri(release_id, *rel.sentence))))
    return True


def _posts(g: Graph, doc, relations: list[Relation], used: set[str]) -> None:
    """Each job title as a W3C ORG post the person holds, in the body the same
    sentence names, valid on the release's date."""
    for rel in relations:
        if rel.predicate != "jobTitle" or rel.subject not in used or not rel.value:
            continue
        person = URIRef(entity_iri(rel.subject))
        digest = hashlib.sha256(f"{rel.subject}|{rel.value}".encode()).hexdigest()[:16]
        post = URIRef(f"{release_iri(doc.id)}#post-{digest}")
        g.add((person, ORG.holds, post))
        g.add((post, RDF.type, ORG.Post))
        g.add((post, RDFS.label, Literal(rel.value)))
        bodies = sorted((r.object for r in relations if r.predicate == "affiliation" and r.subject == rel.subject
                         and r.sentence == rel.sentence and r.object in used),
                        key=lambda key: not key.startswith("organization/"))  # a body before a country
        body = bodies[0] if bodies else None
        if body is not None:
            g.add((post, ORG.postIn, URIRef(entity_iri(body))))
        if doc.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date):
            g.add((post, DCTERMS.valid, Literal(doc.date, datatype=XSD.date)))


def _provenance(g: Graph, release: URIRef, extraction: Extraction, ingested_at: datetime | None) -> None:
    activity = URIRef(release_iri(extraction.document.id) + "#ingest")
    g.add((release, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, KGO.IngestActivity))
    when = (ingested_at or datetime.now(UTC)).replace(microsecond=0)
    g.add((activity, PROV.startedAtTime, Literal(when.isoformat(), datatype=XSD.dateTime)))
    g.add((activity, PROV.wasAssociatedWith, KG_AGENT))
    g.add((KG_AGENT, RDF.type, KGO.SoftwareVersion))
    g.add((KG_AGENT, RDFS.label, Literal(f"kg {__version__}")))
    if extraction.model:
        model = URIRef(f"{BASE}id/software/{extraction.model}/{extraction.model_version or 'unknown'}")
        g.add((activity, PROV.wasAssociatedWith, model))
        g.add((model, RDF.type, KGO.SoftwareVersion))
        g.add((model, RDFS.label, Literal(f"spaCy model {extraction.model} {extraction.model_version}".strip())))
