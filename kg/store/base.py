"""The store contract and its registry. A store holds named graphs: one per
release, plus background graphs. Every write that touches a release replaces
its graph whole, in one transaction, so a reader never sees half a release.

Backends register by URL scheme; `open_store` picks one for a location: a
path is an embedded Oxigraph store (kg.store.oxigraph), an http(s):// URL a
remote SPARQL 1.1 store (kg.store.remote)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol, runtime_checkable

from kg.errors import UnknownPlugin


@runtime_checkable
class Store(Protocol):
    location: str
    # Capabilities, declared rather than tested by callers.
    transactional: bool
    embedded: bool

    def graph_hash(self, graph: str) -> str | None:
        """The schema:sha256 recorded in `graph` (a release's text hash), or None."""

    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Atomically replace the content of named graph `graph` by these N-Triples."""

    def drop_graph(self, graph: str) -> bool:
        """Remove a named graph; True if it existed."""

    def graphs(self) -> list[str]:
        ...

    def query(self, sparql: str, bindings: dict | None = None, union_default: bool = True):
        """A pyoxigraph QuerySolutions, QueryBoolean or QueryTriples. The
        default graph is the union of all graphs, or with union_default=False
        an empty graph (the releases are still there as named graphs)."""

    def dump(self, fmt, graph: str | None = None) -> bytes:
        ...

    def quads(self, graph: str | None = None, subject=None, object=None) -> Iterator:
        """Quads matching a pattern (None matches anything)."""

    def flush(self) -> None:
        """Make what was written durable and visible to readers in other
        processes (the embedded store publishes a snapshot)."""

    def close(self) -> None:
        ...


StoreFactory = Callable[..., Store]  # (location, reader=False) -> Store
# The built-in backends, by dotted path (imported on first use).
BUILTINS = ("kg.store.oxigraph", "kg.store.remote")
_BACKENDS: dict[str, StoreFactory] = {}


def register_store(*schemes: str) -> Callable[[StoreFactory], StoreFactory]:
    def decorate(factory: StoreFactory) -> StoreFactory:
        for scheme in schemes:
            _BACKENDS[scheme] = factory
        return factory

    return decorate


def open_store(location: str, reader: bool = False) -> Store:
    """The store at `location`: a URL picks the backend registered for its
    scheme; anything else is a path to an embedded store. A `reader` only
    reads: while another process writes an embedded store, it gets the
    newest snapshot that process published (kg.store.snapshots)."""
    import importlib

    for module in BUILTINS:  # built-in backends register on import, as plugins do
        importlib.import_module(module)
    scheme = location.split("://", 1)[0].lower() if "://" in location else "file"
    factory = _BACKENDS.get(scheme)
    if factory is None:
        raise UnknownPlugin(f"no store backend for '{scheme}://' (known: {', '.join(sorted(_BACKENDS))})")
    return factory(location, reader=reader)
