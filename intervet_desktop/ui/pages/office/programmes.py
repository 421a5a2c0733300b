"""EU programme participation: the register of funding opportunities (deadline, status, amounts
requested and granted) and the office's other dates (reports); an iCalendar file of them all."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from intervet_desktop.core.money import decimal_text
from intervet_desktop.core.office import OpportunityStatus, Programme
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.office import programmes as svc
from intervet_desktop.services.office.common import label_of, organisation_search, project_search
from intervet_desktop.services.office.exports import export_calendar
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import money
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.base import Page, page_header
from intervet_desktop.ui.pages.office.kit import (
    Field,
    FormDialog,
    RecordTable,
    SchoolBox,
    choices,
    day_text,
    label,
    wire_records,
)

C = "ProgrammesPage"


class ProgrammesPage(Page):
    key = "programmes"
    icon_name = "budget"
    watches = (Kind.FUNDING_OPPORTUNITY, Kind.OFFICE_DEADLINE, Kind.PROJECT, Kind.ORGANISATION)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = date.today()
        self.rows: list[svc.OpportunityRow] = []
        self.dates: list[svc.DeadlineRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        top = QHBoxLayout()
        top.addWidget(page_header(self.title(), self))
        top.addStretch(1)
        self.school = SchoolBox(ctx, self)
        self.school.insertItem(0, tr(C, "All schools"), None)
        self.school.setCurrentIndex(0)
        self.school.currentIndexChanged.connect(lambda _i: self.reload())
        top.addWidget(self.school)
        self.ics_button = QPushButton(tr(C, "Calendar file (.ics)…"), self)
        self.ics_button.setObjectName("export-ics")
        self.ics_button.setToolTip(
            tr(C, "All deadlines, report dates and departures, to import into any calendar")
        )
        self.ics_button.clicked.connect(self.export_ics)
        top.addWidget(self.ics_button)
        layout.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setObjectName("programmes-summary")
        layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.opportunities = RecordTable(
            tr(C, "Funding opportunities"),
            [
                tr(C, "Deadline"),
                tr(C, "Title"),
                tr(C, "Programme"),
                tr(C, "Status"),
                tr(C, "Requested"),
                tr(C, "Granted"),
                tr(C, "School"),
                tr(C, "Project"),
            ],
            "opportunities",
            splitter,
        )
        self.opportunities.widths(90, 280, 150, 90, 110, 110, 260, 200)
        wire_records(
            self.opportunities,
            self.ctx,
            self,
            self.opportunity_dialog,
            tr(C, "this opportunity"),
            svc.delete_opportunity,
        )
        self.deadlines = RecordTable(
            tr(C, "Report dates and other office deadlines"),
            [tr(C, "Due"), tr(C, "Title"), tr(C, "Kind"), tr(C, "Project"), tr(C, "Done")],
            "deadlines",
            splitter,
        )
        self.deadlines.widths(90, 320, 90, 260, 60)
        wire_records(
            self.deadlines, self.ctx, self, self.deadline_dialog, tr(C, "this date"), svc.delete_deadline
        )
        splitter.addWidget(self.opportunities)
        splitter.addWidget(self.deadlines)
        splitter.setSizes([400, 220])
        layout.addWidget(splitter, 1)
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Programmes")

    def reload(self) -> None:
        school = self.school.currentData()
        self.rows = svc.list_opportunities(self.ctx.workspace, int(school) if school is not None else None)
        granted = sum(r.granted_cents or 0 for r in self.rows)
        requested = sum(r.requested_cents for r in self.rows if r.status != OpportunityStatus.IDEA.value)
        open_ = [r for r in self.rows if r.status in ("idea", "drafting") and r.deadline >= self.today]
        self.summary.setText(
            tr(C, "%1 opportunities · %2 open · requested %3 · granted %4")
            .replace("%1", str(len(self.rows)))
            .replace("%2", str(len(open_)))
            .replace("%3", money(requested))
            .replace("%4", money(granted))
        )
        tones = {
            n: "#c0392b"
            for n, r in enumerate(self.rows)
            if r in open_ and (r.deadline - self.today).days <= 30
        }
        self.opportunities.fill(
            [
                (
                    r.id,
                    [
                        day_text(r.deadline),
                        r.title,
                        label(r.programme),
                        label(r.status),
                        money(r.requested_cents),
                        money(r.granted_cents),
                        r.school,
                        r.project,
                    ],
                )
                for r in self.rows
            ],
            tones=tones,
        )
        self.dates = svc.list_deadlines(self.ctx.workspace)
        self.deadlines.fill(
            [
                (
                    d.id,
                    [day_text(d.due_on), d.title, label(d.kind), d.project, tr(C, "yes") if d.done else ""],
                )
                for d in self.dates
            ],
            tones={n: "#c0392b" for n, d in enumerate(self.dates) if not d.done and d.due_on < self.today},
        )

    def opportunity_dialog(self, row_id: int | None) -> FormDialog:
        current = next((r for r in self.rows if r.id == row_id), None)
        school = self.school.currentData()
        values: dict[str, Any] = {
            "programme": "ka1_vet",
            "status": "idea",
            "organisation_id": label_of(self.ctx.workspace, "organisation", int(school) if school else None),
        }
        if current is not None:
            values = {
                "organisation_id": (current.organisation_id, current.school),
                "title": current.title,
                "deadline": current.deadline,
                "programme": current.programme,
                "status": current.status,
                "requested": decimal_text(current.requested_cents) if current.requested_cents else "",
                "granted": decimal_text(current.granted_cents) if current.granted_cents is not None else "",
                "project_id": label_of(self.ctx.workspace, "project", current.project_id),
                "notes": current.notes,
            }
        return FormDialog(
            self.ctx,
            tr(C, "Funding opportunity"),
            [
                Field(
                    "organisation_id",
                    tr(C, "School"),
                    "picker",
                    search=lambda t: organisation_search(self.ctx.workspace, t),
                ),
                Field("title", tr(C, "Title")),
                Field("programme", tr(C, "Programme"), "choice", choices([p.value for p in Programme])),
                Field("deadline", tr(C, "Call deadline"), "date"),
                Field("status", tr(C, "Status"), "choice", choices([s.value for s in OpportunityStatus])),
                Field("requested", tr(C, "Amount requested (EUR)")),
                Field("granted", tr(C, "Amount granted (EUR)")),
                Field(
                    "project_id",
                    tr(C, "Project (when granted)"),
                    "picker",
                    search=lambda t: project_search(self.ctx.workspace, t),
                ),
                Field("notes", tr(C, "Notes"), "long"),
            ],
            lambda v: lambda ws: svc.save_opportunity(ws, row_id, svc.OpportunityForm(**v)),
            values,
            self,
        )

    def deadline_dialog(self, row_id: int | None) -> FormDialog:
        current = next((d for d in self.dates if d.id == row_id), None)
        values: dict[str, Any] = {"kind": "report"}
        if current is not None:
            values = {
                "title": current.title,
                "due_on": current.due_on,
                "kind": current.kind,
                "project_id": (current.project_id, current.project) if current.project_id else (None, ""),
                "done": current.done,
                "notes": current.notes,
            }
        return FormDialog(
            self.ctx,
            tr(C, "Office date"),
            [
                Field("title", tr(C, "Title")),
                Field("due_on", tr(C, "Due"), "date"),
                Field("kind", tr(C, "Kind"), "choice", choices(["report", "other"])),
                Field(
                    "project_id",
                    tr(C, "Project"),
                    "picker",
                    search=lambda t: project_search(self.ctx.workspace, t),
                ),
                Field("done", tr(C, "Done"), "check"),
                Field("notes", tr(C, "Notes"), "long"),
            ],
            lambda v: lambda ws: svc.save_deadline(ws, row_id, svc.DeadlineForm(**v)),
            values,
            self,
        )

    def export_ics(self) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self, tr(C, "Calendar file"), "intervet.ics", "iCalendar (*.ics)"
        )
        if path:
            self.ctx.tasks.run(lambda _p: export_calendar(self.ctx.workspace, Path(path)))
