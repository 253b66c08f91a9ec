"""Read-only snapshots of an embedded store, so that readers (`kg query`,
`kg export`, `kg stats`...) can answer while another process writes.

Why: pyoxigraph lets one process at a time open a store directory, and
opening it read-only while another process writes it is undefined. So the
writer *publishes* snapshots: RocksDB checkpoints (`Store.backup`: a flush
and hard links to immutable files), each a committed state of the store, so
whole releases only. A reader that finds the store locked opens the newest
snapshot read-only.

Layout, inside the store directory (RocksDB ignores what it did not write):

    kg-store/kg-writer.lock                held (flock, exclusive) by the writer
    kg-store/kg-snapshots/CURRENT          the name of the newest snapshot
    kg-store/kg-snapshots/<name>/          one checkpoint
    kg-store/kg-snapshots/<name>.lock      held (flock, shared) by its readers

A writer claims the store before it opens it, and waits for readers that
hold it to finish; a reader that sees the claim, or finds the store held,
reads the newest snapshot instead. The writer replaces CURRENT atomically,
and deletes an older snapshot only when it can lock it exclusively, that is
when no reader has it open. When the writer closes the store, the snapshots
go: readers open the store itself again. A reader that opens a free store
publishes one too, for the readers that come while it holds the store."""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError

FOLDER = "kg-snapshots"
CURRENT = "CURRENT"
WRITER_LOCK = "kg-writer.lock"
# A writer publishes its first snapshot as it opens the store; a reader that
# finds the store locked waits this long for it.
WAIT_FOR_FIRST = 5.0


def claim_writer(path: Path):
    """The writer's claim on the store at `path`: an open file holding an
    exclusive lock, released when closed (or when the process dies)."""
    path.mkdir(parents=True, exist_ok=True)
    claim = open(path / WRITER_LOCK, "a")  # noqa: SIM115 - held by the store until it closes
    for _ in range(20):  # a reader's probe (writer_active) holds the lock for an instant
        try:
            fcntl.flock(claim, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return claim
        except BlockingIOError:
            time.sleep(0.05)
    claim.close()
    raise StoreError(f"{path}: the store is in use by another kg process (one writer at a time)")


def writer_active(path: Path) -> bool:
    """Whether a writer has claimed the store at `path`."""
    try:
        probe = open(path / WRITER_LOCK)  # noqa: SIM115
    except FileNotFoundError:
        return False
    with probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        return False


class Publisher:
    """The writer's side, for one store it holds read-write."""

    def __init__(self, store: ox.Store, path: Path, every: float):
        self.store = store
        self.every = every  # seconds, at most, between snapshots while writes go on
        self.root = path / FOLDER
        self.pending = True  # nothing published yet
        self.last = 0.0

    def written(self) -> None:
        """Call after each committed write: publishes now, or marks it pending
        when the last snapshot is younger than `every` seconds."""
        self.pending = True
        if time.monotonic() - self.last >= self.every:
            self.publish()

    def publish(self) -> None:
        """A snapshot of the store as it is now becomes the newest."""
        self.root.mkdir(exist_ok=True)
        name = f"{time.time_ns():x}-{os.getpid()}"
        self.store.backup(str(self.root / name))
        pointer = self.root / f"{CURRENT}.{os.getpid()}"
        pointer.write_text(name, encoding="utf-8")
        os.replace(pointer, self.root / CURRENT)
        self.pending, self.last = False, time.monotonic()
        self.prune(keep=name)

    def publish_pending(self) -> None:
        """Publish unless the newest snapshot already shows the store as it is."""
        if self.pending:
            self.publish()

    def prune(self, keep: str | None) -> None:
        """Delete every snapshot but `keep` that no reader holds."""
        if not self.root.is_dir():
            return
        names = {p.name.removesuffix(".lock") for p in self.root.iterdir() if not p.name.startswith(CURRENT)}
        for name in names - {keep}:
            lock_path = self.root / f"{name}.lock"
            with open(lock_path, "a") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a reader has it open
                shutil.rmtree(self.root / name, ignore_errors=True)
                lock_path.unlink(missing_ok=True)

    def retire(self) -> None:
        """The writer is done: readers can open the store itself."""
        (self.root / CURRENT).unlink(missing_ok=True)
        self.prune(keep=None)
        try:
            self.root.rmdir()
        except OSError:
            pass  # a reader still holds a snapshot; the next writer cleans up


class Snapshot:
    """A reader's hold on the newest snapshot: the store, opened read-only,
    and a shared lock that keeps the writer from deleting it."""

    def __init__(self, path: Path):
        root = path / FOLDER
        deadline = time.monotonic() + WAIT_FOR_FIRST
        while time.monotonic() <= deadline:  # the writer may publish and prune between our steps
            try:
                name = (root / CURRENT).read_text(encoding="utf-8").strip()
                lock = open(root / f"{name}.lock", "a")  # noqa: SIM115 - held until close()
            except FileNotFoundError:
                time.sleep(0.05)  # a writer that has just opened the store publishes in a moment
                continue
            fcntl.flock(lock, fcntl.LOCK_SH)
            try:
                if (root / name).is_dir():
                    self.store = ox.Store.read_only(str(root / name))
                    self.name, self._lock = name, lock
                    return
            except OSError:
                pass  # pruned while we opened it: the next one
            lock.close()
        raise StoreError(f"{path}: the store is in use by another process that publishes no snapshots "
                         "to read (an older kg?)")

    def close(self) -> None:
        del self.store
        self._lock.close()
