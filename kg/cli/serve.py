"""kg serve."""
from __future__ import annotations

import sys

import click

from kg.cli import cli


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port (0: any free port; see <store>/serve.json).")
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=10.0, show_default=True,
              help="Seconds a query may run before it is stopped (503).")
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL Update and Graph Store writes from holders of the token "
                   "($KG_SERVE_TOKEN, else generated and printed).")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Most rows (or triples) a result holds; a cut result says so (X-KG-Truncated: true).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Query worker processes. Default: the number of CPUs, at least 2, at most 4.")
@click.option("--max-memory", "memory_mb", type=click.IntRange(0), default=2048, show_default=True,
              help="MiB of memory each query worker may use (0: no limit).")
@click.option("--get", "get_path", metavar="PATH",
              help="Run one GET request in-process (e.g. '/entity/country/japan.json'), print the body, exit.")
@click.pass_obj
def serve_cmd(obj, host, port, timeout, allow_update, max_rows, workers, memory_mb, get_path):
    """Serve the store: the SPARQL 1.1 Protocol at /sparql (read-only unless
    --allow-update) and a web UI at /.

    While it runs, the server holds the store; `kg ingest` and other writers
    reach it through the URL and token in <store>/serve.json."""
    import os

    from kg.server.app import Settings
    from kg.server.run import main_get, serve
    from kg.settings import settings as kg_settings

    location = obj.store_location or kg_settings().store
    workers = workers or min(4, max(2, os.cpu_count() or 2))
    settings = Settings(timeout=timeout, max_rows=max_rows, workers=workers, memory_mb=memory_mb,
                        allow_update=allow_update)
    if get_path is not None:
        sys.exit(main_get(location, get_path, settings))
    serve(location, host, port, settings, announce=lambda line: click.echo(line, err=True))
