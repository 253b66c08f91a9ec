"""Nothing lost, nothing partial, nothing let in: kills at random points,
hostile input, and fuzzed readers, mapping and parameter binding."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import opened, run_kg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
RELEASES = ROOT / "data" / "releases"
RELEASE_GRAPH = "https://w3id.org/aseankg/graph/release/"
KILLS = int(os.environ.get("KG_KILLS", "30"))


def _release_state(store_path: Path) -> dict[str, tuple[int, bool]]:
    """Each release graph: (quad count, whether it holds its release node and text)."""
    with opened(store_path) as store:
        out = {}
        for graph in store.graphs():
            if not graph.startswith(RELEASE_GRAPH):
                continue
            quads = list(store.quads(graph))
            whole = any(q.predicate.value.endswith("#isString") for q in quads) and any(
                q.predicate.value == "http://schema.org/sha256" for q in quads)
            out[graph] = (len(quads), whole)
        return out


@pytest.mark.slow
def test_hardening_sigkill_never_leaves_a_partial_release(tmp_path):
    """kg ingest is killed with SIGKILL at random points; after each kill every
    release is wholly present or wholly absent and the store opens; at the end
    `kg validate` passes and a re-run completes the job."""
    store = tmp_path / "store"
    complete = tmp_path / "complete"
    assert run_kg("ingest", RELEASES, store=complete).exit_code == 0
    reference = _release_state(complete)
    rng = random.Random(20261126)
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-m", "kg", "-q", "--store", str(store), "ingest", str(RELEASES)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 6.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = _release_state(store)
        for graph, (count, whole) in state.items():
            assert whole, f"{graph} is partial after a kill"
            assert count == reference[graph][0], f"{graph} has {count} quads, expected {reference[graph][0]}"
    assert run_kg("ingest", RELEASES, store=store).exit_code == 0
    assert _release_state(store) == reference
    assert run_kg("validate", store=store).exit_code == 0


def test_hardening_huge_file_refused_and_nothing_stored(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.write(b"The ASEAN Smart Cities Network met. " * (50 * 1024 * 1024 // 36 + 1))
    good = tmp_path / "ok.txt"
    good.write_text("The 6th ASEAN-Japan Smart Cities Network High Level Meeting was held in Tokyo.")
    store = tmp_path / "store"
    run = run_kg("ingest", huge, good, "--json", store=store)
    assert run.exit_code == 1
    assert "huge.txt: too large" in run.stderr
    assert run.json()["ingested"] == ["ok"]
    assert not [g for g in _release_state(store) if g.endswith("/huge")]


@pytest.mark.parametrize("name,text", [
    ("long-token", "Delegates met in Hanoi. " + "x" * 200_000 + " The meeting closed."),
    ("rtl", "وقد عقد الاجتماع في هانوي. The ASEAN Smart Cities Network met in Hanoi."),
    ("cjk", "第5回日ASEANスマートシティ・ネットワークハイレベル会合が開催された。MLIT hosted it in Tsukuba."),
    ("controls", "The meeting\x07 was held\x1b in Bangkok\x0b on Monday."),
    ("only-punctuation", "... --- !!! ??? ;;;"),
])
def test_hardening_odd_text_ingests_cleanly(tmp_path, name, text):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    run = run_kg("ingest", path, "--json", store=store)
    assert run.exit_code == 0, run.stderr
    assert run.json()["ingested"] == [name]
    assert run_kg("validate", store=store).exit_code == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_hardening_fuzzed_bytes_give_documents_or_clear_errors(data, suffix):
    from kg.errors import InputError
    from kg.ingest import read_bytes

    for item in read_bytes(data, "fuzz" + suffix, "fuzz", suffix):
        if isinstance(item, InputError):
            assert str(item).startswith("[E") and "fuzz" in str(item)
        else:
            assert item.text.strip()


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)


@settings(max_examples=40, deadline=None)
@given(text=_TEXT)
def test_hardening_fuzzed_text_maps_to_valid_rdf(text):
    """Whatever the text, the release graph is valid RDF that round-trips."""
    from rdflib import Graph

    from kg.document import Document
    from kg.extraction import extract
    from kg.rdf.mapping import release_graph

    if not text.strip():
        return
    graph = release_graph(extract(Document(id="fuzz", text=text, date="2024-01-01")))
    data = graph.serialize(format="nt")
    assert len(Graph().parse(data=data, format="nt")) == len(graph)
    assert len(list(ox.parse(data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))) == len(graph)


@settings(max_examples=100, deadline=None)
@given(value=st.text(max_size=200), kind=st.sampled_from(["string", "iri", "date", "integer"]))
def test_hardening_fuzzed_parameters_bind_as_one_term_or_are_refused(value, kind):
    """A parameter value can never change the query: it becomes one RDF term
    (or a usage error), and the query still returns exactly that term."""
    from kg.errors import ParameterError
    from kg.queries import term

    try:
        bound = term("p", kind, value)
    except (ParameterError, ValueError):
        return
    store = ox.Store()
    rows = list(store.query("SELECT ?p WHERE { }", substitutions={ox.Variable("p"): bound}))
    assert len(rows) == 1 and rows[0]["p"] == bound
