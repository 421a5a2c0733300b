"""Messages are fully translatable: numbers pick a plural form (no "row(s)"), and field names in
messages are keys the UI shows as translated labels (one table, core.messages.FIELD_LABELS)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import intervet_desktop
from intervet_desktop.core.messages import (
    CATALOGUE,
    FIELD_LABELS,
    FIELD_PARAMS,
    PLURALS,
    counted,
    msg,
    render,
)
from intervet_desktop.i18n_catalogue import collect, import_everything

PACKAGE = Path(intervet_desktop.__file__).parent
OPTIONAL_S = re.compile(r"\w\(s\)")


def test_no_text_for_people_says_s_in_brackets() -> None:
    import_everything()
    texts = [*CATALOGUE.values(), *(f for p in PLURALS.values() for f in (p.one, p.other))]
    texts += [t for e in collect() for t in (e.text, e.plural)]
    assert [t for t in texts if OPTIONAL_S.search(t)] == []
    # the command line's own English (f-strings) too
    for path in (PACKAGE / "cli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not OPTIONAL_S.search(node.value), f"{path.name}:{node.lineno}: {node.value!r}"


def test_plural_messages_in_english() -> None:
    import intervet_desktop.services.bm  # noqa: F401  (registers the BM messages)

    assert render(msg("bm_export_done", rows=1, mobilities=1, path="bm.xlsx")).startswith("1 row for")
    assert render(msg("bm_export_done", rows=2, mobilities=2, path="bm.xlsx")).startswith("2 rows for")
    assert render(msg("bm_travel_days_range", days=1, max=0, kind="standard")).startswith(
        "1 funded travel day;"
    )
    assert render(msg("bm_travel_days_range", days=3, max=2, kind="standard")).startswith(
        "3 funded travel days;"
    )
    assert counted(1, "problem", "problems") == "1 problem" and counted(0, "row", "rows") == "0 rows"


def test_field_keys_render_as_labels() -> None:
    assert render(msg("field_required", field="start_date")) == "Start date is required."
    assert render(msg("field_required", field="start_date"), labels=str.upper) == "START DATE is required."
    # an option name is not a field key: shown as it is
    assert render(msg("field_required", field="--call")) == "--call is required."
    order = msg("date_order", end_field="planned_end", end="1.3.", start_field="planned_start", start="2.3.")
    assert render(order) == "Planned end (1.3.) is before Planned start (2.3.)."


def test_field_names_passed_to_messages_are_keys() -> None:
    """Outside ui/, a literal in field=, start_field= or end_field= is a key of FIELD_LABELS
    (or a command-line option); English words there would reach every language untranslated."""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(("ui/", "db/migrations/")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg in FIELD_PARAMS - {"label"} and isinstance(kw.value, ast.Constant):
                    value = kw.value.value
                    if isinstance(value, str) and value not in FIELD_LABELS and not value.startswith("--"):
                        wrong.append(f"{rel}:{node.lineno}: {kw.arg}={value!r}")
    assert wrong == []
