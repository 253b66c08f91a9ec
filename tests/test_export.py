"""`kg export` (kg.export): the whole dataset, one release's graph or an entity's
neighbourhood, in each RDF serialisation, read back by rdflib with nothing lost."""
from __future__ import annotations

import os
import stat

import pyoxigraph as ox
import pytest
import rdflib
from conftest import SAMPLE_IDS, opened, run_kg

from kg.errors import UnknownPlugin
from kg.export.registry import Selection, exporter, formats
from kg.fileio import write_atomic
from kg.rdf.iri import ENTITY, RELEASE_GRAPH, release_graph_iri

JICA = "sample-jica-2024-1031-hlm6-tokyo-gx"
CENTER = "initiative/asean-smart-cities-network"


def _key(term) -> str:
    return term.n3() if isinstance(term, rdflib.term.Node) else str(term)


def parsed_quads(path, fmt) -> set[tuple[str, str, str, str]]:
    ds = rdflib.Dataset()
    ds.parse(path, format=fmt)
    return {(str(s), str(p), _key(o), str(g)) for s, p, o, g in ds.quads((None, None, None, None))}


def parsed_triples(path, fmt) -> set[tuple[str, str, str]]:
    g = rdflib.Graph().parse(path, format=fmt)
    return {(str(s), str(p), _key(o)) for s, p, o in g}


def store_quads(path, graph=None) -> list[ox.Quad]:
    with opened(path) as store:
        return list(store.quads(graph))


@pytest.fixture(scope="module")
def quads(built_store) -> list[ox.Quad]:
    return store_quads(built_store)


@pytest.mark.parametrize("fmt, rdflib_format", [("nquads", "nquads"), ("trig", "trig")])
def test_export_quad_formats_keep_every_quad_and_graph(built_store, quads, tmp_path, fmt, rdflib_format):
    out = tmp_path / f"all.{fmt}"
    run = run_kg("export", "--format", fmt, "-o", out, store=built_store)
    assert run.exit_code == 0, run.stderr
    back = parsed_quads(out, rdflib_format)
    assert len(back) == len(quads)
    assert {g for *_, g in back} == {q.graph_name.value for q in quads}


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("jsonld", "json-ld")])
def test_export_triple_formats_hold_every_distinct_triple(built_store, quads, tmp_path, fmt, rdflib_format):
    out = tmp_path / f"all.{fmt}"
    run = run_kg("export", "--format", fmt, "-o", out, store=built_store)
    assert run.exit_code == 0, run.stderr
    back = parsed_triples(out, rdflib_format)
    assert len(back) == len({(q.subject, q.predicate, q.object) for q in quads})


def test_export_to_stdout_equals_the_file(built_store, tmp_path):
    out = tmp_path / "all.nq"
    assert run_kg("export", "--format", "nquads", "-o", out, store=built_store).exit_code == 0
    run = run_kg("export", "--format", "nquads", store=built_store)
    assert run.exit_code == 0
    assert set(run.stdout_bytes.splitlines()) == set(out.read_bytes().splitlines())


def test_export_release_only_that_graph(built_store, tmp_path):
    expected = store_quads(built_store, release_graph_iri(JICA))
    out = tmp_path / "one.nq"
    run = run_kg("export", "--format", "nquads", "--release", JICA, "-o", out, store=built_store)
    assert run.exit_code == 0
    back = parsed_quads(out, "nquads")
    assert len(back) == len(expected) > 0
    assert {g for *_, g in back} == {release_graph_iri(JICA)}


def test_export_release_as_turtle(built_store, tmp_path):
    expected = {(q.subject.value, q.predicate.value) for q in store_quads(built_store, release_graph_iri(JICA))}
    out = tmp_path / "one.ttl"
    assert run_kg("export", "--format", "turtle", "--release", JICA, "-o", out, store=built_store).exit_code == 0
    assert {(s, p) for s, p, _ in parsed_triples(out, "turtle")} == expected


def test_export_unknown_release_exits_1(built_store, tmp_path):
    out = tmp_path / "none.nq"
    run = run_kg("export", "--format", "nquads", "--release", "no-such-release", "-o", out, store=built_store)
    assert run.exit_code == 1
    assert "no-such-release" in run.stderr
    assert not out.exists()


def test_export_center_is_the_entity_neighbourhood(built_store, quads, tmp_path):
    center = ENTITY + CENTER
    expected = {q for q in quads if center in (q.subject.value, getattr(q.object, "value", None))}
    out = tmp_path / "center.nq"
    run = run_kg("export", "--format", "nquads", "--center", CENTER, "-o", out, store=built_store)
    assert run.exit_code == 0
    back = parsed_quads(out, "nquads")
    assert back == {(str(q.subject.value), q.predicate.value, _key(_rdflib_term(q.object)), q.graph_name.value)
                    for q in expected}
    # Both the releases that mention it and the background pack speak of it.
    graphs = {g for *_, g in back}
    assert any(g.startswith(RELEASE_GRAPH) for g in graphs) and any(not g.startswith(RELEASE_GRAPH) for g in graphs)


def test_export_center_depth_two_reaches_the_neighbours(built_store, quads, tmp_path):
    center = ENTITY + CENTER
    one = {q for q in quads if center in (q.subject.value, getattr(q.object, "value", None))}
    neighbours = {end.value for q in one for end in (q.subject, q.object)
                  if isinstance(end, ox.NamedNode) and end.value.startswith(ENTITY) and end.value != center}
    run = run_kg("export", "--format", "nquads", "--center", center, "--depth", "2", store=built_store)
    assert run.exit_code == 0
    ds = rdflib.Dataset()
    ds.parse(data=run.stdout, format="nquads")
    back = list(ds.quads((None, None, None, None)))
    assert len(back) > len(one)
    touched = {str(x) for s, _, o, _ in back for x in (s, o)}
    assert neighbours <= touched


@pytest.mark.parametrize("center, code", [("place/no-such-place", 1), ("not an iri", 2)])
def test_export_bad_center_is_named(built_store, center, code):
    run = run_kg("export", "--format", "nquads", "--center", center, store=built_store)
    assert run.exit_code == code
    assert center.split("/")[-1] in run.stderr


def test_export_file_gets_ordinary_permissions(built_store, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    out = tmp_path / "export.nq"
    assert run_kg("export", "--format", "nquads", "--release", JICA, "-o", out, store=built_store).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)


def test_export_write_atomic_replaces_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    write_atomic(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # an existing file keeps its mode
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_export_registry_names_the_formats():
    assert {"nquads", "trig", "turtle", "jsonld"} <= set(formats())
    with pytest.raises(UnknownPlugin, match="no exporter 'gexf-nope'"):
        exporter("gexf-nope")


def test_export_api_selection_matches_the_cli(built_store):
    with opened(built_store) as store:
        data = exporter("nquads")(store, Selection(release=JICA))
    run = run_kg("export", "--format", "nquads", "--release", JICA, store=built_store)
    assert set(data.splitlines()) == set(run.stdout_bytes.splitlines())


def test_export_every_sample_release_exports_alone(built_store):
    with opened(built_store) as store:
        for release_id in SAMPLE_IDS:
            ds = rdflib.Dataset()
            ds.parse(data=exporter("trig")(store, Selection(release=release_id)).decode("utf-8"), format="trig")
            assert {str(g) for *_, g in ds.quads((None, None, None, None))} == {release_graph_iri(release_id)}


def _rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
