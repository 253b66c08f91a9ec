"""The analysts' graph: a networkx MultiDiGraph built from the store with
SPARQL, for the network exporters and `kg analyze`.

Nodes are entities (IRI as node id) with `kind`, `label`, `key`, `iri`,
`wikidata`, `subtype`, `job_title`, `degree`, `releases` (the ids of the
selected releases that mention the entity), `release_count`, `first_seen` and
`last_seen` (the earliest and latest schema:datePublished of those releases).
Edges are the relations between entities (the entity-valued properties of
docs/graph-layout.md), keyed by relation name, with `relation`, `predicate`,
`releases` (the releases whose graph states the fact), `release_count`,
`first_seen`, `last_seen` and a stable `id`.

The graph is built in sorted order (nodes by IRI, edges by subject, relation,
object), so the same store and selection always give the same graph, and
every writer the same bytes. Attribute values may be lists; `flat()` turns a
graph into one the XML writers accept (no None, no lists)."""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError, ParameterError
from kg.export.registry import Selection
from kg.export.selection import (
    KIND_NAMES,
    PREFIXES,
    Release,
    check_query_alone,
    construct,
    entity_kind,
    normalise_kinds,
    selected_releases,
    values,
)
from kg.rdf.iri import BACKGROUND_GRAPH, ENTITY, RELEASE, RELEASE_GRAPH, WIKIDATA

SCHEMA = "http://schema.org/"
KGO = "https://w3id.org/aseankg/ontology#"
# The relations of docs/graph-layout.md whose value is an entity (jobTitle and
# the dates are literals: they become node attributes, not edges).
RELATIONS = {
    SCHEMA + "organizer": "organizer", SCHEMA + "location": "location", SCHEMA + "attendee": "attendee",
    KGO + "speaker": "speaker", SCHEMA + "about": "about", SCHEMA + "affiliation": "affiliation",
    SCHEMA + "memberOf": "memberOf", SCHEMA + "containedInPlace": "containedInPlace",
    SCHEMA + "parentOrganization": "parentOrganization", SCHEMA + "founder": "founder",
    SCHEMA + "superEvent": "superEvent", SCHEMA + "funder": "funder",
}
LITERAL_RELATIONS = {SCHEMA + "startDate": "startDate", SCHEMA + "endDate": "endDate",
                     SCHEMA + "jobTitle": "jobTitle", SCHEMA + "foundingDate": "foundingDate"}

# Colours by kind (Tableau 10), shared by every format that draws.
KIND_COLOURS = {
    "Person": "#4E79A7", "Organization": "#F28E2B", "Country": "#E15759", "Place": "#76B7B2",
    "Event": "#59A14F", "Initiative": "#EDC948", "Document": "#B07AA1", "Theme": "#FF9DA7",
    "Release": "#9C755F", "Other": "#BAB0AC",
}
KIND_ORDER = list(KIND_COLOURS)
_SUBTYPES = {SCHEMA + t: t for t in ("City", "AdministrativeArea", "GovernmentOrganization", "Corporation",
                                     "CollegeOrUniversity", "NGO")}


@dataclass
class Network:
    graph: Any  # nx.MultiDiGraph
    releases: dict[str, Release]  # the releases the graph was read from, by id


def build_network(store, selection: Selection | None = None):
    """The selection as a networkx MultiDiGraph (see the module docstring)."""
    return build(store, selection).graph


def build(store, selection: Selection | None = None) -> Network:
    import networkx as nx

    selection = selection or Selection()
    check_query_alone(selection)
    kinds = normalise_kinds(selection.kinds)
    chosen = selected_releases(store, Selection() if selection.query else selection)
    by_graph = chosen
    if selection.query:
        node_releases, edges = _from_construct(store, construct(store, selection.query), by_graph)
    else:
        node_releases, edges = _from_releases(store, chosen, restrict=selection.by_release)
    nodes = set(node_releases) | {s for s, _, _ in edges} | {o for _, _, o in edges}
    attributes = _node_attributes(store, nodes)

    graph = nx.MultiDiGraph()
    for node in sorted(nodes):
        graph.add_node(node, **attributes.get(node, _fallback(node)))
    for (s, p, o) in sorted(edges, key=lambda e: (e[0], _relation(e[1]), e[2])):
        graph.add_edge(s, o, key=_relation(p), relation=_relation(p), predicate=p,
                       id="e" + hashlib.sha256(f"{s} {p} {o}".encode()).hexdigest()[:16],
                       releases=sorted(by_graph[g].id for g in edges[(s, p, o)]))
    graph = _narrow(graph, selection, kinds)

    ids = {r.id: r for r in by_graph.values()}
    for node, data in graph.nodes(data=True):
        rel = sorted(by_graph[g].id for g in node_releases.get(node, ()))
        data["releases"] = rel
        _stamp(data, rel, ids)
        data["degree"] = graph.degree(node)
    for _, _, data in graph.edges(data=True):
        _stamp(data, data["releases"], ids)
    graph.graph.update(name="kg", selection=_describe(selection))
    used = sorted({r for _, d in graph.nodes(data=True) for r in d["releases"]}
                  | {r for _, _, d in graph.edges(data=True) for r in d["releases"]})
    return Network(graph, {r: ids[r] for r in used})


def _stamp(data: dict, release_ids: list[str], ids: dict[str, Release]) -> None:
    data["release_count"] = len(release_ids)
    dates = sorted(d for r in release_ids if (d := ids[r].date))
    if dates:
        data["first_seen"], data["last_seen"] = dates[0], dates[-1]


def _relation(predicate: str) -> str:
    if predicate in RELATIONS:
        return RELATIONS[predicate]
    return predicate.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or predicate


def _graph_filter(chosen: dict[str, Release], restrict: bool) -> str:
    # Without a release filter every graph is read and the release graphs are
    # picked in Python (a FILTER on STR(?g) costs more than it saves).
    if restrict:
        return f"VALUES ?g {{ {values(chosen)} }}" if chosen else "FILTER (false)"
    return ""


def _from_releases(store, chosen: dict[str, Release], restrict: bool):
    """Mentions and relation facts of the chosen release graphs. Each row is
    one quad (GRAPH ?g names the graph), so the repetition of a fact across
    release graphs is what gives each fact its source releases."""
    where = _graph_filter(chosen, restrict)
    node_releases: dict[str, set[str]] = defaultdict(set)
    for row in store.query(PREFIXES + f"""
SELECT DISTINCT ?g ?e WHERE {{
  {where}
  GRAPH ?g {{ ?release schema:mentions ?e }}
}}"""):
        g, e = row["g"].value, row["e"].value
        if g in chosen and entity_kind(e):
            node_releases[e].add(g)
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in store.query(PREFIXES + f"""
SELECT ?g ?s ?p ?o WHERE {{
  {where}
  VALUES ?p {{ {values(RELATIONS)} }}
  GRAPH ?g {{ ?s ?p ?o }}
}}"""):
        g, s, o = row["g"].value, row["s"].value, row["o"]
        if g in chosen and isinstance(o, ox.NamedNode) and entity_kind(s) and entity_kind(o.value):
            edges[(s, row["p"].value, o.value)].add(g)
    return node_releases, edges


def _from_construct(store, triples: list[ox.Triple], chosen: dict[str, Release]):
    """A CONSTRUCT's triples whose object is a node: edges; their source
    releases are the release graphs that hold the same triple."""
    edges: dict[tuple[str, str, str], set[str]] = {}
    for t in triples:
        if isinstance(t.object, ox.Literal) or isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple):
            continue
        edges[(_node_id(t.subject), t.predicate.value, _node_id(t.object))] = set()
    named = {k: v for k, v in edges.items() if not k[0].startswith("_:") and not k[2].startswith("_:")}
    node_releases: dict[str, set[str]] = defaultdict(set)
    if not named:
        return node_releases, edges
    keys = sorted(named)
    for start in range(0, len(keys), 2000):
        rows = " ".join(f"({ox.NamedNode(s)} {ox.NamedNode(p)} {ox.NamedNode(o)})" for s, p, o in keys[start:start + 2000])
        for row in store.query(f"""
SELECT DISTINCT ?g ?s ?p ?o WHERE {{
  VALUES (?s ?p ?o) {{ {rows} }}
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (STRSTARTS(STR(?g), "{RELEASE_GRAPH}"))
}}"""):
            if row["g"].value in chosen:
                edges[(row["s"].value, row["p"].value, row["o"].value)].add(row["g"].value)
    ends = sorted({n for s, _, o in keys for n in (s, o)})
    for start in range(0, len(ends), 2000):
        for row in store.query(PREFIXES + f"""
SELECT DISTINCT ?g ?e WHERE {{
  VALUES ?e {{ {values(ends[start:start + 2000])} }}
  GRAPH ?g {{ ?release schema:mentions ?e }}
  FILTER (STRSTARTS(STR(?g), "{RELEASE_GRAPH}"))
}}"""):
            if row["g"].value in chosen:
                node_releases[row["e"].value].add(row["g"].value)
    return node_releases, edges


def _node_id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _node_attributes(store, nodes: set[str]) -> dict[str, dict]:
    """Label, key, kind, Wikidata ID, subtype and job titles of the nodes.
    Labels: the background pack's canonical name first, else the smallest."""
    if not nodes:
        return {}
    labels: dict[str, str] = {}
    for row in store.query(PREFIXES + f"""
SELECT ?e (MIN(STR(?l)) AS ?label) WHERE {{
  ?e rdfs:label|skos:prefLabel ?l FILTER (STRSTARTS(STR(?e), "{ENTITY}") || STRSTARTS(STR(?e), "{RELEASE}"))
}} GROUP BY ?e"""):
        labels[row["e"].value] = row["label"].value
    for row in store.query(PREFIXES + f"""
SELECT ?e (MIN(STR(?l)) AS ?label) WHERE {{
  GRAPH <{BACKGROUND_GRAPH}> {{ ?e rdfs:label ?l }}
}} GROUP BY ?e"""):
        labels[row["e"].value] = row["label"].value
    for row in store.query(PREFIXES + f"""
SELECT ?release (MIN(STR(?h)) AS ?label) WHERE {{
  GRAPH ?g {{ ?release schema:headline ?h }} FILTER STRSTARTS(STR(?g), "{RELEASE_GRAPH}")
}} GROUP BY ?release"""):
        labels.setdefault(row["release"].value, row["label"].value)
    wikidata: dict[str, str] = {}
    for row in store.query(PREFIXES + f"""
SELECT ?e (MIN(STR(?w)) AS ?qid) WHERE {{
  ?e owl:sameAs ?w FILTER (STRSTARTS(STR(?w), "{WIKIDATA}") && STRSTARTS(STR(?e), "{ENTITY}"))
}} GROUP BY ?e"""):
        wikidata[row["e"].value] = row["qid"].value[len(WIKIDATA):]
    subtypes: dict[str, set[str]] = defaultdict(set)
    for row in store.query(PREFIXES + f"""
SELECT DISTINCT ?e ?t WHERE {{
  VALUES ?t {{ {values(_SUBTYPES)} }}
  ?e a ?t FILTER STRSTARTS(STR(?e), "{ENTITY}")
}}"""):
        subtypes[row["e"].value].add(_SUBTYPES[row["t"].value])
    titles: dict[str, set[str]] = defaultdict(set)
    for row in store.query(PREFIXES + f"""
SELECT DISTINCT ?e ?title WHERE {{
  GRAPH ?g {{ ?e schema:jobTitle ?title }} FILTER STRSTARTS(STR(?g), "{RELEASE_GRAPH}")
}}"""):
        titles[row["e"].value].add(row["title"].value)

    out: dict[str, dict] = {}
    for node in nodes:
        data = _fallback(node)
        if node in labels:
            data["label"] = labels[node]
        if node in wikidata:
            data["wikidata"] = wikidata[node]
        if subtypes.get(node):
            data["subtype"] = sorted(subtypes[node])[0]
        if titles.get(node):
            data["job_title"] = sorted(titles[node])
        out[node] = data
    return out


def _fallback(node: str) -> dict:
    kind = entity_kind(node)
    if kind:
        key = node[len(ENTITY):]
        from urllib.parse import unquote

        return {"kind": KIND_NAMES[kind], "label": unquote(key.split("/", 1)[1]), "key": key, "iri": node}
    if node.startswith(RELEASE) and "#" not in node:
        return {"kind": "Release", "label": node[len(RELEASE):], "iri": node}
    label = node.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or node
    return {"kind": "Other", "label": label, "iri": node}


def _narrow(graph, selection: Selection, kinds: tuple[str, ...]):
    """--center/--depth, then --kind (the center itself always stays)."""
    center = None
    if selection.center:
        from kg.queries import _expand_iri

        center = _expand_iri(selection.center)
        try:
            ox.NamedNode(center)
        except ValueError as exc:
            raise ParameterError(f"--center: '{selection.center}' is not an IRI or entity key ({exc})") from None
        if center not in graph:
            raise KGError(f"no entity <{center}> in the selection")
        depth = max(1, min(selection.depth, 4))
        reach = {center}
        frontier = {center}
        undirected = graph.to_undirected(as_view=True)
        for _ in range(depth):
            frontier = {n for f in frontier for n in undirected.neighbors(f)} - reach
            reach |= frontier
        graph = graph.subgraph(reach)
    if kinds:
        names = {KIND_NAMES[k] for k in kinds}
        graph = graph.subgraph([n for n, d in graph.nodes(data=True) if d.get("kind") in names or n == center])
    if selection.center or kinds:
        graph = _copy_sorted(graph)
    return graph


def _copy_sorted(view):
    """A plain copy of a subgraph view, in sorted order (a view iterates in
    the order of its filter set, which is not stable across runs)."""
    import networkx as nx

    copy = nx.MultiDiGraph()
    copy.graph.update(view.graph)
    for node in sorted(view.nodes):
        copy.add_node(node, **view.nodes[node])
    for s, o, k, d in sorted(view.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        copy.add_edge(s, o, key=k, **d)
    return copy


def _describe(selection: Selection) -> str:
    parts = []
    for name in ("release", "theme", "since", "until", "center"):
        value = getattr(selection, name)
        if value:
            parts.append(f"{name}={value}")
    if selection.center:
        parts.append(f"depth={selection.depth}")
    if selection.kinds:
        parts.append("kind=" + ",".join(normalise_kinds(selection.kinds)))
    if selection.query:
        parts.append("query")
    return "; ".join(parts) or "all"


# --- helpers for the writers -------------------------------------------------

def flat(graph, *, keep: tuple[str, ...] = ()):
    """A copy the XML writers accept: None dropped, lists joined with '; ',
    text cleaned of characters XML cannot hold. `keep` names attributes left
    as they are (e.g. GEXF's viz)."""
    import networkx as nx

    out = nx.MultiDiGraph()
    out.graph.update({k: _flat_value(v) for k, v in graph.graph.items() if _flat_value(v) is not None})
    for node, data in graph.nodes(data=True):
        out.add_node(node, **_flat_dict(data, keep))
    for s, o, k, data in graph.edges(keys=True, data=True):
        out.add_edge(s, o, key=k, **_flat_dict(data, keep))
    return out


def _flat_dict(data: dict, keep: tuple[str, ...]) -> dict:
    out = {}
    for key, value in data.items():
        if key in keep:
            out[key] = value
            continue
        value = _flat_value(value)
        if value is not None:
            out[key] = value
    return out


def _flat_value(value):
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = [_flat_value(v) for v in (sorted(value, key=str) if isinstance(value, set | frozenset) else value)]
        return "; ".join(str(v) for v in items if v is not None)
    return xml_text(str(value))


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def layout(graph, *, scale: float = 1000.0) -> dict[str, tuple[float, float]]:
    """Deterministic 2-D positions (y grows downwards, as on a screen). Each
    connected component is laid out on its own (a seeded force-directed
    layout up to LAYOUT_LIMIT nodes; past that a ring by kind and degree,
    cheap: re-run a force layout in Gephi or graphology), in a box whose side
    grows with the square root of its size; the boxes are packed in rows,
    largest first, and the entities without relations come last, by kind and
    label."""
    import math

    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((s, o) for s, o in graph.edges() if s != o)
    components = [sorted(c, key=str) for c in nx.connected_components(simple)]
    components.sort(key=lambda c: (-len(c), _kind_rank(graph, c[0]), str(graph.nodes[c[0]].get("label", c[0])),
                                   str(c[0])))
    boxes = []
    for component in components:
        side = 1.0 if len(component) == 1 else 2.5 * math.sqrt(len(component))
        if len(component) == 1:
            local = {component[0]: (0.5, 0.5)}
        elif len(component) <= LAYOUT_LIMIT:
            sub = simple.subgraph(component)
            ordered = nx.Graph()
            ordered.add_nodes_from(component)
            ordered.add_edges_from(sorted((tuple(sorted(e, key=str)) for e in sub.edges()), key=str))
            pos = nx.spring_layout(ordered, seed=7, iterations=80, k=1.2 / math.sqrt(len(component)))
            local = _unit({n: (float(pos[n][0]), float(pos[n][1])) for n in component})
        else:
            order = sorted(component, key=lambda n: (_kind_rank(graph, n), -graph.degree(n), str(n)))
            local = {}
            for i, n in enumerate(order):
                angle = 2 * math.pi * i / len(order)
                radius = 0.35 + 0.65 * ((i * 7919) % 97) / 97
                local[n] = (radius * math.cos(angle), radius * math.sin(angle))
            local = _unit(local)
        boxes.append((side, local))
    width = max(max(side for side, _ in boxes), math.sqrt(sum((side + 0.5) ** 2 for side, _ in boxes)) * 1.1)
    out: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for side, local in boxes:
        if x > 0 and x + side > width:
            x, y, row = 0.0, y + row + 0.5, 0.0
        for n, (px, py) in local.items():
            out[n] = (x + px * side, y + py * side)
        x += side + 0.5
        row = max(row, side)
    span = max(max(p[0] for p in out.values()), max(p[1] for p in out.values())) or 1.0
    return {n: (round((px / span - 0.5) * scale, 2), round((py / span - 0.5) * scale, 2)) for n, (px, py) in out.items()}


def _unit(points: dict) -> dict:
    """Points scaled into the unit square (aspect kept), with a margin."""
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    x0, y0 = min(xs), min(ys)
    span = max(max(xs) - x0, max(ys) - y0) or 1.0
    return {n: (0.05 + 0.9 * (x - x0) / span, 0.05 + 0.9 * (y - y0) / span) for n, (x, y) in points.items()}


def _kind_rank(graph, node) -> int:
    return KIND_ORDER.index(kind_of(graph.nodes[node]))


# networkx's force layout of more nodes than this needs scipy (its sparse
# path), which kg does not depend on; and it grows as n^2.
LAYOUT_LIMIT = 500


def node_size(degree) -> float:
    import math

    try:
        degree = float(degree)
    except (TypeError, ValueError):
        degree = 0.0
    return round(4 + 3 * math.sqrt(max(degree, 0.0) if degree == degree else 0.0), 2)


def kind_of(data: dict) -> str:
    """The node's kind as drawn: one of KIND_COLOURS, else "Other"."""
    kind = data.get("kind")
    return kind if isinstance(kind, str) and kind in KIND_COLOURS else "Other"


def colour_of(data: dict) -> str:
    return KIND_COLOURS[kind_of(data)]
