"""The scoring grid: applications x criteria for one evaluator, points typed in the cells."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QWidget,
)

from intervet_desktop.core.errors import UserError, ValidationError
from intervet_desktop.core.scores import parse_points
from intervet_desktop.services import applications as apps
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_all, render_message, tr
from intervet_desktop.ui.pages.calls.common import (
    CONFLICT_COLOUR,
    _points,
)

C = "CallsPage"  # translation context (the catalogue reads it from each file)


class ScoreGridModel(QAbstractTableModel):
    """Applications x criteria for one evaluator; a value outside 0..max is refused in the cell."""

    FIXED = 2

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grid: apps.ScoreGrid | None = None
        self.last_error = ""

    def load(self, grid: apps.ScoreGrid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.grid is None else len(self.grid.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.grid is None else self.FIXED + len(self.grid.criteria)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if (
            role != Qt.ItemDataRole.DisplayRole
            or orientation != Qt.Orientation.Horizontal
            or self.grid is None
        ):
            return None
        if section == 0:
            return tr(C, "Number")
        if section == 1:
            return tr(C, "Applicant")
        criterion = self.grid.criteria[section - self.FIXED]
        return f"{criterion.name}\n(0–{criterion.max_points})"

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if (
            self.grid is not None
            and index.column() >= self.FIXED
            and not self.grid.rows[index.row()].conflict
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.grid is None or not index.isValid():
            return None
        row = self.grid.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return row.number
            if column == 1:
                return row.applicant
            if row.conflict:
                return tr(C, "conflict") if role == Qt.ItemDataRole.DisplayRole else ""
            criterion = self.grid.criteria[column - self.FIXED]
            return _points(self.grid.values.get((row.application_id, criterion.id)))
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.FIXED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.conflict:
            return QBrush(CONFLICT_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and row.conflict:
            return tr(
                C, "This evaluator declared a conflict of interest and is left out for this application."
            )
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:  # noqa: N802
        if self.grid is None or role != Qt.ItemDataRole.EditRole or index.column() < self.FIXED:
            return False
        row = self.grid.rows[index.row()]
        criterion = self.grid.criteria[index.column() - self.FIXED]
        try:  # the one score parser: a refusal is a catalogue message, never a bug dialog
            points = parse_points(str(value), criterion.max_points, criterion.name)
        except ValidationError as refusal:
            self.last_error = render_all(refusal)
            return False
        key = (row.application_id, criterion.id)
        if self.grid.values.get(key) == points:
            return True
        evaluator = self.grid.evaluator_id
        failed: list[BaseException] = []
        self.ctx.tasks.write(
            lambda ws: apps.set_score(ws, row.application_id, criterion.id, evaluator, points),
            on_error=failed.append,
        )
        if failed:
            error = failed[0]
            if isinstance(error, ValidationError):
                self.last_error = render_all(error)
            elif isinstance(error, UserError):
                self.last_error = render_message(error.message)
            if not isinstance(error, UserError):
                raise error
            return False
        if points is None:
            self.grid.values.pop(key, None)
        else:
            self.grid.values[key] = points
        self.last_error = ""
        self.dataChanged.emit(index, index)
        return True
