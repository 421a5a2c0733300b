"""A read-only table of figures (money right-aligned), filled from rows of cells, with colours
that stay readable in the light and the dark palette."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget


@dataclass(frozen=True)
class Cell:
    text: str
    number: bool = False
    tone: str = ""  # "" | "bad" | "good" | "muted"
    bold: bool = False
    data: Any = None
    tooltip: str = ""


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def tone_color(widget: QWidget, tone: str) -> QColor | None:
    dark = is_dark(widget)
    if tone == "bad":
        return QColor(255, 138, 128) if dark else QColor(176, 42, 30)
    if tone == "good":
        return QColor(129, 199, 132) if dark else QColor(30, 120, 50)
    if tone == "muted":
        return widget.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    return None


def overdue_background(widget: QWidget) -> QColor:
    return QColor(90, 40, 38) if is_dark(widget) else QColor(253, 228, 225)


class FiguresTable(QTableWidget):
    def __init__(self, headers: list[str], parent: QWidget | None = None, *, first_width: int = 220) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.setColumnWidth(0, first_width)
        for column in range(1, len(headers)):
            self.setColumnWidth(column, max(self.fontMetrics().horizontalAdvance(headers[column]) + 24, 110))

    def align_numbers(self, columns: list[int]) -> None:
        """Right-align the headers of number columns, like their cells."""
        for column in columns:
            item = self.horizontalHeaderItem(column)
            if item is not None:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def stretch_first(self) -> None:
        """First column takes the free width, the figures size to their contents (short tables only)."""
        self.stretch_column(0)

    def stretch_column(self, stretch: int) -> None:
        """One column takes the free width, the others size to their contents (short tables only)."""
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(self.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == stretch
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)

    def fill(self, rows: list[list[Cell]], *, row_backgrounds: dict[int, QColor] | None = None) -> None:
        self.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, cells in enumerate(rows):
            for c, cell in enumerate(cells):
                item = QTableWidgetItem(cell.text)
                if cell.number:
                    item.setTextAlignment(right)
                color = tone_color(self, cell.tone)
                if color is not None:
                    item.setForeground(QBrush(color))
                if cell.bold:
                    font = QFont(self.font())
                    font.setBold(True)
                    item.setFont(font)
                if cell.data is not None:
                    item.setData(Qt.ItemDataRole.UserRole, cell.data)
                if cell.tooltip:
                    item.setToolTip(cell.tooltip)
                if row_backgrounds and r in row_backgrounds:
                    item.setBackground(QBrush(row_backgrounds[r]))
                self.setItem(r, c, item)

    def fit_height(self, rows: int | None = None) -> None:
        """Make the table exactly as tall as its rows (no inner scroll bar for short tables)."""
        count = self.rowCount() if rows is None else rows
        height = self.horizontalHeader().height() + count * self.verticalHeader().defaultSectionSize() + 4
        self.setFixedHeight(max(height, self.horizontalHeader().height() + 30))
