"""A real `kg serve` for the server tests: a subprocess on a free loopback
port (--port 0; the URL is read from <store>/serve.json, which the server
writes once it answers), over a private copy of the store built from
data/releases, stopped with SIGINT at the end (and checked to remove its
serve.json)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 60.0


@dataclass
class Served:
    url: str  # ends with "/"
    sparql: str
    store: Path
    info: dict
    process: subprocess.Popen
    token: str | None = None

    def path(self, path: str) -> str:
        return self.url.rstrip("/") + path


@contextmanager
def running_server(built_store: Path, folder: Path, *args: str, token: str | None = None):
    store = folder / "kg-store"
    shutil.copytree(built_store, store)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if token:
        env["KG_SERVE_TOKEN"] = token
    else:
        env.pop("KG_SERVE_TOKEN", None)
    log = (folder / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "kg", "--store", str(store), "serve", "--port", "0", *args],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    serve_file = store / "serve.json"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not serve_file.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("kg serve did not start:\n" + (folder / "serve.log").read_text())
            time.sleep(0.05)
        info = json.loads(serve_file.read_text())
        yield Served(url=info["url"], sparql=info["sparql"], store=store, info=info, process=process, token=token)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
