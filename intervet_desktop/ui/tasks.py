"""The task runner: one writer worker, a general pool for long reads and exports, results
delivered on the UI thread by signal, a progress dialog that appears only after ~0.5 s and
has Cancel where the work can stop cleanly. ``inline=True`` runs everything synchronously
(tests), so GUI tests are deterministic.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from intervet_desktop.core.errors import UserError
from intervet_desktop.services.changes import Changes, Result
from intervet_desktop.services.progress import Cancelled, Progress
from intervet_desktop.services.workspace_door import Workspace
from intervet_desktop.services.writer import ProgressWriteOp, SerialWriter
from intervet_desktop.ui.i18n import tr

__all__ = ["PROGRESS_DELAY_MS", "Cancelled", "Progress", "TaskRunner"]  # Progress: services.progress

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500


@dataclass
class _Job:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_cancel: Callable[[], None] | None = None
    dialog: QProgressDialog | None = None
    timer: QTimer | None = None
    progress: Progress | None = None


class _Bridge(QObject):
    finished = Signal(int, object, object)  # job id, result, error
    progressed = Signal(int, int, int, str)


class TaskRunner(QObject):
    """Writes go through ``write`` (one at a time), long writes with progress and Cancel through
    ``write_long`` (the same writer thread); long reads and exports through ``run``."""

    changed = Signal(object)  # Changes, after every successful write
    user_error = Signal(object)  # UserError not handled by the caller
    bug = Signal(object)  # any other exception

    def __init__(self, workspace: Workspace, *, inline: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.inline = inline
        self._writer = None if inline else SerialWriter(workspace)
        self._pool = None if inline else ThreadPoolExecutor(max_workers=2, thread_name_prefix="intervet-pool")
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._bridge.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._jobs: dict[int, _Job] = {}
        self._next = 0
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ API
    def write(
        self,
        op: Callable[[Workspace], Result[Any]],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        job_id = self._register(_Job(on_done, on_error))
        if self.inline or self._writer is None:
            self._complete_inline(job_id, lambda: op(self.workspace))
            return
        future = self._writer.submit(op)
        future.add_done_callback(lambda f: self._emit(job_id, f))

    def write_now(
        self,
        op: Callable[[Workspace], Result[Any]],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> bool:
        """A short write whose outcome is needed before going on (saving a form the user is
        leaving): waits for the writer, delivers on this thread, and says whether it worked."""
        outcome: list[bool] = []

        def done(value: Any) -> None:
            outcome.append(True)
            if on_done is not None:
                on_done(value)

        def failed(error: BaseException) -> None:
            outcome.append(False)
            if on_error is not None:
                on_error(error)
            elif isinstance(error, UserError):
                self.user_error.emit(error)
            else:
                raise error

        job_id = self._register(_Job(done, failed))
        if self.inline or self._writer is None:
            self._complete_inline(job_id, lambda: op(self.workspace))
        else:
            future = self._writer.submit(op)
            error = future.exception()
            self._on_finished(job_id, None if error else future.result(), error)
        return bool(outcome and outcome[0])

    def write_long(
        self,
        op: ProgressWriteOp[Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        title: str,
        parent: QWidget | None = None,
        cancellable: bool = True,
        on_cancel: Callable[[], None] | None = None,
    ) -> Progress:
        """A write on the writer thread that reports progress and may be cancelled: ``op``
        receives the workspace and a ``Progress``. A ``Cancelled`` escaping ``op`` goes to
        ``on_cancel`` (the transaction has rolled back); a batch that stops between committed
        items returns normally and says so in its result."""
        progress = Progress()
        job = _Job(on_done, on_error, on_cancel, progress=progress)
        job_id = self._register(job)
        progress.on_update = lambda done, total, text: self._bridge.progressed.emit(job_id, done, total, text)
        if not self.inline:
            self._show_later(job, title, parent, cancellable, progress)
        if self.inline or self._writer is None:
            self._complete_inline(job_id, lambda: op(self.workspace, progress))
            return progress
        future = self._writer.submit_with_progress(op, progress)
        future.add_done_callback(lambda f: self._emit(job_id, f))
        return progress

    def run(
        self,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        title: str | None = None,
        parent: QWidget | None = None,
        cancellable: bool = True,
    ) -> Progress:
        progress = Progress()
        job = _Job(on_done, on_error, progress=progress)
        job_id = self._register(job)
        progress.on_update = lambda done, total, text: self._bridge.progressed.emit(job_id, done, total, text)
        if title is not None and not self.inline:
            self._show_later(job, title, parent, cancellable, progress)
        if self.inline or self._pool is None:
            self._complete_inline(job_id, lambda: work(progress))
            return progress
        future = self._pool.submit(work, progress)
        future.add_done_callback(lambda f: self._emit(job_id, f))
        return progress

    def close(self) -> None:
        """Cancel what can stop (a long write rolls back or stops between items), then wait."""
        with self._lock:
            running = [job.progress for job in self._jobs.values() if job.progress is not None]
        for progress in running:
            progress.cancel()
        if self._writer is not None:
            self._writer.close(wait=True)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    # ------------------------------------------------------------------ internals
    def _register(self, job: _Job) -> int:
        with self._lock:
            self._next += 1
            self._jobs[self._next] = job
            return self._next

    def _show_later(
        self, job: _Job, title: str, parent: QWidget | None, cancellable: bool, progress: Progress
    ) -> None:
        job.dialog = self._make_dialog(title, parent, cancellable, progress)
        job.timer = QTimer(self)
        job.timer.setSingleShot(True)
        job.timer.timeout.connect(job.dialog.show)
        job.timer.start(PROGRESS_DELAY_MS)

    def _make_dialog(
        self, title: str, parent: QWidget | None, cancellable: bool, progress: Progress
    ) -> QProgressDialog:
        dialog = QProgressDialog(title, tr("Tasks", "Cancel") if cancellable else "", 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(progress.cancel)
        dialog.hide()
        return dialog

    def _emit(self, job_id: int, future: Future[Any]) -> None:
        error = future.exception()
        self._bridge.finished.emit(job_id, None if error else future.result(), error)

    def _complete_inline(self, job_id: int, call: Callable[[], Any]) -> None:
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - delivered to the caller's error handler
            self._on_finished(job_id, None, exc)
            return
        self._on_finished(job_id, result, None)

    @Slot(int, int, int, str)
    def _on_progress(self, job_id: int, done: int, total: int, text: str) -> None:
        job = self._jobs.get(job_id)
        if job is None or job.dialog is None:
            return
        job.dialog.setMaximum(max(total, 0))
        job.dialog.setValue(min(done, total) if total else 0)
        if text:
            job.dialog.setLabelText(text)

    @Slot(int, object, object)
    def _on_finished(self, job_id: int, result: Any, error: BaseException | None) -> None:
        job = self._jobs.pop(job_id, None)
        if job is None:
            return
        if job.timer is not None:
            job.timer.stop()
        if job.dialog is not None:
            job.dialog.close()
            job.dialog.deleteLater()
        if error is not None:
            self._deliver_error(job, error)
            return
        if isinstance(result, Result) and result.changes:
            self.changed.emit(result.changes)
        if job.on_done is not None:
            job.on_done(result.value if isinstance(result, Result) else result)

    def _deliver_error(self, job: _Job, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            log.info("task cancelled by the user")
            if job.on_cancel is not None:
                job.on_cancel()
            return
        if job.on_error is not None:
            job.on_error(error)
        elif isinstance(error, UserError):
            self.user_error.emit(error)
        else:
            log.error("task failed", exc_info=(type(error), error, error.__traceback__))
            self.bug.emit(error)

    def broadcast(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)
