"""Export time at 100k edges.

Generates a synthetic store in the layout of docs/graph-layout.md from the
domain pack (its entities and themes, plus generated people, bodies and
meetings), one named graph per release, then times:

- building the networkx graph from the store with SPARQL (kg.export.network),
- each analyst format's writer on that graph, and each full export
  (build + write), as `kg export` runs it,

against a baseline measured in the same run: plain `networkx.write_graphml`
of the same graph (attributes already flat). Ratios are what to compare
across machines.

    .venv/bin/python bench/bench_export.py [--edges 100000] [--formats graphml,gexf,...]

Run on demand; not part of the test suite.
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCHEMA = "http://schema.org/"
KGO = "https://w3id.org/aseankg/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT_ID = "http://purl.org/dc/terms/identifier"
# (predicate, subject kinds, object kinds) in the spirit of the guidelines.
PATTERNS = [
    ("organizer", ("event",), ("organization", "country", "person")),
    ("location", ("event",), ("place", "country")),
    ("attendee", ("event",), ("person", "organization", "country")),
    ("speaker", ("event",), ("person",)),
    ("about", ("event", "document", "initiative"), ("theme",)),
    ("affiliation", ("person",), ("organization", "country")),
    ("memberOf", ("place", "organization", "country"), ("organization", "initiative")),
    ("containedInPlace", ("place",), ("place", "country")),
    ("parentOrganization", ("organization",), ("organization",)),
    ("founder", ("initiative",), ("organization", "country")),
    ("superEvent", ("event",), ("event",)),
    ("funder", ("initiative", "event"), ("organization", "country")),
]


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def synthetic_nquads(edges: int, per_release: int = 20, seed: int = 11) -> tuple[bytes, int, int]:
    """N-Quads of a synthetic store with `edges` distinct relations between
    entities, `per_release` per release graph."""
    from kg.rdf.iri import BACKGROUND_GRAPH, entity_iri, release_graph_iri, release_iri, slugify

    rng = random.Random(seed)
    pool: dict[str, list[tuple[str, str]]] = {}
    with open(ROOT / "data" / "domain" / "entities.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pool.setdefault(row["kind"].lower(), []).append((entity_iri(row["key"]), row["name"]))
    with open(ROOT / "data" / "domain" / "themes.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pool.setdefault("theme", []).append((entity_iri("theme/" + row["id"]), row["pref_label"]))
    # Grow the pack with generated entities: about one per five edges.
    extra = max(edges // 5, 100)
    shares = {"person": 0.35, "organization": 0.2, "event": 0.25, "place": 0.1, "document": 0.05, "initiative": 0.05}
    for kind, share in shares.items():
        for i in range(int(extra * share)):
            name = f"Synthetic {kind} {i}"
            pool.setdefault(kind, []).append((entity_iri(f"{kind}/{slugify(name)}"), name))
    lines = []
    background = f"<{BACKGROUND_GRAPH}>"
    for items in pool.values():
        for iri, name in items[:200]:
            lines.append(f"<{iri}> <{RDFS_LABEL}> {lit(name)} {background} .")
    seen: set[tuple[str, str, str]] = set()
    release = 0
    while len(seen) < edges:
        rid = f"synthetic-{release:06d}"
        graph = f"<{release_graph_iri(rid)}>"
        node = f"<{release_iri(rid)}>"
        day = f"{2018 + release % 8}-{1 + release % 12:02d}-{1 + release % 28:02d}"
        lines += [f"{node} <{RDF_TYPE}> <{KGO}Release> {graph} .", f"{node} <{DCT_ID}> {lit(rid)} {graph} .",
                  f'{node} <{SCHEMA}datePublished> "{day}"^^<http://www.w3.org/2001/XMLSchema#date> {graph} .',
                  f"{node} <{SCHEMA}headline> {lit('Synthetic release ' + str(release))} {graph} ."]
        mentioned: dict[str, str] = {}
        made = 0
        while made < per_release and len(seen) < edges:
            predicate, subjects, objects = rng.choice(PATTERNS)
            s_iri, s_name = rng.choice(pool[rng.choice(subjects)])
            o_iri, o_name = rng.choice(pool[rng.choice(objects)])
            prop = (KGO if predicate == "speaker" else SCHEMA) + predicate
            if s_iri == o_iri or (s_iri, prop, o_iri) in seen:
                continue
            seen.add((s_iri, prop, o_iri))
            mentioned[s_iri], mentioned[o_iri] = s_name, o_name
            lines.append(f"<{s_iri}> <{prop}> <{o_iri}> {graph} .")
            made += 1
        for iri, name in mentioned.items():
            lines.append(f"{node} <{SCHEMA}mentions> <{iri}> {graph} .")
            lines.append(f"<{iri}> <{RDFS_LABEL}> {lit(name)} {graph} .")
        release += 1
    return ("\n".join(lines) + "\n").encode("utf-8"), release, len(seen)


def timed(fn, repeat: int = 1):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=100_000)
    parser.add_argument("--formats", default="graphml,gexf,cyjs,sigma,dot,csv,html,svg,png")
    args = parser.parse_args()

    import networkx as nx
    import pyoxigraph as ox

    from kg.export import graphs, html, images
    from kg.export.network import build, flat
    from kg.export.registry import Selection, exporter
    from kg.store.oxigraph import OxigraphStore

    t, (data, releases, made) = timed(lambda: synthetic_nquads(args.edges))
    quads = data.count(b"\n")
    print(f"synthetic store: {made:,} relations in {releases:,} releases, {quads:,} quads "
          f"(generated in {t:.1f} s)")
    with tempfile.TemporaryDirectory() as folder:
        raw = ox.Store(folder)
        t, _ = timed(lambda raw=raw: raw.bulk_load(data, format=ox.RdfFormat.N_QUADS))
        raw.flush()
        del raw
        print(f"bulk load: {t:.1f} s")
        store = OxigraphStore(folder)

        t_build, network = timed(lambda: build(store, Selection()))
        graph = network.graph
        print(f"networkx graph from SPARQL: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges "
              f"in {t_build:.2f} s")
        flat_graph = flat(graph)

        def baseline():
            buffer = io.BytesIO()
            nx.write_graphml(flat_graph, buffer)
            return buffer.getvalue()

        t_base, base = timed(baseline)
        print(f"baseline: networkx.write_graphml of the same graph: {t_base:.2f} s, {len(base) / 1e6:.1f} MB\n")

        writers = {
            "graphml": graphs.graphml_bytes, "gexf": graphs.gexf_bytes, "cyjs": graphs.cyjs_bytes,
            "sigma": graphs.sigma_bytes, "dot": lambda g: graphs.dot_text(g).encode("utf-8"),
            "csv": graphs.csv_zip_bytes, "html": lambda g: html.render_page(network),
            "svg": lambda g: images.render(g, "svg"), "png": lambda g: images.render(g, "png"),
        }
        print(f"{'format':8} {'write s':>8} {'x base':>7} {'export s':>9} {'x base':>7} {'MB':>7}")
        for fmt in args.formats.split(","):
            t_write, out = timed(lambda fmt=fmt: writers[fmt](graph))
            t_export, again = timed(lambda fmt=fmt: exporter(fmt)(store, Selection()))
            same = "" if again == out else "  (export differs from the writer's bytes!)"
            print(f"{fmt:8} {t_write:8.2f} {t_write / t_base:7.2f} {t_export:9.2f} {t_export / t_base:7.2f} "
                  f"{len(out) / 1e6:7.1f}{same}")
        store.close()
    print("\nwrite: the writer on the built graph; export: build from the store + write (what `kg export` does);"
          "\nx base: ratio to the baseline. svg/png draw the 400 most connected entities (images.IMAGE_MAX_NODES).")


if __name__ == "__main__":
    main()
