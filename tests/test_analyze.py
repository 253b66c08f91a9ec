"""`kg analyze` (kg.analyze): centrality, communities and the most connected
officials, bodies and cities per year, checked against networkx run on a
graph built here straight from SPARQL rows, and its table, CSV and JSON."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from conftest import opened, run_kg

import kg.analyze
from kg.analyze import CSV_COLUMNS, analyze, analyze_store, to_csv, to_json
from kg.export.network import build
from kg.export.registry import Selection
from kg.rdf.iri import ENTITY, RELEASE_GRAPH

SCHEMA = "http://schema.org/"
RELATIONS = " ".join(f"<{SCHEMA}{p}>" for p in (
    "organizer", "location", "attendee", "about", "affiliation", "memberOf", "containedInPlace",
    "parentOrganization", "founder", "superEvent", "funder")) + " <https://w3id.org/aseankg/ontology#speaker>"


@pytest.fixture(scope="module")
def sparql_graph(curated_store):
    """Entities and relations read with plain SPARQL: the undirected simple
    graph (weight = number of relations) and each relation's release years."""
    simple = nx.Graph()
    years: dict[tuple[str, str], set[int]] = {}
    with opened(curated_store) as store:
        for row in store.query(f"""SELECT DISTINCT ?e WHERE {{ GRAPH ?g {{ ?r <{SCHEMA}mentions> ?e }}
                                   FILTER STRSTARTS(STR(?g), "{RELEASE_GRAPH}") }}"""):
            simple.add_node(row["e"].value)
        triples: dict[tuple[str, str, str], set[int]] = {}
        for row in store.query(f"""SELECT DISTINCT ?s ?p ?o ?date WHERE {{ VALUES ?p {{ {RELATIONS} }}
                GRAPH ?g {{ ?s ?p ?o }} FILTER STRSTARTS(STR(?g), "{RELEASE_GRAPH}")
                OPTIONAL {{ GRAPH ?g {{ ?r <{SCHEMA}datePublished> ?date }} }} }}"""):
            key = (row["s"].value, row["p"].value, row["o"].value)
            triples.setdefault(key, set())
            if row["date"] is not None:
                triples[key].add(int(row["date"].value[:4]))
    for (s, _, o), ys in triples.items():
        if s != o:
            if simple.has_edge(s, o):
                simple[s][o]["weight"] += 1
            else:
                simple.add_edge(s, o, weight=1)
        years[(s, o)] = years.get((s, o), set()) | ys
    return simple, triples


@pytest.fixture(scope="module")
def full(curated_store):
    with opened(curated_store) as store:
        return analyze_store(store, top=0)


def test_analyze_counts_are_the_sparql_graph(full, sparql_graph):
    simple, triples = sparql_graph
    assert (full.nodes, full.edges) == (simple.number_of_nodes(), len(triples))
    assert len(full.centrality) == full.nodes  # --top 0: every entity


def test_analyze_degree_and_betweenness_match_networkx(full, sparql_graph):
    simple, _ = sparql_graph
    degree = nx.degree_centrality(simple)
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    for row in full.centrality:
        assert row["degree_centrality"] == pytest.approx(degree[row["entity"]], abs=1e-6)
        assert row["betweenness"] == pytest.approx(betweenness[row["entity"]], abs=1e-6)
    ranks = [(-r["degree_centrality"], -r["betweenness"]) for r in full.centrality]
    assert ranks == sorted(ranks)
    assert full.centrality[0]["entity"] == max(degree, key=lambda n: (degree[n], betweenness[n]))


def test_analyze_communities_partition_the_entities(full, sparql_graph):
    simple, _ = sparql_graph
    assert sum(c["size"] for c in full.communities) + full.singletons == full.nodes
    assert [c["size"] for c in full.communities] == sorted((c["size"] for c in full.communities), reverse=True)
    by_entity = {r["entity"]: r["community"] for r in full.centrality}
    # Louvain never puts two unconnected components together.
    for component in nx.connected_components(simple):
        ids = {by_entity[n] for n in component}
        others = {by_entity[n] for n in simple.nodes if n not in component}
        assert not ids & others
    modularity = nx.community.modularity(simple, [{n for n in simple if by_entity[n] == c}
                                                  for c in set(by_entity.values())])
    assert modularity > 0.5


def test_analyze_most_connected_per_year(full, sparql_graph, curated_store):
    _, triples = sparql_graph
    assert {r["category"] for r in full.yearly} == {"officials", "bodies", "cities"}
    kinds = {"officials": "person/", "bodies": "organization/", "cities": "place/"}
    for row in full.yearly:
        assert row["entity"].startswith(ENTITY + kinds[row["category"]])
        expected = sum(1 for (s, _, o), ys in triples.items() if row["year"] in ys and row["entity"] in (s, o))
        assert row["degree"] == expected > 0
    with opened(curated_store) as store:
        cities = {row["e"].value for row in store.query(f"SELECT DISTINCT ?e WHERE {{ ?e a <{SCHEMA}City> }}")}
    assert {r["entity"] for r in full.yearly if r["category"] == "cities"} <= cities
    for (year, category) in {(r["year"], r["category"]) for r in full.yearly}:
        ranked = [r for r in full.yearly if (r["year"], r["category"]) == (year, category)]
        assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
        assert [r["degree"] for r in ranked] == sorted((r["degree"] for r in ranked), reverse=True)


def test_analyze_selection_narrows_the_graph(curated_store, full):
    with opened(curated_store) as store:
        people = analyze_store(store, Selection(kinds=("person", "organization")), top=0)
    assert 0 < people.nodes < full.nodes
    assert {r["kind"] for r in people.centrality} == {"Person", "Organization"}


def test_analyze_betweenness_is_sampled_past_the_limit(curated_store, monkeypatch):
    with opened(curated_store) as store:
        network = build(store)
    monkeypatch.setattr(kg.analyze, "EXACT_BETWEENNESS", 10)
    monkeypatch.setattr(kg.analyze, "BETWEENNESS_SAMPLES", 50)
    first = analyze(network.graph, network.releases, top=0)
    assert first.betweenness_sampled
    assert to_json(first) == to_json(analyze(network.graph, network.releases, top=0))


def test_analyze_cli_json_csv_and_table(curated_store):
    as_json = run_kg("analyze", "--format", "json", "--top", "5", store=curated_store)
    assert as_json.exit_code == 0, as_json.stderr
    doc = as_json.json()
    assert len(doc["centrality"]) == 5 and doc["communities"] and doc["yearly"]
    again = run_kg("analyze", "--format", "json", "--top", "5", store=curated_store)
    assert again.stdout_bytes == as_json.stdout_bytes

    as_csv = run_kg("analyze", "--format", "csv", "--top", "5", store=curated_store)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert list(rows[0]) == CSV_COLUMNS
    assert {r["report"] for r in rows} == {"centrality", "communities", "yearly"}
    assert [r["label"] for r in rows if r["report"] == "centrality"] == [r["label"] for r in doc["centrality"]]

    table = run_kg("analyze", "--report", "centrality", "--top", "3", store=curated_store)
    assert table.exit_code == 0
    assert doc["centrality"][0]["label"] in table.stdout and "Communities" not in table.stdout


def test_analyze_cli_report_and_selection_options(curated_store):
    run = run_kg("analyze", "-f", "json", "-r", "yearly", "--since", "2020", "--until", "2022", "--kind", "person",
                 "--kind", "event", store=curated_store)
    assert run.exit_code == 0, run.stderr
    doc = run.json()
    assert doc["centrality"] == [] and doc["communities"] == []
    assert doc["yearly"] and {r["year"] for r in doc["yearly"]} == {2020, 2021, 2022}
    assert {r["category"] for r in doc["yearly"]} == {"officials"}
    bad = run_kg("analyze", "--kind", "robots", store=curated_store)
    assert bad.exit_code == 2 and "robots" in bad.stderr


def test_analyze_csv_and_json_agree(full):
    rows = list(csv.DictReader(io.StringIO(to_csv(full).decode("utf-8"))))
    doc = json.loads(to_json(full))
    assert len(rows) == len(doc["centrality"]) + len(doc["communities"]) + len(doc["yearly"])


def test_analyze_empty_selection_reports_nothing(curated_store):
    with opened(curated_store) as store:
        empty = analyze_store(store, Selection(since="1990", until="1991"))
    assert (empty.nodes, empty.edges, empty.centrality, empty.communities, empty.yearly) == (0, 0, [], [], [])
    run = run_kg("analyze", "--since", "1990", "--until", "1991", store=curated_store)
    assert run.exit_code == 0 and "nothing to report" in run.stdout
