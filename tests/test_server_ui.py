"""kg serve's web UI: pages with JSON twins (entity pages with the sentences
their facts come from, search, saved queries), YASGUI served locally, `kg
serve --get`, and a real headless Chromium (Debian's, driven by Playwright)
running a saved query from the YASGUI page."""
from __future__ import annotations

import json
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_kg
from conftest_server import running_server

CHROMIUM = Path("/usr/bin/chromium")
# The flags of ../shared/design/NOTES.md (headless Chromium recipe).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ["/", "/queries", "/queries/events-timeline", "/entity/country/japan", "/search?q=japan"]


@pytest.fixture(scope="module")
def ui(curated_store, tmp_path_factory):
    with running_server(curated_store, tmp_path_factory.mktemp("ui"), "--timeout", "5", "--workers", "2") as server:
        yield server


def get(url: str, accept: str | None = None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def twin(path: str) -> str:
    base, _, query = path.partition("?")
    base = "/index" if base == "/" else base
    return base + ".json" + (f"?{query}" if query else "")


@pytest.mark.parametrize("path", PAGES)
def test_server_ui_every_page_has_a_json_twin(ui, path):
    status, headers, body = get(ui.path(path))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert f'href="{twin(path).replace("&", "&amp;")}"' in body.decode()  # the page links its twin
    status, headers, body = get(ui.path(twin(path)))
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    status, headers, negotiated = get(ui.path(path), accept="application/json")
    assert headers["Content-Type"].startswith("application/json") and json.loads(negotiated) == data


def test_server_ui_entity_lists_facts_with_their_sentences(ui, curated_truth):
    data = json.loads(get(ui.path("/entity/country/japan.json"))[2])
    assert data["entity"] == "https://w3id.org/aseankg/id/country/japan" and data["label"] == "Japan"
    assert "http://www.wikidata.org/entity/Q17" in data["sameAs"]
    evidenced = [f for f in data["facts"] if f["evidence"]]
    assert evidenced, "no fact of Japan came with a sentence"
    texts = {}
    for fact in evidenced:
        assert fact["sources"] and all(e["release"] in fact["sources"] for e in fact["evidence"])
        for e in fact["evidence"]:
            if e["release"] not in texts:
                rows = list(curated_truth.query(
                    "SELECT ?id ?t WHERE { ?r <http://purl.org/dc/terms/identifier> ?id ; "
                    "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> ?t }",
                    use_default_graph_as_union=True, substitutions={ox.Variable("id"): ox.Literal(e["release"])}))
                texts[e["release"]] = rows[0]["t"].value
            assert e["sentence"] == texts[e["release"]][e["begin"]:e["end"]]  # code-point offsets
    assert data["mentionedIn"] and all(m["mentions"] >= 0 for m in data["mentionedIn"])
    html = get(ui.path("/entity/country/japan"))[2].decode()
    sentence = evidenced[0]["evidence"][0]["sentence"].strip()
    assert "Facts" in html and sentence.split("\n")[0][:60].replace("&", "&amp;") in html
    other = next(f for f in data["facts"] if f["otherPage"])
    assert f'href="{other["otherPage"]}"' in html


def test_server_ui_search_over_labels(ui, curated_truth):
    rows = list(curated_truth.query(
        "SELECT ?e ?alt ?label WHERE { ?e <http://www.w3.org/2004/02/skos/core#altLabel> ?alt ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(LCASE(STR(?alt)) != LCASE(STR(?label))) "
        "FILTER(STRSTARTS(STR(?e), 'https://w3id.org/aseankg/id/person/')) } LIMIT 1",
        use_default_graph_as_union=True))
    assert rows
    entity, alt = rows[0]["e"].value, rows[0]["alt"].value
    data = json.loads(get(ui.path("/search.json?" + urllib.parse.urlencode({"q": alt.upper()})))[2])
    assert entity in [hit["entity"] for hit in data["results"]]
    hit = next(h for h in data["results"] if h["entity"] == entity)
    assert alt in hit["matched"] and hit["page"].startswith("/entity/person/")
    exact = json.loads(get(ui.path("/search.json?q=Japan"))[2])["results"][0]
    assert exact["entity"] == "https://w3id.org/aseankg/id/country/japan"  # exact matches first
    assert json.loads(get(ui.path("/search.json?q="))[2])["results"] == []
    hostile = json.loads(get(ui.path("/search.json?" + urllib.parse.urlencode({"q": '") } DROP ALL #'})))[2])
    assert hostile["results"] == []  # bound as a literal, never pasted into the query


def test_server_ui_unknown_pages_are_404(ui):
    for path in ["/entity/person/nobody-at-all", "/entity/person/nobody-at-all.json", "/entity/spaceship/x",
                 "/queries/no-such-query", "/queries/no-such-query.json", "/no/such/page"]:
        status, _, body = get(ui.path(path))
        assert status == 404, path
        if path.endswith(".json"):
            assert json.loads(body)["status"] == 404


def test_server_ui_saved_query_binds_typed_parameters(ui):
    url = ui.path("/queries/releases-mentioning-entity.json?entity=country/japan")
    data = json.loads(get(url)[2])
    rows = data["results"]["rows"]
    assert rows and all(r["entity"]["value"] == "https://w3id.org/aseankg/id/country/japan" for r in rows)
    missing = json.loads(get(ui.path("/queries/releases-mentioning-entity.json"))[2])
    assert missing["results"] is None and missing["missing"] == ["entity"]
    status, _, body = get(ui.path("/queries/events-timeline.json?from=not-a-date"))
    assert status == 400 and "not a valid date" in json.loads(body)["error"]
    html = get(ui.path("/queries/releases-mentioning-entity?entity=country/japan"))[2].decode()
    assert "<table class=\"results\">" in html and rows[0]["identifier"]["value"] in html


def test_server_ui_yasgui_is_served_locally_at_a_pinned_version(ui):
    lock = json.loads((ROOT / "kg/server/static/vendor/package-lock.json").read_text())
    assert lock["packages"]["node_modules/@zazuko/yasgui"]["version"] == "4.6.2"
    for asset in ["yasgui.min.js", "yasgui.min.css", "LICENSE"]:
        status, _, body = get(ui.path(f"/static/vendor/yasgui/{asset}"))
        assert status == 200 and len(body) > 500
    html = get(ui.path("/"))[2].decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/yasgui/yasgui.min.js" in sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]  # no CDN


def test_server_ui_get_runs_one_request_in_process(store_copy):
    run = run_kg("serve", "--get", "/entity/country/japan.json", store=store_copy)
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["label"] == "Japan"
    run = run_kg("serve", "--get", "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"), store=store_copy)
    assert run.exit_code == 0 and json.loads(run.stdout)["boolean"] is True
    run = run_kg("serve", "--get", "/entity/person/nobody-at-all.json", store=store_copy)
    assert run.exit_code == 1 and json.loads(run.stdout)["status"] == 404
    assert not (store_copy / "serve.json").exists()


def test_server_ui_chromium_runs_a_saved_query(ui, curated_truth):
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (tools/ci/install-system.sh installs it)")
    from kg.queries import saved_queries

    expected = {row["speakerLabel"].value for row in curated_truth.query(
        saved_queries()["speakers-at-high-level-meetings"].text, use_default_graph_as_union=True)
        if row["speakerLabel"] is not None}
    assert expected
    outside = []
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="kg-chromium-"), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS)
        try:
            page = context.new_page()
            origin = ui.url.rstrip("/")

            def guard(route):
                if route.request.url.startswith(origin):
                    route.continue_()
                else:  # everything must come from this server
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            page.goto(ui.url)
            page.wait_for_selector(".yasgui .tabsList", timeout=20_000)
            page.click("a.saved-query[data-name='speakers-at-high-level-meetings']")
            page.wait_for_selector(".yasr_results table tbody tr td", timeout=20_000)
            table = page.inner_text(".yasr_results table")
            assert any(label in table for label in expected), table[:500]
            assert page.locator(".tabsList .tab.active").inner_text().strip().startswith("Speakers")

            page.fill("header form.search input[name=q]", "Japan")
            page.press("header form.search input[name=q]", "Enter")
            page.wait_for_selector("ul.hits a")
            page.click("ul.hits a:text-is('Japan')")
            page.wait_for_selector("table.facts blockquote.evidence")
            assert page.locator("h1").inner_text().startswith("Japan")
        finally:
            context.close()
    assert outside == []


def test_server_ui_void_description_counts_the_dataset(store_copy):
    """/void describes the dataset the server holds: VoID/DCAT with the
    endpoint and counts per class and property, as Turtle."""
    from rdflib import Graph, Namespace, URIRef

    run = run_kg("serve", "--get", "/void", store=store_copy)
    assert run.exit_code == 0, run.stderr
    void = Namespace("http://rdfs.org/ns/void#")
    graph = Graph().parse(data=run.stdout, format="turtle")
    dataset = URIRef("https://w3id.org/aseankg/dataset")
    assert int(graph.value(dataset, void.triples)) > 1000
    assert str(graph.value(dataset, void.sparqlEndpoint)).endswith("/sparql")
    classes = {graph.value(p, void["class"]) for p in graph.objects(dataset, void.classPartition)}
    assert URIRef("http://schema.org/Event") in classes
