"""The whole path through the command line, as a user runs it: ingest the
sample releases, re-ingest, validate, query, export, remove, and bad input."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.cli import load_commands

cli = load_commands()

ROOT = Path(__file__).resolve().parents[1]
RELEASES = ROOT / "data" / "releases"
SHARED = ROOT.parent / "shared"


def kg(*args: str, store: Path):
    result = CliRunner().invoke(cli, ["--store", str(store), *args], catch_exceptions=False)
    return result


def nquads(store: Path) -> set[str]:
    out = kg("export", "--format", "nquads", store=store)
    assert out.exit_code == 0
    return {line for line in out.stdout.splitlines() if line.strip()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("store") / "kg"
    result = kg("ingest", str(RELEASES), "--json", store=store)
    assert result.exit_code == 0, result.output
    return store


def test_end_to_end_ingest_reports_every_sample_release(built):
    releases = {p.stem for p in RELEASES.iterdir() if p.suffix in (".txt", ".md", ".html") and p.stem != "README"}
    result = kg("query", "-e", "SELECT ?id WHERE { ?r <http://purl.org/dc/terms/identifier> ?id }",
                "--format", "json", store=built)
    ids = {b["id"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]}
    assert releases <= ids
    assert len(ids) >= len(releases) + 2  # the JSONL file holds several releases


def test_end_to_end_reingest_unchanged_leaves_the_same_quads(built, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    before = nquads(copy)
    result = kg("ingest", str(RELEASES), "--json", store=copy)
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["ingested"] == [] and summary["updated"] == []
    assert nquads(copy) == before


def test_end_to_end_validate_conforms_then_fails_on_a_broken_triple(built, tmp_path):
    assert kg("validate", store=built).exit_code == 0
    copy = tmp_path / "broken"
    shutil.copytree(built, copy)
    graph = "https://w3id.org/aseankg/graph/release/sample-mlit-2019-1009-hlm1-yokohama"
    store = ox.Store(str(copy))
    store.add(ox.Quad(ox.NamedNode("https://w3id.org/aseankg/id/event/x"),
                      ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode("http://schema.org/Event"), ox.NamedNode(graph)))
    store.flush()
    del store
    result = kg("validate", store=copy)
    assert result.exit_code == 1
    assert "event/x" in result.output and "Violation" in result.output


def test_end_to_end_saved_query_with_parameter(built):
    result = kg("query", "releases-mentioning-entity", "--param",
                "entity=organization/ministry-of-land-infrastructure-transport-and-tourism", "--format", "csv",
                store=built)
    assert result.exit_code == 0, result.output
    assert "sample-mlit-2019-1009-hlm1-yokohama" in result.stdout


def test_end_to_end_export_formats_parse_back_with_the_same_size(built, tmp_path):
    total = len(nquads(built))
    for fmt, parse in (("nquads", "nquads"), ("trig", "trig")):
        out = tmp_path / f"g.{fmt}"
        assert kg("export", "--format", fmt, "-o", str(out), store=built).exit_code == 0
        ds = Dataset()
        ds.parse(out, format=parse)
        assert len(list(ds.quads((None, None, None, None)))) == total
    for fmt, parse in (("turtle", "turtle"), ("jsonld", "json-ld")):
        out = tmp_path / f"g.{fmt}"
        assert kg("export", "--format", fmt, "-o", str(out), store=built).exit_code == 0
        from rdflib import Graph

        assert len(Graph().parse(out, format=parse)) > 0


def test_end_to_end_bad_inputs_are_named_and_the_good_one_commits(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    good = tmp_path / "good.txt"
    good.write_text("The 4th ASEAN-Japan Smart Cities Network High Level Meeting was held in Aizuwakamatsu.")
    store = tmp_path / "store"
    result = kg("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "binary.txt"), str(good), "--json",
                store=store)
    assert result.exit_code == 1
    assert "empty.txt: empty" in result.stderr and "binary.txt: binary" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["ingested"] == ["good"]


def test_end_to_end_remove_drops_only_that_release(built, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    before = nquads(copy)
    graph = "<https://w3id.org/aseankg/graph/release/sample-mlit-2019-1009-hlm1-yokohama>"
    assert kg("remove", "sample-mlit-2019-1009-hlm1-yokohama", store=copy).exit_code == 0
    after = nquads(copy)
    assert after == {q for q in before if not q.endswith(graph + " .")}
    assert kg("remove", "no-such-release", store=copy).exit_code == 1


def test_end_to_end_console_script_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, check=True)
    from kg.version import __version__

    assert out.stdout.strip().endswith(__version__)


def test_end_to_end_changed_metadata_updates_the_release(tmp_path):
    """The text alone is not the release: a JSONL record whose title or date
    changed replaces its graph (and an unchanged record is skipped)."""
    import json as _json

    feed = tmp_path / "feed.jsonl"
    record = {"id": "feed-1", "title": "Meeting held", "date": "2024-10-31",
              "text": "The 6th ASEAN-Japan Smart Cities Network High Level Meeting was held in Tokyo."}
    feed.write_text(_json.dumps(record) + "\n")
    store = tmp_path / "store"
    assert _json.loads(kg("ingest", str(feed), "--json", store=store).stdout)["ingested"] == ["feed-1"]
    assert _json.loads(kg("ingest", str(feed), "--json", store=store).stdout)["unchanged"] == ["feed-1"]
    record["title"] = "Meeting held in Tokyo"
    feed.write_text(_json.dumps(record) + "\n")
    assert _json.loads(kg("ingest", str(feed), "--json", store=store).stdout)["updated"] == ["feed-1"]
    out = kg("query", "-e", "SELECT ?h WHERE { ?r <http://schema.org/headline> ?h }", "--format", "csv",
             store=store)
    assert out.stdout.splitlines()[1:] == ["Meeting held in Tokyo"]
