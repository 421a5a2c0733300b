"""The organisation form: identity, EU identifiers (OID with the "asked to register" date),
contact, roles, languages and capacity, notes; its contact persons and its history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from intervet_desktop.core.enums import OrgKind, OrgSize
from intervet_desktop.core.organisation_rules import OrganisationForm
from intervet_desktop.services import contacts, duplicates, organisations
from intervet_desktop.services.contacts import ContactDetail
from intervet_desktop.services.duplicates import SimilarRecord
from intervet_desktop.services.organisations import OrganisationDetail
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import day
from intervet_desktop.ui.i18n import tr, trn
from intervet_desktop.ui.pages.contact_dialog import ContactDialog
from intervet_desktop.ui.widgets.form_fields import (
    ChoiceBox,
    CountryBox,
    DateField,
    Section,
    TextBox,
    rendered,
)
from intervet_desktop.ui.widgets.record_editor import RecordEditor

C = "OrganisationEditor"
SIZE_LABELS = {OrgSize.SMALL.value: "Fewer than 250 staff", OrgSize.LARGE.value: "250 staff or more"}


class OrganisationEditor(RecordEditor):
    new_title = "New organisation"
    history_entity = "organisation"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("organisation-editor")
        self.detail: OrganisationDetail | None = None
        f = self.fields
        body = self.body

        main = Section(tr(C, "Organisation"), body)
        self.name = QLineEdit(body)
        main.add(tr(C, "Name"), self.name, f.register("name", self.name))
        self.kind = ChoiceBox([k.value for k in OrgKind], body)
        main.add(tr(C, "Kind"), self.kind, f.register("kind", self.kind))
        self.country = CountryBox(body)
        main.add(tr(C, "Country"), self.country, f.register("country", self.country))
        self.city = QLineEdit(body)
        main.add(tr(C, "City"), self.city, f.register("city", self.city))
        self.address = QLineEdit(body)
        main.add(tr(C, "Address"), self.address, f.register("address", self.address))
        self.postcode = QLineEdit(body)
        self.postcode.setMaximumWidth(140)
        main.add(tr(C, "Postcode"), self.postcode, f.register("postcode", self.postcode))

        roles = Section(tr(C, "Roles"), body)
        grid_holder = QWidget(body)
        grid = QGridLayout(grid_holder)
        grid.setContentsMargins(0, 0, 0, 0)
        self.is_own = QCheckBox(tr(C, "Our own school"), body)
        self.is_partner = QCheckBox(tr(C, "Partner"), body)
        self.is_host = QCheckBox(tr(C, "Host"), body)
        self.is_consortium_member = QCheckBox(tr(C, "KA121 consortium member"), body)
        for i, box in enumerate((self.is_own, self.is_partner, self.is_host, self.is_consortium_member)):
            grid.addWidget(box, i // 2, i % 2)
        self.is_own.setObjectName("is_own")
        self.is_partner.setObjectName("is_partner")
        self.is_host.setObjectName("is_host")
        self.is_consortium_member.setObjectName("is_consortium_member")
        roles.add("", grid_holder)

        ids = Section(tr(C, "EU identifiers"), body)
        self.oid = QLineEdit(body)
        self.oid.setPlaceholderText("E12345678")
        self.oid.setMaximumWidth(180)
        ids.add(tr(C, "OID"), self.oid, f.register("oid", self.oid))
        self.no_oid = QLabel(tr(C, "No OID yet: the Beneficiary Module needs one before reporting."), body)
        self.no_oid.setObjectName("no-oid-flag")
        self.no_oid.setWordWrap(True)
        self.no_oid.setStyleSheet("color: #b9770e; font-weight: bold;")
        ids.add("", self.no_oid)
        asked = QWidget(body)
        asked_row = QHBoxLayout(asked)
        asked_row.setContentsMargins(0, 0, 0, 0)
        self.oid_requested_on = DateField(asked)
        asked_row.addWidget(self.oid_requested_on)
        self.mark_asked = QPushButton(tr(C, "Mark as asked today"), asked)
        self.mark_asked.setObjectName("mark-asked")
        self.mark_asked.clicked.connect(self._mark_asked_today)
        asked_row.addWidget(self.mark_asked)
        asked_row.addStretch(1)
        ids.add(tr(C, "OID requested on"), asked, f.register("oid_requested_on", self.oid_requested_on))
        self.pic = QLineEdit(body)
        self.pic.setPlaceholderText("123456789")
        self.pic.setMaximumWidth(180)
        ids.add(tr(C, "PIC"), self.pic, f.register("pic", self.pic))

        profile = Section(tr(C, "Profile and contact"), body)
        self.sector = QLineEdit(body)
        profile.add(tr(C, "Sector"), self.sector, f.register("sector", self.sector))
        self.size_box = SizeBox(body)
        profile.add(tr(C, "Size"), self.size_box, f.register("size", self.size_box))
        self.web = QLineEdit(body)
        self.web.setPlaceholderText("https://www.example.org")
        profile.add(tr(C, "Web"), self.web, f.register("web", self.web))
        self.email = QLineEdit(body)
        profile.add(tr(C, "E-mail"), self.email, f.register("email", self.email))
        self.phone = QLineEdit(body)
        profile.add(tr(C, "Phone"), self.phone, f.register("phone", self.phone))
        self.languages = QLineEdit(body)
        self.languages.setPlaceholderText(tr(C, "Language codes, e.g. en, fi, el"))
        profile.add(tr(C, "Languages"), self.languages, f.register("languages", self.languages))
        self.guest_capacity = QSpinBox(body)
        self.guest_capacity.setRange(-1, 10000)
        self.guest_capacity.setSpecialValueText(tr(C, "not set"))
        self.guest_capacity.setSuffix(tr(C, " per year"))
        self.guest_capacity.setMaximumWidth(180)
        profile.add(
            tr(C, "Guest capacity"), self.guest_capacity, f.register("guest_capacity", self.guest_capacity)
        )
        self.notes = TextBox(body, 3)
        profile.add(tr(C, "Notes"), self.notes, f.register("notes", self.notes))

        people_box = Section(tr(C, "Contact persons"), body)
        self.contacts = QTableWidget(0, 5, body)
        self.contacts.setObjectName("contacts")
        self.contacts.setHorizontalHeaderLabels(
            [tr(C, "Name"), tr(C, "Role"), tr(C, "E-mail"), tr(C, "Phone"), tr(C, "Primary")]
        )
        self.contacts.verticalHeader().setVisible(False)
        self.contacts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contacts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contacts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contacts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.contacts.horizontalHeader().setStretchLastSection(True)
        self.contacts.setMinimumHeight(self.fontMetrics().height() * 6)
        self.contacts.setMaximumHeight(self.fontMetrics().height() * 9)
        self.contacts.doubleClicked.connect(lambda _i: self.edit_contact())
        people_box.add("", self.contacts)
        contact_buttons = QWidget(body)
        row = QHBoxLayout(contact_buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self.add_contact_button = QPushButton(tr(C, "Add contact…"), body)
        self.add_contact_button.setObjectName("add-contact")
        self.add_contact_button.clicked.connect(self.add_contact)
        self.edit_contact_button = QPushButton(tr(C, "Edit…"), body)
        self.edit_contact_button.clicked.connect(self.edit_contact)
        self.remove_contact_button = QPushButton(tr(C, "Remove"), body)
        self.remove_contact_button.clicked.connect(self.remove_contact)
        for button in (self.add_contact_button, self.edit_contact_button, self.remove_contact_button):
            row.addWidget(button)
        row.addStretch(1)
        people_box.add("", contact_buttons)
        self.contacts_hint = QLabel(tr(C, "Save the organisation first, then add its contact persons."), body)
        self.contacts_hint.setWordWrap(True)
        self.contacts_hint.setEnabled(False)
        people_box.add("", self.contacts_hint)

        history = Section(tr(C, "History"), body)
        self.history = QLabel(body)
        self.history.setObjectName("history")
        self.history.setWordWrap(True)
        history.add("", self.history)

        for section in (main, roles, ids, profile, people_box, history):
            self.body_layout.addWidget(section)
        self.body_layout.addStretch(1)

        for edit in (
            self.name, self.city, self.address, self.postcode, self.oid, self.oid_requested_on,
            self.pic, self.sector, self.web, self.email, self.phone, self.languages,
        ):  # fmt: skip
            edit.textChanged.connect(self.changed)
        self.kind.currentIndexChanged.connect(self.changed)
        self.size_box.currentIndexChanged.connect(self.changed)
        self.country.currentTextChanged.connect(self.changed)
        self.guest_capacity.valueChanged.connect(self.changed)
        self.notes.textChanged.connect(self.changed)
        for box in (self.is_own, self.is_partner, self.is_host, self.is_consortium_member):
            box.toggled.connect(self.changed)
        self.contacts.itemSelectionChanged.connect(self._contact_buttons)
        self.new_record()

    # ------------------------------------------------------------------ hooks
    def empty_form(self) -> OrganisationForm:
        return OrganisationForm()

    def read_form(self) -> tuple[OrganisationForm, dict[str, str]]:
        local: dict[str, Any] = {}
        asked, problem = self.oid_requested_on.value("oid_requested_on")
        if problem:
            local["oid_requested_on"] = problem.message
        capacity = self.guest_capacity.value()
        form = OrganisationForm(
            name=self.name.text(),
            country=self.country.value(),
            city=self.city.text(),
            kind=self.kind.value(),
            oid=self.oid.text(),
            oid_requested_on=asked,
            pic=self.pic.text(),
            sector=self.sector.text(),
            nace_code=self.loaded.nace_code if self.loaded else "",
            size=self.size_box.value(),
            region=self.loaded.region if self.loaded else "",
            address=self.address.text(),
            postcode=self.postcode.text(),
            latitude=self.loaded.latitude if self.loaded else None,
            longitude=self.loaded.longitude if self.loaded else None,
            web=self.web.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            languages=tuple(
                x.strip() for x in self.languages.text().replace(";", ",").split(",") if x.strip()
            ),
            guest_capacity=None if capacity < 0 else capacity,
            is_own=self.is_own.isChecked(),
            is_partner=self.is_partner.isChecked(),
            is_host=self.is_host.isChecked(),
            is_consortium_member=self.is_consortium_member.isChecked(),
            notes=self.notes.text(),
        )
        return form, rendered(local)

    def write_form(self, form: OrganisationForm) -> None:
        self.name.setText(form.name)
        self.kind.set_value(form.kind)
        self.country.set_value(form.country)
        self.city.setText(form.city)
        self.address.setText(form.address)
        self.postcode.setText(form.postcode)
        self.oid.setText(form.oid)
        self.oid_requested_on.set_value(form.oid_requested_on)
        self.pic.setText(form.pic)
        self.sector.setText(form.sector)
        self.size_box.set_value(form.size)
        self.web.setText(form.web)
        self.email.setText(form.email)
        self.phone.setText(form.phone)
        self.languages.setText(", ".join(form.languages))
        self.guest_capacity.setValue(-1 if form.guest_capacity is None else form.guest_capacity)
        self.is_own.setChecked(form.is_own)
        self.is_partner.setChecked(form.is_partner)
        self.is_host.setChecked(form.is_host)
        self.is_consortium_member.setChecked(form.is_consortium_member)
        self.notes.setText(form.notes)
        self._show_contacts()
        self._show_history()

    def load_detail(self, record_id: int) -> OrganisationDetail:
        self.detail = organisations.get_organisation(self.ctx.workspace, record_id)
        return self.detail

    def validate(self, form: OrganisationForm) -> dict[str, str]:
        return rendered(organisations.validate_organisation(self.ctx.workspace, form, self.record_id))

    def refresh(self) -> None:
        super().refresh()
        host_without = self.is_host.isChecked() and not self.oid.text().strip()
        self.no_oid.setVisible(host_without)
        self.mark_asked.setEnabled(host_without)

    def similar(self, form: OrganisationForm) -> list[SimilarRecord]:
        if not form.name.strip() and not form.oid.strip():
            return []
        return duplicates.find_similar_organisations(self.ctx.workspace, form, self.record_id)

    def heading(self, form: OrganisationForm) -> str:
        return form.name or tr(C, "Organisation")

    def badge_text(self) -> str:
        if self.detail is not None and self.detail.id == self.record_id and self.detail.archived:
            return tr(C, "Archived")
        if (
            self.record_id is not None
            and self.loaded is not None
            and self.loaded.is_host
            and not self.loaded.oid
        ):
            return tr(C, "No OID")
        return ""

    def create_op(self, form: OrganisationForm) -> Callable[[Any], Any]:
        return lambda ws: organisations.create_organisation(ws, form)

    def update_op(self, record_id: int, form: OrganisationForm) -> Callable[[Any], Any]:
        return lambda ws: organisations.update_organisation(ws, record_id, form)

    def delete_op(self, record_id: int) -> Callable[[Any], Any]:
        return lambda ws: organisations.delete_organisation(ws, record_id)

    def archive_op(self, record_id: int) -> Callable[[Any], Any]:
        return lambda ws: organisations.archive_organisation(ws, record_id)

    def new_record(self, form: Any | None = None) -> None:
        self.detail = None
        super().new_record(form)

    def _saved(self, detail: Any) -> None:
        self.detail = detail
        super()._saved(detail)

    # ------------------------------------------------------------------ OID
    def _mark_asked_today(self) -> None:
        today = date.today()
        if self.record_id is None or self.is_dirty():
            self.oid_requested_on.set_value(today)
            return
        record_id = self.record_id
        self.ctx.tasks.write(
            lambda ws: organisations.mark_oid_requested(ws, record_id, today),
            lambda _v: self.open_record(record_id),
        )

    # ------------------------------------------------------------------ contacts
    def _contact_list(self) -> tuple[ContactDetail, ...]:
        if self.detail is None or self.detail.id != self.record_id:
            return ()
        return self.detail.contacts

    def _show_contacts(self) -> None:
        rows = self._contact_list()
        self.contacts.setRowCount(len(rows))
        for i, item in enumerate(rows):
            form = item.form
            values = [
                f"{form.first_name} {form.last_name}".strip(),
                form.role,
                form.email,
                form.phone,
                tr(C, "Yes") if form.is_primary else "",
            ]
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column == 0:
                    cell.setData(256, item.id)
                self.contacts.setItem(i, column, cell)
        saved = self.record_id is not None
        self.add_contact_button.setEnabled(saved)
        self.contacts_hint.setVisible(not saved)
        self._contact_buttons()

    def _contact_buttons(self) -> None:
        chosen = self._chosen_contact() is not None
        self.edit_contact_button.setEnabled(chosen)
        self.remove_contact_button.setEnabled(chosen)

    def _chosen_contact(self) -> ContactDetail | None:
        row = self.contacts.currentRow()
        rows = self._contact_list()
        if not self.contacts.selectedItems() or not 0 <= row < len(rows):
            return None
        return rows[row]

    def _reload_after_contact(self, *_: object) -> None:
        if self.record_id is not None:
            dirty_form = self.read_form()[0] if self.is_dirty() else None
            self.open_record(self.record_id)
            if dirty_form is not None:
                self._load(dirty_form)

    def contact_dialog(self, existing: ContactDetail | None = None) -> ContactDialog:
        assert self.record_id is not None
        return ContactDialog(self.ctx, self.record_id, existing, self)

    def add_contact(self) -> None:
        if self.record_id is None:
            return
        dialog = self.contact_dialog()
        if dialog.exec():
            self._reload_after_contact()

    def edit_contact(self) -> None:
        chosen = self._chosen_contact()
        if chosen is None:
            return
        dialog = self.contact_dialog(chosen)
        if dialog.exec():
            self._reload_after_contact()

    def remove_contact(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        chosen = self._chosen_contact()
        if chosen is None:
            return
        name = f"{chosen.form.first_name} {chosen.form.last_name}".strip()
        answer = QMessageBox.question(self, tr(C, "Remove contact"), tr(C, "Remove %1?").replace("%1", name))
        if answer == QMessageBox.StandardButton.Yes:
            contact_id = chosen.id
            self.ctx.tasks.write(
                lambda ws: contacts.remove_contact(ws, contact_id), self._reload_after_contact
            )

    # ------------------------------------------------------------------ history
    def _show_history(self) -> None:
        if self.detail is None or self.detail.id != self.record_id:
            self.history.setText(tr(C, "No mobilities yet."))
            return
        h = self.detail.history
        parts = [
            tr(C, "Mobilities hosted: %1").replace("%1", str(h.hosted)),
            tr(C, "Mobilities sent: %1").replace("%1", str(h.sent)),
        ]
        if h.average_feedback is not None:
            parts.append(
                trn(
                    C,
                    "Average feedback: %1 (%n answer)",
                    "Average feedback: %1 (%n answers)",
                    h.feedback_count,
                ).replace("%1", f"{h.average_feedback}")
            )
        else:
            parts.append(tr(C, "No feedback recorded yet."))
        if self.detail.form.oid_requested_on and not self.detail.form.oid:
            parts.append(
                tr(C, "Asked to register for an OID on %1.").replace(
                    "%1", day(self.detail.form.oid_requested_on)
                )
            )
        self.history.setText("<br>".join(parts))


class SizeBox(ChoiceBox):
    """Organisation size: not known, fewer than 250 staff, 250 or more."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent, empty=tr(C, "Not known"))
        for value, label in SIZE_LABELS.items():
            self.addItem(tr(C, label), value)
