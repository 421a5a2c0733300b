"""Dissemination events of a project: date, type, audience, participants by category, partners,
evidence files; the totals for the final report and the workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from intervet_desktop.core.office import EventKind
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.office import dissemination as svc
from intervet_desktop.services.office.common import label_of, organisation_search, project_search
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.base import Page, page_header
from intervet_desktop.ui.pages.office.files_dialog import FilesDialog
from intervet_desktop.ui.pages.office.kit import (
    Field,
    FormDialog,
    RecordTable,
    choices,
    day_text,
    label,
    wire_records,
)

C = "EventsPage"


class EventsPage(Page):
    key = "events"
    icon_name = "documents"
    watches = (Kind.DISSEMINATION_EVENT, Kind.ATTACHMENT, Kind.PROJECT, Kind.ORGANISATION)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[svc.EventRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        top = QHBoxLayout()
        top.addWidget(page_header(self.title(), self))
        top.addStretch(1)
        self.project = QComboBox(self)
        self.project.setObjectName("events-project")
        self.project.setMinimumContentsLength(30)
        self.project.currentIndexChanged.connect(lambda _i: self.reload())
        top.addWidget(QLabel(tr(C, "Project"), self))
        top.addWidget(self.project)
        self.xlsx_button = QPushButton(tr(C, "Totals workbook (.xlsx)…"), self)
        self.xlsx_button.setObjectName("export-dissemination")
        self.xlsx_button.clicked.connect(self.export_xlsx)
        top.addWidget(self.xlsx_button)
        layout.addLayout(top)
        self.totals = QLabel(self)
        self.totals.setObjectName("event-totals")
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self.events = RecordTable(
            tr(C, "Dissemination events"),
            [
                tr(C, "Date"),
                tr(C, "Type"),
                tr(C, "Title"),
                tr(C, "Organiser"),
                tr(C, "Staff"),
                tr(C, "Learners"),
                tr(C, "Stakeholders"),
                tr(C, "Public"),
                tr(C, "All"),
                tr(C, "Partners involved"),
                tr(C, "Evidence"),
            ],
            "events",
            self,
        )
        self.events.widths(90, 120, 300, 220, 55, 70, 100, 60, 55, 260, 70)
        wire_records(self.events, self.ctx, self, self.event_dialog, tr(C, "this event"), svc.delete_event)
        self.evidence_button = QPushButton(tr(C, "Evidence files…"), self.events)
        self.evidence_button.setObjectName("add-evidence")
        self.evidence_button.clicked.connect(self.add_evidence)
        self.events.extra.insertWidget(1, self.evidence_button)
        layout.addWidget(self.events, 1)
        self._projects()
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Events")

    def _projects(self) -> None:
        self.project.blockSignals(True)
        current = self.project.currentData()
        self.project.clear()
        self.project.addItem(tr(C, "All projects"), None)
        for project_id, code in project_search(self.ctx.workspace):
            self.project.addItem(code, project_id)
        with_events = {r.project_id for r in svc.list_events(self.ctx.workspace)}
        index = self.project.findData(current) if current is not None else -1
        if index < 0 and with_events:
            index = self.project.findData(min(with_events))
        self.project.setCurrentIndex(max(index, 0))
        self.project.blockSignals(False)

    def reload(self) -> None:
        project = self.project.currentData()
        self.rows = svc.list_events(self.ctx.workspace, int(project) if project is not None else None)
        t = svc.totals(self.rows)
        kinds = ", ".join(f"{label(k)} {n}" for k, n in t.by_kind.items() if n)
        self.totals.setText(
            tr(
                C,
                "%1 events (%2) · %3 participants: staff %4, learners %5, stakeholders %6, general public %7",
            )
            .replace("%1", str(t.events))
            .replace("%2", kinds or "–")
            .replace("%3", str(t.total_participants))
            .replace("%4", str(t.participants["staff"]))
            .replace("%5", str(t.participants["learners"]))
            .replace("%6", str(t.participants["stakeholders"]))
            .replace("%7", str(t.participants["public"]))
        )
        self.events.fill(
            [
                (
                    e.id,
                    [
                        day_text(e.held_on),
                        label(e.kind),
                        e.title,
                        e.organiser,
                        str(e.staff),
                        str(e.learners),
                        str(e.stakeholders),
                        str(e.public),
                        str(e.participants),
                        e.partners,
                        str(e.evidence) if e.evidence else "",
                    ],
                )
                for e in self.rows
            ]
        )
        self.xlsx_button.setEnabled(project is not None)

    def event_dialog(self, row_id: int | None) -> FormDialog:
        current = next((e for e in self.rows if e.id == row_id), None)
        project = self.project.currentData()
        codes = dict(project_search(self.ctx.workspace))
        values: dict[str, Any] = {"kind": "workshop", "held_on": date.today()}
        if project is not None:
            values["project_id"] = (int(project), codes.get(int(project), ""))
        if current is not None:
            values = {
                "project_id": (current.project_id, codes.get(current.project_id, "")),
                "title": current.title,
                "held_on": current.held_on,
                "kind": current.kind,
                "organisation_id": label_of(self.ctx.workspace, "organisation", current.organisation_id),
                "audience": current.audience,
                "staff": current.staff,
                "learners": current.learners,
                "stakeholders": current.stakeholders,
                "public": current.public,
                "partners": current.partners,
                "notes": current.notes,
            }
        return FormDialog(
            self.ctx,
            tr(C, "Dissemination event"),
            [
                Field(
                    "project_id",
                    tr(C, "Project"),
                    "picker",
                    search=lambda t: project_search(self.ctx.workspace, t),
                ),
                Field("title", tr(C, "Title")),
                Field("held_on", tr(C, "Date"), "date"),
                Field("kind", tr(C, "Type"), "choice", choices([k.value for k in EventKind])),
                Field(
                    "organisation_id",
                    tr(C, "Organiser"),
                    "picker",
                    search=lambda t: organisation_search(self.ctx.workspace, t),
                ),
                Field("audience", tr(C, "Audience")),
                Field("staff", tr(C, "Participants: staff"), "int"),
                Field("learners", tr(C, "Participants: learners"), "int"),
                Field("stakeholders", tr(C, "Participants: stakeholders"), "int"),
                Field("public", tr(C, "Participants: general public"), "int"),
                Field("partners", tr(C, "Partners involved")),
                Field("notes", tr(C, "Notes"), "long"),
            ],
            lambda v: lambda ws: svc.save_event(ws, row_id, svc.EventForm(**v)),
            values,
            self,
        )

    def add_evidence(self) -> None:
        """The chosen event's evidence files (photos, attendance lists, articles): add, open, remove."""
        chosen = self.events.current_id()
        if chosen is None:
            return
        FilesDialog(self.ctx, svc.EVENT, chosen, "evidence", tr(C, "Evidence files"), "", self).exec()

    def export_xlsx(self) -> None:
        project = self.project.currentData()
        if project is None:
            return
        path, _f = QFileDialog.getSaveFileName(
            self, tr(C, "Dissemination workbook"), "dissemination.xlsx", "Excel (*.xlsx)"
        )
        if path:
            self.ctx.tasks.run(
                lambda _p: svc.export_dissemination(self.ctx.workspace, int(project), Path(path))
            )
