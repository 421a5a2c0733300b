"""Backups and restores: verified, owner-only, all or nothing, and no debris after a kill."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.db import backup
from intervet_desktop.db.lock import DatabaseLock
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.atomic import TEMP_PREFIX


def make_db(path: Path, marker: str, *, bulk: int = 0) -> Path:
    with Workspace.open(path, create=True) as ws, ws.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO app_setting (key, value, created_at, updated_at) "
            f"VALUES ('probe', '\"{marker}\"', '2026-01-01', '2026-01-01')"
        )
        for i in range(bulk):
            conn.exec_driver_sql(
                "INSERT INTO app_setting (key, value, created_at, updated_at) VALUES (?, ?, '2026', '2026')",
                (f"bulk{i}", os.urandom(200_000).hex()),
            )
    files = backup.files_dir(path)
    files.mkdir(exist_ok=True)
    (files / f"{marker}.pdf").write_bytes(marker.encode() * 100)
    return path


def marker_of(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT value FROM app_setting WHERE key='probe'").fetchone()[0]).strip('"')
    finally:
        con.close()


def debris(*folders: Path) -> list[str]:
    return [p.name for f in folders if f.exists() for p in f.iterdir() if p.name.startswith(TEMP_PREFIX)]


def restore(archive: Path, path: Path) -> None:
    lock = DatabaseLock(path)
    lock.acquire()
    try:
        backup.restore_backup(archive, path)
    finally:
        lock.release()


def test_backup_is_verified_owner_only_and_leaves_nothing(tmp_path: Path) -> None:
    path = make_db(tmp_path / "school.db", "old")
    target = backup.full_backup(path)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == ["database.db", "files/old.pdf"]
    assert debris(target.parent, tmp_path) == []
    listed = backup.list_backups(target.parent)
    assert [b.path for b in listed] == [target] and listed[0].size == target.stat().st_size


def test_restore_swaps_database_and_attachments_and_drops_unreferenced_files(tmp_path: Path) -> None:
    path = make_db(tmp_path / "school.db", "old")
    archive = backup.full_backup(path, tmp_path / "b.zip")
    con = sqlite3.connect(path)
    con.execute("UPDATE app_setting SET value='\"new\"' WHERE key='probe'")
    con.commit()
    con.close()
    (backup.files_dir(path) / "added-later.pdf").write_bytes(b"later")
    restore(archive, path)
    assert marker_of(path) == "old"
    assert sorted(p.name for p in backup.files_dir(path).iterdir()) == ["old.pdf"]
    assert debris(tmp_path) == []


def test_restore_refuses_a_newer_versions_backup_untouched(tmp_path: Path) -> None:
    path = make_db(tmp_path / "school.db", "live")
    newer = make_db(tmp_path / "newer.db", "newer")
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num='9999_from_the_future'")
    con.commit()
    con.close()
    archive = backup.full_backup(newer, tmp_path / "newer.zip")
    before = path.read_bytes()
    with pytest.raises(UnusableFileError) as info:
        restore(archive, path)
    assert info.value.message.code == "backup_newer"
    assert path.read_bytes() == before
    assert [p.name for p in backup.files_dir(path).iterdir()] == ["live.pdf"]
    assert debris(tmp_path) == []


def test_restore_checks_the_whole_archive_before_replacing_anything(tmp_path: Path) -> None:
    path = make_db(tmp_path / "school.db", "live")
    archive = backup.full_backup(path, tmp_path / "b.zip")
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:  # damage the data of the last member (after the database)
        member = max(zf.infolist(), key=lambda info: info.header_offset)
    name_len, extra_len = struct.unpack_from("<HH", data, member.header_offset + 26)
    start = member.header_offset + 30 + name_len + extra_len
    data[start + member.compress_size // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    con = sqlite3.connect(path)
    con.execute("UPDATE app_setting SET value='\"changed\"' WHERE key='probe'")
    con.commit()
    con.close()
    with pytest.raises(UnusableFileError) as info:
        restore(archive, path)
    assert info.value.message.code in {"backup_damaged", "db_not_sqlite"}
    assert marker_of(path) == "changed"
    assert debris(tmp_path) == []


def test_retention_keeps_daily_weekly_monthly() -> None:
    made = [datetime(2026, 12, 6, 12) - timedelta(days=i) for i in range(400)]
    items = [backup.BackupFile(Path(f"b{i}.zip"), m, 1) for i, m in enumerate(made)]
    kept = backup.to_keep(items)
    assert Path("b0.zip") in kept and Path("b6.zip") in kept
    assert Path("b399.zip") not in kept
    assert 7 <= len(kept) <= 7 + 5 + 12


def _kill_at(args: list[str], delay: float, env: dict[str, str]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "intervet_desktop", *args], env=env)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.mark.parametrize("delay", [1.2, 2.2, 3.2])
def test_killed_backup_leaves_nothing_after_the_next_start(tmp_path: Path, delay: float) -> None:
    path = make_db(tmp_path / "school.db", "live", bulk=60)
    temp = tmp_path / "systemp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    out = tmp_path / "out"
    _kill_at(["--db", str(path), "backup", "-o", str(out / "b.zip")], delay, env)
    Workspace.open(path).close()  # the next start
    backup.full_backup(path, out / "c.zip")  # the next backup into that folder
    assert debris(out, tmp_path) == []
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("delay", [1.2, 2.2, 3.2])
def test_killed_restore_is_all_or_nothing(tmp_path: Path, delay: float) -> None:
    path = make_db(tmp_path / "school.db", "old", bulk=60)
    archive = backup.full_backup(path, tmp_path / "b.zip")
    con = sqlite3.connect(path)
    con.execute("UPDATE app_setting SET value='\"new\"' WHERE key='probe'")
    con.commit()
    con.close()
    (backup.files_dir(path) / "old.pdf").rename(backup.files_dir(path) / "new.pdf")
    temp = tmp_path / "systemp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    _kill_at(["--db", str(path), "restore", str(archive)], delay, env)
    Workspace.open(path).close()
    state = marker_of(path)
    assert [p.name for p in backup.files_dir(path).iterdir()] == [f"{state}.pdf"]
    assert debris(tmp_path, backup.backups_dir(path)) == []
    assert list(temp.iterdir()) == []


def test_xlsx_export_keeps_openpyxl_sheets_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile
    from datetime import date

    from intervet_desktop.exports.xlsx.writer import Column, write_table_xlsx

    shared = tmp_path / "shared-temp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{TEMP_PREFIX}999999999-left-by-a-kill.xlsx").write_bytes(b"Rossi Anna")
    seen_while_writing: list[list[str]] = []

    def rows() -> Iterator[list[str]]:
        for i in range(50):
            if i == 25:  # mid-write: openpyxl's sheet stream exists, beside the target
                seen_while_writing.append([p.suffix for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)])
                assert list(shared.iterdir()) == []
            yield ["Rossi", "Anna"]

    columns = [Column("Surname"), Column("Name")]
    write_table_xlsx(
        out / "people.xlsx", "People", columns, rows(), header_text="x", exported_on=date(2026, 1, 1)
    )
    assert ".xml" in seen_while_writing[0]
    assert list(shared.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["people.xlsx"]
    assert stat.S_IMODE((out / "people.xlsx").stat().st_mode) == 0o600


def test_encrypted_backup_restores_with_its_password_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from intervet_desktop.cli.main import main

    path = make_db(tmp_path / "school.db", "sealedsecret")
    good, bad = tmp_path / "pw.txt", tmp_path / "wrong.txt"
    good.write_text("correct horse battery staple\n")
    bad.write_text("Tr0ub4dor&3\n")
    out = tmp_path / "b.zip"
    assert main(["--db", str(path), "backup", "-o", str(out), "--password-file", str(good)]) == 0
    data = out.read_bytes()
    assert b"sealedsecret" not in data and b"SQLite format 3" not in data
    with sqlite3.connect(path) as con:
        con.execute("UPDATE app_setting SET value='\"changed\"' WHERE key='probe'")
    before = path.read_bytes()
    assert main(["--db", str(path), "restore", str(out)]) == 2  # it needs its password
    assert "password" in capsys.readouterr().err
    assert main(["--db", str(path), "restore", str(out), "--password-file", str(bad)]) == 2
    assert "password" in capsys.readouterr().err
    tampered = tmp_path / "t.zip"
    tampered.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    assert main(["--db", str(path), "restore", str(tampered), "--password-file", str(good)]) == 2
    assert marker_of(path) == "changed" and debris(tmp_path) == []
    assert main(["--db", str(path), "restore", str(out), "--password-file", str(good)]) == 0
    assert marker_of(path) == "sealedsecret"
    assert before != path.read_bytes()
