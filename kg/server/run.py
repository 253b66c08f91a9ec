"""Starting and stopping `kg serve`, the `<store>/serve.json` file that tells
other kg processes a server holds the store, and `--get` (one request
in-process, no port).

serve.json (written once the server answers, mode 0600, removed on exit):

    {
      "kg_serve": 1,                       # format version
      "url": "http://127.0.0.1:7878/",     # the web UI
      "sparql": "http://127.0.0.1:7878/sparql",   # query; also update when "update" is set
      "update": "http://127.0.0.1:7878/sparql" or null,
      "graph_store": "http://127.0.0.1:7878/store",  # PUT/POST/DELETE ?graph=IRI (with the token)
      "store_url": "http://127.0.0.1:7878/query",    # for --store: /query, /update, /store (Oxigraph's layout)
      "token": "..." or null,              # Authorization: Bearer TOKEN, only with --allow-update
      "store": "/abs/path/of/the/store",
      "pid": 12345,
      "started": "2025-11-26T00:00:00+00:00",
      "timeout": 10.0, "max_rows": 10000, "read_only": true
    }
"""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path

from kg.errors import StoreError

SERVE_FILE = "serve.json"


def store_path(location: str) -> Path:
    return Path(location.removeprefix("file://")).resolve()


def read_serve_file(location: str) -> dict | None:
    """The serve.json of a live server holding the store at `location`, or None."""
    path = store_path(location) / SERVE_FILE
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pid = info.get("pid")
    if not isinstance(pid, int):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return info


def _write_serve_file(path: Path, info: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(info, handle, indent=1)
        handle.write("\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _remove_serve_file(path: Path) -> None:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        if info.get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def _open(location: str, settings):
    from kg.server.app import Server
    from kg.store.oxigraph import OxigraphStore

    if "://" in location and not location.startswith("file://"):
        raise StoreError(f"kg serve serves an embedded store (a directory), not {location}")
    path = store_path(location)
    live = read_serve_file(str(path))
    if live is not None:
        raise StoreError(f"{path}: a kg server (pid {live['pid']}) already serves this store at {live.get('url')}")
    store = OxigraphStore(str(path))  # publishes a snapshot for `kg query` and other readers
    snapshots = path.parent / f".{path.name}.serve-snapshots"
    return Server(store=store, settings=settings, snapshot_root=snapshots), path


def serve(location: str, host: str, port: int, settings, announce=print) -> None:
    """Run the server until interrupted (SIGINT/SIGTERM)."""
    import uvicorn

    from kg.server.app import create_app

    if settings.allow_update and not settings.token:
        settings.token = os.environ.get("KG_SERVE_TOKEN") or secrets.token_urlsafe(24)
    server, path = _open(location, settings)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        server.store.close()
        raise StoreError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
    sock.listen(128)
    bound_port = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    base = f"http://{shown_host}:{bound_port}"
    serve_file = path / SERVE_FILE
    info = {
        "kg_serve": 1, "url": base + "/", "sparql": base + "/sparql",
        "update": base + "/sparql" if settings.allow_update else None,
        "graph_store": base + "/store", "token": settings.token if settings.allow_update else None,
        # For `kg --store URL`: query at /query, update at /update, graph store at /store.
        "store_url": base + "/query",
        "store": str(path), "pid": os.getpid(), "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "timeout": settings.timeout, "max_rows": settings.max_rows, "read_only": not settings.allow_update,
    }

    def ready() -> None:
        _write_serve_file(serve_file, info)
        mode = "read-write (SPARQL Update with the token)" if settings.allow_update else "read-only"
        announce(f"kg serve: {base}/  (SPARQL endpoint {base}/sparql, {mode}; "
                 f"timeout {settings.timeout:g} s, at most {settings.max_rows} rows)")
        if settings.allow_update:
            if os.environ.get("KG_SERVE_TOKEN"):
                announce("kg serve: update token from $KG_SERVE_TOKEN")
            else:
                announce(f"kg serve: update token {settings.token}")
        announce(f"kg serve: {serve_file} written; Ctrl-C stops")

    app = create_app(server, on_ready=ready, on_stop=lambda: _remove_serve_file(serve_file))
    _Server = _uvicorn_server()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=3)
    try:
        _Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        _remove_serve_file(serve_file)
        server.snapshots.close()
        server.store.close()
        sock.close()


def _uvicorn_server():
    import contextlib

    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn re-raises SIGINT/SIGTERM after its graceful shutdown; kg
        serve has shut down by then and exits 0 after its own clean-up."""

        @contextlib.contextmanager
        def capture_signals(self):
            with super().capture_signals():
                try:
                    yield
                finally:
                    getattr(self, "_captured_signals", []).clear()

    return Server


def get(location: str, target: str, settings, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    """One GET request through the application in-process (no port):
    (status, headers, body)."""
    from kg.server.app import create_app

    settings.workers = 1
    server, _ = _open(location, settings)
    app = create_app(server)
    path, _, query = target.partition("?")
    request_headers = [(b"host", b"localhost")] + [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]

    async def run():
        status, response_headers, chunks = 0, {}, []
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                 "scheme": "http", "path": path or "/", "raw_path": (path or "/").encode(),
                 "query_string": query.encode(), "root_path": "", "headers": request_headers,
                 "client": ("127.0.0.1", 0), "server": ("localhost", 80), "state": {}}
        sent = False

        async def receive():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.sleep(3600)
            return {"type": "http.disconnect"}

        async def send(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for key, value in message.get("headers", []):
                    response_headers[key.decode("latin-1")] = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        async with app.router.lifespan_context(app):
            await app(scope, receive, send)
        return status, response_headers, b"".join(chunks)

    try:
        return asyncio.run(run())
    finally:
        server.snapshots.close()
        server.store.close()


def main_get(location: str, target: str, settings, headers=None) -> int:
    status, _, body = get(location, target, settings, headers)
    sys.stdout.buffer.write(body)
    sys.stdout.flush()
    return 0 if 200 <= status < 400 else 1
