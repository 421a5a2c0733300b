"""The Programme tab: what the mobility agreement prints, written beside the mobility."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from intervet_desktop.services.documents import DocumentOptions, generate_batch, get_programme
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.lists import MobilitiesPage
from tests.factories import Sample


def test_write_the_programme_and_the_agreement_stops_asking_for_it(
    qtbot, window: MainWindow, sample: Sample, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("mobilities")
    assert isinstance(page, MobilitiesPage)
    mobility_id = sample.mobility_ids[0]
    refused = generate_batch(window.ctx.workspace, [mobility_id], DocumentOptions(), tmp_path).value.refused
    assert {p.field for r in refused for p in r.problems} >= {"programme.objectives", "programme.activities"}

    page.editor.load(mobility_id)
    editor = page.editor.programme
    page.editor.select_tab(5)
    assert editor.isEnabled() and not editor.save_button.isEnabled()
    assert "objectives" in editor.needs.text() and "expected outcomes" in editor.needs.text()

    editor.texts["objectives"].setPlainText("Learn how the host assesses apprentices.")
    editor.texts["activities"].setPlainText("Shadowing workshop lessons; meeting the company tutors.")
    assert editor.save_button.isEnabled()
    assert "expected outcomes" in editor.needs.text() and "objectives" not in editor.needs.text()
    editor.texts["outcomes"].setPlainText("A revised internship checklist.")
    editor.language.setCurrentIndex(editor.language.findData("pt"))
    assert editor.needs.text() == "Ready for the mobility agreement."
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    stored = get_programme(window.ctx.workspace, mobility_id)
    assert stored.objectives == "Learn how the host assesses apprentices."
    assert stored.language == "pt" and stored.outcomes == "A revised internship checklist."
    assert not editor.save_button.isEnabled()  # saved: nothing left to save
    batch = generate_batch(window.ctx.workspace, [mobility_id], DocumentOptions(), tmp_path).value
    left = {p.field for r in batch.refused for p in r.problems}
    assert not {f for f in left if f.startswith("programme.")}, left  # the programme is complete

    # a language nobody knows is refused with a message; what was saved stays as it was
    editor.language.setEditText("Klingon")
    editor.texts["objectives"].setPlainText("Changed, but not saved.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "'Klingon' is not a language code we know" in editor.needs.text()
    assert get_programme(window.ctx.workspace, mobility_id) == stored
    editor.language.setEditText("Finnish")  # a name in any of the app's languages will do
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert get_programme(window.ctx.workspace, mobility_id).language == "fi"

    # another mobility shows its own (empty) programme; a new one has none until saved
    page.editor.load(sample.mobility_ids[1])
    assert editor.texts["objectives"].toPlainText() == ""
    page.editor.new(sample.project_id)
    assert not editor.isEnabled() and "Save the mobility first" in editor.needs.text()
    page.editor.load(mobility_id)
    assert editor.texts["activities"].toPlainText().startswith("Shadowing workshop")
