"""A contact person of an organisation, added or edited in a small dialog that validates as
you type (``services.contacts.validate_contact``)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from intervet_desktop.core.errors import UserError, ValidationError
from intervet_desktop.services import contacts
from intervet_desktop.services.contacts import ContactDetail, ContactForm
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_problems, tr
from intervet_desktop.ui.widgets.form_fields import FieldSet, Section, TextBox, rendered

C = "ContactDialog"


class ContactDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        organisation_id: int,
        existing: ContactDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.organisation_id = organisation_id
        self.existing = existing
        self.setObjectName("contact-dialog")
        self.setWindowTitle(tr(C, "Edit contact") if existing else tr(C, "New contact"))
        self.setMinimumWidth(460)
        self.fields = FieldSet()
        f = self.fields
        section = Section(tr(C, "Contact person"), self)
        self.first_name = QLineEdit(self)
        section.add(tr(C, "First name"), self.first_name, f.register("first_name", self.first_name))
        self.last_name = QLineEdit(self)
        section.add(tr(C, "Last name"), self.last_name, f.register("last_name", self.last_name))
        self.role = QLineEdit(self)
        self.role.setPlaceholderText(tr(C, "e.g. Mentor, Erasmus coordinator"))
        section.add(tr(C, "Role"), self.role, f.register("role", self.role))
        self.email = QLineEdit(self)
        section.add(tr(C, "E-mail"), self.email, f.register("email", self.email))
        self.phone = QLineEdit(self)
        section.add(tr(C, "Phone"), self.phone, f.register("phone", self.phone))
        self.is_primary = QCheckBox(tr(C, "Primary contact"), self)
        self.is_primary.setObjectName("is_primary")
        section.add("", self.is_primary)
        self.notes = TextBox(self, 2)
        section.add(tr(C, "Notes"), self.notes, f.register("notes", self.notes))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(section)
        layout.addWidget(self.buttons)
        if existing is not None:
            form = existing.form
            self.first_name.setText(form.first_name)
            self.last_name.setText(form.last_name)
            self.role.setText(form.role)
            self.email.setText(form.email)
            self.phone.setText(form.phone)
            self.is_primary.setChecked(form.is_primary)
            self.notes.setText(form.notes)
        for edit in (self.first_name, self.last_name, self.role, self.email, self.phone):
            edit.textChanged.connect(self.refresh)
        self.notes.textChanged.connect(self.refresh)
        self.is_primary.toggled.connect(self.refresh)
        self.refresh()

    @property
    def ok_button(self):  # type: ignore[no-untyped-def]
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def form(self) -> ContactForm:
        return ContactForm(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            role=self.role.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            is_primary=self.is_primary.isChecked(),
            notes=self.notes.text(),
        )

    def refresh(self, *_: object) -> None:
        problems = rendered(contacts.validate_contact(self.ctx.workspace, self.organisation_id, self.form()))
        self.fields.show(problems)
        self.ok_button.setEnabled(not problems)

    def save(self) -> None:
        form = self.form()
        if self.existing is None:
            organisation_id = self.organisation_id
            self.ctx.tasks.write(
                lambda ws: contacts.add_contact(ws, organisation_id, form), self._done, self._failed
            )
        else:
            contact_id = self.existing.id
            self.ctx.tasks.write(
                lambda ws: contacts.edit_contact(ws, contact_id, form), self._done, self._failed
            )

    def _done(self, _detail: object) -> None:
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.fields.show(render_problems(error))
        elif isinstance(error, UserError):
            self.ctx.show_user_error(self, error)
        else:
            raise error
