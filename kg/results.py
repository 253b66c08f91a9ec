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


def render(result, fmt: str) -> bytes | list:
    """Bytes in `fmt`, or for "table" a (header, rows) pair of strings."""
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
        names = [v.value for v in result.variables]
        rows = [[_show(solution[n]) for n in names] for solution in result]
        return [names, rows]
    if fmt not in SELECT_FORMATS:
        raise ParameterError(f"a SELECT/ASK result cannot be written as {fmt} (use table, csv, tsv, json or xml)")
    return result.serialize(format=SELECT_FORMATS[fmt])


def _show(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        from kg.rdf.iri import ENTITY

        return term.value[len(ENTITY):] if term.value.startswith(ENTITY) else term.value
    return str(term)
