"""The Python API a notebook or pipeline uses: open, ingest, query, DataFrame,
rdflib, validate, export; typed, and checked with mypy."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ["kg/__init__.py", "kg/graph.py", "kg/api.py", "kg/document.py", "kg/errors.py"]


def test_api_open_ingest_query_dataframe_in_a_few_lines(tmp_path):
    pandas = pytest.importorskip("pandas")
    with kg.open(tmp_path / "store") as graph:
        summary = graph.ingest([ROOT / "data" / "releases"])
        assert summary.ok and summary.ingested
        frame = graph.dataframe("entities-in-release", {"release": "sample-jica-2024-1031-hlm6-tokyo-gx"})
    assert isinstance(frame, pandas.DataFrame)
    assert "Japan International Cooperation Agency" in set(frame["entityLabel"])
    assert set(frame["release"]) == {"sample-jica-2024-1031-hlm6-tokyo-gx"}


def test_api_reopens_the_same_store_and_sees_the_same_graph(tmp_path):
    with kg.open(tmp_path / "store") as graph:
        graph.ingest_text("The 4th ASEAN-Japan Smart Cities Network High Level Meeting was held in Aizuwakamatsu.",
                          id="note", date="2022-12-06")
        before = len(graph.rdf())
    with kg.open(tmp_path / "store") as graph:
        assert len(graph.rdf()) == before
        assert graph.remove(["note"]) == ["note"]
        assert graph.remove(["note"]) == []


def test_api_rdf_validate_export(tmp_path):
    with kg.open(None) as graph:
        graph.ingest_text("Minister Pham Hong Ha of the Ministry of Construction chaired the meeting in Hanoi.",
                          id="n1", date="2020-07-20")
        dataset = graph.rdf(release="n1")
        assert len(dataset) > 10
        assert graph.validate().conforms
        data = graph.export("nquads", tmp_path / "out.nq")
        assert (tmp_path / "out.nq").read_bytes() == data


def test_api_extract_one_document_without_a_store(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("JICA and the ASEAN Secretariat signed the Record of Discussions in Jakarta.")
    x = kg.extract(path)
    assert {e.name for e in x.entities.values()} >= {"Japan International Cooperation Agency", "ASEAN Secretariat",
                                                      "Jakarta"}
    with pytest.raises(kg.KGError):
        kg.extract(tmp_path / "missing.txt")


def test_api_public_modules_type_check():
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    if mypy is None:
        pytest.skip("mypy is not installed in this environment")
    out = subprocess.run([mypy, *PUBLIC, "--ignore-missing-imports", "--follow-imports=silent"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_api_doctests_run():
    import doctest

    import kg.graph

    failures, tried = doctest.testmod(kg.graph)
    assert tried > 0 and failures == 0
