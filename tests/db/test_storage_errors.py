"""A full disk, an I/O error or a database locked too long during a write: a calm message naming
the database, the transaction rolled back, nothing half-written. The failures are real SQLite
failures (a page limit, a second connection holding the write lock, a file size limit)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from intervet_desktop.cli.main import main
from intervet_desktop.core.errors import StorageError
from intervet_desktop.db import engine as engine_module
from intervet_desktop.db.storage_errors import storage_error
from intervet_desktop.db.uri import sqlite_file_uri
from intervet_desktop.db.workspace import Workspace

INSERT = text(
    "INSERT INTO app_setting (key, value, created_at, updated_at) "
    "VALUES (:key, :value, '2026-01-01', '2026-01-01')"
)


def setting_keys(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT key FROM app_setting ORDER BY key")]
    finally:
        con.close()


def on_every_connection(workspace: Workspace, sql: str) -> None:
    """Run ``sql`` on each new writer connection (after the engine's own PRAGMAs)."""
    workspace.engine.dispose()

    def run(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(sql)

    event.listen(workspace.engine, "connect", run)


def test_a_full_disk_rolls_the_write_back_and_names_the_database(workspace: Workspace) -> None:
    before = setting_keys(workspace.path)
    con = sqlite3.connect(workspace.path)
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    on_every_connection(workspace, f"PRAGMA max_page_count={pages + 2}")
    with pytest.raises(StorageError) as info, workspace.session() as session:
        session.execute(INSERT, {"key": "small", "value": '"first"'})
        for i in range(50):
            session.execute(INSERT, {"key": f"big{i}", "value": '"' + "x" * 20_000 + '"'})
    assert info.value.message.code == "db_disk_full"
    assert info.value.exit_code == 2
    assert str(workspace.path) in info.value.message.render()
    assert setting_keys(workspace.path) == before  # not even the first, small row
    # the workspace is still usable for a write that fits
    with workspace.session() as session:
        session.execute(INSERT, {"key": "fits", "value": '"y"'})
    assert "fits" in setting_keys(workspace.path)


def test_a_database_locked_too_long_rolls_the_write_back(workspace: Workspace) -> None:
    before = setting_keys(workspace.path)
    on_every_connection(workspace, "PRAGMA busy_timeout=100")
    other = sqlite3.connect(workspace.path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "INSERT INTO app_setting (key, value, created_at, updated_at) VALUES ('other', '1', 'a', 'b')"
        )
        with pytest.raises(StorageError) as info, workspace.session() as session:
            session.execute(INSERT, {"key": "mine", "value": '"1"'})
        assert info.value.message.code == "db_busy"
        assert str(workspace.path) in info.value.message.render()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert setting_keys(workspace.path) == before


def test_a_read_only_database_is_named_too(tmp_path: Path, workspace: Workspace) -> None:
    """The running app's file can turn read-only (a permission change, a remount): a real
    SQLite error from a read-only connection maps to its own message."""
    con = sqlite3.connect(sqlite_file_uri(workspace.path, mode="ro"), uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError) as raised:
            con.execute("DELETE FROM app_setting")
    finally:
        con.close()
    calm = storage_error(workspace.path, raised.value)
    assert calm is not None
    assert calm.message.code == "db_became_readonly"
    # anything else is not a storage problem and stays a bug
    assert storage_error(workspace.path, sqlite3.OperationalError("no such table: nowhere")) is None
    assert storage_error(workspace.path, ValueError("database is locked")) is None


def test_the_command_reports_a_locked_database_calmly(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workspace.path
    workspace.close()
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        code = main(["--db", str(path), "demo", "--size", "5", "--quiet"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr().err
    assert code == 2
    assert "is busy" in err and str(path) in err
    assert "Traceback" not in err
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT count(*) FROM project").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM organisation").fetchone()[0] == 0
    finally:
        con.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="file size limit via setrlimit")
def test_the_command_reports_a_failing_disk_calmly_in_its_own_process(workspace: Workspace) -> None:
    """A real process whose files may not grow past a limit (as on a full disk): exit 2, one
    message naming the database, no traceback, and the database unchanged."""
    path = workspace.path
    workspace.close()
    limit = path.stat().st_size + 64 * 1024
    before = path.read_bytes()
    done = limited_run(limit, "--db", str(path), "demo", "--size", "20", "--quiet")
    assert done.returncode == 2, done.stderr
    assert str(path) in done.stderr
    assert "Nothing was saved" in done.stderr
    assert "Traceback" not in done.stderr
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT count(*) FROM organisation").fetchone()[0] == 0
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert len(path.read_bytes()) == len(before)


def limited_run(limit: int, *argv: str) -> subprocess.CompletedProcess[str]:
    """``intervet ARGV`` in a process whose files may not grow past ``limit`` bytes."""
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
        "from intervet_desktop.cli.main import main\n"
        f"sys.exit(main({list(argv)!r}))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="file size limit via setrlimit")
def test_a_backup_onto_a_failing_disk_is_refused_calmly(workspace: Workspace, tmp_path: Path) -> None:
    with workspace.session() as session:
        session.execute(INSERT, {"key": "big", "value": '"' + "x" * 200_000 + '"'})
    path = workspace.path
    workspace.close()
    target = tmp_path / "out" / "backup.zip"
    done = limited_run(64 * 1024, "--db", str(path), "backup", "-o", str(target))
    assert done.returncode == 2, done.stderr
    assert "cannot be written" in done.stderr
    assert "Traceback" not in done.stderr
    assert not target.exists()
    assert [p.name for p in target.parent.iterdir()] == []  # no half-written temporary file left
    assert "big" in setting_keys(path)
