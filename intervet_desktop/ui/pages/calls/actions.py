"""The calls page's actions: edit a call, enter and attach, conflicts, rank, publish, appeals,
withdrawals, conversion to a mobility, export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from intervet_desktop.core.enums import ApplicationStatus
from intervet_desktop.core.errors import UserError
from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls as calls_service
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.base import Page
from intervet_desktop.ui.pages.calls.application_dialog import ApplicationDialog
from intervet_desktop.ui.pages.calls.call_editor import CallDialog
from intervet_desktop.ui.pages.calls.ranking_view import RowsModel
from intervet_desktop.ui.pages.calls.score_grid import ScoreGridModel

C = "CallsPage"  # translation context (the catalogue reads it from each file)


class CallActions(Page):
    """The calls page's actions, each a write on the writer thread with its refusal shown
    (``CallsPage`` builds the widgets declared here)."""

    detail: calls_service.CallDetail | None
    tabs: QTabWidget
    app_view: QTableView
    app_model: RowsModel
    rank_view: QTableView
    rank_model: RowsModel
    rank_status: QLabel
    grid_view: QTableView
    grid_model: ScoreGridModel
    evaluator: QComboBox

    def reload_grid(self) -> None:
        raise NotImplementedError

    def select_call(self, call_id: int) -> None:
        raise NotImplementedError

    def show_application(self) -> None:
        raise NotImplementedError

    def selected_row(self, view: QTableView, model: RowsModel) -> apps.RankingRow | None:
        index = view.currentIndex()
        return model.rows[index.row()] if index.isValid() and index.row() < len(model.rows) else None

    # ------------------------------------------------------------ actions
    def _write(self, op: Any, done: str) -> None:
        self.ctx.tasks.write(op, on_done=lambda _v: self.rank_status.setText(done), on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.ctx.show_user_error(self, error)
            return
        raise error

    def edit_call(self, *, new: bool) -> None:
        dialog = CallDialog(self.ctx, None if new else self.detail, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id is not None:
            self.reload()
            self.select_call(dialog.saved_id)

    def attach(self) -> None:
        row = self.selected_row(self.app_view, self.app_model)
        if row is None:
            return
        name, _filter = QFileDialog.getOpenFileName(
            self, tr(C, "Attach a file to %1").replace("%1", row.number)
        )
        if not name:
            return
        from pathlib import Path

        kinds = {tr(C, "Motivation letter"): "motivation_letter", tr(C, "CV"): "cv", tr(C, "Other"): "other"}
        label, ok = QInputDialog.getItem(
            self, tr(C, "Attach file"), tr(C, "What is it?"), list(kinds), 0, False
        )
        if ok:
            self.ctx.tasks.write(
                lambda ws: apps.attach_file(ws, row.application_id, Path(name), kinds[label]),
                on_done=lambda _v: self.show_application(),
                on_error=self._failed,
            )

    def new_application(self) -> None:
        if self.detail is None:
            return
        dialog = ApplicationDialog(self.ctx, self.detail.id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def declare_conflict(self) -> None:
        index = self.grid_view.currentIndex()
        grid = self.grid_model.grid
        if grid is None or not index.isValid():
            return
        row = grid.rows[index.row()]
        reason, ok = QInputDialog.getText(
            self,
            tr(C, "Conflict of interest"),
            tr(C, "Why is %1 in conflict with %2?")
            .replace("%1", self.evaluator.currentText())
            .replace("%2", row.number),
        )
        if ok:
            self.ctx.tasks.write(
                lambda ws: apps.declare_conflict(ws, row.application_id, grid.evaluator_id, reason),
                on_done=lambda _v: self.reload_grid(),
                on_error=self._failed,
            )

    def rank(self) -> None:
        if self.detail is not None:
            call_id = self.detail.id
            self._write(lambda ws: apps.rank_call(ws, call_id), tr(C, "Ranked."))

    def publish(self, *, final: bool) -> None:
        if self.detail is not None:
            call_id = self.detail.id
            done = tr(C, "Final ranking published.") if final else tr(C, "Provisional ranking published.")
            self._write(lambda ws: apps.publish(ws, call_id, final=final), done)

    def change_phase(self, status: str) -> None:
        from intervet_desktop.ui.pages.calls.phases import ask_reason, needs_reason

        if self.detail is None:
            return
        call_id, reason = self.detail.id, ""
        if needs_reason(self.detail.status, status):
            answer = ask_reason(self, tr(C, "Back a phase"), tr(C, "Why does the call go back a phase?"))
            if answer is None:
                return
            reason = answer
        self._write(
            lambda ws: calls_service.set_call_status(ws, call_id, status, reason),
            tr(C, "Phase changed."),
        )

    def rescore_final(self) -> None:
        from intervet_desktop.ui.pages.calls.phases import run_rescore

        row = self.selected_row(self.rank_view, self.rank_model)
        if self.detail is not None and row is not None:
            run_rescore(self.ctx, self, self.detail, row.application_id, row.number)

    def link_evaluator(self) -> None:
        from intervet_desktop.ui.pages.calls.phases import EvaluatorPersonDialog

        evaluator_id = self.evaluator.currentData()
        if evaluator_id is None:
            return
        dialog = EvaluatorPersonDialog(self.ctx, self.evaluator.currentText(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            person_id, ok = dialog.person.value()
            if ok:
                self._write(
                    lambda ws: calls_service.link_evaluator(ws, int(evaluator_id), person_id),
                    tr(C, "Evaluator linked."),
                )

    def decide_appeal(self) -> None:
        row = self.selected_row(self.rank_view, self.rank_model)
        if row is None:
            return
        if row.status != ApplicationStatus.APPEALED:
            reason, ok = QInputDialog.getText(
                self, tr(C, "Appeal"), tr(C, "Record the appeal of %1: grounds").replace("%1", row.number)
            )
            if ok:
                self._write(lambda ws: apps.appeal(ws, row.application_id, reason), tr(C, "Appeal recorded."))
            return
        choice = QMessageBox.question(
            self,
            tr(C, "Decide appeal"),
            tr(C, "Accept the appeal of %1?").replace("%1", row.number),
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
        )
        if choice == QMessageBox.StandardButton.Cancel:
            return
        reason, ok = QInputDialog.getText(self, tr(C, "Decide appeal"), tr(C, "Reason for the decision"))
        if ok:
            accepted = choice == QMessageBox.StandardButton.Yes
            self._write(
                lambda ws: apps.decide_appeal(ws, row.application_id, accepted, reason),
                tr(C, "Appeal decided; scores can be changed in Scoring, then Rank."),
            )

    def withdraw(self) -> None:
        row = self.selected_row(self.rank_view, self.rank_model)
        if row is None:
            return
        reason, ok = QInputDialog.getText(
            self, tr(C, "Withdraw"), tr(C, "Why does %1 withdraw?").replace("%1", row.number)
        )
        if not ok:
            return
        self.ctx.tasks.write(
            lambda ws: apps.withdraw(ws, row.application_id, reason),
            on_done=lambda value: self.rank_status.setText(
                value.reason
                if value.promoted_id is None
                else tr(C, "Promoted %1: %2")
                .replace("%1", value.promoted_number or "")
                .replace("%2", value.reason)
            ),
            on_error=self._failed,
        )

    def convert(self) -> None:
        row = self.selected_row(self.rank_view, self.rank_model)
        if row is not None:
            self._write(
                lambda ws: apps.convert_to_mobility(ws, row.application_id),
                tr(C, "Planned mobility created for %1.").replace("%1", row.number),
            )

    def export(self) -> None:
        if self.detail is None:
            return
        folder = QFileDialog.getExistingDirectory(self, tr(C, "Folder for the ranking files"))
        if not folder:
            return
        from pathlib import Path

        from intervet_desktop.services.publication import publish_ranking

        call_id = self.detail.id
        try:
            done = publish_ranking(self.ctx.workspace, call_id, Path(folder)).value
        except UserError as error:
            self.ctx.show_user_error(self, error)
            return
        self.rank_status.setText(
            tr(C, "Wrote %1 and %2.").replace("%1", done.pdf.name).replace("%2", done.xlsx.name)
        )

    # ------------------------------------------------------------ screenshots
    def extra_shots(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        def tab(index: int) -> Callable[[], QWidget | None]:
            def show() -> QWidget | None:
                self.tabs.setCurrentIndex(index)
                return None

            return show

        return [(name, tab(i)) for i, name in enumerate(("applications", "scoring", "ranking"))]
