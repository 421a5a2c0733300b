"""The writer worker contract.

Every write is a *write operation*: a function ``(workspace) -> Result[T]`` that opens
exactly one transaction (``workspace.session()``), validates with core, and returns a DTO
and the ``Changes`` it made. ``SerialWriter`` runs operations one at a time on one thread
(SQLite has one writer); the UI wraps it in its task runner and broadcasts ``Changes``.
Tests and the command line call operations directly (inline).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.changes import Result

T = TypeVar("T")

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

    def close(self, wait: bool = True) -> None:
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
