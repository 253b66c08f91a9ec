"""A self-contained interactive page: the graph drawn by Cytoscape.js
(vendored in kg/export/assets/, see its README), with search, filters by kind,
theme and date, and each relation's source releases on click. Everything is
inline (library, data, style); a Content-Security-Policy forbids any fetch,
so the page opens with no network."""
from __future__ import annotations

import json
from importlib import resources

from kg.export.graphs import cytoscape_elements
from kg.export.network import KIND_COLOURS, build, colour_of, kind_of, layout, node_size
from kg.export.registry import Selection, register_exporter
from kg.version import __version__

NODE_FIELDS = ("id", "label", "kind", "key", "iri", "wikidata", "subtype", "job_title", "degree", "releases",
               "release_count", "first_seen", "last_seen")
EDGE_FIELDS = ("id", "source", "target", "relation", "predicate", "releases", "first_seen", "last_seen")


def asset(name: str) -> str:
    return resources.files("kg.export").joinpath("assets", name).read_text(encoding="utf-8")


def _json_safe(text: str) -> str:
    """JSON that cannot close the <script> element it sits in ("<\\/" is "</"
    in JSON; "<" is escaped as \\u003c in "<!--")."""
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def _script_safe(code: str) -> str:
    """JavaScript that cannot close its <script> element (only inside strings
    can "</script" occur in valid code, where "<\\/" means the same)."""
    import re

    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


def page_data(network) -> dict:
    graph = network.graph
    elements = cytoscape_elements(graph, layout(graph))
    for item in elements["nodes"]:
        d = item["data"]
        item["data"] = {k: d[k] for k in NODE_FIELDS if k in d}
        item["data"]["kind"] = kind_of(d)
        item["data"]["color"] = colour_of(d)
        item["data"]["size"] = node_size(d.get("degree", 0)) * 2
    for item in elements["edges"]:
        d = item["data"]
        item["data"] = {k: d[k] for k in EDGE_FIELDS if k in d}
    themes = {}
    labels = {n: d.get("label", n) for n, d in graph.nodes(data=True)}
    for release in network.releases.values():
        for theme in release.themes:
            themes[theme] = labels.get(theme) or theme.rsplit("/", 1)[-1]
    return {
        "generator": f"kg {__version__}",
        "selection": graph.graph.get("selection", "all"),
        "kinds": [{"name": k, "color": c} for k, c in KIND_COLOURS.items()],
        "themes": dict(sorted(themes.items())),
        "releases": {r.id: {"date": r.date, "headline": r.headline, "url": r.url, "themes": list(r.themes)}
                     for r in sorted(network.releases.values(), key=lambda r: r.id)},
        "elements": elements,
    }


def render_page(network, title: str = "kg: ASEAN smart-city cooperation") -> bytes:
    from html import escape

    data = json.dumps(page_data(network), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    page = asset("viewer.html")
    # Each placeholder is replaced once, the data last, so nothing in the data
    # or the library is ever read as a placeholder.
    page = page.replace("__TITLE__", escape(title))
    head, _, tail = page.partition("__LIBRARY__")
    page = head + _script_safe(asset("cytoscape.min.js")) + tail.replace("__APP__", _script_safe(asset("viewer.js")), 1)
    head, _, tail = page.partition("__DATA__")
    return (head + _json_safe(data) + tail).encode("utf-8")


@register_exporter("html", ".html", description="self-contained interactive page (Cytoscape.js), no network needed")
def export_html(store, selection: Selection) -> bytes:
    return render_page(build(store, selection))
