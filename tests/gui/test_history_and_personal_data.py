"""The history view on a record and a person's GDPR actions in the GUI."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.services import audit
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.personal_data import PersonalDataDialog
from intervet_desktop.ui.dialogs.record_history import HistoryDialog
from intervet_desktop.ui.pages.person_editor import PersonEditor
from tests.factories import Sample


def _shot(widget: object, name: str) -> None:
    folder = os.environ.get("INTERVET_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))  # type: ignore[attr-defined]


def test_history_dialog_shows_who_changed_which_field(  # type: ignore[no-untyped-def]
    qtbot, ctx: AppContext, sample: Sample, tmp_path: Path
) -> None:
    with ctx.workspace.session() as s:
        audit.record(s, "person", sample.greek_id, AuditAction.UPDATE, {"phone": ["+30 210 1", "+30 210 2"]})
    editor = PersonEditor(ctx)
    qtbot.addWidget(editor)
    editor.open_record(sample.greek_id)
    assert editor.history_button.isVisible() or editor.history_button.isEnabled()
    assert editor.personal_data_button.isEnabled()
    dialog = HistoryDialog(ctx, "person", sample.greek_id)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]  # type: ignore[union-attr]
    assert "phone" in texts
    row = texts.index("phone")
    assert dialog.table.item(row, 4).text() == "+30 210 1 -> +30 210 2"  # type: ignore[union-attr]
    assert dialog.table.item(row, 1).text()  # type: ignore[union-attr]
    _shot(dialog, "history-dialog.png")
    dialog.export_to(tmp_path / "history.csv")
    assert "+30 210 2" in (tmp_path / "history.csv").read_text(encoding="utf-8-sig")


def test_personal_data_dialog_exports_and_anonymises(  # type: ignore[no-untyped-def]
    qtbot, ctx: AppContext, sample: Sample, tmp_path: Path
) -> None:
    dialog = PersonalDataDialog(ctx, sample.greek_id)
    qtbot.addWidget(dialog)
    dialog.show()
    _shot(dialog, "personal-data-dialog.png")
    dialog.export_to(tmp_path / "p.json")
    qtbot.waitUntil(lambda: (tmp_path / "p.json").exists(), timeout=10000)
    held = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert held["person"][0]["id"] == sample.greek_id
    dialog.anonymise()
    qtbot.waitUntil(lambda: not dialog.anonymise_button.isEnabled(), timeout=10000)
    with sqlite3.connect(ctx.workspace.path) as con:
        row = con.execute(
            "SELECT first_name, anonymised_at IS NOT NULL FROM person WHERE id=?", (sample.greek_id,)
        )
        assert row.fetchone() == ("Anonymised", 1)
