"""RDF dumps: the whole dataset (every named graph), one release's graph, or
the neighbourhood of an entity, in the standard serialisations."""
from __future__ import annotations

import pyoxigraph as ox

from kg.errors import KGError, ParameterError
from kg.export.registry import Selection, register_exporter
from kg.rdf.iri import ENTITY, release_graph_iri

# Quad formats keep the named graphs; triple formats merge them.
QUAD_FORMATS = {"nquads": (ox.RdfFormat.N_QUADS, ".nq"), "trig": (ox.RdfFormat.TRIG, ".trig")}
TRIPLE_FORMATS = {"turtle": (ox.RdfFormat.TURTLE, ".ttl"), "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld"),
                  "ntriples": (ox.RdfFormat.N_TRIPLES, ".nt")}


def selected_quads(store, selection: Selection) -> list[ox.Quad]:
    """The quads of a selection: one release's graph, an entity's
    neighbourhood up to `depth` hops (in every graph), or everything."""
    if selection.release:
        graph = release_graph_iri(selection.release)
        if graph not in store.graphs():
            raise KGError(f"no release '{selection.release}' in the store")
        return list(store.quads(graph))
    if selection.center:
        return _neighbourhood(store, selection)
    return list(store.quads())


def _neighbourhood(store, selection: Selection) -> list[ox.Quad]:
    from kg.queries import _expand_iri

    center = _expand_iri(selection.center)
    try:
        ox.NamedNode(center)
    except ValueError as exc:
        raise ParameterError(f"--center: '{selection.center}' is not an IRI or entity key ({exc})") from None
    frontier = {center}
    seen: set[str] = set()
    out: set[ox.Quad] = set()
    for _ in range(max(1, min(selection.depth, 4))):
        reached: set[str] = set()
        for node in frontier - seen:
            seen.add(node)
            term = ox.NamedNode(node)
            for quad in [*store.quads(subject=term), *store.quads(object=term)]:
                out.add(quad)
                for end in (quad.subject, quad.object):
                    if isinstance(end, ox.NamedNode) and end.value.startswith(ENTITY):
                        reached.add(end.value)
        frontier = reached
    if not out:
        raise KGError(f"no entity <{center}> in the store")
    return sorted(out, key=str)


def _export(store, selection: Selection, fmt: ox.RdfFormat, keep_graphs: bool) -> bytes:
    quads = selected_quads(store, selection)
    if keep_graphs:
        return ox.serialize(ox.Dataset(quads), format=fmt)
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    return ox.serialize(triples, format=fmt)


def _register(name: str, fmt: ox.RdfFormat, suffix: str, keep_graphs: bool) -> None:
    register_exporter(name, suffix)(lambda store, selection: _export(store, selection, fmt, keep_graphs))


for _name, (_fmt, _suffix) in QUAD_FORMATS.items():
    _register(_name, _fmt, _suffix, True)
for _name, (_fmt, _suffix) in TRIPLE_FORMATS.items():
    _register(_name, _fmt, _suffix, False)
