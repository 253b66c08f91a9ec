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

import pytest

import kg
from conftest import RELEASES, ROOT
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
    """`kg ingest` writes 30 releases in another process; meanwhile readers
    (the Python API, and `kg query`) keep answering, each from one committed
    state: every release graph they see has all the triples it has at the end."""
    folder = tmp_path / "releases"
    folder.mkdir()
    sources = sorted(p for p in RELEASES.iterdir() if p.suffix in (".txt", ".md"))
    for i in range(30):
        source = sources[i % len(sources)]
        shutil.copy(source, folder / f"copy-{i:02d}-{source.name}")
    location = str(tmp_path / "store")
    ingest = subprocess.Popen([sys.executable, "-m", "kg", "--store", location, "-q", "ingest", str(folder)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "KG_SNAPSHOT_EVERY": "0.2"})
    seen: list[dict[str, int]] = []
    cli_answers = 0
    try:
        while ingest.poll() is None:
            try:
                graph = kg.open(location, reader=True)
            except StoreError as error:
                assert "published no snapshots" not in str(error)
                raise
            with graph:
                seen.append({r["g"].value: int(r["n"].value) for r in graph.store.query(PER_GRAPH)})
            if cli_answers < 2 and len(seen[-1]) > 3:
                out = subprocess.run([sys.executable, "-m", "kg", "--store", location, "query", "-e", PER_GRAPH,
                                      "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
                assert out.returncode == 0, out.stderr
                seen.append({b["g"]["value"]: int(b["n"]["value"])
                             for b in json.loads(out.stdout)["results"]["bindings"]})
                cli_answers += 1
            time.sleep(0.05)
        assert ingest.wait(timeout=300) == 0, ingest.stderr.read()
    finally:
        ingest.kill()
    with kg.open(location, reader=True) as graph:
        final = {r["g"].value: int(r["n"].value) for r in graph.store.query(PER_GRAPH)}
    releases = [g for g in final if "/graph/release/" in g]
    assert len(releases) == 30
    middle = [state for state in seen if 0 < sum("/graph/release/" in g for g in state) < 30]
    assert middle, "no reader ran while the releases were being written"
    assert cli_answers >= 1
    for state in seen:
        for graph_name, count in state.items():
            assert count == final[graph_name], f"{graph_name}: {count} triples, {final[graph_name]} at the end"
    sizes = [sum("/graph/release/" in g for g in state) for state in seen]
    assert sizes == sorted(sizes)  # later readers never see less
