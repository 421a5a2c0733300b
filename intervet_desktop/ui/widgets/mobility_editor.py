"""The mobility form beside the list: every field in tabs, problems marked next to their field,
Save disabled until valid, the status pipeline, the evidence checklist and the grant breakdown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.enums import ActivityType, Direction, TransportMode
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.money import MoneyError, parse_amount
from intervet_desktop.services import grants
from intervet_desktop.services import mobilities as service
from intervet_desktop.services.contacts import list_contacts
from intervet_desktop.services.mobilities import MobilityDetail, MobilityForm, UpdateOutcome
from intervet_desktop.services.organisations import organisation_choices, sending_organisation_choices
from intervet_desktop.services.people import person_choices
from intervet_desktop.services.projects import list_projects
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import country_names, day, enum_label, money, plain_amount
from intervet_desktop.ui.i18n import render_all, render_message, tr
from intervet_desktop.ui.widgets.detail_pane import EVIDENCE_LABELS
from intervet_desktop.ui.widgets.grant_view import BreakdownTable, GrantChangeDialog, ShownLine
from intervet_desktop.ui.widgets.programme_editor import ProgrammeEditor

C = "MobilityEditor"
ERROR_STYLE = "color: #c0392b;"
WARN_STYLE = "color: #b9770e;"
PICKER_LIMIT = 500


def _qdate(value: date | None) -> QDate:
    value = value or date.today()
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def ask_replace_grant(parent: QWidget, preview: grants.GrantPreview) -> bool:
    """Old versus new; True when the user replaces the stored grant."""
    return GrantChangeDialog(preview, parent).exec() == GrantChangeDialog.DialogCode.Accepted


class MobilityEditor(QWidget):
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
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.status_line, 1)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)
        self._fill_choices()
        self.show_nothing()

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

    def _build_people(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        f = self._group(page, layout, tr(C, "Participant and activity"))
        self._field(f, "project_id", tr(C, "Project"), self._combo())
        direction = self._combo()
        for d in Direction:
            direction.addItem(enum_label(d.value), d.value)
        self._field(f, "direction", tr(C, "Direction"), direction)
        self._field(f, "person_id", tr(C, "Participant"), self._combo(), self._finder("person_id"))
        self._field(f, "is_accompanying", tr(C, "Role"), QCheckBox(tr(C, "Accompanying person"), self))
        self._field(f, "accompanies_id", tr(C, "Accompanies"), self._combo())
        activity = self._combo()
        for a in ActivityType:
            activity.addItem(f"{a.value} – {enum_label(a.value)}", a.value)
        self._field(f, "activity_type", tr(C, "Activity type"), activity)
        bm = QLineEdit(self)
        bm.setPlaceholderText(tr(C, "generated when empty"))
        self._field(f, "bm_activity_id", tr(C, "BM mobility activity ID"), bm)
        o = self._group(page, layout, tr(C, "Organisations"))
        self._field(o, "sending_org_id", tr(C, "Sending organisation"), self._combo())
        self._field(
            o,
            "receiving_org_id",
            tr(C, "Receiving organisation"),
            self._combo(),
            self._finder("receiving_org_id"),
        )
        self._field(o, "host_tutor_id", tr(C, "Host tutor"), self._combo())
        n = self._group(page, layout, tr(C, "Notes"))
        notes = QPlainTextEdit(self)
        notes.setFixedHeight(60)
        self._field(n, "notes", tr(C, "Notes"), notes)
        layout.addStretch(1)
        return page

    def _country_combo(self) -> QComboBox:
        box = self._combo()
        box.addItem("", "")
        for code, name in sorted(country_names().items(), key=lambda item: item[1]):
            if code != "GR":
                box.addItem(f"{name} ({code})", code)
        return box

    def _build_places(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        p = self._group(page, layout, tr(C, "Places and dates"))
        origin = QLineEdit(self)
        origin.setPlaceholderText(tr(C, "the sending organisation's city when empty"))
        self._field(p, "origin_city", tr(C, "Origin city"), origin)
        self._field(p, "origin_country", tr(C, "Origin country"), self._country_combo())
        self._field(p, "destination_city", tr(C, "Destination city"), QLineEdit(self))
        self._field(p, "destination_country", tr(C, "Destination country"), self._country_combo())
        self._field(p, "planned_start", tr(C, "Planned start"), self._date_edit())
        self._field(p, "planned_end", tr(C, "Planned end"), self._date_edit())
        self._field(
            p, "has_actual", tr(C, "Actual dates"), QCheckBox(tr(C, "Differ from the planned ones"), self)
        )
        self._field(p, "actual_start", tr(C, "Actual start"), self._date_edit())
        self._field(p, "actual_end", tr(C, "Actual end"), self._date_edit())
        distance = QLineEdit(self)
        distance.setPlaceholderText(tr(C, "EC distance calculator, km"))
        self._field(p, "distance_km", tr(C, "Official distance (km)"), distance)
        self.estimate_label = QLabel(self)
        self.estimate_label.setObjectName("mob-estimate")
        self.estimate_label.setWordWrap(True)
        p.addRow(tr(C, "Offline estimate"), self.estimate_label)
        self.distance_warning = QLabel(self)
        self.distance_warning.setObjectName("mob-distance-warning")
        self.distance_warning.setWordWrap(True)
        self.distance_warning.setStyleSheet(WARN_STYLE)
        p.addRow("", self.distance_warning)
        t = self._group(page, layout, tr(C, "Travel"))
        days = QSpinBox(self)
        days.setRange(0, 30)
        self._field(t, "travel_days", tr(C, "Funded travel days"), days)
        mode = self._combo()
        mode.addItem("", "")
        for m in TransportMode:
            mode.addItem(enum_label(m.value), m.value)
        self._field(t, "transport_mode", tr(C, "Main means of transport"), mode)
        self._field(
            t,
            "green_travel",
            tr(C, "Green travel"),
            QCheckBox(tr(C, "Sustainable means for most of the way"), self),
        )
        self._field(t, "green_travel_note", tr(C, "How (green travel)"), QLineEdit(self))
        layout.addStretch(1)
        return page

    def _build_costs(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        c = self._group(page, layout, tr(C, "Costs and inclusion"))
        self._field(
            c,
            "fewer_opportunities",
            tr(C, "Fewer opportunities"),
            QCheckBox(tr(C, "Participant with fewer opportunities"), self),
        )
        self._field(c, "inclusion_real_cost_cents", tr(C, "Inclusion real costs (EUR)"), self._money_edit())
        course = QSpinBox(self)
        course.setRange(0, 365)
        self._field(c, "course_days", tr(C, "Course days"), course)
        self._field(
            c, "real_travel_cost_cents", tr(C, "Real travel cost (expensive travel, EUR)"), self._money_edit()
        )
        self._field(
            c, "exceptional_other_cents", tr(C, "Visa, permit, vaccination (EUR)"), self._money_edit()
        )
        self._field(c, "exceptional_other_note", tr(C, "What for"), QLineEdit(self))
        self._field(
            c, "force_majeure", tr(C, "Force majeure"), QCheckBox(tr(C, "Force majeure applies"), self)
        )
        self._field(c, "force_majeure_note", tr(C, "What happened"), QLineEdit(self))
        self._field(
            c,
            "org_support_not_requested",
            tr(C, "Organisational support"),
            QCheckBox(tr(C, "Not requested for this mobility"), self),
        )
        k = self._group(page, layout, tr(C, "Support in kind (booked by the school)"))
        self._field(k, "in_kind_travel_cents", tr(C, "Travel in kind (EUR)"), self._money_edit())
        self._field(
            k, "in_kind_accommodation_cents", tr(C, "Accommodation in kind (EUR)"), self._money_edit()
        )
        layout.addStretch(1)
        return page

    def _build_status(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        box = QGroupBox(tr(C, "Status"), page)
        column = QVBoxLayout(box)
        self.status_label = QLabel(box)
        self.status_label.setObjectName("mob-status")
        column.addWidget(self.status_label)
        self.events_table = QTableWidget(0, 3, box)
        self.events_table.setObjectName("mob-events")
        self.events_table.setHorizontalHeaderLabels([tr(C, "Step"), tr(C, "Date"), tr(C, "By")])
        self.events_table.verticalHeader().setVisible(False)
        self.events_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.events_table.horizontalHeader().setStretchLastSection(True)
        self.events_table.setColumnWidth(0, 170)
        self.events_table.setMaximumHeight(150)
        column.addWidget(self.events_table)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr(C, "On"), box))
        self.status_date = self._date_edit()
        self.status_date.setObjectName("mob-status-date")
        row.addWidget(self.status_date)
        self.status_buttons = QHBoxLayout()
        row.addLayout(self.status_buttons, 1)
        column.addLayout(row)
        layout.addWidget(box)
        ev = QGroupBox(tr(C, "Evidence"), page)
        ev_layout = QVBoxLayout(ev)
        self.evidence_table = QTableWidget(0, 4, ev)
        self.evidence_table.setObjectName("mob-evidence")
        self.evidence_table.setHorizontalHeaderLabels([tr(C, "Item"), tr(C, "Done on"), tr(C, "File"), ""])
        self.evidence_table.verticalHeader().setVisible(False)
        self.evidence_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.evidence_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.evidence_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.evidence_table.setColumnWidth(1, 95)
        self.evidence_table.setColumnWidth(2, 120)
        self.evidence_table.setColumnWidth(3, 80)
        ev_layout.addWidget(self.evidence_table)
        layout.addWidget(ev, 1)
        return page

    def _build_grant(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.grant_info = QLabel(page)
        self.grant_info.setObjectName("mob-grant-info")
        self.grant_info.setWordWrap(True)
        layout.addWidget(self.grant_info)
        self.breakdown = BreakdownTable(page)
        self.breakdown.setObjectName("mob-breakdown")
        layout.addWidget(self.breakdown, 1)
        self.totals = QLabel(page)
        self.totals.setObjectName("mob-grant-totals")
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        row = QHBoxLayout()
        row.addStretch(1)
        self.recompute_button = QPushButton(tr(C, "Recompute…"), page)
        self.recompute_button.setObjectName("mob-recompute")
        self.recompute_button.clicked.connect(self.recompute)
        row.addWidget(self.recompute_button)
        layout.addLayout(row)
        return page

    def _finder(self, key: str) -> QLineEdit:
        """A search box beside a picker: the picker lists the matches (any number of records)."""
        edit = QLineEdit(self)
        edit.setObjectName(f"mob-find-{key}")
        edit.setPlaceholderText(tr(C, "Find…"))
        edit.setClearButtonEnabled(True)
        edit.setMaximumWidth(130)
        edit.textEdited.connect(lambda text, key=key: self._find(key, text))
        return edit

    def _find(self, key: str, text: str) -> None:
        box = self.widgets[key]
        assert isinstance(box, QComboBox)
        current = box.currentData()
        current_text = box.currentText()
        if key == "person_id":
            found = [
                (f"{p.last_name}, {p.first_name}", p.id)
                for p in person_choices(self.ctx.workspace, text, limit=PICKER_LIMIT)
            ]
        else:
            found = [
                (f"{o.name} ({', '.join(x for x in (o.city, o.country) if x)})", o.id)
                for o in organisation_choices(self.ctx.workspace, text, limit=PICKER_LIMIT)
            ]
        was = self._loading
        self._loading = True
        box.clear()
        box.addItem("", None)
        for label, value in found:
            box.addItem(label, value)
        if current is not None and box.findData(current) < 0 and not found:
            box.addItem(current_text, current)
        keep = current is not None and box.findData(current) >= 0
        self._select(box, current if keep else (found[0][1] if found else None))
        self._loading = was
        self._changed_from(box)

    @staticmethod
    def _ensure_item(box: QComboBox, value: Any, label: str) -> None:
        """The record a mobility names is listed even when it is not among the first choices."""
        if value is not None and box.findData(value) < 0:
            box.addItem(label, value)

    # ------------------------------------------------------------------ choices
    def _fill_choices(self) -> None:
        ws = self.ctx.workspace
        self._loading = True
        projects = self.widgets["project_id"]
        assert isinstance(projects, QComboBox)
        projects.clear()
        for p in list_projects(ws):
            projects.addItem(f"{p.code}", p.id)
        people = self.widgets["person_id"]
        assert isinstance(people, QComboBox)
        people.clear()
        people.addItem("", None)
        for person in person_choices(ws, limit=PICKER_LIMIT):
            people.addItem(f"{person.last_name}, {person.first_name}", person.id)
        sending = self.widgets["sending_org_id"]
        assert isinstance(sending, QComboBox)
        sending.clear()
        sending.addItem("", None)
        for org in sending_organisation_choices(ws):
            sending.addItem(org.name, org.id)
        receiving = self.widgets["receiving_org_id"]
        assert isinstance(receiving, QComboBox)
        receiving.clear()
        receiving.addItem("", None)
        for org in organisation_choices(ws, limit=PICKER_LIMIT):
            where = ", ".join(x for x in (org.city, org.country) if x)
            receiving.addItem(f"{org.name} ({where})", org.id)
        self._loading = False

    def _fill_dependent(self, form: MobilityForm) -> None:
        """Host tutors of the receiving organisation, mobilities an accompanying person can join."""
        was = self._loading
        self._loading = True
        tutors = self.widgets["host_tutor_id"]
        assert isinstance(tutors, QComboBox)
        tutors.clear()
        tutors.addItem("", None)
        if form.receiving_org_id is not None:
            for contact in list_contacts(self.ctx.workspace, form.receiving_org_id):
                tutors.addItem(f"{contact.form.first_name} {contact.form.last_name}".strip(), contact.id)
        self._select(tutors, form.host_tutor_id)
        accompanies = self.widgets["accompanies_id"]
        assert isinstance(accompanies, QComboBox)
        accompanies.clear()
        accompanies.addItem("", None)
        if form.project_id is not None:
            for mid, text in service.mobility_choices(
                self.ctx.workspace, form.project_id, exclude=self.mobility_id
            ):
                accompanies.addItem(text, mid)
        self._select(accompanies, form.accompanies_id)
        self._loading = was

    @staticmethod
    def _select(box: QComboBox, value: Any) -> None:
        index = box.findData(value)
        box.setCurrentIndex(max(index, 0))

    # ------------------------------------------------------------------ showing
    def show_nothing(self) -> None:
        self.mobility_id = None
        self.detail = None
        self.heading.setText(tr(C, "Select a mobility, or create a new one."))
        self.warnings.setVisible(False)
        self.tabs.setEnabled(False)
        self.save_button.setEnabled(False)
        self.revert_button.setEnabled(False)
        self.status_line.clear()
        self.programme.clear()

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

    def _show_status(self, detail: MobilityDetail | None) -> None:
        while self.status_buttons.count():
            item = self.status_buttons.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if detail is None:
            self.status_label.setText(tr(C, "Save the mobility first."))
            self.events_table.setRowCount(0)
            return
        self.status_label.setText(tr(C, "Now: %1").replace("%1", enum_label(detail.status)))
        self.events_table.setRowCount(len(detail.events))
        for row, event in enumerate(detail.events):
            for column, text in enumerate((enum_label(event.status), day(event.on_date), event.user)):
                self.events_table.setItem(row, column, QTableWidgetItem(text))
        self.status_date.setDate(_qdate(date.today()))
        for status in detail.next_statuses:
            button = QPushButton(tr(C, "→ %1").replace("%1", enum_label(status)), self)
            button.setObjectName(f"mob-advance-{status}")
            button.clicked.connect(self._advancer(status))
            self.status_buttons.addWidget(button)
        self.status_buttons.addStretch(1)

    def _show_evidence(self, detail: MobilityDetail | None) -> None:
        rows = detail.evidence if detail else ()
        self.evidence_table.setRowCount(len(rows))
        for row, item in enumerate(rows):
            box = QCheckBox(tr("details", EVIDENCE_LABELS.get(item.kind, item.kind)), self)
            box.setObjectName(f"mob-evidence-{item.kind}")
            box.setChecked(item.done)
            box.toggled.connect(self._evidence_toggler(item.kind))
            self.evidence_table.setCellWidget(row, 0, box)
            self.evidence_table.setItem(row, 1, QTableWidgetItem(day(item.done_on)))
            name = QTableWidgetItem(item.attachment_name or "")
            name.setToolTip(item.attachment_name or "")
            self.evidence_table.setItem(row, 2, name)
            attach = QPushButton(tr(C, "File…"), self)
            attach.setObjectName(f"mob-attach-{item.kind}")
            attach.clicked.connect(self._attacher(item.kind))
            self.evidence_table.setCellWidget(row, 3, attach)
        self.evidence_table.resizeRowsToContents()

    def _show_grant(self, detail: MobilityDetail | None) -> None:
        self.recompute_button.setEnabled(detail is not None)
        if detail is None:
            self.grant_info.setText(tr(C, "The grant is computed when the mobility is saved."))
            self.breakdown.show_lines([])
            self.totals.clear()
            return
        lines = [
            ShownLine(li.label, li.recipient, li.quantity, li.rate_cents, li.amount_cents, li.derivation)
            for li in detail.grant_lines
        ]
        self.breakdown.show_lines(lines)
        if detail.grant_rate_set:
            self.grant_info.setText(tr(C, "Stored grant, rate set %1.").replace("%1", detail.grant_rate_set))
        else:
            self.grant_info.setText(tr(C, "No grant stored yet."))
        self.totals.setText(
            tr(C, "Participant: %1 · Organisation: %2 · Total: %3")
            .replace("%1", money(detail.grant_participant_cents))
            .replace("%2", money(detail.grant_organisation_cents))
            .replace("%3", money(detail.grant_total_cents))
        )

    # ------------------------------------------------------------------ reading the widgets
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

    # ------------------------------------------------------------------ validation
    def _changed(self, *_: object) -> None:
        self._changed_from(self.sender())

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

    def _show_distance(self, form: MobilityForm) -> None:
        info = service.distance_info(self.ctx.workspace, form)
        if info.estimate_km is None:
            self.estimate_label.setText(tr(C, "no estimate (type the cities)"))
        else:
            self.estimate_label.setText(
                tr(C, "%1 km, band %2")
                .replace("%1", f"{info.estimate_km:,}")
                .replace("%2", info.estimate_band or "")
            )
        self.distance_warning.setText("\n".join(render_message(w) for w in info.warnings))
        self.distance_warning.setVisible(bool(info.warnings))

    def problems_shown(self) -> dict[str, str]:
        return {key: label.text() for key, label in self.errors.items() if label.text()}

    # ------------------------------------------------------------------ actions
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

    def recompute(self) -> None:
        """Old versus new; the stored grant is replaced only when the user says so."""
        if self.mobility_id is None:
            return
        mobility_id = self.mobility_id
        try:
            preview = grants.preview(self.ctx.workspace, mobility_id)
        except ValidationError as error:
            self.status_line.setStyleSheet(ERROR_STYLE)
            self.status_line.setText(tr(C, "The grant cannot be computed: ") + render_all(error))
            return
        if not preview.changed:
            self.status_line.setStyleSheet("")
            self.status_line.setText(tr(C, "The stored grant is up to date."))
            return
        if ask_replace_grant(self, preview):
            self.ctx.tasks.write(
                lambda ws: grants.store_snapshot(ws, mobility_id),
                on_done=lambda _b: self._after_grant(mobility_id),
                on_error=self._failed,
            )

    def _after_grant(self, mobility_id: int) -> None:
        self.load(mobility_id)
        self.tabs.setCurrentIndex(4)
        self.status_line.setText(tr(C, "Grant replaced."))

    def _advancer(self, status: str) -> Callable[[], None]:
        def advance() -> None:
            if self.mobility_id is None:
                return
            mobility_id, on = self.mobility_id, _pydate(self.status_date.date())
            self.ctx.tasks.write(
                lambda ws: service.advance_status(ws, mobility_id, status, on),
                on_done=self._side_done,
                on_error=self._failed,
            )

        return advance

    def _evidence_toggler(self, kind: str) -> Callable[[bool], None]:
        def toggle(done: bool) -> None:
            if self.mobility_id is None:
                return
            mobility_id = self.mobility_id
            self.ctx.tasks.write(
                lambda ws: service.set_evidence(ws, mobility_id, kind, done=done, done_on=date.today()),
                on_done=self._side_done,
                on_error=self._failed,
            )

        return toggle

    def _attacher(self, kind: str) -> Callable[[], None]:
        def attach() -> None:
            if self.mobility_id is None:
                return
            name, _ = QFileDialog.getOpenFileName(
                self, tr(C, "Attach a file"), "", tr(C, "Documents (*.pdf *.png *.jpg *.jpeg);;All files (*)")
            )
            if not name:
                return
            mobility_id = self.mobility_id
            self.ctx.tasks.write(
                lambda ws: service.attach_evidence_file(ws, mobility_id, kind, Path(name)),
                on_done=self._side_done,
                on_error=self._side_failed,
            )

        return attach

    def _side_done(self, detail: MobilityDetail) -> None:
        current = self.tabs.currentIndex()
        unsaved = self.save_button.isEnabled() and self.detail is not None and self.form() != self.detail.form
        self.detail = detail
        if unsaved:
            self._show_side(detail)  # keep what is being typed
        else:
            self.load(detail.id)
        self.tabs.setCurrentIndex(current)

    def _side_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError) or hasattr(error, "message"):
            text = render_all(error) if isinstance(error, ValidationError) else render_message(error.message)
            QMessageBox.warning(self, tr(C, "Not done"), text)
            return
        raise error

    def select_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
