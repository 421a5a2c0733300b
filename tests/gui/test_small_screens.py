"""Fits a small laptop: at 1280x720 and 1366x768 (100% scaling) no page forces a larger window,
filter bars wrap instead of widening it, and no page needs a horizontal scroll bar."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QScrollArea

from intervet_desktop.ui.main_window import MainWindow


@pytest.mark.parametrize("size", [QSize(1280, 720), QSize(1366, 768)])
def test_every_page_fits(qtbot: Any, window: MainWindow, size: QSize) -> None:
    too_big = []
    for page in window.pages:
        window.show_page(page.key)
        window.resize(size)
        QApplication.processEvents()
        holder = window.stack.currentWidget()
        assert isinstance(holder, QScrollArea)
        hint = page.minimumSizeHint()
        if hint.width() > holder.viewport().width():
            too_big.append(f"{page.key} needs {hint.width()} px, has {holder.viewport().width()}")
        if window.size() != size:
            too_big.append(f"{page.key} makes the window {window.width()}x{window.height()}")
    assert too_big == []
    minimum = window.minimumSizeHint()
    assert minimum.width() <= size.width() and minimum.height() <= size.height(), minimum


def test_filter_bar_wraps_on_a_narrow_window(qtbot: Any, window: MainWindow) -> None:
    page = window.show_page("mobilities")
    window.resize(1280, 720)
    QApplication.processEvents()
    boxes = list(page.filter_boxes.values())  # type: ignore[attr-defined]
    assert len(boxes) >= 5
    tops = {box.geometry().top() for box in boxes}
    assert len(tops) >= 2, "six filters do not fit one line at 1280 px: they wrap"
    assert all(box.isVisible() and box.width() > 40 for box in boxes)
