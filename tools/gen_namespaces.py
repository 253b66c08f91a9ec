"""Generate kg/rdf/namespaces.py from ontology/kg.ttl, so a term misspelt in
code fails at import and the code cannot drift from the ontology.

    python tools/gen_namespaces.py          # rewrite the module
    python tools/gen_namespaces.py --check  # exit 1 when it is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path

from generated import write_or_check  # noqa: E402  (tools/ is on sys.path as a script)
from rdflib import Graph, URIRef

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
TARGET = ROOT / "kg" / "rdf" / "namespaces.py"
KGO = "https://w3id.org/aseankg/ontology#"

HEADER = '''"""kg's own ontology terms. GENERATED from ontology/kg.ttl by
tools/gen_namespaces.py: do not edit; a test fails when this file drifts."""
from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class KGO(DefinedNamespace):
    _NS = Namespace("{ns}")
    _fail = True

'''


def render() -> str:
    graph = Graph().parse(ONTOLOGY)
    terms = sorted({str(s)[len(KGO):] for s in graph.subjects() if isinstance(s, URIRef)
                    and str(s).startswith(KGO) and str(s) != KGO})
    lines = [HEADER.format(ns=KGO)]
    for term in terms:
        label = graph.value(URIRef(KGO + term), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
        lines.append(f"    {term}: URIRef  # {label}\n")
    return "".join(lines)


def main() -> int:
    return write_or_check(TARGET, render(), "gen_namespaces.py")


if __name__ == "__main__":
    sys.exit(main())
