"""`intervet import`: exit codes 0/1/2, row numbers in the report, nothing changed on errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from intervet_desktop.cli.import_commands import KINDS
from intervet_desktop.cli.main import main
from intervet_desktop.services.importing.headers import normalise
from intervet_desktop.services.importing.kinds import SPECS


def run(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "intervet_desktop", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    return proc.returncode, proc.stdout, proc.stderr


def people_count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        con.close()


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def db(db_path: Path) -> Path:
    assert main(["--db", str(db_path), "init"]) == 0
    return db_path


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """In-process for outputs; test_errors_exit_1_... runs the real command."""
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_clean_file_exits_0(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = xlsx(tmp_path / "ok.xlsx", [["Cognome", "Nome", "Email"], ["Rossi", "Anna", "anna@x.it"]])
    code, out, err = call(capsys, "--db", str(db), "import", "people", str(path))
    assert code == 0, err
    assert "created: 1" in out
    assert people_count(db) == 1


def test_errors_exit_1_name_the_row_and_change_nothing(db: Path, tmp_path: Path) -> None:
    rows = [
        ["Report"],
        [],
        ["Cognome", "Nome", "Email"],
        ["Rossi", "Anna", "anna@x.it"],
        ["Bianchi", "Mario", "mario@"],
    ]
    path = xlsx(tmp_path / "bad.xlsx", rows)
    code, out, err = run("--db", str(db), "import", "people", str(path))
    assert code == 1
    assert "Row 5, email:" in out
    assert "Traceback" not in out + err
    assert people_count(db) == 0
    assert main(["--db", str(db), "import", "people", str(path), "--valid-only"]) == 0
    assert people_count(db) == 1


def test_dry_run_and_json(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = xlsx(tmp_path / "ok.xlsx", [["Sukunimi", "Etunimi"], ["Virtanen", "Jukka"]])
    capsys.readouterr()
    assert main(["--db", str(db), "import", "people", str(path), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["created"] == 1 and report["committed"] is False
    assert report["rows"][0]["row"] == 2
    assert people_count(db) == 0


def test_map_option_and_saved_mapping(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """In-process (the exit-code tests above already run the real command)."""
    path = xlsx(tmp_path / "odd.xlsx", [["A1", "B1", "Email"], ["Rossi", "Anna", "anna@x.it"]])
    assert main(["--db", str(db), "import", "people", str(path)]) == 1
    assert "No column of the file is mapped to Last name" in capsys.readouterr().err
    argv = ["--db", str(db), "import", "people", str(path), "--map", "last_name=A1", "--map", "first_name=B"]
    assert main(argv) == 0
    path2 = xlsx(tmp_path / "odd2.xlsx", [["A1", "B1", "Email"], ["Verdi", "Carla", "carla@x.it"]])
    assert main(["--db", str(db), "import", "people", str(path2)]) == 0
    assert people_count(db) == 2
    capsys.readouterr()
    assert main(["--db", str(db), "import", "people", str(path2), "--map", "nonsense"]) == 1
    assert "FIELD=COLUMN" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "content"), [("x.xlsx", b"\x00\x01garbage" * 50), ("e.csv", b"")])
def test_unusable_file_exits_2(
    db: Path, tmp_path: Path, name: str, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = call(capsys, "--db", str(db), "import", "people", str(path))
    assert code == 2
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1


def test_only_known_kinds(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "import", "mobilities", str(tmp_path / "x.xlsx")]) == 1
    assert "invalid choice" in capsys.readouterr().err
    assert main(["--db", str(db), "import", "people", str(tmp_path / "missing.xlsx")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_header_names_do_not_collide_between_fields() -> None:
    assert sorted(SPECS) == sorted(KINDS)
    for spec in SPECS.values():
        owner: dict[str, str] = {}
        for field in spec.fields:
            for name in field.names:
                key = normalise(name)
                assert owner.setdefault(key, field.key) == field.key, (spec.kind, name, owner[key], field.key)
