"""Progress and Cancel for long work (Anki's ``CollectionOp`` idea, without Qt).

A long operation receives a ``Progress``: it reports with ``report(done, total, label)`` and
stops where it can stop cleanly when ``check()`` raises ``Cancelled``. A write that is one
transaction lets ``Cancelled`` escape the ``workspace.session()`` block, which rolls everything
back; a batch whose items commit one by one polls ``cancelled`` between items and says in its
result what was done. The UI connects ``on_update`` to its progress dialog and the dialog's
Cancel to ``cancel()``; the CLI and tests use a bare ``Progress()``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """Raised by ``Progress.check()`` after the user pressed Cancel."""


class Progress:
    """Handed to long work: report with ``report``/``update``, stop cleanly when ``check`` raises."""

    def __init__(self, on_update: Callable[[int, int, str], None] | None = None) -> None:
        self._cancel = threading.Event()
        self.on_update: Callable[[int, int, str], None] = on_update or (lambda done, total, text: None)

    def report(self, done: int, total: int, label: str = "") -> None:
        self.on_update(done, total, label)

    update = report

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()
