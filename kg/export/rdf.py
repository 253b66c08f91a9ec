"""RDF dumps: the whole dataset (every named graph), the release graphs a
selection chooses, an entity's neighbourhood, the triples about entities of
some kinds, or a CONSTRUCT's triples, in the standard serialisations."""
from __future__ import annotations

import pyoxigraph as ox

from kg.errors import KGError, ParameterError
from kg.export.registry import Selection, register_exporter
from kg.export.selection import check_query_alone, construct, entity_kind, normalise_kinds, selected_releases
from kg.rdf.iri import ENTITY

# Quad formats keep the named graphs; triple formats merge them.
QUAD_FORMATS = {"nquads": (ox.RdfFormat.N_QUADS, ".nq"), "trig": (ox.RdfFormat.TRIG, ".trig")}
TRIPLE_FORMATS = {"turtle": (ox.RdfFormat.TURTLE, ".ttl"), "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld"),
                  "ntriples": (ox.RdfFormat.N_TRIPLES, ".nt")}


def selected_quads(store, selection: Selection) -> list[ox.Quad]:
    """The quads of a selection. Release-level filters (--release, --theme,
    --since/--until) keep the chosen release graphs whole; --center keeps an
    entity's neighbourhood up to `depth` hops (in those graphs, or in every
    graph); --kind keeps the triples about entities of those kinds (subject an
    entity of a kind, object a literal, a non-entity IRI or an entity of a
    kind); --query keeps the CONSTRUCT's triples (in the default graph)."""
    check_query_alone(selection)
    kinds = normalise_kinds(selection.kinds)
    if selection.query:
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                 for t in construct(store, selection.query)]
        if selection.center:
            quads = _neighbourhood_in(quads, selection)
    else:
        graphs = None
        if selection.by_release:
            graphs = sorted(selected_releases(store, selection))
        if selection.center:
            quads = _neighbourhood(store, selection, graphs)
        elif graphs is not None:
            quads = [q for g in graphs for q in store.quads(g)]
        else:
            quads = list(store.quads())
    if kinds:
        quads = [q for q in quads if _of_kinds(q, kinds)]
    return quads


def _of_kinds(quad: ox.Quad, kinds: tuple[str, ...]) -> bool:
    if not isinstance(quad.subject, ox.NamedNode) or entity_kind(quad.subject.value) not in kinds:
        return False
    if isinstance(quad.object, ox.NamedNode) and quad.object.value.startswith(ENTITY):
        kind = entity_kind(quad.object.value)
        return kind is None or kind in kinds
    return True


def _center(selection: Selection) -> str:
    from kg.queries import _expand_iri

    center = _expand_iri(selection.center or "")
    try:
        ox.NamedNode(center)
    except ValueError as exc:
        raise ParameterError(f"--center: '{selection.center}' is not an IRI or entity key ({exc})") from None
    return center


def _neighbourhood(store, selection: Selection, graphs: list[str] | None = None) -> list[ox.Quad]:
    center = _center(selection)
    keep = set(graphs) if graphs is not None else None
    frontier = {center}
    seen: set[str] = set()
    out: set[ox.Quad] = set()
    for _ in range(max(1, min(selection.depth, 4))):
        reached: set[str] = set()
        for node in frontier - seen:
            seen.add(node)
            term = ox.NamedNode(node)
            for quad in [*store.quads(subject=term), *store.quads(object=term)]:
                if keep is not None and getattr(quad.graph_name, "value", None) not in keep:
                    continue
                out.add(quad)
                for end in (quad.subject, quad.object):
                    if isinstance(end, ox.NamedNode) and end.value.startswith(ENTITY):
                        reached.add(end.value)
        frontier = reached
    if not out:
        raise KGError(f"no entity <{center}> in the store" if keep is None else
                      f"no entity <{center}> in the selected releases")
    return sorted(out, key=str)


def _neighbourhood_in(quads: list[ox.Quad], selection: Selection) -> list[ox.Quad]:
    """The neighbourhood of --center within a CONSTRUCT's triples."""
    center = _center(selection)
    frontier, seen, out = {center}, set[str](), set()
    for _ in range(max(1, min(selection.depth, 4))):
        reached = set()
        for quad in quads:
            ends = {getattr(quad.subject, "value", None), getattr(quad.object, "value", None)}
            if ends & (frontier - seen):
                out.add(quad)
                reached |= {e.value for e in (quad.subject, quad.object) if isinstance(e, ox.NamedNode)}
        seen |= frontier
        frontier = reached
    if not out:
        raise KGError(f"no entity <{center}> in the query's triples")
    return sorted(out, key=str)


def _export(store, selection: Selection, fmt: ox.RdfFormat, keep_graphs: bool) -> bytes:
    quads = selected_quads(store, selection)
    if keep_graphs:
        return ox.serialize(ox.Dataset(quads), format=fmt) or b""
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    return ox.serialize(triples, format=fmt) or b""


def _register(name: str, fmt: ox.RdfFormat, suffix: str, keep_graphs: bool) -> None:
    register_exporter(name, suffix, description=f"RDF: {fmt.name.replace('_', '-')}"
                      + (" (one named graph per release)" if keep_graphs else " (graphs merged)"))(
        lambda store, selection: _export(store, selection, fmt, keep_graphs))


for _name, (_fmt, _suffix) in QUAD_FORMATS.items():
    _register(_name, _fmt, _suffix, True)
for _name, (_fmt, _suffix) in TRIPLE_FORMATS.items():
    _register(_name, _fmt, _suffix, False)
