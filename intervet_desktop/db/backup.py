"""Backups through SQLite's online backup API (never a file copy of a live WAL database).

A full backup is a zip holding ``database.db`` and the attachment folder; the
pre-migration backup is a plain ``.db`` snapshot (migrations never touch attachments).

Nothing goes through the shared temp folder: every temporary file is owner-only, sits in
the target's own folder and carries the process id in its name, so what a killed run left
is swept at the next start. A restore checks the whole archive before touching anything,
refuses a newer version's backup, and swaps the database and its attachment folder as one
step: a journal in its work folder lets the next start undo a half-done swap.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.core.messages import register
from intervet_desktop.core.sealed import MAGIC, SealError, is_sealed, open_stream, seal_stream
from intervet_desktop.db.uri import sqlite_file_uri
from intervet_desktop.exports.atomic import (
    TEMP_PREFIX,
    private_temp_dir,
    private_temp_file,
    remove_quietly,
    sweep_debris,
)

DB_MEMBER = "database.db"
FILES_PREFIX = "files/"
JOURNAL = "restore.json"
_STAMP = re.compile(r"-(\d{8})-(\d{6})\.zip$")

register("backup_sealed", "{path} is password-protected: give its password (--password-file).")
register(
    "backup_wrong_password",
    "{path} could not be opened: the password is wrong or the file was changed. Nothing was changed.",
)
register("backup_damaged", "{path} is not a complete InterVET backup ({detail}). Nothing was changed.")
register(
    "backup_newer",
    "{path} was made by a newer version of InterVET (database revision {revision}). "
    "Install that version to restore it. Nothing was changed.",
)


def _private_dir(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def snapshot(source: Path, dest: Path) -> Path:
    """Copy a (possibly open, WAL-mode) database to ``dest`` with the backup API."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    params = {"mode": "ro"} if os.access(source.parent, os.W_OK) else {"mode": "ro", "immutable": "1"}
    src = sqlite3.connect(sqlite_file_uri(source, **params), uri=True)
    try:
        if not dest.exists():
            os.close(os.open(dest, os.O_WRONLY | os.O_CREAT, 0o600))
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
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
    folder = _private_dir(backups_dir(db_path))
    name = f"{db_path.stem}-before-upgrade-from-{revision or 'empty'}-{timestamp()}.db"
    tmp = private_temp_file(folder, ".db")
    try:
        snapshot(db_path, tmp)
        target = folder / name
        os.replace(tmp, target)
    finally:
        remove_quietly(tmp)
    return target


def _verify_snapshot(path: Path) -> None:
    con = sqlite3.connect(sqlite_file_uri(path, mode="ro"), uri=True)
    try:
        result = con.execute("PRAGMA quick_check").fetchone()
    finally:
        con.close()
    if result is None or result[0] != "ok":
        raise UnusableFileError.of("backup_damaged", path=path, detail=str(result))


def verify_archive(archive_path: Path) -> zipfile.ZipFile:
    """Open a backup and check every member's checksum; refuse anything incomplete."""
    try:
        archive = zipfile.ZipFile(archive_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise UnusableFileError.of("db_not_sqlite", path=archive_path) from exc
    try:
        names = archive.namelist()
        if DB_MEMBER not in names:
            raise UnusableFileError.of("db_not_sqlite", path=archive_path)
        bad = archive.testzip()
    except (OSError, zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        archive.close()
        raise UnusableFileError.of("backup_damaged", path=archive_path, detail=str(exc)[:120]) from exc
    except UnusableFileError:
        archive.close()
        raise
    if bad is not None:
        archive.close()
        raise UnusableFileError.of("backup_damaged", path=archive_path, detail=bad)
    return archive


def full_backup(db_path: Path, dest: Path | None = None, *, password: str | None = None) -> Path:
    """Zip of the database snapshot and the attachment folder; written atomically, verified;
    with ``password`` sealed (AES-GCM, key from scrypt) after the check."""
    target = dest or backups_dir(db_path) / f"{db_path.stem}-{timestamp()}.zip"
    attachments = files_dir(db_path)
    tmp: Path | None = None
    snap: Path | None = None
    try:
        _private_dir(target.parent)
        sweep_debris(target.parent)
        snap = private_temp_file(target.parent, ".db")
        tmp = private_temp_file(target.parent, ".zip")
        snapshot(db_path, snap)
        _verify_snapshot(snap)
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.write(snap, DB_MEMBER)
            if attachments.is_dir():
                for file in sorted(attachments.rglob("*")):
                    if file.is_file():
                        archive.write(file, FILES_PREFIX + file.relative_to(attachments).as_posix())
        verify_archive(tmp).close()
        if password is not None:
            sealed = private_temp_file(target.parent, ".sealed")
            try:
                with tmp.open("rb") as plain, sealed.open("wb") as out:
                    seal_stream(plain, out, password)
                os.replace(sealed, tmp)
            finally:
                remove_quietly(sealed)
        os.replace(tmp, target)
    except OSError as exc:
        raise UnusableFileError.of("file_unwritable", path=target, detail=exc.strerror or str(exc)) from exc
    except sqlite3.Error as exc:
        if not _is_storage_failure(exc):
            raise
        # a full disk or an I/O error while writing the copy: the live database is untouched
        raise UnusableFileError.of("file_unwritable", path=target, detail=str(exc)) from exc
    finally:
        for leftover in (tmp, snap):
            if leftover is not None:
                remove_quietly(leftover)
    return target


def _is_storage_failure(exc: sqlite3.Error) -> bool:
    from intervet_desktop.db.storage_errors import storage_error

    return storage_error(Path(), exc) is not None


def _write_journal(work: Path, phase: str, attachments: Path) -> None:
    data = {"phase": phase, "attachments": str(attachments)}
    (work / JOURNAL).write_text(json.dumps(data), encoding="utf-8")


def _unsealed(archive_path: Path, folder: Path, password: str | None) -> Path | None:
    """A sealed backup opened into an owner-only temporary file beside the database (every
    chunk authenticated first); None when the backup is not sealed."""
    with archive_path.open("rb") as handle:
        if not is_sealed(handle.read(len(MAGIC))):
            return None
    if password is None:
        raise UnusableFileError.of("backup_sealed", path=archive_path)
    plain = private_temp_file(folder, ".zip")
    try:
        with archive_path.open("rb") as source, plain.open("wb") as out:
            for chunk in open_stream(source, password):
                out.write(chunk)
    except SealError as exc:
        remove_quietly(plain)
        raise UnusableFileError.of("backup_wrong_password", path=archive_path) from exc
    except BaseException:
        remove_quietly(plain)
        raise
    return plain


def restore_backup(archive_path: Path, db_path: Path, *, password: str | None = None) -> None:
    """Replace the database (closed by the caller) and its attachment folder from a backup zip.

    Everything is checked and unpacked beside the database first; then the attachment folder
    is swapped by renames and the database written through the backup API (one transaction).
    A failure puts the old attachment folder back; a kill is finished at the next start.
    A sealed backup needs its ``password``; a wrong one changes nothing.
    """
    plain = _unsealed(archive_path, db_path.parent, password)
    try:
        _restore_zip(plain or archive_path, archive_path, db_path)
    finally:
        if plain is not None:
            remove_quietly(plain)


def _restore_zip(zip_path: Path, archive_path: Path, db_path: Path) -> None:
    from intervet_desktop.db import migrate
    from intervet_desktop.db.inspect_file import inspect_database

    archive = verify_archive(zip_path)
    work: Path | None = None
    try:
        with archive:
            work = private_temp_dir(db_path.parent)
            extracted = work / DB_MEMBER
            new_files = work / "files"
            new_files.mkdir(mode=0o700)
            try:
                with archive.open(DB_MEMBER) as src, extracted.open("wb") as out:
                    shutil.copyfileobj(src, out)
                for member in archive.namelist():
                    if not member.startswith(FILES_PREFIX) or member.endswith("/"):
                        continue
                    relative = Path(member[len(FILES_PREFIX) :])
                    if relative.is_absolute() or ".." in relative.parts:
                        raise UnusableFileError.of("backup_damaged", path=archive_path, detail=member)
                    target = new_files / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(member) as src, target.open("wb") as out:
                        shutil.copyfileobj(src, out)
            except OSError as exc:  # no room for the unpacked copy: nothing was replaced yet
                raise UnusableFileError.of(
                    "file_unwritable", path=db_path.parent, detail=exc.strerror or str(exc)
                ) from exc
        state = inspect_database(extracted)
        if state.revision is not None and state.revision not in migrate.known_revisions():
            raise UnusableFileError.of("backup_newer", path=archive_path, revision=state.revision)
        _swap_in(work, extracted, db_path)
    finally:
        if work is not None:
            remove_quietly(work)


def _swap_in(work: Path, extracted: Path, db_path: Path) -> None:
    attachments = files_dir(db_path)
    _write_journal(work, "swapping", attachments)
    _move_files_in(work, attachments)
    try:
        _write_database(extracted, db_path)
    except sqlite3.Error as exc:
        _undo_swap(work, attachments)
        from intervet_desktop.db.storage_errors import storage_error

        calm = storage_error(db_path, exc)
        if calm is None:
            raise
        raise calm from exc
    _write_journal(work, "done", attachments)


def _move_files_in(work: Path, attachments: Path) -> None:
    """Put the unpacked attachment folder in place, keeping the old one in ``work``; safe to
    repeat after a kill at any point (each step checks what is already done)."""
    new_files = work / "files"
    old_files = work / "old-files"
    if not new_files.exists():
        return  # already moved in
    if attachments.exists() and not old_files.exists():
        os.rename(attachments, old_files)
    remove_quietly(attachments)
    os.rename(new_files, attachments)


def _write_database(extracted: Path, db_path: Path) -> None:
    src = sqlite3.connect(extracted)
    try:
        dst = sqlite3.connect(db_path)
        try:
            # the backup API writes the destination in one transaction: a failure leaves it whole
            src.backup(dst)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()


def _undo_swap(work: Path, attachments: Path) -> None:
    old_files = work / "old-files"
    remove_quietly(attachments)
    if old_files.exists():
        os.rename(old_files, attachments)


def recover_interrupted(db_path: Path) -> bool:
    """At open: finish a restore that was killed after its checks (its journal says so and the
    checked copy is still there), then sweep debris. Finishing, not undoing: the database may
    already hold the restored data, and the restored attachment folder is complete."""
    folder = db_path.parent
    finished = False
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            journal = entry / JOURNAL
            if not (entry.name.startswith(TEMP_PREFIX) and journal.is_file()):
                continue
            try:
                data = json.loads(journal.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            extracted = entry / DB_MEMBER
            same = Path(str(data.get("attachments"))) == files_dir(db_path)
            if data.get("phase") == "swapping" and same and extracted.is_file():
                _move_files_in(entry, files_dir(db_path))
                _write_database(extracted, db_path)
                finished = True
    sweep_debris(folder)
    sweep_debris(backups_dir(db_path))
    return finished


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


# ---------------------------------------------------------------- listing and retention
@dataclass(frozen=True)
class BackupFile:
    path: Path
    made: datetime
    size: int


def list_backups(folder: Path) -> list[BackupFile]:
    """Full backups in ``folder``, newest first (dated by the stamp in their names)."""
    found = []
    with contextlib.suppress(OSError):
        for path in folder.glob("*.zip"):
            match = _STAMP.search(path.name)
            if match is None or path.name.startswith(TEMP_PREFIX):
                continue
            try:
                made = datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
                found.append(BackupFile(path, made, path.stat().st_size))
            except (ValueError, OSError):
                continue
    return sorted(found, key=lambda b: b.made, reverse=True)


def to_keep(backups: list[BackupFile], *, daily: int = 7, weekly: int = 5, monthly: int = 12) -> set[Path]:
    """Grandfather-father-son: the newest backup of each of the last ``daily`` days, ``weekly``
    ISO weeks and ``monthly`` months (``backups`` newest first)."""
    keep: set[Path] = set()
    rules: tuple[tuple[int, Callable[[datetime], object]], ...] = (
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    )
    for limit, key in rules:
        seen: list[object] = []
        for item in backups:
            bucket = key(item.made)
            if bucket not in seen:
                if len(seen) >= limit:
                    break
                seen.append(bucket)
                keep.add(item.path)
    return keep


def prune_backups(folder: Path, *, made_before: datetime | None = None) -> list[Path]:
    """Delete backups the retention policy does not keep, and any made before ``made_before``
    (after a GDPR retention run: a backup must not keep the people it anonymised)."""
    backups = list_backups(folder)
    keep = to_keep(backups)
    removed = []
    for item in backups:
        expired = made_before is not None and item.made < made_before
        if item.path not in keep or expired:
            with contextlib.suppress(OSError):
                item.path.unlink()
                removed.append(item.path)
    return removed
