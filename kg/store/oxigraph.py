"""The embedded store: an on-disk Oxigraph database (pyoxigraph), created on
first use. Graph replacement is one SPARQL update, which Oxigraph applies in
a single transaction: all of it or nothing."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store.base import register_store

SHA256 = "http://schema.org/sha256"


class OxigraphStore:
    transactional = True
    embedded = True

    # RocksDB holds what was written in memory until it flushes: a long ingest
    # grew by about 0.5 GB per 1,000 releases. Flush after this many writes.
    FLUSH_EVERY = 64

    def __init__(self, location: str | None, read_only: bool = False):
        self.location = location or ":memory:"
        self._writes = 0
        if location is None:  # a temporary in-memory store
            self._store = ox.Store()
            return
        path = Path(location[len("file://"):] if location.startswith("file://") else location)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: exists and is not a store directory")
        try:
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(f"{path}: the store is in use by another kg process (one writer at a time)") from None
            raise StoreError(f"{path}: cannot open the store ({exc})") from None

    def graph_hash(self, graph: str) -> str | None:
        for quad in self._store.quads_for_pattern(None, ox.NamedNode(SHA256), None, ox.NamedNode(graph)):
            return quad.object.value
        return None

    def replace_graph(self, graph: str, ntriples: str) -> None:
        try:
            node = ox.NamedNode(graph)
        except ValueError as exc:
            raise StoreError(f"cannot write graph <{graph}>: not an IRI ({exc})") from None
        try:
            # Parsed and written back by pyoxigraph, so the update holds exactly
            # these triples: text that is not N-Triples (a stray "} } ; DROP ALL")
            # is refused here instead of running as part of the update.
            triples = ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        except SyntaxError as exc:
            raise StoreError(f"cannot write graph <{graph}>: not N-Triples ({exc})") from None
        update = f"DROP SILENT GRAPH {node} ;\nINSERT DATA {{ GRAPH {node} {{\n{data}\n}} }}"
        try:
            self._store.update(update)
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from None
        self._writes += 1
        if self._writes % self.FLUSH_EVERY == 0:
            self._store.flush()

    def drop_graph(self, graph: str) -> bool:
        node = ox.NamedNode(graph)
        if node not in set(self._store.named_graphs()):
            return False
        self._store.update(f"DROP GRAPH <{graph}>")
        return True

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(self, sparql: str, bindings: dict | None = None, union_default: bool = True):
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self._store.query(sparql, use_default_graph_as_union=union_default, substitutions=subs or None)

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
        if graph is not None:
            return self._store.dump(format=fmt, from_graph=ox.NamedNode(graph))
        return self._store.dump(format=fmt)

    def quads(self, graph: str | None = None, subject=None, object=None) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(subject, None, object, ox.NamedNode(graph) if graph else None)

    def has_graph(self, graph: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph))

    def update(self, sparql: str) -> None:
        """Run a SPARQL update: Oxigraph applies it in one transaction."""
        self._store.update(sparql)

    def backup(self, target: str) -> None:
        """A consistent copy of the store in the new directory `target`, for
        `Store.read_only` readers (hard links where on the same file system)."""
        self._store.backup(target)

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        self._store.flush()
        del self._store


@register_store("file")
def open_oxigraph(location: str) -> OxigraphStore:
    return OxigraphStore(location)
