"""The network: experts and peer officers, searchable (accents and case do not matter), with the
contacts and meetings recorded for each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSplitter, QVBoxLayout, QWidget

from intervet_desktop.core.office import MeetingKind, NetworkKind
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.listing import ListFilter, ListReader
from intervet_desktop.services.office import network as svc
from intervet_desktop.services.office.common import label_of, organisation_search, person_search
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import country_name
from intervet_desktop.ui.i18n import tr, trn
from intervet_desktop.ui.pages.base import Page, page_header
from intervet_desktop.ui.pages.office.kit import (
    Field,
    FormDialog,
    RecordTable,
    choices,
    day_text,
    label,
    wire_records,
)

C = "NetworkPage"


class NetworkPage(Page):
    key = "network"
    icon_name = "organisations"
    watches = (Kind.NETWORK_CONTACT, Kind.NETWORK_MEETING, Kind.ORGANISATION, Kind.PERSON)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.reader = ListReader(ctx.workspace, svc.NETWORK)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        top = QHBoxLayout()
        top.addWidget(page_header(self.title(), self))
        top.addStretch(1)
        self.search = QLineEdit(self)
        self.search.setObjectName("network-search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr(C, "Search name, expertise, organisation, country"))
        self.search.setMinimumWidth(320)
        self.search.textChanged.connect(lambda _t: self.reload())
        self.kind = QComboBox(self)
        self.kind.setObjectName("network-kind")
        self.kind.addItem(tr(C, "Experts and peers"), "")
        for value, text in choices([k.value for k in NetworkKind]):
            self.kind.addItem(text, value)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        top.addWidget(self.search)
        top.addWidget(self.kind)
        layout.addLayout(top)
        self.count = QLabel(self)
        layout.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.contacts = RecordTable(
            tr(C, "Experts and peer officers"),
            [
                tr(C, "Name"),
                tr(C, "Kind"),
                tr(C, "Expertise"),
                tr(C, "Organisation"),
                tr(C, "Country"),
                tr(C, "Languages"),
            ],
            "contacts",
            splitter,
        )
        self.contacts.widths(190, 100, 300, 260, 110, 90)
        wire_records(
            self.contacts,
            self.ctx,
            self,
            self.contact_dialog,
            tr(C, "this contact and its meetings"),
            svc.delete_contact,
        )
        self.contacts.selected.connect(lambda _i: self.show_meetings())
        self.meetings = RecordTable(
            tr(C, "Contacts and meetings"),
            [tr(C, "Date"), tr(C, "Kind"), tr(C, "Subject"), tr(C, "Notes")],
            "meetings",
            splitter,
        )
        self.meetings.widths(90, 90, 280, 300)
        wire_records(
            self.meetings, self.ctx, self, self.meeting_dialog, tr(C, "this meeting"), svc.delete_meeting
        )
        splitter.addWidget(self.contacts)
        splitter.addWidget(self.meetings)
        splitter.setSizes([420, 220])
        layout.addWidget(splitter, 1)
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Network")

    def focus_search(self) -> None:
        self.search.setFocus()

    def _filter(self) -> ListFilter:
        kind = self.kind.currentData()
        return ListFilter(self.search.text(), {"kind": kind} if kind else {})

    def reload(self) -> None:
        flt = self._filter()
        rows = self.reader.page(flt, None, 0, 500)
        self.count.setText(trn(C, "%n contact", "%n contacts", self.reader.count(flt)))
        self.contacts.fill(
            [
                (
                    int(r[0]),
                    [
                        str(r[1] or "").strip(),
                        label(r[2]),
                        r[3] or "",
                        r[4] or "",
                        country_name(r[5]) if r[5] else "",
                        (r[6] or "").replace(",", ", "),
                    ],
                )
                for r in rows
            ]
        )
        self.show_meetings()

    def show_meetings(self) -> None:
        chosen = self.contacts.current_id()
        self.meetings.add_button.setEnabled(chosen is not None)
        if chosen is None:
            self.meetings.fill([])
            return
        self.meetings.fill(
            [
                (m.id, [day_text(m.met_on), label(m.kind), m.subject, m.notes])
                for m in svc.meetings_of(self.ctx.workspace, chosen)
            ]
        )

    def contact_dialog(self, row_id: int | None) -> FormDialog:
        values: dict[str, Any] = {"kind": "expert"}
        if row_id is not None:
            form = svc.get_contact(self.ctx.workspace, row_id)
            values = dict(form.__dict__)
            values["organisation_id"] = label_of(self.ctx.workspace, "organisation", form.organisation_id)
            values["person_id"] = label_of(self.ctx.workspace, "person", form.person_id)
        return FormDialog(
            self.ctx,
            tr(C, "Network contact"),
            [
                Field("first_name", tr(C, "First name")),
                Field("last_name", tr(C, "Last name")),
                Field("kind", tr(C, "Kind"), "choice", choices([k.value for k in NetworkKind])),
                Field("expertise", tr(C, "Expertise (tags, comma-separated)")),
                Field(
                    "organisation_id",
                    tr(C, "Organisation (host, partner…)"),
                    "picker",
                    search=lambda t: organisation_search(self.ctx.workspace, t),
                ),
                Field(
                    "person_id",
                    tr(C, "Same as person"),
                    "picker",
                    search=lambda t: person_search(self.ctx.workspace, t),
                ),
                Field("country", tr(C, "Country"), "country"),
                Field("languages", tr(C, "Languages (e.g. en, de)")),
                Field("email", tr(C, "E-mail")),
                Field("phone", tr(C, "Phone")),
                Field("notes", tr(C, "Notes"), "long"),
            ],
            lambda v: lambda ws: svc.save_contact(ws, row_id, svc.ContactForm(**v)),
            values,
            self,
        )

    def meeting_dialog(self, row_id: int | None) -> FormDialog:
        contact_id = self.contacts.current_id()
        values: dict[str, Any] = {"kind": "meeting"}
        if row_id is not None and contact_id is not None:
            found = next((m for m in svc.meetings_of(self.ctx.workspace, contact_id) if m.id == row_id), None)
            if found is not None:
                values = {
                    "met_on": found.met_on,
                    "kind": found.kind,
                    "subject": found.subject,
                    "notes": found.notes,
                }
        return FormDialog(
            self.ctx,
            tr(C, "Contact or meeting"),
            [
                Field("met_on", tr(C, "Date"), "date"),
                Field("kind", tr(C, "Kind"), "choice", choices([k.value for k in MeetingKind])),
                Field("subject", tr(C, "Subject")),
                Field("notes", tr(C, "Notes"), "long"),
            ],
            lambda v: lambda ws: svc.save_meeting(ws, row_id, svc.MeetingForm(contact_id, **v)),
            values,
            self,
        )
