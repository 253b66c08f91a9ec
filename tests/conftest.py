"""Shared fixtures: the sample releases ingested once per session into a real
on-disk Oxigraph store, copies of it for tests that write, and a CliRunner
helper that runs `kg` in-process (the spaCy pipeline is loaded once per
process by kg.extraction.shared_pipeline)."""
from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest_virtuoso import virtuoso, virtuoso_ingest  # noqa: F401  (session fixtures: private Virtuoso servers)

ROOT = Path(__file__).resolve().parents[1]
RELEASES = ROOT / "data" / "releases"
DATA = Path(__file__).resolve().parent / "data"

# The releases in data/releases: one per file, three in the JSONL digest.
SAMPLE_IDS = {p.stem for p in RELEASES.iterdir()
              if p.suffix in (".txt", ".md", ".html") and not p.name.lower().startswith("readme")} | {
    json.loads(line)["id"]
    for p in RELEASES.glob("*.jsonl") for line in p.read_text(encoding="utf-8").splitlines() if line.strip()
}


def pytest_configure(config):
    # rdflib 7 warns about its own deprecated internals while parsing N-Quads/JSON-LD.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:rdflib")
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:rdflib.*")


def kg_cli():
    """The click group with every command registered, as `main` runs it."""
    from kg.cli import load_commands

    return load_commands()


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes

    def json(self):
        return json.loads(self.stdout)


def run_kg(*args: str, store: Path | str | None = None, input: str | bytes | None = None,
           env: dict[str, str | None] | None = None) -> Run:
    """`kg [--store STORE] ARGS...` in-process; never raises for a failing command."""
    argv = (["--store", str(store)] if store is not None else []) + [str(a) for a in args]
    result = CliRunner().invoke(kg_cli(), argv, input=input, env=env, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


@contextmanager
def opened(path: Path):
    """The kg store at `path`, closed (and its lock released) afterwards."""
    from kg.store.oxigraph import OxigraphStore

    store = OxigraphStore(str(path))
    try:
        yield store
    finally:
        store.close()


def nquad_lines(store_path: Path) -> set[str]:
    """The store's content as the set of its N-Quads lines, read through `kg export`."""
    run = run_kg("export", "--format", "nquads", store=store_path)
    assert run.exit_code == 0, run.stderr
    return {line for line in run.stdout.splitlines() if line.strip()}


def all_quads(store_path: Path) -> list[ox.Quad]:
    with opened(store_path) as store:
        return list(store.quads())


@dataclass
class Built:
    path: Path
    ingest: Run  # the `kg ingest data/releases --json` run that built it


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    """data/releases ingested with `kg ingest --json` into a fresh store. Read-only:
    tests that write use `store_copy`."""
    path = tmp_path_factory.mktemp("built") / "kg-store"
    run = run_kg("ingest", RELEASES, "--json", store=path)
    return Built(path, run)


@pytest.fixture(scope="session")
def built_store(built) -> Path:
    assert built.ingest.exit_code == 0, built.ingest.stderr
    return built.path


CURATED = DATA / "sample-graph.nq"


@pytest.fixture(scope="session")
def curated_store(tmp_path_factory) -> Path:
    """A store holding tests/data/sample-graph.nq: the sample releases as a
    fixed graph (see tests/data/README.md), for tests of queries, exports and
    analyses whose point is what they do with known facts, not which facts
    the extractor of the day finds. Read-only."""
    path = tmp_path_factory.mktemp("curated") / "kg-store"
    store = ox.Store(str(path))
    store.bulk_load(path=str(CURATED), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return path


@pytest.fixture
def curated_copy(curated_store, tmp_path) -> Path:
    target = tmp_path / "curated-store"
    shutil.copytree(curated_store, target)
    return target


def _read_only(path: Path):
    store = ox.Store.read_only(str(path))
    yield store
    del store


@pytest.fixture(scope="module")
def curated_truth(curated_store):
    """The curated store opened read-only in-process on pyoxigraph."""
    yield from _read_only(curated_store)


@pytest.fixture(scope="module")
def truth(built_store):
    """The built store opened read-only in-process on pyoxigraph: what a
    server serving a copy of it must answer."""
    yield from _read_only(built_store)


@pytest.fixture
def store_copy(built_store, tmp_path) -> Path:
    """A private copy of the built store (the directory copied while closed)."""
    target = tmp_path / "kg-store"
    shutil.copytree(built_store, target)
    return target


@pytest.fixture(scope="session")
def sample_quads(built_store) -> list[ox.Quad]:
    return all_quads(built_store)
