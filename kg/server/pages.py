"""The data behind the web pages: an entity with its facts and where they
are stated, a search over labels, the saved queries. Each function returns
plain dicts (the JSON twin of its page); the queries run through the worker
pool like any other, with values bound as RDF terms (Oxigraph substitutes only variables a
query projects, so each projects the ones it binds)."""
from __future__ import annotations

from urllib.parse import quote, unquote

import pyoxigraph as ox

from kg.lookup import SEARCH, key_of, rank
from kg.rdf.iri import (
    BACKGROUND_GRAPH,
    ONTOLOGY_GRAPH,
    RELEASE_GRAPH,
    entity_iri,
)
from kg.server.worker import Task
from kg.vocabulary import KINDS as VOCABULARY_KINDS

KINDS = tuple(kind.prefix for kind in VOCABULARY_KINDS.values())

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX schema: <http://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX kgo: <https://w3id.org/aseankg/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
"""

DESCRIBING = ("rdf:type", "rdfs:label", "skos:prefLabel", "skos:altLabel", "owl:sameAs", "dcterms:source")
NOT_FACTS = DESCRIBING + ("schema:mentions", "itsrdf:taIdentRef", "rdf:subject", "rdf:object", "schema:sha256")

ENTITY_ABOUT = PREFIXES + f"""
SELECT DISTINCT ?e ?p ?o WHERE {{ ?e ?p ?o . VALUES ?p {{ {' '.join(DESCRIBING)} }} }}"""

ENTITY_FACTS = PREFIXES + f"""
SELECT DISTINCT ?e ?direction ?p ?other ?otherLabel ?g WHERE {{
  {{ GRAPH ?g {{ ?e ?p ?other }} BIND("out" AS ?direction) }}
  UNION
  {{ GRAPH ?g {{ ?other ?p ?e }} BIND("in" AS ?direction) }}
  FILTER(?p NOT IN ({', '.join(NOT_FACTS)}))
  OPTIONAL {{ ?other rdfs:label ?otherLabel }}
}}"""

ENTITY_EVIDENCE = PREFIXES + """
SELECT DISTINCT ?e ?s ?p ?o ?release ?begin ?end ?sentence WHERE {
  GRAPH ?g {
    { ?statement rdf:subject ?e } UNION { ?statement rdf:object ?e }
    ?statement a kgo:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
               kgo:evidence ?sent .
    ?sent nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext ?r .
    ?r dcterms:identifier ?release ; nif:isString ?text .
  }
  BIND(SUBSTR(?text, ?begin + 1, ?end - ?begin) AS ?sentence)
}"""

ENTITY_MENTIONS = PREFIXES + """
SELECT ?e ?release ?headline ?date ?url (COUNT(DISTINCT ?m) AS ?mentions) WHERE {
  GRAPH ?g {
    ?r schema:mentions ?e ; dcterms:identifier ?release .
    OPTIONAL { ?r schema:headline ?headline }
    OPTIONAL { ?r schema:datePublished ?date }
    OPTIONAL { ?r schema:url ?url }
    OPTIONAL { ?m itsrdf:taIdentRef ?e ; nif:referenceContext ?r }
  }
} GROUP BY ?e ?release ?headline ?date ?url ORDER BY DESC(?date) ?release"""




def _value(cell: dict | None) -> str | None:
    return None if cell is None else cell["value"]


entity_key = key_of  # the key of a kg entity IRI (kg.lookup)


def entity_path(iri: str) -> str | None:
    key = entity_key(iri)
    return None if key is None else "/entity/" + key


def graph_source(graph: str) -> str:
    if graph.startswith(RELEASE_GRAPH):
        return unquote(graph[len(RELEASE_GRAPH):])
    if graph == BACKGROUND_GRAPH:
        return "background"
    if graph == ONTOLOGY_GRAPH:
        return "ontology"
    return graph


def short(iri: str) -> str:
    from kg.server.formats import PREFIXES as P

    for prefix, ns in P.items():
        if iri.startswith(ns) and prefix != "kg":
            return f"{prefix}:{iri[len(ns):]}"
    return iri


async def entity(pool, kind: str, slug: str, max_rows: int) -> dict | None:
    iri = entity_iri(f"{kind}/{slug}")
    subs = {"e": ox.NamedNode(iri)}

    async def rows(text: str) -> tuple[list[dict], bool]:
        reply = await pool.run(Task("rows", text, substitutions=subs, max_rows=max_rows))
        if reply.status != 200:
            raise PageError(reply.status, reply.body.decode("utf-8", "replace").strip())
        return reply.rows, reply.truncated

    about, _ = await rows(ENTITY_ABOUT)
    facts_rows, facts_cut = await rows(ENTITY_FACTS)
    evidence_rows, evidence_cut = await rows(ENTITY_EVIDENCE)
    mention_rows, _ = await rows(ENTITY_MENTIONS)
    if not about and not facts_rows and not mention_rows:
        return None

    def values(predicate: str) -> list[str]:
        return sorted({r["o"]["value"] for r in about if r["p"]["value"] == predicate})

    rdfs, skos = "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#"
    labels = values(rdfs + "label") or values(skos + "prefLabel")
    evidence: dict[tuple, list[dict]] = {}
    for r in evidence_rows:
        key: tuple = (r["s"]["value"], r["p"]["value"], r["o"]["value"])
        evidence.setdefault(key, []).append({
            "release": r["release"]["value"], "begin": int(r["begin"]["value"]), "end": int(r["end"]["value"]),
            "sentence": _value(r.get("sentence"))})
    facts: dict[tuple, dict] = {}
    for r in facts_rows:
        direction, predicate, other = r["direction"]["value"], r["p"]["value"], r["other"]
        key = (direction, predicate, other["value"], other["type"])
        fact = facts.get(key)
        if fact is None:
            s, o = (iri, other["value"]) if direction == "out" else (other["value"], iri)
            fact = facts[key] = {
                "direction": direction, "predicate": predicate, "predicateLabel": short(predicate),
                "other": other, "otherLabel": None, "otherPage": entity_path(other["value"])
                if other["type"] == "uri" else None,
                "sources": set(), "evidence": sorted(evidence.get((s, predicate, o), []),
                                                     key=lambda e: (e["release"], e["begin"]))}
        fact["sources"].add(graph_source(r["g"]["value"]))
        label = _value(r.get("otherLabel"))
        if label and (fact["otherLabel"] is None or label < fact["otherLabel"]):
            fact["otherLabel"] = label
    ordered = sorted(facts.values(), key=lambda f: (f["direction"] != "out", f["predicateLabel"],
                                                    (f["otherLabel"] or f["other"]["value"]).lower()))
    for fact in ordered:
        fact["sources"] = sorted(fact["sources"])
    return {
        "entity": iri, "key": f"{kind}/{slug}", "kind": kind,
        "label": labels[0] if labels else slug, "labels": labels,
        "altLabels": values(skos + "altLabel"),
        "types": [short(t) for t in values("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")],
        "sameAs": values("http://www.w3.org/2002/07/owl#sameAs"),
        "facts": ordered, "truncated": facts_cut or evidence_cut,
        "mentionedIn": [{"release": r["release"]["value"], "headline": _value(r.get("headline")),
                         "date": _value(r.get("date")), "url": _value(r.get("url")),
                         "mentions": int(r["mentions"]["value"])} for r in mention_rows],
    }


async def search(pool, q: str, max_rows: int, limit: int = 50) -> dict:
    q = q.strip()
    if not q:
        return {"q": q, "results": [], "truncated": False}
    reply = await pool.run(Task("rows", SEARCH, substitutions={"q": ox.Literal(q)}, max_rows=max_rows))
    if reply.status != 200:
        raise PageError(reply.status, reply.body.decode("utf-8", "replace").strip())
    rows = [{name: _value(r.get(name)) for name in ("e", "label", "name")} for r in reply.rows]
    found = rank(q, rows, limit)
    found["truncated"] = found["truncated"] or reply.truncated
    return found


def saved_query_list(base: str = "") -> list[dict]:
    from kg.queries import saved_queries

    return [{"name": q.name, "title": q.title or q.name, "description": q.description,
             "params": [{"name": p.name, "type": p.type, "optional": p.optional, "description": p.description}
                        for p in q.params],
             "page": f"{base}/queries/{quote(q.name)}", "text": q.text}
            for q in saved_queries().values()]


async def run_saved(pool, name: str, values: dict[str, str], max_rows: int) -> dict:
    from kg.errors import KGError
    from kg.queries import bind, saved_queries

    queries = saved_queries()
    if name not in queries:
        raise PageError(404, f"no saved query '{name}'")
    query = queries[name]
    info = next(q for q in saved_query_list() if q["name"] == name)
    info["values"] = values
    missing = [p.name for p in query.params if not p.optional and not values.get(p.name)]
    if missing:
        info["results"] = None
        info["missing"] = missing
        return info
    try:
        bindings = bind(query, {k: v for k, v in values.items() if v})
    except KGError as exc:
        raise PageError(400, exc.message) from None
    reply = await pool.run(Task("rows", query.text, substitutions=bindings, max_rows=max_rows))
    if reply.status != 200:
        raise PageError(reply.status, reply.body.decode("utf-8", "replace").strip())
    for row in reply.rows:
        for cell in row.values():
            if cell["type"] == "uri":
                cell["page"] = entity_path(cell["value"])
    info["results"] = {"variables": reply.variables, "rows": reply.rows, "truncated": reply.truncated,
                       "maxRows": max_rows}
    return info


class PageError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message
