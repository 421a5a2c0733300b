"""Mobility rows generated in a spawned process while this process writes them.

Generating a mobility and its twenty-odd rows is pure Python; writing them is mostly SQLite.
In one process the two take turns on the GIL (a writer thread that releases it for every row
barely runs while the generator holds it), so a large demo took the sum of both. Here a worker
process runs the same ``MobilityFactory`` and hands over ready INSERTs in chunks (statement and
parameter tuples, made by ``prepare_insert``); this process only executes them, in the build's
one transaction. The worker touches no database: a failure on either side ends the worker and
rolls the whole build back.

The worker is started before the organisations and people are made, so its imports overlap
that work; the job (random state, world, selections, rates) follows when it is ready, and the
worker sends its random state back so that what comes after is the same as in one process.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import random
import signal
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

from sqlmodel import SQLModel

from intervet_desktop.services.demo.calls import Selection
from intervet_desktop.services.demo.grants import GrantBook
from intervet_desktop.services.demo.mobilities import MobilityFactory
from intervet_desktop.services.demo.projects import ProjectPlan
from intervet_desktop.services.demo.rows import Row, prepare_insert, table_of
from intervet_desktop.services.demo.world import World

#: below this many mobilities the build stays in one process (starting a worker costs ~1 s)
WORKER_MIN_SIZE = 5_000

Prepared = tuple[str, str, list[tuple[Any, ...]]]  # table name, INSERT, parameter tuples


@dataclass
class MobilityJob:
    rng_state: tuple[Any, ...]
    today: date
    world: World
    selection: Selection
    fx_rates: dict[tuple[str, date], str]
    grants: GrantBook
    first_ids: dict[str, int]
    plans: list[tuple[ProjectPlan, int]]
    stamp: str


@dataclass
class MobilityOutcome:
    rng_state: tuple[Any, ...]
    budget: dict[int, Counter[str]]
    next_ids: dict[str, int]
    grants: GrantBook
    done: int


class ChunkEncoder:
    """The worker's row sink: ids from the first free ones it was given, rows made into INSERTs."""

    def __init__(self, conn: Connection, first_ids: dict[str, int], stamp: str) -> None:
        self._conn = conn
        self._stamp = stamp
        self._counters = {name: itertools.count(first) for name, first in first_ids.items()}
        self._chunk: list[Prepared] = []

    def id_source(self, model: type[SQLModel]) -> Callable[[], int]:
        return self._counters[table_of(model).name].__next__

    def insert(self, model: type[SQLModel], rows: Sequence[Row]) -> None:
        if rows:
            table = table_of(model)
            self._chunk.append((table.name, *prepare_insert(table, rows, self._stamp)))

    def ship(self, done: int) -> None:
        self._conn.send(("rows", self._chunk, done))
        self._chunk = []

    def next_ids(self) -> dict[str, int]:
        return {name: next(counter) for name, counter in self._counters.items()}


def _work(conn: Connection) -> None:
    """The worker process: receive one job, send chunks of INSERTs, then the outcome."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle: it ends us
    try:
        job: MobilityJob = conn.recv()
        # a short-lived process making millions of acyclic dicts and tuples: the cyclic
        # collector would only walk them again and again (about a fifth of the time)
        gc.disable()
        rng = random.Random()
        rng.setstate(job.rng_state)
        encoder = ChunkEncoder(conn, job.first_ids, job.stamp)
        factory = MobilityFactory(
            encoder, rng, job.today, job.world, job.selection, job.fx_rates, encoder.ship, job.grants
        )
        for plan, count in job.plans:
            factory.generate(plan, count)
        factory.flush()
        outcome = MobilityOutcome(
            rng.getstate(), dict(factory.budget), encoder.next_ids(), job.grants, factory.done
        )
        conn.send(("end", outcome))
    except BaseException:  # reported to the parent, which raises it there
        with contextlib.suppress(OSError):  # the parent has gone already (it failed, or Ctrl+C)
            conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


class WorkerFailed(RuntimeError):
    """The worker process raised or died: a bug, not a user's mistake."""


class MobilityWorker:
    """A spawned process that generates mobility rows; use as a context manager."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # the same on Linux, macOS and Windows
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_work, args=(child,), name="intervet-demo", daemon=True)
        self._process.start()
        child.close()

    def run(
        self,
        job: MobilityJob,
        execute: Callable[[str, str, list[tuple[Any, ...]]], None],
        progress: Callable[[int], None],
    ) -> MobilityOutcome:
        """Send the job, execute every chunk as it arrives, return the worker's outcome."""
        try:
            self._conn.send(job)
        except OSError:
            raise self._stopped() from None
        while True:
            try:
                kind, *payload = self._conn.recv()
            except (EOFError, OSError):  # closed, or reset when it died with our job unread
                raise self._stopped() from None
            if kind == "rows":
                chunk, done = payload
                for table_name, sql, params in chunk:
                    execute(table_name, sql, params)
                progress(done)
            elif kind == "end":
                outcome: MobilityOutcome = payload[0]
                return outcome
            else:
                raise WorkerFailed(f"the demo worker failed:\n{payload[0]}")

    @property
    def pid(self) -> int:
        assert self._process.pid is not None
        return self._process.pid

    def _stopped(self) -> WorkerFailed:
        self._process.join(5)
        return WorkerFailed(f"the demo worker stopped (exit code {self._process.exitcode})")

    def __enter__(self) -> MobilityWorker:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._conn.close()
        if kind is not None:  # the build failed here: the worker's rows are not wanted
            self._process.kill()
        self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
