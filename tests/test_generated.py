"""Files generated from the ontology stay current: a change to ontology/kg.ttl
without regenerating them fails here."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("tool", ["gen_namespaces.py", "gen_ontology_docs.py", "gen_cli_docs.py"])
def test_generated_files_are_current(tool):
    out = subprocess.run([sys.executable, str(ROOT / "tools" / tool), "--check"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_generated_namespace_fails_on_unknown_terms():
    from kg.rdf.namespaces import KGO

    assert str(KGO.speaker).endswith("#speaker")
    with pytest.raises(AttributeError):
        KGO.speakr  # noqa: B018 - a misspelt term must fail at once


def test_generated_ontology_page_documents_every_own_term():
    from rdflib import Graph, URIRef

    page = (ROOT / "docs" / "ontology.html").read_text(encoding="utf-8")
    g = Graph().parse(ROOT / "ontology" / "kg.ttl")
    own = {s for s in g.subjects() if isinstance(s, URIRef) and "aseankg/ontology#" in str(s)}
    assert own
    for term in own:
        assert f'id="kgo-{str(term).split("#")[1]}"' in page
