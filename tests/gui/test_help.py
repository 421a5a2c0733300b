"""F1 opens the user guide shipped with the app; About names the licence and the credits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from intervet_desktop.ui.help import about_text
from intervet_desktop.ui.main_window import MainWindow


def test_f1_opens_the_guide(qtbot: Any, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window._guide
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    for topic in ("Run a call", "Prepare a mobility", "The money", "Beneficiary Module round trip"):
        assert topic in text
    guide.close()


def test_about_names_licence_and_credits() -> None:
    text = about_text("/tmp/school.db")
    for name in ("EUPL", "DejaVu", "GeoNames", "/tmp/school.db"):
        assert name in text
