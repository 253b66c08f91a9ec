"""SHACL validation with pyshacl and the shapes in ontology/. The ontology is
mixed into the data graph so sh:class sees schema.org's subclass axioms."""
from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph
from rdflib.namespace import SH

from kg.errors import NoShapes
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
    files = sorted(directory.glob("shapes*.ttl"))
    if not files:
        # Validating against nothing would report "conforms" for any graph.
        raise NoShapes(f"no SHACL shapes (shapes*.ttl) in {directory}: set KG_ONTOLOGY to kg's ontology "
                       "folder, or reinstall kg")
    shapes = "\n".join(p.read_text(encoding="utf-8") for p in files)
    ontology = "\n".join(p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.ttl"))
                         if not p.name.startswith("shapes"))
    return shapes, ontology


def _graphs(ontology_dir: Path) -> tuple[Graph, Graph]:
    shapes_text, ontology_text = _shapes_source(str(ontology_dir))
    return Graph().parse(data=shapes_text, format="turtle"), Graph().parse(data=ontology_text, format="turtle")


@dataclass
class _Prepared:
    core: Any  # pyshacl ShapesGraph of the shapes without SPARQL
    sparql: Any  # pyshacl ShapesGraph of the SPARQL-based shapes
    core_shapes: list
    sparql_shapes: list
    ontology: Graph  # the class tree of the ontology
    ontology_nt: bytes


@functools.lru_cache(maxsize=4)
def _prepared(ontology_dir: str) -> _Prepared:
    """The shapes parsed once into pyshacl ShapesGraphs (which cache their
    shapes and constraints; parsing per call cost more than validating a
    release's graph), with their property shapes hoisted (`_hoisted`), and
    split in two: the shapes made of SPARQL constraints run on a pyoxigraph
    copy of the data, where pyshacl's queries take a tenth of the time they
    take on rdflib; the others on rdflib."""
    from pyshacl.monkey import apply_patches
    from pyshacl.shapes_graph import ShapesGraph
    from pyshacl.validator import assign_baked_in
    from rdflib import RDF, RDFS

    apply_patches()
    assign_baked_in()
    shapes, ontology = _graphs(Path(ontology_dir))
    shapes = _hoisted(shapes)
    # With inference off, what SHACL reads of the ontology is its class tree
    # (sh:targetClass and sh:class follow rdfs:subClassOf): only that is
    # copied into each data graph, a twentieth of the ontology.
    tree = Graph()
    for triple in ontology.triples((None, RDFS.subClassOf, None)):
        tree.add(triple)
    top = sorted({s for kind in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, kind)
                  if not isinstance(s, BNode)}, key=str)

    def sparql_only(shape) -> bool:
        # Shapes whose only constraints are SPARQL ones: pyshacl's Oxigraph
        # backend runs those exactly (it misses some property paths, so the
        # shapes with other constraints stay on rdflib).
        constraints = {p for p in shapes.predicates(shape) if str(p).startswith(str(SH))
                       and p not in (SH.target, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                                     SH.message, SH.severity, SH.name, SH.description, SH.deactivated)}
        return constraints == {SH.sparql}

    sparql = [s for s in top if sparql_only(s)]
    core = [s for s in top if s not in sparql]
    return _Prepared(ShapesGraph(shapes), ShapesGraph(Graph() + shapes), core, sparql, tree,
                     tree.serialize(format="nt", encoding="utf-8"))


# Not sh:target: a SPARQL target runs a query, which rdflib parses anew each
# time; one per node shape is enough.
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def _hoisted(shapes: Graph) -> Graph:
    """The same shapes, with each named property shape that a targeted node
    shape lists under sh:property given that node shape's targets instead.
    Both forms check the same values of the same focus nodes and report the
    property shape as the source; but pyshacl runs a listed property shape
    once per focus node, building its constraints anew each time, and a
    targeted one once for all its focus nodes: this halves the time of a
    release's validation, whose hundreds of mentions and sentences are
    focus nodes of a few property shapes each."""
    hoisted = Graph() + shapes
    for node, prop in list(shapes.subject_objects(SH.property)):
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node, p)]
        if (isinstance(prop, BNode)  # only a named shape can be asked for by name (use_shapes)
                or not targets or (node, SH.target, None) in shapes or (node, SH.deactivated, None) in shapes):
            continue
        hoisted.remove((node, SH.property, prop))
        for p, o in targets:
            hoisted.add((prop, p, o))
    return hoisted


# pyshacl fills a ShapesGraph's caches while it validates: one validation at a
# time per process (the server may validate from several threads).
_LOCK = threading.Lock()


def validate_graph(data: Graph, ontology_dir: Path | None = None, inplace: bool = False,
                   ntriples: str | None = None) -> Report:
    """SHACL over `data` with the ontology mixed in; `inplace=True` lets the
    ontology be mixed into `data` itself (for a graph the caller is done with)
    instead of into a copy; `ntriples` is `data` already written out."""
    import pyoxigraph as ox
    from pyshacl import Validator
    from pyshacl.graph_abstraction import DataGraph

    prepared = _prepared(str(ontology_dir or settings().ontology_dir))
    if ntriples is None:
        ntriples = data.serialize(format="nt")
    copy = ox.Store()
    copy.bulk_load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    copy.bulk_load(prepared.ontology_nt, format=ox.RdfFormat.N_TRIPLES)
    with _LOCK:
        # pyshacl has no public way to reuse a parsed shapes graph: build each
        # validator with an empty one, then hand it the cached ShapesGraph.
        # Each ShapesGraph is always asked for the same shapes (its cache is
        # built for the first list it is given).
        core = Validator(DataGraph.from_rdflib(data), shacl_graph=Graph(), ont_graph=prepared.ontology,
                         options=_options(inplace, prepared.core_shapes))
        core.shacl_graph = prepared.core
        runs = [core.run()]
        if prepared.sparql_shapes:
            sparql = Validator(DataGraph.from_oxigraph_store(copy), shacl_graph=Graph(),
                               options=_options(True, prepared.sparql_shapes))
            sparql.shacl_graph = prepared.sparql
            runs.append(sparql.run())
    return _merge(runs)


def _options(inplace: bool, shapes: list) -> dict:
    return {"inference": "none", "advanced": True, "allow_warnings": True, "inplace": inplace,
            "use_shapes": shapes}


def _merge(runs: list[tuple]) -> Report:
    """One report (graph and text) from pyshacl's reports of several runs."""
    from rdflib import RDF, BNode, Literal

    from kg.rdf.vocab import SH_RESULT

    conforms = all(bool(c) for c, _, _ in runs)
    merged = Graph()
    node = BNode()
    report_class = SH.ValidationReport
    merged.add((node, RDF.type, report_class))
    merged.add((node, SH.conforms, Literal(conforms)))
    bodies, results = [], 0
    for _conforms, graph, text in runs:
        for prefix, namespace in graph.namespace_manager.namespaces():
            merged.namespace_manager.bind(prefix, namespace, override=False)
        report = graph.value(None, RDF.type, report_class)
        for s, p, o in graph:
            if s == report:
                if p == SH_RESULT:
                    merged.add((node, p, o))
                    results += 1
            else:
                merged.add((s, p, o))
        if "Results (" in text:
            bodies.append(text.split("):\n", 1)[1] if "):\n" in text else "")
    text = f"Validation Report\nConforms: {conforms}\n"
    if results:
        text += f"Results ({results}):\n" + "".join(bodies)
    return Report(conforms=conforms, text=text, graph=merged, violations=results)


def prepare(ontology_dir: str) -> None:
    """Parse the shapes ahead of the first validation (a worker's start)."""
    _prepared(ontology_dir)


def offending_triples(data: Graph, report: Report, ontology_dir: Path | None = None) -> list[tuple[tuple, str]]:
    """The triples of `data` that the report's violations are about, each with
    the message of the shape it breaks: the value a property shape refused,
    every value of the path it counts, or, for a shape on the subjects (or
    objects) of some properties, those properties' triples of the focus node."""
    from rdflib import URIRef

    shapes = _shapes_graph(str(ontology_dir or settings().ontology_dir))
    found: list[tuple[tuple, str]] = []
    seen: set[tuple] = set()

    def add(triple: tuple, message: str) -> None:
        if triple in data and triple not in seen:
            seen.add(triple)
            found.append((triple, message))

    for result in report.graph.objects(None, SH.result):
        focus = report.graph.value(result, SH.focusNode)
        path = report.graph.value(result, SH.resultPath)
        value = report.graph.value(result, SH.value)
        shape = report.graph.value(result, SH.sourceShape)
        message = str(report.graph.value(result, SH.resultMessage) or "")
        if focus is None:
            continue
        if isinstance(path, URIRef):
            if value is not None:
                add((focus, path, value), message)
            else:
                for o in data.objects(focus, path):
                    add((focus, path, o), message)
            continue
        if shape is None:
            continue
        for p in shapes.objects(shape, SH.targetSubjectsOf):
            for o in data.objects(focus, p):
                add((focus, p, o), message)
        for p in shapes.objects(shape, SH.targetObjectsOf):
            for s in data.subjects(p, focus):
                add((s, p, focus), message)
    return found


@functools.lru_cache(maxsize=4)
def _shapes_graph(ontology_dir: str) -> Graph:
    shapes, _ = _graphs(Path(ontology_dir))
    return shapes


def set_aside(data: Graph, facts: list[tuple[tuple, str]], release_iri: str) -> None:
    """Withdraw these triples from `data` and keep each, reified, as a
    kgo:SetAsideStatement with its reason: the release keeps everything
    else it says, and a reviewer can still see what was held back."""
    import hashlib

    from rdflib import RDF, Literal, URIRef

    from kg.rdf.namespaces import KGO

    for (s, p, o), reason in facts:
        data.remove((s, p, o))
        statements = [st for st in data.subjects(RDF.subject, s)
                      if (st, RDF.predicate, p) in data and (st, RDF.object, o) in data]
        if not statements:
            digest = hashlib.sha256(f"{s}|{p}|{o.n3()}".encode()).hexdigest()[:16]
            made = URIRef(f"{release_iri}#set-aside-{digest}")
            data.add((made, RDF.subject, s))
            data.add((made, RDF.predicate, p))
            data.add((made, RDF.object, o))
            statements = [made]
        for statement in statements:
            data.remove((statement, RDF.type, KGO.Statement))
            data.add((statement, RDF.type, KGO.SetAsideStatement))
            data.add((statement, KGO.setAsideBecause, Literal(reason)))
