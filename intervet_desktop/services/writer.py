"""The writer worker contract.

Every write is a *write operation*: a function ``(workspace) -> Result[T]`` that opens
exactly one transaction (``workspace.session()``), validates with core, and returns a DTO
and the ``Changes`` it made. ``SerialWriter`` runs operations one at a time on one thread
(SQLite has one writer); the UI wraps it in its task runner and broadcasts ``Changes``.
Tests and the command line call operations directly (inline).

A long write (an import, a batch of documents) is a ``ProgressWriteOp``: it also receives a
``services.progress.Progress`` to report to and to poll for Cancel. Cancelled inside one
transaction, it raises ``Cancelled`` and nothing is saved; a batch that commits item by item
stops between items and its result says what was done.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.changes import Result
from intervet_desktop.services.progress import Progress

T = TypeVar("T")
ProgressWriteOp = Callable[[Workspace, Progress], Result[T]]

log = logging.getLogger(__name__)


class SerialWriter:
    """One thread, one operation at a time, in submission order."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="intervet-writer")
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, op: Callable[[Workspace], Result[Any]]) -> Future[Result[Any]]:
        with self._lock:
            if self._closed:
                raise RuntimeError("writer is closed")
            return self._pool.submit(op, self.workspace)

    def submit_with_progress(self, op: ProgressWriteOp[Any], progress: Progress) -> Future[Result[Any]]:
        with self._lock:
            if self._closed:
                raise RuntimeError("writer is closed")
            return self._pool.submit(op, self.workspace, progress)

    def close(self, wait: bool = True) -> None:
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
