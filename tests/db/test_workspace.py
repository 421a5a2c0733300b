"""Workspace: lock, stale lock, checkpoint on close, backup/restore, and every bad-input case
with the file's bytes compared before and after."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.db import backup
from intervet_desktop.db.lock import DatabaseLock
from intervet_desktop.db.workspace import Workspace


def make_db(path: Path) -> Path:
    with Workspace.open(path, create=True) as ws, ws.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO app_setting (key, value, created_at, updated_at) "
            "VALUES ('probe', '\"Ελληνικά\"', '2026-01-01', '2026-01-01')"
        )
    return path


def refused(path: Path, code: str) -> None:
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(UnusableFileError) as info:
        Workspace.open(path)
    assert info.value.message.code == code
    assert info.value.exit_code == 2
    after = path.read_bytes() if path.exists() else None
    assert after == before


def test_new_database_is_created_with_attachment_folder_next_to_it(db_path: Path) -> None:
    with Workspace.open(db_path) as ws:
        assert ws.report.created
        assert ws.files_dir == db_path.with_name("test.files")
    assert db_path.exists()


def test_close_checkpoints_so_a_copied_db_is_complete(db_path: Path) -> None:
    make_db(db_path)
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    copy = db_path.with_name("copy.db")
    copy.write_bytes(db_path.read_bytes())
    con = sqlite3.connect(copy)
    try:
        assert con.execute("SELECT value FROM app_setting WHERE key='probe'").fetchone() == ('"Ελληνικά"',)
    finally:
        con.close()


def test_close_does_not_wait_out_a_connection_still_writing(db_path: Path) -> None:
    """Ctrl+C inside a driver call can leave a connection holding its write lock until the
    exception is gone; closing then skips the checkpoint instead of waiting 10 s for it."""
    make_db(db_path)
    ws = Workspace.open(db_path)
    other = sqlite3.connect(db_path, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE app_setting SET value = '\"changed\"' WHERE key = 'probe'")
        started = time.monotonic()
        ws.close()
        assert time.monotonic() - started < 5  # the busy timeout is 10 s
        assert DatabaseLock(db_path).read_info() is None  # the lock is released all the same
    finally:
        other.rollback()
        other.close()
    with Workspace.open(db_path) as again, again.engine.connect() as conn:
        value = conn.exec_driver_sql("SELECT value FROM app_setting WHERE key='probe'").scalar()
    assert value == '"Ελληνικά"'


def test_zero_byte_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "zero.db"
    path.write_bytes(b"")
    refused(path, "db_empty_file")


def test_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    refused(path, "db_not_sqlite")


def test_damaged_database_is_refused_untouched(tmp_path: Path) -> None:
    path = make_db(tmp_path / "damaged.db")
    data = bytearray(path.read_bytes())
    # wreck the pages after the first (schema stays readable, b-trees do not)
    for offset in range(4096 * 3, min(len(data), 4096 * 40), 97):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    refused(path, "db_damaged")


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = make_db(tmp_path / "newer.db")
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    refused(path, "db_newer")


def _holder_script(db: Path) -> str:
    return textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from intervet_desktop.db.workspace import Workspace
        ws = Workspace.open(Path({str(db)!r}))
        print("ready", flush=True)
        sys.stdin.readline()
        ws.close()
        """
    )


@pytest.fixture
def held_db(tmp_path: Path) -> Iterator[Path]:
    path = make_db(tmp_path / "held.db")
    with subprocess.Popen(
        [sys.executable, "-c", _holder_script(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "ready"
        try:
            yield path
        finally:
            proc.stdin.write("\n")
            proc.stdin.flush()
            proc.wait(timeout=30)


def test_second_instance_is_told_who_holds_the_lock(held_db: Path) -> None:
    before = held_db.read_bytes()
    with pytest.raises(UnusableFileError) as info:
        Workspace.open(held_db)
    assert info.value.message.code == "db_locked"
    text = info.value.message.render()
    assert socket.gethostname() in text
    assert "process" in text
    assert held_db.read_bytes() == before


def test_stale_lock_of_a_dead_process_is_cleared(tmp_path: Path) -> None:
    path = make_db(tmp_path / "stale.db")
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(proc.stdout)
    info_path = path.with_name(path.name + ".lock-info")
    info_path.write_text(
        json.dumps(
            {"host": socket.gethostname(), "user": "someone", "pid": dead_pid, "since": "2026-01-01T08:00:00"}
        )
    )
    with Workspace.open(path) as ws:
        assert ws.lock.cleared_stale is not None
        assert ws.lock.cleared_stale.pid == dead_pid
        assert json.loads(info_path.read_text())["pid"] == os.getpid()
    assert not info_path.exists()


def _readonly_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        make_db(folder / "school.db")
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    # root ignores permission bits: use a read-only tmpfs instead
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root without the right to mount a read-only folder")
    try:
        make_db(folder / "school.db")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def readonly_folder(tmp_path: Path) -> Iterator[Path]:
    yield from _readonly_folder(tmp_path)


def test_database_in_read_only_folder_is_refused_untouched(readonly_folder: Path) -> None:
    refused(readonly_folder / "school.db", "db_folder_readonly")


def test_new_database_in_read_only_folder_is_refused(readonly_folder: Path) -> None:
    with pytest.raises(UnusableFileError) as info:
        Workspace.open(readonly_folder / "new.db")
    assert info.value.message.code == "db_folder_readonly"
    assert not (readonly_folder / "new.db").exists()


def test_full_backup_and_restore_round_trip(tmp_path: Path) -> None:
    path = make_db(tmp_path / "school.db")
    files = backup.files_dir(path)
    files.mkdir()
    (files / "ab").mkdir()
    (files / "ab" / "abcdef.pdf").write_bytes(b"%PDF-1.4 signed scan")
    archive = backup.full_backup(path, tmp_path / "out" / "backup.zip")
    # damage the live data, then restore
    con = sqlite3.connect(path)
    con.execute("DELETE FROM app_setting")
    con.commit()
    con.close()
    (files / "ab" / "abcdef.pdf").unlink()
    lock = DatabaseLock(path)
    lock.acquire()
    try:
        backup.restore_backup(archive, path)
    finally:
        lock.release()
    with Workspace.open(path) as ws, ws.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM app_setting").fetchall() == [('"Ελληνικά"',)]
    assert (files / "ab" / "abcdef.pdf").read_bytes() == b"%PDF-1.4 signed scan"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    path = make_db(tmp_path / "school.db")
    bogus = tmp_path / "bogus.zip"
    bogus.write_text("not a zip")
    before = path.read_bytes()
    with pytest.raises(UnusableFileError):
        backup.restore_backup(bogus, path)
    assert path.read_bytes() == before
