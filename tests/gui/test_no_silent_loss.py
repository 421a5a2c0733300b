"""No silent loss: every editor asks Save / Discard / Cancel when the user leaves a changed record
(another row, a new record, another page, closing the window), and a blank new record is not
greeted with errors."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from intervet_desktop.db.models import Mobility
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.directory import OrganisationsPage, PeoplePage
from intervet_desktop.ui.pages.lists import MobilitiesPage
from intervet_desktop.ui.widgets import unsaved
from intervet_desktop.ui.widgets.unsaved import Choice
from tests.factories import Sample


class Answers:
    """Answers the question in turn, and remembers the names it was asked about."""

    def __init__(self) -> None:
        self.queue: list[Choice] = []
        self.asked: list[str] = []

    def __call__(self, _parent: QWidget | None, name: str) -> Choice:
        self.asked.append(name)
        assert self.queue, f"unexpected question about {name}"
        return self.queue.pop(0)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    answer = Answers()
    monkeypatch.setattr(unsaved, "ask", answer)
    return answer


def _row(page: Any, record_id: int) -> int:
    for row in range(page.model.rowCount()):
        if page.model.id_at(row) == record_id:
            return row
    raise AssertionError(record_id)


def _click_row(page: Any, record_id: int) -> None:
    page.table.selectRow(_row(page, record_id))


def _mobilities(window: MainWindow, sample: Sample) -> MobilitiesPage:
    page = window.show_page("mobilities")
    assert isinstance(page, MobilitiesPage)
    _click_row(page, sample.mobility_ids[0])
    assert page.editor.mobility_id == sample.mobility_ids[0]
    return page


def _move_end(page: MobilitiesPage) -> QDate:
    end = page.editor.widgets["planned_end"]
    new = end.date().addDays(1)  # type: ignore[attr-defined]
    end.setDate(new)  # type: ignore[attr-defined]
    return new


def test_mobility_editor_asks_before_another_row(
    window: MainWindow, sample: Sample, answers: Answers
) -> None:
    page = _mobilities(window, sample)
    first, second = sample.mobility_ids[0], sample.mobility_ids[1]
    _click_row(page, second)  # nothing changed: nothing asked
    assert answers.asked == [] and page.editor.mobility_id == second
    _click_row(page, first)
    assert not page.editor.is_dirty()
    moved = _move_end(page)
    assert page.editor.is_dirty()

    answers.queue = [Choice.CANCEL]
    _click_row(page, second)
    assert len(answers.asked) == 1
    assert page.editor.mobility_id == first  # still there, with the change
    assert page.editor.widgets["planned_end"].date() == moved  # type: ignore[attr-defined]
    assert page.selected_ids() == [first]  # the list shows the record being edited

    answers.queue = [Choice.DISCARD]
    _click_row(page, second)
    assert page.editor.mobility_id == second
    with window.ctx.workspace.read_session() as s:
        row = s.get(Mobility, first)
        assert row is not None and row.planned_end != moved.toPython()


def test_mobility_editor_saves_when_asked(window: MainWindow, sample: Sample, answers: Answers) -> None:
    page = _mobilities(window, sample)
    first, second = sample.mobility_ids[0], sample.mobility_ids[1]
    page.editor.widgets["notes"].setPlainText("Ring the host on Monday")  # type: ignore[attr-defined]
    answers.queue = [Choice.SAVE]
    _click_row(page, second)
    assert page.editor.mobility_id == second
    with window.ctx.workspace.read_session() as s:
        row = s.get(Mobility, first)
        assert row is not None and row.notes == "Ring the host on Monday"


def test_new_mobility_and_another_page_ask(window: MainWindow, sample: Sample, answers: Answers) -> None:
    page = _mobilities(window, sample)
    _move_end(page)
    answers.queue = [Choice.CANCEL]
    page.new_mobility()
    assert page.editor.mobility_id == sample.mobility_ids[0]
    answers.queue = [Choice.CANCEL]
    window.show_page("people")
    assert window.current_page() is page and window.nav.currentRow() == window.pages.index(page)
    answers.queue = [Choice.DISCARD]
    window.show_page("people")
    assert window.current_page().key == "people"
    assert len(answers.asked) == 3


def test_closing_the_window_asks(qtbot: Any, ctx: AppContext, sample: Sample, answers: Answers) -> None:
    win = MainWindow(ctx, remember_state=True)
    qtbot.addWidget(win)
    win.show()
    page = _mobilities(win, sample)
    _move_end(page)
    answers.queue = [Choice.CANCEL]
    win.close()
    assert win.isVisible() and page.editor.is_dirty()
    answers.queue = [Choice.DISCARD]
    win.close()
    assert not win.isVisible()
    assert len(answers.asked) == 2


def test_person_editor_asks_and_greets_a_blank_record_calmly(
    window: MainWindow, sample: Sample, answers: Answers
) -> None:
    page = window.show_page("people")
    assert isinstance(page, PeoplePage)
    editor = page.editor
    page.new_record()
    shown = [field for field, label in editor.fields.errors.items() if not label.isHidden()]
    assert shown == []  # no "First name is required." before the user did anything
    assert "problem" not in editor.state.text()
    editor.save()  # Save shows what stops it
    assert not editor.fields.errors["first_name"].isHidden()

    page.open_id(sample.german_id)
    editor.phone.setText("+49 30 7654321")  # type: ignore[attr-defined]
    answers.queue = [Choice.CANCEL]
    page.open_id(sample.portuguese_id)
    assert editor.record_id == sample.german_id
    answers.queue = [Choice.SAVE]
    page.open_id(sample.portuguese_id)
    assert editor.record_id == sample.portuguese_id
    page.open_id(sample.german_id)
    assert editor.phone.text().replace(" ", "") == "+49307654321"  # type: ignore[attr-defined]
    assert len(answers.asked) == 2


def test_organisation_editor_asks(window: MainWindow, sample: Sample, answers: Answers) -> None:
    page = window.show_page("organisations")
    assert isinstance(page, OrganisationsPage)
    editor = page.editor
    page.open_id(sample.host_fi_id)
    name = editor.fields.widgets["name"]
    name.setText(name.text() + " Oy")  # type: ignore[attr-defined]
    answers.queue = [Choice.DISCARD]
    page.new_record()
    assert editor.record_id is None and len(answers.asked) == 1
    assert answers.asked[0]  # named
