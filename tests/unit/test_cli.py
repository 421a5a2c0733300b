"""The command's exit codes: 0 success, 1 invalid input, 2 unusable file; never a traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from intervet_desktop import __version__
from intervet_desktop.cli.main import main


def run(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "intervet_desktop", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_init_check_projects_round_trip(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "init"]) == 0
    assert main(["--db", str(db_path), "check", "--json"]) == 0
    report = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert report["integrity"] == "ok"
    assert report["up_to_date"] is True
    assert report["pending"] == []
    assert main(["--db", str(db_path), "projects", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_db_from_environment(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVET_DB", str(db_path))
    assert main(["init"]) == 0
    assert db_path.exists()


def test_default_database_lives_in_the_user_data_folder(_isolated_home: Path) -> None:
    assert main(["init"]) == 0
    assert (_isolated_home / "data" / "intervet.db").exists()


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"", "empty file"), (b"plain text\n", "not an InterVET database")],
)
def test_bad_files_exit_2_with_one_line_and_no_traceback(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    code, out, err = run("--db", str(path), "projects")
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1
    assert path.read_bytes() == content


def test_missing_database_for_check_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "missing.db"), "check"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_newer_database_exits_2_untouched(db_path: Path) -> None:
    assert main(["--db", str(db_path), "init"]) == 0
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    code, _out, err = run("--db", str(db_path), "projects")
    assert code == 2
    assert "newer version" in err
    assert "Traceback" not in err
    assert db_path.read_bytes() == before


def test_unknown_command_is_a_user_error() -> None:
    code, _out, err = run("frobnicate")
    assert code == 1
    assert "invalid choice" in err
    assert "Traceback" not in err


def test_backup_command_writes_a_zip(db_path: Path, tmp_path: Path) -> None:
    assert main(["--db", str(db_path), "init"]) == 0
    target = tmp_path / "b" / "backup.zip"
    assert main(["--db", str(db_path), "backup", "-o", str(target)]) == 0
    import zipfile

    with zipfile.ZipFile(target) as archive:
        assert "database.db" in archive.namelist()


def test_restore_of_missing_file_exits_2(db_path: Path, tmp_path: Path) -> None:
    assert main(["--db", str(db_path), "init"]) == 0
    assert main(["--db", str(db_path), "restore", str(tmp_path / "none.zip")]) == 2
