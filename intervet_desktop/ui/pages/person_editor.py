"""The person form: identity, contact, work, languages, a marked sensitive section and bank
details, checked by ``services.people.validate_person`` as you type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from intervet_desktop.core.enums import Gender, PersonRole
from intervet_desktop.core.person_rules import PersonForm
from intervet_desktop.services import duplicates, people
from intervet_desktop.services.duplicates import SimilarRecord
from intervet_desktop.services.organisations import organisation_choices
from intervet_desktop.services.people import PersonDetail
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import country_name
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.widgets.form_fields import (
    ChoiceBox,
    CountryBox,
    DateField,
    RecordPicker,
    Section,
    TextBox,
    compact,
    rendered,
)
from intervet_desktop.ui.widgets.language_rows import LanguageRows
from intervet_desktop.ui.widgets.record_editor import RecordEditor

C = "PersonEditor"
GRADUATE_ROLES = (PersonRole.RECENT_GRADUATE.value, PersonRole.LEARNER.value)


def organisation_matches(ctx: AppContext) -> Callable[[str], list[tuple[int, str]]]:
    def search(text: str) -> list[tuple[int, str]]:
        return [
            (o.id, f"{o.name} ({', '.join(x for x in (o.city, country_name(o.country)) if x)})")
            for o in organisation_choices(ctx.workspace, text, 30)
        ]

    return search


class PersonEditor(RecordEditor):
    new_title = "New person"
    handled_prefixes = ("languages[",)
    history_entity = "person"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("person-editor")
        self.personal_data_button = QPushButton(tr(C, "Personal data…"), self)
        self.personal_data_button.setObjectName("personal-data")
        self.personal_data_button.clicked.connect(self.show_personal_data)
        self.add_action_button(self.personal_data_button)
        self.detail: PersonDetail | None = None
        f = self.fields
        body = self.body

        identity = Section(tr(C, "Identity"), body)
        self.first_name = QLineEdit(body)
        identity.add(tr(C, "First name"), self.first_name, f.register("first_name", self.first_name))
        self.last_name = QLineEdit(body)
        identity.add(tr(C, "Last name"), self.last_name, f.register("last_name", self.last_name))
        self.gender = ChoiceBox([g.value for g in Gender], body)
        identity.add(tr(C, "Gender"), self.gender, f.register("gender", self.gender))
        self.birth_date = DateField(body)
        identity.add(tr(C, "Date of birth"), self.birth_date, f.register("birth_date", self.birth_date))
        self.nationality = CountryBox(body)
        identity.add(tr(C, "Nationality"), self.nationality, f.register("nationality", self.nationality))

        contact = Section(tr(C, "Contact"), body)
        self.email = QLineEdit(body)
        self.email.setPlaceholderText("name@example.org")
        contact.add(tr(C, "E-mail"), self.email, f.register("email", self.email))
        self.phone = QLineEdit(body)
        self.phone.setPlaceholderText("+30 2310 123456")
        contact.add(tr(C, "Phone"), self.phone, f.register("phone", self.phone))

        work = Section(tr(C, "Work"), body)
        self.employer = RecordPicker(organisation_matches(ctx), body)
        work.add(tr(C, "Employer"), self.employer, f.register("employer_id", self.employer))
        self.role = ChoiceBox([r.value for r in PersonRole], body)
        work.add(tr(C, "Role"), self.role, f.register("role", self.role))
        self.graduation_date = DateField(body)
        work.add(
            tr(C, "Graduated on"), self.graduation_date, f.register("graduation_date", self.graduation_date)
        )

        langs = Section(tr(C, "Languages"), body)
        self.languages = LanguageRows(body)
        langs.add("", self.languages)

        sensitive = Section(
            tr(C, "Sensitive"),
            body,
            note=tr(C, "Only for the selection and support of this person; never exported by default."),
        )
        sensitive.setObjectName("sensitive-section")
        sensitive.setStyleSheet(
            "#sensitive-section { border: 2px solid #c0392b; border-radius: 4px; margin-top: 1.2em;"
            " padding-top: 6px; }"
            " #sensitive-section::title { color: #c0392b; subcontrol-origin: margin; left: 8px;"
            " padding: 0 4px; }"
        )
        self.fewer_opportunities_category = compact(QComboBox(body))
        self.fewer_opportunities_category.setEditable(True)
        for text in (
            "",
            tr(C, "Disability"),
            tr(C, "Health problems"),
            tr(C, "Educational difficulties"),
            tr(C, "Cultural differences"),
            tr(C, "Economic obstacles"),
            tr(C, "Social obstacles"),
            tr(C, "Geographical obstacles"),
        ):
            self.fewer_opportunities_category.addItem(text)
        sensitive.add(
            tr(C, "Fewer opportunities"),
            self.fewer_opportunities_category,
            f.register("fewer_opportunities_category", self.fewer_opportunities_category),
        )
        self.special_needs_notes = TextBox(body, 2)
        sensitive.add(
            tr(C, "Special needs"),
            self.special_needs_notes,
            f.register("special_needs_notes", self.special_needs_notes),
        )
        self.emergency_contact_name = QLineEdit(body)
        sensitive.add(
            tr(C, "Emergency contact"),
            self.emergency_contact_name,
            f.register("emergency_contact_name", self.emergency_contact_name),
        )
        self.emergency_contact_phone = QLineEdit(body)
        sensitive.add(
            tr(C, "Emergency phone"),
            self.emergency_contact_phone,
            f.register("emergency_contact_phone", self.emergency_contact_phone),
        )

        bank = Section(tr(C, "Bank"), body)
        self.iban = QLineEdit(body)
        self.iban.setPlaceholderText("GR16 0110 1250 0000 0001 2300 695")
        bank.add(tr(C, "IBAN"), self.iban, f.register("iban", self.iban))
        self.bic = QLineEdit(body)
        bank.add(tr(C, "BIC"), self.bic, f.register("bic", self.bic))
        self.account_holder = QLineEdit(body)
        bank.add(
            tr(C, "Account holder"), self.account_holder, f.register("account_holder", self.account_holder)
        )

        other = Section(tr(C, "Notes"), body)
        self.notes = TextBox(body, 3)
        other.add("", self.notes, f.register("notes", self.notes))

        for section in (identity, contact, work, langs, sensitive, bank, other):
            self.body_layout.addWidget(section)
        self.usage = QLabel(body)
        self.usage.setEnabled(False)
        self.usage.setWordWrap(True)
        self.body_layout.addWidget(self.usage)
        self.body_layout.addStretch(1)

        for edit in (
            self.first_name, self.last_name, self.email, self.phone, self.birth_date,
            self.graduation_date, self.emergency_contact_name, self.emergency_contact_phone,
            self.iban, self.bic, self.account_holder, self.employer,
        ):  # fmt: skip
            edit.textChanged.connect(self.changed)
        for box in (self.gender, self.role):
            box.currentIndexChanged.connect(self.changed)
        self.nationality.currentTextChanged.connect(self.changed)
        self.fewer_opportunities_category.currentTextChanged.connect(self.changed)
        self.special_needs_notes.textChanged.connect(self.changed)
        self.notes.textChanged.connect(self.changed)
        self.languages.changed.connect(self.changed)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.new_record()

    # ------------------------------------------------------------------ hooks
    def empty_form(self) -> PersonForm:
        return PersonForm()

    def read_form(self) -> tuple[PersonForm, dict[str, str]]:
        local: dict[str, Any] = {}
        born, problem = self.birth_date.value("birth_date")
        if problem:
            local["birth_date"] = problem.message
        graduated, problem = self.graduation_date.value("graduation_date")
        if problem:
            local["graduation_date"] = problem.message
        employer_id, ok = self.employer.value()
        if not ok:
            local["employer_id"] = tr(C, "Choose the employer from the list (type part of its name).")
        form = PersonForm(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            gender=self.gender.value(),
            birth_date=born,
            nationality=self.nationality.value(),
            email=self.email.text(),
            phone=self.phone.text(),
            employer_id=employer_id,
            role=self.role.value(),
            graduation_date=graduated,
            languages=self.languages.skills(),
            fewer_opportunities_category=self.fewer_opportunities_category.currentText(),
            special_needs_notes=self.special_needs_notes.text(),
            emergency_contact_name=self.emergency_contact_name.text(),
            emergency_contact_phone=self.emergency_contact_phone.text(),
            iban=self.iban.text(),
            bic=self.bic.text(),
            account_holder=self.account_holder.text(),
            notes=self.notes.text(),
        )
        return form, rendered(local)

    def write_form(self, form: PersonForm) -> None:
        self.first_name.setText(form.first_name)
        self.last_name.setText(form.last_name)
        self.gender.set_value(form.gender)
        self.birth_date.set_value(form.birth_date)
        self.nationality.set_value(form.nationality)
        self.email.setText(form.email)
        self.phone.setText(form.phone)
        label = ""
        if form.employer_id is not None:
            label = self.detail.employer_name if self.detail else f"#{form.employer_id}"
        self.employer.set_value(form.employer_id, label)
        self.role.set_value(form.role)
        self.graduation_date.set_value(form.graduation_date)
        self.languages.set_skills(form.languages)
        self.fewer_opportunities_category.setEditText(form.fewer_opportunities_category)
        self.special_needs_notes.setText(form.special_needs_notes)
        self.emergency_contact_name.setText(form.emergency_contact_name)
        self.emergency_contact_phone.setText(form.emergency_contact_phone)
        self.iban.setText(form.iban)
        self.bic.setText(form.bic)
        self.account_holder.setText(form.account_holder)
        self.notes.setText(form.notes)
        self._role_changed()
        if self.record_id is None or self.detail is None:
            self.usage.setText("")

    def load_detail(self, record_id: int) -> PersonDetail:
        detail = people.get_person(self.ctx.workspace, record_id)
        self.detail = detail
        self.usage.setText(
            tr(C, "Mobilities: %1 · Applications: %2")
            .replace("%1", str(detail.mobilities))
            .replace("%2", str(detail.applications))
        )
        return detail

    def validate(self, form: PersonForm) -> dict[str, str]:
        return rendered(people.validate_person(self.ctx.workspace, form, self.record_id))

    def show_extra_problems(self, problems: dict[str, str]) -> None:
        self.languages.show_problems(problems)

    def similar(self, form: PersonForm) -> list[SimilarRecord]:
        if not (form.first_name.strip() and form.last_name.strip()) and not form.email.strip():
            return []
        return duplicates.find_similar_people(self.ctx.workspace, form, self.record_id)

    def heading(self, form: PersonForm) -> str:
        return f"{form.first_name} {form.last_name}".strip() or tr(C, "Person")

    def badge_text(self) -> str:
        if self.detail is not None and self.record_id == self.detail.id and self.detail.archived:
            return tr(C, "Archived")
        return ""

    def create_op(self, form: PersonForm) -> Callable[[Any], Any]:
        return lambda ws: people.create_person(ws, form)

    def update_op(self, record_id: int, form: PersonForm) -> Callable[[Any], Any]:
        return lambda ws: people.update_person(ws, record_id, form)

    def delete_op(self, record_id: int) -> Callable[[Any], Any]:
        return lambda ws: people.delete_person(ws, record_id)

    def archive_op(self, record_id: int) -> Callable[[Any], Any]:
        return lambda ws: people.archive_person(ws, record_id)

    def new_record(self, form: Any | None = None) -> None:
        self.detail = None
        super().new_record(form)

    def _saved(self, detail: Any) -> None:
        self.detail = detail
        super()._saved(detail)

    # ------------------------------------------------------------------ behaviour
    def show_personal_data(self) -> None:
        if self.record_id is None:
            return
        from intervet_desktop.ui.dialogs.personal_data import PersonalDataDialog

        PersonalDataDialog(self.ctx, self.record_id, self).exec()

    def _role_changed(self, *_: object) -> None:
        self.graduation_date.setEnabled(
            self.role.value() in GRADUATE_ROLES or bool(self.graduation_date.text())
        )
