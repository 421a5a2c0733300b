"""Project settings: code, title, action, call year, NA, dates, rate set, payment terms (labelled as
defaults until changed) and report deadlines."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.enums import Action
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.services import grants
from intervet_desktop.services import project_settings as service
from intervet_desktop.services.project_settings import ProjectForm
from intervet_desktop.services.rates import list_rate_sets
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_all, render_message, tr

C = "ProjectSettings"
ERROR_STYLE = "color: #c0392b;"


def _qdate(value: date | None) -> QDate:
    value = value or date.today()
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ProjectSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, project_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.project_id = project_id
        self.setObjectName("project-settings")
        self.setWindowTitle(tr(C, "Project settings"))
        self.resize(640, 640)
        form_data = service.get_project_form(ctx.workspace, project_id) if project_id else ProjectForm()
        self.defaults = form_data.terms_are_defaults
        self.initial_rate_set = form_data.rate_set_id
        self.recompute_report: grants.RecomputeReport | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.errors: dict[str, QLabel] = {}

        def row(key: str, label: str, widget: QWidget) -> None:
            widget.setObjectName(f"project-{key}")
            error = QLabel(self)
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            holder = QWidget(self)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            column.addWidget(error)
            form.addRow(label, holder)
            self.errors[key] = error

        self.code = QLineEdit(form_data.code, self)
        self.code.setPlaceholderText("2025-1-FI01-KA122-VET-000123456")
        row("code", tr(C, "Grant agreement number"), self.code)
        self.title = QLineEdit(form_data.title, self)
        row("title", tr(C, "Title"), self.title)
        self.action = QComboBox(self)
        for a in Action:
            self.action.addItem(a.value, a.value)
        self.action.setCurrentIndex(max(self.action.findData(form_data.action), 0))
        row("action", tr(C, "Action"), self.action)
        self.call_year = QSpinBox(self)
        self.call_year.setRange(2014, 2100)
        self.call_year.setValue(form_data.call_year)
        row("call_year", tr(C, "Call year"), self.call_year)
        self.agency = QLineEdit(form_data.national_agency, self)
        self.agency.setPlaceholderText("FI01")
        row("national_agency", tr(C, "National Agency"), self.agency)
        self.start = QDateEdit(_qdate(form_data.start_date), self)
        self.end = QDateEdit(_qdate(form_data.end_date), self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        row("start_date", tr(C, "Start"), self.start)
        row("end_date", tr(C, "End"), self.end)
        self.rate_set = QComboBox(self)
        self.rate_set.addItem(tr(C, "Built-in set of the call year"), None)
        for s in list_rate_sets(ctx.workspace):
            self.rate_set.addItem(f"{s.name} ({s.code} v{s.version})", s.id)
        self.rate_set.setCurrentIndex(max(self.rate_set.findData(form_data.rate_set_id), 0))
        row("rate_set_id", tr(C, "Rate set"), self.rate_set)
        self.terms_label = QLabel(self)
        self.terms_label.setObjectName("project-terms-label")
        form.addRow(tr(C, "Payment terms"), self.terms_label)
        self.prefinancing = QDoubleSpinBox(self)
        self.prefinancing.setRange(0, 100)
        self.prefinancing.setSuffix(" %")
        self.prefinancing.setValue(form_data.participant_prefinancing_bp / 100)
        row("participant_prefinancing_bp", tr(C, "Pre-financing to participants"), self.prefinancing)
        self.balance_days = QSpinBox(self)
        self.balance_days.setRange(0, 365)
        self.balance_days.setSuffix(tr(C, " days"))
        self.balance_days.setValue(form_data.participant_balance_days)
        row("participant_balance_days", tr(C, "Balance paid within"), self.balance_days)
        self.na_prefinancing = QDoubleSpinBox(self)
        self.na_prefinancing.setRange(0, 100)
        self.na_prefinancing.setSuffix(" %")
        self.na_prefinancing.setValue(form_data.na_prefinancing_bp / 100)
        row("na_prefinancing_bp", tr(C, "Pre-financing from the National Agency"), self.na_prefinancing)
        self.interim = QCheckBox(tr(C, "Interim report due"), self)
        self.interim_date = QDateEdit(_qdate(form_data.interim_report_due), self)
        self.final = QCheckBox(tr(C, "Final report due"), self)
        self.final_date = QDateEdit(_qdate(form_data.final_report_due or form_data.end_date), self)
        for box, edit, value, key, label in (
            (
                self.interim,
                self.interim_date,
                form_data.interim_report_due,
                "interim_report_due",
                tr(C, "Reports"),
            ),
            (self.final, self.final_date, form_data.final_report_due, "final_report_due", ""),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            box.setChecked(value is not None)
            line = QWidget(self)
            h = QHBoxLayout(line)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(box)
            h.addWidget(edit, 1)
            row(key, label, line)
        layout.addLayout(form)
        bar = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        bar.addWidget(self.status, 1)
        self.save_button = QPushButton(tr(C, "Save"), self)
        self.save_button.setObjectName("project-save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(tr(C, "Cancel"), self)
        cancel.clicked.connect(self.reject)
        bar.addWidget(self.save_button)
        bar.addWidget(cancel)
        layout.addLayout(bar)
        self.initial_terms = (
            form_data.participant_prefinancing_bp,
            form_data.participant_balance_days,
            form_data.na_prefinancing_bp,
        )
        for signal in (
            self.code.textEdited,
            self.title.textEdited,
            self.agency.textEdited,
            self.action.currentIndexChanged,
            self.call_year.valueChanged,
            self.start.dateChanged,
            self.end.dateChanged,
            self.rate_set.currentIndexChanged,
            self.prefinancing.valueChanged,
            self.balance_days.valueChanged,
            self.na_prefinancing.valueChanged,
            self.interim.toggled,
            self.final.toggled,
            self.interim_date.dateChanged,
            self.final_date.dateChanged,
        ):
            signal.connect(self._validate)
        self._validate()

    def form(self) -> ProjectForm:
        return ProjectForm(
            code=self.code.text(),
            title=self.title.text(),
            action=str(self.action.currentData()),
            call_year=self.call_year.value(),
            national_agency=self.agency.text(),
            start_date=_pydate(self.start.date()),
            end_date=_pydate(self.end.date()),
            rate_set_id=self.rate_set.currentData(),
            participant_prefinancing_bp=round(self.prefinancing.value() * 100),
            participant_balance_days=self.balance_days.value(),
            na_prefinancing_bp=round(self.na_prefinancing.value() * 100),
            terms_are_defaults=self.defaults,
            interim_report_due=_pydate(self.interim_date.date()) if self.interim.isChecked() else None,
            final_report_due=_pydate(self.final_date.date()) if self.final.isChecked() else None,
        )

    def _validate(self, *_: object) -> bool:
        form = self.form()
        terms = (form.participant_prefinancing_bp, form.participant_balance_days, form.na_prefinancing_bp)
        defaults = self.defaults and terms == self.initial_terms
        self.terms_label.setText(
            tr(C, "National Agency defaults (not confirmed yet)")
            if defaults
            else tr(C, "Set for this project")
        )
        problems = service.validate_project(self.ctx.workspace, form, self.project_id)
        for key, label in self.errors.items():
            text = render_message(problems[key]) if key in problems else ""
            label.setText(text)
            label.setVisible(bool(text))
        self.save_button.setEnabled(not problems)
        return not problems

    def save(self) -> None:
        if not self._validate():
            return
        form, project_id = self.form(), self.project_id
        self.ctx.tasks.write(
            lambda ws: service.save_project(ws, form, project_id), on_done=self._saved, on_error=self._failed
        )

    def _saved(self, project_id: int) -> None:
        changed_rates = self.project_id is not None and self.form().rate_set_id != self.initial_rate_set
        self.project_id = project_id
        if changed_rates:
            answer = QMessageBox.question(
                self,
                tr(C, "Rate set changed"),
                tr(
                    C,
                    "The stored grants of this project's mobilities still use the old rate set. "
                    "Recompute them all now? (One mobility at a time, with old and new side by side: "
                    "Mobilities > Grant > Recompute.)",
                ),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.ctx.tasks.write(
                    lambda ws: grants.recompute_project(ws, project_id),
                    on_done=self._recomputed,
                    on_error=self._failed,
                )
        self.accept()

    def _recomputed(self, report: grants.RecomputeReport) -> None:
        self.recompute_report = report

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self._validate()
            self.status.setText(render_all(error))
            return
        raise error
