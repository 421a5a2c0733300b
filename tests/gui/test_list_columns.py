"""Lists show what people scan for at 1280 px, offer a column chooser in the header's context
menu, and remember widths, order and hidden columns per list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.lists import MobilitiesPage


def _mobilities(window: MainWindow) -> MobilitiesPage:
    page = window.show_page("mobilities")
    assert isinstance(page, MobilitiesPage)
    return page


def test_key_columns_on_screen_at_1280(qtbot: Any, window: MainWindow) -> None:
    window.resize(1280, 720)
    page = _mobilities(window)
    QApplication.processEvents()
    header = page.table.horizontalHeader()
    keys = [c.key for c in page.spec.columns]
    viewport = page.table.viewport().width()

    def fits() -> bool:
        return all(
            header.sectionViewportPosition(keys.index(k)) + header.sectionSize(keys.index(k)) <= viewport
            for k in page.key_columns
        )

    qtbot.waitUntil(fits)
    for key in page.key_columns:
        assert not header.isSectionHidden(keys.index(key)), key
    assert header.isSectionHidden(keys.index("project"))  # in the chooser, not on screen


def test_column_chooser_and_remembered_state(qtbot: Any, window: MainWindow, ctx: AppContext) -> None:
    page = _mobilities(window)
    keys = [c.key for c in page.spec.columns]
    menu = page._column_menu(QPoint(-1, -1))
    actions = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert len(actions) == len(keys) and not actions["Project"].isChecked()
    actions["Project"].setChecked(True)
    header = page.table.horizontalHeader()
    assert not header.isSectionHidden(keys.index("project"))
    header.resizeSection(keys.index("participant"), 251)

    again = MainWindow(ctx, remember_state=False)
    qtbot.addWidget(again)
    second = again.show_page("mobilities")
    assert isinstance(second, MobilitiesPage)
    other = second.table.horizontalHeader()
    assert not other.isSectionHidden(keys.index("project"))
    assert other.sectionSize(keys.index("participant")) == 251

    defaults = [a for a in page._column_menu(QPoint(-1, -1)).actions() if a.text() == "Default columns"]
    defaults[0].trigger()
    assert header.isSectionHidden(keys.index("project"))


def test_money_and_numbers_right_aligned(window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    page = _mobilities(window)
    keys = [c.key for c in page.spec.columns]
    align = page.model.data(page.model.index(0, keys.index("grant")), Qt.ItemDataRole.TextAlignmentRole)
    assert Qt.AlignmentFlag(int(align)) & Qt.AlignmentFlag.AlignRight
