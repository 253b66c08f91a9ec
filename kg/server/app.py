"""The HTTP application: one route table (`routes`), thin handlers over
kg.server.protocol (SPARQL requests), kg.server.pool (where queries run)
and kg.server.pages (the data behind each page). Every HTML page has a JSON
twin: the same path with `.json`, or `Accept: application/json`."""
from __future__ import annotations

import asyncio
import hmac
import json
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.server import formats, guard, pages, protocol
from kg.server.pool import Busy, Pool, QueryTimeout, Snapshots, WorkerFailed
from kg.server.worker import Task

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "X-KG-Max-Rows, X-KG-Truncated, X-KG-Rows, Warning",
}
PREFLIGHT_HEADERS = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    # No Authorization: cross-origin pages can query, never update.
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Max-Age": "600",
}


@dataclass
class Settings:
    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 2
    memory_mb: int = 2048
    allow_update: bool = False
    token: str | None = None
    max_query_bytes: int = 1024 * 1024
    max_update_bytes: int = 64 * 1024 * 1024
    max_result_bytes: int = 64 * 1024 * 1024


@dataclass
class Server:
    """What the handlers share: the store (held read-write by this process),
    its snapshots, the worker pool and one writer thread."""

    store: Any  # an OxigraphStore
    settings: Settings
    snapshot_root: Path
    snapshots: Snapshots = field(init=False)
    pool: Pool = field(init=False)
    writer: ThreadPoolExecutor = field(init=False)

    def __post_init__(self):
        self.snapshots = Snapshots(self.store, self.snapshot_root)
        self.pool = Pool(self.snapshots, size=self.settings.workers, timeout=self.settings.timeout,
                         memory_mb=self.settings.memory_mb)
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-writer")

    async def write(self, fn, *args):
        """Run a write in the writer thread; the next query sees it."""
        loop = asyncio.get_running_loop()

        def apply():
            try:
                return fn(*args)
            finally:
                self.snapshots.written()
                self.store.flush()  # and readers in other processes

        return await loop.run_in_executor(self.writer, apply)

    async def read(self, fn, *args):
        """Run a read that needs the live store (not a snapshot) in the writer
        thread, which owns it; nothing is marked written."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.writer, fn, *args)

    async def query(self, task: Task):
        task.max_bytes = self.settings.max_result_bytes
        return await self.pool.run(task)


# --- helpers ---------------------------------------------------------------

def _server(request: Request) -> Server:
    return request.app.state.server


def text_error(status: int, message: str, headers: dict | None = None) -> Response:
    return Response(message.rstrip("\n") + "\n", status_code=status, media_type="text/plain; charset=utf-8",
                    headers=headers)


def wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    for media in formats.parse_accept(request.headers.get("accept")):
        if media in ("application/json", "application/*"):
            return True
        if media in ("text/html", "application/xhtml+xml", "text/*", "*/*"):
            return False
    return False


_env = None


def render(name: str, **context) -> str:
    global _env
    if _env is None:
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        _env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
        _env.filters["tojson_script"] = lambda value: json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
    return _env.get_template(name).render(**context)


def page(request: Request, template: str, data: dict, status: int = 200) -> Response:
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    path = request.url.path
    json_href = ("/index.json" if path == "/" else path.rstrip("/") + ".json") + \
        (f"?{request.url.query}" if request.url.query else "")
    return HTMLResponse(render(template, data=data, request=request, json_href=json_href), status_code=status)


def page_error(request: Request, status: int, message: str) -> Response:
    return page(request, "error.html", {"error": message, "status": status}, status=status)


async def _pool_errors(request: Request, coro):
    try:
        return await coro
    except pages.PageError as exc:
        return page_error(request, exc.status, exc.message)
    except (QueryTimeout, WorkerFailed, Busy) as exc:
        return page_error(request, exc.status, str(exc))


# --- SPARQL protocol ---------------------------------------------------------

async def sparql(request: Request) -> Response:
    server = _server(request)
    if request.method == "OPTIONS":
        return Response(status_code=204, headers=PREFLIGHT_HEADERS)
    settings = server.settings
    try:
        req = await protocol.read_request(request, settings.max_query_bytes, settings.max_update_bytes)
    except protocol.ProtocolError as exc:
        return text_error(exc.status, str(exc), CORS_HEADERS)
    if req.update is not None:
        return await _update(request, server, req)
    if req.query is None:
        return _service_description(request, server)
    task = Task("sparql", req.query, accept=request.headers.get("accept"), format=req.format,
                default_graphs=req.default_graphs, named_graphs=req.named_graphs, max_rows=settings.max_rows)
    try:
        reply = await server.query(task)
    except (QueryTimeout, WorkerFailed, Busy) as exc:
        return text_error(exc.status, str(exc), CORS_HEADERS)
    headers = {**reply.headers, **CORS_HEADERS, "Cache-Control": "no-store"}
    return Response(reply.body, status_code=reply.status, headers=headers, media_type=reply.content_type)


def _service_description(request: Request, server: Server) -> Response:
    try:
        fmt = formats.negotiate("graph", request.headers.get("accept"), request.query_params.getlist("format"))
    except formats.NotAcceptable as exc:
        return text_error(406, str(exc), CORS_HEADERS)
    endpoint = str(request.url.replace(query="", fragment=""))
    body = formats.write_graph(fmt, protocol.service_description(endpoint, server.settings.allow_update))
    return Response(body, media_type=formats.content_type(fmt), headers=CORS_HEADERS)


def _authorised(request: Request, server: Server) -> Response | None:
    """None when the request may write; else the response refusing it."""
    if not server.settings.allow_update:
        return text_error(403, "this server is read-only (start it with `kg serve --allow-update`)")
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), (server.settings.token or "").encode()):
        return text_error(401, "updates need the server's token: Authorization: Bearer TOKEN",
                          {"WWW-Authenticate": 'Bearer realm="kg"'})
    return None


async def _update(request: Request, server: Server, req: protocol.SparqlRequest) -> Response:
    refused = _authorised(request, server)
    if refused is not None:
        return refused
    if req.using_graphs or req.using_named_graphs:
        return text_error(400, "using-graph-uri / using-named-graph-uri are not supported: write USING in the update")
    text = req.update or ""

    def apply():
        guard.check_update(text)
        server.store.update(text)

    try:
        await server.write(apply)
    except guard.GuardError as exc:
        return text_error(exc.status, str(exc))
    except SyntaxError as exc:
        return text_error(400, f"malformed SPARQL update: {str(exc).splitlines()[0] if str(exc) else exc}")
    except (OSError, RuntimeError, ValueError) as exc:
        return text_error(500, f"the update failed: {str(exc).splitlines()[0] if str(exc) else exc}")
    return Response(status_code=204)


# --- Graph Store Protocol (named graphs) -------------------------------------

GRAPH_INPUT = {"application/n-triples": "N_TRIPLES", "text/turtle": "TURTLE", "application/turtle": "TURTLE",
               "text/plain": "N_TRIPLES"}


async def graph_store(request: Request) -> Response:
    """GET/PUT/POST/DELETE one named graph (?graph=IRI), as in the SPARQL 1.1
    Graph Store HTTP Protocol. Writes need --allow-update and the token; PUT
    replaces the graph in one transaction."""
    import pyoxigraph as ox

    server = _server(request)
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={**PREFLIGHT_HEADERS, "Access-Control-Allow-Methods": "GET, OPTIONS"})
    graph = request.query_params.get("graph")
    if "default" in request.query_params or not graph:
        return text_error(400, "name a graph with ?graph=IRI (kg keeps everything in named graphs)")
    try:
        node = ox.NamedNode(graph)
    except ValueError:
        return text_error(400, f"'{graph[:200]}' is not an IRI")
    if request.method == "GET":
        if not server.store.has_graph(graph):
            return text_error(404, f"no graph <{graph}>", CORS_HEADERS)
        # The graph IRI is written by pyoxigraph (a CONSTRUCT projects nothing to substitute).
        text = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH " + str(node) + " { ?s ?p ?o } }"
        task = Task("sparql", text, accept=request.headers.get("accept"), format=request.query_params.getlist("format"),
                    max_rows=max(server.settings.max_rows, 1_000_000))
        try:
            reply = await server.query(task)
        except (QueryTimeout, WorkerFailed, Busy) as exc:
            return text_error(exc.status, str(exc), CORS_HEADERS)
        if reply.truncated:
            return text_error(413, "the graph is larger than this server returns at once; use `kg export --release`",
                              CORS_HEADERS)
        return Response(reply.body, status_code=reply.status, media_type=reply.content_type,
                        headers={**reply.headers, **CORS_HEADERS})
    refused = _authorised(request, server)
    if refused is not None:
        return refused
    if request.method == "DELETE":
        existed = await server.write(server.store.drop_graph, graph)
        return Response(status_code=204) if existed else text_error(404, f"no graph <{graph}>")
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in GRAPH_INPUT:
        return text_error(415, f"send the graph as one of: {', '.join(GRAPH_INPUT)}")
    try:
        body = await protocol.read_body(request, server.settings.max_update_bytes)
    except protocol.ProtocolError as exc:
        return text_error(exc.status, str(exc))
    fmt = getattr(ox.RdfFormat, GRAPH_INPUT[media])

    def apply():
        ntriples = (ox.serialize(ox.parse(body, format=fmt), format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        existed = server.store.has_graph(graph)
        if request.method == "PUT":
            server.store.replace_graph(graph, ntriples)
        else:
            server.store.update(f"INSERT DATA {{ GRAPH {node} {{\n{ntriples}\n}} }}")
        return existed

    from kg.errors import KGError

    try:
        existed = await server.write(apply)
    except SyntaxError as exc:
        return text_error(400, f"the body is not valid {media}: {str(exc).splitlines()[0]}")
    except (KGError, OSError, ValueError) as exc:
        return text_error(400, str(exc))
    return Response(status_code=204 if existed else 201)


# --- pages -------------------------------------------------------------------

async def index(request: Request) -> Response:
    server = _server(request)
    data = {"name": "kg", "sparql": "/sparql", "store": "/store", "readOnly": not server.settings.allow_update,
            "timeout": server.settings.timeout, "maxRows": server.settings.max_rows,
            "queries": pages.saved_query_list(), "search": "/search?q="}
    return page(request, "index.html", data)


async def queries(request: Request) -> Response:
    return page(request, "queries.html", {"queries": pages.saved_query_list()})


async def saved_query(request: Request) -> Response:
    server = _server(request)
    name = request.path_params["name"]
    values = {k: v for k, v in request.query_params.items() if k != "format"}

    async def build():
        data = await pages.run_saved(server.pool, name, values, server.settings.max_rows)
        return page(request, "query.html", data)

    return await _pool_errors(request, build())


async def entity(request: Request) -> Response:
    server = _server(request)
    kind, slug = request.path_params["kind"], request.path_params["slug"]
    if kind not in pages.KINDS:
        return page_error(request, 404, f"no kind '{kind}' (kinds: {', '.join(pages.KINDS)})")

    async def build():
        data = await pages.entity(server.pool, kind, slug, server.settings.max_rows)
        if data is None:
            return page_error(request, 404, f"nothing is known about {kind}/{slug}")
        return page(request, "entity.html", data)

    return await _pool_errors(request, build())


async def search(request: Request) -> Response:
    server = _server(request)
    q = request.query_params.get("q", "")

    async def build():
        return page(request, "search.html", await pages.search(server.pool, q, server.settings.max_rows))

    return await _pool_errors(request, build())


async def void(request: Request) -> Response:
    """The VoID/DCAT description of the dataset this server holds (Turtle)."""
    from kg.rdf.void import void_graph

    server = _server(request)
    base = str(request.base_url).rstrip("/")
    graph = await server.read(lambda: void_graph(server.store, endpoint=f"{base}/sparql"))
    return Response(graph.serialize(format="turtle"), media_type="text/turtle; charset=utf-8",
                    headers={"Access-Control-Allow-Origin": "*"})


class _Static(StaticFiles):
    """kg/server/static, without the npm install folder a developer may have
    beside the vendored files (only the copied, built files are served)."""

    def lookup_path(self, path: str):
        if "node_modules" in path.replace("\\", "/").split("/"):
            return "", None
        return super().lookup_path(path)


def _page_routes(path: str, endpoint, name: str) -> list[Route]:
    """A page and its JSON twin (`path.json`; `/` has `/index.json`)."""
    twin = "/index.json" if path == "/" else path + ".json"
    return [Route(twin, endpoint, name=name + ".json"), Route(path, endpoint, name=name)]


def routes() -> list:
    return [
        Route("/sparql", sparql, methods=["GET", "POST", "OPTIONS"], name="sparql"),
        # The same endpoint under the names Oxigraph's server uses (/query, /update,
        # /store), so SPARQL clients configured for that layout work unchanged.
        Route("/query", sparql, methods=["GET", "POST", "OPTIONS"], name="query-alias"),
        Route("/update", sparql, methods=["POST", "OPTIONS"], name="update-alias"),
        Route("/store", graph_store, methods=["GET", "PUT", "POST", "DELETE", "OPTIONS"], name="store"),
        Route("/void", void, methods=["GET"], name="void"),
        Route("/.well-known/void", void, methods=["GET"], name="well-known-void"),
        *_page_routes("/", index, "index"),
        *_page_routes("/queries", queries, "queries"),
        *_page_routes("/queries/{name}", saved_query, "query"),
        *_page_routes("/entity/{kind}/{slug}", entity, "entity"),
        *_page_routes("/search", search, "search"),
        Mount("/static", _Static(directory=str(STATIC)), name="static"),
    ]


def create_app(server: Server, on_ready=None, on_stop=None) -> Starlette:
    @asynccontextmanager
    async def lifespan(app):
        app.state.server = server
        await server.pool.start()
        if on_ready:
            on_ready()
        try:
            yield
        finally:
            if on_stop:
                on_stop()
            await server.pool.close()
            server.writer.shutdown(wait=True)

    async def not_found(request: Request, exc) -> Response:
        status = getattr(exc, "status_code", 404)
        detail = getattr(exc, "detail", "not found")
        if request.url.path.startswith(("/sparql", "/store", "/static")):
            return text_error(status, str(detail))
        return page_error(request, status, str(detail))

    return Starlette(routes=routes(), lifespan=lifespan, exception_handlers={404: not_found, 405: not_found})
