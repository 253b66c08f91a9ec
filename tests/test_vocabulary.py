"""The vocabulary table (kg.vocabulary) and the ontology cannot drift apart:
every kind's class and every relation's property is declared in
ontology/kg.ttl, with the domain and range the table gives, and the SHACL
shapes on a relation's subjects admit exactly the kinds the table allows;
the saved queries that list kg's relations list the table's."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH

from kg.vocabulary import ENTITY_RELATIONS, KINDS, RELATIONS

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = "http://schema.org/"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "kg.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ROOT / "ontology" / "shapes.ttl")


def ancestors(g: Graph, cls: URIRef) -> set[URIRef]:
    seen, todo = {cls}, [cls]
    while todo:
        for parent in g.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(parent, URIRef) and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def kind_classes(kinds) -> dict[str, URIRef]:
    return {k: URIRef(KINDS[k].iri) for k in kinds}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_vocabulary_kind_class_is_declared(ontology, kind):
    assert (URIRef(KINDS[kind].iri), RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("label", sorted(RELATIONS))
def test_vocabulary_relation_property_is_declared_with_the_tables_domain_and_range(ontology, label):
    rel = RELATIONS[label]
    prop = URIRef(rel.iri)
    assert (prop, RDF.type, OWL.ObjectProperty if not rel.is_literal else OWL.DatatypeProperty) in ontology
    domain = set(ontology.objects(prop, URIRef(SCHEMA + "domainIncludes")))
    for kind, cls in kind_classes(rel.domain).items():
        assert ancestors(ontology, cls) & domain, f"{label}: {kind} ({cls}) is not in its domainIncludes"
    if not rel.is_literal:
        range_ = set(ontology.objects(prop, URIRef(SCHEMA + "rangeIncludes")))
        for kind, cls in kind_classes(rel.range).items():
            assert ancestors(ontology, cls) & range_, f"{label}: {kind} ({cls}) is not in its rangeIncludes"


def allowed_classes(shapes: Graph, shape) -> set[URIRef]:
    out = set(shapes.objects(shape, SH["class"]))
    for alternatives in shapes.objects(shape, SH["or"]):
        for member in Collection(shapes, alternatives):
            out |= set(shapes.objects(member, SH["class"]))
    return out


@pytest.mark.parametrize("label", sorted(RELATIONS))
def test_vocabulary_subject_shape_admits_the_tables_domain(ontology, shapes, label):
    prop = URIRef(RELATIONS[label].iri)
    subject_shapes = list(shapes.subjects(SH.targetSubjectsOf, prop))
    assert subject_shapes, f"no shape checks the subjects of {label}"
    for shape in subject_shapes:
        allowed = allowed_classes(shapes, shape)
        if not allowed:  # a shape of another sort (an order of dates, a count)
            continue
        for kind, cls in kind_classes(RELATIONS[label].domain).items():
            assert ancestors(ontology, cls) & allowed, f"{label}: the shape {shape} refuses a {kind}"


def test_vocabulary_entity_facts_query_lists_every_relation():
    text = (ROOT / "queries" / "entity-facts.rq").read_text(encoding="utf-8")
    listed = set(re.findall(r"\b(schema|kgo):(\w+)", text.split("VALUES ?predicate", 1)[1].split("}", 1)[0]))
    names = {f"{'kgo' if r.iri.startswith('https://w3id.org/') else 'schema'}:{r.iri.rsplit('/', 1)[-1].rsplit('#', 1)[-1]}"
             for r in RELATIONS.values()}
    assert names <= {f"{p}:{n}" for p, n in listed}


def test_vocabulary_entity_relations_have_a_range_and_literals_none():
    assert all(r.range for r in ENTITY_RELATIONS)
    assert all(not r.range for r in RELATIONS.values() if r.is_literal)
