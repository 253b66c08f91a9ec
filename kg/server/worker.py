"""A query worker: a separate process that runs one query at a time on a
read-only snapshot of the store, and that the server kills when the query
outlives its timeout (a thread cannot stop Oxigraph mid-query).

Started as `python -m kg.server.worker FD MEMORY_MB` by kg.server.pool with
one end of a socket pair; it reads Task objects and answers with Reply
objects (multiprocessing.connection framing). Its address space is capped
(RLIMIT_DATA), so a query that builds huge values dies alone; it also dies
with its parent (PR_SET_PDEATHSIG)."""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Task:
    kind: str  # "sparql": a protocol response; "rows": rows for a page
    text: str
    accept: str | None = None
    format: list[str] | None = None
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    substitutions: dict = field(default_factory=dict)
    max_rows: int = 10_000
    max_bytes: int = 64 * 1024 * 1024
    snapshot: str = ""
    generation: int = 0
    timeout: float = 0.0


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict = field(default_factory=dict)
    # for "rows" tasks
    variables: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    truncated: bool = False
    seconds: float = 0.0


def run_task(store, task: Task) -> Reply:
    """Check, run and write one query (in the worker; importable for tests)."""
    import pyoxigraph as ox

    from kg.server import formats, guard

    started = time.perf_counter()
    dataset = (task.default_graphs or []) + (task.named_graphs or [])
    try:
        checked = guard.check_query(task.text, dataset)
    except guard.GuardError as exc:
        return _error(exc.status, str(exc))
    kwargs: dict[str, Any] = {}
    items: Any
    variables: list[str]
    if task.default_graphs is not None or task.named_graphs is not None:
        # The protocol's dataset replaces the query's own (SPARQL 1.1 Protocol 2.1.4).
        kwargs["default_graph"] = [ox.NamedNode(g) for g in task.default_graphs or []]
        if task.named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in task.named_graphs]
    elif not checked.names_dataset:
        kwargs["use_default_graph_as_union"] = True
    if task.substitutions:
        kwargs["substitutions"] = {ox.Variable(k): v for k, v in task.substitutions.items()}
    try:
        result = store.query(task.text, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            kind, items, truncated, variables = "boolean", bool(result), False, []
        elif isinstance(result, ox.QueryTriples):
            kind, variables = "graph", []
            items, truncated = _take(result, task.max_rows, task.max_bytes, _triple_size)
        else:
            kind = "solutions"
            variables = [v.value for v in result.variables]
            items, truncated = _take((tuple(s[v] for v in variables) for s in result),
                                     task.max_rows, task.max_bytes, _row_size)
    except SyntaxError as exc:
        return _error(400, f"malformed SPARQL query: {_first_line(exc)}")
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return _error(500, f"the query failed: {_first_line(exc)}")
    seconds = time.perf_counter() - started

    if task.kind == "rows":
        if kind == "boolean":
            return Reply(200, variables=["boolean"], rows=[{"boolean": {"type": "literal", "value": str(items).lower()}}],
                         seconds=seconds)
        if kind == "graph":
            variables = ["subject", "predicate", "object"]
            items = [(t.subject, t.predicate, t.object) for t in items]
        rows = [{v: formats.term_json(t) for v, t in zip(variables, row) if t is not None} for row in items]
        return Reply(200, variables=variables, rows=rows, truncated=truncated, seconds=seconds)

    try:
        fmt = formats.negotiate(kind, task.accept, task.format)
    except formats.NotAcceptable as exc:
        return _error(406, str(exc))
    if kind == "boolean":
        body = result.serialize(format=fmt)
    elif kind == "graph":
        body = formats.write_graph(fmt, items)
    else:
        body = formats.write_solutions(fmt, variables, items, truncated, task.max_rows)
    headers = {"X-KG-Max-Rows": str(task.max_rows), "X-KG-Truncated": "true" if truncated else "false"}
    if kind != "boolean":
        headers["X-KG-Rows"] = str(len(items))
    if truncated:
        headers["Warning"] = f'199 kg "result truncated to {len(items)} rows (the server\'s cap is {task.max_rows})"'
    return Reply(200, body=body, content_type=formats.content_type(fmt), headers=headers, truncated=truncated,
                 seconds=time.perf_counter() - started)


def _take(iterator, max_rows: int, max_bytes: int, size) -> tuple[list, bool]:
    """At most max_rows items and about max_bytes of text; True if cut."""
    items: list = []
    total = 0
    for item in iterator:
        if len(items) >= max_rows:
            return items, True
        total += size(item)
        if total > max_bytes:
            return items, True
        items.append(item)
    return items, False


def _term_size(term) -> int:
    if term is None:
        return 0
    value = getattr(term, "value", None)
    return len(value) + 16 if isinstance(value, str) else len(str(term))


def _row_size(row) -> int:
    return sum(_term_size(t) for t in row) + 8


def _triple_size(triple) -> int:
    return _term_size(triple.subject) + _term_size(triple.predicate) + _term_size(triple.object) + 8


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:500] if text else type(exc).__name__


def _error(status: int, message: str) -> Reply:
    return Reply(status, body=(message + "\n").encode("utf-8"))


def _limit_memory(megabytes: int) -> None:
    import resource

    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _die_with_parent() -> None:
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main(argv: list[str]) -> int:
    from multiprocessing.connection import Connection

    fd, memory_mb = int(argv[0]), int(argv[1])
    _die_with_parent()
    conn = Connection(fd)
    import pyoxigraph as ox

    import kg.server.formats
    import kg.server.guard  # noqa: F401

    _limit_memory(memory_mb)
    store, generation = None, None
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return 0
        if task is None:
            return 0
        if task.generation != generation:
            store = None  # close the old snapshot before opening the new one
            try:
                store = ox.Store.read_only(task.snapshot)
                generation = task.generation
            except OSError as exc:
                conn.send(_error(503, f"the store snapshot could not be opened: {_first_line(exc)}"))
                continue
        try:
            reply = run_task(store, task)
        except MemoryError:
            reply = _error(500, "the query ran out of memory")
        reply.headers["X-KG-Generation"] = str(generation)
        conn.send(reply)


if __name__ == "__main__":
    # Run main from the imported module, so Reply pickles as kg.server.worker.Reply.
    from kg.server.worker import main as _main

    sys.exit(_main(sys.argv[1:]))
