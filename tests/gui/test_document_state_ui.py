"""The documents page tells the officer when a signed agreement is stale (its data changed after
signing) and that its new version amends it; the generate dialog makes marked certificate drafts."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication

from intervet_desktop.core.enums import SignatureParty, SignatureStatus
from intervet_desktop.db.models import Mobility
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.documents import DocumentOptions, generate_for_mobility, set_signature_status
from intervet_desktop.ui.documents.generate import GenerateSummary, summary_text
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.documents import DocumentsPage
from tests.db.test_documents import Data
from tests.factories import backdate_documents
from tests.gui.test_documents_ui import data, win  # noqa: F401  (fixtures)


def _show(window: MainWindow, document_id: int) -> DocumentsPage:
    page = window.page("documents")
    assert isinstance(page, DocumentsPage)
    window.show_page("documents")
    page.reload()
    page.model.id_at(0)  # loads the first page, where row_of_id looks
    row = page.model.row_of_id(document_id)
    assert row is not None
    page.table.clearSelection()
    page.table.selectRow(row)
    assert page.panel is not None
    return page


def _shot(window: MainWindow, name: str) -> None:
    folder = os.environ.get("INTERVET_SHOTS_DIR")
    if folder:
        QApplication.processEvents()  # lay the new panel out before the grab
        page = window.page("documents")
        assert isinstance(page, DocumentsPage) and page.panel is not None
        page.detail.ensureWidgetVisible(page.panel.state_label)
        window.grab().save(str(Path(folder) / f"{name}.png"))


def test_a_stale_agreement_and_its_amendment(
    win: MainWindow,  # noqa: F811
    workspace: Workspace,
    data: Data,  # noqa: F811
    tmp_path: Path,
) -> None:
    first = generate_for_mobility(workspace, data.mobility_id, DocumentOptions(), tmp_path).value
    backdate_documents(workspace, date(2026, 1, 20))
    for party in SignatureParty:
        set_signature_status(workspace, first.document_id, party, SignatureStatus.SIGNED, date(2026, 2, 1))
    page = _show(win, first.document_id)
    assert page.panel is not None and page.panel.state_label.text() == ""
    with workspace.session() as s:
        mobility = s.get(Mobility, data.mobility_id)
        assert mobility is not None
        mobility.planned_end = date(2026, 3, 19)
        s.add(mobility)
    page = _show(win, first.document_id)
    assert page.panel is not None and page.panel.state_label.text().startswith("Stale:")
    _shot(win, "document-stale")
    amendment = generate_for_mobility(workspace, data.mobility_id, DocumentOptions(), tmp_path).value
    page = _show(win, amendment.document_id)
    assert page.panel is not None and "amends version 1" in page.panel.state_label.text()
    _shot(win, "document-amendment")
    page = _show(win, first.document_id)
    assert page.panel is not None
    assert page.panel.state_label.text() == "A newer version of this document exists."


def test_the_summary_says_when_nothing_changed() -> None:
    text = summary_text(GenerateSummary(unchanged=2))
    assert "2 documents not made again: nothing they show has changed." in text
