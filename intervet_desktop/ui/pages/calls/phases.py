"""The call's phases on the calls page: the Phase menu (each step the lifecycle table allows,
the others disabled with the reason as tooltip), the history of steps, the appeal window, the
re-score after the final list (who would change first), and evaluators linked to people."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from intervet_desktop.core.enums import ApplicationStatus, CallStatus
from intervet_desktop.services import calls as calls_service
from intervet_desktop.services.applications.reopen import (
    Rescore,
    StatusChange,
    preview_rescore,
    rescore_after_final,
)
from intervet_desktop.services.people import person_choices
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import day, enum_label
from intervet_desktop.ui.i18n import render_message, tr, trn
from intervet_desktop.ui.pages.calls.common import call_status_label
from intervet_desktop.ui.widgets.form_fields import RecordPicker

C = "CallsPage"


def fill_phase_menu(menu: QMenu, steps: list[calls_service.Step], current: str) -> None:
    """One action per step the current phase leads to; a refused one is disabled with its reason."""
    menu.clear()
    menu.setToolTipsVisible(True)
    for step in steps:
        back = (CallStatus(current), step.status) in _backwards()
        text = tr(C, "Back to: %1") if back else tr(C, "Go to: %1")
        action = menu.addAction(text.replace("%1", call_status_label(step.status.value)))
        action.setData(step.status.value)
        if step.refusal is not None:
            action.setEnabled(False)
            action.setToolTip(render_message(step.refusal))


def _backwards() -> frozenset[tuple[CallStatus, CallStatus]]:
    from intervet_desktop.core.call_phases import BACKWARDS

    return BACKWARDS


def needs_reason(current: str, new: str) -> bool:
    return (CallStatus(current), CallStatus(new)) in _backwards()


def window_text(detail: calls_service.CallDetail, appeals_open: int) -> str:
    """The appeal window as an officer reads it: its dates, open or closed, undecided appeals."""
    if not detail.with_appeals:
        return tr(C, "No appeal phase: the ranking becomes the final list.")
    opens, until = detail.provisional_published_on, detail.appeal_deadline
    dates = tr(C, "Appeal window %1 to %2").replace("%1", day(opens)).replace("%2", day(until))
    today = date.today()
    if detail.status == CallStatus.PROVISIONAL:
        state = (
            tr(C, "open now")
            if opens is not None and until is not None and opens <= today <= until
            else tr(C, "closed")
        )
    elif detail.status in (CallStatus.PUBLISHED, CallStatus.ARCHIVED):
        state = tr(C, "closed; final list published")
    else:
        state = tr(C, "opens when the provisional list is published")
    text = f"{dates}: {state}"
    if appeals_open:
        text += " · " + trn(C, "%n appeal undecided", "%n appeals undecided", appeals_open)
    return text


def fill_history(table: QTableWidget, rows: list[calls_service.CallEventInfo]) -> None:
    table.setRowCount(len(rows))
    for i, r in enumerate(rows):
        values = (
            r.at.strftime("%Y-%m-%d %H:%M"),
            r.user,
            call_status_label(r.old_status),
            call_status_label(r.new_status),
            r.reason,
        )
        for j, value in enumerate(values):
            table.setItem(i, j, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)


def history_table() -> QTableWidget:
    table = QTableWidget(0, 5)
    table.setHorizontalHeaderLabels(
        [tr(C, "When (UTC)"), tr(C, "Who"), tr(C, "From"), tr(C, "To"), tr(C, "Why")]
    )
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table


def ask_reason(parent: QWidget, title: str, prompt: str) -> str | None:
    reason, ok = QInputDialog.getText(parent, title, prompt)
    return reason if ok else None


class RescoreDialog(QDialog):
    """Re-score one application after the final list: criterion, evaluator, points and the reason."""

    def __init__(self, detail: calls_service.CallDetail, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(C, "Re-score %1 after the final list").replace("%1", number))
        form = QFormLayout(self)
        form.addRow(
            QLabel(tr(C, "The final list is locked: this reopens it. Who would change is shown first."))
        )
        self.criterion = QComboBox()
        for c in detail.criteria:
            self.criterion.addItem(f"{c.name} (0–{c.max_points})", (c.id, c.max_points))
        self.evaluator = QComboBox()
        for e in detail.evaluators:
            self.evaluator.addItem(e.name, e.id)
        self.points = QLineEdit()
        self.reason = QLineEdit()
        form.addRow(tr(C, "Criterion"), self.criterion)
        form.addRow(tr(C, "Evaluator"), self.evaluator)
        form.addRow(tr(C, "Points"), self.points)
        form.addRow(tr(C, "Reason"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def changes_text(changes: tuple[StatusChange, ...]) -> str:
    if not changes:
        return tr(C, "Nobody's place changes.")
    lines = []
    for c in changes:
        line = f"{c.number} {c.name}: {enum_label(c.old_status)} → {enum_label(c.new_status)}"
        if c.demotes_mobility:
            line += " " + tr(C, "(already has mobility #%1)").replace("%1", str(c.mobility_id))
        lines.append(line)
    return "\n".join(lines)


def run_rescore(
    ctx: AppContext, parent: QWidget, detail: calls_service.CallDetail, app_id: int, number: str
) -> bool:
    """Ask, preview, let the officer decide for people with a mobility, save. True when saved."""
    from intervet_desktop.core.errors import UserError
    from intervet_desktop.core.scores import parse_points

    dialog = RescoreDialog(detail, number, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    criterion_id, max_points = dialog.criterion.currentData()
    try:
        points = parse_points(dialog.points.text(), max_points, dialog.criterion.currentText())
        rescore = [Rescore(app_id, criterion_id, int(dialog.evaluator.currentData()), points)]
        reason = dialog.reason.text()
        changes = preview_rescore(ctx.workspace, detail.id, rescore, reason)
    except UserError as error:
        ctx.show_user_error(parent, error)
        return False
    box = QMessageBox(parent)
    box.setWindowTitle(tr(C, "Who would change"))
    box.setText(changes_text(changes))
    with_mobility = [c for c in changes if c.demotes_mobility]
    keep = demote = frozenset[int]()
    if with_mobility:
        box.setInformativeText(
            tr(C, "Some people already have a mobility. Keep their place, or demote them?")
        )
        keep_button = box.addButton(tr(C, "Save, keep their place"), QMessageBox.ButtonRole.AcceptRole)
        demote_button = box.addButton(tr(C, "Save, demote them"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        ids = frozenset(c.application_id for c in with_mobility)
        if box.clickedButton() is keep_button:
            keep = ids
        elif box.clickedButton() is demote_button:
            demote = ids
        else:
            return False
    else:
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Save:
            return False
    ctx.tasks.write(
        lambda ws: rescore_after_final(ws, detail.id, rescore, reason, keep=keep, demote=demote),
        on_error=lambda error: ctx.show_user_error(parent, error) if isinstance(error, UserError) else None,
    )
    return True


class EvaluatorPersonDialog(QDialog):
    """Link an evaluator to a person, so they can never score their own application."""

    def __init__(self, ctx: AppContext, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(C, "Evaluator %1 is…").replace("%1", name))
        form = QFormLayout(self)

        def search(text: str) -> list[tuple[int, str]]:
            return [(p.id, f"{p.last_name}, {p.first_name}") for p in person_choices(ctx.workspace, text, 30)]

        self.person = RecordPicker(search, self)
        form.addRow(tr(C, "Person"), self.person)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def appeals_open(rows: list[object]) -> int:
    return sum(1 for r in rows if getattr(r, "status", "") == ApplicationStatus.APPEALED)
