"""The embedded store: an on-disk Oxigraph database (pyoxigraph), created on
first use. Writing a release's graph is one transaction, all of it or
nothing: a load for a new graph, a SPARQL update that drops and inserts for
one that is replaced. One process writes a store at a time; while it does,
it publishes snapshots that readers open instead (kg.store.snapshots)."""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import NoStore, StoreError
from kg.settings import settings
from kg.store.base import register_store
from kg.store.snapshots import Publisher, Snapshot, claim_writer, writer_active

# A writer that finds the store held by a reader waits this long for it.
WAIT_FOR_READERS = 30.0


class _Locked(Exception):
    """Another process (or another handle in this one) holds the store."""


def _open(path: Path, read_only: bool = False, wait: float = 0.0) -> ox.Store:
    deadline = time.monotonic() + wait
    while True:
        try:
            return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as exc:
            if "lock" not in str(exc).lower():
                raise StoreError(f"{path}: cannot open the store ({exc})") from None
            if time.monotonic() >= deadline:
                raise _Locked() from None
            time.sleep(0.05)

SHA256 = "http://schema.org/sha256"


class OxigraphStore:
    transactional = True
    embedded = True

    # RocksDB holds what was written in memory until it flushes: a long ingest
    # grew by about 0.5 GB per 1,000 releases. Flush after this many writes.
    FLUSH_EVERY = 64

    def __init__(self, location: str | None, read_only: bool = False, reader: bool = False):
        """`reader`: the caller only reads, so when another process holds the
        store, its newest published snapshot will do."""
        self.location = location or ":memory:"
        self._writes = 0
        self._publisher: Publisher | None = None
        self._snapshot: Snapshot | None = None
        self._claim = None  # the writer's claim on the store (kg.store.snapshots.claim_writer)
        self._path: Path | None = None
        if location is None:  # a temporary in-memory store
            self._store = ox.Store()
            return
        path = Path(location[len("file://"):] if location.startswith("file://") else location)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: exists and is not a store directory")
        if reader and not path.exists():
            # A mistyped --store must not answer "0 releases" from a new, empty store.
            raise NoStore(f"{path}: no store here (commands that only read never create one; "
                          "`kg ingest` makes one, `kg --store PATH` or $KG_STORE names it)")
        self._path = path
        if read_only:
            self._store = _open(path, read_only=True)
            return
        if reader and writer_active(path):
            self._open_snapshot(path)
            return
        if not reader:
            # Claimed before opening: from now on, readers go to snapshots
            # instead of taking the store, and the ones that hold it finish.
            self._claim = claim_writer(path)
        try:
            self._store = _open(path, wait=0 if reader else WAIT_FOR_READERS)
        except _Locked:
            if not reader:
                self._release_claim()
                raise StoreError(f"{path}: the store is still in use after {WAIT_FOR_READERS:.0f} s "
                                 "(a long read?); try again") from None
            self._open_snapshot(path)  # another reader holds it; it published what it read
            return
        # Readers that come while we hold the store read this, until we write.
        self._publisher = Publisher(self._store, path, every=settings().snapshot_every)
        self._publisher.publish()

    def _open_snapshot(self, path: Path) -> None:
        self._snapshot = Snapshot(path)
        self._store = self._snapshot.store

    def _release_claim(self) -> None:
        if self._claim is not None:
            self._claim.close()
            self._claim = None

    @property
    def snapshot(self) -> str | None:
        """The snapshot this store reads, when another process held the store."""
        return self._snapshot.name if self._snapshot else None

    def _writable(self, what: str) -> None:
        if self._snapshot is not None:
            raise StoreError(f"cannot {what}: {self.location} is in use by another kg process; "
                             "this is a read-only snapshot of it")

    def _written(self) -> None:
        self._writes += 1
        if self._writes % self.FLUSH_EVERY == 0:
            self._store.flush()
        if self._publisher is not None:
            self._publisher.written()

    def graph_hash(self, graph: str) -> str | None:
        for quad in self._store.quads_for_pattern(None, ox.NamedNode(SHA256), None, ox.NamedNode(graph)):
            return getattr(quad.object, "value", None)
        return None

    def replace_graph(self, graph: str, ntriples: str) -> None:
        self._writable(f"write graph <{graph}>")
        try:
            node = ox.NamedNode(graph)
        except ValueError as exc:
            raise StoreError(f"cannot write graph <{graph}>: not an IRI ({exc})") from None
        data = ntriples.encode("utf-8")
        try:
            if self._store.contains_named_graph(node):
                # Drop and insert in one update, one transaction. Parsed and
                # written back by pyoxigraph first, so the update holds exactly
                # these triples: text that is not N-Triples (a stray
                # "} } ; DROP ALL") is refused, never run as part of it.
                triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
                text = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
                self._store.update(f"DROP SILENT GRAPH {node} ;\nINSERT DATA {{ GRAPH {node} {{\n{text}\n}} }}")
            else:
                # A new graph: `load` parses N-Triples only and writes all of
                # them in one transaction, or nothing.
                self._store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=node)
        except SyntaxError as exc:
            raise StoreError(f"cannot write graph <{graph}>: not N-Triples ({exc})") from None
        except OSError as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from None
        self._written()

    def drop_graph(self, graph: str) -> bool:
        self._writable(f"drop graph <{graph}>")
        node = ox.NamedNode(graph)
        if node not in set(self._store.named_graphs()):
            return False
        self._store.update(f"DROP GRAPH <{graph}>")
        self._written()
        return True

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(self, sparql: str, bindings: dict | None = None, union_default: bool = True):
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self._store.query(sparql, use_default_graph_as_union=union_default, substitutions=subs or None)

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
        if graph is not None:
            return self._store.dump(format=fmt, from_graph=ox.NamedNode(graph)) or b""
        return self._store.dump(format=fmt) or b""

    def quads(self, graph: str | None = None, subject=None, object=None) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(subject, None, object, ox.NamedNode(graph) if graph else None)

    def has_graph(self, graph: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph))

    def update(self, sparql: str) -> None:
        """Run a SPARQL update: Oxigraph applies it in one transaction."""
        self._writable("update")
        self._store.update(sparql)
        self._written()

    def backup(self, target: str) -> None:
        """A consistent copy of the store in the new directory `target`, for
        `Store.read_only` readers (hard links where on the same file system)."""
        self._store.backup(target)

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Write what is in memory to disk, and publish it to readers."""
        self._store.flush()
        if self._publisher is not None:
            self._publisher.publish_pending()

    def close(self) -> None:
        if self._snapshot is not None:
            del self._store
            self._snapshot.close()
            self._snapshot = None
            return
        self._store.flush()
        if self._publisher is not None:
            self._publisher.retire()
            self._publisher = None  # it holds the store too: the lock goes with the last reference
        del self._store
        self._release_claim()
        if self._path is not None:
            prune_logs(self._path)


# RocksDB starts a new info log (LOG) each time a store is opened and keeps
# the old ones (LOG.old.<time>, about 140 KB each): a job querying every
# minute would add 200 MB a day. kg keeps the newest few.
KEEP_LOGS = 3


def prune_logs(path: Path, keep: int = KEEP_LOGS) -> None:
    old = sorted(path.glob("LOG.old.*"), key=lambda p: p.name)
    for stale in old[:-keep] if keep else old:
        try:
            stale.unlink()
        except OSError:
            pass  # another process's: it will prune them


@register_store("file")
def open_oxigraph(location: str, reader: bool = False) -> OxigraphStore:
    return OxigraphStore(location, reader=reader)
