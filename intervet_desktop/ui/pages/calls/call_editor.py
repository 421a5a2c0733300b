"""The call editor: title, dates, places, criteria, quotas, evaluators, tie-breakers."""

from __future__ import annotations

from datetime import date
from itertools import permutations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.enums import ActivityType
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls as calls_service
from intervet_desktop.services import choices
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import enum_label
from intervet_desktop.ui.i18n import render_problems, tr
from intervet_desktop.ui.pages.calls.common import (
    _pydate,
    _qdate,
)

C = "CallsPage"  # translation context (the catalogue reads it from each file)


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
