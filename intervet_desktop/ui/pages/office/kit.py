"""What the office pages share: a table of records with New / Edit / Delete, a form dialog built
from field specs (errors shown at the fields, nothing saved until the service accepts), and a
school picker for the own and member schools."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.services.changes import Result
from intervet_desktop.services.office.roadmap import own_and_member_schools
from intervet_desktop.services.workspace_door import Workspace
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_message, render_problems, tr
from intervet_desktop.ui.widgets.form_fields import CountryBox, DateField, RecordPicker, TextBox

C = "OfficeKit"

LABELS = {
    "planned": "Planned",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
    "manual": "Entered by hand",
    "staff_mobilities": "Staff mobilities per year",
    "learners_abroad": "Learners abroad",
    "language_certificates": "Staff with a language certificate",
    "calls_published": "Calls published",
    "eu_applications": "EU applications submitted",
    "count": "Count",
    "percent": "Percent",
    "people": "People",
    "eur": "Euros",
    "hours": "Hours",
    "coordinator": "Coordinator",
    "officer": "Officer",
    "assistant": "Assistant",
    "finance": "Finance",
    "other": "Other",
    "expert": "Expert",
    "peer": "Peer officer",
    "meeting": "Meeting",
    "call": "Call",
    "email": "E-mail",
    "visit": "Visit",
    "ka1_vet": "Erasmus+ KA1 VET",
    "ka2": "Erasmus+ KA2",
    "etwinning": "eTwinning",
    "national": "National programme",
    "idea": "Idea",
    "drafting": "Drafting",
    "submitted": "Submitted",
    "granted": "Granted",
    "rejected": "Rejected",
    "workshop": "Workshop",
    "conference": "Conference",
    "newsletter": "Newsletter",
    "social_media": "Social media",
    "multiplier_event": "Multiplier event",
    "report": "Report",
}


def label(value: str | None) -> str:
    if not value:
        return ""
    return tr("OfficeLabels", LABELS.get(value, value))


def choices(values: Sequence[str]) -> list[tuple[str, str]]:
    return [(v, label(v)) for v in values]


@dataclass(frozen=True)
class Field:
    name: str
    text: str
    kind: str = "text"  # text | long | date | int | choice | picker | check | country
    options: Sequence[tuple[str, str]] = ()
    search: Callable[[str], list[tuple[int, str]]] | None = None
    maximum: int = 1_000_000


class FormDialog(QDialog):
    """One record's form. ``save(values)`` returns the write to run; a ``ValidationError`` keeps
    the dialog open with each problem at its field."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        fields: Sequence[Field],
        save: Callable[[dict[str, Any]], Callable[[Workspace], Result[Any]]],
        values: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setObjectName("office-form")
        self.setMinimumWidth(460)
        self._save = save
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.saved_id: Any = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for spec in fields:
            widget = self._widget(spec)
            widget.setObjectName(f"field-{spec.name}")
            self.widgets[spec.name] = widget
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            error = QLabel(self)
            error.setObjectName(f"error-{spec.name}")
            error.setWordWrap(True)
            error.setStyleSheet("color: #c0392b;")
            error.hide()
            box.addWidget(error)
            self.errors[spec.name] = error
            form.addRow(spec.text, box)
        layout.addLayout(form)
        self.general = QLabel(self)
        self.general.setObjectName("form-error")
        self.general.setWordWrap(True)
        self.general.setStyleSheet("color: #c0392b;")
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for name, value in (values or {}).items():
            self.set_value(name, value)

    def _widget(self, spec: Field) -> QWidget:
        if spec.kind == "long":
            return TextBox(self, lines=4)
        if spec.kind == "date":
            return DateField(self)
        if spec.kind == "int":
            box = QSpinBox(self)
            box.setRange(-1_000_000, spec.maximum)
            return box
        if spec.kind == "choice":
            combo = QComboBox(self)
            for value, text in spec.options:
                combo.addItem(text, value)
            return combo
        if spec.kind == "picker":
            assert spec.search is not None
            return RecordPicker(spec.search, self)
        if spec.kind == "check":
            return QCheckBox(self)
        if spec.kind == "country":
            return CountryBox(self)
        return QLineEdit(self)

    def set_value(self, name: str, value: Any) -> None:
        widget = self.widgets.get(name)
        if widget is None:
            return
        if isinstance(widget, DateField):
            widget.set_value(value)
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value or 0))
        elif isinstance(widget, CountryBox):
            widget.set_value(value)
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, RecordPicker):
            record_id, text = value if isinstance(value, tuple) else (value, "")
            widget.set_value(record_id, text)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, (QLineEdit, TextBox)):
            widget.setText("" if value is None else str(value))

    def values(self) -> tuple[dict[str, Any], list[Problem]]:
        found: dict[str, Any] = {}
        problems: list[Problem] = []
        for name, widget in self.widgets.items():
            if isinstance(widget, DateField):
                value, problem = widget.value(name)
                if problem is not None:
                    problems.append(problem)
                found[name] = value
            elif isinstance(widget, (QSpinBox, CountryBox)):
                found[name] = widget.value()
            elif isinstance(widget, QComboBox):
                found[name] = widget.currentData()
            elif isinstance(widget, RecordPicker):
                record_id, ok = widget.value()
                found[name] = record_id
                if not ok:
                    from intervet_desktop.core.messages import msg

                    problems.append(
                        Problem(name, msg("field_invalid", field=name, detail="choose from the list"))
                    )
            elif isinstance(widget, QCheckBox):
                found[name] = widget.isChecked()
            elif isinstance(widget, (QLineEdit, TextBox)):
                found[name] = widget.text()
        return found, problems

    def submit(self) -> None:
        for error in self.errors.values():
            error.hide()
        for widget in self.widgets.values():
            widget.setStyleSheet("")
        self.general.setText("")
        values, problems = self.values()
        if problems:
            self.show_problems(ValidationError(problems))
            return
        self.ctx.tasks.write(self._save(values), on_done=self._done, on_error=self._failed)

    def _done(self, value: Any) -> None:
        self.saved_id = value
        self.accept()

    def show_problems(self, error: ValidationError) -> None:
        rest = []
        for field, text in render_problems(error).items():
            label_widget = self.errors.get(field)
            if label_widget is None:
                rest.append(text)
                continue
            label_widget.setText(text)
            label_widget.show()
            self.widgets[field].setStyleSheet("border: 1px solid #c0392b;")
        self.general.setText("\n".join(rest))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.show_problems(error)
        elif isinstance(error, UserError):
            self.general.setText(render_message(error.message))
        else:
            raise error


class RecordTable(QGroupBox):
    """A titled table of records (id in the first column's data) with New, Edit and Delete."""

    add_requested = Signal()
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    selected = Signal(int)

    def __init__(self, title: str, headers: Sequence[str], name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(f"{name}-box")
        self.select_first = True
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName(f"{name}-table")
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.extra = buttons
        self.add_button = QPushButton(tr(C, "New…"), self)
        self.add_button.setObjectName(f"{name}-new")
        self.edit_button = QPushButton(tr(C, "Edit…"), self)
        self.edit_button.setObjectName(f"{name}-edit")
        self.delete_button = QPushButton(tr(C, "Delete"), self)
        self.delete_button.setObjectName(f"{name}-delete")
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._edit)
        self.delete_button.clicked.connect(self._delete)
        layout.addLayout(buttons)
        self._selected()

    def widths(self, *widths: int) -> None:
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)

    def fill(self, rows: Sequence[tuple[int, Sequence[str]]], tones: dict[int, str] | None = None) -> None:
        current = self.current_id()
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, (row_id, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if len(text) > 24:
                    item.setToolTip(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row_id)
                if tones and r in tones:
                    item.setForeground(QColor(tones[r]))
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        if current is not None:
            self.select_id(current)
        elif rows and self.select_first:
            self.table.selectRow(0)
        self._selected()

    def current_id(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None or not self.table.selectionModel().hasSelection():
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def select_id(self, row_id: int) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == row_id:
                self.table.selectRow(r)
                return

    def _selected(self) -> None:
        chosen = self.current_id()
        self.edit_button.setEnabled(chosen is not None)
        self.delete_button.setEnabled(chosen is not None)
        if chosen is not None:
            self.selected.emit(chosen)

    def _edit(self) -> None:
        chosen = self.current_id()
        if chosen is not None:
            self.edit_requested.emit(chosen)

    def _delete(self) -> None:
        chosen = self.current_id()
        if chosen is not None:
            self.delete_requested.emit(chosen)


def confirm_delete(parent: QWidget, what: str) -> bool:
    answer = QMessageBox.question(
        parent, tr(C, "Delete"), tr(C, "Delete %1? This cannot be undone.").replace("%1", what)
    )
    return answer == QMessageBox.StandardButton.Yes


class SchoolBox(QComboBox):
    """The own school first, then the partner and consortium schools."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("school")
        self.setMinimumContentsLength(36)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reload()

    def reload(self) -> None:
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        for org_id, name in own_and_member_schools(self.ctx.workspace):
            self.addItem(name, org_id)
        index = self.findData(current)
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)

    def value(self) -> int | None:
        data = self.currentData()
        return int(data) if data is not None else None


def day_text(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def wire_records(
    table: RecordTable,
    ctx: AppContext,
    parent: QWidget,
    dialog: Callable[[int | None], QDialog],
    what: str,
    delete: Callable[[Workspace, int], Result[Any]],
) -> None:
    """New opens ``dialog(None)``, Edit ``dialog(id)``, Delete asks about ``what`` then runs ``delete``."""
    table.add_requested.connect(lambda: dialog(None).exec())
    table.edit_requested.connect(lambda i: dialog(i).exec())
    table.delete_requested.connect(lambda i: run_delete(ctx, parent, what, lambda ws: delete(ws, i)))


def run_delete(ctx: AppContext, parent: QWidget, what: str, op: Callable[[Workspace], Result[Any]]) -> None:
    if confirm_delete(parent, what):
        ctx.tasks.write(op, on_error=lambda e: _error(ctx, parent, e))


def _error(ctx: AppContext, parent: QWidget, error: BaseException) -> None:
    if isinstance(error, UserError):
        ctx.show_user_error(parent, error)
    else:
        raise error
