"""A new project from its grant agreement (three pages: the agreement, the organisations, the
budget), the grant agreement's budget of an existing project, and the reversal of a wrong payment.

The wizard saves once, at Finish, through ``services.project_setup.create_project`` (project,
beneficiary, members, partners and award in one transaction); a refused field sends the user
back to its page with the reason under it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
    QWizard,
    QWizardPage,
)

from intervet_desktop.core.budget_rules import AWARD_ITEMS
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.money import format_cents
from intervet_desktop.services import award, project_setup, reversals
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.money_forms import _FormDialog
from intervet_desktop.ui.i18n import render_problems, tr
from intervet_desktop.ui.widgets.figures_table import tone_color

C = "NewProjectWizard"
ACTIONS = ("KA122-VET", "KA121-VET", "KA220-VET")


def item_labels() -> dict[str, str]:
    return {
        "travel": tr(C, "Travel"),
        "individual-support": tr(C, "Individual support"),
        "organisational-support": tr(C, "Organisational support"),
        "inclusion-support-organisation": tr(C, "Inclusion support for organisations"),
        "inclusion-support-participants": tr(C, "Inclusion support for participants"),
        "course-fees": tr(C, "Course fees"),
        "exceptional-costs": tr(C, "Exceptional costs"),
        "preparatory-visits": tr(C, "Preparatory visits"),
    }


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(widget: QDateEdit) -> date:
    value = widget.date()
    return date(value.year(), value.month(), value.day())


def _date_edit(parent: QWidget, value: date, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(_qdate(value))
    return edit


class _Page(QWizardPage):
    def __init__(self, title: str, subtitle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.form = QFormLayout(self)
        self.errors: dict[str, QLabel] = {}

    def add(self, key: str, label: str, widget: QWidget) -> None:
        self.form.addRow(label, widget)
        error = QLabel(self)
        error.setObjectName(f"error-{key}")
        error.setWordWrap(True)
        color = tone_color(self, "bad")
        if color is not None:
            error.setStyleSheet(f"color: {color.name()};")
        error.setVisible(False)
        self.form.addRow("", error)
        self.errors[key] = error


class NewProjectWizard(QWizard):
    """Grant agreement -> organisations -> budget; saved at Finish."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("new-project-wizard")
        self.setWindowTitle(tr(C, "New project"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(640, 560)
        self.project_id: int | None = None
        self._build_agreement()
        self._build_organisations()
        self._build_budget()

    # ------------------------------------------------------------------ pages
    def _build_agreement(self) -> None:
        page = _Page(
            tr(C, "The grant agreement"),
            tr(C, "Copy these from the grant agreement signed with your National Agency."),
            self,
        )
        self.code = QLineEdit(page)
        self.code.setObjectName("wizard-code")
        self.code.setPlaceholderText("2025-1-FI01-KA122-VET-000123456")
        self.code.textChanged.connect(self._code_typed)
        self.action = QComboBox(page)
        self.action.setObjectName("wizard-action")
        for value in ACTIONS:
            self.action.addItem(value, value)
        self.action.currentIndexChanged.connect(self._action_changed)
        self.call_year = QSpinBox(page)
        self.call_year.setObjectName("wizard-call-year")
        self.call_year.setRange(2014, 2100)
        self.call_year.setValue(date.today().year)
        self.national_agency = QLineEdit(page)
        self.national_agency.setObjectName("wizard-na")
        self.national_agency.setPlaceholderText(tr(C, "from the number, e.g. FI01"))
        self.title_edit = QLineEdit(page)
        self.title_edit.setObjectName("wizard-title")
        self.start = _date_edit(page, date(date.today().year, 9, 1), "wizard-start")
        self.end = _date_edit(page, date(date.today().year + 1, 8, 31), "wizard-end")
        page.add("code", tr(C, "Grant agreement number"), self.code)
        page.add("action", tr(C, "Action"), self.action)
        page.add("call_year", tr(C, "Call year"), self.call_year)
        page.add("national_agency", tr(C, "National Agency"), self.national_agency)
        page.add("title", tr(C, "Title"), self.title_edit)
        page.add("start_date", tr(C, "Start"), self.start)
        page.add("end_date", tr(C, "End"), self.end)
        self.agreement_page = page
        self.addPage(page)

    def _build_organisations(self) -> None:
        page = _Page(
            tr(C, "Organisations"),
            tr(C, "The beneficiary prints on every document; add consortium members (KA121) or partners."),
            self,
        )
        organisations = project_setup.organisation_choices(self.ctx.workspace)
        self.beneficiary = QComboBox(page)
        self.beneficiary.setObjectName("wizard-beneficiary")
        self.beneficiary.addItem(tr(C, "(choose the school)"), None)
        for org_id, label in organisations:
            self.beneficiary.addItem(label, org_id)
        self.members = self._org_list(page, organisations, "wizard-members")
        self.partners = self._org_list(page, organisations, "wizard-partners")
        page.add("beneficiary", tr(C, "Beneficiary"), self.beneficiary)
        page.add("members", tr(C, "Consortium members"), self.members)
        page.add("partners", tr(C, "Partners"), self.partners)
        self.organisations_page = page
        self.addPage(page)

    def _org_list(self, parent: QWidget, organisations: list[tuple[int, str]], name: str) -> QListWidget:
        widget = QListWidget(parent)
        widget.setObjectName(name)
        widget.setMaximumHeight(110)
        widget.setSelectionMode(QListWidget.SelectionMode.MultiSelection)
        for org_id, label in organisations:
            item = QListWidgetItem(label, widget)
            item.setData(256, org_id)
        return widget

    def _build_budget(self) -> None:
        page = _Page(
            tr(C, "The grant agreement's budget"),
            tr(C, "The awarded amount of each budget item, and how much may move between items."),
            self,
        )
        self.amounts: dict[str, QLineEdit] = {}
        for key, label in item_labels().items():
            edit = QLineEdit(page)
            edit.setObjectName(f"award-{key}")
            edit.setPlaceholderText("0.00")
            self.amounts[key] = edit
            page.add(key, label, edit)
        self.transfer = QLineEdit(page)
        self.transfer.setObjectName("award-transfer")
        self.transfer.setPlaceholderText(tr(C, "e.g. 10 (empty: no transfers)"))
        page.add("transfer_limit", tr(C, "Transfer rule (%)"), self.transfer)
        self.lump_note = QLabel(
            tr(C, "A KA220 partnership is funded by work-package lump sums: set them up on the Budget page."),
            page,
        )
        self.lump_note.setWordWrap(True)
        self.lump_note.setVisible(False)
        page.form.addRow(self.lump_note)
        self.budget_page = page
        self.addPage(page)

    # ------------------------------------------------------------------ behaviour
    def _code_typed(self, text: str) -> None:
        parts = project_setup.parts_of_code(text)
        if parts is None:
            return
        year, na, action = parts
        self.call_year.setValue(year)
        if not self.national_agency.text().strip():
            self.national_agency.setPlaceholderText(na)
        index = self.action.findData(action)
        if index >= 0:
            self.action.setCurrentIndex(index)

    def _action_changed(self) -> None:
        lump = self.action.currentData() == "KA220-VET"
        for edit in (*self.amounts.values(), self.transfer):
            edit.setEnabled(not lump)
        self.lump_note.setVisible(lump)

    def _selected(self, widget: QListWidget) -> tuple[int, ...]:
        return tuple(int(item.data(256)) for item in widget.selectedItems())

    def form(self) -> project_setup.NewProjectForm:
        lump = self.action.currentData() == "KA220-VET"
        amounts = {k: e.text() for k, e in self.amounts.items() if e.text().strip()}
        return project_setup.NewProjectForm(
            code=self.code.text(),
            action=str(self.action.currentData()),
            call_year=self.call_year.value(),
            start_date=_date(self.start),
            end_date=_date(self.end),
            national_agency=self.national_agency.text(),
            title=self.title_edit.text(),
            beneficiary_id=self.beneficiary.currentData(),
            members=self._selected(self.members),
            partners=self._selected(self.partners),
            require_beneficiary=True,
            award=None if lump else award.AwardForm(amounts, self.transfer.text()),
        )

    def accept(self) -> None:
        form = self.form()
        self.ctx.tasks.write(
            lambda ws: project_setup.create_project(ws, form), on_done=self._saved, on_error=self._failed
        )

    def _saved(self, project_id: int) -> None:
        self.project_id = project_id
        super().accept()

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, ValidationError):
            raise error
        first_page: int | None = None
        for page in (self.agreement_page, self.organisations_page, self.budget_page):
            for label in page.errors.values():
                label.setVisible(False)
        for key, text in render_problems(error).items():
            for number, page in enumerate((self.agreement_page, self.organisations_page, self.budget_page)):
                by_item = {v.value: k for k, v in AWARD_ITEMS.items()}
                found = page.errors.get(by_item.get(key, key))
                if found is not None:
                    found.setText(text)
                    found.setVisible(True)
                    first_page = number if first_page is None else min(first_page, number)
                    break
            else:
                label = self.agreement_page.errors["code"]
                label.setText(text)
                label.setVisible(True)
                first_page = 0
        target = first_page or 0
        while self.currentId() > target:
            self.back()


class AwardDialog(_FormDialog):
    """The grant agreement's budget of a unit-cost project: amounts per item and the transfer rule."""

    def __init__(self, ctx: AppContext, project_id: int, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            tr(C, "Grant agreement budget"),
            tr(
                C,
                "Enter the awarded amount of each item as the grant agreement states it. 0 removes an item.",
            ),
            parent,
        )
        self.setObjectName("award-dialog")
        self.project_id = project_id
        current = award.get_award(ctx.workspace, project_id)
        self.amounts: dict[str, QLineEdit] = {}
        for key, label in item_labels().items():
            item = AWARD_ITEMS[key].value
            edit = QLineEdit(format_cents(current.items[item]) if item in current.items else "", self)
            edit.setObjectName(f"award-{key}")
            edit.setPlaceholderText("0.00")
            self.amounts[key] = edit
            self.add_field(item, label, edit)
        limit = current.transfer_limit_bp
        self.transfer = QLineEdit("" if limit is None else f"{limit / 100:g}", self)
        self.transfer.setObjectName("award-transfer")
        self.add_field("transfer_limit", tr(C, "Transfer rule (%)"), self.transfer)
        self.finish()

    def save(self) -> None:
        amounts = {k: (e.text().strip() or "0") for k, e in self.amounts.items()}
        form = award.AwardForm(amounts, self.transfer.text())
        pid = self.project_id
        self.submit(lambda ws: award.set_award(ws, pid, form))


class ReversePaymentDialog(_FormDialog):
    """Reverse a wrong payment: the original stays in the ledger, a reversing entry cancels it."""

    def __init__(self, ctx: AppContext, payment_id: int, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            tr(C, "Reverse a payment"),
            tr(C, "The payment stays in the ledger; an entry of the opposite amount cancels it.")
            + "\n"
            + summary,
            parent,
        )
        self.setObjectName("reverse-dialog")
        self.payment_id = payment_id
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reverse-reason")
        self.on = _date_edit(self, date.today(), "reverse-on")
        self.add_field("reason", tr(C, "Reason"), self.reason)
        self.add_field("on_date", tr(C, "Date"), self.on)
        self.errors["payment"] = self.errors["reason"]
        self.finish()

    def save(self) -> None:
        reason, on, pid = self.reason.text(), _date(self.on), self.payment_id
        self.submit(lambda ws: reversals.reverse_payment(ws, pid, reason, on))


__all__ = ["AwardDialog", "NewProjectWizard", "ReversePaymentDialog"]
