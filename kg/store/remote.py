"""A remote store: a SPARQL 1.1 server reached over HTTP(S). kg reads through
the query endpoint, writes whole graphs through the Graph Store Protocol (PUT)
when the server has one, else through SPARQL 1.1 Update, and drops graphs with
SPARQL Update.

Endpoints come from the --store URL, with overrides from the environment:

    URL ends in      query   update                      graph store
    /sparql          URL     /sparql-auth (with a user)  /sparql-graph-crud-auth (with a user)
                             /sparql      (without)      /sparql-graph-crud      (without)     [Virtuoso]
    /query           URL     /update                     /store                                [Oxigraph server]
    anything else    URL     URL                         none (writes by SPARQL Update)

    KG_STORE_QUERY_URL, KG_STORE_UPDATE_URL, KG_STORE_GSP_URL   override one endpoint
                                                                 (KG_STORE_GSP_URL=none: no graph store)
    KG_STORE_USER, KG_STORE_PASSWORD   credentials (or user:password@ in the URL)
    KG_STORE_AUTH                      digest (default, what Virtuoso wants) or basic
    KG_STORE_TOKEN                     a bearer token instead of a user
    KG_STORE_TIMEOUT                   seconds per request (default 120)

A graph store that answers 404, 405 or 501 to the first PUT is given up for
SPARQL Update for the rest of the session.

Replacing a release's graph is one write of the whole graph (a PUT, or one
update request `DROP SILENT GRAPH ; INSERT DATA`), its schema:sha256 triple
added last (a POST to the graph store, or the last operation of the update
request). The triples are parsed and written out by pyoxigraph first, so only
well-formed N-Triples are ever sent. On a server that runs one request in one
transaction (Oxigraph, Fuseki) the replacement is atomic. Virtuoso 7 is not:
it commits the operations of a failed request that had completed, and loads
a PUT in chunks; there the hash is what marks a release as stored, and a
write cut short leaves a graph without its hash, which the next ingest writes
again instead of skipping. Deadlocks and dropped connections are retried:
every write here is idempotent.

Query parameters are written into the query text by
kg.store.sparql_text.substitute (as Oxigraph's substitutions bind them), or
bound by a VALUES block where that cannot be done safely; the terms are
serialised and checked by pyoxigraph.

A server may hold graphs that are not kg's (Virtuoso keeps system graphs):
`graphs`, `quads`, `dump` and `len` see only graphs under kg's base IRI.
Virtuoso cuts results at its ResultSetMaxRows without saying so for graphs
(and with an X-SPARQL-MaxRows header for SELECT): whole graphs are read with
a count check and paged when cut; a SELECT that the server cut, or answered
in part when its time ran out (Virtuoso's "anytime" answers), is an error."""
from __future__ import annotations

import json
import os
import random
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.rdf.iri import BASE
from kg.store.base import register_store
from kg.store.sparql_text import analyse, inline_values, substitute

SHA256 = "http://schema.org/sha256"
SCOPE = BASE  # the graphs that are kg's
EMPTY_GRAPH = "urn:x-kg:no-default-graph"  # names an empty default graph (union_default=False)
RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
PAGE = 10_000
RETRIES = 6
_TRANSIENT = re.compile(r"SR172|40001|deadlock", re.IGNORECASE)  # Virtuoso's deadlock, SQL's serialization failure


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    gsp: str | None


def endpoints(url: str, env: Mapping[str, str] | None = None, has_user: bool = False) -> Endpoints:
    """The query, update and graph store URLs for a --store URL."""
    env = os.environ if env is None else env
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")

    def sibling(name: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, f"{head}/{name}", "", ""))

    query = url
    if last == "sparql":
        update = sibling("sparql-auth") if has_user else url
        gsp: str | None = sibling("sparql-graph-crud-auth" if has_user else "sparql-graph-crud")
    elif last == "query":
        update, gsp = sibling("update"), sibling("store")
    else:
        update, gsp = url, None
    query = env.get("KG_STORE_QUERY_URL") or query
    update = env.get("KG_STORE_UPDATE_URL") or update
    if "KG_STORE_GSP_URL" in env:
        gsp = None if env["KG_STORE_GSP_URL"].strip().lower() in ("", "none") else env["KG_STORE_GSP_URL"]
    return Endpoints(query, update, gsp)


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return url


def _iri(graph: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(graph)
    except ValueError as exc:
        raise StoreError(f"cannot write graph <{graph}>: not an IRI ({exc})") from None


class RemoteStore:
    transactional = False  # as atomic as the server makes one request; see the module docstring
    embedded = False

    def __init__(self, location: str, env: Mapping[str, str] | None = None):
        import httpx

        env = os.environ if env is None else env
        parts = urlsplit(location)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"{location}: not an http(s) URL of a SPARQL endpoint")
        user = env.get("KG_STORE_USER") or (parts.username and _unquote(parts.username)) or None
        password = env.get("KG_STORE_PASSWORD") or (parts.password and _unquote(parts.password)) or ""
        token = env.get("KG_STORE_TOKEN") or None
        url = _redact(location)
        self.location = url
        self.endpoints = endpoints(url, env, has_user=bool(user or token))
        self._gsp = self.endpoints.gsp
        self._sort_in_subquery = False
        auth = None
        headers = {"User-Agent": "kg (https://w3id.org/aseankg/)"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        elif user:
            kind = (env.get("KG_STORE_AUTH") or "digest").lower()
            if kind not in ("digest", "basic"):
                raise StoreError(f"KG_STORE_AUTH={kind}: use digest or basic")
            auth = httpx.DigestAuth(user, password) if kind == "digest" else httpx.BasicAuth(user, password)
        try:
            seconds = float(env.get("KG_STORE_TIMEOUT") or 120)
        except ValueError:
            raise StoreError(f"KG_STORE_TIMEOUT={env.get('KG_STORE_TIMEOUT')}: not a number of seconds") from None
        self._client = httpx.Client(auth=auth, headers=headers, timeout=httpx.Timeout(seconds, connect=10.0),
                                    follow_redirects=False)

    # -- HTTP --------------------------------------------------------------

    def _send(self, method: str, url: str, *, what: str, ok=(200, 201, 204), **kwargs):
        """One request, retried on deadlocks and lost connections; StoreError
        naming the URL and the status otherwise."""
        import httpx

        for attempt in range(RETRIES):
            last = attempt == RETRIES - 1
            try:
                response = self._client.request(method, url, **kwargs)
            except httpx.TimeoutException:
                raise StoreError(f"{what}: {method} {_redact(url)} timed out (set KG_STORE_TIMEOUT)") from None
            except httpx.TransportError as exc:
                if last or isinstance(exc, httpx.ConnectError):  # nothing listening: no use waiting
                    raise StoreError(f"{what}: {method} {_redact(url)} failed ({exc or type(exc).__name__})") from None
                self._pause(attempt)
                continue
            if response.status_code in ok:
                return response
            message = _message(response)
            if not last and (response.status_code == 503 or (response.status_code >= 500 and
                                                               _TRANSIENT.search(message))):
                self._pause(attempt)
                continue
            return self._fail(response, method, url, what, message)
        raise AssertionError("unreachable")

    @staticmethod
    def _pause(attempt: int) -> None:
        time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))

    @staticmethod
    def _fail(response, method: str, url: str, what: str, message: str):
        status = f"HTTP {response.status_code} {response.reason_phrase}".strip()
        text = f"{what}: {method} {_redact(url)} answered {status}" + (f": {message}" if message else "")
        if response.status_code == 400 and what.startswith("query"):
            raise QueryError(text)
        raise StoreError(text)

    def _select(self, sparql: str, params: dict | None = None) -> tuple[ox.QuerySolutions, bool]:
        """A SELECT's solutions and whether the server cut them short."""
        response = self._send("POST", self.endpoints.query, what="query",
                              data={"query": sparql, **(params or {})},
                              headers={"Accept": f"{RESULTS_JSON}, {RESULTS_XML};q=0.9"})
        return _results(response), "x-sparql-maxrows" in response.headers

    def _update(self, sparql: str, what: str) -> None:
        self._send("POST", self.endpoints.update, what=what, data={"update": sparql})

    # -- the Store protocol -------------------------------------------------

    def graph_hash(self, graph: str) -> str | None:
        rows, _ = self._select(f"SELECT ?h WHERE {{ GRAPH {_iri(graph)} {{ ?s <{SHA256}> ?h }} }} LIMIT 1")
        for row in rows:
            return row["h"].value
        return None

    def replace_graph(self, graph: str, ntriples: str) -> None:
        node = _iri(graph)
        try:
            # Parsed and written back by pyoxigraph: only these triples are sent,
            # whatever else the text holds ("} } ; DROP ALL" is refused here).
            triples = list(ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise StoreError(f"cannot write graph <{graph}>: not N-Triples ({exc})") from None
        marks = [t for t in triples if t.predicate.value == SHA256 and not isinstance(t.subject, ox.BlankNode)]
        body = [t for t in triples if not (t.predicate.value == SHA256 and not isinstance(t.subject, ox.BlankNode))]
        what = f"cannot write graph <{graph}>"
        if self._gsp and self._put(self._gsp, graph, body, what):
            if marks:
                self._send("POST", self._gsp, what=what, params={"graph": graph},
                           content=_nt(marks), headers={"Content-Type": "application/n-triples"})
            return
        # INSERT { } WHERE {} rather than INSERT DATA: Virtuoso refuses blank
        # nodes in INSERT DATA.
        data = _nt(body).decode("utf-8")
        insert = (f"INSERT {{ GRAPH {node} {{\n{data}\n}} }} WHERE {{}}" if any(
            isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in body)
            else f"INSERT DATA {{ GRAPH {node} {{\n{data}\n}} }}")
        update = f"DROP SILENT GRAPH {node} ;\n{insert}"
        if marks:
            update += f" ;\nINSERT DATA {{ GRAPH {node} {{ {_nt(marks).decode('utf-8')} }} }}"
        self._update(update, what)

    def _put(self, gsp: str, graph: str, triples: list, what: str) -> bool:
        """PUT the graph; False when the server has no graph store after all."""
        response = self._send("PUT", gsp, what=what, params={"graph": graph}, content=_nt(triples),
                              headers={"Content-Type": "application/n-triples"}, ok=(200, 201, 204, 404, 405, 501))
        if response.status_code in (404, 405, 501):
            self._gsp = None
            return False
        return True

    def has_graph(self, graph: str) -> bool:
        response = self._send("POST", self.endpoints.query, what="query",
                              data={"query": f"ASK {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}"},
                              headers={"Accept": f"{RESULTS_JSON}, {RESULTS_XML};q=0.9"})
        return bool(_results(response))

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the server (as atomic as the server makes it)."""
        self._update(sparql, "update")

    def drop_graph(self, graph: str) -> bool:
        node = _iri(graph)
        if not self.has_graph(graph):
            return False
        # The hash goes first, so a drop cut short never leaves a graph that
        # looks complete.
        self._update(f"DELETE WHERE {{ GRAPH {node} {{ ?s <{SHA256}> ?h }} }} ;\nDROP SILENT GRAPH {node}",
                     f"cannot drop graph <{graph}>")
        return True

    def graphs(self) -> list[str]:
        body = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), {_lit(SCOPE)})) }}"
        return sorted(row["g"].value for row in self._paged(body, "?g"))

    def query(self, sparql: str, bindings: dict | None = None, union_default: bool = True):
        shape = analyse(sparql)
        if bindings:
            # The same checks as the embedded store's substitutions (a malformed
            # query, a parameter the query does not project), then VALUES.
            ox.Store().query(sparql, substitutions={ox.Variable(k): v for k, v in bindings.items()})
            sparql = substitute(sparql, bindings) or inline_values(sparql, bindings)
        params: dict[str, str | list[str]] = {"query": sparql}
        if not union_default and not shape.has_dataset:
            # A dataset given in the request holds only the graphs it names:
            # an empty default graph, and kg's graphs as the named graphs.
            params["default-graph-uri"] = EMPTY_GRAPH
            params["named-graph-uri"] = self.graphs()
        accept = GRAPH_ACCEPT if shape.returns_graph else f"{RESULTS_JSON}, {RESULTS_XML};q=0.9"
        response = self._send("POST", self.endpoints.query, what=f"query ({shape.form})", data=params,
                              headers={"Accept": accept})
        if response.headers.get("x-sql-state", "").upper() == "S1TAT":
            # Virtuoso's "anytime" answer: what it had when MaxQueryExecutionTime ran out.
            raise StoreError(f"query: {self.endpoints.query} ran out of time and sent a partial answer "
                             f"({response.headers.get('x-sql-message', 'timeout')})")
        if shape.returns_graph:
            return _as_query_triples(_triples(response))
        if "x-sparql-maxrows" in response.headers:
            raise StoreError(f"query: {self.endpoints.query} cut the result at {response.headers['x-sparql-maxrows']}"
                             " rows (its ResultSetMaxRows): page with LIMIT/OFFSET, or raise the server's limit")
        return _results(response)

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
        if graph is not None:
            data = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in self.quads(graph)], format=fmt)
        elif not fmt.supports_datasets:
            raise StoreError(f"{fmt.name} holds one graph: give a graph, or use N-Quads or TriG")
        else:
            data = ox.serialize(list(self.quads()), format=fmt)
        return data or b""

    def quads(self, graph: str | None = None, subject=None, object=None) -> Iterator[ox.Quad]:
        if subject is None and object is None:
            for name in [graph] if graph is not None else self.graphs():
                yield from self._graph_quads(name)
            return
        s = str(subject) if subject is not None else "?s"
        o = str(object) if object is not None else "?o"
        g = str(_iri(graph)) if graph is not None else "?g"
        scope = "" if graph is not None else f"FILTER (STRSTARTS(STR(?g), {_lit(SCOPE)}))"
        body = f"SELECT * WHERE {{ GRAPH {g} {{ {s} ?p {o} }} {scope} }}"
        order = " ".join(v for v in (g, s, "?p", o) if v.startswith("?"))
        for row in self._paged(body, order):
            yield ox.Quad(subject if subject is not None else row["s"], row["p"],
                          object if object is not None else row["o"],
                          ox.NamedNode(graph) if graph is not None else row["g"])

    def _graph_quads(self, graph: str) -> Iterator[ox.Quad]:
        """A whole graph: one CONSTRUCT, checked against a count (Virtuoso
        cuts long graphs silently); paged SELECTs when it was cut."""
        node = _iri(graph)
        rows, _ = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}")
        count = int(next(iter(rows))["n"].value)
        if count == 0:
            return
        response = self._send("POST", self.endpoints.query, what="query (CONSTRUCT)",
                              data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}"},
                              headers={"Accept": GRAPH_ACCEPT})
        triples = _triples(response)
        if len(triples) < count:
            body = f"SELECT ?s ?p ?o WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}"
            triples = [ox.Triple(r["s"], r["p"], r["o"]) for r in self._paged(body, "?s ?p ?o")]
        for t in triples:
            yield ox.Quad(t.subject, t.predicate, t.object, node)

    def _paged(self, select: str, order: str) -> Iterator[ox.QuerySolution]:
        """Every solution of a SELECT, page by page in a fixed order."""
        page, offset = PAGE, 0
        while True:
            if self._sort_in_subquery:
                text = f"SELECT * WHERE {{ {{ {select} ORDER BY {order} }} }} LIMIT {page} OFFSET {offset}"
            else:
                text = f"{select} ORDER BY {order} LIMIT {page} OFFSET {offset}"
            try:
                solutions, cut = self._select(text)
            except StoreError as exc:
                # Virtuoso sorts at most ResultSetMaxRows rows for OFFSET+LIMIT
                # (SR353) and says to sort in a sub-query instead.
                if "SR353" not in str(exc) or self._sort_in_subquery:
                    raise
                self._sort_in_subquery = True
                continue
            rows = list(solutions)
            yield from rows
            offset += len(rows)
            if cut and rows and len(rows) < page:
                page = len(rows)  # the server's own limit is smaller than ours
                continue
            if len(rows) < page:
                return

    def __len__(self) -> int:
        rows, _ = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                               f"FILTER (STRSTARTS(STR(?g), {_lit(SCOPE)})) }}")
        return int(next(iter(rows))["n"].value)

    def flush(self) -> None:
        """Nothing to do: the server made each write durable and visible."""

    def close(self) -> None:
        self._client.close()


@register_store("http", "https")
def open_remote(location: str, reader: bool = False) -> RemoteStore:  # noqa: ARG001 - the server serves readers
    return RemoteStore(location)


# -- reading answers ------------------------------------------------------------

def _unquote(text: str) -> str:
    from urllib.parse import unquote

    return unquote(text)


def _lit(text: str) -> str:
    return str(ox.Literal(text))


def _nt(triples) -> bytes:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"") if triples else b""


def _message(response) -> str:
    """The first line of what the server said, short and on one line."""
    try:
        text = response.text
    except Exception:  # noqa: BLE001 - an undecodable body says nothing useful
        return ""
    if "<html" in text[:200].lower() or "<!doctype" in text[:200].lower():
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:300] + ("..." if len(text) > 300 else "")


def _media_type(response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


_BNODE_ID = re.compile(r"[^A-Za-z0-9_]")


def _results(response):
    """SPARQL JSON or XML results as pyoxigraph QuerySolutions or QueryBoolean."""
    media = _media_type(response)
    data = response.content
    if media in (RESULTS_JSON, "application/json"):
        if b'"bnode"' in data:
            data = _fix_json_bnodes(data)
        fmt = ox.QueryResultsFormat.JSON
    elif media in (RESULTS_XML, "application/xml", "text/xml"):
        if b"<bnode>" in data:
            data = re.sub(rb"<bnode>([^<]*)</bnode>",
                          lambda m: b"<bnode>" + _bnode_id(m.group(1).decode()).encode() + b"</bnode>", data)
        fmt = ox.QueryResultsFormat.XML
    else:
        raise StoreError(f"query: {response.request.url} answered {media or 'no content type'}, "
                         "not SPARQL results (JSON or XML)")
    try:
        return ox.parse_query_results(data, format=fmt)
    except SyntaxError as exc:
        raise StoreError(f"query: {response.request.url} sent results that do not parse ({exc})") from None


def _bnode_id(value: str) -> str:
    # Virtuoso names blank nodes "nodeID://b10007"; pyoxigraph wants a plain id.
    value = value.removeprefix("nodeID://").removeprefix("_:")
    return _BNODE_ID.sub("_", value) or "b"


def _fix_json_bnodes(data: bytes) -> bytes:
    doc = json.loads(data)
    for row in doc.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = _bnode_id(term["value"])
    return json.dumps(doc).encode("utf-8")


def _triples(response) -> list[ox.Triple]:
    media = _media_type(response) or "application/n-triples"
    fmt = ox.RdfFormat.from_media_type(media)
    if fmt is None:
        raise StoreError(f"query: {response.request.url} answered {media}, not RDF")
    try:
        parsed = ox.parse(response.content, format=fmt)
        return [q if isinstance(q, ox.Triple) else ox.Triple(q.subject, q.predicate, q.object) for q in parsed]
    except SyntaxError as exc:
        raise StoreError(f"query: {response.request.url} sent {media} that does not parse ({exc})") from None


def _as_query_triples(triples: list[ox.Triple]) -> ox.QueryTriples:
    """A pyoxigraph QueryTriples holding `triples` (as the embedded store returns)."""
    memory = ox.Store()
    memory.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    result = memory.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)
    return result
