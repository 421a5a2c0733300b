"""The Learner tab and the group checklist: a minor needs a parent or guardian (refused, nothing
saved), the checklist follows what is saved, and the group dialog prints the emergency cards."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from intervet_desktop.services.learners.details import get_learner
from intervet_desktop.ui.dialogs.learner_group import LearnerGroupDialog
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.lists import MobilitiesPage
from tests.factories import Sample
from tests.learner_factories import add_learners


def test_learner_tab_guardian_required_then_saved(qtbot, window: MainWindow, sample: Sample) -> None:  # type: ignore[no-untyped-def]
    learners = add_learners(window.ctx.workspace, sample)
    page = window.show_page("mobilities")
    assert isinstance(page, MobilitiesPage)
    page.editor.load(learners.minor_id)
    editor = page.editor.learner
    assert editor.isEnabled()
    assert "Minor on the day of departure" in editor.minor_label.text()
    name = editor.inputs["guardian_name"]
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "Eleni Konstantinou")
    policy = editor.inputs["insurance_policy"]
    assert isinstance(policy, QLineEdit)
    qtbot.keyClicks(policy, "POL-1")
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.errors["guardian_contact"].isVisibleTo(editor)
    assert "Contact of the parent or guardian is required" in editor.errors["guardian_contact"].text()
    assert get_learner(window.ctx.workspace, learners.minor_id).form.guardian_name == ""  # nothing saved

    contact = editor.inputs["guardian_contact"]
    assert isinstance(contact, QLineEdit)
    qtbot.keyClicks(contact, "+30 690 000 0000")
    booked = editor.inputs["travel_booked_on"]
    assert isinstance(booked, QLineEdit)
    qtbot.keyClicks(booked, "20.01.2026")
    knowledge = editor.inputs["outcomes_knowledge"]
    assert isinstance(knowledge, QPlainTextEdit)
    knowledge.setPlainText("HACCP principles")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    stored = get_learner(window.ctx.workspace, learners.minor_id)
    assert stored.form.guardian_contact == "+30 690 000 0000"
    assert (
        stored.form.travel_booked_on is not None and stored.form.travel_booked_on.isoformat() == "2026-01-20"
    )
    assert stored.form.outcomes_knowledge == "HACCP principles"
    assert not editor.save_button.isEnabled()
    assert "✓ Insurance" in editor.checklist.text() and "✗ Parental consent" in editor.checklist.text()

    # a date nobody can read is refused before anything is written
    qtbot.keyClicks(editor.inputs["language_assessed_on"], "soon")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.errors["language_assessed_on"].isVisibleTo(editor)
    assert get_learner(window.ctx.workspace, learners.minor_id).form.language_assessed_on is None

    # a staff mobility has no learner tab content
    page.editor.load(sample.mobility_ids[0])
    assert not editor.isEnabled()


def test_group_checklist_dialog_prints_cards(
    qtbot, window: MainWindow, sample: Sample, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    learners = add_learners(window.ctx.workspace, sample)
    dialog = LearnerGroupDialog(window.ctx, sample.project_id, learners.adult_id, window)
    qtbot.addWidget(dialog)
    assert dialog.group_combo.count() == 1 and "2 learners" in dialog.group_combo.currentText()
    assert dialog.table.rowCount() == 2
    assert "0 of 2 ready to leave" in dialog.summary.text()
    assert "Parental consent: 1" in dialog.summary.text()
    target = tmp_path / "cards.pdf"
    dialog.print_cards(target)
    assert "Emergency cards written" in dialog.message.text()
    text = PdfReader(target).pages[0].extract_text() or ""
    assert "EMERGENCY CARD" in text and "112" in text
    assert "Emergency card: " not in dialog.summary.text()  # printed: no longer open
