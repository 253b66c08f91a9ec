"""The store contract over every backend: the embedded Oxigraph store, and the
remote store against a real Virtuoso Open Source 7 started on loopback
(conftest_virtuoso.py), writing through its Graph Store and, with the graph
store turned off, through SPARQL Update alone. Then `kg ingest --store
http://...` against the embedded store, and two ingest processes at once."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import pyoxigraph as ox
import pytest
from conftest import RELEASES, ROOT, opened, run_kg

from kg.api import run_query
from kg.errors import QueryError, StoreError
from kg.queries import saved_queries
from kg.rdf.iri import RELEASE_GRAPH
from kg.store.base import Store, open_store
from kg.store.oxigraph import OxigraphStore
from kg.store.remote import Endpoints, RemoteStore, endpoints

G1 = "https://w3id.org/aseankg/graph/release/one"
G2 = "https://w3id.org/aseankg/graph/release/two"
SHA = "http://schema.org/sha256"
HEADLINE = "http://schema.org/headline"
NT1 = (f'<https://w3id.org/aseankg/release/one> <{SHA}> "aaa111" .\n'
       f'<https://w3id.org/aseankg/release/one> <{HEADLINE}> "First \\"quoted\\" }} {{ headline" .\n'
       '<https://w3id.org/aseankg/release/one> <http://schema.org/datePublished> '
       '"2023-10-30"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
       '<https://w3id.org/aseankg/id/place/hanoi> <http://www.w3.org/2000/01/rdf-schema#label> "Hà Nội"@vi .\n'
       '<https://w3id.org/aseankg/id/place/tokyo> <http://www.w3.org/2000/01/rdf-schema#label> "東京"@ja .\n')
NT1_NEW = (f'<https://w3id.org/aseankg/release/one> <{SHA}> "bbb222" .\n'
           f'<https://w3id.org/aseankg/release/one> <{HEADLINE}> "Second headline" .\n')
NT2 = (f'<https://w3id.org/aseankg/release/two> <{SHA}> "ccc333" .\n'
       f'<https://w3id.org/aseankg/release/two> <{HEADLINE}> "Two" .\n'
       '_:b0 <http://schema.org/name> "blank" .\n_:b0 <http://schema.org/about> _:b1 .\n')
STARTED = "http://www.w3.org/ns/prov#startedAtTime"
BACKENDS = ["embedded", "virtuoso", "virtuoso-update"]


def wipe(store: Store) -> None:
    for graph in store.graphs():
        store.drop_graph(graph)


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """An empty store of each backend."""
    if request.param == "embedded":
        s = OxigraphStore(str(tmp_path / "store"))
    else:
        server = request.getfixturevalue("virtuoso")
        env = dict(server.env)
        if request.param == "virtuoso-update":
            env["KG_STORE_GSP_URL"] = "none"  # every write through SPARQL Update
        s = RemoteStore(server.sparql_url, env=env)
        wipe(s)
    yield s
    s.close()


def triples(store, graph) -> set[tuple[str, str, str]]:
    """The triples of a graph, blank nodes by shape only (their labels differ by store)."""
    return {tuple("_:" if isinstance(t, ox.BlankNode) else str(t) for t in (q.subject, q.predicate, q.object))
            for q in store.quads(graph)}


def expected(nt: str) -> set[tuple[str, str, str]]:
    return {tuple("_:" if isinstance(x, ox.BlankNode) else str(x) for x in (t.subject, t.predicate, t.object))
            for t in ox.parse(nt.encode(), format=ox.RdfFormat.N_TRIPLES)}


# -- the contract ------------------------------------------------------------------

def test_store_backends_satisfy_the_store_protocol(store):
    assert isinstance(store, Store)
    assert isinstance(store.transactional, bool) and isinstance(store.embedded, bool)


def test_store_backends_replace_graph_writes_exactly_the_triples(store):
    store.replace_graph(G1, NT1)
    assert triples(store, G1) == expected(NT1)
    assert store.graphs() == [G1]
    assert len(list(store.quads(G1))) == 5


def test_store_backends_replace_graph_replaces_the_old_content(store):
    store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    store.replace_graph(G1, NT1_NEW)
    assert triples(store, G1) == expected(NT1_NEW)
    assert triples(store, G2) == expected(NT2)  # the other graph is untouched
    assert len(list(store.quads(G2))) == 4  # blank nodes kept apart


@pytest.mark.parametrize("bad", [
    '<https://w3id.org/x> <http://schema.org/name> "unterminated .\n',
    NT1_NEW + "this is not N-Triples\n",
    "<https://w3id.org/x> <http://schema.org/name> <not an iri> .\n",
    # Not N-Triples, but a valid SPARQL update if pasted into one.
    NT1_NEW + "} } ; DROP ALL ; INSERT DATA { GRAPH <https://w3id.org/evil> { <urn:a> <urn:b> <urn:c> .",
], ids=["unterminated", "junk-line", "bad-iri", "update-injection"])
def test_store_backends_replace_graph_with_malformed_ntriples_changes_nothing(store, bad):
    store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    before = {g: triples(store, g) for g in (G1, G2)}
    with pytest.raises(StoreError) as err:
        store.replace_graph(G1, bad)
    assert G1 in str(err.value)
    assert {g: triples(store, g) for g in (G1, G2)} == before
    assert store.graphs() == [G1, G2]
    assert store.graph_hash(G1) == "aaa111"


def test_store_backends_refuse_a_graph_name_that_is_not_an_iri(store):
    store.replace_graph(G1, NT1)
    with pytest.raises(StoreError):
        store.replace_graph(G2 + "> { <urn:a> <urn:b> <urn:c> } } ; DROP ALL ; INSERT DATA { GRAPH <urn:x", NT2)
    assert store.graphs() == [G1]
    assert triples(store, G1) == expected(NT1)


def test_store_backends_graph_hash(store):
    assert store.graph_hash(G1) is None
    store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    assert (store.graph_hash(G1), store.graph_hash(G2)) == ("aaa111", "ccc333")
    store.replace_graph(G1, NT1_NEW)
    assert store.graph_hash(G1) == "bbb222"


def test_store_backends_drop_graph(store):
    store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    kept = triples(store, G2)
    assert store.drop_graph(G1) is True
    assert store.graphs() == [G2]
    assert list(store.quads(G1)) == []
    assert store.graph_hash(G1) is None
    assert triples(store, G2) == kept
    assert store.drop_graph(G1) is False


def test_store_backends_graphs_are_sorted_and_counted(store):
    assert store.graphs() == []
    store.replace_graph(G2, NT2)
    store.replace_graph(G1, NT1)
    assert store.graphs() == [G1, G2]
    assert len(list(store.quads())) == 9


def test_store_backends_quads_by_subject_and_object(store):
    store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    one = ox.NamedNode("https://w3id.org/aseankg/release/one")
    by_subject = list(store.quads(subject=one))
    assert {q.predicate.value for q in by_subject} == {SHA, HEADLINE, "http://schema.org/datePublished"}
    assert {q.graph_name for q in by_subject} == {ox.NamedNode(G1)}
    by_object = list(store.quads(object=ox.Literal("Hà Nội", language="vi")))
    assert [q.subject.value for q in by_object] == ["https://w3id.org/aseankg/id/place/hanoi"]
    assert list(store.quads(G2, subject=one)) == []


def test_store_backends_large_graph_is_read_whole(request, store):
    if request.node.callspec.params["store"] == "virtuoso-update":
        pytest.skip("Virtuoso's SPARQL compiler refuses INSERT DATA of more than about 2,000 triples; "
                    "kg writes large graphs through the graph store (the 'virtuoso' backend)")
    # More triples than Virtuoso's ResultSetMaxRows (10,000), which cuts
    # CONSTRUCT and graph store answers without a word.
    nt = "".join(f'<https://w3id.org/aseankg/id/x/{i}> <{HEADLINE}> "headline {i}" .\n' for i in range(12_000))
    store.replace_graph(G1, nt + f'<https://w3id.org/aseankg/release/one> <{SHA}> "big" .\n')
    quads = list(store.quads(G1))
    assert len(quads) == 12_001 == len(set(quads))
    assert store.graph_hash(G1) == "big"


def test_store_backends_query_select_ask_construct(store):
    store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    rows = store.query(f"SELECT ?r ?h WHERE {{ ?r <{HEADLINE}> ?h }} ORDER BY ?h")
    assert isinstance(rows, ox.QuerySolutions)
    assert [v.value for v in rows.variables] == ["r", "h"]
    assert [r["h"].value for r in rows] == ['First "quoted" } { headline', "Two"]
    ask = store.query(f'ASK {{ ?r <{SHA}> "ccc333" }}')
    assert isinstance(ask, ox.QueryBoolean) and bool(ask)
    assert not bool(store.query(f'ASK {{ ?r <{SHA}> "none" }}'))
    built = store.query(f"CONSTRUCT {{ ?r <urn:kg:title> ?h }} WHERE {{ GRAPH <{G1}> {{ ?r <{HEADLINE}> ?h }} }}")
    assert isinstance(built, ox.QueryTriples)
    assert [(t.subject.value, t.object.value) for t in built] == [
        ("https://w3id.org/aseankg/release/one", 'First "quoted" } { headline')]
    counted = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g IN (<{G1}>, <{G2}>)) }}")
    assert int(next(iter(counted))["n"].value) == 9


def test_store_backends_query_sees_the_union_of_graphs_unless_told_not_to(store):
    store.replace_graph(G1, NT1)
    query = f"SELECT ?h WHERE {{ ?r <{HEADLINE}> ?h }}"
    assert len(list(store.query(query))) == 1
    assert list(store.query(query, union_default=False)) == []
    in_graphs = f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?r <{HEADLINE}> ?h }} }}"
    assert [r["g"].value for r in store.query(in_graphs, union_default=False)] == [G1]


def test_store_backends_query_with_bindings(store):
    store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    query = f"SELECT ?h ?sha WHERE {{ ?r <{HEADLINE}> ?h ; <{SHA}> ?sha }}"
    assert [r["h"].value for r in store.query(query, {"sha": ox.Literal("aaa111")})] == ['First "quoted" } { headline']
    assert [r["h"].value for r in store.query(query, {"sha": ox.Literal("ccc333")})] == ["Two"]
    hostile = ox.Literal('aaa111" } } ; DROP ALL ; SELECT * { "')
    assert list(store.query(query, {"sha": hostile})) == []
    assert store.graphs() == [G1, G2]
    # Bound before FILTER and OPTIONAL see it, as Oxigraph's substitutions are.
    filtered = f"SELECT ?r ?sha WHERE {{ ?r <{SHA}> ?x OPTIONAL {{ ?r <{HEADLINE}> ?h }} FILTER (?x = ?sha) }}"
    rows = list(store.query(filtered, {"sha": ox.Literal("ccc333")}))
    assert [r["r"].value for r in rows] == ["https://w3id.org/aseankg/release/two"]


def test_store_backends_query_parameter_not_projected_is_refused(store):
    store.replace_graph(G1, NT1)
    with pytest.raises(RuntimeError):
        store.query(f"SELECT ?h WHERE {{ ?r <{HEADLINE}> ?h ; <{SHA}> ?sha }}", {"sha": ox.Literal("aaa111")})


def test_store_backends_dump(store):
    store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    trig = store.dump(ox.RdfFormat.TRIG)
    quads = list(ox.parse(trig, format=ox.RdfFormat.TRIG))
    assert {q.graph_name.value for q in quads} == {G1, G2} and len(quads) == 9
    turtle = store.dump(ox.RdfFormat.TURTLE, G1)
    assert {tuple(str(x) for x in (t.subject, t.predicate, t.object))
            for t in ox.parse(turtle, format=ox.RdfFormat.TURTLE)} == expected(NT1)


# -- the remote store's own behaviour ----------------------------------------------------

def test_store_backends_remote_endpoints_from_the_url():
    assert endpoints("http://h:8890/sparql", {}, has_user=True) == Endpoints(
        "http://h:8890/sparql", "http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth")
    assert endpoints("http://h:8890/sparql", {}) == Endpoints(
        "http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud")
    assert endpoints("https://h/db/query", {}) == Endpoints("https://h/db/query", "https://h/db/update",
                                                             "https://h/db/store")
    assert endpoints("https://h/ds", {}) == Endpoints("https://h/ds", "https://h/ds", None)
    env = {"KG_STORE_UPDATE_URL": "https://h/u", "KG_STORE_GSP_URL": "none"}
    assert endpoints("https://h/sparql", env) == Endpoints("https://h/sparql", "https://h/u", None)


def test_store_backends_remote_store_is_chosen_by_url_scheme(virtuoso, monkeypatch):
    for name, value in virtuoso.env.items():
        monkeypatch.setenv(name, value)
    store = open_store(virtuoso.sparql_url)
    try:
        assert isinstance(store, RemoteStore) and not store.embedded
        assert store.location == virtuoso.sparql_url
    finally:
        store.close()


def test_store_backends_remote_credentials_in_the_url_are_used_and_hidden(virtuoso):
    url = virtuoso.sparql_url.replace("http://", f"http://{virtuoso.user}:{virtuoso.password}@")
    store = RemoteStore(url, env={})
    try:
        assert virtuoso.password not in store.location
        store.replace_graph(G1, NT1)
        assert store.graph_hash(G1) == "aaa111"
        store.drop_graph(G1)
    finally:
        store.close()


def test_store_backends_remote_wrong_password_names_url_and_status(virtuoso):
    store = RemoteStore(virtuoso.sparql_url, env={"KG_STORE_USER": virtuoso.user, "KG_STORE_PASSWORD": "wrong-pw"})
    try:
        with pytest.raises(StoreError) as err:
            store.replace_graph(G1, NT1)
        message = str(err.value)
        assert "401" in message and f"127.0.0.1:{virtuoso.http_port}" in message and "wrong-pw" not in message
    finally:
        store.close()


def test_store_backends_remote_without_a_server_is_a_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    store = RemoteStore(f"http://127.0.0.1:{port}/sparql", env={})
    with pytest.raises(StoreError, match=f"127.0.0.1:{port}/sparql"):
        store.graph_hash(G1)
    store.close()


def test_store_backends_remote_query_the_server_refuses_is_a_query_error(virtuoso):
    store = RemoteStore(virtuoso.sparql_url, env=virtuoso.env)
    try:
        with pytest.raises(QueryError, match="400"):
            store.query("SELECT * WHERE { ?s ?p }")
    finally:
        store.close()


# -- ingest through `kg --store http://...` ---------------------------------------------

def content(quads) -> set[ox.Quad]:
    """Quads less the ingest timestamps (they differ from run to run), with
    literals in pyoxigraph's canonical form: the embedded store keeps
    "5"^^xsd:nonNegativeInteger as "5"^^xsd:integer and "1.0"^^xsd:double as
    "1"^^xsd:double, Virtuoso keeps the datatype and writes "1.0"."""
    canonical = ox.Store()
    canonical.extend(q for q in quads if q.predicate.value != STARTED)
    return set(canonical)


@pytest.fixture(scope="session")
def remote_built(virtuoso_ingest):
    """data/releases ingested with `kg --store http://... ingest --json`."""
    run = run_kg("ingest", RELEASES, "--json", store=virtuoso_ingest.sparql_url, env=virtuoso_ingest.env)
    assert run.exit_code == 0, run.stderr
    return virtuoso_ingest, run


@pytest.fixture
def remote(remote_built):
    server, _ = remote_built
    store = RemoteStore(server.sparql_url, env=server.env)
    yield store
    store.close()


def test_store_backends_ingest_through_a_url_gives_the_same_graph(built_store, built, remote_built, remote):
    _, run = remote_built
    assert sorted(run.json()["ingested"]) == sorted(built.ingest.json()["ingested"])
    with opened(built_store) as embedded:
        assert remote.graphs() == embedded.graphs()
        releases = [g for g in embedded.graphs() if g.startswith(RELEASE_GRAPH)]
        assert len(releases) == len(run.json()["ingested"])
        for graph in embedded.graphs():
            assert content(remote.quads(graph)) == content(embedded.quads(graph)), graph


def test_store_backends_validate_and_stats_through_a_url(remote_built, built_store):
    server, _ = remote_built
    check = run_kg("validate", store=server.sparql_url, env=server.env)
    assert check.exit_code == 0, check.stdout + check.stderr
    stats = run_kg("stats", store=server.sparql_url, env=server.env)
    assert stats.exit_code == 0, stats.stderr
    local = run_kg("stats", store=built_store)
    assert [line for line in stats.stdout.splitlines() if not line.startswith("store")] == \
        [line for line in local.stdout.splitlines() if not line.startswith("store")]


def test_store_backends_reingest_through_a_url_changes_nothing(remote_built, remote):
    server, first = remote_built
    before = content(remote.quads())
    again = run_kg("ingest", RELEASES, "--json", store=server.sparql_url, env=server.env)
    assert again.exit_code == 0, again.stderr
    assert sorted(again.json()["unchanged"]) == sorted(first.json()["ingested"])
    assert again.json()["ingested"] == [] and again.json()["updated"] == []
    assert content(remote.quads()) == before


NUMBERS = {"integer", "decimal", "double", "float", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
           "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
           "unsignedByte"}


def answers(result) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of text. GROUP_CONCAT has no defined order, so a
    literal's parts (split at the saved queries' separators) are sorted;
    numbers compare by value ("1.0" and "1" are one double)."""
    names = [v.value for v in result.variables]

    def text(term) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.Literal):
            if term.datatype.value.rsplit("#", 1)[-1] in NUMBERS:
                return repr(float(term.value))
            return " ".join(sorted(re.split(r" \| |; | ", term.value)))
        return str(term)

    return sorted(tuple(text(row[n]) for n in names) for row in result)


def saved_params(name: str) -> dict[str, str]:
    from test_queries import SAMPLE_VALUES

    return {p.name: SAMPLE_VALUES[p.type] for p in saved_queries()[name].params}


@pytest.fixture(scope="module")
def embedded_answers(built_store):
    """A saved query's answer on the embedded store (parameters bound by
    Oxigraph's substitutions), the store opened read-only."""
    store = OxigraphStore(str(built_store), read_only=True)

    def answer(name: str) -> tuple[list[str], list]:
        result = run_query(store, name, params=saved_params(name))
        return [v.value for v in result.variables], answers(result)

    yield answer  # (not closed: OxigraphStore.close flushes, which a read-only store refuses)


# Saved queries Virtuoso 7.2.5 gets wrong (the same text runs on Oxigraph). Not
# strict: the saved queries change, and a rewrite may step round the bug.
VIRTUOSO_LIMITS = {
    "entity-facts": pytest.mark.xfail(strict=False, reason=(
        "Virtuoso 7.2.5 answers rows whose ?predicate is outside the query's own VALUES list "
        "(VALUES, then a UNION of GRAPH patterns, OPTIONAL GRAPH and BIND in one group)")),
    "cities-and-projects": pytest.mark.skip(reason=(
        "Virtuoso 7.2.5 does not finish it in 40 s (transitive containedInPlace+ in UNIONs); "
        "Oxigraph answers in well under a second")),
}


@pytest.mark.parametrize("name", [pytest.param(n, marks=VIRTUOSO_LIMITS[n]) if n in VIRTUOSO_LIMITS else n
                                  for n in sorted(saved_queries())])
def test_store_backends_saved_queries_answer_the_same(embedded_answers, remote, name):
    variables, want = embedded_answers(name)
    got = run_query(remote, name, params=saved_params(name))
    assert [v.value for v in got.variables] == variables
    assert answers(got) == want


def test_store_backends_two_ingest_processes_at_once_give_the_same_graph(remote_built, remote):
    server, _ = remote_built
    one_process = content(remote.quads())
    wipe(remote)
    assert remote.graphs() == []
    inputs = sorted(p for p in RELEASES.iterdir() if p.suffix in (".txt", ".md", ".html", ".jsonl")
                    and not p.name.lower().startswith("readme"))
    halves = [inputs[0::2], inputs[1::2]]
    env = {**os.environ, "PYTHONPATH": str(ROOT), **server.env}
    procs = [subprocess.Popen([sys.executable, "-m", "kg", "--quiet", "--store", server.sparql_url, "ingest",
                               *map(str, half)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for half in halves]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert content(remote.quads()) == one_process
