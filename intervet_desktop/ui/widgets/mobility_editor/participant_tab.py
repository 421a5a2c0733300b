"""The Participant tab: project, direction, participant, role, activity, BM id, organisations
and notes, with search boxes beside the long pickers."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from intervet_desktop.core.enums import ActivityType, Direction
from intervet_desktop.services import mobilities as service
from intervet_desktop.services.contacts import list_contacts
from intervet_desktop.services.mobilities import MobilityForm
from intervet_desktop.services.organisations import organisation_choices, sending_organisation_choices
from intervet_desktop.services.people import person_choices
from intervet_desktop.services.projects import list_projects
from intervet_desktop.ui.formatting import enum_label
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.widgets.mobility_editor.base import PICKER_LIMIT, EditorBase

C = "MobilityEditor"  # one translation context for the editor, a literal so the collector sees it


class ParticipantTab(EditorBase):
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
