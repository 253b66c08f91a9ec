"""kg.validate reuses one parsed shapes graph across validations (parsing it
per call cost more than validating a release): it must report exactly what a
fresh pyshacl validation reports, call after call, conforming or not."""
from __future__ import annotations

import pyshacl
from rdflib import BNode, Graph
from test_shapes import (
    BASE,
    KGSH,
    PREFIXES,
    VIOLATIONS,
    ontology_graph,
    results,
    shapes_graph,
)

from kg.validate import validate_graph


def data(*turtle: str) -> Graph:
    g = Graph()
    for t in turtle:
        g.parse(data=t, format="turtle")
    return g


def found(report: Graph) -> list[tuple[str, str]]:
    """(shape, path) of each result; a path that is a blank node (an
    alternative path) is compared by kind, its label differs by run."""
    return sorted((str(shape), "[path]" if isinstance(path, BNode) else str(path)) for shape, path in results(report))


def test_validate_reused_shapes_report_as_a_fresh_validation():
    # Every other violating example of test_shapes (which checks them with a fresh
    # pyshacl validation each), with the conforming base graph now and then, in
    # one process: what one run leaves in the shapes must not change the next.
    for number, (case_id, snippet, shape, _path, also) in enumerate(VIOLATIONS):
        report = validate_graph(data(BASE, PREFIXES + snippet))
        fired = {s for s, _ in found(report.graph)}
        assert not report.conforms and str(KGSH[shape]) in fired, case_id
        assert fired <= {str(KGSH[shape])} | {str(KGSH[a]) for a in also}, case_id
        assert report.violations == len(found(report.graph)), case_id
        if number % 8 == 0:
            assert validate_graph(data(BASE)).conforms, case_id
    # And one side by side with a fresh validation, results and paths alike.
    snippet = PREFIXES + VIOLATIONS[len(VIOLATIONS) // 2][1]
    _, fresh_report, _ = pyshacl.validate(
        data(BASE, snippet), shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none",
        advanced=True, allow_warnings=True)
    assert found(validate_graph(data(BASE, snippet)).graph) == found(fresh_report)


def test_validate_in_place_mixes_the_ontology_into_the_graph_only_when_asked():
    graph = data(BASE)
    size = len(graph)
    assert validate_graph(graph).conforms and len(graph) == size
    assert validate_graph(graph, inplace=True).conforms and len(graph) > size

