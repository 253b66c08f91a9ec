"""Finding things in the store by name: entities whose labels hold a text
(`kg search`, the server's /search), the releases the store holds
(`kg releases`), and close matches for a key that names nothing."""
from __future__ import annotations

import difflib

import pyoxigraph as ox

from kg.rdf.iri import ENTITY, RELEASE_GRAPH
from kg.vocabulary import KINDS

_PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
SEARCH = _PREFIXES + f"""
SELECT ?q ?e ?label ?name WHERE {{
  VALUES ?p {{ rdfs:label skos:prefLabel skos:altLabel }}
  ?e ?p ?label .
  FILTER(STRSTARTS(STR(?e), "{ENTITY}"))
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?q))))
  OPTIONAL {{ ?e rdfs:label ?name }}
}} LIMIT 5000"""
RELEASES = _PREFIXES + """
SELECT ?g ?id ?headline ?date ?url ?publisher (COUNT(DISTINCT ?e) AS ?entities) WHERE {
  GRAPH ?g { ?r dcterms:identifier ?id .
             OPTIONAL { ?r schema:headline ?headline } OPTIONAL { ?r schema:datePublished ?date }
             OPTIONAL { ?r schema:url ?url } OPTIONAL { ?r schema:publisher/rdfs:label ?publisher }
             OPTIONAL { ?r schema:mentions ?e } }
  FILTER(STRSTARTS(STR(?g), "RELEASE_GRAPH"))
} GROUP BY ?g ?id ?headline ?date ?url ?publisher ORDER BY ?date ?id""".replace("RELEASE_GRAPH", RELEASE_GRAPH)
_PREFIXES_OF_KINDS = {k.prefix for k in KINDS.values()}


def key_of(iri: str) -> str | None:
    """"person/yoshida-nobuhiro" for a kg entity IRI of one of the 8 kinds, else None."""
    if not iri.startswith(ENTITY):
        return None
    key = iri[len(ENTITY):]
    kind, _, slug = key.partition("/")
    return key if kind in _PREFIXES_OF_KINDS and slug and "/" not in slug else None


def rank(q: str, rows: list[dict[str, str | None]], limit: int = 50) -> dict:
    """Search hits from rows of SEARCH (entity IRI `e`, matched `label`,
    `name`): the exact matches first, then those that start with the text."""
    found: dict[str, dict] = {}
    needle = q.casefold()
    for r in rows:
        iri, label = r["e"] or "", r["label"] or ""
        key = key_of(iri)
        if key is None:
            continue
        hit = found.setdefault(iri, {"entity": iri, "key": key, "kind": key.split("/", 1)[0],
                                     "page": "/entity/" + key, "label": None, "matched": set(), "rank": 3})
        name = r.get("name")
        if name and (hit["label"] is None or name < hit["label"]):
            hit["label"] = name
        hit["matched"].add(label)
        folded = label.casefold()
        hit["rank"] = min(hit["rank"], 0 if folded == needle else 1 if folded.startswith(needle) else 2)
    results = sorted(found.values(), key=lambda h: (h["rank"], (h["label"] or h["key"]).casefold()))
    for hit in results:
        hit["label"] = hit["label"] or min(hit["matched"])
        hit["matched"] = sorted(hit["matched"])
        del hit["rank"]
    return {"q": q, "results": results[:limit], "count": len(results), "truncated": len(results) > limit}


def _plain(solution, names: list[str]) -> dict[str, str | None]:
    return {n: (solution[n].value if solution[n] is not None else None) for n in names}


def search(store, q: str, limit: int = 50) -> dict:
    """Entities whose name, label or alias holds `q` (case aside)."""
    q = q.strip()
    if not q:
        return {"q": q, "results": [], "count": 0, "truncated": False}
    rows = [_plain(s, ["e", "label", "name"]) for s in store.query(SEARCH, {"q": ox.Literal(q)})]
    return rank(q, rows, limit)


def releases(store) -> list[dict]:
    """The releases in the store: id, headline, date, url, publisher, entities mentioned."""
    out = []
    for s in store.query(RELEASES):
        row = _plain(s, ["id", "headline", "date", "url", "publisher", "entities"])
        out.append({**row, "entities": int(row["entities"] or 0)})
    return out


def close_keys(store, key: str, n: int = 5) -> list[str]:
    """Entity keys in the store that look like `key` (for "did you mean")."""
    kind = key.split("/", 1)[0]
    rows = store.query(f"SELECT DISTINCT ?e WHERE {{ ?r <http://schema.org/mentions> ?e . "
                       f"FILTER(STRSTARTS(STR(?e), \"{ENTITY}{kind}/\")) }}")
    known = [k for s in rows if (k := key_of(s["e"].value))]
    if not known:
        known = [k for s in store.query("SELECT DISTINCT ?e WHERE { ?r <http://schema.org/mentions> ?e }")
                 if (k := key_of(s["e"].value))]
    return difflib.get_close_matches(key, known, n=n, cutoff=0.5)
