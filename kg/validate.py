"""SHACL validation with pyshacl and the shapes in ontology/. The ontology is
mixed into the data graph so sh:class sees schema.org's subclass axioms."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.settings import settings


@dataclass
class Report:
    conforms: bool
    text: str
    graph: Graph
    violations: int


@functools.lru_cache(maxsize=4)
def _shapes_source(ontology_dir: str) -> tuple[str, str]:
    directory = Path(ontology_dir)
    shapes = "\n".join(p.read_text(encoding="utf-8") for p in sorted(directory.glob("shapes*.ttl")))
    ontology = "\n".join(p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.ttl"))
                         if not p.name.startswith("shapes"))
    return shapes, ontology


def _graphs(ontology_dir: Path) -> tuple[Graph, Graph]:
    # pyshacl changes the shapes graph it is given; parse a fresh one per call
    # (a few milliseconds) rather than share one between runs.
    shapes_text, ontology_text = _shapes_source(str(ontology_dir))
    return Graph().parse(data=shapes_text, format="turtle"), Graph().parse(data=ontology_text, format="turtle")


def validate_graph(data: Graph, ontology_dir: Path | None = None) -> Report:
    from pyshacl import validate

    from kg.rdf.vocab import SH_RESULT

    shapes, ontology = _graphs(ontology_dir or settings().ontology_dir)
    conforms, report, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                      advanced=True, allow_warnings=True)
    violations = len(set(report.objects(None, SH_RESULT)))
    return Report(conforms=bool(conforms), text=str(text), graph=report, violations=violations)
