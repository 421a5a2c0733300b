"""Backups through SQLite's online backup API (never a file copy of a live WAL database).

A full backup is a zip holding ``database.db`` and the attachment folder; the
pre-migration backup is a plain ``.db`` snapshot (migrations never touch attachments).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.db.uri import sqlite_file_uri

DB_MEMBER = "database.db"
FILES_PREFIX = "files/"


def snapshot(source: Path, dest: Path) -> Path:
    """Copy a (possibly open, WAL-mode) database to ``dest`` with the backup API."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(sqlite_file_uri(source, mode="ro"), uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return dest


def backups_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".backups")


def files_dir(db_path: Path) -> Path:
    base = db_path.name[:-3] if db_path.name.endswith(".db") else db_path.name
    return db_path.with_name(base + ".files")


def timestamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def pre_migration_backup(db_path: Path, revision: str | None) -> Path:
    name = f"{db_path.stem}-before-upgrade-from-{revision or 'empty'}-{timestamp()}.db"
    return snapshot(db_path, backups_dir(db_path) / name)


def full_backup(db_path: Path, dest: Path | None = None) -> Path:
    """Zip of the database snapshot and the attachment folder; written atomically."""
    target = dest or backups_dir(db_path) / f"{db_path.stem}-{timestamp()}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    attachments = files_dir(db_path)
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".zip", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with tempfile.TemporaryDirectory() as work:
            snap = snapshot(db_path, Path(work) / DB_MEMBER)
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.write(snap, DB_MEMBER)
                if attachments.is_dir():
                    for file in sorted(attachments.rglob("*")):
                        if file.is_file():
                            archive.write(file, FILES_PREFIX + file.relative_to(attachments).as_posix())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise UnusableFileError.of("file_unwritable", path=target, detail=exc.strerror or str(exc)) from exc
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if not _is_storage_failure(exc):
            raise
        # a full disk or an I/O error while writing the copy: the live database is untouched
        raise UnusableFileError.of("file_unwritable", path=target, detail=str(exc)) from exc
    return target


def _is_storage_failure(exc: sqlite3.Error) -> bool:
    from intervet_desktop.db.storage_errors import storage_error

    return storage_error(Path(), exc) is not None


def restore_backup(archive_path: Path, db_path: Path) -> None:
    """Replace the database (closed by the caller) and its attachment folder from a backup zip.

    The database is written through the backup API into the existing file name.
    """
    try:
        archive = zipfile.ZipFile(archive_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise UnusableFileError.of("db_not_sqlite", path=archive_path) from exc
    with archive, tempfile.TemporaryDirectory() as work:
        if DB_MEMBER not in archive.namelist():
            raise UnusableFileError.of("db_not_sqlite", path=archive_path)
        try:
            extracted = Path(archive.extract(DB_MEMBER, work))
        except OSError as exc:  # no room for the unpacked copy: nothing was replaced yet
            raise UnusableFileError.of("file_unwritable", path=work, detail=exc.strerror or str(exc)) from exc
        from intervet_desktop.db.inspect_file import inspect_database

        inspect_database(extracted)
        src = sqlite3.connect(extracted)
        try:
            dst = sqlite3.connect(db_path)
            try:
                # the backup API writes the destination in one transaction: a failure leaves it whole
                src.backup(dst)
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                dst.close()
        except sqlite3.Error as exc:
            from intervet_desktop.db.storage_errors import storage_error

            calm = storage_error(db_path, exc)
            if calm is None:
                raise
            raise calm from exc
        finally:
            src.close()
        attachments = files_dir(db_path)
        members = [m for m in archive.namelist() if m.startswith(FILES_PREFIX) and not m.endswith("/")]
        for member in members:
            relative = Path(member[len(FILES_PREFIX) :])
            if relative.is_absolute() or ".." in relative.parts:
                continue
            target = attachments / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(member))


def restore_from_snapshot(snapshot_path: Path, db_path: Path) -> None:
    """Put a pre-migration snapshot back in place (after a failed upgrade)."""
    src = sqlite3.connect(snapshot_path)
    try:
        dst = sqlite3.connect(db_path)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
