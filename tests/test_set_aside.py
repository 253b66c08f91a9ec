"""A release is never lost for one bad fact (issue 14): a fact that breaks a
shape is set aside, kept reified with its reason, and the rest is stored."""
from __future__ import annotations

from pathlib import Path

from conftest import run_kg
from rdflib import RDF, Graph, URIRef

from kg.document import Document, Entity, Extraction, Mention, Relation
from kg.pipeline import _release_graph
from kg.rdf.iri import entity_iri
from kg.rdf.namespaces import KGO
from kg.settings import settings
from kg.validate import validate_graph

SCHEMA = "http://schema.org/"


def extraction_with_a_bad_fact() -> Extraction:
    text = "The Riverside Plan was adopted in 2020. Mayor Ana Cruz praised it."
    doc = Document(id="set-aside-test", text=text, date="2021-01-05")
    plan, person = "document/riverside-plan", "person/ana-cruz"
    entities = {plan: Entity(key=plan, kind="Document", name="Riverside Plan"),
                person: Entity(key=person, kind="Person", name="Ana Cruz")}
    first, second = (0, text.index(" Mayor")), (text.index("Mayor"), len(text))
    mentions = [Mention(text.index("Riverside"), text.index(" was"), "Riverside Plan", "Document", plan, first),
                Mention(text.index("Ana"), text.index(" praised"), "Ana Cruz", "Person", person, second)]
    relations = [Relation(plan, "foundingDate", value="2020", sentence=first),
                 # A document has no organizer: only an event has one.
                 Relation(plan, "organizer", object=person, sentence=second)]
    return Extraction(document=doc, sentences=[first, second], mentions=mentions, entities=entities,
                      relations=relations)


def test_set_aside_keeps_the_release_and_withdraws_only_the_bad_fact():
    doc, ntriples, error, _, withdrawn = _release_graph((extraction_with_a_bad_fact(), True,
                                                         str(settings().ontology_dir)))
    assert error is None and len(withdrawn) == 1 and "organizer" in withdrawn[0]
    graph = Graph().parse(data=ntriples, format="nt")
    plan, person = URIRef(entity_iri("document/riverside-plan")), URIRef(entity_iri("person/ana-cruz"))
    assert (plan, URIRef(SCHEMA + "organizer"), person) not in graph
    assert (plan, URIRef(SCHEMA + "foundingDate"), None) in graph  # the good fact stays
    (held,) = graph.subjects(RDF.type, KGO.SetAsideStatement)
    assert graph.value(held, RDF.predicate) == URIRef(SCHEMA + "organizer")
    assert "Event" in str(graph.value(held, KGO.setAsideBecause))
    assert validate_graph(graph).conforms


def test_set_aside_under_the_theme_release_is_stored_and_validates(tmp_path):
    release = tmp_path / "theme-release.txt"
    release.write_text("Hanoi hosts urban forum\n\nThe 3rd Red River Urban Forum opened in Hanoi on 4 May 2025 "
                       "under the theme \"Smart Cities for All\". The forum was organised by the Hanoi People's "
                       "Committee and discussed flood control.\n", encoding="utf-8")
    store = tmp_path / "store"
    run = run_kg("ingest", release, "--json", store=store)
    assert run.exit_code == 0, run.stderr
    assert run.json()["ingested"] == ["theme-release"]
    assert run_kg("validate", store=store).exit_code == 0


def test_set_aside_is_reported_by_ingest(tmp_path, monkeypatch):
    import kg.pipeline as pipeline

    bad = extraction_with_a_bad_fact()
    monkeypatch.setattr("kg.extraction.extract_many", lambda docs, **kw: iter([bad]))
    source = tmp_path / "set-aside-test.txt"
    source.write_text(bad.document.text, encoding="utf-8")
    del pipeline
    run = run_kg("ingest", source, "--json", store=tmp_path / "store")
    assert run.exit_code == 0, run.stderr
    assert list(run.json()["set_aside"]) == ["set-aside-test"]
    assert "set aside" in run_kg("ingest", Path(source), store=tmp_path / "store2").stderr
