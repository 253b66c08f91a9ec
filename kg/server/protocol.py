"""The request side of the SPARQL 1.1 Protocol: a query or an update from a
GET, a URL-encoded POST or a direct POST, with the protocol's dataset
parameters; bodies read with a size limit; and the service description."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

import pyoxigraph as ox


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class SparqlRequest:
    query: str | None = None
    update: str | None = None
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    using_graphs: list[str] | None = None
    using_named_graphs: list[str] | None = None
    format: list[str] | None = None  # `format=` values (names or media types), alternatives in order


async def read_body(request, limit: int) -> bytes:
    """The request body, refused with 413 past `limit` bytes (without reading it all)."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                raise ProtocolError(413, f"request body too large ({length} bytes; the limit is {limit})")
        except ValueError:
            raise ProtocolError(400, "bad Content-Length") from None
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise ProtocolError(413, f"request body too large (over {limit} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"{what} is not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise ProtocolError(400, f"the '{name}' parameter is given {len(values)} times")
    return values[0]


def _graphs(params: dict[str, list[str]], name: str) -> list[str] | None:
    values = params.get(name)
    if values is None:
        return None
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError:
            raise ProtocolError(400, f"{name}: '{value[:200]}' is not an IRI") from None
    return list(values)


async def read_request(request, max_query_bytes: int, max_update_bytes: int) -> SparqlRequest:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    if request.method == "GET":
        if "update" in params:
            raise ProtocolError(400, "updates must be sent with POST")
    elif request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            body = _decode(await read_body(request, max_update_bytes), "the form")
            try:
                form = parse_qs(body, keep_blank_values=True, strict_parsing=False, encoding="utf-8",
                                errors="strict", max_num_fields=2000)
            except UnicodeDecodeError:
                raise ProtocolError(400, "the form's values are not UTF-8") from None
            except ValueError as exc:
                raise ProtocolError(400, f"bad form: {exc}") from None
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            if "query" in params or "update" in params:
                raise ProtocolError(400, "a direct POST carries the query in its body, not in the URL")
            params["query"] = [_decode(await read_body(request, max_query_bytes), "the query")]
        elif media == "application/sparql-update":
            if "query" in params or "update" in params:
                raise ProtocolError(400, "a direct POST carries the update in its body, not in the URL")
            params["update"] = [_decode(await read_body(request, max_update_bytes), "the update")]
        else:
            raise ProtocolError(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded, "
                                     "an update as application/sparql-update or application/x-www-form-urlencoded")
    else:
        raise ProtocolError(405, f"{request.method} is not supported here")
    req = SparqlRequest(query=_one(params, "query"), update=_one(params, "update"), format=params.get("format"),
                        default_graphs=_graphs(params, "default-graph-uri"),
                        named_graphs=_graphs(params, "named-graph-uri"),
                        using_graphs=_graphs(params, "using-graph-uri"),
                        using_named_graphs=_graphs(params, "using-named-graph-uri"))
    if req.query is not None and req.update is not None:
        raise ProtocolError(400, "give a query or an update, not both")
    if req.query is not None and len(req.query.encode("utf-8")) > max_query_bytes:
        raise ProtocolError(413, f"the query is too large (the limit is {max_query_bytes} bytes)")
    return req


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"


def service_description(endpoint: str, allow_update: bool) -> list[ox.Triple]:
    """The endpoint's SPARQL 1.1 Service Description as triples."""
    service = ox.NamedNode(endpoint)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def sd(local: str) -> ox.NamedNode:
        return ox.NamedNode(SD + local)

    triples = [ox.Triple(service, rdf_type, sd("Service")),
               ox.Triple(service, sd("endpoint"), service),
               ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
               ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
               ox.Triple(service, sd("defaultEntailmentRegime"),
                         ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
               ox.Triple(service, ox.NamedNode("http://purl.org/dc/terms/title"),
                         ox.Literal("kg: a knowledge graph of ASEAN smart-city cooperation")),
               ox.Triple(service, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                         ox.Literal("The default graph is the union of all named graphs (one per release, "
                                    "plus background graphs). SERVICE and LOAD are refused; FROM/FROM NAMED may "
                                    "name only https://w3id.org/aseankg/ graphs. Results are capped; a cut "
                                    "result carries X-KG-Truncated: true."))]
    if allow_update:
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS + name)))
    return triples
