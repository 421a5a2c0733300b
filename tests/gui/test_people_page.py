"""The People page: a person typed into the form through its widgets, validated as typed,
saved and found in the list; the duplicate banner; delete refused then archived; merge."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from intervet_desktop.core.person_rules import PersonForm
from intervet_desktop.services import people
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.directory import PeoplePage
from intervet_desktop.ui.pages.duplicates_dialog import DuplicatesDialog
from intervet_desktop.ui.pages.person_editor import PersonEditor
from intervet_desktop.ui.widgets import unsaved
from tests.factories import Sample


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every confirmation asked (answered Yes) instead of a blocking box."""
    asked: list[str] = []

    def answer_yes(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    return asked


def _page(window: MainWindow) -> PeoplePage:
    page = window.show_page("people")
    assert isinstance(page, PeoplePage)
    return page


def _editor(page: PeoplePage) -> PersonEditor:
    assert isinstance(page.editor, PersonEditor)
    return page.editor


def _shown(editor: PersonEditor, field: str) -> str:
    label = editor.fields.errors[field]
    return "" if label.isHidden() else label.text()


def test_fill_a_person_see_errors_save_and_find_them(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    editor = _editor(page)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert editor.record_id is None and editor.title.text() == "New person"
    assert not editor.save_button.isEnabled()  # names are required

    qtbot.keyClicks(editor.first_name, "Ines")
    editor.last_name.setText("Fernández")
    editor.nationality.set_value("ES")
    qtbot.keyClicks(editor.birth_date, "31.02.1985")
    assert "31.02.1985" in _shown(editor, "birth_date")  # not a real day
    editor.birth_date.setText("14.03.1985")
    assert _shown(editor, "birth_date") == ""
    qtbot.keyClicks(editor.email, "ines@@example")
    assert _shown(editor, "email"), "a bad e-mail is explained next to the field"
    assert not editor.save_button.isEnabled()
    assert "problem" in editor.state.text()

    editor.email.clear()
    qtbot.keyClicks(editor.email, "ines.fernandez@example.es")
    assert _shown(editor, "email") == ""
    assert editor.employer.choose("επαλ θεσσαλονικης")  # case and accents do not matter
    editor.role.set_value("trainer")
    editor.languages.add_row()
    editor.languages.rows[0].set(people.LanguageSkill("en", "B2"))
    editor.iban.setText("ES91 2100 0418 4502 0005 1332")
    assert editor.problems() == {}
    assert editor.save_button.isEnabled()

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.record_id is not None
    saved = people.get_person(window.ctx.workspace, editor.record_id)
    assert saved.form.last_name == "Fernández"
    assert saved.form.birth_date == date(1985, 3, 14)
    assert saved.form.iban == "ES9121000418450200051332"
    assert [(s.language, s.level) for s in saved.form.languages] == [("en", "B2")]
    assert saved.employer_name.startswith("1ο ΕΠΑΛ")
    assert page.selected_ids() == [editor.record_id]  # the list shows the new record

    page.search.setText("fernandez")  # no accent, lower case
    assert page.model.total() == 1 and page.model.id_at(0) == editor.record_id

    # a second person in Greek
    page.new_record()
    editor.first_name.setText("Ελένη")
    editor.last_name.setText("Κωνσταντίνου")
    editor.email.setText("eleni@example.gr")
    assert editor.save_button.isEnabled()
    editor.save_button.click()
    greek_id = editor.record_id
    assert greek_id is not None
    page.search.setText("κωνσταντινου")  # without the tonos
    assert page.model.total() == 1 and page.model.id_at(0) == greek_id


def test_edit_and_revert(qtbot, window: MainWindow, sample: Sample) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    editor = _editor(page)
    page.open_id(sample.german_id)
    assert editor.last_name.text() == "Müller"
    assert not editor.save_button.isEnabled() and not editor.revert_button.isEnabled()
    editor.phone.setText("12")
    assert _shown(editor, "phone")
    editor.revert_button.click()
    assert editor.phone.text() == "" and _shown(editor, "phone") == ""
    editor.phone.setText("+49 30 1234567")
    editor.save_button.click()
    assert people.get_person(window.ctx.workspace, sample.german_id).form.phone.startswith("+49")


def test_duplicate_banner_opens_the_existing_person(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample: Sample, questions: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def discard(_parent: object, name: str) -> unsaved.Choice:
        asked.append(name)
        return unsaved.Choice.DISCARD

    monkeypatch.setattr(unsaved, "ask", discard)
    page = _page(window)
    editor = _editor(page)
    page.new_record()
    assert editor.banner.isHidden()
    qtbot.keyClicks(editor.email, "joao@example.pt")
    assert not editor.banner.isHidden()
    assert "Gonçalves" in editor.banner.text.text()
    editor.banner.open_button.click()
    assert asked == ["the new record"] and questions == []
    assert editor.record_id == sample.portuguese_id
    assert editor.first_name.text() == "João"


def test_delete_refused_offers_archive(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample: Sample, questions: list[str]
) -> None:
    page = _page(window)
    editor = _editor(page)
    before = page.model.total()
    page.open_id(sample.greek_id)
    editor.delete_button.click()
    assert len(questions) == 2  # "delete?" then "cannot delete: archive instead?"
    assert "mobilit" in questions[1].lower()
    assert people.get_person(window.ctx.workspace, sample.greek_id).archived
    assert page.model.total() == before - 1  # archived people leave the list
    assert editor.record_id is None


def test_delete_a_person_nobody_uses(qtbot, window: MainWindow, questions: list[str]) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    editor = _editor(page)
    page.new_record()
    editor.first_name.setText("Temp")
    editor.last_name.setText("Person")
    editor.save_button.click()
    person_id = editor.record_id
    assert person_id is not None
    editor.delete_button.click()
    assert len(questions) == 1
    assert people.count_people(window.ctx.workspace) == 3


def test_find_duplicates_and_merge_a_pair(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, questions: list[str]
) -> None:
    ws = window.ctx.workspace
    born = date(1979, 5, 2)
    first = people.create_person(
        ws, PersonForm(first_name="Μαρία", last_name="Ρόσση", birth_date=born, email="maria@example.gr")
    ).value
    second = people.create_person(
        ws, PersonForm(first_name="ΜΑΡΙΑ", last_name="ΡΟΣΣΗ", birth_date=born, phone="+30 2310 555000")
    ).value
    dialog = DuplicatesDialog(window.ctx, "person", window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    ids = {dialog.pairs[0].first_id, dialog.pairs[0].second_id}
    assert ids == {first.id, second.id}
    keep_index = dialog.keep.findData(first.id)
    dialog.keep.setCurrentIndex(keep_index)
    dialog.merge_button.click()
    assert questions and "cannot be undone" in questions[0]
    assert dialog.merged == [first.id]
    assert dialog.table.rowCount() == 0
    kept = people.get_person(ws, first.id)
    assert kept.form.phone.startswith("+30")  # filled from the merged record
    assert people.count_people(ws) == 4


def test_leaving_unsaved_changes_asks_first(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample: Sample, questions: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(window)
    editor = _editor(page)
    page.open_id(sample.german_id)
    page.open_id(sample.german_id)  # the same record again: nothing to ask
    assert questions == []
    editor.phone.setText("+49 30 7654321")
    asked: list[str] = []

    def discard(_parent: object, name: str) -> unsaved.Choice:
        asked.append(name)
        return unsaved.Choice.DISCARD

    monkeypatch.setattr(unsaved, "ask", discard)
    page.open_id(sample.portuguese_id)
    assert len(asked) == 1 and asked[0]  # named after the record being left
    assert questions == []  # one question (Save / Discard / Cancel), not a yes/no box
    assert editor.record_id == sample.portuguese_id and editor.phone.text() == ""
