"""Generate documents for selected mobilities or a whole project: the options dialog, the
batch run on a worker (progress, Cancel) and the summary of what was written or refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.enums import DocumentKind
from intervet_desktop.core.errors import UserError
from intervet_desktop.exports.pdf.model import Layout
from intervet_desktop.services import choices
from intervet_desktop.services.changes import Changes, Result
from intervet_desktop.services.document_templates import default_layout
from intervet_desktop.services.documents import (
    MOBILITY_KINDS,
    DocumentOptions,
    GeneratedDocument,
    Refusal,
    generate_batch,
    project_mobility_ids,
)
from intervet_desktop.services.progress import Progress
from intervet_desktop.services.workspace_door import Workspace
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import enum_label
from intervet_desktop.ui.i18n import render_message, tr, trn
from intervet_desktop.ui.translations import LANGUAGES

C = "GenerateDocuments"
OUT_DIR_KEY = "documents/output_dir"


@dataclass(frozen=True)
class GenerateRequest:
    mobility_ids: tuple[int, ...]
    project_code: str | None
    kinds: tuple[DocumentKind, ...]
    second_language: str | None
    layout: Layout
    out_dir: Path
    draft_certificates: bool = False  # a certificate before the stay has ended: a marked draft


@dataclass
class GenerateSummary:
    """What a run did. Each document is its own committed unit: after Cancel, ``written`` lists
    the documents kept (files and rows), and nothing else was started."""

    written: list[GeneratedDocument] = field(default_factory=list)
    refused: list[tuple[DocumentKind, Refusal]] = field(default_factory=list)
    unchanged: int = 0  # documents whose latest version already shows the same content
    cancelled: bool = False
    out_dir: Path = Path()
    requested: int = 0  # documents asked for (mobilities x kinds)


def run_generation(
    workspace: Workspace, request: GenerateRequest, progress: Progress
) -> Result[GenerateSummary]:
    """The work the task runner runs off the UI thread: one batch per kind, progress over all."""
    ids = list(request.mobility_ids)
    if request.project_code is not None:
        ids = project_mobility_ids(workspace, request.project_code)
    summary = GenerateSummary(out_dir=request.out_dir, requested=len(ids) * len(request.kinds))
    changes = Changes()
    total = max(summary.requested, 1)
    for number, kind in enumerate(request.kinds):
        offset = number * len(ids)
        text = tr(C, "Generating: %1").replace("%1", enum_label(kind))
        progress.update(offset, total, text)
        batch = generate_batch(
            workspace,
            ids,
            DocumentOptions(
                kind=kind,
                second_language=request.second_language,
                layout=request.layout,
                draft=request.draft_certificates,
            ),
            request.out_dir,
            progress=_offset_progress(progress, offset, total, text),
            cancel=lambda: progress.cancelled,
        )
        summary.written += batch.value.written
        summary.refused += [(kind, refusal) for refusal in batch.value.refused]
        summary.unchanged += len(batch.value.unchanged)
        changes.merge(batch.changes)
        if batch.value.cancelled:
            summary.cancelled = True
            break
    return Result(summary, changes)


def _offset_progress(progress: Progress, offset: int, total: int, text: str) -> Callable[[int, int], None]:
    def report(done: int, _count: int) -> None:
        progress.update(offset + done, total, text)

    return report


class GenerateDialog(QDialog):
    """Kinds, second language, layout, output folder; for the selected rows or a project."""

    def __init__(
        self, ctx: AppContext, mobility_ids: list[int], project_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mobility_ids = mobility_ids
        self.setObjectName("generate-dialog")
        self.setWindowTitle(tr(C, "Generate documents"))
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        scope = QVBoxLayout()
        self.scope_selected = QRadioButton(tr(C, "Selected mobilities: %n", None, len(mobility_ids)), self)
        self.scope_selected.setObjectName("scope-selected")
        self.scope_project = QRadioButton(tr(C, "Every mobility of a project:"), self)
        self.scope_project.setObjectName("scope-project")
        group = QButtonGroup(self)
        group.addButton(self.scope_selected)
        group.addButton(self.scope_project)
        self.project = QComboBox(self)
        self.project.setObjectName("project")
        self.project.setMinimumContentsLength(28)
        for pid, code in choices.projects(ctx.workspace):
            self.project.addItem(code, pid)
        if project_id is not None:
            self.project.setCurrentIndex(max(self.project.findData(project_id), 0))
        project_row = QHBoxLayout()
        project_row.setContentsMargins(24, 0, 0, 0)
        project_row.addWidget(self.project, 1)
        scope.addWidget(self.scope_selected)
        scope.addWidget(self.scope_project)
        scope.addLayout(project_row)
        self.scope_selected.setEnabled(bool(mobility_ids))
        (self.scope_selected if mobility_ids else self.scope_project).setChecked(True)
        self.project.setEnabled(self.scope_project.isChecked())
        self.scope_project.toggled.connect(self.project.setEnabled)
        self.scope_project.toggled.connect(self._validate)
        form.addRow(tr(C, "For"), scope)

        kinds = QVBoxLayout()
        self.kinds: dict[DocumentKind, QCheckBox] = {}
        for kind in MOBILITY_KINDS:
            box = QCheckBox(enum_label(kind), self)
            box.setObjectName(f"kind-{kind.value}")
            box.setChecked(kind == DocumentKind.MOBILITY_AGREEMENT)
            box.toggled.connect(self._validate)
            kinds.addWidget(box)
            self.kinds[kind] = box
        form.addRow(tr(C, "Documents"), kinds)

        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem(tr(C, "The sending organisation's language"), None)
        for code, name in LANGUAGES.items():
            if code != "en":
                self.language.addItem(name, code)
        self.language.addItem(tr(C, "English only"), "en")
        self.language.setToolTip(tr(C, "English is always included"))
        form.addRow(tr(C, "Second language"), self.language)

        self.layout_box = QComboBox(self)
        self.layout_box.setObjectName("layout")
        self.layout_box.addItem(tr(C, "Side by side"), Layout.SIDE_BY_SIDE)
        self.layout_box.addItem(tr(C, "One after the other"), Layout.SEQUENTIAL)
        self.layout_box.setCurrentIndex(max(self.layout_box.findData(default_layout(ctx.workspace)), 0))
        form.addRow(tr(C, "Layout"), self.layout_box)

        self.draft = QCheckBox(tr(C, "Certificates for stays not yet over: a marked draft"), self)
        self.draft.setObjectName("draft-certificates")
        self.draft.setToolTip(
            tr(C, "A certificate of attendance is issued after the stay; before, only a draft marked DRAFT.")
        )
        form.addRow("", self.draft)

        folder_row = QHBoxLayout()
        self.out_dir = QLineEdit(self)
        self.out_dir.setObjectName("out-dir")
        remembered = QSettings().value(OUT_DIR_KEY, "")
        self.out_dir.setText(str(remembered or Path.home() / "InterVET documents"))
        self.out_dir.textChanged.connect(self._validate)
        browse = QPushButton(tr(C, "Choose…"), self)
        browse.setObjectName("choose-out-dir")
        browse.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.out_dir, 1)
        folder_row.addWidget(browse)
        form.addRow(tr(C, "Save in"), folder_row)
        layout.addLayout(form)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.generate_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.generate_button.setText(tr(C, "Generate"))
        self.generate_button.setObjectName("generate")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr(C, "Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._validate()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr(C, "Save the documents in"), self.out_dir.text())
        if folder:
            self.out_dir.setText(folder)

    def _validate(self, *_: object) -> None:
        ok = (
            any(box.isChecked() for box in self.kinds.values())
            and bool(self.out_dir.text().strip())
            and (self.scope_selected.isChecked() or self.project.currentIndex() >= 0)
        )
        self.generate_button.setEnabled(ok)

    def request(self) -> GenerateRequest:
        whole = self.scope_project.isChecked()
        return GenerateRequest(
            mobility_ids=() if whole else tuple(self.mobility_ids),
            project_code=self.project.currentText() if whole else None,
            kinds=tuple(kind for kind, box in self.kinds.items() if box.isChecked()),
            second_language=self.language.currentData(),
            layout=Layout(self.layout_box.currentData()),
            out_dir=Path(self.out_dir.text().strip()).expanduser(),
            draft_certificates=self.draft.isChecked(),
        )

    def accept(self) -> None:
        QSettings().setValue(OUT_DIR_KEY, self.out_dir.text().strip())
        super().accept()


def summary_text(summary: GenerateSummary) -> str:
    lines: list[str] = []
    if summary.cancelled:
        lines.append(tr(C, "Stopped: the documents written before Cancel are kept."))
        lines.append("")
    if summary.written:
        lines.append(trn(C, "Written (%n file):", "Written (%n files):", len(summary.written)))
        lines += [f"  {doc.path.name}" for doc in summary.written]
    if summary.unchanged:
        lines.append(
            trn(
                C,
                "%n document not made again: nothing it shows has changed.",
                "%n documents not made again: nothing they show has changed.",
                summary.unchanged,
            )
        )
    if summary.refused:
        if lines:
            lines.append("")
        lines.append(tr(C, "Not generated, fill in first (%n):", None, len(summary.refused)))
        for kind, refusal in summary.refused:
            lines.append(f"{enum_label(kind)}: {refusal.subject}")
            lines += [f"  • {render_message(problem.message)}" for problem in refusal.problems]
    return "\n".join(lines)


class SummaryDialog(QDialog):
    def __init__(self, summary: GenerateSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setObjectName("generate-summary")
        self.setWindowTitle(tr(C, "Documents generated"))
        self.resize(720, 460)
        layout = QVBoxLayout(self)
        self.head = head = QLabel(
            tr(C, "%1 written, %2 refused.")
            .replace("%1", str(len(summary.written)))
            .replace("%2", str(len(summary.refused))),
            self,
        )
        head.setObjectName("summary-head")
        layout.addWidget(head)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("summary-text")
        self.text.setReadOnly(True)
        self.text.setPlainText(summary_text(summary))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr(C, "Close"))
        self.open_folder = buttons.addButton(tr(C, "Open folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder.setObjectName("open-folder")
        self.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(summary.out_dir)))
        )
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class DocumentGenerator:
    """Opens the dialog, runs the batch on the task runner, shows the summary."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        self.ctx = ctx
        self.parent = parent
        self.dialog: GenerateDialog | None = None
        self.summary_dialog: SummaryDialog | None = None

    def open(self, mobility_ids: list[int], project_id: int | None) -> GenerateDialog:
        dialog = GenerateDialog(self.ctx, mobility_ids, project_id, self.parent)
        dialog.accepted.connect(lambda: self.start(dialog.request()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def start(self, request: GenerateRequest) -> None:
        # on the writer: each document is recorded in its own transaction, so Cancel stops
        # between documents and the summary lists what was written
        self.ctx.tasks.write_long(
            lambda workspace, progress: run_generation(workspace, request, progress),
            on_done=self._done,
            on_error=self._failed,
            title=tr(C, "Generating documents…"),
            parent=self.parent,
        )

    def _done(self, summary: GenerateSummary) -> None:
        self.summary_dialog = SummaryDialog(summary, self.parent)
        self.summary_dialog.open()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.ctx.show_user_error(self.parent, error)
            return
        self.ctx.tasks.bug.emit(error)
