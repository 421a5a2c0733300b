"""Follow the system's light or dark palette; ``--dark`` forces the dark one (screenshots)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor(37, 38, 41), QColor(28, 29, 31), QColor(225, 226, 228)
    highlight = QColor(70, 130, 200)
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor(44, 45, 48))
    p.setColor(QPalette.ColorRole.ToolTipBase, window)
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor(140, 142, 146))
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor(48, 49, 52))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor(255, 90, 90))
    p.setColor(QPalette.ColorRole.Link, QColor(110, 170, 240))
    p.setColor(QPalette.ColorRole.Highlight, highlight)
    p.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    p.setColor(QPalette.ColorRole.Mid, QColor(70, 72, 76))
    p.setColor(QPalette.ColorRole.Midlight, QColor(60, 62, 66))
    p.setColor(QPalette.ColorRole.Dark, QColor(20, 20, 22))
    p.setColor(QPalette.ColorRole.Light, QColor(80, 82, 86))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 122, 126))
    return p


def apply_theme(app: QApplication, dark: bool | None = None) -> bool:
    """Fusion everywhere (consistent HiDPI rendering); dark when asked or when the system is dark."""
    app.setStyle("Fusion")
    use_dark = system_prefers_dark() if dark is None else dark
    app.setPalette(dark_palette() if use_dark else app.style().standardPalette())
    app.setProperty("intervet_dark", use_dark)
    return use_dark


def is_dark(app: QApplication) -> bool:
    return bool(app.property("intervet_dark"))


def accent() -> QColor:
    return QColor(0, 84, 164)  # EU blue
