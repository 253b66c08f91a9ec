"""Saved-query latency over HTTP (`kg serve`) against the same queries
in-process on pyoxigraph and on rdflib's in-memory engine, on a synthetic
store of about 1M quads laid out like kg's graph (one named graph per
release: release node, mentions with NIF offsets, sentences, entities with
labels, relations and their kgo:Statement evidence; a background graph).

    .venv/bin/python bench/bench_server.py [--quads 1000000] [--runs 5]
        [--rdflib-budget 60] [--queries a,b] [--keep DIR] [--json]

Targets (issue 6): HTTP within 2x of in-process pyoxigraph, and at least 20x
faster than rdflib. rdflib runs in a child process that loads the data once;
a query that outlives --rdflib-budget seconds is stopped and counted as
taking the budget (so its ratio is a lower bound, shown with '>').
Run on demand; not part of the test suite."""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BASE = "https://w3id.org/aseankg/"
E = BASE + "id/"
S = "http://schema.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
DCT = "http://purl.org/dc/terms/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITS = "http://www.w3.org/2005/11/its/rdf#"
KGO = BASE + "ontology#"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# Saved queries timed, with the parameters they need (bound the same way on
# every engine: a VALUES block written by kg.queries.values_clause).
QUERIES = {
    "speakers-at-high-level-meetings": {},
    "events-timeline": {"from": "2019-01-01", "to": "2021-12-31"},
    "people-and-affiliations": {"organization": "organization/org-3"},
    "ascn-cities-by-member-state": {"country": "country/country-2"},
    "events-by-theme": {"theme": "theme/theme-4"},
    "co-organised-events": {"organizer": "organization/org-1"},
    "entity-facts": {"entity": "person/person-7"},
    "releases-mentioning-entity": {"entity": "organization/org-2"},
    "fact-provenance": {"subject": "event/event-5"},
    "entities-in-release": {"release": "rel-00042"},
}


def iri(value: str) -> str:
    return f"<{value}>"


def lit(value: str, datatype: str | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return f"{text}^^<{datatype}>" if datatype else text


def generate(path: Path, target: int, seed: int = 7) -> int:
    """Write about `target` quads of N-Quads to `path`; the count written."""
    rnd = random.Random(seed)
    people = [f"person/person-{i}" for i in range(3000)]
    orgs = [f"organization/org-{i}" for i in range(600)]
    countries = [f"country/country-{i}" for i in range(11)]
    cities = [f"place/city-{i}" for i in range(300)]
    events = [f"event/event-{i}" for i in range(800)]
    inits = [f"initiative/init-{i}" for i in range(120)] + ["initiative/asean-smart-cities-network"]
    themes = [f"theme/theme-{i}" for i in range(60)]
    kinds = {"person": S + "Person", "organization": S + "GovernmentOrganization", "country": S + "Country",
             "place": S + "City", "event": S + "Event", "initiative": S + "Project", "theme": SKOS + "Concept"}
    names = {}
    for key in people + orgs + countries + cities + events + inits + themes:
        kind, slug = key.split("/")
        label = slug.replace("-", " ").title()
        if kind == "event" and int(slug.split("-")[1]) % 4 == 0:
            label = f"ASEAN-Japan Smart Cities Network High Level Meeting {slug}"
        names[key] = label
    count = 0
    with path.open("w", encoding="utf-8") as out:
        def quad(s, p, o, g):
            nonlocal count
            out.write(f"{s} {iri(p)} {o} {g} .\n")
            count += 1

        bg = iri(BASE + "graph/background")
        for key, label in names.items():
            kind = key.split("/")[0]
            node = iri(E + key)
            quad(node, RDF + "type", iri(kinds[kind]), bg)
            quad(node, RDFS + "label", lit(label), bg)
            if kind in ("country", "place", "organization"):
                quad(node, OWL + "sameAs", iri(f"http://www.wikidata.org/entity/Q{zlib.crc32(key.encode()) % 10**6}"),
                     bg)
        for city in cities:
            quad(iri(E + city), S + "containedInPlace", iri(E + rnd.choice(countries)), bg)
            if rnd.random() < 0.3:
                quad(iri(E + city), S + "memberOf", iri(E + "initiative/asean-smart-cities-network"), bg)
        n = 0
        while count < target:
            rid = f"rel-{n:05d}"
            n += 1
            g = iri(f"{BASE}graph/release/{rid}")
            rel = f"{BASE}release/{rid}"
            r = iri(rel)
            year = 2018 + n % 8
            date = f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            sentences = [f"Sentence {i} of release {rid} says something about smart cities in ASEAN and Japan. "
                         for i in range(6)]
            text = "".join(sentences)
            quad(r, RDF + "type", iri(KGO + "Release"), g)
            quad(r, RDF + "type", iri(NIF + "Context"), g)
            quad(r, DCT + "identifier", lit(rid), g)
            quad(r, S + "headline", lit(f"Release {rid}"), g)
            quad(r, S + "datePublished", lit(date, XSD + "date"), g)
            quad(r, NIF + "isString", lit(text), g)
            quad(r, PROV + "wasGeneratedBy", iri(rel + "#ingest"), g)
            event = rnd.choice(events)
            mentioned = {event, rnd.choice(countries), rnd.choice(cities), rnd.choice(themes), rnd.choice(inits)}
            mentioned |= set(rnd.sample(people, 6)) | set(rnd.sample(orgs, 4))
            offsets, pos = [], 0
            for s in sentences:
                offsets.append((pos, pos + len(s)))
                pos += len(s)
            for b, e in offsets:
                sn = iri(f"{rel}#char={b},{e}")
                quad(sn, RDF + "type", iri(NIF + "Sentence"), g)
                quad(sn, NIF + "referenceContext", r, g)
                quad(sn, NIF + "beginIndex", lit(str(b), XSD + "nonNegativeInteger"), g)
                quad(sn, NIF + "endIndex", lit(str(e), XSD + "nonNegativeInteger"), g)
            for i, key in enumerate(sorted(mentioned)):
                node = iri(E + key)
                kind = key.split("/")[0]
                quad(r, S + "mentions", node, g)
                quad(node, RDF + "type", iri(kinds[kind]), g)
                quad(node, RDFS + "label", lit(names[key]), g)
                quad(node, SKOS + "altLabel", lit(names[key].upper()), g)
                b, e = offsets[i % len(offsets)]
                m = iri(f"{rel}#char={b + 1 + i},{b + 5 + i}")
                quad(m, RDF + "type", iri(NIF + "Phrase"), g)
                quad(m, NIF + "referenceContext", r, g)
                quad(m, NIF + "anchorOf", lit(names[key][:20]), g)
                quad(m, NIF + "sentence", iri(f"{rel}#char={b},{e}"), g)
                quad(m, ITS + "taIdentRef", node, g)
            ev = iri(E + event)
            ordered = sorted(mentioned)  # (a set's order changes from run to run)
            speakers = [p for p in ordered if p.startswith("person/")][:3]
            hosts = [o for o in ordered if o.startswith("organization/")][:2]
            facts = [(ev, S + "startDate", lit(date, XSD + "date")),
                     (ev, S + "location", iri(E + next(c for c in ordered if c.startswith("place/")))),
                     (ev, S + "about", iri(E + next(t for t in ordered if t.startswith("theme/"))))]
            facts += [(ev, KGO + "speaker", iri(E + p)) for p in speakers]
            facts += [(ev, S + "organizer", iri(E + o)) for o in hosts]
            facts += [(iri(E + p), S + "affiliation", iri(E + rnd.choice(hosts))) for p in speakers]
            facts += [(iri(E + p), S + "jobTitle", lit(rnd.choice(["Minister", "Mayor", "Director-General"])))
                      for p in speakers[:1]]
            facts += [(iri(E + next(i for i in ordered if i.startswith("initiative/"))), S + "funder",
                       iri(E + hosts[0]))]
            for j, (s, p, o) in enumerate(facts):
                quad(s, p, o, g)
                st = iri(f"{rel}#fact-{j}")
                b, e = offsets[j % len(offsets)]
                quad(st, RDF + "type", iri(KGO + "Statement"), g)
                quad(st, RDF + "subject", s, g)
                quad(st, RDF + "predicate", iri(p), g)
                quad(st, RDF + "object", o, g)
                quad(st, KGO + "evidence", iri(f"{rel}#char={b},{e}"), g)
    return count


def query_texts() -> dict[str, str]:
    from kg.queries import bind, saved_queries, values_clause

    saved = saved_queries()
    texts = {}
    for name, params in QUERIES.items():
        query = saved[name]
        texts[name] = query.text + values_clause(bind(query, params))
    return texts


def bench_pair(store_path: Path, snapshot: Path, texts: dict[str, str], runs: int) -> tuple[dict, dict]:
    """Median seconds (and rows) per query in-process and over HTTP, the two
    runs interleaved so that both see the same machine load. In-process runs
    on a read-only copy of the store (a backup taken before the server
    starts: the server holds the store itself)."""
    import pyoxigraph as ox

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "kg", "--store", str(store_path), "serve", "--port", "0",
                             "--timeout", "600", "--max-rows", "10000000", "--workers", "1"],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    serve_file = store_path / "serve.json"
    local_store = ox.Store.read_only(str(snapshot))
    try:
        deadline = time.time() + 300
        while not serve_file.exists():
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("kg serve did not start: " + (proc.stderr.read() if proc.stderr else ""))
            time.sleep(0.1)
        endpoint = json.loads(serve_file.read_text())["sparql"]
        local, http = {}, {}
        for name, text in texts.items():
            body = urllib.parse.urlencode({"query": text}).encode()

            def run_http(body=body, name=name):
                request = urllib.request.Request(endpoint, data=body, headers={
                    "Accept": "application/sparql-results+json",
                    "Content-Type": "application/x-www-form-urlencoded"})
                with urllib.request.urlopen(request, timeout=900) as response:
                    data = response.read()
                    assert response.headers["X-KG-Truncated"] == "false", name
                return len(json.loads(data)["results"]["bindings"])

            def run_local(text=text):
                return len(list(local_store.query(text, use_default_graph_as_union=True)))

            times_local, times_http = [], []
            for i in range(runs + 1):  # the first round warms both up
                t0 = time.perf_counter()
                rows_local = run_local()
                t1 = time.perf_counter()
                rows_http = run_http()
                t2 = time.perf_counter()
                if i:
                    times_local.append(t1 - t0)
                    times_http.append(t2 - t1)
            local[name] = (statistics.median(times_local), rows_local)
            http[name] = (statistics.median(times_http), rows_http)
        return local, http
    finally:
        local_store = None  # closes the copy
        proc.terminate()
        proc.wait(30)


RDFLIB_CHILD = r"""
import json, sys, time
from rdflib import Dataset
from rdflib.plugins import sparql
sparql.SPARQL_LOAD_GRAPHS = False
ds = Dataset(default_union=True)
t0 = time.perf_counter()
ds.parse(sys.argv[1], format="nquads")
print(json.dumps({"loaded": time.perf_counter() - t0}), flush=True)
for line in sys.stdin:
    name, text = json.loads(line)
    t0 = time.perf_counter()
    n = len(list(ds.query(text)))
    print(json.dumps({"name": name, "seconds": time.perf_counter() - t0, "rows": n}), flush=True)
"""


def bench_rdflib(nquads: Path, texts: dict[str, str], budget: float) -> tuple[dict, float]:
    """(seconds, stopped, rows) per query on rdflib (one run each; rdflib is
    far slower); (budget, True, None) when stopped at the budget."""
    import select

    results, load_time, pending = {}, 0.0, list(texts.items())
    while pending:
        proc = subprocess.Popen([sys.executable, "-c", RDFLIB_CHILD, str(nquads)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, cwd=ROOT)
        load_time = json.loads(proc.stdout.readline())["loaded"]
        try:
            while pending:
                name, text = pending[0]
                proc.stdin.write(json.dumps([name, text]) + "\n")
                proc.stdin.flush()
                ready, _, _ = select.select([proc.stdout], [], [], budget)
                pending.pop(0)
                if not ready:
                    results[name] = (budget, True, None)
                    break  # the child is stuck on it: restart (and reload) for the rest
                answer = json.loads(proc.stdout.readline())
                results[name] = (answer["seconds"], False, answer["rows"])
        finally:
            proc.kill()
            proc.wait()
    return results, load_time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-budget", type=float, default=60.0)
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--queries", help="Comma-separated saved query names (default: all of QUERIES).")
    parser.add_argument("--keep", type=Path, help="Keep the generated data and store in this folder.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON too.")
    args = parser.parse_args()

    import pyoxigraph as ox

    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    nquads, store_path = work / "synthetic.nq", work / "store"
    try:
        t0 = time.perf_counter()
        count = generate(nquads, args.quads)
        print(f"generated {count:,} quads in {time.perf_counter() - t0:.1f} s", flush=True)
        if store_path.exists():
            shutil.rmtree(store_path)
        t0 = time.perf_counter()
        store = ox.Store(str(store_path))
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.optimize()
        print(f"pyoxigraph on disk: {len(store):,} quads loaded in {time.perf_counter() - t0:.1f} s", flush=True)
        snapshot = work / "inprocess-copy"
        if snapshot.exists():
            shutil.rmtree(snapshot)
        store.backup(str(snapshot))
        del store
        texts = query_texts()
        if args.queries:
            texts = {name: texts[name] for name in args.queries.split(",")}
        local, http = bench_pair(store_path, snapshot, texts, args.runs)
        print("in-process and HTTP done", flush=True)
        rdf, rdflib_load = ({}, 0.0) if args.skip_rdflib else bench_rdflib(nquads, texts, args.rdflib_budget)
        if rdf:
            print(f"rdflib Dataset in memory: loaded in {rdflib_load:.1f} s", flush=True)

        print(f"\n{'query':34} {'rows':>6} {'in-proc ms':>11} {'HTTP ms':>9} {'HTTP/in':>8} {'rdflib ms':>11} {'rdflib/HTTP':>12}")  # noqa: E501
        figures = []
        for name in texts:
            (t_local, rows), (t_http, rows_http) = local[name], http[name]
            assert rows == rows_http, f"{name}: {rows} rows in-process, {rows_http} over HTTP"
            row = {"query": name, "rows": rows, "inprocess_ms": t_local * 1000, "http_ms": t_http * 1000,
                   "http_over_inprocess": t_http / t_local}
            line = f"{name:34} {rows:>6} {t_local * 1000:>11.1f} {t_http * 1000:>9.1f} {t_http / t_local:>8.2f}"
            if name in rdf:
                seconds, stopped, rdflib_rows = rdf[name]
                row.update(rdflib_ms=seconds * 1000, rdflib_stopped=stopped, rdflib_over_http=seconds / t_http,
                           rdflib_rows=rdflib_rows)
                if rdflib_rows is not None and rdflib_rows != rows:
                    line += f"  [rdflib: {rdflib_rows} rows]"
                line += f" {('>' if stopped else '') + format(seconds * 1000, '.0f'):>11} " \
                        f"{('>' if stopped else '') + format(seconds / t_http, '.0f'):>12}"
            print(line)
            figures.append(row)
        total_local = sum(r["inprocess_ms"] for r in figures)
        total_http = sum(r["http_ms"] for r in figures)
        print(f"\nall queries: in-process {total_local:.0f} ms, HTTP {total_http:.0f} ms "
              f"({total_http / total_local:.2f}x)")
        if rdf:
            total_rdflib = sum(r["rdflib_ms"] for r in figures if "rdflib_ms" in r)
            print(f"rdflib {'>' if any(r.get('rdflib_stopped') for r in figures) else ''}{total_rdflib:.0f} ms "
                  f"({total_rdflib / total_http:.0f}x HTTP)")
        worst = max(r["http_over_inprocess"] for r in figures)
        print(f"worst HTTP/in-process ratio: {worst:.2f} (target <= 2)")
        if rdf:
            least = min(r["rdflib_over_http"] for r in figures if "rdflib_over_http" in r)
            print(f"least rdflib/HTTP ratio: {least:.0f} (target >= 20)")
        if args.json:
            print(json.dumps({"quads": count, "queries": figures}, indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
