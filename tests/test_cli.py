"""The `kg` command line end to end (docs: /work/shared/design/CONTRACT.md), run
in-process with click's CliRunner on a real store; a few real subprocess runs
check the program itself (exit codes, --version, one line per error)."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib
from conftest import DATA, RELEASES, ROOT, SAMPLE_IDS, all_quads, nquad_lines, opened, run_kg

import kg
from kg.queries import saved_queries
from kg.rdf.iri import BACKGROUND_GRAPH, ENTITY, RELEASE_GRAPH, release_graph_iri, release_iri

SCHEMA = "http://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT_ID = "http://purl.org/dc/terms/identifier"
XSD = "http://www.w3.org/2001/XMLSchema#"
HOSTILE = 'x" } } ; DROP ALL ; INSERT DATA { <urn:a> <urn:b> "{braces}" } ; SELECT * { "'
JICA = "sample-jica-2024-1031-hlm6-tokyo-gx"
WORKSHOP = DATA / "release-vientiane-workshop.txt"


def python_kg(*args: str, cwd=ROOT, env=None) -> subprocess.CompletedProcess:
    """The real program: `python -m kg ARGS...`."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd,
                          env=full_env, timeout=120)


def graph_lines(lines: set[str], graph: str) -> set[str]:
    return {line for line in lines if line.endswith(f"<{graph}> .")}


# ---------------------------------------------------------------- program ---

def test_cli_version_as_a_program():
    proc = python_kg("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"kg, version {kg.__version__}"


def test_cli_error_is_one_line_on_stderr_with_exit_code(built_store):
    proc = python_kg("--store", str(built_store), "query", "-e", "SELEC ?s WHERE { ?s ?p ?o }")
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: [E030]") and "malformed SPARQL" in lines[0]
    usage = python_kg("--store", str(built_store), "query", "entities-in-release")
    assert usage.returncode == 2 and "needs --param release" in usage.stderr


def test_cli_help_lists_the_contract_commands():
    run = run_kg("--help")
    assert run.exit_code == 0
    for command in ("ingest", "remove", "extract", "query", "validate", "export", "stats"):
        assert command in run.stdout


# ----------------------------------------------------------------- ingest ---

def test_cli_ingest_folder_exits_0_with_json_summary(built):
    assert built.ingest.exit_code == 0, built.ingest.stderr
    summary = built.ingest.json()
    assert set(summary["ingested"]) == SAMPLE_IDS
    assert summary["updated"] == [] and summary["unchanged"] == [] and summary["rejected"] == []
    assert summary["words"] > 1000 and summary["seconds"] > 0


def test_cli_ingest_twice_leaves_the_same_quads(store_copy):
    before = nquad_lines(store_copy)
    run = run_kg("ingest", RELEASES, "--json", store=store_copy)
    assert run.exit_code == 0, run.stderr
    summary = run.json()
    assert set(summary["unchanged"]) == SAMPLE_IDS
    assert summary["ingested"] == [] and summary["updated"] == []
    assert nquad_lines(store_copy) == before


def test_cli_ingest_changed_release_replaces_its_graph(store_copy, tmp_path):
    path = tmp_path / "changing-release.txt"
    path.write_text(WORKSHOP.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_kg("ingest", path, store=store_copy).exit_code == 0
    before = nquad_lines(store_copy)
    graph = release_graph_iri("changing-release")
    changed = WORKSHOP.read_text(encoding="utf-8").replace("two-day workshop", "three-day workshop")
    path.write_text(changed, encoding="utf-8")
    run = run_kg("ingest", path, "--json", store=store_copy)
    assert run.exit_code == 0
    assert run.json()["updated"] == ["changing-release"]
    after = nquad_lines(store_copy)
    assert after - graph_lines(after, graph) == before - graph_lines(before, graph)
    with opened(store_copy) as store:
        (text,) = [q.object.value for q in store.quads(graph)
                   if q.predicate.value.endswith("#isString")]
    assert text == changed


def test_cli_ingest_bad_inputs_named_good_one_committed(store_copy, tmp_path):
    empty, binary = tmp_path / "empty.txt", tmp_path / "binary.txt"
    empty.write_bytes(b"")
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 8)
    good = tmp_path / "good-release.txt"
    good.write_bytes(WORKSHOP.read_bytes())
    before = nquad_lines(store_copy)
    run = run_kg("ingest", empty, good, binary, "--json", store=store_copy)
    assert run.exit_code == 1
    stderr = run.stderr
    assert f"{empty}: empty" in stderr
    assert f"{binary}: binary" in stderr
    summary = run.json()
    assert summary["ingested"] == ["good-release"]
    assert {r["source"] for r in summary["rejected"]} == {str(empty), str(binary)}
    after = nquad_lines(store_copy)
    assert before <= after
    added = after - before
    assert added and added == graph_lines(after, release_graph_iri("good-release"))


def test_cli_ingest_jsonl_malformed_line_others_committed(tmp_path):
    store = tmp_path / "store"
    run = run_kg("ingest", DATA / "releases.jsonl", "--json", store=store)
    assert run.exit_code == 1
    assert f"{DATA / 'releases.jsonl'}:2: malformed JSON" in run.stderr
    assert set(run.json()["ingested"]) == {"fixture-jsonl-bandar", "fixture-jsonl-html", "releases-4"}
    with opened(store) as s:
        graphs = set(s.graphs())
    assert {release_graph_iri(i) for i in ("fixture-jsonl-bandar", "fixture-jsonl-html", "releases-4")} <= graphs
    assert release_graph_iri("fixture-jsonl-broken") not in graphs


def test_cli_ingest_stdin_with_id_and_format(tmp_path):
    store = tmp_path / "store"
    text = (DATA / "release-heading.md").read_text(encoding="utf-8")
    run = run_kg("ingest", "-", "--id", "makassar-pilot", "--format", "md", "--json", store=store, input=text)
    assert run.exit_code == 0, run.stderr
    assert run.json()["ingested"] == ["makassar-pilot"]
    with opened(store) as s:
        node = ox.NamedNode(release_iri("makassar-pilot"))
        graph = release_graph_iri("makassar-pilot")
        values = {(q.predicate.value, q.object.value) for q in s.quads(graph, subject=node)}
    assert (DCT_ID, "makassar-pilot") in values
    assert (SCHEMA + "headline", "Makassar Joins Data Platform Pilot for Coastal Cities") in values
    assert (SCHEMA + "datePublished", "2024-02-02") in values


def test_cli_ingest_id_with_two_inputs_is_a_usage_error(tmp_path):
    run = run_kg("ingest", WORKSHOP, DATA / "release-heading.md", "--id", "x", store=tmp_path / "store")
    assert run.exit_code == 2
    assert "--id" in run.stderr


def test_cli_store_held_by_another_writer_is_named(tmp_path):
    path = tmp_path / "busy"
    with opened(path):
        run = run_kg("remove", "some-release", store=path)
        read = run_kg("stats", store=path)  # a reader gets the writer's snapshot
    assert run.exit_code == 1
    assert "in use" in run.stderr and str(path) in run.stderr
    assert read.exit_code == 0, read.stderr
    assert "releases" in read.stdout


# ------------------------------------------------------- the release graph ---

def test_cli_release_graph_per_release_with_its_node(sample_quads):
    graphs = {q.graph_name.value for q in sample_quads if isinstance(q.graph_name, ox.NamedNode)}
    assert {g for g in graphs if g.startswith(RELEASE_GRAPH)} == {release_graph_iri(i) for i in SAMPLE_IDS}
    for release_id in SAMPLE_IDS:
        graph = release_graph_iri(release_id)
        node = release_iri(release_id)
        in_graph = [q for q in sample_quads if q.graph_name.value == graph]
        about_node = {(q.predicate.value, q.object.value) for q in in_graph if q.subject.value == node}
        assert (RDF_TYPE, SCHEMA + "NewsArticle") in about_node
        assert (DCT_ID, release_id) in about_node
        assert any(p == SCHEMA + "headline" for p, _ in about_node)
        mentioned = {o for p, o in about_node if p == SCHEMA + "mentions"}
        assert mentioned and all(o.startswith(ENTITY) for o in mentioned)
        # Each mentioned entity is described (typed) in the release's own graph.
        typed = {q.subject.value for q in in_graph if q.predicate.value == RDF_TYPE}
        assert mentioned <= typed
        # The release node and its identifier are in no other graph.
        assert not [q for q in sample_quads if q.subject.value == node and q.graph_name.value != graph]


def test_cli_release_metadata_from_the_sources(sample_quads):
    def value(release_id, prop):
        node, graph = release_iri(release_id), release_graph_iri(release_id)
        found = [q.object for q in sample_quads
                 if q.subject.value == node and q.predicate.value == prop and q.graph_name.value == graph]
        assert len(found) == 1, (release_id, prop, found)
        return found[0]

    date = value("sample-setotimes-2025-1112-hlm7-takamatsu", SCHEMA + "datePublished")
    assert (date.value, date.datatype.value) == ("2025-11-12", XSD + "date")
    url = value("sample-setotimes-2025-1112-hlm7-takamatsu", SCHEMA + "url")
    assert url.value == "https://example.org/seto-times/2025/11/12/hlm7-takamatsu"
    assert value("sample-constructionnews-2021-1019-hlm3-tokoname", SCHEMA + "headline").value == \
        "Third ASEAN-Japan Smart City Network High-Level Meeting opens in Tokoname"


def test_cli_mention_offsets_point_into_the_stored_text(built_store):
    with opened(built_store) as store:
        rows = list(store.query("""
            PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
            SELECT ?g ?text ?b ?e ?anchor WHERE { GRAPH ?g {
              ?m a nif:Phrase ; nif:referenceContext ?r ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor .
              ?r nif:isString ?text } }""", union_default=False))
    assert len(rows) > 100
    for row in rows:
        begin, end = int(row["b"].value), int(row["e"].value)
        assert row["text"].value[begin:end] == row["anchor"].value


def test_cli_background_graph_holds_the_domain_pack(sample_quads):
    background = {(q.subject.value, q.predicate.value, q.object.value) for q in sample_quads
                  if q.graph_name.value == BACKGROUND_GRAPH}
    assert (ENTITY + "country/thailand", RDF_TYPE, SCHEMA + "Country") in background
    assert (ENTITY + "place/bangkok", SCHEMA + "containedInPlace", ENTITY + "country/thailand") in background


def test_cli_release_graphs_hold_no_background_fact_the_text_does_not_state(built_store):
    """A background fact between two entities (city in country, body in body)
    appears in a release graph only as something the release says: reified by a
    kgo:Statement whose evidence is a sentence of that release."""
    with opened(built_store) as store:
        repeated = list(store.query(f"""
            SELECT ?g ?s ?p ?o WHERE {{
              GRAPH <{BACKGROUND_GRAPH}> {{ ?s ?p ?o }}
              FILTER (isIRI(?o) && STRSTARTS(STR(?s), "{ENTITY}") && STRSTARTS(STR(?o), "{ENTITY}")
                      && ?p NOT IN (<{RDF_TYPE}>, <http://www.w3.org/2004/02/skos/core#inScheme>))
              GRAPH ?g {{ ?s ?p ?o }}
              FILTER (STRSTARTS(STR(?g), "{RELEASE_GRAPH}"))
            }}""", union_default=False))
        unsupported = [r for r in repeated if not store.query(f"""
            PREFIX kgo: <https://w3id.org/aseankg/ontology#>
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
            ASK {{ GRAPH {r['g']} {{
              ?st rdf:subject {r['s']} ; rdf:predicate {r['p']} ; rdf:object {r['o']} ; kgo:evidence ?sentence .
              ?sentence a nif:Sentence ; nif:referenceContext ?release ; nif:beginIndex ?b ; nif:endIndex ?e .
              ?release nif:isString ?text }} }}""", union_default=False)]
    assert repeated  # the samples do state some ("Siem Reap in Cambodia")
    assert unsupported == []


def test_cli_bangkok_in_thailand_only_where_the_text_says_it(built_store):
    bangkok, thailand = ENTITY + "place/bangkok", ENTITY + "country/thailand"
    with opened(built_store) as store:
        rows = list(store.query(f"""
            PREFIX kgo: <https://w3id.org/aseankg/ontology#>
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
            SELECT ?g ?text ?b ?e WHERE {{ GRAPH ?g {{
              <{bangkok}> <{SCHEMA}containedInPlace> <{thailand}> .
              OPTIONAL {{ ?st rdf:subject <{bangkok}> ; rdf:predicate <{SCHEMA}containedInPlace> ;
                            rdf:object <{thailand}> ; kgo:evidence ?ev . ?ev nif:beginIndex ?b ; nif:endIndex ?e ;
                            nif:referenceContext ?r . ?r nif:isString ?text }} }}
              FILTER (?g != <{BACKGROUND_GRAPH}>) }}""", union_default=False))
    for row in rows:
        assert row["text"] is not None, f"{row['g']} states Bangkok is in Thailand without evidence"
        sentence = row["text"].value[int(row["b"].value):int(row["e"].value)].casefold()
        assert "bangkok" in sentence and "thailand" in sentence


# --------------------------------------------------------------- validate ---

def test_cli_validate_exits_0_on_the_sample_store(built_store):
    run = run_kg("validate", store=built_store)
    assert run.exit_code == 0, run.stdout[:3000]
    assert "conforms" in run.stdout


def _add(store_path, *triples, graph=release_graph_iri(JICA)):
    store = ox.Store(str(store_path))
    store.extend([ox.Quad(s, p, o, ox.NamedNode(graph)) for s, p, o in triples])
    store.flush()
    del store


def test_cli_validate_reports_an_event_that_ends_before_it_starts(store_copy):
    event = ox.NamedNode(ENTITY + "event/test-meeting-ending-early")
    date = ox.NamedNode(XSD + "date")
    _add(store_copy,
         (event, ox.NamedNode(RDF_TYPE), ox.NamedNode(SCHEMA + "Event")),
         (event, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Test meeting")),
         (event, ox.NamedNode(SCHEMA + "startDate"), ox.Literal("2024-05-02", datatype=date)),
         (event, ox.NamedNode(SCHEMA + "endDate"), ox.Literal("2024-05-01", datatype=date)))
    run = run_kg("validate", store=store_copy)
    assert run.exit_code == 1
    report = run.stdout
    assert event.value in report
    assert release_graph_iri(JICA) in report
    assert "2024-05-01" in report and "2024-05-02" in report


def test_cli_validate_reports_a_start_date_that_is_not_a_date(store_copy):
    event = ox.NamedNode(ENTITY + "event/test-meeting-some-day")
    _add(store_copy,
         (event, ox.NamedNode(RDF_TYPE), ox.NamedNode(SCHEMA + "Event")),
         (event, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Test meeting")),
         (event, ox.NamedNode(SCHEMA + "startDate"), ox.Literal("soon")))
    run = run_kg("validate", "--format", "turtle", store=store_copy)
    assert run.exit_code == 1
    report = rdflib.Graph().parse(data=run.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    results = [r for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)
               if report.value(r, sh.focusNode) == rdflib.URIRef(event.value)]
    assert results
    assert {report.value(r, sh.resultPath) for r in results} == {rdflib.URIRef(SCHEMA + "startDate")}
    assert rdflib.Literal("soon") in {report.value(r, sh.value) for r in results}


# ------------------------------------------------------------------ query ---

def test_cli_query_list_names_every_saved_query(built_store):
    run = run_kg("query", "--list", store=built_store)
    assert run.exit_code == 0
    for name, query in saved_queries(ROOT / "queries").items():
        assert name in run.stdout and query.title in run.stdout
        for param in query.params:
            assert f"--param {param.name}=<{param.type}>" in run.stdout


def test_cli_query_saved_by_name_with_param(built_store):
    run = run_kg("query", "entities-in-release", "--param", f"release={JICA}", "--format", "json", store=built_store)
    assert run.exit_code == 0, run.stderr
    bindings = run.json()["results"]["bindings"]
    with opened(built_store) as store:
        mentioned = {q.object.value for q in store.quads(release_graph_iri(JICA), subject=ox.NamedNode(release_iri(JICA)))
                     if q.predicate.value == SCHEMA + "mentions"}
    assert {b["release"]["value"] for b in bindings} == {JICA}
    assert {b["entity"]["value"] for b in bindings} == mentioned


def test_cli_query_rq_file(built_store, tmp_path):
    path = tmp_path / "count-releases.rq"
    path.write_text("# title: Count\nSELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <http://schema.org/NewsArticle> }\n")
    run = run_kg("query", path, "--format", "csv", store=built_store)
    assert run.exit_code == 0
    assert list(csv.reader(io.StringIO(run.stdout))) == [["n"], [str(len(SAMPLE_IDS))]]


def test_cli_query_expression(built_store):
    run = run_kg("query", "-e", f'SELECT ?r WHERE {{ ?r <{DCT_ID}> "{JICA}" }}', "--format", "json",
                 store=built_store)
    assert run.exit_code == 0
    assert [b["r"]["value"] for b in run.json()["results"]["bindings"]] == [release_iri(JICA)]


def test_cli_query_hostile_param_is_bound_as_one_value(built_store):
    size = len(nquad_lines(built_store))
    run = run_kg("query", "-e", "SELECT ?x WHERE {}", "--param", f"x={HOSTILE}", "--format", "json",
                 store=built_store)
    assert run.exit_code == 0, run.stderr
    assert run.json()["results"]["bindings"] == [{"x": {"type": "literal", "value": HOSTILE}}]
    saved = run_kg("query", "entities-in-release", "--param", f"release={HOSTILE}", "--format", "json",
                   store=built_store)
    assert saved.exit_code == 0
    assert saved.json()["results"]["bindings"] == []
    assert len(nquad_lines(built_store)) == size


LABELS = ('SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label '
          'FILTER(?s IN (<https://w3id.org/aseankg/id/country/thailand>, <https://w3id.org/aseankg/id/country/japan>)) }'
          ' ORDER BY ?label')


def _expected_labels(store_path):
    with opened(store_path) as store:
        return [(r["s"].value, r["label"].value) for r in store.query(LABELS)]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_cli_query_select_formats_parse_back(built_store, fmt):
    expected = _expected_labels(built_store)
    assert expected
    run = run_kg("query", "-e", LABELS, "--format", fmt, store=built_store)
    assert run.exit_code == 0, run.stderr
    data = run.stdout_bytes
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode())))
        assert rows[0] == ["s", "label"]
        got = [tuple(r) for r in rows[1:]]
    elif fmt == "json":
        got = [(b["s"]["value"], b["label"]["value"]) for b in json.loads(data)["results"]["bindings"]]
    elif fmt == "xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(data)
        got = [tuple((r.find(f"r:binding[@name='{n}']/*", ns).text) for n in ("s", "label"))
               for r in root.findall("r:results/r:result", ns)]
    else:
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
        assert [v.value for v in parsed.variables] == ["s", "label"]
        got = [(r["s"].value, r["label"].value) for r in parsed]
    assert got == expected
    if fmt in ("json", "xml"):  # also read back, typed, by pyoxigraph's own parser
        parsed = ox.parse_query_results(data, format={"json": ox.QueryResultsFormat.JSON,
                                                      "xml": ox.QueryResultsFormat.XML}[fmt])
        assert [(r["s"], r["label"]) for r in parsed] == [(ox.NamedNode(s), ox.Literal(label)) for s, label in expected]


def test_cli_query_table_format(built_store):
    run = run_kg("query", "-e", LABELS, store=built_store)
    assert run.exit_code == 0
    header = next(line for line in run.stdout.splitlines() if "label" in line)
    assert "s" in header
    for iri, label in _expected_labels(built_store):
        assert label in run.stdout and iri[len(ENTITY):] in run.stdout
    assert f"{len(_expected_labels(built_store))} row(s)" in run.stderr


def test_cli_query_ask(built_store):
    run = run_kg("query", "-e", f"ASK {{ <{release_iri(JICA)}> ?p ?o }}", "--format", "json", store=built_store)
    assert run.exit_code == 0 and run.json()["boolean"] is True


CONSTRUCT = ('CONSTRUCT { ?s <http://schema.org/name> ?label } WHERE { '
             '?s <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(STRSTARTS(STR(?s), '
             '"https://w3id.org/aseankg/id/country/")) }')


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_cli_query_construct_formats_parse_back(built_store, fmt, rdflib_format):
    with opened(built_store) as store:
        expected = {(t.subject.value, t.object.value) for t in store.query(CONSTRUCT)}
    assert len(expected) >= 10
    run = run_kg("query", "-e", CONSTRUCT, "--format", fmt, store=built_store)
    assert run.exit_code == 0, run.stderr
    if fmt == "nquads":
        g = rdflib.Dataset()
        g.parse(data=run.stdout, format="nquads")
        got = {(str(s), str(o)) for s, _, o, _ in g.quads()}
    else:
        g = rdflib.Graph().parse(data=run.stdout, format=rdflib_format)
        got = {(str(s), str(o)) for s, _, o in g}
    assert got == expected


def test_cli_query_construct_as_csv_is_a_usage_error(built_store):
    run = run_kg("query", "-e", CONSTRUCT, "--format", "csv", store=built_store)
    assert run.exit_code == 2 and "turtle" in run.stderr


def test_cli_query_malformed_exits_1_with_one_line(built_store):
    run = run_kg("query", "-e", "SELECT ?s WHERE { ?s ?p }", store=built_store)
    assert run.exit_code == 1
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "malformed SPARQL" in lines[0]


@pytest.mark.parametrize("args, code, message", [
    (["no-such-query"], 1, "no saved query 'no-such-query'"),
    (["entities-in-release"], 2, "needs --param release"),
    (["entities-in-release", "--param", "release"], 2, "NAME=VALUE"),
    (["events-timeline", "--param", "from=next week"], 2, "not a valid date"),
    (["entities-in-release", "--param", f"release={JICA}", "--param", "nope=1"], 2, "no parameter 'nope'"),
])
def test_cli_query_bad_use_is_named(built_store, args, code, message):
    run = run_kg("query", *args, store=built_store)
    assert run.exit_code == code
    assert message in run.stderr


# ------------------------------------------------------------ stats, remove ---

def test_cli_stats(built_store):
    run = run_kg("stats", "--json", store=built_store)
    assert run.exit_code == 0
    figures = run.json()
    assert figures["releases"] == len(SAMPLE_IDS)
    assert figures["quads"] == len(all_quads(built_store))
    assert figures["background graph"] is True
    assert figures["relations"] > 0 and figures["entities by class"]["Person"] > 0
    text = run_kg("stats", store=built_store)
    assert text.exit_code == 0
    assert any(line.split() == ["releases", str(len(SAMPLE_IDS))] for line in text.stdout.splitlines())


def test_cli_remove_drops_exactly_that_release(store_copy):
    before = nquad_lines(store_copy)
    graph = release_graph_iri(JICA)
    assert graph_lines(before, graph)
    run = run_kg("remove", JICA, store=store_copy)
    assert run.exit_code == 0, run.stderr
    assert nquad_lines(store_copy) == before - graph_lines(before, graph)
    assert run_kg("export", "--format", "nquads", "--release", JICA, store=store_copy).exit_code == 1


def test_cli_remove_unknown_id_exits_1_and_changes_nothing(store_copy):
    before = nquad_lines(store_copy)
    run = run_kg("remove", "no-such-release", store=store_copy)
    assert run.exit_code == 1
    assert "no-such-release" in run.stderr
    assert nquad_lines(store_copy) == before


def test_cli_remove_known_and_unknown_ids(store_copy):
    run = run_kg("remove", JICA, "no-such-release", store=store_copy)
    assert run.exit_code == 1
    assert release_graph_iri(JICA) not in {q.graph_name.value for q in all_quads(store_copy)}


# ------------------------------------------------------------ store option ---

def test_cli_default_store_is_kg_store_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_kg("ingest", WORKSHOP, env={"KG_STORE": None}).exit_code == 0
    run = run_kg("stats", "--json", env={"KG_STORE": None})
    assert run.exit_code == 0
    assert run.json()["store"] == "kg-store"
    assert (tmp_path / "kg-store").is_dir()


def test_cli_kg_store_environment_variable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_kg("ingest", WORKSHOP, env={"KG_STORE": str(tmp_path / "from-env")}).exit_code == 0
    run = run_kg("stats", "--json", env={"KG_STORE": str(tmp_path / "from-env")})
    assert run.exit_code == 0
    assert run.json()["store"] == str(tmp_path / "from-env")
    assert (tmp_path / "from-env").is_dir() and not (tmp_path / "kg-store").exists()
    assert run_kg("ingest", WORKSHOP, store=tmp_path / "explicit",
                  env={"KG_STORE": str(tmp_path / "from-env")}).exit_code == 0
    explicit = run_kg("stats", "--json", store=tmp_path / "explicit", env={"KG_STORE": str(tmp_path / "from-env")})
    assert explicit.json()["store"] == str(tmp_path / "explicit")


def test_cli_default_store_as_a_program(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    subprocess.run([sys.executable, "-m", "kg", "-q", "ingest", str(WORKSHOP)], capture_output=True, text=True,
                   cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, timeout=300, check=True)
    proc = subprocess.run([sys.executable, "-m", "kg", "stats", "--json"], capture_output=True, text=True,
                          cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["store"] == "kg-store" and (tmp_path / "kg-store").is_dir()


# ---------------------------------------------------------------- extract ---

def test_cli_extract_json_spans_point_into_the_text():
    run = run_kg("extract", WORKSHOP)
    assert run.exit_code == 0, run.stderr
    result = run.json()
    text = WORKSHOP.read_text(encoding="utf-8")
    assert result["id"] == "release-vientiane-workshop" and result["date"] == "2024-03-14"
    assert result["entities"]
    for entity in result["entities"]:
        assert entity["id"].startswith(ENTITY)
        for span in entity["spans"]:
            assert text[span["start"]:span["end"]] == span["text"]


def test_cli_extract_bad_input_is_named(tmp_path):
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    run = run_kg("extract", path)
    assert run.exit_code == 1
    assert f"{path}: empty" in run.stderr
