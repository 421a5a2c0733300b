"""The Status && evidence tab: the status pipeline with its dated steps and the evidence
checklist (tick, attach a file); each action is one write on the writer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.services import mobilities as service
from intervet_desktop.services.mobilities import MobilityDetail
from intervet_desktop.ui.dialogs.plan_change import PlanChangeDialog
from intervet_desktop.ui.formatting import day, enum_label
from intervet_desktop.ui.i18n import render_all, render_message, tr
from intervet_desktop.ui.widgets.detail_pane import EVIDENCE_LABELS
from intervet_desktop.ui.widgets.mobility_editor.base import EditorBase, _pydate, _qdate

C = "MobilityEditor"  # one translation context for the editor, a literal so the collector sees it


class StatusTab(EditorBase):
    def _build_status(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        box = QGroupBox(tr(C, "Status"), page)
        column = QVBoxLayout(box)
        self.status_label = QLabel(box)
        self.status_label.setObjectName("mob-status")
        column.addWidget(self.status_label)
        self.events_table = QTableWidget(0, 3, box)
        self.events_table.setObjectName("mob-events")
        self.events_table.setHorizontalHeaderLabels([tr(C, "Step"), tr(C, "Date"), tr(C, "By")])
        self.events_table.verticalHeader().setVisible(False)
        self.events_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.events_table.horizontalHeader().setStretchLastSection(True)
        self.events_table.setColumnWidth(0, 170)
        self.events_table.setMaximumHeight(150)
        column.addWidget(self.events_table)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr(C, "On"), box))
        self.status_date = self._date_edit()
        self.status_date.setObjectName("mob-status-date")
        row.addWidget(self.status_date)
        self.status_buttons = QHBoxLayout()
        row.addLayout(self.status_buttons, 1)
        column.addLayout(row)
        layout.addWidget(box)
        ev = QGroupBox(tr(C, "Evidence"), page)
        ev_layout = QVBoxLayout(ev)
        self.evidence_table = QTableWidget(0, 4, ev)
        self.evidence_table.setObjectName("mob-evidence")
        self.evidence_table.setHorizontalHeaderLabels([tr(C, "Item"), tr(C, "Done on"), tr(C, "File"), ""])
        self.evidence_table.verticalHeader().setVisible(False)
        self.evidence_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.evidence_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.evidence_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.evidence_table.setColumnWidth(1, 95)
        self.evidence_table.setColumnWidth(2, 120)
        self.evidence_table.setColumnWidth(3, 80)
        ev_layout.addWidget(self.evidence_table)
        layout.addWidget(ev, 1)
        return page

    def _show_status(self, detail: MobilityDetail | None) -> None:
        while self.status_buttons.count():
            item = self.status_buttons.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if detail is None:
            self.status_label.setText(tr(C, "Save the mobility first."))
            self.events_table.setRowCount(0)
            return
        self.status_label.setText(tr(C, "Now: %1").replace("%1", enum_label(detail.status)))
        self.events_table.setRowCount(len(detail.events))
        for row, event in enumerate(detail.events):
            for column, text in enumerate((enum_label(event.status), day(event.on_date), event.user)):
                self.events_table.setItem(row, column, QTableWidgetItem(text))
        self.status_date.setDate(_qdate(date.today()))
        for status in detail.next_statuses:
            button = QPushButton(tr(C, "→ %1").replace("%1", enum_label(status)), self)
            button.setObjectName(f"mob-advance-{status}")
            button.clicked.connect(self._advancer(status))
            self.status_buttons.addWidget(button)
        self.status_buttons.addStretch(1)
        if detail.status != "cancelled":
            change = QPushButton(tr(C, "Cancel or shorten…"), self)
            change.setObjectName("mob-plan-change")
            change.setToolTip(tr(C, "Cancel or shorten with a reason; the payments are re-planned at once"))
            change.clicked.connect(self.open_plan_change)
            self.status_buttons.addWidget(change)

    def open_plan_change(self) -> PlanChangeDialog | None:
        """Cancel or shorten (force majeure or not); the editor reloads when the dialog closes."""
        mobility_id = self.mobility_id
        if mobility_id is None:
            return None
        form = self.detail.form if self.detail is not None else None
        end = (form.actual_end or form.planned_end) if form is not None else None
        dialog = PlanChangeDialog(self.ctx, mobility_id, end, self)
        dialog.finished.connect(lambda _code: self.load(mobility_id))
        dialog.open()
        return dialog

    def _show_evidence(self, detail: MobilityDetail | None) -> None:
        rows = detail.evidence if detail else ()
        self.evidence_table.setRowCount(len(rows))
        for row, item in enumerate(rows):
            box = QCheckBox(tr("details", EVIDENCE_LABELS.get(item.kind, item.kind)), self)
            box.setObjectName(f"mob-evidence-{item.kind}")
            box.setChecked(item.done)
            box.toggled.connect(self._evidence_toggler(item.kind))
            self.evidence_table.setCellWidget(row, 0, box)
            self.evidence_table.setItem(row, 1, QTableWidgetItem(day(item.done_on)))
            name = QTableWidgetItem(item.attachment_name or "")
            name.setToolTip(item.attachment_name or "")
            self.evidence_table.setItem(row, 2, name)
            attach = QPushButton(tr(C, "File…"), self)
            attach.setObjectName(f"mob-attach-{item.kind}")
            attach.clicked.connect(self._attacher(item.kind))
            self.evidence_table.setCellWidget(row, 3, attach)
        self.evidence_table.resizeRowsToContents()

    def _advancer(self, status: str) -> Callable[[], None]:
        def advance() -> None:
            if self.mobility_id is None:
                return
            mobility_id, on = self.mobility_id, _pydate(self.status_date.date())
            self.ctx.tasks.write(
                lambda ws: service.advance_status(ws, mobility_id, status, on),
                on_done=self._side_done,
                on_error=self._failed,
            )

        return advance

    def _evidence_toggler(self, kind: str) -> Callable[[bool], None]:
        def toggle(done: bool) -> None:
            if self.mobility_id is None:
                return
            mobility_id = self.mobility_id
            self.ctx.tasks.write(
                lambda ws: service.set_evidence(ws, mobility_id, kind, done=done, done_on=date.today()),
                on_done=self._side_done,
                on_error=self._failed,
            )

        return toggle

    def _attacher(self, kind: str) -> Callable[[], None]:
        def attach() -> None:
            if self.mobility_id is None:
                return
            name, _ = QFileDialog.getOpenFileName(
                self, tr(C, "Attach a file"), "", tr(C, "Documents (*.pdf *.png *.jpg *.jpeg);;All files (*)")
            )
            if not name:
                return
            mobility_id = self.mobility_id
            self.ctx.tasks.write(
                lambda ws: service.attach_evidence_file(ws, mobility_id, kind, Path(name)),
                on_done=self._side_done,
                on_error=self._side_failed,
            )

        return attach

    def _side_done(self, detail: MobilityDetail) -> None:
        current = self.tabs.currentIndex()
        unsaved = self.save_button.isEnabled() and self.detail is not None and self.form() != self.detail.form
        self.detail = detail
        if unsaved:
            self._show_side(detail)  # keep what is being typed
        else:
            self.load(detail.id)
        self.tabs.setCurrentIndex(current)

    def _side_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError) or hasattr(error, "message"):
            text = render_all(error) if isinstance(error, ValidationError) else render_message(error.message)
            QMessageBox.warning(self, tr(C, "Not done"), text)
            return
        raise error
