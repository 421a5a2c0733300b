"""The command starts instantly: ``--help`` and ``--version`` (and every command's ``--help``)
build the parser from light option tables; no database, spreadsheet, PDF, locale or Qt
library is imported until a command runs. Asserted on the modules loaded, not on time."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "pydantic", "babel", "openpyxl", "reportlab", "PySide6")

PROBE = """
import contextlib, io, json, sys
from intervet_desktop.cli.main import build_parser, main
argv = json.loads(sys.argv[1])
if argv == ["*"]:  # every command's --help
    commands = [a for a in build_parser()._subparsers._group_actions[0].choices]
    runs = [[c, "--help"] for c in commands]
else:
    runs = [argv]
codes = []
for run in runs:
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
        codes.append(main(run))
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[2])))
print(json.dumps({"codes": codes, "heavy": heavy, "runs": len(runs), "out": out.getvalue()[:200]}))
"""


def probe(*argv: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(argv)), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_version_imports_no_heavy_module() -> None:
    result = probe("--version")
    assert result["codes"] == [0]
    assert "InterVET Desktop" in str(result["out"])
    assert result["heavy"] == []


def test_help_imports_no_heavy_module() -> None:
    result = probe("--help")
    assert result["codes"] == [0]
    assert "usage: intervet" in str(result["out"])
    assert result["heavy"] == []


def test_every_commands_help_imports_no_heavy_module() -> None:
    result = probe("*")
    runs = result["runs"]
    assert isinstance(runs, int) and runs >= 10  # gui, demo, grant, import, export, documents, ...
    assert result["codes"] == [0] * runs
    assert result["heavy"] == []


def test_the_probe_does_see_heavy_modules() -> None:
    """A command that runs imports its services: the check above would notice a regression."""
    result = probe("distance", "Tampere,FI", "Bologna,IT", "--rates", "/nonexistent/rates.json")
    assert result["codes"] == [2]
    result = probe("check")  # opens nothing but reads the database's state through services
    assert "sqlalchemy" in result["heavy"]
