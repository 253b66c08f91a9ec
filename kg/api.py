"""kg's public functions. The command line is a thin layer over these."""
from __future__ import annotations

from collections import Counter

from kg.errors import QueryError
from kg.queries import bind, resolve_query
from kg.rdf.iri import BACKGROUND_GRAPH, ONTOLOGY_GRAPH, RELEASE_GRAPH
from kg.validate import Report, validate_graph


def run_query(store, name: str | None, expression: str | None = None, params: dict[str, str] | None = None):
    """Run a saved query, a .rq file or SPARQL text; a pyoxigraph result."""
    query = resolve_query(name, expression)
    bindings = bind(query, params or {})
    check_entities(store, bindings)
    try:
        return store.query(query.text, bindings)
    except SyntaxError as exc:
        raise QueryError(f"{query.name}: malformed SPARQL ({str(exc).splitlines()[0]})") from None
    except (OSError, RuntimeError) as exc:
        # RuntimeError: e.g. a --param whose variable the SELECT does not project
        # (Oxigraph binds parameters only to projected variables).
        raise QueryError(f"{query.name}: the query failed ({str(exc).splitlines()[0]})") from None


def check_entities(store, bindings: dict) -> None:
    """An entity parameter that names no entity of the store is an error,
    never a silent empty answer: it says which, and what is close."""
    import pyoxigraph as ox

    from kg.errors import UnknownEntity
    from kg.lookup import close_keys, key_of

    for name, value in bindings.items():
        if not isinstance(value, ox.NamedNode) or key_of(value.value) is None:
            continue
        found = store.query(f"ASK {{ {{ ?r <http://schema.org/mentions> {value} }} UNION "
                            f"{{ {value} ?p ?o }} }}")
        if not bool(found):
            key = key_of(value.value) or value.value
            near = close_keys(store, key)
            hint = f"; did you mean {', '.join(near)}?" if near else "; `kg search TEXT` finds an entity's key"
            raise UnknownEntity(f"--param {name}: no entity '{key}' in the store{hint}")


def validate_store(store) -> Report:
    """SHACL over every graph of the store, one named graph at a time (each
    release graph stands alone), merged into one report."""
    from rdflib import Graph


    conforms, texts, total = True, [], 0
    merged = Graph()
    for graph in store.graphs():
        if graph == ONTOLOGY_GRAPH:
            continue
        data = Graph().parse(data=_ntriples(store, graph), format="nt")
        report = validate_graph(data)
        merged += report.graph
        if not report.conforms:
            conforms = False
            total += report.violations
            texts.append(f"graph <{graph}>:\n{report.text}")
    text = "\n".join(texts) if texts else "Conforms: True"
    return Report(conforms=conforms, text=text, graph=merged, violations=total)


def _ntriples(store, graph: str) -> str:
    import pyoxigraph as ox

    data = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(graph)],
                        format=ox.RdfFormat.N_TRIPLES)
    return (data or b"").decode("utf-8")


def stats(store) -> dict:
    graphs = store.graphs()
    releases = [g for g in graphs if g.startswith(RELEASE_GRAPH)]
    kinds: Counter[str] = Counter()
    rows = store.query("""
        SELECT ?kind (COUNT(DISTINCT ?e) AS ?n) WHERE {
          ?r <http://schema.org/mentions> ?e . ?e a ?kind }
        GROUP BY ?kind ORDER BY DESC(?n) ?kind""")
    for row in rows:
        kinds[row["kind"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]] = int(row["n"].value)
    facts = next(iter(store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?f a <https://w3id.org/aseankg/ontology#Statement> }")))["n"].value
    return {"releases": len(releases), "entities by class": dict(kinds), "relations": int(facts),
            "quads": len(store), "background graph": BACKGROUND_GRAPH in graphs, "store": store.location}
