"""Layers (DESIGN.md section 2): only ui/ imports Qt; the UI goes through services, never db/;
core imports neither the DB nor Qt; exports take plain values (no DB, no SQLAlchemy, no Qt)."""

from __future__ import annotations

import ast
from pathlib import Path

import intervet_desktop

PACKAGE = Path(intervet_desktop.__file__).parent
QT = ("PySide6", "shiboken6", "PyQt6", "PyQt5")


def imported_modules(path: Path) -> set[str]:
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    return modules_in_source(path.read_text(encoding="utf-8"), package)


def modules_in_source(source: str, package: str) -> set[str]:
    """Every module a file imports, at any depth (inside functions too). ``from a import b``
    yields both ``a`` and ``a.b`` (``b`` may be a module); relative imports are resolved."""
    tree = ast.parse(source)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def modules_outside(*allowed: str) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if not any(p.is_relative_to(PACKAGE / a) for a in allowed)]


def offenders(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in paths:
        bad = sorted(m for m in imported_modules(path) if any(_within(m, f) for f in forbidden))
        if bad:
            found[str(path.relative_to(PACKAGE))] = bad
    return found


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def in_package(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def test_the_import_reader_sees_every_form() -> None:
    source = (
        "import PySide6.QtCore\nfrom intervet_desktop import db\nfrom ..db import backup\n"
        "def f():\n    from sqlalchemy import text\n"
    )
    found = modules_in_source(source, "intervet_desktop.ui")
    assert {"PySide6.QtCore", "intervet_desktop.db", "intervet_desktop.db.backup", "sqlalchemy.text"} <= found


def test_only_ui_imports_qt() -> None:
    """app.py included: its Qt parts (the signal handling) live in ui/."""
    assert offenders(modules_outside("ui"), QT) == {}


def test_app_imports_the_ui_only_when_the_gui_starts() -> None:
    tree = ast.parse((PACKAGE / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            assert not _within(module or "", "intervet_desktop.ui"), module


def test_ui_goes_through_services_not_the_database() -> None:
    """The UI talks to services (services/workspace_door.py, services/backups.py, ...), never
    to db/ (models, engines, sessions, backups) nor to SQLAlchemy directly."""
    assert offenders(in_package("ui"), ("intervet_desktop.db",)) == {}


def test_core_is_pure() -> None:
    forbidden = (
        "sqlalchemy",
        "sqlmodel",
        "alembic",
        *QT,
        "intervet_desktop.db",
        "intervet_desktop.services",
        "intervet_desktop.ui",
    )
    assert offenders(in_package("core"), forbidden) == {}


def test_exports_do_not_touch_db_or_qt() -> None:
    """Exports write files from plain values: no database (nor SQLAlchemy types), no Qt, and no
    services (which own the transactions and call the exports, not the other way round)."""
    forbidden = (
        "intervet_desktop.db",
        "intervet_desktop.ui",
        "intervet_desktop.services",
        "sqlalchemy",
        "sqlmodel",
        "alembic",
        *QT,
    )
    assert offenders(in_package("exports"), forbidden) == {}


def test_services_never_import_ui() -> None:
    assert offenders(in_package("services"), ("intervet_desktop.ui", *QT)) == {}


def test_cli_runs_without_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from intervet_desktop.cli.main import build_parser; build_parser(); "
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
