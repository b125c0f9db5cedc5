"""Query workers: separate processes that can be killed when a query passes its deadline.

pyoxigraph cannot cancel a running query, so every user query runs in a worker process. The server
keeps a small pool of them (default: one per core); each opens the store read-only once and then
answers jobs over a pipe. When a query passes its deadline the server SIGKILLs that worker — the CPU
is freed at once — answers 503, and starts a replacement while the other workers go on serving.

Workers come from a `forkserver` started before anything else, so they never inherit the server's
threads or its read-write RocksDB handle: each opens its own read-only handle on a store nobody is
writing to (the server holds the write lock; see kg.serve.app for the write path).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing as mp
import os
import resource
import signal
import time
from collections.abc import AsyncIterator
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from kg.serve.protocol import QueryJob, Reply, execute_query

OXIGRAPH_DIR = "oxigraph"
log = logging.getLogger("kg.serve")


class QueryTimeout(Exception):
    """The query did not finish before its deadline (its worker was killed)."""


class WorkerCrashed(Exception):
    """The worker died while running the query (e.g. out of memory)."""


def open_read_only(store_dir: Path, attempts: int = 20) -> ox.Store:
    """Open the Oxigraph database read-only, retrying briefly: RocksDB may be finishing a compaction
    that the writer's open scheduled, and a read-only open during one can see a stale manifest."""
    last: Exception | None = None
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(store_dir / OXIGRAPH_DIR))
        except (OSError, RuntimeError) as error:
            last = error
            time.sleep(0.02 * (attempt + 1))
    raise RuntimeError(f"cannot open {store_dir} read-only: {last}")


def worker_main(conn: Connection, store_dir: str, memory_mb: int | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when workers stop
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        store = open_read_only(Path(store_dir))
    except Exception as error:
        conn.send(("failed", str(error)))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply = execute_query(store, job)
        except MemoryError:
            reply = Reply(
                507, b"query needs more memory than a worker may use\n", "text/plain; charset=utf-8"
            )
        except Exception as error:  # keep the worker alive; the server logs the 500
            reply = Reply(500, f"query failed: {error}\n".encode(), "text/plain; charset=utf-8")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, process: mp.process.BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.conn.close()


async def _recv(conn: Connection, timeout: float | None):
    """Wait for one message on a pipe without blocking the event loop."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future = loop.create_future()
    fd = conn.fileno()

    def readable() -> None:
        loop.remove_reader(fd)
        if future.done():
            return
        try:
            os.set_blocking(fd, True)  # uvloop leaves watched fds non-blocking; recv needs the whole message
            future.set_result(conn.recv())
        except Exception as error:
            future.set_exception(error)

    loop.add_reader(fd, readable)
    try:
        return await asyncio.wait_for(future, timeout)
    finally:
        loop.remove_reader(fd)


class WorkerPool:
    def __init__(self, store_dir: Path, size: int = 2, *, memory_mb: int | None = None) -> None:
        self.store_dir = store_dir
        self.size = max(1, size)
        self.memory_mb = memory_mb
        self._context = mp.get_context("forkserver")
        self._context.set_forkserver_preload(["kg.serve.worker"])
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._open = asyncio.Event()
        self._closing = False
        self.killed = 0  # workers killed at a deadline (for tests and /status)

    async def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=worker_main,
            args=(child, str(self.store_dir), self.memory_mb),
            daemon=True,
            name="kg-query-worker",
        )
        await asyncio.to_thread(process.start)
        child.close()
        worker = _Worker(process, parent)
        try:
            message = await _recv(parent, 120)
        except BaseException:
            worker.kill()
            raise
        if message[0] != "ready":
            worker.kill()
            raise RuntimeError(f"query worker failed to start: {message[1]}")
        self._all.add(worker)
        return worker

    def pids(self) -> list[int]:
        return sorted(w.process.pid for w in self._all if w.process.pid)

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)
        self._open.set()

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        worker.kill()
        self._all.discard(worker)
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, old: _Worker) -> None:
        await asyncio.to_thread(old.process.join, 5)
        for _attempt in range(30):
            if self._closing:
                return
            try:
                self._idle.put_nowait(await self._spawn())
                return
            except Exception:  # pragma: no cover - e.g. the store folder vanished; retry slowly
                await asyncio.sleep(1)

    async def run(self, job: QueryJob, timeout: float) -> Reply:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            await asyncio.wait_for(self._open.wait(), timeout)
            worker = await asyncio.wait_for(self._idle.get(), max(0.0, deadline - loop.time()))
        except TimeoutError:
            raise QueryTimeout("all query workers stayed busy until the deadline") from None
        try:
            os.set_blocking(worker.conn.fileno(), True)
            worker.conn.send(job)
            reply = await _recv(worker.conn, max(0.001, deadline - loop.time()))
        except TimeoutError:
            self.killed += 1
            self._retire(worker)
            raise QueryTimeout(f"the query ran past its deadline of {timeout:g} s and was stopped") from None
        except (EOFError, OSError, BrokenPipeError):
            await asyncio.to_thread(worker.process.join, 1)
            code = worker.process.exitcode
            self._retire(worker)
            log.error("query worker %s died (exit code %s) on: %s", worker.process.pid, code, job.query[:200])
            raise WorkerCrashed(f"the query worker died while running the query (exit code {code})") from None
        except BaseException:  # cancelled (client went away): the worker is still busy, so kill it
            self._retire(worker)
            raise
        self._idle.put_nowait(worker)
        return reply

    @contextlib.asynccontextmanager
    async def paused(self) -> AsyncIterator[None]:
        """Stop all workers (after their current queries) for a write, then start fresh ones that open
        the store anew: no reader ever has a handle open while the store changes."""
        self._open.clear()
        for _ in range(self.size):
            worker = await self._idle.get()
            worker.kill()
            await asyncio.to_thread(worker.process.join, 5)
            self._all.discard(worker)
        try:
            yield
        finally:
            await self.start()

    async def close(self) -> None:
        self._closing = True
        self._open.clear()
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            with contextlib.suppress(Exception):
                worker.conn.send(None)
            worker.kill()
        for worker in list(self._all):
            await asyncio.to_thread(worker.process.join, 2)
        self._all.clear()
