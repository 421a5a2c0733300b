"""Load the shipped Unicode font into Qt so Greek and every accent render on any machine."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from intervet_desktop import locator

_loaded: list[str] = []


def load_fonts(app: QApplication) -> str:
    if not _loaded:
        for parts in (
            locator.FONT_REGULAR,
            locator.FONT_BOLD,
            locator.FONT_ITALIC,
            locator.FONT_BOLD_ITALIC,
        ):
            font_id = QFontDatabase.addApplicationFont(str(locator.resource_path(*parts)))
            if font_id >= 0:
                _loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
    family = _loaded[0] if _loaded else app.font().family()
    font = QFont(family)
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)
    return family
