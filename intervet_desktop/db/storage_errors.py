"""Storage failures during a write, as calm messages naming the database.

A full disk, an I/O error, a lock held too long by another connection or a file that became
read-only are not bugs: the transaction is rolled back and the person is told what happened.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import OperationalError

from intervet_desktop.core.errors import StorageError
from intervet_desktop.core.messages import msg

# primary result codes (https://sqlite.org/rescode.html): the low byte of an extended code
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13

_BY_CODE = {
    SQLITE_FULL: "db_disk_full",
    SQLITE_IOERR: "db_io_error",
    SQLITE_BUSY: "db_busy",
    SQLITE_LOCKED: "db_busy",
    SQLITE_READONLY: "db_became_readonly",
}
_BY_TEXT = {
    "database or disk is full": "db_disk_full",
    "disk i/o error": "db_io_error",
    "database is locked": "db_busy",
    "database table is locked": "db_busy",
    "attempt to write a readonly database": "db_became_readonly",
}


def storage_error(path: Path, error: BaseException) -> StorageError | None:
    """The ``StorageError`` for a driver error (raw or wrapped by SQLAlchemy), else None."""
    original = error.orig if isinstance(error, OperationalError) else error
    if not isinstance(original, sqlite3.OperationalError):
        return None
    code: int | None = getattr(original, "sqlite_errorcode", None)
    message_code = _BY_CODE.get(code & 0xFF) if code is not None else None
    if message_code is None:
        text = str(original).lower()
        message_code = next((c for t, c in _BY_TEXT.items() if t in text), None)
    if message_code is None:
        return None
    return StorageError(msg(message_code, path=path))
