"""Entering an application, and showing one with its history."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.services import applications as apps
from intervet_desktop.services.people import person_choices
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import day, enum_label
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.calls.call_editor import _RecordDialog
from intervet_desktop.ui.pages.calls.common import (
    _pydate,
    _qdate,
)

C = "CallsPage"  # translation context (the catalogue reads it from each file)


class ApplicationDialog(_RecordDialog):
    """Enter an application by hand; a late one needs the reason it is accepted."""

    def __init__(self, ctx: AppContext, call_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.call_id = call_id
        self.saved_id: int | None = None
        self.setWindowTitle(tr(C, "New application"))
        layout = QVBoxLayout(self)
        fields = QFormLayout()
        self.person = QComboBox()
        self.person.setEditable(False)
        for p in person_choices(ctx.workspace, limit=2000):
            self.person.addItem(f"{p.last_name}, {p.first_name}" + (f" <{p.email}>" if p.email else ""), p.id)
        self.submitted = QDateTimeEdit(QDateTime.currentDateTime())
        self.submitted.setCalendarPopup(True)
        self.submitted.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.late_reason = QLineEdit()
        self.late_reason.setPlaceholderText(tr(C, "Only for an application after the deadline"))
        self.start = QDateEdit(_qdate(None))
        self.end = QDateEdit(_qdate(None))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.country = QLineEdit()
        self.country.setPlaceholderText(tr(C, "Country code, e.g. PT"))
        self.first_time = QCheckBox(tr(C, "First-time participant"))
        self.fewer = QCheckBox(tr(C, "Fewer opportunities"))
        self.motivation = QPlainTextEdit()
        self.motivation.setFixedHeight(90)
        fields.addRow(tr(C, "Applicant"), self.person)
        fields.addRow(tr(C, "Submitted at"), self.submitted)
        fields.addRow(tr(C, "Late, accepted because"), self.late_reason)
        fields.addRow(tr(C, "Preferred start"), self.start)
        fields.addRow(tr(C, "Preferred end"), self.end)
        fields.addRow(tr(C, "Preferred country"), self.country)
        fields.addRow("", self.first_time)
        fields.addRow("", self.fewer)
        fields.addRow(tr(C, "Motivation"), self.motivation)
        layout.addLayout(fields)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def application_form(self) -> apps.ApplicationForm:
        from intervet_desktop.core.selection import Slot

        country = self.country.text().strip().upper() or None
        return apps.ApplicationForm(
            call_id=self.call_id,
            person_id=int(self.person.currentData() or 0),
            submitted_at=datetime.fromtimestamp(self.submitted.dateTime().toSecsSinceEpoch(), UTC),
            late_reason=self.late_reason.text().strip() or None,
            preferred_start=_pydate(self.start),
            preferred_end=_pydate(self.end),
            motivation=self.motivation.toPlainText(),
            first_time=self.first_time.isChecked(),
            fewer_opportunities=self.fewer.isChecked(),
            preferences=[Slot(country=country)] if country else [],
        )

    def save(self) -> None:
        form = self.application_form()
        self.ctx.tasks.write(
            lambda ws: apps.enter_application(ws, form), on_done=self._saved, on_error=self._failed
        )


def show_application_detail(info: QLabel, history: QTableWidget, detail: apps.ApplicationDetail) -> None:
    """The application's summary in ``info`` and its history, newest first, in ``history``."""
    lines = [
        f"<b>{detail.number}</b> · {detail.applicant}",
        tr(C, "Submitted %1").replace("%1", day(detail.submitted_at)),
        tr(C, "Status: %1").replace("%1", enum_label(detail.status)),
        tr(C, "Eligibility: %1").replace("%1", detail.eligibility_reason or "–"),
        tr(C, "Preferred dates: %1 to %2")
        .replace("%1", day(detail.preferred_start))
        .replace("%2", day(detail.preferred_end))
        if detail.preferred_start and detail.preferred_end
        else tr(C, "Preferred dates: not given"),
    ]
    if detail.late_reason:
        lines.append(tr(C, "Late, accepted because: %1").replace("%1", detail.late_reason))
    if detail.attachments:
        files = ", ".join(name for _i, _k, name in detail.attachments)
        lines.append(tr(C, "Files: %1").replace("%1", files))
    if detail.mobility_id:
        lines.append(tr(C, "Mobility #%1").replace("%1", str(detail.mobility_id)))
    info.setText("<br>".join(lines))
    history.setRowCount(len(detail.history))
    kinds = {
        "created": tr(C, "Received"),
        "imported": tr(C, "Imported"),
        "eligibility": tr(C, "Eligibility"),
        "score": tr(C, "Score"),
        "conflict": tr(C, "Conflict of interest"),
        "status": tr(C, "Status"),
        "total": tr(C, "Total"),
        "rank": tr(C, "Rank"),
        "appeal": tr(C, "Appeal"),
        "appeal_decision": tr(C, "Appeal decision"),
        "withdrawn": tr(C, "Withdrawn"),
        "promoted": tr(C, "Promoted"),
        "converted": tr(C, "Converted to mobility"),
        "attachment": tr(C, "File attached"),
    }
    for r, event in enumerate(reversed(detail.history)):
        labelled = event.kind in (
            "created",
            "imported",
            "eligibility",
            "status",
            "appeal",
            "withdrawn",
            "promoted",
        )
        values = [enum_label(v) if labelled else v for v in (event.old_value, event.new_value) if v]
        change = " → ".join(values)
        when = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
        for c, text in enumerate((when, event.user, kinds.get(event.kind, event.kind), change, event.reason)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            history.setItem(r, c, item)
    history.resizeColumnsToContents()
    history.horizontalHeader().setStretchLastSection(True)
