"""Where queries run: a pool of worker processes over read-only snapshots of
the store the server holds open.

Why this shape
--------------
- Oxigraph cannot be interrupted from another thread, and its own timeout
  does not cover work that never reads stored data (a VALUES cross
  product). So every query runs in a worker *process*, and a query that
  outlives --timeout is ended by killing its worker (SIGKILL); a new worker
  takes its place.
- pyoxigraph allows one read-write process per store directory, and
  `Store.read_only` on a directory another process writes is undefined
  behaviour. So the server process owns the store read-write (it applies the
  updates that arrive on /sparql and /store), and workers never open it.
  Instead the server takes a *snapshot* with `Store.backup` (a RocksDB
  checkpoint: hard links to immutable files, plus a flush), and workers open
  the snapshot read-only. Nobody writes a snapshot, so reading it is defined.
- A snapshot is taken lazily: after a write, the next query makes a new one
  (a "generation"); workers switch to it on their next task. Old generations
  are deleted once no worker has them open. New releases are therefore
  visible to the first query after the write that added them, and each query
  sees one consistent state of the store.

Trade-offs: each write followed by a read costs a checkpoint (a memtable
flush and a directory of hard links: milliseconds to tens of milliseconds)
and each worker reopens the store once per generation; a query in flight
during a write answers from the state before it. Updates run in the server
process and are not bounded by --timeout (only token holders can send them;
they are serialised through one writer thread)."""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kg.server.worker import Reply, Task


class QueryTimeout(Exception):
    status = 503


class WorkerFailed(Exception):
    status = 500


class Busy(Exception):
    status = 503


class Snapshots:
    """Read-only checkpoints of a live store, one directory per generation."""

    def __init__(self, store, root: Path):
        self.store = store  # kg.store.oxigraph.OxigraphStore, held read-write by this process
        self.root = root
        self.version = 0  # bumped after every write
        self._snapshot_version = -1
        self.generation = 0
        self._lock = threading.Lock()
        if root.exists():
            shutil.rmtree(root)  # left by a server that was killed; we hold the store's lock now
        root.mkdir(parents=True)

    def written(self) -> None:
        self.version += 1

    def fresh(self) -> bool:
        return self.version == self._snapshot_version

    def latest(self) -> tuple[int, str]:
        return self.generation, str(self.path(self.generation))

    def path(self, generation: int) -> Path:
        return self.root / f"gen-{generation}"

    def current(self) -> tuple[int, str]:
        """The newest generation, taken now if the store changed since."""
        with self._lock:
            version = self.version
            if version != self._snapshot_version:
                generation = self.generation + 1
                self.store.backup(str(self.path(generation)))
                self.generation, self._snapshot_version = generation, version
            return self.generation, str(self.path(self.generation))

    def prune(self, in_use: set[int]) -> None:
        with self._lock:
            keep = in_use | {self.generation}
            for child in self.root.glob("gen-*"):
                try:
                    generation = int(child.name[4:])
                except ValueError:
                    continue
                if generation not in keep:
                    shutil.rmtree(child, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class Worker:
    """One worker process and our end of its socket."""

    def __init__(self, memory_mb: int):
        ours, theirs = socket.socketpair()
        from multiprocessing.connection import Connection

        env = dict(os.environ)
        # The worker imports kg from wherever this process found it.
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.server.worker", str(theirs.fileno()), str(memory_mb)],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env, close_fds=True)
        theirs.close()
        self.conn = Connection(ours.detach())
        self.generation: int | None = None  # the snapshot it has open
        self.assigned: int | None = None  # the snapshot of the task it is running

    def wait_ready(self, timeout: float = 60.0) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise WorkerFailed("a query worker did not start")
        message = self.conn.recv()
        if not (isinstance(message, tuple) and message[0] == "ready"):
            raise WorkerFailed(f"a query worker said {message!r} at start")

    def call(self, task: Task, seconds: float) -> Reply:
        """Run `task`; kill the worker if no answer comes within `seconds`."""
        try:
            self.conn.send(task)
            if self.conn.poll(max(seconds, 0.0)):
                reply = self.conn.recv()
                self.generation = task.generation
                return reply
        except (EOFError, OSError, BrokenPipeError):
            self.kill()
            code = self.process.returncode
            reason = "ran out of memory or crashed" if code not in (None, 0) else "stopped"
            raise WorkerFailed(f"the query worker {reason} (exit {code}) while running the query") from None
        self.kill()
        raise QueryTimeout(f"the query did not finish within {task.timeout:g} s and was stopped")

    def kill(self) -> None:
        if self.process.poll() is None:
            try:
                self.process.send_signal(signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        try:
            self.conn.close()
        except OSError:
            pass
        self.generation = None

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.process.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired, BrokenPipeError):
            pass
        self.kill()


class Pool:
    """`size` workers; `run` waits for an idle one (within the timeout),
    hands it the task with the current snapshot, and replaces it if it had
    to be killed."""

    def __init__(self, snapshots: Snapshots, size: int = 2, timeout: float = 10.0, memory_mb: int = 2048):
        self.snapshots = snapshots
        self.size = size
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.workers: list[Worker] = []
        self._idle: asyncio.Queue[Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        # Blocking waits on workers, and starting their replacements.
        self._threads = ThreadPoolExecutor(max_workers=size * 2 + 2, thread_name_prefix="kg-pool")
        self._closed = False

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        assert self._loop is not None, "the pool is not started"
        return self._loop

    @property
    def idle(self) -> asyncio.Queue[Worker]:
        assert self._idle is not None, "the pool is not started"
        return self._idle

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        started = await asyncio.gather(*[self.loop.run_in_executor(self._threads, self._spawn)
                                         for _ in range(self.size)])
        for worker in started:
            self.idle.put_nowait(worker)

    def _spawn(self) -> Worker:
        worker = Worker(self.memory_mb)
        worker.wait_ready()
        self.workers.append(worker)
        return worker

    def _replace(self, worker: Worker) -> None:
        """Kill `worker` and start another in the background."""
        worker.kill()
        if worker in self.workers:
            self.workers.remove(worker)
        if self._closed:
            return

        def respawn() -> None:
            for attempt in range(3):
                if self._closed:
                    return
                try:
                    fresh = self._spawn()
                except Exception:  # noqa: BLE001 - retried, then the pool runs smaller
                    time.sleep(0.5 * (attempt + 1))
                    continue
                self.loop.call_soon_threadsafe(self.idle.put_nowait, fresh)
                return

        self._threads.submit(respawn)

    async def run(self, task: Task, timeout: float | None = None) -> Reply:
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        task.timeout = timeout
        try:
            worker = await asyncio.wait_for(self.idle.get(), timeout)
        except TimeoutError:
            raise Busy(f"every query worker stayed busy for {timeout:g} s; try again") from None
        try:
            if self.snapshots.fresh():
                generation, path = self.snapshots.latest()
            else:  # a write happened: take a snapshot (a flush and hard links) off the event loop
                generation, path = await self.loop.run_in_executor(self._threads, self.snapshots.current)
        except BaseException:
            self.idle.put_nowait(worker)
            raise
        task.generation, task.snapshot = generation, path
        worker.assigned = generation
        remaining = deadline - time.monotonic()
        try:
            reply = await self.loop.run_in_executor(self._threads, worker.call, task, remaining)
        except (QueryTimeout, WorkerFailed):
            self._replace(worker)
            raise
        except BaseException:
            # Cancelled (client gone) or something unexpected: the worker's state is unknown.
            self._replace(worker)
            raise
        worker.assigned = None
        self.idle.put_nowait(worker)
        self.snapshots.prune({g for w in self.workers for g in (w.generation, w.assigned) if g is not None})
        return reply

    async def close(self) -> None:
        self._closed = True
        loop = asyncio.get_running_loop()
        await asyncio.gather(*[loop.run_in_executor(None, w.stop) for w in list(self.workers)])
        self.workers.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
