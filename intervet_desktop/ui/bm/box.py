"""The "Beneficiary Module" box of the Exports page: pick a project and (optionally) a fresh
export from the BM as the template, run the pre-flight check, write the import file on a worker,
and compare a BM export with the local data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from intervet_desktop.core.errors import UserError
from intervet_desktop.services import choices
from intervet_desktop.services.bm import (
    BmExportReport,
    BmProblem,
    check_project,
    export_bm,
    greece_setting,
    save_greece_setting,
)
from intervet_desktop.services.bm_reconcile import Reconciliation, reconcile
from intervet_desktop.ui.bm.preflight_dialog import PreflightDialog
from intervet_desktop.ui.bm.reconcile_dialog import ReconcileDialog
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_message, tr, trn
from intervet_desktop.ui.tasks import Progress

C = "BmBox"
FOLDER_KEY = "exports/bm_folder"


class BmBox(QGroupBox):
    #: a pre-flight problem the user wants to open (BmProblem)
    open_mobility = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(tr(C, "Beneficiary Module"), parent)
        self.ctx = ctx
        self.setObjectName("bm-box")
        self.template: Path | None = None
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        intro = QLabel(
            tr(
                C,
                "The import file for the EU's Beneficiary Module (xlsx or csv), checked before it is "
                "written, and a comparison with a file exported from the BM.",
            )
        )
        intro.setWordWrap(True)
        grid.addWidget(intro, 0, 0, 1, 4)

        grid.addWidget(QLabel(tr(C, "Project")), 1, 0)
        self.project = QComboBox(self)
        self.project.setObjectName("bm-project")
        self.project.setAccessibleName(tr(C, "Project"))
        self.project.setMinimumContentsLength(28)
        grid.addWidget(self.project, 1, 1)
        grid.addWidget(QLabel(tr(C, "Greece written as")), 1, 2)
        self.greece = QComboBox(self)
        self.greece.setObjectName("bm-greece")
        self.greece.setAccessibleName(tr(C, "Greece written as"))
        self.greece.addItem(tr(C, "EL (EU style)"), "EL")
        self.greece.addItem(tr(C, "GR (ISO code)"), "GR")
        grid.addWidget(self.greece, 1, 3)

        grid.addWidget(QLabel(tr(C, "Template")), 2, 0)
        row = QHBoxLayout()
        self.template_edit = QLineEdit(self)
        self.template_edit.setObjectName("bm-template")
        self.template_edit.setReadOnly(True)
        self.template_edit.setPlaceholderText(tr(C, "None: InterVET's default columns"))
        row.addWidget(self.template_edit, 1)
        choose = QPushButton(tr(C, "Choose…"))
        choose.setObjectName("bm-template-choose")
        clear = QPushButton(tr(C, "Clear"))
        clear.setObjectName("bm-template-clear")
        row.addWidget(choose)
        row.addWidget(clear)
        grid.addLayout(row, 2, 1, 1, 3)

        self.note = QLabel(self)
        self.note.setObjectName("bm-note")
        self.note.setWordWrap(True)
        grid.addWidget(self.note, 3, 0, 1, 4)

        buttons = QHBoxLayout()
        self.check_button = QPushButton(tr(C, "Pre-flight check…"))
        self.check_button.setObjectName("bm-check")
        self.export_button = QPushButton(tr(C, "Export for the BM…"))
        self.export_button.setObjectName("bm-export")
        self.reconcile_button = QPushButton(tr(C, "Compare with a BM export…"))
        self.reconcile_button.setObjectName("bm-reconcile")
        buttons.addStretch(1)
        for button in (self.check_button, self.export_button, self.reconcile_button):
            buttons.addWidget(button)
        grid.addLayout(buttons, 4, 0, 1, 4)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 1)

        choose.clicked.connect(self.choose_template)
        clear.clicked.connect(lambda: self.set_template(None))
        self.check_button.clicked.connect(self.check)
        self.export_button.clicked.connect(self.export)
        self.reconcile_button.clicked.connect(self.compare)
        self.reload()
        self.greece.currentIndexChanged.connect(self._save_greece)
        self.set_template(None)

    # ------------------------------------------------------------------ state
    def reload(self) -> None:
        current = self.project.currentText()
        self.project.blockSignals(True)
        self.project.clear()
        for project_id, code in choices.projects(self.ctx.workspace):
            self.project.addItem(code, project_id)
        index = self.project.findText(current)
        self.project.setCurrentIndex(max(index, 0))
        self.project.blockSignals(False)
        has_projects = self.project.count() > 0
        for button in (self.check_button, self.export_button, self.reconcile_button):
            button.setEnabled(has_projects)
        self.greece.blockSignals(True)
        self.greece.setCurrentIndex(max(self.greece.findData(greece_setting(self.ctx.workspace)), 0))
        self.greece.blockSignals(False)

    def project_code(self) -> str | None:
        return self.project.currentText() or None

    def set_template(self, path: Path | None) -> None:
        self.template = path
        self.template_edit.setText(str(path) if path else "")
        if path is None:
            self.note.setText(
                tr(
                    C,
                    "Without a template the columns are InterVET's best guess from the documented BM "
                    "fields. A fresh export from the BM (Import-export section) is the reference: choose "
                    "it as the template and the file follows its headers and order.",
                )
            )
        else:
            self.note.setText(
                tr(
                    C,
                    "Headers and order are taken from the template; columns InterVET cannot fill stay empty.",
                )
            )

    def _save_greece(self) -> None:
        value = str(self.greece.currentData())
        self.ctx.tasks.write(lambda ws: save_greece_setting(ws, value))

    def _folder(self) -> str:
        default = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return str(QSettings().value(FOLDER_KEY, default))

    def _remember(self, path: Path) -> None:
        QSettings().setValue(FOLDER_KEY, str(path.parent))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.ctx.show_user_error(self, error)
        else:
            raise error

    # ------------------------------------------------------------------ actions
    def choose_template(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            tr(C, "A file exported from the Beneficiary Module"),
            self._folder(),
            tr(C, "BM export (*.xlsx *.csv)"),
        )
        if name:
            self._remember(Path(name))
            self.set_template(Path(name))

    def _run_check(self, on_done: Any) -> None:
        code = self.project_code()
        if code is None:
            return
        workspace = self.ctx.workspace

        def work(progress: Progress) -> list[BmProblem]:
            progress.update(0, 0, tr(C, "Checking…"))
            return check_project(workspace, code)[2]

        self.ctx.tasks.run(work, on_done, self._failed, title=tr(C, "Pre-flight check"), parent=self)

    def _problems_dialog(self, problems: list[BmProblem], *, can_write: bool) -> PreflightDialog:
        dialog = PreflightDialog(problems, can_write=can_write, parent=self)
        dialog.open_mobility.connect(self.open_mobility.emit)
        return dialog

    def check(self) -> None:
        def show(problems: list[BmProblem]) -> None:
            self.preflight_dialog = self._problems_dialog(problems, can_write=False)
            self.preflight_dialog.exec()

        self._run_check(show)

    def export(self) -> None:
        code = self.project_code()
        if code is None:
            return
        suggested = str(Path(self._folder()) / f"BM-{code}.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            self, tr(C, "Save the BM import file"), suggested, tr(C, "Excel (*.xlsx);;CSV (*.csv)")
        )
        if not name:
            return
        target = Path(name)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".xlsx")
        self._remember(target)

        def checked(problems: list[BmProblem]) -> None:
            if problems:
                dialog = self.preflight_dialog = self._problems_dialog(problems, can_write=True)
                if dialog.exec() != PreflightDialog.DialogCode.Accepted:
                    return
            self._write(code, target)

        self._run_check(checked)

    def _write(self, code: str, target: Path) -> None:
        workspace = self.ctx.workspace
        template, greece = self.template, str(self.greece.currentData())

        def work(progress: Progress) -> BmExportReport:
            def step(done: int, total: int) -> None:
                progress.check()
                progress.update(done, total, tr(C, "%n mobilities written", None, done))

            return export_bm(
                workspace, code, target, template=template, greece=greece, force=True, on_progress=step
            )

        self.ctx.tasks.run(work, self._written, self._failed, title=tr(C, "Writing the BM file"), parent=self)

    def _written(self, report: BmExportReport) -> None:
        text = "\n\n".join(render_message(n) for n in report.notes)
        if report.problems:
            text += "\n\n" + trn(
                C,
                "%n problem of the pre-flight check was accepted.",
                "%n problems of the pre-flight check were accepted.",
                len(report.problems),
            )
        QMessageBox.information(self, tr(C, "Beneficiary Module file written"), text)

    def _show_reconciliation(self, result: Reconciliation) -> None:
        self.reconcile_dialog = ReconcileDialog(self.ctx, result, self)
        self.reconcile_dialog.exec()

    def compare(self) -> None:
        code = self.project_code()
        if code is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self,
            tr(C, "A file exported from the Beneficiary Module"),
            self._folder(),
            tr(C, "BM export (*.xlsx *.csv)"),
        )
        if not name:
            return
        path = Path(name)
        self._remember(path)
        workspace = self.ctx.workspace

        def work(progress: Progress) -> Reconciliation:
            progress.update(0, 0, tr(C, "Comparing…"))
            return reconcile(workspace, code, path)

        self.ctx.tasks.run(
            work,
            self._show_reconciliation,
            self._failed,
            title=tr(C, "Comparing with the BM"),
            parent=self,
        )
