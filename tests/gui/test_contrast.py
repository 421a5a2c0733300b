"""Readable: hints (disabled labels), placeholders and text reach 4.5:1 (WCAG AA) against their
backgrounds in the light and the dark palette, measured on the palette every page is drawn with."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.theme import apply_theme, contrast

G, R = QPalette.ColorGroup, QPalette.ColorRole


@pytest.mark.parametrize("dark", [False, True])
def test_hint_and_text_contrast(qtbot: Any, window: MainWindow, dark: bool) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, dark)
    try:
        low: list[str] = []
        for page in window.pages:
            window.show_page(page.key)
            palette = page.palette()
            pairs = {
                "text": (palette.color(G.Active, R.WindowText), palette.color(G.Active, R.Window)),
                "hint": (palette.color(G.Disabled, R.WindowText), palette.color(G.Active, R.Window)),
                "placeholder": (palette.color(G.Active, R.PlaceholderText), palette.color(G.Active, R.Base)),
                "field text": (palette.color(G.Active, R.Text), palette.color(G.Active, R.Base)),
            }
            for label in page.findChildren(QLabel):
                if not label.isEnabled():  # hints are drawn as disabled labels
                    lp = label.palette()
                    pairs["hint label"] = (lp.color(G.Disabled, R.WindowText), lp.color(G.Active, R.Window))
                    break
            for name, (fore, back) in pairs.items():
                ratio = contrast(fore, back)
                if ratio < 4.5:
                    low.append(f"{page.key} {name}: {ratio:.2f}")
        assert low == []
    finally:
        apply_theme(app, False)


def test_contrast_formula() -> None:
    from PySide6.QtGui import QColor

    assert round(contrast(QColor("black"), QColor("white")), 1) == 21.0
    assert round(contrast(QColor(119, 119, 119), QColor("white")), 2) == 4.48
