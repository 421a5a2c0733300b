"""Collect every translatable UI string: ``tr(context, "text")`` and
``QCoreApplication.translate("context", "text")`` calls in ui/, plus the strings the UI
translates dynamically (message templates, enum labels, list column labels, detail labels).

Used by scripts/update_translations.py and by the test that keeps the catalogues complete.
Reads source files as text (AST); imports only what declares dynamic strings.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import intervet_desktop

PACKAGE = Path(intervet_desktop.__file__).parent


@dataclass(frozen=True)
class Entry:
    context: str
    text: str
    location: str
    plural: str = ""  # the English plural form (PO msgid_plural) of a text with a number


def _module_strings(tree: ast.Module) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node.value.value
    return names


def _literal(node: ast.expr, names: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    return None


def _calls(path: Path) -> Iterator[Entry]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = _module_strings(tree)
    relative = path.relative_to(PACKAGE.parent).as_posix()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        func = node.func
        called = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        )
        if called not in ("tr", "translate", "trn"):
            continue
        context, text = _literal(node.args[0], names), _literal(node.args[1], names)
        if context is None or text is None:
            continue
        if called == "trn":
            plural = _literal(node.args[2], names) if len(node.args) > 2 else None
            if plural is not None:
                yield Entry(context, text, f"{relative}:{node.lineno}", plural)
        else:
            yield Entry(context, text, f"{relative}:{node.lineno}")


def _detail_labels() -> Iterator[Entry]:
    path = PACKAGE / "services" / "details.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.args
            and node.func.id in ("DetailField", "DetailSection")
        ):
            text = _literal(node.args[0], {})
            if text:
                yield Entry("details", text, f"intervet_desktop/services/details.py:{node.lineno}")


def import_everything() -> None:
    """Import every module so feature modules register their message codes."""
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="intervet_desktop."):
        if ".migrations" in info.name or info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)


def collect() -> list[Entry]:
    import_everything()
    from intervet_desktop.core.messages import CATALOGUE, FIELD_LABELS, PLURALS
    from intervet_desktop.services.lists import SPECS
    from intervet_desktop.ui.formatting import ENUM_LABELS
    from intervet_desktop.ui.widgets.detail_pane import EVIDENCE_LABELS

    entries: list[Entry] = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        entries.extend(_calls(path))
    entries.extend(
        Entry("messages", text, f"code:{code}") for code, text in CATALOGUE.items() if code not in PLURALS
    )
    entries.extend(Entry("messages", p.one, f"code:{code}", p.other) for code, p in PLURALS.items())
    entries.extend(Entry("fields", label, f"field:{key}") for key, label in FIELD_LABELS.items())
    entries.extend(Entry("labels", text, f"enum:{value}") for value, text in ENUM_LABELS.items())
    for spec in SPECS.values():
        entries.extend(Entry("columns", c.label, f"list:{spec.name}") for c in spec.columns)
    entries.extend(_detail_labels())
    entries.extend(Entry("evidence", text, f"evidence:{kind}") for kind, text in EVIDENCE_LABELS.items())
    return entries
