"""A regular install works (issue 16): the wheel carries the ontology, the
saved queries, the domain pack and the trained extractor, and `pip install
'kg[model]'`-style installs give a complete tool. Built, installed in a
fresh virtual environment outside the checkout, and run from another folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, text=True)
    (found,) = out.glob("kg-*.whl")
    return found


def test_install_wheel_carries_the_data_kg_runs_on(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kg/resources/ontology/shapes.ttl", "kg/resources/ontology/kg.ttl",
                   "kg/resources/queries/entity-facts.rq", "kg/resources/domain/entities.csv",
                   "kg/models/extractor/entities.json", "kg/models/extractor/relations.json"):
        assert needed in names, needed


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_fresh_venv_outside_the_checkout_runs_ingest_validate_and_queries(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    # As the Makefile does: a pip that reads the lock, the pinned, hash-checked
    # dependencies (the model among them), then kg itself.
    subprocess.run([*pip, "--upgrade", "pip>=24"], check=True, capture_output=True, text=True, timeout=300)
    subprocess.run([*pip, "--require-hashes", "-r", str(ROOT / "requirements.lock")], check=True,
                   capture_output=True, text=True, timeout=900)
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, capture_output=True, text=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    release = elsewhere / "note.txt"
    release.write_text("Hanoi hosts smart city forum\n\nThe Red River Smart City Forum was held in Hanoi on "
                       "4 May 2025. It was organised by the Ministry of Construction.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_") and k != "PYTHONPATH"}
    kg = [str(venv / "bin" / "kg"), "--store", str(elsewhere / "store")]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*kg, *args], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)

    ingest = run("ingest", str(release))
    assert ingest.returncode == 0, ingest.stderr
    validate = run("validate")
    assert validate.returncode == 0 and "conforms" in validate.stderr + validate.stdout, validate.stderr
    listing = run("query", "--list")
    assert listing.returncode == 0 and "entity-facts" in listing.stdout
    saved = run("query", "entities-in-release", "--param", "release=note", "--format", "csv")
    assert saved.returncode == 0 and "Hanoi" in saved.stdout, saved.stderr
