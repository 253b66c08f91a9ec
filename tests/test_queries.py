"""Saved queries and parameter binding (kg.queries, kg.api.run_query): headers
are read, parameters become typed RDF terms (never text pasted into the query),
and every saved query in queries/ runs on the store built from data/releases."""
from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest
from conftest import DATA, ROOT, SAMPLE_IDS, opened

from kg.api import run_query
from kg.errors import ParameterError, QueryError, UnknownQuery
from kg.queries import PARAM_TYPES, Param, SavedQuery, bind, parse_saved, resolve_query, saved_queries, values_clause
from kg.rdf.iri import ENTITY
from kg.results import render

XSD = "http://www.w3.org/2001/XMLSchema#"
HOSTILE = 'x" } } ; DROP ALL ; SELECT * { { ?s ?p ?o } UNION { "'
SAVED = sorted(saved_queries(ROOT / "queries"))
ASCN = ENTITY + "initiative/asean-smart-cities-network"  # mentioned by every sample release
# A value for each parameter type, chosen to exist in the sample store.
SAMPLE_VALUES = {"iri": ASCN, "string": "sample-jica-2024-1031-hlm6-tokyo-gx", "date": "2020-01-01", "integer": "1"}


@pytest.fixture(scope="module")
def store(built_store):
    with opened(built_store) as s:
        yield s


def test_queries_header_read_from_comment_lines():
    query = parse_saved(DATA / "queries" / "with-params.rq")
    assert query.name == "with-params"
    assert query.title == "Test query with parameters"
    assert query.description == "A fixture for the header parser: three typed parameters, one optional."
    assert query.params == [
        Param("entity", "iri", False, "The entity"),
        Param("since", "date", True, "Only on or after this date"),
        Param("label", "string", True, "A label to match"),
    ]


def test_queries_bad_parameter_line_is_an_error(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("# title: Bad\n# param: when timestamp  A type kg does not know\nSELECT * {}\n")
    with pytest.raises(QueryError, match="bad parameter line"):
        parse_saved(path)


def test_queries_saved_queries_listed_by_name(tmp_path):
    shutil.copy(DATA / "queries" / "with-params.rq", tmp_path / "one.rq")
    (tmp_path / "two.rq").write_text("# title: Two\nSELECT * {}\n")
    (tmp_path / "notes.txt").write_text("not a query")
    assert list(saved_queries(tmp_path)) == ["one", "two"]


def test_queries_resolve_expression_file_and_name():
    assert resolve_query(None, "ASK {}").text == "ASK {}"
    from_file = resolve_query(str(DATA / "queries" / "with-params.rq"), None)
    assert from_file.title == "Test query with parameters"
    name = SAVED[0]
    assert resolve_query(name, None).path == ROOT / "queries" / f"{name}.rq"
    with pytest.raises(UnknownQuery, match="no saved query 'no-such-query'"):
        resolve_query("no-such-query", None)
    with pytest.raises(UnknownQuery):
        resolve_query(None, None)


def test_queries_bind_makes_typed_terms():
    query = parse_saved(DATA / "queries" / "with-params.rq")
    b = bind(query, {"entity": "person/yoshida-nobuhiro", "since": "2023-10-30", "label": 'A "label"'})
    assert b["entity"] == ox.NamedNode(ENTITY + "person/yoshida-nobuhiro")
    assert b["since"] == ox.Literal("2023-10-30", datatype=ox.NamedNode(XSD + "date"))
    assert b["label"] == ox.Literal('A "label"')
    full = bind(query, {"entity": "http://www.wikidata.org/entity/Q1"})
    assert full == {"entity": ox.NamedNode("http://www.wikidata.org/entity/Q1")}
    integer = bind(SavedQuery("q", DATA, "", params=[Param("n", "integer", False, "")]), {"n": "42"})
    assert integer["n"] == ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))


@pytest.mark.parametrize("values, message", [
    ({}, "needs --param entity"),
    ({"entity": "person/x", "nope": "1"}, "has no parameter 'nope'"),
    ({"entity": "person/x", "since": "last Tuesday"}, "not a valid date"),
    ({"entity": "not an iri"}, "not a valid iri"),
])
def test_queries_bind_rejects_bad_parameters(values, message):
    query = parse_saved(DATA / "queries" / "with-params.rq")
    with pytest.raises(ParameterError, match=message):
        bind(query, values)


def test_queries_expression_parameters_are_strings():
    assert bind(resolve_query(None, "SELECT ?x {}"), {"x": HOSTILE}) == {"x": ox.Literal(HOSTILE)}


def test_queries_hostile_parameter_is_one_term(store):
    before = len(store)
    rows = list(run_query(store, None, "SELECT ?x WHERE {}", {"x": HOSTILE}))
    assert [r["x"] for r in rows] == [ox.Literal(HOSTILE)]
    saved = list(run_query(store, "entities-in-release", params={"release": HOSTILE}))
    assert saved == []
    assert len(store) == before


def test_queries_values_clause_keeps_hostile_values_inside_their_terms():
    bindings = {"x": ox.Literal(HOSTILE), "e": ox.NamedNode(ASCN), "d": ox.Literal("2023-10-30", datatype=ox.NamedNode(XSD + "date"))}  # noqa: E501
    query = "SELECT ?x ?e ?d WHERE {}" + values_clause(bindings)
    (row,) = list(ox.Store().query(query))
    assert (row["x"], row["e"], row["d"]) == (bindings["x"], bindings["e"], bindings["d"])
    assert values_clause({}) == ""


def test_queries_parameter_not_in_projection_is_a_query_error(store):
    with pytest.raises(QueryError, match=r"\?x"):
        run_query(store, None, "SELECT ?s WHERE { ?s ?p ?x }", {"x": "Yokohama"})


def test_queries_malformed_sparql_is_a_query_error(store):
    with pytest.raises(QueryError, match="malformed SPARQL") as err:
        run_query(store, None, "SELEC ?s WHERE { ?s ?p ?o }")
    assert "\n" not in str(err.value)


def test_queries_folder_has_saved_queries():
    assert len(SAVED) >= 5


@pytest.mark.parametrize("name", SAVED)
def test_queries_saved_query_has_title_description_and_typed_params(name):
    query = saved_queries(ROOT / "queries")[name]
    assert query.title and query.description
    for param in query.params:
        assert param.type in PARAM_TYPES and param.description


@pytest.mark.parametrize("name", SAVED)
def test_queries_saved_query_runs_on_the_sample_store(store, name):
    query = saved_queries(ROOT / "queries")[name]
    required = {p.name: SAMPLE_VALUES[p.type] for p in query.params if not p.optional}
    every = {p.name: SAMPLE_VALUES[p.type] for p in query.params}
    for params in (required, every):
        result = run_query(store, name, params=params)
        if isinstance(result, ox.QueryTriples):
            import rdflib

            rdflib.Graph().parse(data=render(result, "nquads").decode("utf-8"), format="nquads")
            continue
        data = render(result, "json")
        parsed = json.loads(data)
        again = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if isinstance(result, ox.QuerySolutions):
            assert [v.value for v in again.variables] == parsed["head"]["vars"]
            assert len(list(again)) == len(parsed["results"]["bindings"])
        else:
            assert isinstance(parsed["boolean"], bool)


def test_queries_entities_in_release_answers_for_each_release(store):
    for release_id in SAMPLE_IDS:
        rows = list(run_query(store, "entities-in-release", params={"release": release_id}))
        assert rows, release_id
        assert {r["release"].value for r in rows} == {release_id}
