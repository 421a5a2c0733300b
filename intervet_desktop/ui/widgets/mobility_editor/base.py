"""The editor's shared state and field helpers: every tab registers its fields here (widget,
error label, change signal), so the editor reads and marks them in one place."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.services.mobilities import MobilityDetail, MobilityForm
from intervet_desktop.ui.context import AppContext

C = "MobilityEditor"
ERROR_STYLE = "color: #c0392b;"
WARN_STYLE = "color: #b9770e;"
PICKER_LIMIT = 500


def _qdate(value: date | None) -> QDate:
    value = value or date.today()
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class EditorBase(QWidget):
    """State and helpers the tabs share; the editor provides the hooks below."""

    ctx: AppContext
    mobility_id: int | None
    detail: MobilityDetail | None
    widgets: dict[str, QWidget]
    errors: dict[str, QLabel]
    _loading: bool
    _parse_problems: dict[str, str]
    tabs: QTabWidget
    heading: QLabel
    warnings: QLabel
    status_line: QLabel
    save_button: QPushButton
    revert_button: QPushButton

    # ------------------------------------------------------------------ building
    def _scroll(self, inner: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(inner)
        return area

    def _field(
        self, form: QFormLayout, key: str, label: str, widget: QWidget, beside: QWidget | None = None
    ) -> None:
        widget.setObjectName(f"mob-{key}")
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._changed)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._changed)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self._changed)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(self._changed)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._changed)
        error = QLabel(form.parentWidget())
        error.setObjectName(f"mob-error-{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setVisible(False)
        holder = QWidget(form.parentWidget())
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if beside is None:
            column.addWidget(widget)
        else:
            line = QHBoxLayout()
            line.addWidget(beside)
            line.addWidget(widget, 1)
            column.addLayout(line)
        column.addWidget(error)
        form.addRow(label, holder)
        self.widgets[key] = widget
        self.errors[key] = error

    def _group(self, parent: QWidget, layout: QVBoxLayout, title: str) -> QFormLayout:
        box = QGroupBox(title, parent)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addWidget(box)
        return form

    def _combo(self) -> QComboBox:
        box = QComboBox(self)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(12)
        return box

    def _money_edit(self) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText("0.00")
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        return edit

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    @staticmethod
    def _ensure_item(box: QComboBox, value: Any, label: str) -> None:
        """The record a mobility names is listed even when it is not among the first choices."""
        if value is not None and box.findData(value) < 0:
            box.addItem(label, value)

    @staticmethod
    def _select(box: QComboBox, value: Any) -> None:
        index = box.findData(value)
        box.setCurrentIndex(max(index, 0))

    def _changed(self, *_: object) -> None:
        self._changed_from(self.sender())

    # ------------------------------------------------------------------ provided by the editor
    def load(self, mobility_id: int) -> None:
        raise NotImplementedError

    def form(self) -> MobilityForm:
        raise NotImplementedError

    def _changed_from(self, sender: object) -> None:
        raise NotImplementedError

    def _validate(self) -> bool:
        raise NotImplementedError

    def _show_side(self, detail: MobilityDetail | None) -> None:
        raise NotImplementedError

    def _failed(self, error: BaseException) -> None:
        raise NotImplementedError
