"""The SERVICE / LOAD guard cannot be spelt around (issue 19): generated
spellings of the fetching keywords (case, no space, comments, prefixed
names, codepoint escapes) are refused, or, where the guard lets a text
through, running it in Oxigraph contacts nothing. A trap server on
127.0.0.1 counts every connection; it must count none."""
from __future__ import annotations

import socket
import threading

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.server.guard import GuardError, check_query, check_update


@pytest.fixture(scope="module")
def trap():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    hits: list[int] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(1)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join(2)
    server.close()


def escape_some(word: str, mask: list[bool]) -> str:
    return "".join(f"\\u{ord(c):04X}" if m else c for c, m in zip(word, mask))


def spelled(draw, word: str) -> str:
    cased = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)
    return escape_some(cased, draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))) \
        if draw(st.booleans()) else cased


GAPS = st.sampled_from(["", " ", "\t", "\n", "#c\n", " # x\n "])


@st.composite
def fetching_queries(draw, port: int) -> str:
    url = f"http://127.0.0.1:{port}/sparql"
    gap, gap2 = draw(GAPS), draw(GAPS)
    silent = draw(st.sampled_from(["", "SILENT", "silent", "SiLeNt"]))
    target = draw(st.sampled_from([f"<{url}>", "ex:trap", "ex:", ":trap"]))
    service = spelled(draw, "SERVICE")
    prefixes = f"PREFIX ex: <http://127.0.0.1:{port}/> PREFIX : <http://127.0.0.1:{port}/x> "
    return f"{prefixes}SELECT * WHERE {{ {service}{gap}{silent}{gap2}{target} {{ ?s ?p ?o }} }}"


@st.composite
def dataset_queries(draw, port: int) -> str:
    gap = draw(GAPS)
    named = draw(st.sampled_from(["", "NAMED", "named"]))
    target = draw(st.sampled_from([f"<http://127.0.0.1:{port}/g>", "ex:g", "<file:///etc/passwd>"]))
    return (f"PREFIX ex: <http://127.0.0.1:{port}/> SELECT * {spelled(draw, 'FROM')}{gap}{named}{draw(GAPS)}"
            f"{target} WHERE {{ ?s ?p ?o }}")


def run_if_allowed(text: str, update: bool = False) -> None:
    try:
        (check_update if update else check_query)(text)
    except GuardError:
        return
    store = ox.Store()
    try:
        if update:
            store.update(text)
        else:
            list(store.query(text))
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_guard_no_spelling_of_service_or_from_reaches_the_network(trap, data):
    port, hits = trap
    run_if_allowed(data.draw(fetching_queries(port)))
    run_if_allowed(data.draw(dataset_queries(port)))
    assert not hits


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_guard_no_spelling_of_load_reaches_the_network(trap, data):
    port, hits = trap
    load = spelled(data.draw, "LOAD")
    silent = data.draw(st.sampled_from(["", "SILENT", "silent"]))
    text = f"{load}{data.draw(GAPS)}{silent}{data.draw(GAPS)}<http://127.0.0.1:{port}/data.ttl>"
    run_if_allowed(text, update=True)
    assert not hits


def test_guard_the_spellings_found_in_review_are_refused(trap):
    port, _ = trap
    for text in (f"SELECT * {{ SERVICESILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
                 f"PREFIX ex: <http://127.0.0.1:{port}/> SELECT * {{ SERVICEex:name {{ ?s ?p ?o }} }}",
                 f"SELECT * FROMNAMED<http://127.0.0.1:{port}/g> {{ ?s ?p ?o }}",
                 f"PREFIX ex: <http://127.0.0.1:{port}/> SELECT * FROMex:g {{ ?s ?p ?o }}"):
        with pytest.raises(GuardError):
            check_query(text)
    with pytest.raises(GuardError):
        check_update(f"LOADSILENT<http://127.0.0.1:{port}/x>")


def test_guard_ordinary_queries_with_the_words_in_strings_pass():
    assert not check_query('SELECT * { ?s ?p ?o FILTER(CONTAINS(STR(?o), "loaded from the service")) }').names_dataset
    assert not check_query("SELECT * { ?s ?p ?o }").names_dataset


def test_guard_the_trap_sees_an_unguarded_fetch():
    """The trap works: Oxigraph itself fetches a SERVICE (this is why the guard exists)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(5)
    port = server.getsockname()[1]
    seen: list[int] = []

    def accept():
        try:
            conn, _ = server.accept()
            seen.append(1)
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"))
    thread.join(6)
    server.close()
    assert seen
