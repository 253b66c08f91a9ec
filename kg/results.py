"""Query results in the formats of the contract: a readable table, and the
standard SPARQL result and RDF serialisations (written by pyoxigraph)."""
from __future__ import annotations

import pyoxigraph as ox

from kg.errors import ParameterError

SELECT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD,
                 "ntriples": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML}
FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "nquads", "jsonld"]


def render(result, fmt: str, hide: tuple[str, ...] = (), wide: bool = False) -> bytes | list:
    """Bytes in `fmt`, or for "table" a (header, rows) pair of strings: the
    label columns first, without the columns in `hide` (a parameter the
    query only echoes), IRIs as prefixed names unless `wide`."""
    if isinstance(result, ox.QueryTriples):
        if fmt == "table":
            rows = [[_show(t.subject), _show(t.predicate), _show(t.object)] for t in result]
            return [["subject", "predicate", "object"], rows]
        if fmt not in GRAPH_FORMATS:
            raise ParameterError(f"a CONSTRUCT/DESCRIBE result cannot be written as {fmt} "
                                 f"(use turtle, nquads or jsonld)")
        return result.serialize(format=GRAPH_FORMATS[fmt]) or b""
    if fmt == "table":
        if isinstance(result, ox.QueryBoolean):
            return [["result"], [["true" if bool(result) else "false"]]]
        names = [v.value for v in result.variables if v.value not in hide]
        names.sort(key=lambda n: 0 if n.lower().endswith("label") else 1)  # stable: the query's order otherwise
        rows = [[_show(solution[n], wide) for n in names] for solution in result]
        return [names, rows]
    if fmt not in SELECT_FORMATS:
        raise ParameterError(f"a SELECT/ASK result cannot be written as {fmt} (use table, csv, tsv, json or xml)")
    return result.serialize(format=SELECT_FORMATS[fmt])


_SHORT = [("https://w3id.org/aseankg/id/", ""), ("https://w3id.org/aseankg/release/", "release:"),
          ("https://w3id.org/aseankg/graph/release/", "graph:"), ("https://w3id.org/aseankg/ontology#", "kgo:"),
          ("http://schema.org/", "schema:"), ("http://www.w3.org/2004/02/skos/core#", "skos:"),
          ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"), ("http://www.w3.org/ns/org#", "org:"),
          ("http://www.wikidata.org/entity/", "wd:")]


def _show(term, wide: bool = False) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        if wide:
            return term.value
        for long, short in _SHORT:  # entity IRIs as their keys, the rest as prefixed names
            if term.value.startswith(long):
                return short + term.value[len(long):]
        return term.value
    return str(term)
