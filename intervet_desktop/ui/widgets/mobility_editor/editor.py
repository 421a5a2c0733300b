"""The mobility editor itself: the tabs put together, loading and reading the form, validation as
the user types, Save and Revert."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.money import MoneyError, parse_amount
from intervet_desktop.services import mobilities as service
from intervet_desktop.services.mobilities import MobilityDetail, MobilityForm, UpdateOutcome
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import plain_amount
from intervet_desktop.ui.i18n import render_all, render_message, tr
from intervet_desktop.ui.widgets.form_fields import keyboard_friendly
from intervet_desktop.ui.widgets.mobility_editor.base import ERROR_STYLE, WARN_STYLE, _pydate, _qdate
from intervet_desktop.ui.widgets.mobility_editor.costs_tab import CostsTab
from intervet_desktop.ui.widgets.mobility_editor.grant_tab import GrantTab
from intervet_desktop.ui.widgets.mobility_editor.learner_tab import LearnerEditor
from intervet_desktop.ui.widgets.mobility_editor.participant_tab import ParticipantTab
from intervet_desktop.ui.widgets.mobility_editor.places_tab import PlacesTab
from intervet_desktop.ui.widgets.mobility_editor.status_tab import StatusTab
from intervet_desktop.ui.widgets.programme_editor import ProgrammeEditor

C = "MobilityEditor"  # one translation context for the editor, a literal so the collector sees it


class MobilityEditor(ParticipantTab, PlacesTab, CostsTab, StatusTab, GrantTab):
    """Edits one mobility (or a new one). ``saved`` carries the mobility id after a save."""

    saved = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mobility-editor")
        self.mobility_id: int | None = None
        self.detail: MobilityDetail | None = None
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._loading = False
        self._parse_problems: dict[str, str] = {}
        #: the form as loaded, read back from the widgets: what "unsaved changes" compares with
        self._baseline: MobilityForm | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 0, 0, 0)
        self.heading = QLabel(self)
        self.heading.setObjectName("mobility-heading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        self.warnings = QLabel(self)
        self.warnings.setObjectName("mobility-warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARN_STYLE)
        outer.addWidget(self.warnings)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mobility-tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._scroll(self._build_people()), tr(C, "Participant"))
        self.tabs.addTab(self._scroll(self._build_places()), tr(C, "Places && dates"))
        self.tabs.addTab(self._scroll(self._build_costs()), tr(C, "Costs"))
        self.tabs.addTab(self._scroll(self._build_status()), tr(C, "Status && evidence"))
        self.tabs.addTab(self._build_grant(), tr(C, "Grant"))
        self.programme = ProgrammeEditor(ctx, self)
        self.tabs.addTab(self._scroll(self.programme), tr(C, "Programme"))
        self.learner = LearnerEditor(ctx, self)
        self.learner.group_requested.connect(self._open_group)
        self.tabs.addTab(self._scroll(self.learner), tr(C, "Learner"))
        outer.addWidget(self.tabs, 1)

        bar = QHBoxLayout()
        self.status_line = QLabel(self)
        self.status_line.setObjectName("mobility-status-line")
        self.status_line.setWordWrap(True)
        self.revert_button = QPushButton(tr(C, "Revert"), self)
        self.revert_button.clicked.connect(self._revert)
        self.save_button = QPushButton(tr(C, "Save"), self)
        self.save_button.setObjectName("mobility-save")
        self.save_button.setDefault(True)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(tr(C, "Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.status_line, 1)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)
        self._fill_choices()
        self.show_nothing()
        keyboard_friendly(self)

    def show_nothing(self) -> None:
        self.mobility_id = None
        self.detail = None
        self._baseline = None
        self.heading.setText(tr(C, "Select a mobility, or create a new one."))
        self.warnings.setVisible(False)
        self.tabs.setEnabled(False)
        self.save_button.setEnabled(False)
        self.revert_button.setEnabled(False)
        self.status_line.clear()
        self.programme.clear()
        self.learner.clear()

    def new(self, project_id: int | None = None) -> None:
        self._fill_choices()
        self.mobility_id = None
        self.detail = None
        form = service.new_form(self.ctx.workspace, project_id)
        self.tabs.setEnabled(True)
        self.tabs.setCurrentIndex(0)
        self.heading.setText(tr(C, "New mobility"))
        self.warnings.setVisible(False)
        self._put(form)
        self._show_side(None)
        self.programme.clear()
        self.learner.clear()
        self.revert_button.setEnabled(True)
        self.status_line.clear()
        self._validate()

    def load(self, mobility_id: int) -> None:
        detail = service.get_mobility(self.ctx.workspace, mobility_id)
        self.mobility_id = mobility_id
        self.detail = detail
        self.tabs.setEnabled(True)
        self.heading.setText(f"{detail.participant} · {detail.form.bm_activity_id}")
        self._ensure_item(self.widgets["person_id"], detail.form.person_id, detail.participant)  # type: ignore[arg-type]
        self._ensure_item(
            self.widgets["receiving_org_id"],  # type: ignore[arg-type]
            detail.form.receiving_org_id,
            detail.receiving_name,
        )
        self._put(detail.form)
        self._show_side(detail)
        if self.programme.mobility_id != mobility_id or not self.programme.is_dirty():
            self.programme.load(mobility_id)
        if detail.form.activity_type.startswith("LM-") and not detail.form.is_accompanying:
            if self.learner.mobility_id != mobility_id or not self.learner.is_dirty():
                self.learner.load(mobility_id)
        else:
            self.learner.clear()
        self.revert_button.setEnabled(True)
        self.status_line.clear()
        self._validate()

    def _put(self, form: MobilityForm) -> None:
        self._loading = True
        self._parse_problems = {}
        for key, widget in self.widgets.items():
            if key == "has_actual":
                continue
            value = getattr(form, key)
            if isinstance(widget, QComboBox):
                if key in ("host_tutor_id", "accompanies_id"):
                    continue
                self._select(widget, value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value or 0))
            elif isinstance(widget, QDateEdit):
                widget.setDate(_qdate(value or (form.planned_start if key.startswith("actual") else None)))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QLineEdit):
                if key.endswith("_cents"):
                    widget.setText(plain_amount(value) if value else "")
                elif key == "distance_km":
                    widget.setText("" if value is None else str(value))
                else:
                    widget.setText(value or "")
        has_actual = form.actual_start is not None
        actual = self.widgets["has_actual"]
        assert isinstance(actual, QCheckBox)
        actual.setChecked(has_actual)
        self._fill_dependent(form)
        self._loading = False
        self._sync_enabled()
        self._baseline = self.form()

    def _sync_enabled(self) -> None:
        def checked(key: str) -> bool:
            box = self.widgets[key]
            return isinstance(box, QCheckBox) and box.isChecked()

        self.widgets["actual_start"].setEnabled(checked("has_actual"))
        self.widgets["actual_end"].setEnabled(checked("has_actual"))
        self.widgets["accompanies_id"].setEnabled(checked("is_accompanying"))
        self.widgets["force_majeure_note"].setEnabled(checked("force_majeure"))
        self.widgets["green_travel_note"].setEnabled(checked("green_travel"))

    def _show_side(self, detail: MobilityDetail | None) -> None:
        """Warnings, status, evidence and grant: what is stored (a new mobility has none yet)."""
        self.warnings.setText("\n".join("⚠ " + render_message(w) for w in detail.warnings) if detail else "")
        self.warnings.setVisible(bool(detail and detail.warnings))
        self._show_status(detail)
        self._show_evidence(detail)
        self._show_grant(detail)

    def form(self) -> MobilityForm:
        self._parse_problems = {}
        data: dict[str, Any] = {}
        for key, widget in self.widgets.items():
            if key == "has_actual":
                continue
            if isinstance(widget, QComboBox):
                value = widget.currentData()
                data[key] = (
                    value
                    if value is not None
                    else ("" if key in ("origin_country", "destination_country", "transport_mode") else None)
                )
            elif isinstance(widget, QCheckBox):
                data[key] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                data[key] = widget.value()
            elif isinstance(widget, QDateEdit):
                data[key] = _pydate(widget.date())
            elif isinstance(widget, QPlainTextEdit):
                data[key] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                text = widget.text().strip()
                if key.endswith("_cents"):
                    data[key] = self._cents(key, text)
                elif key == "distance_km":
                    data[key] = self._km(text)
                else:
                    data[key] = widget.text()
        has_actual = self.widgets["has_actual"]
        assert isinstance(has_actual, QCheckBox)
        if not has_actual.isChecked():
            data["actual_start"] = data["actual_end"] = None
        if data.get("real_travel_cost_cents") == 0:
            data["real_travel_cost_cents"] = None
        for key in (
            "inclusion_real_cost_cents",
            "exceptional_other_cents",
            "in_kind_travel_cents",
            "in_kind_accommodation_cents",
        ):
            data[key] = data.get(key) or 0
        return MobilityForm(**data)

    def _cents(self, key: str, text: str) -> int | None:
        if not text:
            return None
        try:
            return parse_amount(text)
        except (MoneyError, ValueError, ArithmeticError):
            self._parse_problems[key] = tr(C, "'%1' is not an amount of money.").replace("%1", text)
            return None

    def _km(self, text: str) -> int | None:
        if not text:
            return None
        if text.isdigit():
            return int(text)
        self._parse_problems["distance_km"] = tr(C, "'%1' is not a whole number of km.").replace("%1", text)
        return None

    def _changed_from(self, sender: object) -> None:
        if self._loading or self.mobility_id is None and not self.tabs.isEnabled():
            return
        self._sync_enabled()
        if sender in (self.widgets.get("receiving_org_id"), self.widgets.get("project_id")):
            self._fill_dependent(self.form())
        self._validate()

    def _validate(self) -> bool:
        form = self.form()
        problems: dict[str, str] = {
            key: render_message(message)
            for key, message in service.validate_mobility(self.ctx.workspace, form, self.mobility_id).items()
        }
        problems.update(self._parse_problems)
        for key, label in self.errors.items():
            text = problems.get(key, "")
            label.setText(text)
            label.setVisible(bool(text))
        unplaced = [text for key, text in problems.items() if key not in self.errors]
        self.status_line.setText("\n".join(unplaced))
        self.status_line.setStyleSheet(ERROR_STYLE if unplaced else "")
        self.save_button.setEnabled(not problems)
        self._show_distance(form)
        return not problems

    # ------------------------------------------------------------------ leaving (ui.widgets.unsaved)
    def _form_dirty(self) -> bool:
        return self._baseline is not None and self.tabs.isEnabled() and self.form() != self._baseline

    def is_dirty(self) -> bool:
        return self._form_dirty() or self.programme.is_dirty()

    def save_now(self) -> bool:
        saved = True
        if self._form_dirty():
            if not self._validate():
                return False
            form = self.form()
            mobility_id = self.mobility_id
            if mobility_id is None:
                saved = self.ctx.tasks.write_now(
                    lambda ws: service.create_mobility(ws, form), self._created, self._failed
                )
            else:
                saved = self.ctx.tasks.write_now(
                    lambda ws: service.update_mobility(ws, mobility_id, form), self._updated, self._failed
                )
        if saved and self.programme.is_dirty():
            self.programme.save()
        return saved

    def discard_changes(self) -> None:
        if self.mobility_id is not None:
            self.programme.load(self.mobility_id)
        self._revert()

    def unsaved_name(self) -> str:
        if self.mobility_id is None:
            return tr(C, "the new mobility")
        return self.heading.text()

    def problems_shown(self) -> dict[str, str]:
        return {key: label.text() for key, label in self.errors.items() if label.text()}

    def _revert(self) -> None:
        if self.mobility_id is None:
            self.new()
        else:
            self.load(self.mobility_id)

    def save(self) -> None:
        if not self._validate():
            return
        form = self.form()
        if self.mobility_id is None:
            self.ctx.tasks.write(
                lambda ws: service.create_mobility(ws, form), on_done=self._created, on_error=self._failed
            )
        else:
            mobility_id = self.mobility_id
            self.ctx.tasks.write(
                lambda ws: service.update_mobility(ws, mobility_id, form),
                on_done=self._updated,
                on_error=self._failed,
            )

    def _created(self, detail: MobilityDetail) -> None:
        self.load(detail.id)
        self.status_line.setText(tr(C, "Saved."))
        self.saved.emit(detail.id)

    def _updated(self, outcome: UpdateOutcome) -> None:
        self.load(outcome.detail.id)
        self.status_line.setText(tr(C, "Saved."))
        self.saved.emit(outcome.detail.id)
        if outcome.grant_inputs_changed:
            self.recompute()

    def _failed(self, error: BaseException) -> None:
        self.status_line.setStyleSheet(ERROR_STYLE)
        if isinstance(error, ValidationError):
            self._validate()
            self.status_line.setText(tr(C, "Not saved: ") + render_all(error))
            return
        raise error

    def select_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def _open_group(self, mobility_id: int) -> None:
        from intervet_desktop.ui.dialogs.learner_group import LearnerGroupDialog

        if self.detail is None or self.detail.form.project_id is None:
            return
        LearnerGroupDialog(self.ctx, self.detail.form.project_id, mobility_id, self).exec()
