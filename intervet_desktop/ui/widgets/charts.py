"""Charts drawn natively with QPainter: horizontal bars, and committed-versus-awarded gauges.
Clicking a bar emits its key, so a figure opens the filtered list behind it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from intervet_desktop.ui.theme import accent


@dataclass(frozen=True)
class Bar:
    key: object
    label: str
    value: float
    text: str
    limit: float | None = None  # for gauges: the award
    alert: bool = False  # drawn in the warning colour (e.g. committed with nothing awarded)


class BarChart(QWidget):
    bar_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._hit: list[tuple[QRectF, object]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_bars(self, bars: list[Bar]) -> None:
        self._bars = bars
        self.updateGeometry()
        self.update()

    def row_height(self) -> int:
        return self.fontMetrics().height() + 10

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, max(1, len(self._bars)) * self.row_height() + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, max(1, len(self._bars)) * self.row_height() + 8)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        track = palette.color(QPalette.ColorRole.Mid)
        track.setAlpha(70)
        self._hit = []
        if not self._bars:
            painter.setPen(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No data yet"))
            return
        label_width = min(
            max(metrics.horizontalAdvance(b.label) for b in self._bars) + 12, int(self.width() * 0.42)
        )
        value_width = max(metrics.horizontalAdvance(b.text) for b in self._bars) + 10
        bar_left = label_width
        bar_space = max(self.width() - label_width - value_width, 20)
        top_value = max((max(b.value, b.limit or 0) for b in self._bars), default=1) or 1
        row = self.row_height()
        for i, bar in enumerate(self._bars):
            y = 4 + i * row
            painter.setPen(text_color)
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - 10)
            painter.drawText(
                QRectF(0, y, label_width - 8, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                label,
            )
            inner = QRectF(bar_left, y + 4, bar_space, row - 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(inner, 3, 3)
            if bar.limit:
                scale = bar_space / max(bar.limit, bar.value, 1)
                over = bar.value > bar.limit or bar.alert
                color = QColor(192, 57, 43) if over else accent().lighter(130 if self._dark() else 100)
            else:
                scale = bar_space / top_value
                color = QColor(192, 57, 43) if bar.alert else accent().lighter(130 if self._dark() else 100)
            painter.setBrush(color)
            painter.drawRoundedRect(QRectF(bar_left, y + 4, max(bar.value * scale, 2), row - 8), 3, 3)
            if bar.limit:
                painter.setPen(text_color)
                x = bar_left + bar.limit * scale
                painter.drawLine(int(x), y + 2, int(x), y + row - 2)
            painter.setPen(text_color)
            painter.drawText(
                QRectF(bar_left + bar_space + 6, y, value_width, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                bar.text,
            )
            self._hit.append((QRectF(0, y, self.width(), row), bar.key))

    def _dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Window).lightness() < 128

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        over = any(rect.contains(event.position()) for rect, _ in self._hit)
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        for rect, key in self._hit:
            if rect.contains(event.position()):
                self.bar_clicked.emit(key)
                return
