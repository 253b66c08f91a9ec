"""Readers while a writer works (kg.store.snapshots): a process that finds an
embedded store held by another opens the newest snapshot that process
published: a committed state, so whole releases only, read-only, and kept
for as long as a reader holds it."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RELEASES, ROOT

import kg
from kg.errors import StoreError
from kg.store.base import open_store
from kg.store.oxigraph import OxigraphStore
from kg.store.snapshots import FOLDER

G1 = "https://w3id.org/aseankg/graph/release/one"
G2 = "https://w3id.org/aseankg/graph/release/two"
SHA = "http://schema.org/sha256"
NT1 = f'<https://w3id.org/aseankg/release/one> <{SHA}> "aaa111" .\n'
NT2 = f'<https://w3id.org/aseankg/release/two> <{SHA}> "ccc333" .\n'
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.fixture
def writer(tmp_path):
    store = OxigraphStore(str(tmp_path / "store"))
    yield store
    store.close()


def test_snapshots_a_reader_gets_the_state_the_writer_published(writer):
    writer.replace_graph(G1, NT1)
    writer.flush()
    first = open_store(writer.location, reader=True)
    assert first.snapshot is not None
    assert first.graph_hash(G1) == "aaa111"
    writer.replace_graph(G2, NT2)
    writer.flush()
    second = open_store(writer.location, reader=True)
    assert second.graphs() == [G1, G2]
    assert first.graphs() == [G1]  # one consistent state for as long as it is open
    first.close()
    second.close()


def test_snapshots_are_read_only(writer):
    writer.replace_graph(G1, NT1)
    reader = open_store(writer.location, reader=True)
    for write in (lambda: reader.replace_graph(G2, NT2), lambda: reader.drop_graph(G1),
                  lambda: reader.update(f"INSERT DATA {{ GRAPH <{G2}> {{ <urn:a> <urn:b> <urn:c> }} }}")):
        with pytest.raises(StoreError, match="read-only snapshot"):
            write()
    reader.close()
    assert writer.graphs() == [G1]


def test_snapshots_a_writer_keeps_what_a_reader_holds_and_prunes_the_rest(writer, tmp_path):
    folder = tmp_path / "store" / FOLDER
    writer.replace_graph(G1, NT1)
    writer.flush()
    reader = open_store(writer.location, reader=True)
    held = reader.snapshot
    for content in (NT2, NT1):
        writer.replace_graph(G2, content)
        writer.flush()
    assert (folder / held).is_dir()  # still in use
    assert reader.graphs() == [G1]
    reader.close()
    writer.replace_graph(G2, NT2)
    writer.flush()
    snapshots = [p.name for p in folder.iterdir() if p.is_dir()]
    assert len(snapshots) == 1 and held not in snapshots


def test_snapshots_go_when_the_writer_closes(tmp_path):
    location = str(tmp_path / "store")
    writer = OxigraphStore(location)
    writer.replace_graph(G1, NT1)
    writer.close()
    assert not (tmp_path / "store" / FOLDER).exists()
    reader = open_store(location, reader=True)
    assert reader.snapshot is None  # the store itself, now that nobody holds it
    assert reader.graphs() == [G1]
    reader.close()


def test_snapshots_a_second_writer_still_gets_a_clear_error(writer):
    with pytest.raises(StoreError, match="in use by another kg process"):
        open_store(writer.location)


def test_snapshots_readers_see_whole_releases_while_kg_ingest_runs(tmp_path):
    """`kg ingest` writes 40 releases in another process; meanwhile readers
    (the Python API in a loop, and `kg query` once) keep answering, each from
    one committed state: every release graph they see has all the triples it
    has at the end, and later readers never see fewer releases."""
    folder = tmp_path / "releases"
    folder.mkdir()
    sources = sorted(p for p in RELEASES.iterdir() if p.suffix in (".txt", ".md"))
    for i in range(40):
        source = sources[i % len(sources)]
        shutil.copy(source, folder / f"copy-{i:02d}-{source.name}")
    location = str(tmp_path / "store")
    ingest = subprocess.Popen([sys.executable, "-m", "kg", "--store", location, "-q", "ingest", str(folder)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "KG_SNAPSHOT_EVERY": "0.2"})
    seen: list[dict[str, int]] = []
    cli = None
    try:
        while ingest.poll() is None:
            if not Path(location).exists():  # readers refuse a store not made yet (issue 16)
                time.sleep(0.05)
                continue
            with kg.open(location, reader=True) as graph:
                seen.append({r["g"].value: int(r["n"].value) for r in graph.store.query(PER_GRAPH)})
            if cli is None and _releases(seen[-1]):
                # A `kg query` process too, reading while the ingest goes on.
                cli = subprocess.Popen([sys.executable, "-m", "kg", "--store", location, "query", "-e", PER_GRAPH,
                                        "--format", "json"], cwd=ROOT, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True)
            time.sleep(0.05)
        _, errors = ingest.communicate(timeout=300)
        assert ingest.returncode == 0, errors
        assert cli is not None, f"no reader saw a release before the ingest ended: {[len(s) for s in seen]}"
        out, errors = cli.communicate(timeout=120)
        assert cli.returncode == 0, errors
        seen.append({b["g"]["value"]: int(b["n"]["value"]) for b in json.loads(out)["results"]["bindings"]})
    finally:
        for process in (ingest, cli):
            if process is not None:
                process.kill()
    with kg.open(location, reader=True) as graph:
        final = {r["g"].value: int(r["n"].value) for r in graph.store.query(PER_GRAPH)}
    assert _releases(final) == 40
    sizes = [_releases(state) for state in seen]
    assert any(0 < size < 40 for size in sizes), f"no reader ran while releases were written: {sizes}"
    for state in seen:
        for graph_name, count in state.items():
            assert count == final.get(graph_name), f"{graph_name}: {count} triples, {final.get(graph_name)} at the end"
    assert sizes[:-1] == sorted(sizes[:-1]), sizes  # the API's readers, in order, never see fewer releases


def _releases(state: dict[str, int]) -> int:
    return sum("/graph/release/" in graph_name for graph_name in state)
