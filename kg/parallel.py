"""Ordered, bounded fan-out of batches to a process pool (used by `kg build` and `kg validate`)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def ordered_map(
    pool: ProcessPoolExecutor,
    function: Callable[[list[Item]], list[Result]],
    batches: Iterable[list[Item]],
    workers: int,
) -> Iterator[Result]:
    """`function` over each batch in the pool, results in input order. At most two batches per
    worker are in flight (unlike `Executor.map`, which submits everything at once), so memory stays
    bounded however long the stream."""
    batches = iter(batches)
    pending: deque[Future[list[Result]]] = deque()
    while True:
        while len(pending) < 2 * workers and (batch := next(batches, None)) is not None:
            pending.append(pool.submit(function, batch))
        if not pending:
            return
        yield from pending.popleft().result()


def batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
