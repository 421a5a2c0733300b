"""The import wizard on a small xlsx written here: columns preset from the headers, a dry run
that names each bad row, then 'only the valid rows' committed; a broken file changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from intervet_desktop.services import people
from intervet_desktop.ui.main_window import MainWindow

importing = pytest.importorskip("intervet_desktop.services.importing.people_spec")

from intervet_desktop.ui.pages.import_wizard import ImportWizard  # noqa: E402


def _xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Staff list 2025"])  # a title row above the header
    sheet.append(["Nome", "Cognome", "E-mail", "Data di nascita", "Notes we do not import"])
    sheet.append(["Chiara", "Bianchi", "chiara.bianchi@example.it", "12/05/1984", "x"])
    sheet.append(["Ελένη", "Δημητρίου", "not-an-email", "03.04.1990", ""])
    sheet.append(["Åsa", "Lindström", "asa@example.se", "1975-11-30", ""])
    book.save(path)
    return path


def _wizard(qtbot, window: MainWindow, path: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(window.ctx, "people", window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    return wizard


def test_dry_run_then_import_only_the_valid_rows(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = people.count_people(window.ctx.workspace)
    wizard = _wizard(qtbot, window, _xlsx(tmp_path / "staff.xlsx"))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    boxes = wizard.mapping_page.boxes
    assert boxes["first_name"].currentData() == "A"
    assert boxes["last_name"].currentData() == "B"
    assert boxes["email"].currentData() == "C"
    assert boxes["birth_date"].currentData() == "D"
    assert boxes["notes"].currentData() == "-"  # an unknown header is not guessed
    boxes["notes"].setCurrentIndex(boxes["notes"].findData("E"))  # the user maps it

    wizard.next()  # the dry run
    assert wizard.currentPage() is wizard.report_page
    page = wizard.report_page
    assert "New: 2" in page.summary.text() and "Errors: 1" in page.summary.text()
    rows = {page.table.item(i, 0).text(): page.table.item(i, 1).text() for i in range(page.table.rowCount())}
    assert rows == {"3": "New", "4": "Error", "5": "New"}  # row numbers as Excel shows them
    error_detail = page.table.item(1, 2).text()
    assert error_detail.startswith("E-mail:") and "not-an-email" in error_detail
    assert people.count_people(window.ctx.workspace) == before  # nothing written yet
    assert not page.isComplete()  # all or nothing: a file with errors is not imported whole
    page.valid_only.setChecked(True)
    assert page.isComplete()

    wizard.next()  # the import
    assert wizard.currentPage() is wizard.done_page
    assert "2 new" in wizard.done_page.text.text()
    assert people.count_people(window.ctx.workspace) == before + 2
    people_page = window.page("people")
    people_page.search.setText("lindstrom")  # type: ignore[attr-defined]
    assert people_page.model.total() == 1  # type: ignore[attr-defined]

    again = _wizard(qtbot, window, tmp_path / "staff.xlsx")  # the same layout: mapping reused
    again.next()
    assert again.mapping_page.boxes["notes"].currentData() == "E"


def test_a_broken_file_is_explained_and_changes_nothing(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = people.count_people(window.ctx.workspace)
    broken = tmp_path / "people.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a workbook")
    wizard = _wizard(qtbot, window, broken)
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert not wizard.file_page.error.isHidden()
    assert "people.xlsx" in wizard.file_page.error.text()
    assert people.count_people(window.ctx.workspace) == before


def test_file_menu_opens_the_wizard_for_the_current_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_page("organisations")
    wizard = window.open_import()
    assert isinstance(wizard, ImportWizard)
    qtbot.addWidget(wizard)
    assert wizard.file_page.kind.currentData() == "organisations"
    wizard.close()


def test_the_dry_run_on_a_worker_thread_moves_on_by_itself(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    from intervet_desktop.ui.context import AppContext
    from intervet_desktop.ui.tasks import TaskRunner

    threaded = AppContext(window.ctx.workspace, TaskRunner(window.ctx.workspace))
    try:
        wizard = ImportWizard(threaded, "people", window)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.file_page.path.setText(str(_xlsx(tmp_path / "staff.xlsx")))
        wizard.next()
        wizard.next()  # starts the dry run on the writer and stays on the page until it is done
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page, timeout=20000)
        assert "Errors: 1" in wizard.report_page.summary.text()
    finally:
        threaded.tasks.close()


def test_cancel_during_the_import_leaves_nothing_in_the_file(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real threads: the import runs on the writer, the rows are in its transaction when the user
    presses Cancel in the progress dialog, and the file read back holds none of them."""
    import sqlite3
    import threading

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    from intervet_desktop.services.importing import engine
    from intervet_desktop.ui.context import AppContext
    from intervet_desktop.ui.tasks import TaskRunner

    def people_in_file() -> int:
        con = sqlite3.connect(window.ctx.workspace.path)
        try:
            return int(con.execute("SELECT count(*) FROM person").fetchone()[0])
        finally:
            con.close()

    written, release = threading.Event(), threading.Event()
    in_transaction: list[int] = []
    original = engine._write

    def write_then_wait(session, spec, creates, updates, progress=None):  # type: ignore[no-untyped-def]
        ids = original(session, spec, creates, updates, progress)
        in_transaction.append(len(ids))
        written.set()
        release.wait(20)  # the user presses Cancel now
        return ids

    before = people_in_file()
    threaded = AppContext(window.ctx.workspace, TaskRunner(window.ctx.workspace))
    try:
        wizard = ImportWizard(threaded, "people", window)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.file_page.path.setText(str(_xlsx(tmp_path / "staff.xlsx")))
        wizard.next()
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page, timeout=20000)
        wizard.report_page.valid_only.setChecked(True)
        monkeypatch.setattr(engine, "_write", write_then_wait)
        wizard.next()  # the import starts on the writer
        assert written.wait(20) and in_transaction == [2]

        def dialog() -> QProgressDialog | None:
            shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
            return next((d for d in shown if d.isVisible()), None)

        qtbot.waitUntil(lambda: dialog() is not None, timeout=5000)  # after the 0.5 s delay
        box = dialog()
        assert box is not None and "Importing" in box.windowTitle()
        cancel = box.findChild(QPushButton)
        assert cancel is not None
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        release.set()
        page = wizard.report_page
        qtbot.waitUntil(lambda: "nothing was saved" in page.error.text(), timeout=10000)
        assert wizard.currentPage() is page and wizard.outcome is None
        assert people_in_file() == before

        monkeypatch.undo()
        wizard.next()  # the user tries again: not stuck, and this time it is saved
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20000)
        assert people_in_file() == before + 2
    finally:
        release.set()
        threaded.tasks.close()
