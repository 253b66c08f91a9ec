"""Static pictures (PNG, SVG) drawn by Graphviz (Debian's `graphviz`
package: `sfdp`/`neato` on PATH): a force-directed layout without overlaps,
every node labelled and filled by kind, and a legend by kind with the counts
under the drawing. Past IMAGE_MAX_NODES entities the picture keeps the most
connected ones and says so in the legend (the other formats keep everything).

Graphviz lays out from a fixed seed, so the same graph gives the same bytes."""
from __future__ import annotations

import shutil
import subprocess
from html import escape

from kg.errors import KGError
from kg.export.graphs import dot_text
from kg.export.network import KIND_COLOURS, build, kind_of
from kg.export.registry import Selection, register_exporter

IMAGE_MAX_NODES = 400
RENDER_TIMEOUT = 300  # seconds


def picture_graph(graph, max_nodes: int = IMAGE_MAX_NODES):
    """The graph to draw: all of it, or its `max_nodes` most connected
    entities (by degree, then IRI) and the relations between them."""
    if graph.number_of_nodes() <= max_nodes:
        return graph
    from kg.export.network import _copy_sorted

    keep = sorted(graph.nodes, key=lambda n: (-graph.degree(n), str(n)))[:max_nodes]
    return _copy_sorted(graph.subgraph(keep))


def legend(graph, total_nodes: int, total_edges: int, selection: str) -> str:
    """An HTML-like Graphviz label: one coloured cell per kind with its count."""
    counts: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        kind = kind_of(data)
        counts[kind] = counts.get(kind, 0) + 1
    cells = "".join(
        f'<TD BGCOLOR="{KIND_COLOURS.get(kind, KIND_COLOURS["Other"])}"> {escape(kind)} ({n}) </TD>'
        for kind, n in sorted(counts.items(), key=lambda kv: list(KIND_COLOURS).index(kv[0])))
    shown = graph.number_of_nodes()
    caption = f"{shown} entities, {graph.number_of_edges()} relations"
    if shown < total_nodes:
        caption = (f"the {shown} most connected of {total_nodes} entities; "
                   f"{graph.number_of_edges()} of {total_edges} relations")
    if selection and selection != "all":
        caption += f" - selection: {selection}"
    caption = escape(caption)
    if not cells:
        cells = "<TD> no entities </TD>"
    return (f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="4" CELLPADDING="4">'
            f'<TR>{cells}</TR><TR><TD COLSPAN="{max(len(counts), 1)}" BORDER="0">{caption}</TD></TR></TABLE>>')


def render(graph, fmt: str, *, selection: str = "all", max_nodes: int = IMAGE_MAX_NODES) -> bytes:
    drawn = picture_graph(graph, max_nodes)
    engine = "neato" if drawn.number_of_nodes() <= 120 else "sfdp"
    program = shutil.which(engine)
    if program is None:
        raise KGError(f"--format {fmt} needs Graphviz ('{engine}' is not on PATH): install the 'graphviz' "
                      f"package (Debian: apt-get install graphviz; see tools/ci/install-system.sh)")
    text = dot_text(
        drawn,
        graph_attrs={"overlap": "prism", "sep": "+4", "splines": "false",
                     "start": "7", "pack": "true", "packmode": "graph", "labelloc": "b", "labeljust": "c",
                     "fontsize": "16", "bgcolor": "white", "pad": "0.3", "size": "40,40", "dpi": "96",
                     "outputorder": "edgesfirst"},
        label=legend(drawn, graph.number_of_nodes(), graph.number_of_edges(), selection),
        wrap=24,
        extra_node_attrs=lambda node, data: {"fontsize": str(9 + min(drawn.degree(node), 12) // 2)},
    )
    try:
        done = subprocess.run([program, f"-T{fmt}"], input=text.encode("utf-8"), capture_output=True,
                              timeout=RENDER_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise KGError(f"Graphviz took over {RENDER_TIMEOUT} s to draw {drawn.number_of_nodes()} nodes") from None
    if done.returncode != 0 or not done.stdout:
        raise KGError(f"Graphviz {engine} failed: {done.stderr.decode('utf-8', 'replace').strip()[:500]}")
    return done.stdout


@register_exporter("svg", ".svg", description="SVG picture (Graphviz): labels, colours and a legend by kind")
def export_svg(store, selection: Selection) -> bytes:
    graph = build(store, selection).graph
    return render(graph, "svg", selection=graph.graph.get("selection", "all"))


@register_exporter("png", ".png", binary=True, description="PNG picture (Graphviz): labels, colours and a legend by kind")
def export_png(store, selection: Selection) -> bytes:
    graph = build(store, selection).graph
    return render(graph, "png", selection=graph.graph.get("selection", "all"))
