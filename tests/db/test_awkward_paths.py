"""Databases in folders whose names mean something in a URI (``#``, ``%``, spaces, non-ASCII):
opening, reading through the read-only engine, backing up and restoring all reach the real file."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from intervet_desktop.cli.main import main
from intervet_desktop.db import backup
from intervet_desktop.db.uri import sqlite_file_uri
from intervet_desktop.db.workspace import Workspace

FOLDERS = ["a#b", "50%", "with space", "Ωμέγα", "a%23b", "q?mode=rw"]
ROWS = 3
COUNT_PROBES = text("SELECT count(*) FROM app_setting WHERE key LIKE 'probe%'")


def probes(conn: sqlite3.Connection) -> int:
    count: int = conn.execute("SELECT count(*) FROM app_setting WHERE key LIKE 'probe%'").fetchone()[0]
    return count


def fill(path: Path) -> None:
    with Workspace.open(path, create=True) as ws, ws.session() as session:
        for i in range(ROWS):
            session.execute(
                text(
                    "INSERT INTO app_setting (key, value, created_at, updated_at) "
                    "VALUES (:key, '\"x\"', '2026-01-01', '2026-01-01')"
                ),
                {"key": f"probe{i}"},
            )


@pytest.mark.parametrize("folder", FOLDERS)
def test_database_in_an_awkward_folder_opens_and_reads_read_only(tmp_path: Path, folder: str) -> None:
    path = tmp_path / folder / "school.db"
    path.parent.mkdir()
    fill(path)
    with Workspace.open(path) as ws:
        with ws.read_engine.connect() as conn:
            assert conn.execute(text("PRAGMA database_list")).fetchall()[0][2] == str(path)
            assert conn.execute(COUNT_PROBES).scalar() == ROWS
        # the read-only engine really is read-only (mode=ro reached SQLite with the path)
        with pytest.raises(OperationalError, match="readonly|read-only"), ws.read_engine.begin() as conn:
            conn.execute(text("DELETE FROM app_setting"))
    # nothing was created beside the folder (an unquoted 'a#b' used to create a file 'a')
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]


@pytest.mark.parametrize("folder", FOLDERS)
def test_backup_and_restore_in_an_awkward_folder_keep_the_rows(
    tmp_path: Path, folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / folder / "school.db"
    path.parent.mkdir()
    fill(path)
    archive = tmp_path / folder / "backup.zip"
    assert main(["--db", str(path), "backup", "-o", str(archive)]) == 0
    assert str(archive) in capsys.readouterr().out

    with zipfile.ZipFile(archive) as zipped:
        zipped.extract(backup.DB_MEMBER, tmp_path / "unzipped")
    con = sqlite3.connect(tmp_path / "unzipped" / backup.DB_MEMBER)
    try:
        assert probes(con) == ROWS
        tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        assert tables > 10
    finally:
        con.close()

    con = sqlite3.connect(path)
    con.execute("DELETE FROM app_setting")
    con.commit()
    con.close()
    assert main(["--db", str(path), "restore", str(archive)]) == 0
    with Workspace.open(path) as ws, ws.read_engine.connect() as conn:
        assert conn.execute(COUNT_PROBES).scalar() == ROWS
    # the pre-restore snapshot also went to the real database's backup folder
    snapshots = list(backup.backups_dir(path).glob("*.db"))
    assert len(snapshots) == 1
    con = sqlite3.connect(snapshots[0])
    try:
        assert probes(con) == 0  # taken after the rows were deleted, before the restore
    finally:
        con.close()


def test_the_uri_encodes_what_sqlite_would_read_as_syntax() -> None:
    uri = sqlite_file_uri(Path("/data/a#b/50%/q?x/Ωμέγα with space.db"), mode="ro")
    assert uri == "file:///data/a%23b/50%25/q%3Fx/%CE%A9%CE%BC%CE%AD%CE%B3%CE%B1%20with%20space.db?mode=ro"
    assert sqlite_file_uri(Path("/plain/school.db")) == "file:///plain/school.db"
