"""The international office of a school: who works in it, the procedures it runs (each with its
checklist), and the staff's training with certificates attached."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from intervet_desktop.core.office import OfficeRole
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.office import team as svc
from intervet_desktop.services.office.common import label_of, person_search
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.base import Page, page_header
from intervet_desktop.ui.pages.office.files_dialog import FilesDialog
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

C = "OfficePage"


class OfficePage(Page):
    key = "office"
    icon_name = "people"
    watches = (
        Kind.OFFICE_MEMBER,
        Kind.OFFICE_PROCEDURE,
        Kind.STAFF_TRAINING,
        Kind.ATTACHMENT,
        Kind.PERSON,
        Kind.ORGANISATION,
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.office: svc.Office | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        top = QHBoxLayout()
        top.addWidget(page_header(self.title(), self))
        top.addStretch(1)
        self.school = SchoolBox(ctx, self)
        self.school.currentIndexChanged.connect(lambda _i: self.reload())
        top.addWidget(QLabel(tr(C, "School"), self))
        top.addWidget(self.school)
        layout.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setObjectName("office-summary")
        layout.addWidget(self.summary)
        upper = QSplitter(Qt.Orientation.Horizontal, self)
        self.members = RecordTable(
            tr(C, "Team"),
            [tr(C, "Person"), tr(C, "Role"), tr(C, "Hours/week"), tr(C, "Since")],
            "members",
            upper,
        )
        self.members.widths(200, 110, 80, 90)
        wire_records(
            self.members, self.ctx, self, self.member_dialog, tr(C, "this team member"), svc.delete_member
        )
        procedures = QWidget(upper)
        p_layout = QVBoxLayout(procedures)
        p_layout.setContentsMargins(0, 0, 0, 0)
        self.procedures = RecordTable(
            tr(C, "Procedures"), [tr(C, "Procedure"), tr(C, "Steps")], "procedures", procedures
        )
        self.procedures.widths(260, 60)
        wire_records(
            self.procedures,
            self.ctx,
            self,
            self.procedure_dialog,
            tr(C, "this procedure"),
            svc.delete_procedure,
        )
        self.procedures.selected.connect(self.show_checklist)
        self.checklist = QLabel(procedures)
        self.checklist.setObjectName("checklist")
        self.checklist.setWordWrap(True)
        self.checklist.setTextFormat(Qt.TextFormat.RichText)
        self.checklist.setAlignment(Qt.AlignmentFlag.AlignTop)
        p_layout.addWidget(self.procedures, 2)
        p_layout.addWidget(self.checklist, 1)
        upper.addWidget(self.members)
        upper.addWidget(procedures)
        layout.addWidget(upper, 1)
        self.trainings = RecordTable(
            tr(C, "Staff training"),
            [
                tr(C, "Person"),
                tr(C, "Course"),
                tr(C, "Provider"),
                tr(C, "From"),
                tr(C, "To"),
                tr(C, "Hours"),
                tr(C, "Competences"),
                tr(C, "Certificate"),
            ],
            "trainings",
            self,
        )
        self.trainings.widths(170, 260, 150, 85, 85, 55, 220, 80)
        wire_records(
            self.trainings, self.ctx, self, self.training_dialog, tr(C, "this training"), svc.delete_training
        )
        self.attach_button = QPushButton(tr(C, "Certificates…"), self.trainings)
        self.attach_button.setObjectName("attach-certificate")
        self.attach_button.clicked.connect(self.attach_certificate)
        self.trainings.extra.insertWidget(1, self.attach_button)
        layout.addWidget(self.trainings, 1)
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Office")

    def reload(self) -> None:
        school = self.school.value()
        if school is None:
            self.office = None
            for table in (self.members, self.procedures, self.trainings):
                table.fill([])
            return
        office = self.office = svc.load_office(self.ctx.workspace, school)
        self.summary.setText(
            tr(C, "%1 people, %2 hours a week; %3 trainings, %4 hours of training")
            .replace("%1", str(len(office.members)))
            .replace("%2", str(office.total_hours))
            .replace("%3", str(len(office.trainings)))
            .replace("%4", str(sum(t.hours for t in office.trainings)))
        )
        self.members.fill(
            [
                (m.id, [m.person, label(m.role), str(m.hours_per_week), day_text(m.since)])
                for m in office.members
            ]
        )
        self.procedures.fill([(p.id, [p.title, str(len(p.items))]) for p in office.procedures])
        self.trainings.fill(
            [
                (
                    t.id,
                    [
                        t.person,
                        t.title,
                        t.provider,
                        day_text(t.start_on),
                        day_text(t.end_on),
                        str(t.hours),
                        t.competences,
                        tr(C, "yes") if t.certificates else "",
                    ],
                )
                for t in office.trainings
            ]
        )
        self.show_checklist(self.procedures.current_id())

    def show_checklist(self, row_id: int | None) -> None:
        found = next((p for p in self.office.procedures if p.id == row_id), None) if self.office else None
        if found is None:
            self.checklist.setText(tr(C, "Choose a procedure to see its checklist."))
            return
        items = "".join(f"<li>{_esc(i)}</li>" for i in found.items)
        self.checklist.setText(f"<b>{_esc(found.title)}</b><ol>{items}</ol>")

    def member_dialog(self, row_id: int | None) -> FormDialog:
        school = self.school.value()
        current = next((m for m in self.office.members if m.id == row_id), None) if self.office else None
        values: dict[str, Any] = {"role": "officer"}
        if current is not None:
            values = {
                "person_id": (current.person_id, current.person),
                "role": current.role,
                "hours_per_week": current.hours_per_week,
                "since": current.since,
                "notes": current.notes,
            }
        return FormDialog(
            self.ctx,
            tr(C, "Team member"),
            [
                Field(
                    "person_id",
                    tr(C, "Person"),
                    "picker",
                    search=lambda t: person_search(self.ctx.workspace, t),
                ),
                Field("role", tr(C, "Role"), "choice", choices([r.value for r in OfficeRole])),
                Field("hours_per_week", tr(C, "Hours per week"), "int", maximum=80),
                Field("since", tr(C, "Since"), "date"),
                Field("notes", tr(C, "Notes"), "long"),
            ],
            lambda v: lambda ws: svc.save_member(ws, row_id, svc.MemberForm(school, **v)),
            values,
            self,
        )

    def procedure_dialog(self, row_id: int | None) -> FormDialog:
        school = self.school.value()
        current = next((p for p in self.office.procedures if p.id == row_id), None) if self.office else None
        values: dict[str, Any] = {}
        if current is not None:
            values = {"title": current.title, "checklist": "\n".join(current.items), "notes": current.notes}
        return FormDialog(
            self.ctx,
            tr(C, "Procedure"),
            [
                Field("title", tr(C, "Procedure")),
                Field("checklist", tr(C, "Checklist (one step a line)"), "long"),
                Field("notes", tr(C, "Notes"), "long"),
            ],
            lambda v: lambda ws: svc.save_procedure(ws, row_id, svc.ProcedureForm(school, **v)),
            values,
            self,
        )

    def training_dialog(self, row_id: int | None) -> FormDialog:
        current = next((t for t in self.office.trainings if t.id == row_id), None) if self.office else None
        values: dict[str, Any] = {}
        if current is not None:
            values = {
                "person_id": label_of(self.ctx.workspace, "person", current.person_id),
                "title": current.title,
                "provider": current.provider,
                "start_on": current.start_on,
                "end_on": current.end_on,
                "hours": current.hours,
                "competences": current.competences,
                "notes": current.notes,
            }
        return FormDialog(
            self.ctx,
            tr(C, "Training"),
            [
                Field(
                    "person_id",
                    tr(C, "Person"),
                    "picker",
                    search=lambda t: person_search(self.ctx.workspace, t),
                ),
                Field("title", tr(C, "Course")),
                Field("provider", tr(C, "Provider")),
                Field("start_on", tr(C, "From"), "date"),
                Field("end_on", tr(C, "To"), "date"),
                Field("hours", tr(C, "Hours"), "int", maximum=2000),
                Field("competences", tr(C, "Competences (comma-separated)")),
                Field("notes", tr(C, "Notes"), "long"),
            ],
            lambda v: lambda ws: svc.save_training(ws, row_id, svc.TrainingForm(**v)),
            values,
            self,
        )

    def attach_certificate(self) -> None:
        """The chosen training's certificates: add, open, remove."""
        chosen = self.trainings.current_id()
        if chosen is None:
            return
        FilesDialog(
            self.ctx,
            svc.TRAINING,
            chosen,
            "certificate",
            tr(C, "Certificates"),
            "PDF, PNG, JPEG (*.pdf *.png *.jpg *.jpeg)",
            self,
        ).exec()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
