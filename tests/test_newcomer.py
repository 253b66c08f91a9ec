"""A newcomer's first hour (issue 16): each trap a new user fell into, as a
test that failed on 315a7dd's behaviour."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from conftest import RELEASES, opened, run_kg

HTML = ("<!DOCTYPE html><html><head><title>Hanoi forum</title>"
        '<meta property="og:site_name" content="Red River Daily"><meta name="author" content="Staff Writer"></head>'
        '<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Hanoi hosts smart city forum</h1>'
        "<p>The Red River Smart City Forum was held in Hanoi on 4 May 2025. It was organised by the Ministry of "
        "Construction, and delegates discussed flood control.</p><p>ADVERTISEMENT - SCROLL TO CONTINUE</p>"
        "<p>Mayors from Hue and Da Nang attended the forum.</p></article></body></html>")


def names(run) -> set[str]:
    return {e["name"] for e in json.loads(run.stdout)["entities"]}


def test_newcomer_html_on_stdin_is_read_as_html():
    run = run_kg("extract", "-", input=HTML)
    assert run.exit_code == 0, run.stderr
    found = names(run)
    assert "Hanoi" in found and not any("href" in n or "div" in n.lower() for n in found)
    assert "read as html" in run.stderr
    as_text = run_kg("extract", "-", "--input-format", "txt", input=HTML)
    assert "<article>" in json.loads(as_text.stdout)["entities"][0]["spans"][0]["text"] or as_text.exit_code == 0


def test_newcomer_a_txt_file_that_is_html_is_read_as_html_with_a_warning(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(HTML, encoding="utf-8")
    run = run_kg("ingest", page, "--json", store=tmp_path / "store")
    assert run.exit_code == 0, run.stderr
    assert any("is HTML markup" in w for w in run.json()["warnings"])
    with opened(tmp_path / "store") as store:
        (text,) = [q.object.value for q in store.quads(None) if q.predicate.value.endswith("#isString")]
    assert "<" not in text and "ADVERTISEMENT" not in text  # the page's text, without its ad marker


def test_newcomer_html_byline_is_not_the_publisher(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    run = run_kg("extract", page)
    assert json.loads(run.stdout)["publisher"] == "Red River Daily"


def test_newcomer_press_release_line_names_the_publisher(tmp_path):
    release = tmp_path / "note.txt"
    release.write_text("Workshop in Vientiane\n\nPress release, Ministry of Public Works and Transport\n\n"
                       "Vientiane, 14 March 2024 - A smart city workshop was held.\n", encoding="utf-8")
    assert json.loads(run_kg("extract", release).stdout)["publisher"] == "Ministry of Public Works and Transport"


def test_newcomer_read_only_commands_refuse_a_store_that_does_not_exist(tmp_path):
    missing = tmp_path / "kg-stroe"
    for args in (["stats"], ["query", "entities-in-release", "--param", "release=x"], ["validate"], ["releases"]):
        run = run_kg(*args, store=missing)
        assert run.exit_code == 1 and "[E021]" in run.stderr and "no store here" in run.stderr, args
    assert not missing.exists()


def test_newcomer_read_only_commands_do_not_grow_the_store(store_copy):
    for _ in range(8):
        assert run_kg("stats", store=store_copy).exit_code == 0
    assert len(list(store_copy.glob("LOG.old.*"))) <= 3


def test_newcomer_unknown_entity_key_is_named_with_close_matches(curated_store):
    run = run_kg("query", "releases-mentioning-entity", "--param",
                 "entity=organization/japan-international-cooperation-agenc", store=curated_store)
    assert run.exit_code == 2 and "[E033]" in run.stderr
    assert "organization/japan-international-cooperation-agency" in run.stderr


def test_newcomer_search_finds_an_entity_key_and_releases_lists_the_store(curated_store):
    found = run_kg("search", "jica", "--json", store=curated_store).json()
    assert "organization/japan-international-cooperation-agency" in {h["key"] for h in found["results"]}
    listed = run_kg("releases", "--json", store=curated_store).json()
    assert len(listed) == 13 and all(r["id"] and r["entities"] > 0 for r in listed)
    assert run_kg("search", "jica", store=curated_store).stdout.startswith("organization/")


def test_newcomer_the_same_text_under_two_ids_is_said_and_recorded(tmp_path):
    original = RELEASES / "sample-mlit-2019-1009-hlm1-yokohama.txt"
    copy = tmp_path / "copy-of-hlm1.txt"
    copy.write_bytes(original.read_bytes())
    store = tmp_path / "store"
    assert run_kg("ingest", original, store=store).exit_code == 0
    run = run_kg("ingest", copy, "--json", store=store)
    assert run.exit_code == 0 and any("the same text as release(s) sample-mlit" in w for w in run.json()["warnings"])
    with opened(store) as s:
        alternate = [q for q in s.quads(None) if q.predicate.value == "http://www.w3.org/ns/prov#alternateOf"]
    assert [q.object.value for q in alternate] == ["https://w3id.org/aseankg/release/sample-mlit-2019-1009-hlm1-yokohama"]


def count(store: ox.Store, kind: str) -> int:
    rows = store.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <http://schema.org/{kind}> }}",
                       use_default_graph_as_union=True)
    return int(next(iter(rows))["n"].value)


def test_newcomer_people_without_an_affiliation_and_undated_events_are_listed(curated_store, curated_truth):
    n_people, n_events = count(curated_truth, "Person"), count(curated_truth, "Event")
    listed = run_kg("query", "people-and-affiliations", "--format", "json", store=curated_store).json()
    assert len(listed["results"]["bindings"]) == n_people
    timeline = run_kg("query", "events-timeline", "--format", "json", store=curated_store).json()["results"]["bindings"]
    assert len(timeline) == n_events
    dated = [row for row in timeline if "startDate" in row]
    assert timeline[:len(dated)] == dated  # the undated ones come last


def test_newcomer_table_puts_labels_first_shortens_iris_and_drops_echoed_parameters(curated_store):
    run = run_kg("query", "people-and-affiliations", store=curated_store)
    header = run.stdout.splitlines()[1]
    assert header.split("┃")[1].strip() == "personLabel" and "organization" not in header
    assert "https://w3id.org" not in run.stdout and "person/" in run.stdout
    wide = run_kg("query", "people-and-affiliations", "--wide", store=curated_store)
    assert "https://w3id.org/aseankg/id/person/" in wide.stdout


def test_newcomer_entity_pages_name_org_holds_and_do_not_break_words(curated_store):
    run = run_kg("serve", "--get", "/entity/person/tetsuo-saito.json", store=curated_store)
    labels = {f["predicateLabel"] for f in run.json()["facts"]}
    assert "org:holds" in labels and not any(label.startswith("http") for label in labels)
    css = (Path(__file__).resolve().parents[1] / "kg" / "server" / "static" / "kg.css").read_text()
    assert "break-all" not in css


def test_newcomer_validation_without_shapes_and_an_empty_queries_folder_are_errors(curated_store, tmp_path):
    run = run_kg("validate", store=curated_store, env={"KG_ONTOLOGY": str(tmp_path)})
    assert run.exit_code == 1 and "[E051]" in run.stderr
    listing = run_kg("query", "--list", env={"KG_QUERIES": str(tmp_path)})
    assert listing.exit_code != 0 and "no saved queries" in listing.stderr


def test_newcomer_missing_model_error_says_how_to_install_it():
    from kg.errors import ModelNotFound
    from kg.nlp.model import load_model

    try:
        load_model("no_such_model_pkg")
    except ModelNotFound as error:
        assert "kg[model]" in str(error)
    else:
        raise AssertionError("a missing model loaded")
