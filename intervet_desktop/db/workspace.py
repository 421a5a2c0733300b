"""The workspace owns one open database: engines, lock, attachment folder.

"Open database" closes one workspace and opens another; nothing else holds an engine.
Opening never changes a file it then refuses: the file is inspected read-only first.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine
from sqlmodel import Session

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.db import backup, migrate
from intervet_desktop.db.engine import BUSY_TIMEOUT_MS, make_engine
from intervet_desktop.db.inspect_file import FileState, inspect_database
from intervet_desktop.db.lock import DatabaseLock, real_path
from intervet_desktop.db.storage_errors import storage_error

log = logging.getLogger(__name__)

#: how long closing waits for other connections before leaving the WAL to the next open
CLOSING_CHECKPOINT_WAIT_MS = 500
NETWORK_HINTS = ("dropbox", "onedrive", "google drive", "googledrive", "icloud", "nextcloud", "owncloud")


@dataclass(frozen=True)
class OpenReport:
    created: bool
    upgraded_from: str | None
    backup: Path | None
    warnings: tuple[str, ...] = ()


class Workspace:
    def __init__(self, path: Path, lock: DatabaseLock, engine: Engine, read_engine: Engine) -> None:
        self.path = path
        self.lock = lock
        self.engine = engine
        self.read_engine = read_engine
        self.files_dir = backup.files_dir(path)
        self.report = OpenReport(created=False, upgraded_from=None, backup=None)
        self._closed = False
        #: whether this session committed a write (the automatic backup on close needs one)
        self.changed = False
        self.readonly = False

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> Workspace:
        path = real_path(path)
        state = inspect_database(path)
        writable = os.access(path.parent, os.W_OK) and (not state.exists or os.access(path, os.W_OK))
        if not state.exists and not create:
            raise UnusableFileError.of("db_not_found", path=path)
        if state.exists and state.revision is not None and state.revision not in migrate.known_revisions():
            raise UnusableFileError.of("db_newer", path=path, revision=state.revision)
        if not path.parent.is_dir() or not writable:
            raise UnusableFileError.of("db_folder_readonly", folder=path.parent)
        lock = DatabaseLock(path)
        lock.acquire()
        try:
            if backup.recover_interrupted(path):
                state = inspect_database(path)  # a killed restore was finished: look again
            if lock.cleared_stale is not None:
                log.warning("cleared a stale lock left by process %s", lock.cleared_stale.pid)
            report = cls._prepare(path, state)
            lock.bind_identity()
            engine = make_engine(path)
            read_engine = make_engine(path, readonly=True)
        except BaseException:
            lock.release()
            raise
        workspace = cls(path, lock, engine, read_engine)
        workspace.report = report
        log.info("opened database (created=%s, upgraded_from=%s)", report.created, report.upgraded_from)
        return workspace

    @classmethod
    def open_readonly(cls, path: Path) -> Workspace:
        """Open a database the user may not write, for reading only (backups, exports).

        Every write is refused calmly (SQLite's read-only error is a StorageError); a
        database that would need an upgrade is refused, since upgrading means writing.
        """
        path = real_path(path)
        state = inspect_database(path)
        if not state.exists:
            raise UnusableFileError.of("db_not_found", path=path)
        if state.revision != migrate.head_revision():
            raise UnusableFileError.of("db_folder_readonly", folder=path.parent)
        lock = DatabaseLock(path)
        with contextlib.suppress(UnusableFileError):
            lock.acquire()  # where the folder lets us: a writer elsewhere is then refused
        immutable = not os.access(path.parent, os.W_OK)
        engine = make_engine(path, readonly=True, immutable=immutable)
        workspace = cls(path, lock, engine, make_engine(path, readonly=True, immutable=immutable))
        workspace.readonly = True
        log.info("opened database read-only")
        return workspace

    @staticmethod
    def _prepare(path: Path, state: FileState) -> OpenReport:
        warnings = []
        lowered = str(path).lower()
        if any(hint in lowered for hint in NETWORK_HINTS) or str(path).startswith("\\\\"):
            warnings.append("db_network_folder")
        head = migrate.head_revision()
        if state.exists and state.revision == head:
            return OpenReport(created=False, upgraded_from=None, backup=None, warnings=tuple(warnings))
        created = not state.exists
        snapshot = None
        if state.exists:
            snapshot = backup.pre_migration_backup(path, state.revision)
        engine = make_engine(path)
        try:
            try:
                migrate.upgrade(engine)
            except (sqlite3.Error, migrate.MigrationCheckFailed, Exception) as exc:
                engine.dispose()
                if snapshot is not None:
                    backup.restore_from_snapshot(snapshot, path)
                    raise UnusableFileError.of(
                        "db_migration_failed", path=path, detail=str(exc)[:200], backup=snapshot
                    ) from exc
                with contextlib.suppress(OSError):
                    path.unlink()
                raise
        finally:
            engine.dispose()
        return OpenReport(created, state.revision, snapshot, tuple(warnings))

    # ----------------------------------------------------------------- sessions
    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error.

        A full disk, an I/O error, a lock held too long by another connection or a file that
        became read-only is a ``StorageError`` naming the database (nothing was saved).
        """
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
                self.changed = True
            except BaseException as exc:
                # a failed COMMIT may already have ended the transaction: rolling back is then a no-op
                try:
                    session.rollback()
                except Exception:
                    log.exception("rollback after a failed write failed as well")
                calm = storage_error(self.path, exc) if isinstance(exc, Exception) else None
                if calm is not None:
                    log.warning("write refused by the storage: %s", calm.message.code)
                    raise calm from exc
                raise

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        with Session(self.read_engine) as session:
            yield session

    # ----------------------------------------------------------------- closing
    def checkpoint(self, *, wait_ms: int | None = None) -> None:
        """Copy the WAL into the file and empty it; ``wait_ms`` bounds the wait for other connections."""
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            if wait_ms is not None:
                raw.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
            try:
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                if wait_ms is not None:
                    raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.read_engine.dispose()
            # a courtesy on closing, not worth a wait: after Ctrl+C inside a driver call the
            # interrupted connection can hold its lock until the exception is gone
            if not self.readonly:
                with contextlib.suppress(Exception):
                    self.checkpoint(wait_ms=CLOSING_CHECKPOINT_WAIT_MS)
            self.engine.dispose()
        finally:
            self.lock.release()
        log.info("closed database")

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
