"""Network analysis of the graph for analysts (`kg analyze`): degree and
betweenness centrality, communities (Louvain), and the most connected
officials, bodies and cities per year.

Works on the networkx graph of kg.export.network, so it reads the same
selections as `kg export`. Centrality and communities are computed on the
undirected simple graph (parallel relations between two entities become one
link whose weight is their number); everything is seeded and sorted, so the
same graph gives the same report."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field

# Betweenness is exact up to this many nodes, sampled (seeded) past it.
EXACT_BETWEENNESS = 2000
BETWEENNESS_SAMPLES = 400
# Who counts as what in the yearly ranking.
CATEGORIES = {
    "officials": lambda d: d.get("kind") == "Person",
    "bodies": lambda d: d.get("kind") == "Organization",
    "cities": lambda d: d.get("kind") == "Place" and d.get("subtype") == "City",
}
REPORTS = ("centrality", "communities", "yearly")


@dataclass
class Analysis:
    selection: str
    nodes: int
    edges: int
    betweenness_sampled: bool = False
    singletons: int = 0  # communities of one entity (not listed)
    centrality: list[dict] = field(default_factory=list)
    communities: list[dict] = field(default_factory=list)
    yearly: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def simple_graph(graph):
    """Undirected, one link per pair of entities, weighted by the number of relations."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for s, o in graph.edges():
        if s == o:
            continue
        if simple.has_edge(s, o):
            simple[s][o]["weight"] += 1
        else:
            simple.add_edge(s, o, weight=1)
    return simple


def analyze(graph, releases: dict | None = None, *, top: int = 10, reports=REPORTS) -> Analysis:
    """The report for a MultiDiGraph built by kg.export.network. `releases`
    maps release ids to kg.export.selection.Release (for the years); `top`
    limits each ranking (0: everything)."""
    import networkx as nx

    simple = simple_graph(graph)
    n = simple.number_of_nodes()
    result = Analysis(selection=str(graph.graph.get("selection", "all")), nodes=graph.number_of_nodes(),
                      edges=graph.number_of_edges())

    def cut(rows):
        return rows if not top else rows[:top]

    def who(node) -> dict:
        data = graph.nodes[node]
        return {"entity": node, "key": data.get("key", ""), "label": data.get("label", node),
                "kind": data.get("kind", "Other")}

    community_of: dict[str, int] = {}
    if "communities" in reports or "centrality" in reports:
        groups = nx.community.louvain_communities(simple, weight="weight", seed=0) if n else []
        groups = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
        for number, members in enumerate(groups, start=1):
            for member in members:
                community_of[member] = number
        if "communities" in reports:
            for number, members in enumerate(groups, start=1):
                if len(members) < 2:
                    result.singletons += 1
                    continue
                ranked = sorted(members, key=lambda m: (-graph.degree(m), str(graph.nodes[m].get("label", m)), m))
                kinds: dict[str, int] = {}
                for m in members:
                    kind = graph.nodes[m].get("kind", "Other")
                    kinds[kind] = kinds.get(kind, 0) + 1
                result.communities.append({
                    "community": number, "size": len(members),
                    "kinds": "; ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
                    "members": [graph.nodes[m].get("label", m) for m in cut(ranked)],
                })
            result.communities = cut(result.communities)

    if "centrality" in reports:
        degree = nx.degree_centrality(simple) if n > 1 else {node: 0.0 for node in simple}
        if n > EXACT_BETWEENNESS:
            betweenness = nx.betweenness_centrality(simple, k=BETWEENNESS_SAMPLES, seed=0, normalized=True)
            result.betweenness_sampled = True
        else:
            betweenness = nx.betweenness_centrality(simple, normalized=True)
        ranked = sorted(simple.nodes, key=lambda v: (-degree[v], -betweenness[v], v))
        for rank, node in enumerate(cut(ranked), start=1):
            result.centrality.append({"rank": rank, **who(node), "degree": graph.degree(node),
                                      "degree_centrality": round(degree[node], 6),
                                      "betweenness": round(betweenness[node], 6),
                                      "community": community_of.get(node)})

    if "yearly" in reports:
        years: dict[int, set[str]] = {}
        for release in (releases or {}).values():
            if release.date:
                years.setdefault(int(release.date[:4]), set()).add(release.id)
        for year in sorted(years):
            in_year = years[year]
            links: dict[str, int] = {}
            for s, o, data in graph.edges(data=True):
                if in_year & set(data.get("releases") or ()):
                    for end in {s, o}:
                        links[end] = links.get(end, 0) + 1
            for category, belongs in CATEGORIES.items():
                ranked = sorted((v for v in links if belongs(graph.nodes[v])),
                                key=lambda v: (-links[v], str(graph.nodes[v].get("label", v)), v))
                for rank, node in enumerate(cut(ranked), start=1):
                    mentioned = len(in_year & set(graph.nodes[node].get("releases") or ()))
                    result.yearly.append({"year": year, "category": category, "rank": rank, **who(node),
                                          "degree": links[node], "releases": mentioned})
    return result


def analyze_store(store, selection=None, *, top: int = 10, reports=REPORTS) -> Analysis:
    from kg.export.network import build

    network = build(store, selection)
    return analyze(network.graph, network.releases, top=top, reports=reports)


# --- output -------------------------------------------------------------------

CSV_COLUMNS = ["report", "year", "category", "rank", "community", "size", "entity", "key", "label", "kind", "degree",
               "degree_centrality", "betweenness", "releases", "kinds", "members"]


def to_json(analysis: Analysis) -> bytes:
    return (json.dumps(analysis.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def to_csv(analysis: Analysis) -> bytes:
    """One long table: a `report` column says which ranking a row belongs to."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for report in REPORTS:
        for row in getattr(analysis, report):
            row = dict(row)
            if isinstance(row.get("members"), list):
                row["members"] = "; ".join(row["members"])
            writer.writerow({"report": report, **{k: ("" if v is None else v) for k, v in row.items()}})
    return out.getvalue().encode("utf-8")


def tables(analysis: Analysis) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) for each report, for a readable table."""
    out = []
    if analysis.centrality:
        out.append((f"Centrality ({analysis.nodes} entities, {analysis.edges} relations"
                    + ("; betweenness sampled" if analysis.betweenness_sampled else "") + ")",
                    ["rank", "label", "kind", "degree", "degree centrality", "betweenness", "community"],
                    [[str(r["rank"]), r["label"], r["kind"], str(r["degree"]), f"{r['degree_centrality']:.4f}",
                      f"{r['betweenness']:.4f}", str(r["community"] or "")] for r in analysis.centrality]))
    if analysis.communities:
        out.append((f"Communities (Louvain; {analysis.singletons} entities on their own not listed)",
                    ["community", "size", "kinds", "most connected members"],
                    [[str(c["community"]), str(c["size"]), c["kinds"], "; ".join(c["members"])]
                     for c in analysis.communities]))
    if analysis.yearly:
        out.append(("Most connected officials, bodies and cities per year",
                    ["year", "category", "rank", "label", "degree", "releases"],
                    [[str(r["year"]), r["category"], str(r["rank"]), r["label"], str(r["degree"]), str(r["releases"])]
                     for r in analysis.yearly]))
    return out
