"""The Mobilities list's document actions: a toolbar button and context-menu entries."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from intervet_desktop.ui.documents.generate import DocumentGenerator, GenerateDialog
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.list_page import ListPage

C = "MobilityDocuments"


def _beside_title(page: ListPage, button: QPushButton) -> None:
    """Put the button at the right of the page's title (the filter row is full)."""
    layout = page.layout()
    assert isinstance(layout, QVBoxLayout)
    item = layout.itemAt(0)
    title = item.widget() if item is not None else None
    row = QHBoxLayout()
    if title is not None:
        layout.removeWidget(title)
        row.addWidget(title)
    row.addStretch(1)
    row.addWidget(button)
    layout.insertLayout(0, row)


class MobilityDocumentActions:
    def __init__(self, page: ListPage) -> None:
        self.page = page
        self.generator = DocumentGenerator(page.ctx, page)
        self.button = QPushButton(tr(C, "Generate documents…"), page)
        self.button.setObjectName("generate-documents")
        self.button.setToolTip(tr(C, "Agreements and certificates for the selected rows or a project"))
        self.button.clicked.connect(self.open_dialog)
        _beside_title(page, self.button)
        self.action = QAction(tr(C, "Generate documents…"), page.table)
        self.action.triggered.connect(self.open_dialog)
        page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        page.table.addAction(self.action)

    def open_dialog(self) -> GenerateDialog:
        project = self.page.filter_boxes.get("project_id")
        project_id = project.currentData() if project is not None else None
        return self.generator.open(self.page.selected_ids(), project_id)
