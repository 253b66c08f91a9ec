"""Quarantine (kg.quarantine): a release that cannot be read, or whose graph
breaks the SHACL shapes, is reported with its reason and kept in a folder the
user can inspect; the other releases commit."""
from __future__ import annotations

import shutil

import pyoxigraph as ox
from conftest import DATA, ROOT, opened, run_kg

from kg.rdf.iri import release_graph_iri
from kg.store.remote import RemoteStore

WORKSHOP = DATA / "release-vientiane-workshop.txt"
# A shape every plain-text release breaks: it has no publisher.
PUBLISHER_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <http://schema.org/> .
<https://w3id.org/aseankg/shapes#TestPublisherShape> a sh:NodeShape ;
    sh:targetClass <https://w3id.org/aseankg/ontology#Release> ;
    sh:property [ sh:path schema:publisher ; sh:minCount 1 ;
                  sh:message "A release must name its publisher (test shape)." ] .
"""


def strict_ontology(tmp_path):
    folder = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", folder)
    (folder / "shapes-test-publisher.ttl").write_text(PUBLISHER_SHAPE, encoding="utf-8")
    return folder


def test_quarantine_unreadable_input_is_kept_with_its_reason(tmp_path):
    store = tmp_path / "kg-store"
    binary = tmp_path / "dump.txt"
    data = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4
    binary.write_bytes(data)
    good = tmp_path / "good-release.txt"
    shutil.copy(WORKSHOP, good)
    run = run_kg("ingest", binary, good, "--json", store=store)
    assert run.exit_code == 1
    (rejected,) = run.json()["rejected"]
    folder = store / "quarantine" / "dump"
    assert rejected["quarantine"] == str(folder)
    assert f"quarantined in {folder}" in run.stderr
    assert "binary" in (folder / "reason.txt").read_text(encoding="utf-8")
    assert (folder / "input.bin").read_bytes() == data
    assert run.json()["ingested"] == ["good-release"]


def test_quarantine_malformed_jsonl_line_keeps_the_line(tmp_path):
    store = tmp_path / "kg-store"
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "ok-1", "text": ""}\n{"id": "broken", "text": \n', encoding="utf-8")
    run = run_kg("ingest", feed, "--json", store=store)
    assert run.exit_code == 1
    folders = {p.name: p for p in (store / "quarantine").iterdir()}
    assert set(folders) == {"feed-1", "feed-2"}
    assert (folders["feed-2"] / "input.txt").read_text(encoding="utf-8") == '{"id": "broken", "text": '
    assert "malformed JSON" in (folders["feed-2"] / "reason.txt").read_text(encoding="utf-8")


def test_quarantine_release_breaking_a_shape_keeps_text_report_and_graph(tmp_path):
    store = tmp_path / "kg-store"
    release = tmp_path / "vientiane.txt"
    shutil.copy(WORKSHOP, release)
    run = run_kg("ingest", release, "--json", store=store, env={"KG_ONTOLOGY": str(strict_ontology(tmp_path))})
    assert run.exit_code == 1
    (rejected,) = run.json()["rejected"]
    assert "SHACL" in rejected["reason"] and "publisher" in rejected["reason"]
    folder = store / "quarantine" / "vientiane"
    assert rejected["quarantine"] == str(folder)
    assert (folder / "input.txt").read_text(encoding="utf-8") == WORKSHOP.read_text(encoding="utf-8")
    assert "Results (1)" in (folder / "reason.txt").read_text(encoding="utf-8")
    graph = list(ox.parse((folder / "graph.nt").read_bytes(), format=ox.RdfFormat.N_TRIPLES))
    assert any(t.subject.value.endswith("/release/vientiane") for t in graph)
    with opened(store) as s:
        assert release_graph_iri("vientiane") not in s.graphs()
    # Fixed (the usual shapes): it commits, and its quarantine folder goes.
    again = run_kg("ingest", release, "--json", store=store)
    assert again.exit_code == 0, again.stderr
    assert again.json()["ingested"] == ["vientiane"]
    assert not folder.exists()


def test_quarantine_remote_store_quarantines_next_to_the_user(virtuoso, tmp_path, monkeypatch):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "x", "text": "\\u0000\\u0001"}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = run_kg("ingest", feed, "--json", store=virtuoso.sparql_url, env=virtuoso.env)
    assert run.exit_code == 1
    assert (tmp_path / "quarantine" / "feed-1" / "reason.txt").exists()
    elsewhere = tmp_path / "held"
    run = run_kg("ingest", feed, "--json", store=virtuoso.sparql_url, env={**virtuoso.env, "KG_QUARANTINE": str(elsewhere)})
    assert run.json()["rejected"][0]["quarantine"] == str(elsewhere / "feed-1")
    store = RemoteStore(virtuoso.sparql_url, env=virtuoso.env)
    try:
        assert release_graph_iri("x") not in store.graphs()
    finally:
        store.close()


def test_quarantine_from_the_worker_process_too(tmp_path, monkeypatch):
    # Large ingests map and validate in a worker process: the same outcome,
    # in the same order.
    import kg.pipeline

    monkeypatch.setattr(kg.pipeline, "BACKGROUND_VALIDATION", 1)
    store = tmp_path / "kg-store"
    inputs = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path in inputs:
        shutil.copy(WORKSHOP, path)
    run = run_kg("ingest", *inputs, "--json", store=store, env={"KG_ONTOLOGY": str(strict_ontology(tmp_path))})
    assert run.exit_code == 1
    assert [r["source"] for r in run.json()["rejected"]] == [str(p) for p in inputs]
    for name in ("a", "b"):
        assert "Results (1)" in (store / "quarantine" / name / "reason.txt").read_text(encoding="utf-8")
    again = run_kg("ingest", *inputs, "--json", store=store)
    assert again.exit_code == 0, again.stderr
    assert again.json()["ingested"] == ["a", "b"]
    assert not (store / "quarantine" / "a").exists()
