"""Every fact can be traced to its source: the release, the sentence and the
offsets, and the offsets cut exactly that text out of the stored release text;
every ingest is recorded as a PROV activity naming kg, the model and the time."""
from __future__ import annotations

import pyoxigraph as ox
from conftest import opened

from kg.api import run_query
from kg.version import __version__

KGO = "https://w3id.org/aseankg/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
PROV = "http://www.w3.org/ns/prov#"


def test_provenance_query_returns_release_sentence_and_offsets_for_every_fact(built_store):
    with opened(built_store) as store:
        facts = list(store.query(f"""
            SELECT DISTINCT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{
              ?f a <{KGO}Statement> ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
                 <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
                 <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o }} }}"""))
        texts = {row["g"].value.rsplit("/", 1)[-1]: row["t"].value for row in store.query(f"""
            SELECT ?g ?t WHERE {{ GRAPH ?g {{ ?r <{NIF}isString> ?t }} }}""")}
        assert len(facts) > 50
        subjects = {(f["s"].value, f["p"].value) for f in facts}
        for subject, predicate in sorted(subjects):
            rows = list(run_query(store, "fact-provenance", params={"subject": subject, "predicate": predicate}))
            assert rows, (subject, predicate)
            for row in rows:
                release_id = row["releaseId"].value
                begin, end = int(row["begin"].value), int(row["end"].value)
                # The offsets cut the sentence the query returns out of the stored text.
                assert texts[release_id][begin:end] == row["sentence"].value
                assert row["sentence"].value.strip()


def test_provenance_mentions_cut_their_anchor_from_the_text(built_store):
    with opened(built_store) as store:
        rows = list(store.query(f"""
            SELECT ?t ?b ?e ?a WHERE {{ GRAPH ?g {{
              ?m a <{NIF}Phrase> ; <{NIF}referenceContext> ?r ; <{NIF}beginIndex> ?b ; <{NIF}endIndex> ?e ;
                 <{NIF}anchorOf> ?a . ?r <{NIF}isString> ?t }} }}"""))
    assert len(rows) > 200
    for row in rows:
        assert row["t"].value[int(row["b"].value):int(row["e"].value)] == row["a"].value


def test_provenance_each_release_names_its_ingest_activity(built_store):
    with opened(built_store) as store:
        rows = list(store.query(f"""
            SELECT ?r ?when (GROUP_CONCAT(?label; separator="|") AS ?agents) WHERE {{ GRAPH ?g {{
              ?r <{PROV}wasGeneratedBy> ?a . ?a <{PROV}startedAtTime> ?when ; <{PROV}wasAssociatedWith> ?agent .
              ?agent <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }} GROUP BY ?r ?when"""))
    assert rows
    for row in rows:
        assert isinstance(row["when"], ox.Literal) and row["when"].datatype.value.endswith("#dateTime")
        agents = row["agents"].value
        assert f"kg {__version__}" in agents and "spaCy model en_core_web_sm" in agents and "3.8.0" in agents


def test_provenance_release_text_is_pinned_by_its_hash(built_store):
    import hashlib

    with opened(built_store) as store:
        rows = list(store.query(f"""
            SELECT ?t ?h WHERE {{ GRAPH ?g {{ ?r <{NIF}isString> ?t ; <http://schema.org/sha256> ?h }} }}"""))
    assert rows
    for row in rows:
        assert hashlib.sha256(row["t"].value.encode("utf-8")).hexdigest() == row["h"].value
