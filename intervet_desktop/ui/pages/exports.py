"""Exports: database backup and lists as CSV (the finance and BM issues add their workbooks here)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import UserError
from intervet_desktop.exports.csv_table import write_csv
from intervet_desktop.services import choices, report_exports
from intervet_desktop.services.backups import backup_now, suggested_backup_name
from intervet_desktop.services.bm import BmProblem
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.listing import ListFilter, ListSpec, iter_rows
from intervet_desktop.services.lists import MOBILITIES, ORGANISATIONS, PEOPLE
from intervet_desktop.ui.bm.box import BmBox
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import display
from intervet_desktop.ui.i18n import tr, trn
from intervet_desktop.ui.pages.base import Page, page_layout
from intervet_desktop.ui.pages.list_page import ListPage
from intervet_desktop.ui.tasks import Progress

C = "ExportsPage"
LAST_FOLDER_KEY = "exports/last_folder"


class ExportsPage(Page):
    key = "exports"
    icon_name = "exports"
    watches = (Kind.PROJECT,)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, self.title())
        intro = QLabel(
            tr(
                C,
                "Files for finance staff, the National Agency and your own records. "
                "Long exports run in the background and can be cancelled.",
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        self.bm = BmBox(ctx, self)
        self.bm.open_mobility.connect(self.open_mobility)
        grid.addWidget(self.bm, 0, 0, 1, 2)
        self.buttons: dict[str, QPushButton] = {}
        items = [
            (
                "backup",
                tr(C, "Database backup"),
                tr(
                    C,
                    "A zip of the database and its attachments, made "
                    "with SQLite's online backup. Restore it with File > Open or 'intervet restore'.",
                ),
                tr(C, "Back up now…"),
            ),
            (
                "mobilities",
                tr(C, "Mobilities (CSV)"),
                tr(
                    C,
                    "Every mobility with participant, host, "
                    "dates, status and grant, as a CSV file for Excel or LibreOffice.",
                ),
                tr(C, "Export mobilities…"),
            ),
            (
                "people",
                tr(C, "People (CSV)"),
                tr(C, "Names, roles, employers and e-mails. Sensitive and bank fields are never included."),
                tr(C, "Export people…"),
            ),
            (
                "hosts",
                tr(C, "Host directory (CSV)"),
                tr(C, "Organisations with role, kind, city, country, OID and capacity for guests."),
                tr(C, "Export organisations…"),
            ),
        ]
        for i, (key, title, text, button_text) in enumerate(items):
            box = QGroupBox(title)
            box_layout = QVBoxLayout(box)
            label = QLabel(text)
            label.setWordWrap(True)
            button = QPushButton(button_text)
            button.setObjectName(f"export-{key}")
            box_layout.addWidget(label)
            box_layout.addStretch(1)
            box_layout.addWidget(button)
            grid.addWidget(box, 1 + i // 2, i % 2)
            self.buttons[key] = button
        layout.addLayout(grid)
        self._build_report_box(layout)
        layout.addStretch(1)
        self.buttons["backup"].clicked.connect(self.backup_now)
        self.buttons["mobilities"].clicked.connect(lambda: self.export_list(MOBILITIES, "mobilities.csv"))
        self.buttons["people"].clicked.connect(lambda: self.export_list(PEOPLE, "people.csv"))
        self.buttons["hosts"].clicked.connect(lambda: self.export_list(ORGANISATIONS, "organisations.csv"))

    def title(self) -> str:
        return tr("Pages", "Exports")

    def reload(self) -> None:
        self.bm.reload()
        self._fill_projects()

    def open_mobility(self, problem: BmProblem) -> None:
        """Show a pre-flight problem's mobility: the Mobilities page filtered to its project and
        participant, with the mobility selected (its BM id is not part of the list's search key)."""
        show_page = getattr(self.window(), "show_page", None)
        if show_page is None:
            return
        page = show_page("mobilities")
        if not isinstance(page, ListPage):
            return
        for box in page.filter_boxes.values():
            box.setCurrentIndex(0)
        project_box = page.filter_boxes.get("project_id")
        if project_box is not None:
            project_box.setCurrentIndex(max(project_box.findData(self.bm.project.currentData()), 0))
        page.search.setText(problem.participant)
        page.model.row_values(0)  # loads the first page of the filtered list
        row = page.model.row_of_id(problem.mobility_id)
        if row is not None:
            page.table.selectRow(row)
            page.table.scrollTo(page.model.index(row, 0))

    # ------------------------------------------------------------------ reports (issue 10)
    def _build_report_box(self, layout: QVBoxLayout) -> None:
        """Finance workbook, statistics, lists and the budget report: one compact box."""
        box = QGroupBox(tr(C, "Spreadsheets and reports"))
        box.setObjectName("report-box")
        rows = QGridLayout(box)
        rows.setVerticalSpacing(6)
        picker_row = QHBoxLayout()
        picker_row.addWidget(QLabel(tr(C, "Project:")))
        self.report_project = QComboBox()
        self.report_project.setObjectName("report-project")
        self.report_project.setMinimumWidth(360)
        picker_row.addWidget(self.report_project, 1)
        rows.addLayout(picker_row, 0, 0, 1, 3)
        P, N = True, False  # does the export need the project?
        entries = [
            (
                "finance",
                tr(C, "Finance workbook"),
                tr(C, "Grants, payments, outstanding and NA payments; live totals."),
                [("xlsx", P)],
            ),
            (
                "stats",
                tr(C, "Final-report statistics"),
                tr(C, "By activity, country, gender, age, duration; shares."),
                [("xlsx", P), ("pdf", P)],
            ),
            (
                "people",
                tr(C, "People of the project"),
                tr(C, "Names, roles, employers; never sensitive fields."),
                [("xlsx", P), ("csv", P)],
            ),
            (
                "hosts",
                tr(C, "Host directory"),
                tr(C, "Every host organisation with its contact data."),
                [("xlsx", N), ("csv", N)],
            ),
            (
                "payments-due",
                tr(C, "Payments due"),
                tr(C, "Due within 30 days and overdue, all projects."),
                [("xlsx", N), ("csv", N)],
            ),
            (
                "budget",
                tr(C, "Budget report"),
                tr(C, "Per budget item, per activity and the cash position."),
                [("pdf", P)],
            ),
        ]
        for i, (kind, title, text, formats) in enumerate(entries, start=1):
            name = QLabel(f"<b>{title}</b>")
            rows.addWidget(name, i, 0)
            hint = QLabel(text)
            hint.setWordWrap(True)
            rows.addWidget(hint, i, 1)
            buttons = QHBoxLayout()
            for suffix, needs_project in formats:
                button = QPushButton(suffix.upper() + "…")
                button.setObjectName(f"report-{kind}-{suffix}")
                button.clicked.connect(
                    lambda _=False, k=kind, x=suffix, n=needs_project: self.export_report(k, x, n)
                )
                buttons.addWidget(button)
                self.buttons[f"report-{kind}-{suffix}"] = button
            buttons.addStretch(1)
            rows.addLayout(buttons, i, 2)
        rows.setColumnStretch(1, 1)
        layout.addWidget(box)
        self._fill_projects()

    def _fill_projects(self) -> None:
        current = self.report_project.currentData()
        self.report_project.clear()
        for project_id, label in choices.projects(self.ctx.workspace):
            self.report_project.addItem(label, project_id)
        if current is not None:
            index = self.report_project.findData(current)
            if index >= 0:
                self.report_project.setCurrentIndex(index)

    def export_report(self, kind: str, suffix: str, needs_project: bool) -> None:
        project_id = self.report_project.currentData()
        if needs_project and project_id is None:
            QMessageBox.information(self, tr(C, "Spreadsheets and reports"), tr(C, "Choose a project first."))
            return
        label = self.report_project.currentText().split(" ")[0] if project_id is not None else ""
        suggested = f"{kind}-{label}.{suffix}" if needs_project else f"{kind}.{suffix}"
        filters = {
            "xlsx": tr(C, "Excel workbooks (*.xlsx)"),
            "csv": tr(C, "CSV files (*.csv)"),
            "pdf": tr(C, "PDF files (*.pdf)"),
        }
        target = self._ask_target(suggested, filters[suffix])
        if target is None:
            return
        if target.suffix.lower() != "." + suffix:
            target = target.with_name(target.name + "." + suffix)
        workspace = self.ctx.workspace

        def work(progress: Progress) -> report_exports.ExportDone:
            progress.update(0, 0, tr(C, "Writing %1…").replace("%1", target.name))

            def tick(done: int, total: int) -> None:
                progress.check()
                progress.update(done, total, trn(C, "%n row written", "%n rows written", done))

            if kind == "finance":
                return report_exports.export_finance(workspace, project_id, target, tick=tick)
            if kind == "stats":
                return report_exports.export_stats(workspace, project_id, target, tick=tick)
            if kind == "people":
                return report_exports.export_people(workspace, project_id, target)
            if kind == "hosts":
                return report_exports.export_hosts(workspace, target)
            if kind == "payments-due":
                return report_exports.export_payments_due(workspace, target)
            return report_exports.export_budget(workspace, project_id, target)

        self.ctx.tasks.run(
            work,
            lambda done: self._done(done.path, tr(C, "%1 written").replace("%1", str(done.path))),
            self._failed,
            title=tr(C, "Exporting"),
            parent=self,
        )

    # ------------------------------------------------------------------ helpers
    def _last_folder(self) -> str:
        default = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return str(QSettings().value(LAST_FOLDER_KEY, default))

    def _ask_target(self, suggested: str, file_filter: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, tr(C, "Save as"), str(Path(self._last_folder()) / suggested), file_filter
        )
        if not name:
            return None
        QSettings().setValue(LAST_FOLDER_KEY, str(Path(name).parent))
        return Path(name)

    def _done(self, target: Path, summary: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, tr(C, "Export finished"), summary, parent=self)
        open_folder = box.addButton(tr(C, "Open folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target.parent)))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.ctx.show_user_error(self, error)
        else:
            raise error

    # ------------------------------------------------------------------ actions
    def backup_now(self) -> None:
        target = self._ask_target(suggested_backup_name(), tr(C, "Backup (*.zip)"))
        if target is None:
            return
        workspace = self.ctx.workspace

        def work(progress: Progress) -> Path:
            progress.update(0, 0, tr(C, "Backing up…"))
            return backup_now(workspace, target)

        self.ctx.tasks.run(
            work,
            lambda path: self._done(path, tr(C, "Backup written to %1").replace("%1", str(path))),
            self._failed,
            title=tr(C, "Backing up the database"),
            parent=self,
            cancellable=False,
        )

    def export_list(self, spec: ListSpec, suggested: str) -> None:
        target = self._ask_target(suggested, tr(C, "CSV files (*.csv)"))
        if target is None:
            return
        workspace = self.ctx.workspace
        headers = [tr("columns", c.label) for c in spec.columns]
        kinds = [c.kind for c in spec.columns]

        def rows(progress: Progress):  # type: ignore[no-untyped-def]
            for i, row in enumerate(iter_rows(workspace, spec, ListFilter(), None)):
                if i % 500 == 0:
                    progress.check()
                    progress.update(i, 0, trn(C, "%n row written", "%n rows written", i))
                yield [display(v, k) for v, k in zip(row[1:], kinds, strict=True)]

        def work(progress: Progress) -> int:
            return write_csv(target, headers, rows(progress))

        self.ctx.tasks.run(
            work,
            lambda n: self._done(
                target, trn(C, "%n row written to ", "%n rows written to ", n) + str(target)
            ),
            self._failed,
            title=tr(C, "Exporting"),
            parent=self,
        )
