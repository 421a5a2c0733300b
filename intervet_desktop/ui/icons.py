"""SVG icons from resources/icons, drawn in the palette's text colour so they stay sharp on
HiDPI screens and readable in the dark palette."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from intervet_desktop.locator import resource_path


@cache
def _svg_text(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


def icon(name: str, color: QColor | None = None, sizes: tuple[int, ...] = (16, 20, 24, 32, 48, 64)) -> QIcon:
    text = _svg_text(name)
    if color is not None:
        text = text.replace("currentColor", color.name())
    renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
    result = QIcon()
    for size in sizes:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def app_icon() -> QIcon:
    """The app's own icon (full colour), up to the sizes task switchers and docks show."""
    return icon("app", sizes=(16, 24, 32, 48, 64, 128, 256))
