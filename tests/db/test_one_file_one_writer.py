"""One file, one writer: the lock belongs to the file (symlinks, `..`, hard links), and the
log never holds people's data."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from intervet_desktop.cli.main import main
from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.health import check_database


def _holder(db: Path) -> str:
    return textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from intervet_desktop.db.workspace import Workspace
        ws = Workspace.open(Path({str(db)!r}))
        print("ready", flush=True)
        sys.stdin.readline()
        ws.close()
        """
    )


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A database held by another process; yields its path and that process's id."""
    path = tmp_path / "a" / "school.db"
    path.parent.mkdir()
    Workspace.open(path, create=True).close()
    with subprocess.Popen(
        [sys.executable, "-c", _holder(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "ready"
        try:
            yield path, proc.pid
        finally:
            proc.stdin.write("\n")
            proc.stdin.flush()
            proc.wait(timeout=30)


def _refused_naming(path: Path, pid: int) -> None:
    with pytest.raises(UnusableFileError) as info:
        Workspace.open(path)
    assert info.value.message.code == "db_locked"
    assert str(pid) in info.value.message.render()


def test_hard_link_reaches_the_same_lock(held: tuple[Path, int], tmp_path: Path) -> None:
    path, pid = held
    other = tmp_path / "b"
    other.mkdir()
    link = other / "alias.db"
    os.link(path, link)
    _refused_naming(link, pid)


def test_symlink_reaches_the_same_lock(held: tuple[Path, int], tmp_path: Path) -> None:
    path, pid = held
    link = tmp_path / "shortcut.db"
    link.symlink_to(path)
    _refused_naming(link, pid)


def test_dotdot_path_reaches_the_same_lock(held: tuple[Path, int], tmp_path: Path) -> None:
    path, pid = held
    (tmp_path / "c").mkdir()
    _refused_naming(tmp_path / "c" / ".." / "a" / "school.db", pid)


def test_two_imports_through_a_hard_link_do_not_both_write(
    held: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _pid = held
    link = tmp_path / "alias.db"
    os.link(path, link)
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.append(["Cognome", "Nome"])
    sheet.append(["Rossi", "Anna"])
    wb.save(tmp_path / "p.xlsx")
    assert main(["--db", str(link), "import", "people", str(tmp_path / "p.xlsx")]) == 2
    assert "process" in capsys.readouterr().err


def test_check_names_a_live_holder_but_not_a_dead_one(held: tuple[Path, int], tmp_path: Path) -> None:
    path, pid = held
    report = check_database(path)
    assert report.locked_by is not None and str(pid) in report.locked_by
    dead = tmp_path / "dead.db"
    Workspace.open(dead, create=True).close()
    script = "import os; print(os.getpid())"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    info = {"host": socket.gethostname(), "user": "someone", "pid": int(proc.stdout), "since": "2026-01-01"}
    dead.with_name("dead.db.lock-info").write_text(json.dumps(info))
    assert check_database(dead).locked_by is None


def test_lock_files_are_owner_only(db_path: Path) -> None:
    with Workspace.open(db_path) as ws:
        assert stat.S_IMODE(ws.lock.info_path.stat().st_mode) == 0o600


def test_database_errors_during_an_import_leave_no_personal_data_in_the_log(
    tmp_path: Path, db_path: Path, _isolated_home: Path
) -> None:
    assert main(["--db", str(db_path), "init"]) == 0
    con = sqlite3.connect(db_path)
    con.execute("CREATE TRIGGER boom BEFORE INSERT ON person BEGIN SELECT RAISE(ABORT, 'refused'); END")
    con.commit()
    con.close()
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.append(["Cognome", "Nome", "Email", "IBAN", "Data di nascita"])
    names = [("Zubrowska", "Ottilie", "ottilie.z@example.org", "IT60X0542811101000000123456", "2007-03-14")]
    names.append(
        ("Quennevoort", "Brunhild", "brunhild.q@example.org", "DE89370400440532013000", "2006-11-02")
    )
    for row in names:
        sheet.append(list(row))
    wb.save(tmp_path / "people.xlsx")
    code = main(["--db", str(db_path), "import", "people", str(tmp_path / "people.xlsx")])
    assert code != 0
    log_dir = _isolated_home / "logs"
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in log_dir.iterdir() if p.is_file())
    assert "person" in text.lower() or "refused" in text  # the failure itself was logged
    for row in names:
        for value in row:
            assert value not in text, value
    for file in log_dir.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700


@pytest.fixture
def readonly_folder(tmp_path: Path) -> Iterator[Path]:
    from tests.db.test_workspace import _readonly_folder

    yield from _readonly_folder(tmp_path)


def test_a_read_only_database_can_still_be_backed_up_and_exported(
    readonly_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = readonly_folder / "school.db"
    before = db.read_bytes()
    out = tmp_path / "out"
    assert main(["--db", str(db), "backup", "-o", str(out / "b.zip")]) == 0, capsys.readouterr().err
    assert (out / "b.zip").stat().st_size > 0
    assert main(["--db", str(db), "export", "people", "-o", str(out / "people.csv")]) == 0
    assert (out / "people.csv").exists()
    assert db.read_bytes() == before
