"""The import wizard: choose what and which file, map its columns (obvious headers and the
mapping saved for this layout are preset), see a dry run per row, then import all rows or only
the valid ones. The dry run and the import run on the writer (one transaction each) with a
progress dialog whose Cancel rolls everything back; a broken file is reported on the first page
and changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from intervet_desktop.core.errors import UserError, ValidationError
from intervet_desktop.services.changes import Result
from intervet_desktop.services.importing import ImportReport, ImportSpec, RowStatus, run_import
from intervet_desktop.services.importing.engine import preview_columns
from intervet_desktop.services.importing.headers import Header
from intervet_desktop.services.importing.organisation_spec import ORGANISATIONS
from intervet_desktop.services.importing.people_spec import PEOPLE
from intervet_desktop.services.progress import Progress
from intervet_desktop.services.workspace_door import Workspace
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_message, render_problems, tr
from intervet_desktop.ui.widgets.form_fields import error_style

C = "ImportWizard"
SPECS: dict[str, ImportSpec] = {"people": PEOPLE, "organisations": ORGANISATIONS}
NOT_IMPORTED = "-"
STATUS_LABELS = {
    RowStatus.CREATED: "New",
    RowStatus.UPDATED: "Update",
    RowStatus.UNCHANGED: "Unchanged",
    RowStatus.DUPLICATE: "Likely duplicate, skipped",
    RowStatus.ERROR: "Error",
}
STATUS_COLOURS = {RowStatus.ERROR: "#c0392b", RowStatus.DUPLICATE: "#b9770e"}


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("import-error")
    label.setWordWrap(True)
    label.setStyleSheet(error_style(label))
    label.hide()
    return label


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _error_text(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return "\n".join(render_problems(error).values())
    if isinstance(error, UserError):
        return render_message(error.message)
    raise error


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(tr(C, "What to import"))
        self.setSubTitle(tr(C, "An Excel workbook (xlsx, xls, ods) or a CSV file; the first sheet is read."))
        form = QFormLayout(self)
        self.kind = QComboBox(self)
        self.kind.setObjectName("import-kind")
        self.kind.addItem(tr(C, "People"), "people")
        self.kind.addItem(tr(C, "Organisations"), "organisations")
        form.addRow(tr(C, "Import"), self.kind)
        row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setObjectName("import-path")
        self.path.setPlaceholderText(tr(C, "Choose a file"))
        self.path.textChanged.connect(self.completeChanged)
        row.addWidget(self.path, 1)
        browse = QPushButton(tr(C, "Browse…"), self)
        browse.clicked.connect(self.browse)
        row.addWidget(browse)
        form.addRow(tr(C, "File"), row)
        self.error = _error_label(self)
        form.addRow(self.error)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            tr(C, "Choose a file to import"),
            "",
            tr(C, "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv)"),
        )
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        self.w.kind = str(self.kind.currentData())
        self.w.path = Path(self.path.text().strip())
        try:
            self.w.header, self.w.preset = preview_columns(self.w.ctx.workspace, self.w.spec, self.w.path)
        except UserError as error:
            _say(self.error, _error_text(error))
            return False
        _say(self.error, "")
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(tr(C, "Columns"))
        self.setSubTitle(
            tr(
                C,
                "Which column holds each field. Recognised headers and your last choices are preset.",
            )
        )
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("mapping")
        self.table.setHorizontalHeaderLabels([tr(C, "Field"), tr(C, "Column in the file")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 260)
        layout.addWidget(self.table, 1)
        self.error = _error_label(self)
        layout.addWidget(self.error)
        self.boxes: dict[str, QComboBox] = {}

    def initializePage(self) -> None:  # noqa: N802
        spec, header = self.w.spec, self.w.header
        assert header is not None
        self.boxes = {}
        self.table.setRowCount(len(spec.fields))
        for row, field in enumerate(spec.fields):
            label = tr("import-fields", field.label) + (" *" if field.required else "")
            self.table.setItem(row, 0, QTableWidgetItem(label))
            box = QComboBox(self.table)
            box.setObjectName(f"map-{field.key}")
            box.addItem(tr(C, "(not imported)"), NOT_IMPORTED)
            for index, text in enumerate(header.labels):
                shown = f"{column_letter(index)}: {text}" if text else column_letter(index)
                box.addItem(shown, column_letter(index))
            preset = self.w.preset.get(field.key)
            if preset is not None:
                box.setCurrentIndex(preset + 1)
            self.table.setCellWidget(row, 1, box)
            self.boxes[field.key] = box
        _say(self.error, "")
        self.w.report = None

    def overrides(self) -> dict[str, str]:
        return {key: str(box.currentData()) for key, box in self.boxes.items()}

    def validatePage(self) -> bool:  # noqa: N802
        if self.w.report is not None:
            return True
        if self._busy:
            return False
        self.w.overrides = self.overrides()
        self._busy = self._waiting = True
        self.w.start_dry_run(self._planned, self._failed, self._cancelled)
        self._waiting = False  # an inline runner (tests) has finished already
        return self.w.report is not None

    _waiting = _busy = False

    def _planned(self, report: ImportReport) -> None:
        self._busy = False
        self.w.report = report
        _say(self.error, "")
        if not self._waiting and self.w.currentPage() is self:
            self.w.next()  # the worker finished after validatePage returned

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        _say(self.error, _error_text(error))

    def _cancelled(self) -> None:
        self._busy = False
        _say(self.error, tr(C, "Check cancelled."))


class ReportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(tr(C, "Check before importing"))
        self.setSubTitle(
            tr(C, "Nothing has been written yet. This is what the import would do with each row.")
        )
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("dry-run-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("dry-run")
        self.table.setHorizontalHeaderLabels([tr(C, "Row"), tr(C, "Result"), tr(C, "Details")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 60)
        self.table.setColumnWidth(1, 190)
        layout.addWidget(self.table, 1)
        self.valid_only = QCheckBox(tr(C, "Import only the valid rows (rows with errors are left out)"), self)
        self.valid_only.setObjectName("valid-only")
        self.valid_only.toggled.connect(self.completeChanged)
        layout.addWidget(self.valid_only)
        self.error = _error_label(self)
        layout.addWidget(self.error)

    def initializePage(self) -> None:  # noqa: N802
        report = self.w.report
        assert report is not None
        counts = report.counts
        self.summary.setText(
            tr(C, "New: %1 · Updates: %2 · Unchanged: %3 · Duplicates skipped: %4 · Errors: %5")
            .replace("%1", str(counts["created"]))
            .replace("%2", str(counts["updated"]))
            .replace("%3", str(counts["unchanged"]))
            .replace("%4", str(counts["duplicate"]))
            .replace("%5", str(counts["error"]))
        )
        shown = report.rows[:5000]
        self.table.setRowCount(len(shown))
        for i, row in enumerate(shown):
            details = [self._problem_text(p) for p in row.problems]
            if row.note is not None:
                details.append(render_message(row.note))
            if row.changed:
                details.append(
                    tr(C, "Changes: %1").replace("%1", ", ".join(self._label(c) for c in row.changed))
                )
            items = [str(row.row), tr(C, STATUS_LABELS[row.status]), "; ".join(details)]
            for column, text in enumerate(items):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                colour = STATUS_COLOURS.get(row.status)
                if colour and column == 1:
                    from PySide6.QtGui import QColor

                    item.setForeground(QColor(colour))
                self.table.setItem(i, column, item)
        self.valid_only.setVisible(report.has_errors)
        self.valid_only.setChecked(False)
        self.setButtonText(QWizard.WizardButton.NextButton, tr(C, "Import"))
        _say(
            self.error,
            tr(C, "Some rows have errors: fix the file and start again, or import only the valid rows.")
            if report.has_errors
            else "",
        )

    def _label(self, key: str) -> str:
        try:
            return tr("import-fields", self.w.spec.field(key).label)
        except KeyError:
            return key

    def _problem_text(self, problem: Any) -> str:
        return f"{self._label(problem.field)}: {render_message(problem.message)}"

    def isComplete(self) -> bool:  # noqa: N802
        report = self.w.report
        if report is None:
            return False
        importable = sum(1 for r in report.rows if r.status in (RowStatus.CREATED, RowStatus.UPDATED))
        return importable > 0 and (not report.has_errors or self.valid_only.isChecked())

    def validatePage(self) -> bool:  # noqa: N802
        if self.w.outcome is not None:
            return True
        if self._busy:
            return False
        self._busy = self._waiting = True
        self.w.start_import(self.valid_only.isChecked(), self._imported, self._failed, self._cancelled)
        self._waiting = False
        return self.w.outcome is not None

    _waiting = _busy = False

    def _imported(self, report: ImportReport) -> None:
        self._busy = False
        self.w.outcome = report
        if not self._waiting and self.w.currentPage() is self:
            self.w.next()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        _say(self.error, _error_text(error))

    def _cancelled(self) -> None:
        self._busy = False
        _say(self.error, tr(C, "Import cancelled: nothing was saved."))


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(tr(C, "Imported"))
        layout = QVBoxLayout(self)
        self.text = QLabel(self)
        self.text.setObjectName("import-result")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        report = self.w.outcome
        assert report is not None
        counts = report.counts
        self.text.setText(
            tr(C, "%1 new and %2 updated records were saved. Rows left out: %3.")
            .replace("%1", str(counts["created"]))
            .replace("%2", str(counts["updated"]))
            .replace("%3", str(counts["error"] + counts["duplicate"]))
        )


class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, kind: str = "people", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("import-wizard")
        self.setWindowTitle(tr(C, "Import"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(900, 620)
        self.kind = kind
        self.path = Path()
        self.header: Header | None = None
        self.preset: dict[str, int] = {}
        self.overrides: dict[str, str] = {}
        self.report: ImportReport | None = None
        self.outcome: ImportReport | None = None
        self.progress: Progress | None = None  # of the running check or import
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.report_page = ReportPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.mapping_page, self.report_page, self.done_page):
            self.addPage(page)
        self.file_page.kind.setCurrentIndex(max(self.file_page.kind.findData(kind), 0))

    @property
    def spec(self) -> ImportSpec:
        return SPECS[self.kind]

    def start_dry_run(self, on_done: Any, on_error: Any, on_cancel: Any = None) -> None:
        """The dry run plans inside a write transaction it rolls back, so it runs on the writer."""
        spec, path, overrides = self.spec, self.path, dict(self.overrides)
        label = tr(C, "Checking every row…")

        def op(ws: Workspace, progress: Progress) -> Result[ImportReport]:
            progress.report(0, 0, label)
            return run_import(ws, spec, path, overrides=overrides, dry_run=True, progress=progress)

        self.progress = self.ctx.tasks.write_long(
            op, on_done, on_error, title=tr(C, "Checking the file"), parent=self, on_cancel=on_cancel
        )

    def start_import(self, valid_only: bool, on_done: Any, on_error: Any, on_cancel: Any = None) -> None:
        """One transaction on the writer: Cancel rolls the whole import back."""
        spec, path, overrides = self.spec, self.path, dict(self.overrides)
        label = tr(C, "Importing…")

        def op(ws: Workspace, progress: Progress) -> Result[ImportReport]:
            progress.report(0, 0, label)
            return run_import(ws, spec, path, overrides=overrides, valid_only=valid_only, progress=progress)

        self.progress = self.ctx.tasks.write_long(
            op, on_done, on_error, title=tr(C, "Importing"), parent=self, on_cancel=on_cancel
        )
