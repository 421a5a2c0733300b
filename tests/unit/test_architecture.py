"""Layers (DESIGN.md section 2): only ui/ imports Qt; core imports neither the DB nor Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import intervet_desktop

PACKAGE = Path(intervet_desktop.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_outside(*allowed: str) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if not any(p.is_relative_to(PACKAGE / a) for a in allowed)]


def test_only_ui_imports_qt() -> None:
    offenders = {}
    for path in modules_outside("ui"):
        qt = {
            m for m in imported_modules(path) if m.split(".")[0] in {"PySide6", "shiboken6", "PyQt6", "PyQt5"}
        }
        if path.name == "app.py" and path.parent == PACKAGE:
            # app.py wires the GUI; it may import Qt, but only inside run_gui (checked below)
            continue
        if qt:
            offenders[str(path.relative_to(PACKAGE))] = sorted(qt)
    assert offenders == {}


def test_app_imports_qt_lazily() -> None:
    tree = ast.parse((PACKAGE / "app.py").read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    for node in top_level:
        module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
        assert not (module or "").startswith("PySide6")


def test_core_is_pure() -> None:
    for path in (PACKAGE / "core").rglob("*.py"):
        for module in imported_modules(path):
            root = module.split(".")
            assert root[0] not in {"sqlalchemy", "sqlmodel", "alembic", "PySide6"}, (path, module)
            assert not module.startswith(
                ("intervet_desktop.db", "intervet_desktop.services", "intervet_desktop.ui")
            ), (
                path,
                module,
            )


def test_exports_do_not_touch_db_or_qt() -> None:
    """Exports write files from plain values: no database, no Qt, and no services (which own
    the transactions and call the exports, not the other way round)."""
    for path in (PACKAGE / "exports").rglob("*.py"):
        for module in imported_modules(path):
            assert not module.startswith(
                (
                    "intervet_desktop.db",
                    "intervet_desktop.ui",
                    "intervet_desktop.services",
                    "PySide6",
                    "sqlmodel",
                )
            ), (
                path,
                module,
            )


def test_services_never_import_ui() -> None:
    for path in (PACKAGE / "services").rglob("*.py"):
        for module in imported_modules(path):
            assert not module.startswith("intervet_desktop.ui"), (path, module)


def test_cli_runs_without_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from intervet_desktop.cli.main import build_parser; build_parser(); "
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
