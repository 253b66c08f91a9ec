"""`kg export` for analysts (kg.export.network, graphs, images, html): every
network format parses back with its own reader (networkx's GraphML, GEXF and
Cytoscape readers, JSON, CSV, Graphviz, XML, PIL, Chromium) and holds as many
nodes and edges as SPARQL counts for the same selection, written here
independently of kg's own queries; exports are byte-for-byte deterministic,
even across processes with different hash seeds; the HTML page works in real
headless Chromium with no network."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT, opened, run_kg

from kg.export.network import KIND_COLOURS, build_network
from kg.export.registry import Selection, exporter, formats, info
from kg.rdf.iri import ENTITY, RELEASE_GRAPH, release_graph_iri

JICA = "sample-jica-2024-1031-hlm6-tokyo-gx"
ASCN = "initiative/asean-smart-cities-network"
THEME = "theme/dx"
SCHEMA = "http://schema.org/"
RELATIONS = [SCHEMA + p for p in ("organizer", "location", "attendee", "about", "affiliation", "memberOf",
                                  "containedInPlace", "parentOrganization", "founder", "superEvent", "funder")]
RELATIONS.append("https://w3id.org/aseankg/ontology#speaker")
KINDS = ("person", "organization", "country", "place", "event", "initiative", "document", "theme")
NETWORK_FORMATS = ["graphml", "gexf", "cyjs", "sigma", "dot", "csv", "svg", "html"]
ALL_NEW = NETWORK_FORMATS + ["png"]
ORGANIZERS = f"CONSTRUCT {{ ?s <{SCHEMA}organizer> ?o }} WHERE {{ GRAPH ?g {{ ?s <{SCHEMA}organizer> ?o }} }}"
PLAYWRIGHT_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync"]


# --- SPARQL counts, written independently of kg.export ------------------------

def _iris(iris) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _kind_filter(var: str, kinds) -> str:
    return "FILTER (" + " || ".join(f'STRSTARTS(STR(?{var}), "{ENTITY}{k}/")' for k in kinds) + ")"


def _graphs(graphs) -> str:
    if graphs is None:
        return f'FILTER (STRSTARTS(STR(?g), "{RELEASE_GRAPH}"))'
    return f"VALUES ?g {{ {_iris(graphs)} }}"


def _one(store, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def sparql_counts(store, graphs=None, kinds=KINDS) -> tuple[int, int]:
    """(entities mentioned, distinct entity-to-entity relation triples) in the release graphs."""
    nodes = _one(store, f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
        {_graphs(graphs)} GRAPH ?g {{ ?r <{SCHEMA}mentions> ?e }} {_kind_filter('e', kinds)} }}""")
    edges = _one(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
        {_graphs(graphs)} VALUES ?p {{ {_iris(RELATIONS)} }} GRAPH ?g {{ ?s ?p ?o }}
        {_kind_filter('s', kinds)} {_kind_filter('o', kinds)} }} }}""")
    return nodes, edges


def sparql_center_counts(store, center: str) -> tuple[int, int]:
    """The center, its neighbours by a relation, and every relation among them."""
    around = f"""{{ SELECT DISTINCT ?VAR WHERE {{
        {{ BIND (<{center}> AS ?VAR) }}
        UNION {{ VALUES ?p1 {{ {_iris(RELATIONS)} }} GRAPH ?g1 {{ <{center}> ?p1 ?VAR }}
                 FILTER (STRSTARTS(STR(?g1), "{RELEASE_GRAPH}")) }}
        UNION {{ VALUES ?p2 {{ {_iris(RELATIONS)} }} GRAPH ?g2 {{ ?VAR ?p2 <{center}> }}
                 FILTER (STRSTARTS(STR(?g2), "{RELEASE_GRAPH}")) }} }} }}"""
    nodes = _one(store, f"SELECT (COUNT(*) AS ?n) WHERE {around.replace('VAR', 'x')}")
    edges = _one(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?x ?p ?y WHERE {{
        {around.replace('VAR', 'x')} {around.replace('VAR', 'y')}
        VALUES ?p {{ {_iris(RELATIONS)} }} GRAPH ?g {{ ?x ?p ?y }} {_graphs(None)} }} }}""")
    return nodes, edges


def graphs_where(store, condition: str) -> list[str]:
    return sorted(row["g"].value for row in store.query(f"""SELECT DISTINCT ?g WHERE {{
        GRAPH ?g {{ ?r <http://purl.org/dc/terms/identifier> ?id {condition} }}
        FILTER (STRSTARTS(STR(?g), "{RELEASE_GRAPH}")) }}"""))


# The selections of the matrix, with the SPARQL that counts each.
SELECTIONS = {
    "all": (Selection(), lambda st: sparql_counts(st)),
    "release": (Selection(release=JICA), lambda st: sparql_counts(st, [release_graph_iri(JICA)])),
    "kinds": (Selection(kinds=("person", "organization,event")),
              lambda st: sparql_counts(st, kinds=("person", "organization", "event"))),
    "theme": (Selection(theme=THEME),
              lambda st: sparql_counts(st, graphs_where(st, f". ?r <{SCHEMA}mentions> <{ENTITY}{THEME}>"))),
    "dates": (Selection(since="2020", until="2023-06"),
              lambda st: sparql_counts(st, graphs_where(
                  st, f'. ?r <{SCHEMA}datePublished> ?d FILTER (STR(?d) >= "2020-01-01" && STR(?d) <= "2023-06-30")'))),
    "center": (Selection(center=ASCN, depth=1), lambda st: sparql_center_counts(st, ENTITY + ASCN)),
    "query": (Selection(query=ORGANIZERS), lambda st: (
        _one(st, f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{SCHEMA}organizer> ?o }}
                     VALUES ?w {{ 1 2 }} BIND (IF(?w = 1, ?s, ?o) AS ?x) }}"""),
        _one(st, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{
                     GRAPH ?g {{ ?s <{SCHEMA}organizer> ?o }} }} }}"""))),
}


# --- reading each format back with its own parser ------------------------------

class _ScriptData(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside, self.text = False, ""

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "script" and ("id", "kg-data") in attrs

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.text += data


def page_json(data: bytes) -> dict:
    parser = _ScriptData()
    parser.feed(data.decode("utf-8"))
    return json.loads(parser.text)


def read_back(fmt: str, data: bytes, tmp_path: Path) -> tuple[int, int]:
    if fmt == "graphml":
        g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
        return g.number_of_nodes(), g.number_of_edges()
    if fmt == "gexf":
        g = nx.read_gexf(io.BytesIO(data))
        return g.number_of_nodes(), g.number_of_edges()
    if fmt == "cyjs":
        g = nx.cytoscape_graph(json.loads(data))
        return g.number_of_nodes(), g.number_of_edges()
    if fmt == "sigma":
        doc = json.loads(data)
        keys = {n["key"] for n in doc["nodes"]}
        assert len(keys) == len(doc["nodes"]) and len({e["key"] for e in doc["edges"]}) == len(doc["edges"])
        assert all(e["source"] in keys and e["target"] in keys for e in doc["edges"])
        assert all({"x", "y", "size", "color", "label"} <= set(n["attributes"]) for n in doc["nodes"])
        return len(doc["nodes"]), len(doc["edges"])
    if fmt == "dot":  # Graphviz's own parser (gc counts nodes and edges)
        path = tmp_path / "g.dot"
        path.write_bytes(data)
        out = subprocess.run(["gc", "-n", "-e", str(path)], capture_output=True, text=True, check=True).stdout.split()
        return int(out[0]), int(out[1])
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8"))))
            edges = list(csv.DictReader(io.StringIO(archive.read("relationships.csv").decode("utf-8"))))
        ids = {n["id:ID"] for n in nodes}
        assert len(ids) == len(nodes)
        assert all(e[":START_ID"] in ids and e[":END_ID"] in ids for e in edges)
        return len(nodes), len(edges)
    if fmt == "svg":
        root = ET.fromstring(data)
        groups = [g.get("class") for g in root.iter("{http://www.w3.org/2000/svg}g")]
        return groups.count("node"), groups.count("edge")
    if fmt == "html":
        elements = page_json(data)["elements"]
        return len(elements["nodes"]), len(elements["edges"])
    raise AssertionError(fmt)


@pytest.fixture(scope="module")
def expected(curated_store) -> dict[str, tuple[int, int]]:
    with opened(curated_store) as store:
        return {name: count(store) for name, (_, count) in SELECTIONS.items()}


@pytest.fixture(scope="module")
def exports(curated_store) -> dict[tuple[str, str], bytes]:
    """Every network format of every selection, exported once."""
    out = {}
    with opened(curated_store) as store:
        for name, (selection, _) in SELECTIONS.items():
            for fmt in NETWORK_FORMATS:
                out[(fmt, name)] = exporter(fmt)(store, selection)
        out[("png", "all")] = exporter("png")(store, Selection())
    return out


def test_export_analyst_registry_has_every_format():
    assert set(ALL_NEW) <= set(formats())
    assert info("png").binary and info("csv").binary and not info("graphml").binary


def test_export_analyst_selections_are_not_trivial(expected):
    # The matrix means something only if the selections differ and hold edges.
    assert expected["all"][1] > 20 and all(expected[name][1] > 0 for name in SELECTIONS)
    assert len({expected[name] for name in SELECTIONS}) == len(SELECTIONS)


@pytest.mark.parametrize("selection", list(SELECTIONS))
@pytest.mark.parametrize("fmt", NETWORK_FORMATS)
def test_export_analyst_format_parses_back_with_the_sparql_counts(exports, expected, tmp_path, fmt, selection):
    assert read_back(fmt, exports[(fmt, selection)], tmp_path) == expected[selection]


def test_export_analyst_network_attributes_match_sparql(curated_store):
    """Kind, label, Wikidata ID, release count, first and last seen of every
    node; the source releases of every edge."""
    with opened(curated_store) as store:
        graph = build_network(store)
        dates = {row["g"].value: row["d"].value[:10] for row in store.query(f"""
            SELECT ?g (MIN(STR(?date)) AS ?d) WHERE {{ GRAPH ?g {{ ?r <{SCHEMA}datePublished> ?date }} }} GROUP BY ?g""")}
        ids = {row["g"].value: row["id"].value for row in store.query("""
            SELECT ?g ?id WHERE { GRAPH ?g { ?r <http://purl.org/dc/terms/identifier> ?id } }""")}
        mentions: dict[str, set[str]] = {}
        for row in store.query(f"SELECT DISTINCT ?g ?e WHERE {{ GRAPH ?g {{ ?r <{SCHEMA}mentions> ?e }} }}"):
            mentions.setdefault(row["e"].value, set()).add(row["g"].value)
        wikidata = {row["e"].value: row["w"].value.rsplit("/", 1)[-1] for row in store.query(
            "SELECT ?e ?w WHERE { ?e <http://www.w3.org/2002/07/owl#sameAs> ?w }")}
        sources: dict[tuple, set[str]] = {}
        for row in store.query(f"""SELECT DISTINCT ?g ?s ?p ?o WHERE {{ VALUES ?p {{ {_iris(RELATIONS)} }}
                GRAPH ?g {{ ?s ?p ?o }} FILTER STRSTARTS(STR(?g), "{RELEASE_GRAPH}") }}"""):
            sources.setdefault((row["s"].value, row["p"].value, row["o"].value), set()).add(ids[row["g"].value])
    assert set(graph.nodes) == set(mentions)
    for node, data in graph.nodes(data=True):
        assert data["kind"] == node[len(ENTITY):].split("/")[0].capitalize()
        assert data["label"] and data["key"] == node[len(ENTITY):]
        assert data.get("wikidata") == wikidata.get(node)
        assert data["release_count"] == len(mentions[node]) == len(data["releases"])
        seen = sorted(dates[g] for g in mentions[node] if g in dates)
        assert (data.get("first_seen"), data.get("last_seen")) == ((seen[0], seen[-1]) if seen else (None, None))
        assert data["degree"] == graph.degree(node)
    assert {(s, d["predicate"], o): set(d["releases"]) for s, o, d in graph.edges(data=True)} == sources


def test_export_analyst_center_depth_two_is_the_two_hop_neighbourhood(curated_store):
    with opened(curated_store) as store:
        whole = build_network(store)
        two = build_network(store, Selection(center=ASCN, depth=2))
    ego = nx.ego_graph(whole.to_undirected(), ENTITY + ASCN, radius=2)
    assert set(two.nodes) == set(ego.nodes)
    assert two.number_of_edges() == whole.subgraph(ego.nodes).number_of_edges() > 0


def test_export_analyst_gexf_has_timeline_and_colours_by_kind(exports, curated_store):
    root = ET.fromstring(exports[("gexf", "all")])
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    graph_el = root.find("g:graph", ns)
    assert graph_el.get("mode") == "dynamic" and graph_el.get("timeformat") == "date"
    with opened(curated_store) as store:
        graph = build_network(store)
    newest = max(d["last_seen"] for _, d in graph.nodes(data=True) if d.get("last_seen"))
    assert root.find("g:meta", ns).get("lastmodifieddate") == newest
    nodes = graph_el.findall("g:nodes/g:node", ns)
    assert len(nodes) == graph.number_of_nodes()
    for node in nodes:
        data = graph.nodes[node.get("id")]
        assert (node.get("start"), node.get("end")) == (data.get("first_seen"), data.get("last_seen"))
        colour = node.find("viz:color", ns)
        assert "#{:02X}{:02X}{:02X}".format(*(int(colour.get(c)) for c in "rgb")) == KIND_COLOURS[data["kind"]]
    back = nx.read_gexf(io.BytesIO(exports[("gexf", "all")]))
    assert {d["kind"] for _, d in back.nodes(data=True)} <= set(KIND_COLOURS)


def test_export_analyst_graphml_keeps_the_attributes(exports):
    g = nx.read_graphml(io.BytesIO(exports[("graphml", "all")]), force_multigraph=True)
    node, data = next((n, d) for n, d in g.nodes(data=True) if n == ENTITY + ASCN)
    assert data["kind"] == "Initiative" and data["label"] == "ASEAN Smart Cities Network"
    assert data["degree"] == g.degree(node) and data["release_count"] >= 2 and data["first_seen"] <= data["last_seen"]
    assert all("relation" in d and d["releases"] for *_, d in g.edges(data=True))


def test_export_analyst_dot_parses_with_pydot(exports):
    pytest.importorskip("pydot")
    import pydot
    from networkx.drawing.nx_pydot import from_pydot

    [parsed] = pydot.graph_from_dot_data(exports[("dot", "release")].decode("utf-8"))
    g = from_pydot(parsed)
    data = read_back("graphml", exports[("graphml", "release")], Path("."))
    assert (g.number_of_nodes(), g.number_of_edges()) == data
    assert all(d.get("kind", "").strip('"') for _, d in g.nodes(data=True))


def test_export_analyst_csv_is_ready_for_neo4j_admin_import(exports):
    with zipfile.ZipFile(io.BytesIO(exports[("csv", "all")])) as archive:
        assert archive.namelist() == ["nodes.csv", "relationships.csv", "README.txt"]
        nodes = list(csv.reader(io.StringIO(archive.read("nodes.csv").decode("utf-8"))))
        edges = list(csv.reader(io.StringIO(archive.read("relationships.csv").decode("utf-8"))))
        assert "neo4j-admin database import full" in archive.read("README.txt").decode("utf-8")
    assert nodes[0][:2] == ["id:ID", ":LABEL"] and "degree:int" in nodes[0] and "first_seen:date" in nodes[0]
    assert edges[0][:3] == [":START_ID", ":END_ID", ":TYPE"] and "releases:string[]" in edges[0]
    assert {row[1].split(";")[0] for row in nodes[1:]} == {"Entity"}
    assert {row[1].split(";")[1] for row in nodes[1:]} <= set(KIND_COLOURS)
    assert all(row[2].isupper() and row[2].replace("_", "").isalnum() for row in edges[1:])
    assert "CONTAINED_IN_PLACE" in {row[2] for row in edges[1:]}


def test_export_analyst_png_is_a_readable_picture_in_kind_colours(exports, tmp_path):
    from PIL import Image

    image = Image.open(io.BytesIO(exports[("png", "all")])).convert("RGB")
    width, height = image.size
    assert width > 800 and height > 800
    small = image.resize((width // 4, height // 4))
    colours = {c for _, c in small.getcolors(maxcolors=1 << 20)}
    assert len(colours) > 50  # not blank
    found = {kind for kind, hexa in KIND_COLOURS.items()
             if tuple(int(hexa[i:i + 2], 16) for i in (1, 3, 5)) in {c for _, c in image.getcolors(maxcolors=1 << 22)}}
    assert {"Person", "Organization", "Place", "Event"} <= found


def test_export_analyst_svg_has_labels_and_legend(exports):
    text = exports[("svg", "all")].decode("utf-8")
    assert "ASEAN Smart Cities Network" in text
    for kind in ("Person", "Organization", "Event", "Place"):
        assert f"{kind} (" in text  # the legend, with counts


@pytest.mark.parametrize("fmt", ALL_NEW)
def test_export_analyst_exports_are_deterministic(curated_store, exports, fmt):
    with opened(curated_store) as store:
        again = exporter(fmt)(store, Selection())
    assert again == exports[(fmt, "all")]


_HASHES = """
import hashlib, sys
from kg.export.registry import Selection, exporter
from kg.store.oxigraph import OxigraphStore
store = OxigraphStore(sys.argv[1])
for fmt in sys.argv[2].split(","):
    print(fmt, hashlib.sha256(exporter(fmt)(store, Selection())).hexdigest())
store.close()
"""


def test_export_analyst_same_bytes_across_processes_and_hash_seeds(curated_store, exports, tmp_path):
    # Hash order changes between processes: any set or dict iteration leaking
    # into a writer would show here, not within one process.
    copy = tmp_path / "store"
    shutil.copytree(curated_store, copy)
    fmts = ["graphml", "gexf", "cyjs", "sigma", "dot", "csv", "svg", "html"]
    mine = {f: hashlib.sha256(exports[(f, "all")]).hexdigest() for f in fmts}
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", _HASHES, str(copy), ",".join(fmts)], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert dict(line.split() for line in done.stdout.splitlines()) == mine


def test_export_analyst_writers_survive_missing_and_list_attributes(tmp_path):
    """A graph with no attributes on some nodes, None, lists, sets, numbers as
    ids and characters XML cannot hold: every writer still writes it, and it
    reads back."""
    from kg.export import graphs, html, images
    from kg.export.network import Network

    g = nx.MultiDiGraph()
    g.add_node("bare")
    g.add_node(7, kind=["Person", "Place"], label=None, releases={"b", "a"}, degree="many")
    g.add_node("odd", kind="Person", label="Ctrl\x01 <b>&\"quote\" \\ back\nslash", first_seen=None,
               job_title=["a; b", "c"], releases=[])
    g.add_edge("bare", 7, key="x", relation=None, releases=None)
    g.add_edge("bare", 7, key="y", releases=["r1", None])
    g.add_edge("odd", "odd", key="self")
    counts = (3, 3)
    assert read_back("graphml", graphs.graphml_bytes(g), tmp_path) == counts
    assert read_back("gexf", graphs.gexf_bytes(g), tmp_path) == counts
    assert read_back("cyjs", graphs.cyjs_bytes(g), tmp_path) == counts
    assert read_back("sigma", graphs.sigma_bytes(g), tmp_path) == counts
    assert read_back("dot", graphs.dot_text(g).encode("utf-8"), tmp_path) == counts
    assert read_back("csv", graphs.csv_zip_bytes(g), tmp_path) == counts
    assert read_back("svg", images.render(g, "svg"), tmp_path) == counts
    assert read_back("html", html.render_page(Network(g, {})), tmp_path) == counts


# --- the CLI ---------------------------------------------------------------------

def test_export_analyst_cli_writes_each_format_to_a_file(curated_store, exports, tmp_path):
    for fmt in ("gexf", "png", "csv"):
        out = tmp_path / f"graph{info(fmt).suffix}"
        run = run_kg("export", "--format", fmt, "-o", out, store=curated_store)
        assert run.exit_code == 0, run.stderr
        assert out.read_bytes() == exports[(fmt, "all")]


def test_export_analyst_cli_selection_options_reach_the_exporter(curated_store, exports, tmp_path):
    query = tmp_path / "organizers.rq"
    query.write_text(ORGANIZERS, encoding="utf-8")
    runs = {
        "kinds": ["--kind", "person", "--kind", "organization,event"],
        "theme": ["--theme", THEME],
        "dates": ["--since", "2020", "--until", "2023-06"],
        "center": ["--center", ASCN],
        "query": ["--query", str(query)],
        "release": ["--release", JICA],
    }
    for name, args in runs.items():
        run = run_kg("export", "--format", "cyjs", *args, store=curated_store)
        assert run.exit_code == 0, (name, run.stderr)
        assert run.stdout_bytes == exports[("cyjs", name)], name


@pytest.mark.parametrize("args, code, words", [
    (["--kind", "people"], 2, "people"),
    (["--query", "SELECT * WHERE { ?s ?p ?o }"], 2, "CONSTRUCT"),
    (["--query", ORGANIZERS, "--release", JICA], 2, "cannot be combined"),
    (["--query", "CONSTRUCT {"], 2, "not valid SPARQL"),
    (["--since", "2023-13"], 2, "2023-13"),
    (["--since", "2024", "--until", "2023"], 2, "after"),
    (["--theme", "no-such-theme"], 2, "no-such-theme"),
    (["--center", "person/nobody-at-all"], 1, "nobody-at-all"),
    (["--release", "no-such-release"], 1, "no-such-release"),
])
def test_export_analyst_bad_selection_is_named(curated_store, args, code, words):
    run = run_kg("export", "--format", "graphml", *args, store=curated_store)
    assert run.exit_code == code, run.stderr
    assert words in run.stderr


# --- RDF formats honour the selections -------------------------------------------

def _nquads(curated_store, *args) -> list[tuple[str, str, str, str]]:
    import pyoxigraph as ox

    run = run_kg("export", "--format", "nquads", *args, store=curated_store)
    assert run.exit_code == 0, run.stderr
    return [(q.subject.value, q.predicate.value, str(q.object), getattr(q.graph_name, "value", ""))
            for q in ox.parse(run.stdout_bytes, format=ox.RdfFormat.N_QUADS)]


def test_export_analyst_rdf_theme_and_dates_keep_those_release_graphs(curated_store):
    with opened(curated_store) as store:
        theme_graphs = graphs_where(store, f". ?r <{SCHEMA}mentions> <{ENTITY}{THEME}>")
        dated = graphs_where(store, f'. ?r <{SCHEMA}datePublished> ?d FILTER (STR(?d) >= "2020-01-01" && '
                                    f'STR(?d) <= "2023-06-30")')
        sizes = {g: len(list(store.quads(g))) for g in set(theme_graphs) | set(dated)}
    for args, graphs in ((["--theme", THEME], theme_graphs), (["--since", "2020", "--until", "2023-06"], dated)):
        quads = _nquads(curated_store, *args)
        assert sorted({q[3] for q in quads}) == graphs
        assert len(quads) == sum(sizes[g] for g in graphs)


def test_export_analyst_rdf_kind_keeps_what_is_said_about_those_entities(curated_store):
    quads = _nquads(curated_store, "--kind", "person")
    assert quads and all(q[0].startswith(ENTITY + "person/") for q in quads)
    objects = {q[2].strip("<>") for q in quads if q[2].startswith("<" + ENTITY)}
    assert all(o.startswith(ENTITY + "person/") for o in objects if o.split("/")[-2] in KINDS)
    with opened(curated_store) as store:
        n = _one(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
            FILTER STRSTARTS(STR(?s), "{ENTITY}person/")
            FILTER (!(isIRI(?o) && STRSTARTS(STR(?o), "{ENTITY}")) || STRSTARTS(STR(?o), "{ENTITY}person/")
                    || STRSTARTS(STR(?o), "{ENTITY}scheme/") || STRSTARTS(STR(?o), "{ENTITY}software/")) }}""")
    assert len(quads) == n


def test_export_analyst_rdf_query_is_the_construct(curated_store):
    quads = _nquads(curated_store, "--query", ORGANIZERS)
    with opened(curated_store) as store:
        n = _one(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ GRAPH ?g {{ "
                        f"?s <{SCHEMA}organizer> ?o }} }} }}")
    assert len(quads) == n and {q[1] for q in quads} == {SCHEMA + "organizer"} and {q[3] for q in quads} == {""}


# --- the HTML page in headless Chromium ----------------------------------------------

@pytest.fixture(scope="module")
def browser_page(exports, tmp_path_factory):
    """The whole-graph page opened in Debian's Chromium (Playwright drives it),
    with every console message, page error and request recorded."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Chromium is missing: run tools/ci/install-system.sh")
    folder = tmp_path_factory.mktemp("html")
    page_file = folder / "graph.html"
    page_file.write_bytes(exports[("html", "all")])
    record = {"console": [], "errors": [], "requests": []}
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            tempfile.mkdtemp(dir=folder), executable_path="/usr/bin/chromium", headless=True,
            args=PLAYWRIGHT_ARGS, viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            page.on("console", lambda m: record["console"].append((m.type, m.text)))
            page.on("pageerror", lambda e: record["errors"].append(str(e)))
            page.on("request", lambda r: record["requests"].append(r.url))
            page.goto(page_file.as_uri())
            page.wait_for_function("window.kgReady === true", timeout=30000)
            yield page, record, page_file
        finally:
            context.close()


def test_export_analyst_html_opens_with_no_console_error_and_no_network(browser_page, expected):
    page, record, page_file = browser_page
    page.wait_for_timeout(300)
    assert record["errors"] == []
    assert [m for m in record["console"] if m[0] in ("error", "warning")] == []
    assert record["requests"] == [page_file.as_uri()]
    counts = page.evaluate("[window.kgViewer.cy.nodes().length, window.kgViewer.cy.edges().length]")
    assert tuple(counts) == expected["all"]


def test_export_analyst_html_screenshot_shows_the_graph(browser_page, tmp_path):
    from PIL import Image, ImageStat

    page, _, _ = browser_page
    shot = tmp_path / "graph.png"
    page.locator("#cy").screenshot(path=str(shot))
    image = Image.open(shot).convert("RGB")
    assert image.size[0] > 600 and image.size[1] > 400
    assert max(ImageStat.Stat(image).stddev) > 10  # not blank
    pixels = {c for _, c in image.getcolors(maxcolors=1 << 22)}
    drawn = {k for k, h in KIND_COLOURS.items() if tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) in pixels}
    assert len(drawn) >= 4, drawn  # nodes in their kinds' colours
    print(f"screenshot: {shot}")


def test_export_analyst_html_click_on_an_edge_lists_its_source_releases(browser_page):
    page, record, _ = browser_page
    # The edge whose midpoint lies farthest from any node, clicked with the mouse.
    target = page.evaluate("""(() => {
        const cy = window.kgViewer.cy; cy.fit(undefined, 30);
        const nodes = cy.nodes().map(n => n.renderedPosition());
        let best = null, bestGap = -1;
        cy.edges().forEach(e => {
            if (e.source().id() === e.target().id()) return;
            const m = e.renderedMidpoint();
            const gap = Math.min(...nodes.map(p => Math.hypot(p.x - m.x, p.y - m.y)));
            if (gap > bestGap) { bestGap = gap; best = {id: e.id(), x: m.x, y: m.y, releases: e.data('releases')}; }
        });
        return best; })()""")
    box = page.locator("#cy").bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    page.wait_for_selector("#edge-title", timeout=5000)
    listed = page.eval_on_selector_all("#details li[data-release]", "els => els.map(e => e.dataset.release)")
    assert listed == target["releases"] and listed
    assert record["errors"] == []


def test_export_analyst_html_filters_by_kind_theme_and_date(browser_page, exports):
    page, record, _ = browser_page
    data = page_json(exports[("html", "all")])
    theme = ENTITY + THEME
    in_theme = {r for r, info_ in data["releases"].items() if theme in info_["themes"]}
    visible = lambda: page.evaluate("window.kgViewer.cy.nodes().not('.hidden').map(n => n.id())")  # noqa: E731

    page.select_option("#theme", theme)
    want = {n["data"]["id"] for n in data["elements"]["nodes"] if set(n["data"].get("releases", [])) & in_theme}
    assert set(visible()) == want and 0 < len(want) < len(data["elements"]["nodes"])

    page.click("#reset")
    page.fill("#since", "2023-01-01")
    page.dispatch_event("#since", "change")
    dated = {r for r, info_ in data["releases"].items() if info_["date"] and info_["date"] >= "2023-01-01"}
    want = {n["data"]["id"] for n in data["elements"]["nodes"] if set(n["data"].get("releases", [])) & dated}
    assert set(visible()) == want and 0 < len(want) < len(data["elements"]["nodes"])

    page.click("#reset")
    page.uncheck("input[data-kind=Person]")
    kinds = page.evaluate("[...new Set(window.kgViewer.cy.nodes().not('.hidden').map(n => n.data('kind')))]")
    assert "Person" not in kinds and "Event" in kinds

    page.click("#reset")
    page.fill("#search", "Smart Cities Network")
    matched = page.evaluate("window.kgViewer.cy.nodes('.match').map(n => n.data('label'))")
    assert "ASEAN Smart Cities Network" in matched
    assert record["errors"] == []
