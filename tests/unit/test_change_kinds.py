"""Change kinds are one enumeration: every kind a page watches is one some service reports.

Scans the source (AST): pages name kinds only as ``Kind.X`` (no strings), and every ``Kind.X`` a
page watches (``watches = (...)`` or ``changes.touches(...)``) appears in some service's code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import intervet_desktop
from intervet_desktop.db.models import metadata
from intervet_desktop.services.changes import Changes, Kind

PACKAGE = Path(intervet_desktop.__file__).parent


def _trees(folder: str) -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted((PACKAGE / folder).rglob("*.py"))]


def _kind_members(node: ast.AST) -> set[str]:
    return {
        n.attr
        for n in ast.walk(node)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "Kind"
    }


def _watched() -> dict[str, set[str]]:
    """'path:line' -> Kind members watched there, and strings where a member was expected."""
    found: dict[str, set[str]] = {}
    for path, tree in _trees("ui"):
        for node in ast.walk(tree):
            args: list[ast.expr] = []
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "watches" for t in node.targets
            ):
                args = list(node.value.elts) if isinstance(node.value, ast.Tuple) else [node.value]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                if node.target.id == "watches" and isinstance(node.value, ast.Tuple):
                    args = list(node.value.elts)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "touches"
            ):
                args = [a for a in node.args if not isinstance(a, ast.Starred)]
            if not args:
                continue
            where = f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno}"
            members: set[str] = set()
            for arg in args:
                if isinstance(arg, ast.Constant):
                    members.add(f"string {arg.value!r}")
                members |= _kind_members(arg)
            found[where] = members
    return found


def _emitted() -> set[str]:
    emitted: set[str] = set()
    for path, tree in _trees("services"):
        if path.name != "changes.py":
            emitted |= _kind_members(tree)
    return emitted


def test_pages_watch_only_kinds_some_service_reports() -> None:
    watched = _watched()
    assert len(watched) >= 10, watched  # the scan finds the pages (dashboard, budget, lists...)
    emitted = _emitted()
    unknown = {
        where: sorted(m for m in members if m not in emitted)
        for where, members in watched.items()
        if any(m not in emitted for m in members)
    }
    assert unknown == {}, "pages watch kinds no service reports (or strings instead of Kind members)"
    assert all(name in Kind.__members__ for members in watched.values() for name in members)


def test_dashboard_and_budget_watch_what_changes_their_figures() -> None:
    watched = _watched()
    dashboard = next(m for w, m in watched.items() if w.startswith("ui/pages/dashboard.py"))
    budget = next(m for w, m in watched.items() if w.startswith("ui/pages/budget.py"))
    # the dashboard counts missing evidence; the budget sums grant lines and in-kind expenses
    assert {"MOBILITY", "EVIDENCE_ITEM", "PAYMENT", "PROJECT"} <= dashboard
    assert {"GRANT_LINE", "IN_KIND", "NA_PAYMENT", "PARTNER_TRANSFER", "PAYMENT"} <= budget


def test_no_service_reports_a_string_kind() -> None:
    offenders = []
    for path, tree in _trees("services"):
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("of", "add")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value in {k.value for k in Kind}
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_every_table_belongs_to_a_kind_or_is_bookkeeping() -> None:
    kinds = {table: Kind.of_table(table) for table in metadata.tables}
    assert {t for t, k in kinds.items() if k is None} == {"audit_entry", "import_mapping"}
    assert kinds["person_language"] is Kind.PERSON and kinds["in_kind_expense"] is Kind.IN_KIND
    changes = Changes().add_tables(["grant_line", "audit_entry", "mobility_programme"])
    assert changes.kinds == {Kind.GRANT_LINE: set(), Kind.MOBILITY: set()}


def test_kinds_are_checked() -> None:
    changes = Changes.of(Kind.MOBILITY, 3, None).add(Kind.PAYMENT, [7])
    assert changes.touches(Kind.PAYMENT) and not changes.touches(Kind.PERSON)
    assert changes.kinds == {Kind.MOBILITY: {3}, Kind.PAYMENT: {7}}
    with pytest.raises(ValueError):
        Kind.of_table("no_such_table")
