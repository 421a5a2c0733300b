"""The Grant tab: the stored breakdown and totals, and Recompute (old versus new, replaced only
when the user says so)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.services import grants, project_rates
from intervet_desktop.services.mobilities import MobilityDetail
from intervet_desktop.ui.formatting import money
from intervet_desktop.ui.i18n import render_all, tr
from intervet_desktop.ui.widgets.grant_view import BreakdownTable, GrantChangeDialog, ShownLine
from intervet_desktop.ui.widgets.mobility_editor.base import ERROR_STYLE, EditorBase

C = "MobilityEditor"  # one translation context for the editor, a literal so the collector sees it


def ask_replace_grant(parent: QWidget, preview: grants.GrantPreview) -> bool:
    """Old versus new; True when the user replaces the stored grant."""
    return GrantChangeDialog(preview, parent).exec() == GrantChangeDialog.DialogCode.Accepted


class GrantTab(EditorBase):
    def _build_grant(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.grant_info = QLabel(page)
        self.grant_info.setObjectName("mob-grant-info")
        self.grant_info.setWordWrap(True)
        layout.addWidget(self.grant_info)
        self.breakdown = BreakdownTable(page)
        self.breakdown.setObjectName("mob-breakdown")
        layout.addWidget(self.breakdown, 1)
        self.totals = QLabel(page)
        self.totals.setObjectName("mob-grant-totals")
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        row = QHBoxLayout()
        row.addStretch(1)
        self.recompute_button = QPushButton(tr(C, "Recompute…"), page)
        self.recompute_button.setObjectName("mob-recompute")
        self.recompute_button.clicked.connect(self.recompute)
        row.addWidget(self.recompute_button)
        layout.addLayout(row)
        return page

    def _show_grant(self, detail: MobilityDetail | None) -> None:
        self.recompute_button.setEnabled(detail is not None)
        if detail is None:
            self.grant_info.setText(tr(C, "The grant is computed when the mobility is saved."))
            self.breakdown.show_lines([])
            self.totals.clear()
            return
        lines = [
            ShownLine(li.label, li.recipient, li.quantity, li.rate_cents, li.amount_cents, li.derivation)
            for li in detail.grant_lines
        ]
        self.breakdown.show_lines(lines)
        if detail.grant_rate_set:
            info = tr(C, "Stored grant, rate set %1.").replace("%1", detail.grant_rate_set)
        else:
            info = tr(C, "No grant stored yet.")
        project_id = detail.form.project_id
        unconfirmed = project_id is not None and not project_rates.rates_confirmed(
            self.ctx.workspace, project_id
        )
        if unconfirmed:
            info += " " + tr(C, "RATES NOT CONFIRMED: confirm them from the grant agreement (Budget page).")
        self.grant_info.setStyleSheet(ERROR_STYLE if unconfirmed else "")
        self.grant_info.setText(info)
        self.totals.setText(
            tr(C, "Participant: %1 · Organisation: %2 · Total: %3")
            .replace("%1", money(detail.grant_participant_cents))
            .replace("%2", money(detail.grant_organisation_cents))
            .replace("%3", money(detail.grant_total_cents))
        )

    def recompute(self) -> None:
        """Old versus new; the stored grant is replaced only when the user says so."""
        if self.mobility_id is None:
            return
        mobility_id = self.mobility_id
        try:
            preview = grants.preview(self.ctx.workspace, mobility_id)
        except ValidationError as error:
            self.status_line.setStyleSheet(ERROR_STYLE)
            self.status_line.setText(tr(C, "The grant cannot be computed: ") + render_all(error))
            return
        if not preview.changed:
            self.status_line.setStyleSheet("")
            self.status_line.setText(tr(C, "The stored grant is up to date."))
            return
        if ask_replace_grant(self, preview):
            self.ctx.tasks.write(
                lambda ws: grants.store_snapshot(ws, mobility_id),
                on_done=lambda _b: self._after_grant(mobility_id),
                on_error=self._failed,
            )

    def _after_grant(self, mobility_id: int) -> None:
        self.load(mobility_id)
        self.tabs.setCurrentIndex(4)
        self.status_line.setText(tr(C, "Grant replaced."))
