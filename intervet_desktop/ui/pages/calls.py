"""Calls page: pick a call, edit it, see its applications, score them, rank and publish."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from itertools import permutations
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QDateTime, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.enums import ActivityType, ApplicationStatus
from intervet_desktop.core.errors import UserError, ValidationError
from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls as calls_service
from intervet_desktop.services import choices
from intervet_desktop.services.changes import Changes, Kind
from intervet_desktop.services.people import person_choices
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import day, enum_label
from intervet_desktop.ui.i18n import render_problems, tr
from intervet_desktop.ui.pages.base import Page, page_layout

C = "CallsPage"
SELECTED_COLOUR = QColor(76, 175, 80, 60)
RESERVE_COLOUR = QColor(255, 193, 7, 70)
CONFLICT_COLOUR = QColor(128, 128, 128, 60)
SELECTED = {ApplicationStatus.SELECTED.value, ApplicationStatus.PROVISIONALLY_SELECTED.value}


def call_status_label(status: str) -> str:
    labels = {
        "draft": tr(C, "Draft"),
        "open": tr(C, "Open"),
        "closed": tr(C, "Closed"),
        "evaluated": tr(C, "Evaluated"),
        "provisional": tr(C, "Provisional ranking published"),
        "published": tr(C, "Published"),
    }
    return labels.get(status, status)


def _points(hundredths: int | None) -> str:
    return "" if hundredths is None else f"{hundredths / 100:.2f}"


def _qdate(value: date | None) -> QDate:
    value = value or date.today()
    return QDate(value.year, value.month, value.day)


def _pydate(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def parse_points(text: str) -> int | None:
    """'7,5' or '7.5' -> 750 hundredths; '' -> None (cleared); anything else raises ValueError."""
    raw = text.strip().replace(",", ".")
    if not raw:
        return None
    value = float(raw)
    return int(round(value * 100))


# ---------------------------------------------------------------- models


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
        try:
            points = parse_points(str(value))
        except ValueError:
            self.last_error = tr(C, "'%1' is not a number.").replace("%1", str(value))
            return False
        if points is not None and not 0 <= points <= criterion.max_points * 100:
            self.last_error = (
                tr(C, "%1 must be between 0 and %2.")
                .replace("%1", criterion.name)
                .replace("%2", str(criterion.max_points))
            )
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
            self.last_error = str(error)
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


def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


# ---------------------------------------------------------------- call editor


class _RecordDialog(QDialog):
    """A dialog that saves one record: accepted with its id, or refusals shown in ``error``."""

    saved_id: int | None
    error: QLabel

    def _saved(self, value: calls_service.CallDetail | apps.ApplicationDetail) -> None:
        self.saved_id = value.id
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.error.setText("\n".join(render_problems(error).values()))
            return
        raise error


class CallDialog(_RecordDialog):
    """Create or edit a call: dates, places, appeal phases, tie-breakers, criteria, evaluators."""

    def __init__(
        self, ctx: AppContext, detail: calls_service.CallDetail | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.saved_id: int | None = None
        self.setWindowTitle(tr(C, "Edit call") if detail else tr(C, "New call"))
        form = calls_service.form_of(detail) if detail else None
        layout = QVBoxLayout(self)
        fields = QFormLayout()
        self.title_edit = QLineEdit(form.title if form else "")
        self.project = QComboBox()
        for pid, code in choices.projects(ctx.workspace):
            self.project.addItem(code, pid)
        if form:
            self.project.setCurrentIndex(max(0, self.project.findData(form.project_id)))
        self.activity = QComboBox()
        for activity in ActivityType:
            self.activity.addItem(enum_label(activity.value), activity.value)
        self.activity.setCurrentIndex(
            max(0, self.activity.findData(form.activity_type if form else "SM-JOB-SHDW"))
        )
        self.opens = QDateEdit(_qdate(form.opens_on if form else None))
        self.deadline = QDateEdit(_qdate(form.deadline if form else None))
        for edit in (self.opens, self.deadline):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.places = QSpinBox()
        self.places.setRange(-1, 10000)  # -1 reaches the service, which explains why it is refused
        self.places.setValue(form.places_total if form else 0)
        self.appeals = QCheckBox(tr(C, "Provisional ranking, appeals, final ranking"))
        self.appeals.setChecked(bool(form and form.with_appeals))
        self.provisional = QDateEdit(_qdate(form.provisional_published_on if form else None))
        self.appeal_deadline = QDateEdit(_qdate(form.appeal_deadline if form else None))
        for edit in (self.provisional, self.appeal_deadline):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.tie = QComboBox()
        labels = {
            "first_time": tr(C, "first-time participants first"),
            "fewer_opportunities": tr(C, "fewer opportunities first"),
            "submitted_at": tr(C, "earlier submission first"),
        }
        for order in permutations(labels):
            self.tie.addItem(tr(C, ", then ").join(labels[k] for k in order), ",".join(order))
        current = form.tie_breakers if form else "first_time,fewer_opportunities,submitted_at"
        if self.tie.findData(current) < 0:
            self.tie.addItem(current, current)
        self.tie.setCurrentIndex(self.tie.findData(current))
        self.evaluators = QLineEdit(", ".join(form.evaluators) if form else "")
        self.evaluators.setPlaceholderText(tr(C, "Names separated by commas"))
        self.notes = QPlainTextEdit(form.eligibility_notes if form else "")
        self.notes.setFixedHeight(60)
        fields.addRow(tr(C, "Title"), self.title_edit)
        fields.addRow(tr(C, "Project"), self.project)
        fields.addRow(tr(C, "Activity"), self.activity)
        fields.addRow(tr(C, "Opens on"), self.opens)
        fields.addRow(tr(C, "Deadline"), self.deadline)
        fields.addRow(tr(C, "Places"), self.places)
        fields.addRow(tr(C, "Phases"), self.appeals)
        fields.addRow(tr(C, "Provisional ranking on"), self.provisional)
        fields.addRow(tr(C, "Appeal deadline"), self.appeal_deadline)
        fields.addRow(tr(C, "Tie-breakers"), self.tie)
        fields.addRow(tr(C, "Evaluators"), self.evaluators)
        fields.addRow(tr(C, "Eligibility notes"), self.notes)
        layout.addLayout(fields)
        layout.addWidget(QLabel(tr(C, "Scoring criteria")))
        self.criteria = QTableWidget(0, 4)
        self.criteria.setHorizontalHeaderLabels(
            [tr(C, "Name"), tr(C, "Weight"), tr(C, "Max points"), tr(C, "Sensitive")]
        )
        self.criteria.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.criteria.verticalHeader().setVisible(False)
        criteria = (
            form.criteria if form else calls_service.CallForm(0, "", "", date.today(), date.today()).criteria
        )
        self._criterion_ids: list[int | None] = []
        for criterion in criteria:
            self._add_criterion(
                criterion.name, criterion.weight, criterion.max_points, criterion.sensitive, criterion.id
            )
        layout.addWidget(self.criteria)
        row = QHBoxLayout()
        add, remove = QPushButton(tr(C, "Add criterion")), QPushButton(tr(C, "Remove criterion"))
        add.clicked.connect(lambda: self._add_criterion("", 1, 10, False, None))
        remove.clicked.connect(self._remove_criterion)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 760)

    def _add_criterion(
        self, name: str, weight: int, max_points: int, sensitive: bool, cid: int | None
    ) -> None:
        r = self.criteria.rowCount()
        self.criteria.insertRow(r)
        self.criteria.setItem(r, 0, QTableWidgetItem(name))
        for column, value in ((1, weight), (2, max_points)):
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setValue(value)
            self.criteria.setCellWidget(r, column, spin)
        box = QCheckBox()
        box.setChecked(sensitive)
        self.criteria.setCellWidget(r, 3, box)
        self._criterion_ids.append(cid)

    def _remove_criterion(self) -> None:
        r = self.criteria.currentRow()
        if r >= 0:
            self.criteria.removeRow(r)
            del self._criterion_ids[r]

    def call_form(self) -> calls_service.CallForm:
        criteria = []
        for r in range(self.criteria.rowCount()):
            item = self.criteria.item(r, 0)
            weight, max_points, box = (self.criteria.cellWidget(r, c) for c in (1, 2, 3))
            assert (
                isinstance(weight, QSpinBox)
                and isinstance(max_points, QSpinBox)
                and isinstance(box, QCheckBox)
            )
            criteria.append(
                calls_service.CriterionForm(
                    item.text() if item else "",
                    weight.value(),
                    max_points.value(),
                    box.isChecked(),
                    self._criterion_ids[r],
                )
            )
        appeals = self.appeals.isChecked()
        return calls_service.CallForm(
            project_id=int(self.project.currentData() or 0),
            title=self.title_edit.text(),
            activity_type=str(self.activity.currentData()),
            opens_on=_pydate(self.opens),
            deadline=_pydate(self.deadline),
            places_total=self.places.value(),
            eligibility_notes=self.notes.toPlainText(),
            with_appeals=appeals,
            provisional_published_on=_pydate(self.provisional) if appeals else None,
            appeal_deadline=_pydate(self.appeal_deadline) if appeals else None,
            tie_breakers=str(self.tie.currentData()),
            criteria=criteria,
            quotas=[
                calls_service.QuotaForm(q.places, q.country, q.host_id)
                for q in (self.detail.quotas if self.detail else ())
            ],
            evaluators=[n.strip() for n in self.evaluators.text().split(",") if n.strip()],
        )

    def save(self) -> None:
        form = self.call_form()
        detail = self.detail
        self.ctx.tasks.write(
            (lambda ws: calls_service.update_call(ws, detail.id, form))
            if detail
            else (lambda ws: calls_service.create_call(ws, form)),
            on_done=self._saved,
            on_error=self._failed,
        )


# ---------------------------------------------------------------- application form


class ApplicationDialog(_RecordDialog):
    """Enter an application by hand; a late one needs the reason it is accepted."""

    def __init__(self, ctx: AppContext, call_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.call_id = call_id
        self.saved_id: int | None = None
        self.setWindowTitle(tr(C, "New application"))
        layout = QVBoxLayout(self)
        fields = QFormLayout()
        self.person = QComboBox()
        self.person.setEditable(False)
        for p in person_choices(ctx.workspace, limit=2000):
            self.person.addItem(f"{p.last_name}, {p.first_name}" + (f" <{p.email}>" if p.email else ""), p.id)
        self.submitted = QDateTimeEdit(QDateTime.currentDateTime())
        self.submitted.setCalendarPopup(True)
        self.submitted.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.late_reason = QLineEdit()
        self.late_reason.setPlaceholderText(tr(C, "Only for an application after the deadline"))
        self.start = QDateEdit(_qdate(None))
        self.end = QDateEdit(_qdate(None))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.country = QLineEdit()
        self.country.setPlaceholderText(tr(C, "Country code, e.g. PT"))
        self.first_time = QCheckBox(tr(C, "First-time participant"))
        self.fewer = QCheckBox(tr(C, "Fewer opportunities"))
        self.motivation = QPlainTextEdit()
        self.motivation.setFixedHeight(90)
        fields.addRow(tr(C, "Applicant"), self.person)
        fields.addRow(tr(C, "Submitted at"), self.submitted)
        fields.addRow(tr(C, "Late, accepted because"), self.late_reason)
        fields.addRow(tr(C, "Preferred start"), self.start)
        fields.addRow(tr(C, "Preferred end"), self.end)
        fields.addRow(tr(C, "Preferred country"), self.country)
        fields.addRow("", self.first_time)
        fields.addRow("", self.fewer)
        fields.addRow(tr(C, "Motivation"), self.motivation)
        layout.addLayout(fields)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def application_form(self) -> apps.ApplicationForm:
        from intervet_desktop.core.selection import Slot

        country = self.country.text().strip().upper() or None
        return apps.ApplicationForm(
            call_id=self.call_id,
            person_id=int(self.person.currentData() or 0),
            submitted_at=datetime.fromtimestamp(self.submitted.dateTime().toSecsSinceEpoch(), UTC),
            late_reason=self.late_reason.text().strip() or None,
            preferred_start=_pydate(self.start),
            preferred_end=_pydate(self.end),
            motivation=self.motivation.toPlainText(),
            first_time=self.first_time.isChecked(),
            fewer_opportunities=self.fewer.isChecked(),
            preferences=[Slot(country=country)] if country else [],
        )

    def save(self) -> None:
        form = self.application_form()
        self.ctx.tasks.write(
            lambda ws: apps.enter_application(ws, form), on_done=self._saved, on_error=self._failed
        )


# ---------------------------------------------------------------- the page


class CallsPage(Page):
    key = "calls"
    icon_name = "calls"
    watches = (Kind.CALL, Kind.APPLICATION, Kind.SCORE, Kind.PERSON, Kind.MOBILITY)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, self.title())
        top = QHBoxLayout()
        self.picker = QComboBox()
        self.picker.setMinimumWidth(360)
        self.picker.currentIndexChanged.connect(lambda _i: self.reload_call())
        top.addWidget(QLabel(tr(C, "Call")))
        top.addWidget(self.picker, 1)
        self.new_button = QPushButton(tr(C, "New call…"))
        self.edit_button = QPushButton(tr(C, "Edit call…"))
        self.new_button.clicked.connect(lambda: self.edit_call(new=True))
        self.edit_button.clicked.connect(lambda: self.edit_call(new=False))
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        layout.addLayout(top)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.detail: calls_service.CallDetail | None = None

        # applications
        self.app_model = RowsModel(
            [
                ("number", tr(C, "Number")),
                ("applicant", tr(C, "Applicant")),
                ("status", tr(C, "Status")),
                ("total", tr(C, "Total")),
                ("rank", tr(C, "Rank")),
            ]
        )
        self.app_view = _table(self.app_model)
        self.app_view.horizontalHeader().setStretchLastSection(False)
        self.app_view.selectionModel().currentRowChanged.connect(lambda *_: self.show_application())
        self.app_info = QLabel("")
        self.app_info.setWordWrap(True)
        self.app_info.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels(
            [tr(C, "When"), tr(C, "Who"), tr(C, "What"), tr(C, "Change"), tr(C, "Why")]
        )
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.new_application_button = QPushButton(tr(C, "New application…"))
        self.new_application_button.clicked.connect(self.new_application)
        app_bar = QHBoxLayout()
        app_bar.addWidget(self.new_application_button)
        self.attach_button = QPushButton(tr(C, "Attach file…"))
        self.attach_button.clicked.connect(self.attach)
        app_bar.addWidget(self.attach_button)
        app_bar.addStretch(1)
        right_layout.addLayout(app_bar)
        right_layout.addWidget(self.app_info)
        right_layout.addWidget(QLabel(tr(C, "History")))
        right_layout.addWidget(self.history, 1)
        split = QSplitter()
        split.addWidget(self.app_view)
        split.addWidget(right)
        split.setSizes([560, 640])
        self.tabs.addTab(split, tr(C, "Applications"))

        # scoring
        scoring = QWidget()
        s_layout = QVBoxLayout(scoring)
        bar = QHBoxLayout()
        self.evaluator = QComboBox()
        self.evaluator.currentIndexChanged.connect(lambda _i: self.reload_grid())
        self.conflict_button = QPushButton(tr(C, "Declare conflict of interest…"))
        self.conflict_button.clicked.connect(self.declare_conflict)
        bar.addWidget(QLabel(tr(C, "Evaluator")))
        bar.addWidget(self.evaluator)
        bar.addWidget(self.conflict_button)
        bar.addStretch(1)
        s_layout.addLayout(bar)
        self.grid_model = ScoreGridModel(ctx, self)
        self.grid_view = _table(self.grid_model)
        self.grid_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.grid_view.horizontalHeader().setStretchLastSection(False)
        s_layout.addWidget(self.grid_view, 1)
        self.grid_status = QLabel("")
        self.grid_status.setStyleSheet("color: #c62828;")
        self.grid_model.dataChanged.connect(lambda *_: self.grid_status.setText(""))
        s_layout.addWidget(self.grid_status)
        self.tabs.addTab(scoring, tr(C, "Scoring"))

        # ranking
        ranking = QWidget()
        r_layout = QVBoxLayout(ranking)
        actions = QHBoxLayout()
        self.rank_button = QPushButton(tr(C, "Rank"))
        self.provisional_button = QPushButton(tr(C, "Publish provisional"))
        self.final_button = QPushButton(tr(C, "Publish final"))
        self.appeal_button = QPushButton(tr(C, "Decide appeal…"))
        self.withdraw_button = QPushButton(tr(C, "Withdraw && promote…"))
        self.convert_button = QPushButton(tr(C, "Convert to mobility"))
        self.export_button = QPushButton(tr(C, "Export ranking…"))
        self.rank_button.clicked.connect(self.rank)
        self.provisional_button.clicked.connect(lambda: self.publish(final=False))
        self.final_button.clicked.connect(lambda: self.publish(final=True))
        self.appeal_button.clicked.connect(self.decide_appeal)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.convert_button.clicked.connect(self.convert)
        self.export_button.clicked.connect(self.export)
        for button in (
            self.rank_button,
            self.provisional_button,
            self.final_button,
            self.appeal_button,
            self.withdraw_button,
            self.convert_button,
            self.export_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        r_layout.addLayout(actions)
        self.rank_model = RowsModel(
            [
                ("rank", tr(C, "Rank")),
                ("number", tr(C, "Number")),
                ("applicant", tr(C, "Applicant")),
                ("total", tr(C, "Total")),
                ("status", tr(C, "Status")),
                ("reason", tr(C, "Reason")),
            ]
        )
        self.rank_view = _table(self.rank_model)
        r_layout.addWidget(self.rank_view, 1)
        self.rank_status = QLabel("")
        self.rank_status.setWordWrap(True)
        r_layout.addWidget(self.rank_status)
        self.tabs.addTab(ranking, tr(C, "Ranking"))
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Calls")

    # ------------------------------------------------------------ loading
    def call_id(self) -> int | None:
        value = self.picker.currentData()
        return int(value) if value is not None else None

    def reload(self) -> None:
        current = self.call_id()
        found = calls_service.list_calls(self.ctx.workspace)
        self.picker.blockSignals(True)
        self.picker.clear()
        for c in found:
            self.picker.addItem(f"{c.title} ({c.project_code})", c.id)
        if current is not None and self.picker.findData(current) >= 0:
            self.picker.setCurrentIndex(self.picker.findData(current))
        self.picker.blockSignals(False)
        self.reload_call()

    def select_call(self, call_id: int) -> None:
        index = self.picker.findData(call_id)
        if index >= 0:
            self.picker.setCurrentIndex(index)

    def reload_call(self) -> None:
        call_id = self.call_id()
        self.detail = calls_service.get_call(self.ctx.workspace, call_id) if call_id is not None else None
        detail = self.detail
        for button in (
            self.new_application_button,
            self.attach_button,
            self.edit_button,
            self.rank_button,
            self.provisional_button,
            self.final_button,
            self.appeal_button,
            self.withdraw_button,
            self.convert_button,
            self.export_button,
        ):
            button.setEnabled(detail is not None)
        self.provisional_button.setVisible(bool(detail and detail.with_appeals))
        self.appeal_button.setVisible(bool(detail and detail.with_appeals))
        if detail is None:
            self.summary.setText(tr(C, "No call yet. Create one with New call…"))
            self.app_model.load([])
            self.rank_model.load([])
            self.grid_model.load(None)
            return
        parts = [
            tr(C, "Status: %1").replace("%1", call_status_label(detail.status)),
            tr(C, "%1 places").replace("%1", str(detail.places_total)),
            tr(C, "open %1 to %2").replace("%1", day(detail.opens_on)).replace("%2", day(detail.deadline)),
            tr(C, "%1 applications").replace("%1", str(detail.applications)),
        ]
        if detail.with_appeals:
            parts.append(
                tr(C, "provisional ranking %1, appeals until %2")
                .replace("%1", day(detail.provisional_published_on))
                .replace("%2", day(detail.appeal_deadline))
            )
        if detail.quotas:
            parts.append(
                tr(C, "quotas: %1").replace("%1", ", ".join(f"{q.label} {q.places}" for q in detail.quotas))
            )
        self.summary.setText(" · ".join(parts))
        ranking = apps.get_ranking(self.ctx.workspace, detail.id)
        before = self.selected_row(self.app_view, self.app_model)
        self.app_model.load(sorted(ranking.rows, key=lambda r: r.number))
        if before is not None:
            again = [
                i for i, r in enumerate(self.app_model.rows) if r.application_id == before.application_id
            ]
            if again:
                self.app_view.selectRow(again[0])
        self.rank_model.load(list(ranking.rows))
        self.rank_view.resizeColumnsToContents()
        self.app_view.resizeColumnsToContents()
        self.app_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.rank_view.horizontalHeader().setStretchLastSection(True)
        current = self.evaluator.currentData()
        self.evaluator.blockSignals(True)
        self.evaluator.clear()
        for e in detail.evaluators:
            self.evaluator.addItem(e.name, e.id)
        if current is not None and self.evaluator.findData(current) >= 0:
            self.evaluator.setCurrentIndex(self.evaluator.findData(current))
        self.evaluator.blockSignals(False)
        self.reload_grid()
        if self.app_model.rowCount() and not self.app_view.currentIndex().isValid():
            self.app_view.selectRow(0)
        self.show_application()

    def reload_grid(self) -> None:
        evaluator = self.evaluator.currentData()
        if self.detail is None or evaluator is None:
            self.grid_model.load(None)
            return
        self.grid_model.load(apps.score_grid(self.ctx.workspace, self.detail.id, int(evaluator)))
        self.grid_view.resizeColumnsToContents()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(Kind.CALL, Kind.APPLICATION, Kind.PERSON, Kind.MOBILITY):
            self.reload()

    # ------------------------------------------------------------ applications
    def selected_row(self, view: QTableView, model: RowsModel) -> apps.RankingRow | None:
        index = view.currentIndex()
        return model.rows[index.row()] if index.isValid() and index.row() < len(model.rows) else None

    def show_application(self) -> None:
        row = self.selected_row(self.app_view, self.app_model)
        if row is None:
            self.app_info.setText("")
            self.history.setRowCount(0)
            return
        detail = apps.get_application(self.ctx.workspace, row.application_id)
        lines = [
            f"<b>{detail.number}</b> · {detail.applicant}",
            tr(C, "Submitted %1").replace("%1", day(detail.submitted_at)),
            tr(C, "Status: %1").replace("%1", enum_label(detail.status)),
            tr(C, "Eligibility: %1").replace("%1", detail.eligibility_reason or "–"),
            tr(C, "Preferred dates: %1 to %2")
            .replace("%1", day(detail.preferred_start))
            .replace("%2", day(detail.preferred_end))
            if detail.preferred_start and detail.preferred_end
            else tr(C, "Preferred dates: not given"),
        ]
        if detail.late_reason:
            lines.append(tr(C, "Late, accepted because: %1").replace("%1", detail.late_reason))
        if detail.attachments:
            files = ", ".join(name for _i, _k, name in detail.attachments)
            lines.append(tr(C, "Files: %1").replace("%1", files))
        if detail.mobility_id:
            lines.append(tr(C, "Mobility #%1").replace("%1", str(detail.mobility_id)))
        self.app_info.setText("<br>".join(lines))
        self.history.setRowCount(len(detail.history))
        kinds = {
            "created": tr(C, "Received"),
            "imported": tr(C, "Imported"),
            "eligibility": tr(C, "Eligibility"),
            "score": tr(C, "Score"),
            "conflict": tr(C, "Conflict of interest"),
            "status": tr(C, "Status"),
            "total": tr(C, "Total"),
            "rank": tr(C, "Rank"),
            "appeal": tr(C, "Appeal"),
            "appeal_decision": tr(C, "Appeal decision"),
            "withdrawn": tr(C, "Withdrawn"),
            "promoted": tr(C, "Promoted"),
            "converted": tr(C, "Converted to mobility"),
            "attachment": tr(C, "File attached"),
        }
        for r, event in enumerate(reversed(detail.history)):
            labelled = event.kind in (
                "created",
                "imported",
                "eligibility",
                "status",
                "appeal",
                "withdrawn",
                "promoted",
            )
            values = [enum_label(v) if labelled else v for v in (event.old_value, event.new_value) if v]
            change = " → ".join(values)
            when = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
            for c, text in enumerate(
                (when, event.user, kinds.get(event.kind, event.kind), change, event.reason)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.history.setItem(r, c, item)
        self.history.resizeColumnsToContents()
        self.history.horizontalHeader().setStretchLastSection(True)

    # ------------------------------------------------------------ actions
    def _write(self, op: Any, done: str) -> None:
        self.ctx.tasks.write(op, on_done=lambda _v: self.rank_status.setText(done), on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.ctx.show_user_error(self, error)
            return
        raise error

    def edit_call(self, *, new: bool) -> None:
        dialog = CallDialog(self.ctx, None if new else self.detail, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id is not None:
            self.reload()
            self.select_call(dialog.saved_id)

    def attach(self) -> None:
        row = self.selected_row(self.app_view, self.app_model)
        if row is None:
            return
        name, _filter = QFileDialog.getOpenFileName(
            self, tr(C, "Attach a file to %1").replace("%1", row.number)
        )
        if not name:
            return
        from pathlib import Path

        kinds = {tr(C, "Motivation letter"): "motivation_letter", tr(C, "CV"): "cv", tr(C, "Other"): "other"}
        label, ok = QInputDialog.getItem(
            self, tr(C, "Attach file"), tr(C, "What is it?"), list(kinds), 0, False
        )
        if ok:
            self.ctx.tasks.write(
                lambda ws: apps.attach_file(ws, row.application_id, Path(name), kinds[label]),
                on_done=lambda _v: self.show_application(),
                on_error=self._failed,
            )

    def new_application(self) -> None:
        if self.detail is None:
            return
        dialog = ApplicationDialog(self.ctx, self.detail.id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def declare_conflict(self) -> None:
        index = self.grid_view.currentIndex()
        grid = self.grid_model.grid
        if grid is None or not index.isValid():
            return
        row = grid.rows[index.row()]
        reason, ok = QInputDialog.getText(
            self,
            tr(C, "Conflict of interest"),
            tr(C, "Why is %1 in conflict with %2?")
            .replace("%1", self.evaluator.currentText())
            .replace("%2", row.number),
        )
        if ok:
            self.ctx.tasks.write(
                lambda ws: apps.declare_conflict(ws, row.application_id, grid.evaluator_id, reason),
                on_done=lambda _v: self.reload_grid(),
                on_error=self._failed,
            )

    def rank(self) -> None:
        if self.detail is not None:
            call_id = self.detail.id
            self._write(lambda ws: apps.rank_call(ws, call_id), tr(C, "Ranked."))

    def publish(self, *, final: bool) -> None:
        if self.detail is not None:
            call_id = self.detail.id
            done = tr(C, "Final ranking published.") if final else tr(C, "Provisional ranking published.")
            self._write(lambda ws: apps.publish(ws, call_id, final=final), done)

    def decide_appeal(self) -> None:
        row = self.selected_row(self.rank_view, self.rank_model)
        if row is None:
            return
        if row.status != ApplicationStatus.APPEALED:
            reason, ok = QInputDialog.getText(
                self, tr(C, "Appeal"), tr(C, "Record the appeal of %1: grounds").replace("%1", row.number)
            )
            if ok:
                self._write(lambda ws: apps.appeal(ws, row.application_id, reason), tr(C, "Appeal recorded."))
            return
        choice = QMessageBox.question(
            self,
            tr(C, "Decide appeal"),
            tr(C, "Accept the appeal of %1?").replace("%1", row.number),
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
        )
        if choice == QMessageBox.StandardButton.Cancel:
            return
        reason, ok = QInputDialog.getText(self, tr(C, "Decide appeal"), tr(C, "Reason for the decision"))
        if ok:
            accepted = choice == QMessageBox.StandardButton.Yes
            self._write(
                lambda ws: apps.decide_appeal(ws, row.application_id, accepted, reason),
                tr(C, "Appeal decided; scores can be changed in Scoring, then Rank."),
            )

    def withdraw(self) -> None:
        row = self.selected_row(self.rank_view, self.rank_model)
        if row is None:
            return
        reason, ok = QInputDialog.getText(
            self, tr(C, "Withdraw"), tr(C, "Why does %1 withdraw?").replace("%1", row.number)
        )
        if not ok:
            return
        self.ctx.tasks.write(
            lambda ws: apps.withdraw(ws, row.application_id, reason),
            on_done=lambda value: self.rank_status.setText(
                value.reason
                if value.promoted_id is None
                else tr(C, "Promoted %1: %2")
                .replace("%1", value.promoted_number or "")
                .replace("%2", value.reason)
            ),
            on_error=self._failed,
        )

    def convert(self) -> None:
        row = self.selected_row(self.rank_view, self.rank_model)
        if row is not None:
            self._write(
                lambda ws: apps.convert_to_mobility(ws, row.application_id),
                tr(C, "Planned mobility created for %1.").replace("%1", row.number),
            )

    def export(self) -> None:
        if self.detail is None:
            return
        folder = QFileDialog.getExistingDirectory(self, tr(C, "Folder for the ranking files"))
        if not folder:
            return
        from pathlib import Path

        from intervet_desktop.services.publication import publish_ranking

        call_id = self.detail.id
        try:
            done = publish_ranking(self.ctx.workspace, call_id, Path(folder)).value
        except UserError as error:
            self.ctx.show_user_error(self, error)
            return
        self.rank_status.setText(
            tr(C, "Wrote %1 and %2.").replace("%1", done.pdf.name).replace("%2", done.xlsx.name)
        )

    # ------------------------------------------------------------ screenshots
    def extra_shots(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        def tab(index: int) -> Callable[[], QWidget | None]:
            def show() -> QWidget | None:
                self.tabs.setCurrentIndex(index)
                return None

            return show

        return [(name, tab(i)) for i, name in enumerate(("applications", "scoring", "ranking"))]
