"""The Learner tab: what a school holds before a learner leaves (parent or guardian of a minor,
parental consent with its signed form, emergency contact, insurance, the learning agreement,
the pre-departure checklist and Europass Mobility), saved on its own like the programme."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.learners import CheckItem
from intervet_desktop.core.validation.dates import parse_date
from intervet_desktop.services.learners import details as service
from intervet_desktop.services.learners.details import LearnerForm, LearnerView
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import day
from intervet_desktop.ui.i18n import render_all, render_message, render_problems, tr
from intervet_desktop.ui.widgets.form_fields import error_style

C = "LearnerEditor"
DATE_FIELDS = {f.name for f in fields(LearnerForm) if f.name.endswith("_on")}


def check_labels() -> dict[CheckItem, str]:
    return {
        CheckItem.CONSENT: tr(C, "Parental consent"),
        CheckItem.LEARNING_AGREEMENT: tr(C, "Learning agreement signed"),
        CheckItem.INSURANCE: tr(C, "Insurance"),
        CheckItem.LANGUAGE_ASSESSMENT: tr(C, "Language assessment"),
        CheckItem.TRAVEL_BOOKED: tr(C, "Travel booked"),
        CheckItem.EMERGENCY_CARD: tr(C, "Emergency card"),
    }


def check_mark(value: bool | None) -> str:
    return "—" if value is None else ("✓" if value else "✗")


class LearnerEditor(QWidget):
    """Edits the learner part of one saved learner mobility; ``saved`` carries the mobility id."""

    saved = Signal(int)
    group_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("learner-editor")
        self.mobility_id: int | None = None
        self._stored = LearnerForm()
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

        layout = QVBoxLayout(self)
        self.minor_label = QLabel(self)
        self.minor_label.setObjectName("learner-minor")
        self.minor_label.setWordWrap(True)
        layout.addWidget(self.minor_label)

        guardian = self._box(layout, tr(C, "Parent or guardian and consent"))
        self._line(guardian, "guardian_name", tr(C, "Parent or guardian"))
        self._line(guardian, "guardian_contact", tr(C, "Contact (phone, e-mail)"))
        self._line(guardian, "consent_signed_on", tr(C, "Consent signed on"))
        self.consent_file = QLabel(self)
        self.consent_file.setObjectName("learner-consent-file")
        self.consent_button = QPushButton(tr(C, "Attach signed consent form…"), self)
        self.consent_button.setObjectName("learner-attach-consent")
        self.consent_button.clicked.connect(self._attach_consent)
        row = QHBoxLayout()
        row.addWidget(self.consent_file, 1)
        row.addWidget(self.consent_button)
        guardian.addRow(tr(C, "Signed form"), row)

        safety = self._box(layout, tr(C, "Emergency contact and insurance"))
        self._line(safety, "emergency_contact2_name", tr(C, "Second emergency contact"))
        self._line(safety, "emergency_contact2_phone", tr(C, "Their phone"))
        self._line(safety, "insurance_policy", tr(C, "Insurance policy"))
        self._line(safety, "insurer", tr(C, "Insurer"))
        self._line(safety, "ehic_number", tr(C, "EHIC number"))

        agreement = self._box(layout, tr(C, "Learning agreement"))
        self._line(agreement, "school_mentor", tr(C, "Mentor at school"))
        self._text(agreement, "outcomes_knowledge", tr(C, "Knowledge"))
        self._text(agreement, "outcomes_skills", tr(C, "Skills"))
        self._text(agreement, "outcomes_competences", tr(C, "Competences"))
        self._text(agreement, "tasks", tr(C, "Tasks at the host"))
        self._text(agreement, "assessment", tr(C, "How outcomes are assessed"))
        self._text(agreement, "recognition", tr(C, "Recognition (units, credits)"))

        before = self._box(layout, tr(C, "Before departure"))
        self._line(before, "language_assessed_on", tr(C, "Language assessed on"))
        self._line(before, "travel_booked_on", tr(C, "Travel booked on"))
        self._line(before, "emergency_card_printed_on", tr(C, "Emergency card printed on"))
        self.checklist = QLabel(self)
        self.checklist.setObjectName("learner-checklist")
        self.checklist.setWordWrap(True)
        before.addRow(tr(C, "Checklist"), self.checklist)

        europass = self._box(layout, tr(C, "Europass Mobility"))
        requested = QCheckBox(tr(C, "Requested"), self)
        requested.toggled.connect(self._changed)
        self._add(europass, "europass_requested", "", requested)
        self._line(europass, "europass_language", tr(C, "Language of the document"))
        self._text(europass, "europass_skills_acquired", tr(C, "Skills acquired"))
        self._line(europass, "europass_host_signatory", tr(C, "Signed at the host by"))
        self._line(europass, "europass_certificate_received_on", tr(C, "Host certificate received on"))

        bar = QHBoxLayout()
        self.needs = QLabel(self)
        self.needs.setObjectName("learner-needs")
        self.needs.setWordWrap(True)
        self.group_button = QPushButton(tr(C, "Group checklist…"), self)
        self.group_button.setObjectName("learner-group")
        self.group_button.clicked.connect(self._group)
        self.save_button = QPushButton(tr(C, "Save learner"), self)
        self.save_button.setObjectName("learner-save")
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.needs, 1)
        bar.addWidget(self.group_button)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        layout.addStretch(1)
        self.clear()

    # ------------------------------------------------------------------ building
    def _box(self, layout: QVBoxLayout, title: str) -> QFormLayout:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addWidget(box)
        return form

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        widget.setObjectName(f"learner-{key}")
        error = QLabel(self)
        error.setObjectName(f"learner-error-{key}")
        error.setWordWrap(True)
        error.setVisible(False)
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(error)
        form.addRow(label, holder)
        self.inputs[key] = widget
        self.errors[key] = error

    def _line(self, form: QFormLayout, key: str, label: str) -> None:
        edit = QLineEdit(self)
        if key in DATE_FIELDS:
            edit.setPlaceholderText(tr(C, "DD.MM.YYYY"))
        edit.textEdited.connect(self._changed)
        self._add(form, key, label, edit)

    def _text(self, form: QFormLayout, key: str, label: str) -> None:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
        edit.textChanged.connect(self._changed)
        self._add(form, key, label, edit)

    # ------------------------------------------------------------------ state
    def clear(self) -> None:
        self.mobility_id = None
        self._put(LearnerForm())
        self.minor_label.setText(tr(C, "Save a learner mobility first."))
        self.consent_file.clear()
        self.checklist.clear()
        self.setEnabled(False)

    def load(self, mobility_id: int) -> None:
        self.mobility_id = mobility_id
        self.show_view(service.get_learner(self.ctx.workspace, mobility_id))
        self.setEnabled(True)

    def show_view(self, view: LearnerView) -> None:
        self._put(view.form)
        if view.minor:
            text = tr(
                C, "Minor on the day of departure (%1): a parent or guardian and signed consent are required."
            )
            self.minor_label.setText(text.replace("%1", day(view.departure)))
            self.minor_label.setStyleSheet(error_style(self.minor_label))
        else:
            self.minor_label.setText(tr(C, "Adult on the day of departure: no parental consent needed."))
            self.minor_label.setStyleSheet("")
        self.consent_file.setText(tr(C, "Attached") if view.consent_attachment_id else tr(C, "No file yet"))
        labels = check_labels()
        self.checklist.setText(
            "   ".join(f"{check_mark(done)} {labels[item]}" for item, done in view.checklist.items())
        )

    def _put(self, form: LearnerForm) -> None:
        self._stored = form
        for key, widget in self.inputs.items():
            widget.blockSignals(True)
            value = getattr(form, key)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            elif isinstance(widget, QLineEdit):
                widget.setText(day(value) if key in DATE_FIELDS else value)
            widget.blockSignals(False)
            self.errors[key].setVisible(False)
        self._changed()

    def current(self) -> tuple[LearnerForm, list[Problem]]:
        values: dict[str, object] = {}
        problems: list[Problem] = []
        for key, widget in self.inputs.items():
            if isinstance(widget, QCheckBox):
                values[key] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                values[key] = widget.toPlainText().strip()
            elif isinstance(widget, QLineEdit):
                text = widget.text().strip()
                if key in DATE_FIELDS:
                    parsed = parse_date(text, key) if text else None
                    if isinstance(parsed, Problem):
                        problems.append(parsed)
                        parsed = None
                    values[key] = parsed
                else:
                    values[key] = text
        return replace(LearnerForm(), **values), problems  # type: ignore[arg-type]

    def is_dirty(self) -> bool:
        form, problems = self.current()
        return self.mobility_id is not None and (form != self._stored or bool(problems))

    def _changed(self, *_: object) -> None:
        self.save_button.setEnabled(self.is_dirty())
        self.needs.setStyleSheet("")
        self.needs.clear()

    def _mark(self, error: ValidationError) -> None:
        shown = render_problems(error)
        for key, label in self.errors.items():
            label.setVisible(key in shown)
            label.setText(shown.get(key, ""))
            label.setStyleSheet(error_style(label))
        self.needs.setText(render_all(error))
        self.needs.setStyleSheet(error_style(self.needs))

    # ------------------------------------------------------------------ writing
    def save(self) -> None:
        if self.mobility_id is None or not self.is_dirty():
            return
        form, problems = self.current()
        if problems:
            self._mark(ValidationError(problems))
            return
        mobility_id = self.mobility_id
        self.ctx.tasks.write(
            lambda ws: service.save_learner(ws, mobility_id, form),
            on_done=lambda view: self._saved(mobility_id, view),
            on_error=self._refused,
        )

    def _attach_consent(self) -> None:
        if self.mobility_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self,
            tr(C, "Signed consent form"),
            "",
            tr(C, "Documents (*.pdf *.png *.jpg *.jpeg);;All files (*)"),
        )
        if not name:
            return
        form, _problems = self.current()
        mobility_id, on = self.mobility_id, form.consent_signed_on or date.today()
        self.ctx.tasks.write(
            lambda ws: service.attach_consent(ws, mobility_id, Path(name), on),
            on_done=lambda view: self._saved(mobility_id, view),
            on_error=self._refused,
        )

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self._mark(error)
            return
        message = getattr(error, "message", None)
        if message is None:
            raise error
        self.needs.setText(render_message(message))
        self.needs.setStyleSheet(error_style(self.needs))

    def _saved(self, mobility_id: int, view: LearnerView) -> None:
        if self.mobility_id == mobility_id:
            self.show_view(view)
            self.needs.setText(tr(C, "Saved."))
        self.saved.emit(mobility_id)

    def _group(self) -> None:
        if self.mobility_id is not None:
            self.group_requested.emit(self.mobility_id)
