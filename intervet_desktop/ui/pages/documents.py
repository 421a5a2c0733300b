"""Generated documents: the list (kind, participant, languages, version, date, signatures),
and beside it Open, Print, each party's signature with sent/signed buttons, and the signed scan."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelection, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.enums import DocumentKind, SignatureParty, SignatureStatus
from intervet_desktop.core.errors import UserError
from intervet_desktop.services import choices
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.document_templates import scans_of, stored_copy
from intervet_desktop.services.documents import (
    SignatureInfo,
    attach_signed_scan,
    set_signature_status,
    signatures_of,
)
from intervet_desktop.services.documents.state import DocumentState, state_of_document
from intervet_desktop.services.lists import DOCUMENTS
from intervet_desktop.ui.formatting import day, enum_label
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.list_page import FilterChoice, ListPage

C = "DocumentsPage"


def party_label(party: str) -> str:
    labels = {
        SignatureParty.PARTICIPANT: tr(C, "Participant"),
        SignatureParty.SENDING: tr(C, "Sending organisation"),
        SignatureParty.RECEIVING: tr(C, "Receiving organisation (host)"),
    }
    return labels.get(SignatureParty(party), party)


def status_text(info: SignatureInfo) -> str:
    if info.status == SignatureStatus.SIGNED:
        return tr(C, "Signed on %1").replace("%1", day(info.signed_on))
    if info.status == SignatureStatus.SENT:
        return tr(C, "Sent on %1").replace("%1", day(info.sent_on))
    return tr(C, "Not sent")


def state_text(state: DocumentState | None) -> str:
    """What the officer must know before relying on a document (empty: nothing)."""
    if state is None:
        return ""
    lines = []
    if state.stale:
        lines.append(
            tr(C, "Stale: the data this signed document shows (dates, grant, parties) has changed. "
                  "Generate it again to make an amendment.")
        )  # fmt: skip
    if state.superseded:
        lines.append(tr(C, "A newer version of this document exists."))
    if state.amends_version is not None:
        lines.append(tr(C, "This version amends version %1.").replace("%1", str(state.amends_version)))
    if state.draft:
        lines.append(tr(C, "Draft: the stay has not ended; not a valid certificate yet."))
    return "\n".join(lines)


class SignaturePanel(QWidget):
    """Open, Print, and per party: status, Sent and Signed buttons; the signed scan."""

    def __init__(self, page: DocumentsPage, document_id: int) -> None:
        super().__init__()
        self.page = page
        self.document_id = document_id
        self.setObjectName("signature-panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        row = QHBoxLayout()
        self.open_button = QPushButton(tr(C, "Open"), self)
        self.open_button.setObjectName("open-document")
        self.open_button.clicked.connect(self.open_document)
        self.print_button = QPushButton(tr(C, "Print…"), self)
        self.print_button.setObjectName("print-document")
        self.print_button.setToolTip(tr(C, "Opens the system's print dialog or viewer"))
        self.print_button.clicked.connect(self.print_document)
        row.addWidget(self.open_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.state_label = QLabel(state_text(state_of_document(page.ctx.workspace, document_id)), self)
        self.state_label.setObjectName("document-state")
        self.state_label.setWordWrap(True)
        self.state_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        layout.addWidget(self.state_label)

        box = QGroupBox(tr(C, "Signatures"), self)
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 1)
        date_row = QHBoxLayout()
        self.date = QDateEdit(QDate.currentDate(), box)
        self.date.setObjectName("signature-date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        date_row.addWidget(QLabel(tr(C, "Date"), box))
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        grid.addLayout(date_row, 0, 0, 1, 3)
        self.status_labels: dict[str, QLabel] = {}
        self.signatures = signatures_of(page.ctx.workspace, document_id)
        bold = QFont(self.font())
        bold.setBold(True)
        for number, info in enumerate(self.signatures, start=1):
            party = QLabel(party_label(info.party), box)
            party.setFont(bold)
            party.setWordWrap(True)
            party.setContentsMargins(0, 6, 0, 0)
            status = QLabel(status_text(info), box)
            status.setObjectName(f"status-{info.party}")
            status.setWordWrap(True)
            if info.status != SignatureStatus.SIGNED:
                status.setStyleSheet("color: #c0392b;")
            self.status_labels[info.party] = status
            sent = QPushButton(tr(C, "Sent"), box)
            sent.setObjectName(f"sent-{info.party}")
            sent.setToolTip(tr(C, "Mark as sent for signature on the date above"))
            sent.clicked.connect(lambda _c=False, p=info.party: self.mark(p, SignatureStatus.SENT))
            signed = QPushButton(tr(C, "Signed"), box)
            signed.setObjectName(f"signed-{info.party}")
            signed.setToolTip(tr(C, "Mark as signed on the date above"))
            signed.clicked.connect(lambda _c=False, p=info.party: self.mark(p, SignatureStatus.SIGNED))
            grid.addWidget(party, 2 * number - 1, 0, 1, 3)
            grid.addWidget(status, 2 * number, 0)
            grid.addWidget(sent, 2 * number, 1)
            grid.addWidget(signed, 2 * number, 2)
        if not self.signatures:
            grid.addWidget(QLabel(tr(C, "Nobody signs this document."), box), 1, 0, 1, 3)
        layout.addWidget(box)

        scan_row = QHBoxLayout()
        self.attach_button = QPushButton(tr(C, "Attach signed scan…"), self)
        self.attach_button.setObjectName("attach-scan")
        self.attach_button.setToolTip(
            tr(C, "A PDF or image of the signed document; marks every party as signed")
        )
        self.attach_button.setEnabled(bool(self.signatures))
        self.attach_button.clicked.connect(self.attach_scan)
        scan_row.addWidget(self.attach_button)
        self.scans = scans_of(page.ctx.workspace, document_id)
        if self.scans:
            open_scan = QPushButton(tr(C, "Open scan"), self)
            open_scan.setObjectName("open-scan")
            open_scan.clicked.connect(lambda: self._open(self.scans[-1][1]))
            scan_row.addWidget(open_scan)
        scan_row.addStretch(1)
        layout.addLayout(scan_row)
        if self.scans:
            names = QLabel(", ".join(name for name, _ in self.scans), self)
            names.setWordWrap(True)
            names.setEnabled(False)
            layout.addWidget(names)

    # ------------------------------------------------------------------ actions
    def _day(self) -> date:
        chosen = self.date.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def _open(self, path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _stored(self) -> Path | None:
        try:
            stored = stored_copy(self.page.ctx.workspace, self.document_id)
        except UserError as error:
            self.page.ctx.show_user_error(self, error)
            return None
        return stored.path if stored else None

    def open_document(self) -> None:
        path = self._stored()
        if path is not None:
            self._open(path)

    def print_document(self) -> None:
        path = self._stored()
        if path is None:
            return
        if sys.platform == "win32":
            os.startfile(str(path), "print")  # type: ignore[attr-defined]  # noqa: S606
        else:
            self._open(path)  # the viewer prints with its own dialog

    def mark(self, party: str, status: SignatureStatus) -> None:
        on = self._day()
        self.page.ctx.tasks.write(
            lambda ws: set_signature_status(ws, self.document_id, SignatureParty(party), status, on),
            on_error=lambda error: self._failed(error),
        )

    def attach_scan(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            tr(C, "Attach the signed scan"),
            "",
            tr(C, "Signed scans (*.pdf *.png *.jpg *.jpeg)"),
        )
        if not name:
            return
        on = self._day()
        self.page.ctx.tasks.write(
            lambda ws: attach_signed_scan(ws, self.document_id, Path(name), signed_on=on),
            on_error=lambda error: self._failed(error),
        )

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.page.ctx.show_user_error(self, error)
        else:
            self.page.ctx.tasks.bug.emit(error)


class DocumentsPage(ListPage):
    key = "documents"
    icon_name = "documents"
    spec = DOCUMENTS
    watches = (Kind.DOCUMENT, Kind.DOCUMENT_SIGNATURE, Kind.ATTACHMENT, Kind.MOBILITY)
    search_hint = "Search participant"

    panel: SignaturePanel | None = None

    def title(self) -> str:
        return tr("Pages", "Documents")

    def filter_choices(self) -> list[FilterChoice]:
        projects = [(tr(C, "All projects"), None)] + [
            (code, pid) for pid, code in choices.projects(self.ctx.workspace)
        ]
        kinds = [(tr(C, "All documents"), None)] + [(enum_label(k.value), k.value) for k in DocumentKind]
        return [
            FilterChoice("project_id", tr(C, "Project"), projects),
            FilterChoice("kind", tr(C, "Kind"), kinds),
            FilterChoice(
                "waiting",
                tr(C, "Signatures"),
                [(tr(C, "Any signatures"), None), (tr(C, "Waiting for signatures"), True)],
            ),
        ]

    def _after_reset(self) -> None:
        super()._after_reset()
        self.panel = None

    def reload(self) -> None:
        """Keep the selected document (and its signature date) across a refresh."""
        current = self.table.currentIndex()
        document_id = self.model.id_at(current.row()) if current.isValid() else None
        chosen = self.panel.date.date() if self.panel is not None else None
        self.model.refresh()
        if document_id is None:
            return
        self.model.id_at(0)  # loads the first page, where row_of_id looks
        row = self.model.row_of_id(document_id)
        if row is not None:
            self.table.selectRow(row)
            if self.panel is not None and chosen is not None:
                self.panel.date.setDate(chosen)

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        super()._selection_changed(selected, deselected)
        self.panel = None
        ids = self.selected_ids()
        holder = self.detail.widget()
        layout = holder.layout() if holder is not None else None
        if not ids or not isinstance(layout, QVBoxLayout) or not self.table.currentIndex().isValid():
            return
        document_id = self.model.id_at(self.table.currentIndex().row())
        if document_id is None:
            return
        self.panel = SignaturePanel(self, document_id)
        layout.insertWidget(max(layout.count() - 1, 0), self.panel)
        if self.panel.state_label.text():  # a stale or draft document: the officer sees it first
            holder.adjustSize()
            self.detail.ensureWidgetVisible(self.panel.state_label)
