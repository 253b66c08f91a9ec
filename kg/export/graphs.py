"""Network formats for analysts' tools, written from the networkx graph of
kg.export.network: GraphML (yEd, Gephi, networkx), GEXF 1.2 (Gephi, with
start/end dates for its timeline and viz colours by kind), Cytoscape.js JSON
(Cytoscape desktop, Cytoscape.js, networkx), graphology JSON (sigma.js), DOT
(Graphviz) and CSV node and relationship files for `neo4j-admin import`
(one zip).

Every writer is deterministic: the graph is built in sorted order, nothing
depends on the clock or on hash order, and floats are rounded."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile

from kg.export.network import build, colour_of, flat, kind_of, layout, node_size, xml_text
from kg.export.registry import Selection, register_exporter
from kg.version import __version__


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str) + "\n").encode("utf-8")


@register_exporter("graphml", ".graphml", description="GraphML: Gephi, yEd, Cytoscape, networkx")
def export_graphml(store, selection: Selection) -> bytes:
    return graphml_bytes(build(store, selection).graph)


def graphml_bytes(graph) -> bytes:
    import networkx as nx

    graph = flat(graph)
    buffer = io.BytesIO()
    # networkx picks its lxml writer when lxml is installed (kg depends on it).
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True, edge_id_from_attribute="id")
    return buffer.getvalue()


@register_exporter("gexf", ".gexf", description="GEXF 1.2: Gephi, with start/end for the timeline and colours by kind")
def export_gexf(store, selection: Selection) -> bytes:
    return gexf_bytes(build(store, selection).graph)


def gexf_bytes(graph) -> bytes:
    from networkx.readwrite.gexf import GEXFWriter

    graph = flat(graph)
    positions = layout(graph)
    newest = ""
    for node, data in graph.nodes(data=True):
        if "key" in data:  # networkx's GEXF writer reserves "key" (it would write "networkx_key")
            data["entity_key"] = data.pop("key")
        x, y = positions[node]
        data["viz"] = {"color": _rgba(colour_of(data)), "size": node_size(data.get("degree", 0)),
                       "position": {"x": x, "y": -y, "z": 0.0}}
        _span(data)
        newest = max(newest, str(data.get("end", "")))
    for _, _, data in graph.edges(data=True):
        data["label"] = data.get("relation", "")
        _span(data)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    # The writer stamps today's date; the newest release date is the graph's
    # own last modification, and keeps the bytes the same from day to day.
    meta = writer.xml.find("meta")
    if newest:
        meta.set("lastmodifieddate", newest)
    else:
        del meta.attrib["lastmodifieddate"]
    meta.find("creator").text = f"kg {__version__}"
    description = meta.makeelement("description", {})
    description.text = f"kg entities and relations (selection: {graph.graph.get('selection', 'all')})"
    meta.append(description)
    writer.add_graph(graph)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _span(data: dict) -> None:
    """GEXF start/end (Gephi's timeline): first and last seen."""
    if data.get("first_seen"):
        data["start"] = data["first_seen"]
    if data.get("last_seen"):
        data["end"] = data["last_seen"]


def _rgba(colour: str) -> dict:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def cytoscape_elements(graph, positions: dict | None = None) -> dict:
    """Cytoscape.js elements: nodes and edges with their attributes (lists
    kept as JSON arrays). `value` and `name` make it readable by
    networkx.cytoscape_graph too."""
    nodes = []
    for node, data in graph.nodes(data=True):
        item = {"data": {**_clean(data), "id": str(node), "value": str(node), "name": _label(node, data)}}
        if positions:
            x, y = positions[node]
            item["position"] = {"x": x, "y": y}
        nodes.append(item)
    edges = [{"data": {**_clean(data), "source": str(s), "target": str(o), "key": str(k)}}
             for s, o, k, data in graph.edges(keys=True, data=True)]
    return {"nodes": nodes, "edges": edges}


def _label(node, data: dict) -> str:
    label = data.get("label")
    return label if isinstance(label, str) and label else str(node)


def _clean(data: dict) -> dict:
    """JSON-ready attributes: None dropped, sets and tuples as sorted/ordered lists."""
    out = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, set | frozenset):
            value = sorted(value, key=str)
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out


@register_exporter("cyjs", ".cyjs", description="Cytoscape.js JSON: Cytoscape desktop and Cytoscape.js")
def export_cyjs(store, selection: Selection) -> bytes:
    return cyjs_bytes(build(store, selection).graph)


def cyjs_bytes(graph) -> bytes:
    return _json({"format_version": "1.0", "generated_by": f"kg {__version__}", "target_cytoscapejs_version": "~3",
                  "data": {"name": "kg", "selection": graph.graph.get("selection", "all")},
                  "directed": True, "multigraph": True,
                  "elements": cytoscape_elements(graph, layout(graph))})


@register_exporter("sigma", ".json", description="graphology JSON for sigma.js (positions, sizes, colours by kind)")
def export_sigma(store, selection: Selection) -> bytes:
    return sigma_bytes(build(store, selection).graph)


def sigma_bytes(graph) -> bytes:
    positions = layout(graph)
    nodes = []
    for node, data in graph.nodes(data=True):
        attributes = _clean(data)
        x, y = positions[node]
        attributes.update(x=x, y=-y, size=node_size(data.get("degree", 0)), color=colour_of(data),
                          label=_label(node, data))
        nodes.append({"key": str(node), "attributes": attributes})
    edges = []
    for s, o, k, data in graph.edges(keys=True, data=True):
        attributes = _clean(data)
        attributes["label"] = str(data.get("relation") or k)
        edges.append({"key": str(data.get("id") or f"{s} {k} {o}"), "source": str(s), "target": str(o),
                      "attributes": attributes})
    return _json({"attributes": {"name": "kg", "selection": graph.graph.get("selection", "all")},
                  "options": {"type": "directed", "multi": True, "allowSelfLoops": True},
                  "nodes": nodes, "edges": edges})


# --- DOT -----------------------------------------------------------------------

KIND_SHAPES = {"Person": "ellipse", "Organization": "box", "Country": "doubleoctagon", "Place": "octagon",
               "Event": "diamond", "Initiative": "hexagon", "Document": "note", "Theme": "component",
               "Release": "folder", "Other": "ellipse"}


def dot_id(text: str) -> str:
    """A quoted DOT ID; backslashes, quotes and line breaks escaped."""
    text = xml_text(str(text)).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"\r\n|\r|\n", r"\\n", text) + '"'


def _dot_attrs(attrs: dict) -> str:
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set):
            value = "; ".join(str(v) for v in value)
        if isinstance(value, str) and value.startswith("<") and value.endswith(">") and key == "label":
            parts.append(f"{key}={value}")  # an HTML-like label
        else:
            parts.append(f"{key}={dot_id(value)}")
    return ", ".join(parts)


def dot_text(graph, *, graph_attrs: dict | None = None, label=None, wrap: int | None = None,
             extra_node_attrs=None) -> str:
    """A digraph in DOT: each entity with its attributes, filled by kind;
    each relation labelled. Used by the dot exporter and the images."""
    lines = ["digraph kg {"]
    attrs = {"overlap": "false", "splines": "true", "outputorder": "edgesfirst", "fontname": "Helvetica"}
    attrs.update(graph_attrs or {})
    if label is not None:
        attrs["label"] = label
    lines.append(f"  graph [{_dot_attrs(attrs)}];")
    lines.append('  node [style="filled", fontname="Helvetica", fontsize=10, penwidth=0.6];')
    lines.append('  edge [fontname="Helvetica", fontsize=7, color="#7f7f7fb0", fontcolor="#555555", arrowsize=0.5];')
    for node, data in graph.nodes(data=True):
        kind = kind_of(data)
        shown = data.get("label", node)
        if isinstance(shown, list | tuple | set) or shown is None:
            shown = str(node)
        attrs = {"label": _wrap(str(shown), wrap) if wrap else str(shown), "fillcolor": colour_of(data),
                 "shape": KIND_SHAPES[kind], "tooltip": f"{kind}: {shown}"}
        if extra_node_attrs:
            attrs.update(extra_node_attrs(node, data))
        else:
            attrs.update({k: v for k, v in data.items() if k not in ("label", "fillcolor", "shape", "tooltip")
                          and v is not None and v != [] and v != ""})
        lines.append(f"  {dot_id(node)} [{_dot_attrs(attrs)}];")
    for s, o, k, data in graph.edges(keys=True, data=True):
        attrs = {"label": str(data.get("relation", k))}
        if not extra_node_attrs:
            attrs.update({a: v for a, v in data.items() if a not in ("label", "key") and v is not None
                          and v != [] and v != ""})
        else:
            attrs["tooltip"] = f"{data.get('relation', k)} ({_cell(data.get('releases'))})"
        lines.append(f"  {dot_id(s)} -> {dot_id(o)} [{_dot_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> str:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\n".join(lines) or str(text)


@register_exporter("dot", ".dot", description="Graphviz DOT, filled and shaped by kind")
def export_dot(store, selection: Selection) -> bytes:
    return dot_text(build(store, selection).graph).encode("utf-8")


# --- CSV for neo4j-admin import ---------------------------------------------------

NODE_COLUMNS = [("id:ID", "iri"), (":LABEL", None), ("label", "label"), ("kind", "kind"), ("key", "key"),
                ("wikidata", "wikidata"), ("subtype", "subtype"), ("job_title:string[]", "job_title"),
                ("degree:int", "degree"), ("release_count:int", "release_count"), ("first_seen:date", "first_seen"),
                ("last_seen:date", "last_seen"), ("releases:string[]", "releases")]
EDGE_COLUMNS = [(":START_ID", None), (":END_ID", None), (":TYPE", None), ("id", "id"), ("relation", "relation"),
                ("predicate", "predicate"), ("release_count:int", "release_count"), ("first_seen:date", "first_seen"),
                ("last_seen:date", "last_seen"), ("releases:string[]", "releases")]
NEO4J_README = """kg export for neo4j-admin import
================================

nodes.csv          one row per entity; :LABEL is Entity plus its kind (Person, Organization, ...)
relationships.csv  one row per relation; :TYPE is the relation in upper snake case (ORGANIZER,
                   CONTAINED_IN_PLACE, ...); releases are the source releases

Arrays use ';' (neo4j-admin's default array delimiter). Import into an empty database:

  neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv \\
      --array-delimiter=';' neo4j

(Neo4j 4: neo4j-admin import --nodes=nodes.csv --relationships=relationships.csv)
"""


def neo4j_type(relation: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", relation)).strip("_").upper() or "RELATED"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return ";".join(_cell(v).replace(";", ",") for v in value)
    return re.sub(r"[\r\n]+", " ", xml_text(str(value)))


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _zip_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


@register_exporter("csv", ".zip", binary=True,
                   description="zip of nodes.csv and relationships.csv for neo4j-admin import")
def export_csv(store, selection: Selection) -> bytes:
    return csv_zip_bytes(build(store, selection).graph)


def csv_zip_bytes(graph) -> bytes:
    node_rows = []
    for node, data in graph.nodes(data=True):
        row = []
        for column, attr in NODE_COLUMNS:
            if column == ":LABEL":
                row.append(f"Entity;{kind_of(data)}")
            elif attr == "iri":
                row.append(_cell(node))
            else:
                row.append(_cell(data.get(attr)))
        node_rows.append(row)
    edge_rows = []
    for s, o, k, data in graph.edges(keys=True, data=True):
        row = [_cell(s), _cell(o), neo4j_type(str(data.get("relation", k)))]
        row += [_cell(data.get(attr)) for _, attr in EDGE_COLUMNS[3:]]
        edge_rows.append(row)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _zip_entry(archive, "nodes.csv", _csv([c for c, _ in NODE_COLUMNS], node_rows))
        _zip_entry(archive, "relationships.csv", _csv([c for c, _ in EDGE_COLUMNS], edge_rows))
        _zip_entry(archive, "README.txt", NEO4J_README.encode("utf-8"))
    return buffer.getvalue()
