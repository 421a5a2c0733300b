"""The ranking and applications tables: one row per application with its outcome colour."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QWidget,
)

from intervet_desktop.core.enums import ApplicationStatus
from intervet_desktop.services import applications as apps
from intervet_desktop.ui.formatting import enum_label
from intervet_desktop.ui.pages.calls.common import (
    RESERVE_COLOUR,
    SELECTED,
    SELECTED_COLOUR,
    _points,
)


class RowsModel(QAbstractTableModel):
    """A read-only table of ranking rows with the outcome colours."""

    def __init__(self, columns: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns  # (key, header)
        self.rows: list[apps.RankingRow] = []

    def load(self, rows: list[apps.RankingRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1]
        return None

    def value(self, row: apps.RankingRow, key: str) -> str:
        if key == "rank":
            return "" if row.rank is None else str(row.rank)
        if key == "total":
            return _points(row.total_hundredths)
        if key == "status":
            return enum_label(row.status)
        return str(getattr(row, key))

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = self.columns[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.value(row, key)
        if role == Qt.ItemDataRole.ToolTipRole and key == "reason":
            return row.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("rank", "total"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.status in SELECTED:
                return QBrush(SELECTED_COLOUR)
            if row.status == ApplicationStatus.RESERVE:
                return QBrush(RESERVE_COLOUR)
        return None
