"""The embedded store (kg.store.oxigraph) on disk: whole-graph replacement that
is all or nothing, the recorded text hash, dropping graphs, one writer at a time."""
from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest
from conftest import ROOT

from kg.errors import StoreError, UnknownPlugin
from kg.store.base import Store, open_store
from kg.store.oxigraph import OxigraphStore

G1 = "https://w3id.org/aseankg/graph/release/one"
G2 = "https://w3id.org/aseankg/graph/release/two"
SHA = "http://schema.org/sha256"
NT1 = (f'<https://w3id.org/aseankg/release/one> <{SHA}> "aaa111" .\n'
       '<https://w3id.org/aseankg/release/one> <http://schema.org/headline> "First \\"quoted\\" } { headline" .\n'
       '<https://w3id.org/aseankg/id/place/hanoi> <http://www.w3.org/2000/01/rdf-schema#label> "Hà Nội"@vi .\n')
NT1_NEW = (f'<https://w3id.org/aseankg/release/one> <{SHA}> "bbb222" .\n'
           '<https://w3id.org/aseankg/release/one> <http://schema.org/headline> "Second headline" .\n')
NT2 = f'<https://w3id.org/aseankg/release/two> <{SHA}> "ccc333" .\n_:b0 <http://schema.org/name> "blank" .\n'


@pytest.fixture
def store(tmp_path):
    s = OxigraphStore(str(tmp_path / "store"))
    yield s
    s.close()


def triples(store, graph) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in store.quads(graph)
            if not isinstance(q.subject, ox.BlankNode)}


def expected(nt: str) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object))
            for t in ox.parse(nt.encode(), format=ox.RdfFormat.N_TRIPLES) if not isinstance(t.subject, ox.BlankNode)}


def test_store_satisfies_the_store_protocol(store):
    assert isinstance(store, Store)
    assert store.transactional and store.embedded


def test_store_replace_graph_writes_exactly_the_triples(store):
    store.replace_graph(G1, NT1)
    assert triples(store, G1) == expected(NT1)
    assert store.graphs() == [G1]


def test_store_replace_graph_replaces_the_old_content(store):
    store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    store.replace_graph(G1, NT1_NEW)
    assert triples(store, G1) == expected(NT1_NEW)
    assert len(list(store.quads(G2))) == 2  # the other graph is untouched


@pytest.mark.parametrize("bad", [
    '<https://w3id.org/x> <http://schema.org/name> "unterminated .\n',
    NT1_NEW + "this is not N-Triples\n",
    "<https://w3id.org/x> <http://schema.org/name> <not an iri> .\n",
    # Not N-Triples, but would be a valid SPARQL update if pasted into one.
    NT1_NEW + "} } ; DROP ALL ; INSERT DATA { GRAPH <https://w3id.org/evil> { <urn:a> <urn:b> <urn:c> .",
    NT1_NEW + '<https://w3id.org/x> <http://schema.org/name> "a" <https://w3id.org/a-graph> .\n',  # a quad
])
@pytest.mark.parametrize("existing", [True, False], ids=["replaced", "new"])
def test_store_replace_graph_with_malformed_ntriples_changes_nothing(store, bad, existing):
    """All or nothing, whether the graph is replaced (an update) or new (a load)."""
    if existing:
        store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    before = set(store.quads())
    with pytest.raises(StoreError) as err:
        store.replace_graph(G1, bad)
    assert G1 in str(err.value)
    assert set(store.quads()) == before
    assert store.graph_hash(G1) == ("aaa111" if existing else None)


def test_store_replace_graph_refuses_a_graph_name_that_is_not_an_iri(store):
    store.replace_graph(G1, NT1)
    before = set(store.quads())
    with pytest.raises(StoreError):
        store.replace_graph(G2 + "> { <urn:a> <urn:b> <urn:c> } } ; DROP ALL ; INSERT DATA { GRAPH <urn:x", NT2)
    assert set(store.quads()) == before


def test_store_graph_hash(store):
    assert store.graph_hash(G1) is None
    store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    assert store.graph_hash(G1) == "aaa111"
    assert store.graph_hash(G2) == "ccc333"
    store.replace_graph(G1, NT1_NEW)
    assert store.graph_hash(G1) == "bbb222"


def test_store_drop_graph(store):
    store.replace_graph(G1, NT1)
    store.replace_graph(G2, NT2)
    kept = set(store.quads(G2))
    assert store.drop_graph(G1) is True
    assert store.graphs() == [G2]
    assert list(store.quads(G1)) == []
    assert store.graph_hash(G1) is None
    assert set(store.quads()) == kept
    assert store.drop_graph(G1) is False


def test_store_content_persists_after_close(tmp_path):
    path = tmp_path / "store"
    first = OxigraphStore(str(path))
    first.replace_graph(G1, NT1)
    first.close()
    again = open_store(str(path))
    try:
        assert triples(again, G1) == expected(NT1)
        assert again.graph_hash(G1) == "aaa111"
    finally:
        again.close()


def test_store_query_with_bindings(store):
    store.replace_graph(G1, NT1)
    rows = list(store.query("SELECT ?h ?sha WHERE { ?r <http://schema.org/headline> ?h ; <http://schema.org/sha256> ?sha }",
                            {"sha": ox.Literal("aaa111")}))
    assert [r["h"].value for r in rows] == ['First "quoted" } { headline']
    assert list(store.query("SELECT ?h ?sha WHERE { ?r <http://schema.org/headline> ?h ; <http://schema.org/sha256> ?sha }",
                            {"sha": ox.Literal("nope")})) == []


def test_store_second_writer_in_another_process_gets_a_clear_error(store):
    store.replace_graph(G1, NT1)
    code = ("import sys\nfrom kg.errors import StoreError\nfrom kg.store.oxigraph import OxigraphStore\n"
            "try:\n    OxigraphStore(sys.argv[1])\nexcept StoreError as e:\n    print(e)\n    sys.exit(3)\n")
    proc = subprocess.run([sys.executable, "-c", code, store.location], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 3, proc.stderr
    assert store.location in proc.stdout and "in use" in proc.stdout
    assert store.graph_hash(G1) == "aaa111"  # the first writer carries on


def test_store_second_writer_in_the_same_process_gets_a_clear_error(store):
    with pytest.raises(StoreError, match="in use"):
        OxigraphStore(store.location)


def test_store_path_that_is_a_file_is_refused(tmp_path):
    path = tmp_path / "not-a-store"
    path.write_text("hello")
    with pytest.raises(StoreError, match="not a store directory"):
        open_store(str(path))


def test_store_unknown_url_scheme_is_refused():
    with pytest.raises(UnknownPlugin, match="ftp"):
        open_store("ftp://example.org/sparql")
