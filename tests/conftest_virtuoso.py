"""A private Virtuoso Open Source 7 (Debian's `virtuoso-opensource-7`, installed
by tools/ci/install-system.sh) for the remote-store tests: started once per
session on loopback ports in a temporary folder, with a user that may update,
and stopped at the end. Tests that need it are skipped, with the reason, when
Virtuoso is not installed.

The recipe is the one in ../shared/design/NOTES.md: copy the packaged
virtuoso.ini, point its database at the temporary folder and its ports at
127.0.0.1, run `virtuoso-t +foreground`, wait for the SPARQL endpoint, then
create the user through `isql-vt`."""
from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
USER = "kgtest"
START_TIMEOUT = 60.0


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    for binary in ("virtuoso-t", "isql-vt"):
        if shutil.which(binary) is None:
            return f"{binary} not found: install Virtuoso with tools/ci/install-system.sh"
    if not PACKAGED_INI.exists():
        return f"{PACKAGED_INI} not found: install Virtuoso with tools/ci/install-system.sh"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _configure(ini: str, folder: Path, sql_port: int, http_port: int) -> str:
    """The packaged ini with the database in `folder` and the ports on loopback."""
    db = folder / "db"
    replace = {
        "Database": {"DatabaseFile": db / "virtuoso.db", "ErrorLogFile": db / "virtuoso.log",
                     "LockFile": db / "virtuoso.lck", "TransactionFile": db / "virtuoso.trx",
                     "xa_persistent_file": db / "virtuoso.pxa"},
        "TempDatabase": {"DatabaseFile": db / "virtuoso-temp.db", "TransactionFile": db / "virtuoso-temp.trx"},
        "Parameters": {"ServerPort": f"127.0.0.1:{sql_port}",
                       "DirsAllowed": f"., {folder}, /usr/share/virtuoso-opensource-7/vad",
                       "CheckpointInterval": "0"},
        "HTTPServer": {"ServerPort": f"127.0.0.1:{http_port}", "ServerThreads": "8",
                       "MaxClientConnections": "8"},
        "URIQA": {"DefaultHost": f"127.0.0.1:{http_port}"},
        "SPARQL": {"MaxQueryExecutionTime": "30"},
    }
    out, section = [], None
    for line in ini.splitlines():
        m = re.match(r"^\s*\[([^\]]+)\]", line)
        if m:
            section = m.group(1)
        else:
            m = re.match(r"^\s*([A-Za-z_]\w*)\s*=", line)
            if m and section in replace and m.group(1) in replace[section]:
                line = f"{m.group(1)} = {replace[section][m.group(1)]}"
        out.append(line)
    return "\n".join(out) + "\n"


@dataclass
class Virtuoso:
    """A running private instance."""

    folder: Path
    sql_port: int
    http_port: int
    user: str
    password: str
    process: subprocess.Popen | None = None

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def env(self) -> dict[str, str]:
        """The settings a kg process needs to write to this instance."""
        return {"KG_STORE_USER": self.user, "KG_STORE_PASSWORD": self.password}

    @classmethod
    def start(cls, folder: Path) -> Virtuoso:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "db").mkdir(exist_ok=True)
        server = cls(folder, _free_port(), _free_port(), USER, secrets.token_hex(12))
        ini = folder / "virtuoso.ini"
        ini.write_text(_configure(PACKAGED_INI.read_text(encoding="utf-8"), folder, server.sql_port,
                                  server.http_port), encoding="utf-8")
        with open(folder / "stdout.log", "wb") as log:
            server.process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=folder,
                                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            server._wait()
            server._create_user()
        except BaseException:
            server.stop()
            raise
        return server

    def _wait(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        url = f"{self.sparql_url}?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"Virtuoso did not answer on {url} within {START_TIMEOUT:.0f} s: {self.log_tail()}")

    def isql(self, *statements: str) -> str:
        args = ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba"]
        args += [f"exec={s}" for s in statements]
        proc = subprocess.run(args, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, check=False)
        if proc.returncode != 0 or "*** Error" in proc.stdout:
            raise RuntimeError(f"isql-vt failed: {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
        return proc.stdout

    def _create_user(self) -> None:
        # A SQL user with SPARQL update rights, allowed to read and write every
        # graph (DB.DBA.RDF_DEFAULT_USER_PERMS_SET: 1 read, 2 write, 4 sponge).
        self.isql(f"DB.DBA.USER_CREATE('{self.user}', '{self.password}');",
                  f"GRANT SPARQL_UPDATE TO \"{self.user}\";",
                  f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{self.user}', 7);",
                  # The anonymous SPARQL user reads only.
                  "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 1);")

    def log_tail(self) -> str:
        parts = []
        for name in ("stdout.log", "db/virtuoso.log"):
            path = self.folder / name
            if path.exists():
                parts.append(path.read_text(errors="replace")[-1500:])
        return "\n".join(parts)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def _session_server(tmp_path_factory, name: str):
    reason = virtuoso_missing()
    if reason:
        pytest.skip(reason)
    server = Virtuoso.start(tmp_path_factory.mktemp(name))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Virtuoso:
    """A private Virtuoso for the session, for tests that write and wipe small
    graphs (skips the test when Virtuoso is not installed)."""
    yield from _session_server(tmp_path_factory, "virtuoso")


@pytest.fixture(scope="session")
def virtuoso_ingest(tmp_path_factory) -> Virtuoso:
    """A second private Virtuoso, holding data/releases ingested through `kg`."""
    yield from _session_server(tmp_path_factory, "virtuoso-ingest")
