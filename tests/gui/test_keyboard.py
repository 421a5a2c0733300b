"""Keyboard all the way: Tab walks out of every table and every notes box, reaches the editor
beside a list, Enter opens a row, and form labels carry Alt shortcuts to their fields."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QTableView, QWidget

from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.list_page import ListPage
from intervet_desktop.ui.widgets.form_fields import with_mnemonic


def _walk(qtbot: Any, start: QWidget, steps: int) -> list[QWidget]:
    start.setFocus()
    seen: list[QWidget] = []
    for _ in range(steps):
        widget = QApplication.focusWidget()
        assert widget is not None
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return seen


def test_tab_walks_every_list_page(qtbot: Any, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for page in window.pages:
        window.show_page(page.key)
        if not isinstance(page, ListPage):
            continue
        page.select_first()  # an editor with no record is disabled
        seen = _walk(qtbot, page.search, 80)
        assert page.table in seen, f"{page.key}: Tab never reaches the list"
        after = seen[seen.index(page.table) + 1]
        assert after is not page.table, f"{page.key}: Tab is trapped in the table"
        detail = page.detail_widget()
        inside = [w for w in seen if detail.isAncestorOf(w)]
        assert inside, f"{page.key}: Tab never reaches the editor or card beside the list"
        trapped = [w for w in seen if isinstance(w, QPlainTextEdit) and seen.count(w) > 3]
        assert trapped == [], f"{page.key}: a notes box keeps the Tab key"


def test_enter_on_a_row_goes_to_the_editor(qtbot: Any, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = window.show_page("mobilities")
    assert isinstance(page, ListPage) and isinstance(page.table, QTableView)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    focus = QApplication.focusWidget()
    assert focus is not None and page.detail_widget().isAncestorOf(focus)


def test_form_labels_have_alt_shortcuts(window: MainWindow) -> None:
    for key in ("people", "organisations", "mobilities"):
        page = window.show_page(key)
        labels = [
            label
            for label in page.findChildren(QLabel)
            if label.buddy() is not None and label.text() and not label.text().startswith("<")
        ]
        assert labels, key
        without = [label.text() for label in labels if "&" not in label.text()]
        assert len(without) <= len(labels) // 4, f"{key}: labels without Alt shortcut: {without}"


def test_mnemonics_skip_menu_letters_and_taken_ones() -> None:
    taken = set("fgh")
    assert with_mnemonic("First name", taken) == "F&irst name"
    assert with_mnemonic("Gender", taken) == "G&ender"
    assert with_mnemonic("Email", taken) == "E&mail"  # "e" went to Gender
    assert with_mnemonic("Save && close", set()) == "&Save && close"
