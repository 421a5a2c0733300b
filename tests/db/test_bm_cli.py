"""``intervet export bm`` and ``intervet bm check|reconcile``: output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from sqlmodel import select

from intervet_desktop.cli.main import main
from intervet_desktop.db.models import Mobility
from intervet_desktop.db.workspace import Workspace
from tests.bm_factory import CODE, KA220_CODE, OTHER_CODE, build_bm_sample


@pytest.fixture
def db(db_path: Path) -> Path:
    with Workspace.open(db_path, create=True) as ws:
        build_bm_sample(ws)
    return db_path


def break_an_oid(db: Path) -> None:
    with Workspace.open(db) as ws, ws.session() as s:
        found = s.exec(select(Mobility).where(Mobility.bm_activity_id == "EL01-0003")).one()
        found.sending_org_id = None
        s.add(found)


def test_export_writes_and_says_the_columns_are_a_best_guess(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bm.xlsx"
    assert (
        main(["--db", str(db), "export", "bm", "--project", CODE, "-o", str(target), "--greece", "gr"]) == 0
    )
    out = capsys.readouterr().out
    assert "no problems" in out and "best guess" in out and "3 rows for 3 mobilities" in out
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert len(rows) == 4 and "GR" in rows[1]


def test_preflight_problems_stop_the_export_unless_forced(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    break_an_oid(db)
    target = tmp_path / "bm.csv"
    assert main(["--db", str(db), "export", "bm", "--project", CODE, "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "EL01-0003 (João Gonçalves), sending_org: No sending organisation is set." in err
    assert "the file was not written" in err
    assert not target.exists()
    assert main(["--db", str(db), "export", "bm", "--project", CODE, "-o", str(target), "--force"]) == 0
    captured = capsys.readouterr()
    assert "written anyway (--force)" in captured.err and "sending_org" in captured.err
    assert target.exists()
    assert main(["--db", str(db), "bm", "check", "--project", CODE, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["mobilities"] == 3
    assert [(p["bm_activity_id"], p["field"]) for p in report["problems"]] == [("EL01-0003", "sending_org")]


def test_export_json_names_empty_template_columns(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "template.csv"
    template.write_text("Mobility Activity ID;Participant Last Name;Mystery column\n", encoding="utf-8")
    target = tmp_path / "bm.csv"
    args = [
        "--db",
        str(db),
        "export",
        "bm",
        "--project",
        CODE,
        "-o",
        str(target),
        "--template",
        str(template),
    ]
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["written"] is True and report["best_guess"] is False
    assert report["empty_columns"] == [{"position": 3, "header": "Mystery column", "reason": "unknown"}]


def test_reconcile_prints_the_differences(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bm.csv"
    assert main(["--db", str(db), "export", "bm", "--project", CODE, "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8").replace("03-03-2025", "05-03-2025")
    target.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", str(db), "bm", "reconcile", "--project", CODE, str(target)]) == 0
    out = capsys.readouterr().out
    assert "3 mobilities matched" in out
    assert "EL01-0001  Γεώργιος Παπαδόπουλος  Start date: here '03-03-2025', BM '05-03-2025'" in out
    assert main(["--db", str(db), "bm", "reconcile", "--project", CODE, str(target), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["differences"][0]["field"] == "start"


def run(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "intervet_desktop", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_user_mistakes_exit_with_a_message_not_a_traceback(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("a;b\n1;2\n", encoding="utf-8")
    other = tmp_path / "other.csv"
    assert main(["--db", str(db), "export", "bm", "--project", OTHER_CODE, "-o", str(other), "--force"]) == 0
    cases = [
        (
            ("export", "bm", "--project", CODE, "-o", str(tmp_path / "x.xlsx"), "--template", str(empty)),
            2,
            "empty",
        ),
        (
            ("export", "bm", "--project", CODE, "-o", str(tmp_path / "x.xlsx"), "--template", str(unknown)),
            1,
            "not look",
        ),
        (("export", "bm", "--project", KA220_CODE, "-o", str(tmp_path / "x.xlsx")), 1, "lump sums"),
        (("export", "bm", "--project", "NOPE", "-o", str(tmp_path / "x.xlsx")), 1, "No project"),
        (("export", "bm", "--project", CODE, "-o", str(tmp_path / "x.txt")), 1, ".xlsx or .csv"),
        (("bm", "reconcile", "--project", CODE, str(other)), 1, "another project"),
        (("bm", "reconcile", "--project", CODE, str(tmp_path / "missing.xlsx")), 2, "does not exist"),
    ]
    capsys.readouterr()
    for args, code, needle in cases:
        rc = main(["--db", str(db), *args])
        err = capsys.readouterr().err
        assert (rc, needle in err, "Traceback" in err) == (code, True, False), (args, rc, err)
    assert not (tmp_path / "x.xlsx").exists()
    # and as a real process: one line on stderr, no traceback
    rc, _out, err = run("--db", str(db), *cases[0][0])
    assert rc == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
