"""Content negotiation and result writers for the SPARQL endpoint.

Formats come from pyoxigraph's enums (`QueryResultsFormat.from_media_type`,
`RdfFormat.from_media_type`). Solutions are written here rather than by
`QuerySolutions.serialize`, because a result cut at the row cap has to be
written from the rows kept (and the JSON form carries a marker saying so);
graphs and booleans are written by pyoxigraph."""
from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.rdf.vocab import PREFIXES as VOCAB_PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# What the endpoint writes, in order of preference when the client does not say.
SOLUTION_FORMATS = [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML,
                    ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV]
GRAPH_FORMATS = [ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML]
# Short names for the `format` request parameter (and the CLI).
SOLUTION_NAMES = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_NAMES = {"turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
               "rdfxml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD, "rdf+xml": ox.RdfFormat.RDF_XML}
ALL_NAMES = set(SOLUTION_NAMES) | set(GRAPH_NAMES)
_ALIASES = {"application/x-json+ld": "application/ld+json"}

# kg's one set of prefixes (kg.rdf.vocab), with kg's entities and ontology.
PREFIXES = {"kg": "https://w3id.org/aseankg/id/", "kgo": "https://w3id.org/aseankg/ontology#",
            **{prefix: str(ns) for prefix, ns in VOCAB_PREFIXES.items()}}


class NotAcceptable(Exception):
    status = 406


def parse_accept(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (stable for equal q)."""
    if not header:
        return ["*/*"]
    items = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, index, media))
    return [media for _, _, media in sorted(items)] or ["*/*"]


def negotiate(kind: str, accept: str | None, names: list[str] | str | None = None):
    """The format for a result of `kind` ("solutions", "boolean" or "graph"):
    the first usable `format=` value if any is given (a short name such as
    "csv" or a media type; clients like SPARQLWrapper send both), else the
    best acceptable media type of the Accept header."""
    graph = kind == "graph"
    supported = GRAPH_FORMATS if graph else SOLUTION_FORMATS
    if names:
        table = GRAPH_NAMES if graph else SOLUTION_NAMES
        known = []
        for name in [names] if isinstance(names, str) else names:
            name = _ALIASES.get(name.strip().lower(), name.strip().lower())
            fmt = table.get(name)
            if fmt is None and "/" in name:
                fmt = (ox.RdfFormat if graph else ox.QueryResultsFormat).from_media_type(name)
            if fmt is not None or name in ALL_NAMES:
                known.append(name)
            if fmt in supported:
                return fmt
        if known:
            raise NotAcceptable(f"format={'/'.join(known)} cannot hold a {kind} result "
                                f"(use one of: {', '.join(sorted(table))})")
        # Values no format here answers to (e.g. SPARQLWrapper's "n3") leave the choice to Accept.
    for media in parse_accept(accept):
        media = _ALIASES.get(media, media)
        if media in ("*/*", "application/*", "text/*"):
            if media == "text/*":
                return ox.RdfFormat.TURTLE if graph else ox.QueryResultsFormat.CSV
            return supported[0]
        fmt = (ox.RdfFormat if graph else ox.QueryResultsFormat).from_media_type(media)
        if fmt in supported:
            return fmt
    offered = ", ".join(f.media_type for f in supported)
    raise NotAcceptable(f"none of the accepted media types can hold a {kind} result (offered: {offered})")


def content_type(fmt) -> str:
    media = fmt.media_type
    return media + "; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else media


# --- terms -----------------------------------------------------------------

def term_json(term) -> dict:
    """A term as SPARQL 1.1 Query Results JSON."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _term_xml(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_term_xml(term.subject)}</subject><predicate>{_term_xml(term.predicate)}"
                f"</predicate><object>{_term_xml(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_text(value: str) -> str:
    # XML 1.0 cannot hold most C0 controls even escaped: they become U+FFFD.
    # Line breaks, tabs and the spaces at either end are written as character
    # references, which XML parsers keep (some trim or normalise raw whitespace).
    cleaned = "".join(c if c in "\t\n\r" or c >= " " else "\ufffd" for c in value)
    text = escape(cleaned, {"\r": "&#13;", "\n": "&#10;", "\t": "&#9;"})
    stripped = text.strip(" ")
    if stripped != text:
        lead = len(text) - len(text.lstrip(" "))
        trail = len(text) - len(text.rstrip(" "))
        text = "&#32;" * lead + stripped + "&#32;" * trail if stripped else "&#32;" * len(text)
    return text


def _term_csv(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


# --- writers ---------------------------------------------------------------

def write_solutions(fmt, variables: list[str], rows: list[tuple], truncated: bool, max_rows: int) -> bytes:
    """`rows` are tuples of terms (None when unbound), in `variables` order."""
    if fmt == ox.QueryResultsFormat.JSON:
        bindings = [{v: term_json(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        if truncated:
            # Not part of the standard: clients that do not know it ignore it.
            doc["truncated"] = True
            doc["maxRows"] = max_rows
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == ox.QueryResultsFormat.XML:
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        if truncated:
            out.append('<link href="https://w3id.org/aseankg/ontology#truncatedResult"/>')
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                    for v, t in zip(variables, row) if t is not None]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode("utf-8")
    if fmt == ox.QueryResultsFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_term_csv(t) for t in row])
        return buffer.getvalue().encode("utf-8")
    if fmt == ox.QueryResultsFormat.TSV:
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise NotAcceptable(f"cannot write solutions as {fmt}")


def write_graph(fmt, triples: list) -> bytes:
    if fmt in (ox.RdfFormat.TURTLE,):
        return ox.serialize(triples, format=fmt, prefixes=PREFIXES) or b""
    return ox.serialize(triples, format=fmt) or b""


def write_boolean(fmt, value: bool) -> bytes:
    if fmt == ox.QueryResultsFormat.JSON:
        return json.dumps({"head": {}, "boolean": bool(value)}).encode("utf-8")
    if fmt == ox.QueryResultsFormat.XML:
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    # CSV and TSV have no boolean form in the standard; write what Oxigraph writes.
    return ("true\n" if value else "false\n").encode("utf-8")
