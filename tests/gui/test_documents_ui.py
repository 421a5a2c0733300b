"""Documents in the UI: generate through the dialog, refusals, signatures, signed scans,
the template folder setting. Real database, real PDFs, inline task runner."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtWidgets import QFileDialog, QWidget
from sqlmodel import col, select

from intervet_desktop.core.enums import DocumentKind, SignatureStatus
from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.db.models import Document, DocumentSignature, Mobility, Organisation, Person, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.model import Layout
from intervet_desktop.services.document_templates import builtin_files, default_layout
from intervet_desktop.services.documents import (
    DocumentOptions,
    generate_for_mobility,
    recompute_missing_evidence,
    set_programme,
    template_store,
)
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.documents.generate import (
    OUT_DIR_KEY,
    DocumentGenerator,
    GenerateRequest,
    run_generation,
    summary_text,
)
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.documents import DocumentsPage
from intervet_desktop.ui.pages.lists import MobilitiesPage
from intervet_desktop.ui.pages.settings import SettingsPage
from intervet_desktop.ui.tasks import Progress, TaskRunner
from tests.db.test_documents import Data, add_grant, add_mobility, build
from tests.factories import backdate_documents

PROGRAMME = {
    "objectives": "Observe work-based learning in mechatronics.",
    "activities": "Job shadowing of trainers in the workshops.",
    "outcomes": "New assessment methods for our workshops.",
    "language": "en",
}


def add_people(ws: Workspace, data: Data) -> tuple[int, int]:
    """A second complete mobility (Ελένη Ζαχαρίου) and one without a programme (Ødegård)."""
    with ws.session() as s:
        first = s.get(Mobility, data.mobility_id)
        assert first is not None
        ids = []
        for given, family in (("Ελένη", "Ζαχαρίου"), ("Åse", "Ødegård")):
            person = Person(
                first_name=given,
                last_name=family,
                nationality="GR",
                iban="GR1601101250000000012300695",
                search_key=search_key(f"{given} {family}"),
                sort_key=sort_key(family, given),
            )
            s.add(person)
            s.flush()
            mobility = add_mobility(
                s,
                s.get(Project, data.project_id),
                person,
                s.get(Organisation, data.school_id),
                s.get(Organisation, data.host_id),
                host_tutor_id=first.host_tutor_id,
            )
            add_grant(s, mobility)
            ids.append(mobility.id or 0)
    set_programme(ws, ids[0], **PROGRAMME)
    return ids[0], ids[1]


@pytest.fixture
def data(workspace: Workspace) -> Data:
    return build(workspace)


@pytest.fixture
def win(qtbot, ctx: AppContext, data: Data) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx, remember_state=False)
    qtbot.addWidget(window)
    window.show()
    return window


def mobilities_page(win: MainWindow) -> MobilitiesPage:
    page = win.page("mobilities")
    assert isinstance(page, MobilitiesPage)
    win.show_page("mobilities")
    return page


def select_ids(page: MobilitiesPage, ids: list[int]) -> None:
    page.table.clearSelection()
    page.model.id_at(0)  # load the first page
    for record_id in ids:
        row = page.model.row_of_id(record_id)
        assert row is not None
        page.table.selectionModel().select(
            page.model.index(row, 0),
            page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows,
        )
    assert sorted(page.selected_ids()) == sorted(ids)


def generate(qtbot, page: MobilitiesPage, out: Path, kinds: tuple[DocumentKind, ...]):  # type: ignore[no-untyped-def]
    dialog = page.documents.open_dialog()
    dialog.out_dir.setText(str(out))
    for kind, box in dialog.kinds.items():
        box.setChecked(kind in kinds)
    assert dialog.generate_button.isEnabled()
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    summary = page.documents.generator.summary_dialog
    assert summary is not None
    return dialog, summary


def test_generate_for_two_selected_mobilities(
    qtbot, win: MainWindow, workspace: Workspace, data: Data, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    second, _incomplete = add_people(workspace, data)
    page = mobilities_page(win)
    page.reload()
    select_ids(page, [data.mobility_id, second])
    out = tmp_path / "out"
    dialog, summary = generate(
        qtbot, page, out, (DocumentKind.MOBILITY_AGREEMENT, DocumentKind.GRANT_AGREEMENT)
    )
    assert dialog.scope_selected.text() == "Selected mobilities: 2"
    files = sorted(p.name for p in out.glob("*.pdf"))
    assert len(files) == 4
    assert "Ζαχαρίου" in " ".join(files)
    for path in out.glob("*.pdf"):
        assert len(PdfReader(path).pages) >= 1
    with workspace.read_session() as s:
        docs = s.exec(select(Document).order_by(col(Document.id))).all()
    assert {(d.mobility_id, d.kind) for d in docs} == {
        (m, k) for m in (data.mobility_id, second) for k in ("mobility-agreement", "grant-agreement")
    }
    assert summary.head.text() == "4 written, 0 refused."
    assert summary.text.toPlainText().count(".pdf") == 4
    assert QSettings().value(OUT_DIR_KEY) == str(out)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(summary.open_folder, Qt.MouseButton.LeftButton)
    assert opened == [str(out)]
    # the list shows who still has to sign, and the filter finds them
    to_sign = page.spec.columns.index(page.spec.column("to_sign"))
    page.model.id_at(0)
    row = page.model.row_of_id(second)
    assert row is not None
    shown = page.model.data(page.model.index(row, to_sign))
    assert "Mobility agreement: " in shown and "Receiving" in shown
    page.filter_boxes["missing"].setCurrentIndex(2)
    assert page.model.total() == 2


def test_refusal_lists_what_to_fill_in(
    qtbot, win: MainWindow, workspace: Workspace, data: Data, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _second, incomplete = add_people(workspace, data)
    page = mobilities_page(win)
    page.reload()
    select_ids(page, [incomplete])
    _dialog, summary = generate(qtbot, page, tmp_path / "out", (DocumentKind.MOBILITY_AGREEMENT,))
    text = summary.text.toPlainText()
    assert "Not generated, fill in first (1):" in text
    assert "Ødegård" in text
    for what in ("objectives", "activities", "expected outcomes", "language of the activity"):
        assert what in text
    assert "doc_missing" not in text
    assert not list((tmp_path / "out").glob("*.pdf"))


def documents_page(win: MainWindow, workspace: Workspace, data: Data, tmp_path: Path) -> DocumentsPage:
    generate_for_mobility(workspace, data.mobility_id, DocumentOptions(), tmp_path / "gen")
    page = win.page("documents")
    assert isinstance(page, DocumentsPage)
    win.show_page("documents")
    page.reload()
    page.select_first()
    assert page.panel is not None
    return page


def test_mark_a_party_signed(
    qtbot, win: MainWindow, workspace: Workspace, data: Data, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = documents_page(win, workspace, data, tmp_path)
    backdate_documents(workspace, date(2026, 1, 20))  # made in January, signed in February
    panel = page.panel
    assert panel is not None
    assert panel.status_labels["participant"].text() == "Not sent"
    panel.date.setDate(date(2026, 2, 3))
    qtbot.mouseClick(
        panel.findChild(type(panel.open_button), "signed-participant"), Qt.MouseButton.LeftButton
    )
    with workspace.read_session() as s:
        rows = {r.party: r for r in s.exec(select(DocumentSignature)).all()}
    assert rows["participant"].status == SignatureStatus.SIGNED
    assert rows["participant"].signed_on == date(2026, 2, 3)
    assert rows["receiving"].status == SignatureStatus.NOT_SENT
    assert page.panel is not None and page.panel.status_labels["participant"].text() == "Signed on 2026-02-03"
    column = [c.key for c in page.spec.columns].index("signatures")
    shown = page.model.data(page.model.index(0, column))
    assert "Participant: Signed" in shown and "Receiving: Not sent" in shown
    page.filter_boxes["waiting"].setCurrentIndex(1)
    assert page.model.total() == 1


def test_attach_a_signed_scan_updates_evidence(
    qtbot, win: MainWindow, workspace: Workspace, data: Data, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    with workspace.session() as s:
        mobility = s.get(Mobility, data.mobility_id)
        assert mobility is not None
        before = recompute_missing_evidence(s, mobility)
        s.add(mobility)
    assert before == 5  # outgoing: nothing done yet
    page = documents_page(win, workspace, data, tmp_path)
    scan = tmp_path / "signed.png"
    image = QImage(20, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(scan))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(scan), ""))
    assert page.panel is not None
    qtbot.mouseClick(page.panel.attach_button, Qt.MouseButton.LeftButton)
    with workspace.read_session() as s:
        mobility = s.get(Mobility, data.mobility_id)
        statuses = {r.status for r in s.exec(select(DocumentSignature)).all()}
    assert mobility is not None and mobility.missing_evidence == before - 1
    assert statuses == {SignatureStatus.SIGNED}
    assert page.panel is not None and page.panel.scans and page.panel.scans[0][0] == "signed.png"
    page.filter_boxes["waiting"].setCurrentIndex(1)
    assert page.model.total() == 0
    mobilities = mobilities_page(win)
    mobilities.model.id_at(0)
    row = mobilities.model.row_of_id(data.mobility_id)
    assert row is not None
    missing = [c.key for c in mobilities.spec.columns].index("missing")
    assert mobilities.model.data(mobilities.model.index(row, missing)) == str(before - 1)


def test_open_uses_the_stored_copy(
    qtbot, win: MainWindow, workspace: Workspace, data: Data, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page = documents_page(win, workspace, data, tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    assert page.panel is not None
    qtbot.mouseClick(page.panel.open_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and Path(opened[0]).read_bytes()[:5] == b"%PDF-"
    assert str(workspace.files_dir) in opened[0]


def test_template_folder_setting(
    qtbot, win: MainWindow, workspace: Workspace, data: Data, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page = win.page("settings")
    assert isinstance(page, SettingsPage)
    box = page.documents
    assert box.overrides.text() == "Documents use the built-in wording."
    folder = tmp_path / "our wording"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.txt")) == builtin_files()
    assert box.folder.text() == str(folder)  # the copy becomes the school's folder
    assert template_store(workspace).override_dir == folder
    assert f"({len(builtin_files())})" in box.overrides.text()
    # keep only the English agreement: the others fall back to the built-in files
    for path in folder.rglob("*.txt"):
        if path.relative_to(folder).as_posix() != "en/mobility-agreement.txt":
            path.unlink()
    english = folder / "en" / "mobility-agreement.txt"
    english.write_text(
        english.read_text(encoding="utf-8").replace("# Mobility agreement", "# Our own agreement", 1),
        encoding="utf-8",
    )
    box.reload()
    assert box.overrides.text().endswith("(1): en/mobility-agreement.txt")
    doc = generate_for_mobility(workspace, data.mobility_id, DocumentOptions(), tmp_path / "gen").value
    text = " ".join((PdfReader(doc.path).pages[0].extract_text() or "").split())
    assert "Our own agreement" in text
    qtbot.mouseClick(box.clear_button, Qt.MouseButton.LeftButton)
    assert box.folder.text() == "" and template_store(workspace).override_dir is None
    box.layout_box.setCurrentIndex(1)
    box.layout_box.activated.emit(1)
    assert default_layout(workspace).value == "sequential"


def test_cancel_keeps_what_was_written(workspace: Workspace, data: Data, tmp_path: Path) -> None:
    second, _incomplete = add_people(workspace, data)
    progress = Progress()
    seen: list[tuple[int, int]] = []

    def report(done: int, total: int, _text: str) -> None:
        seen.append((done, total))
        if done == 1:
            progress.cancel()  # the user presses Cancel after the first document

    progress.on_update = report
    request = GenerateRequest(
        mobility_ids=(data.mobility_id, second),
        project_code=None,
        kinds=(DocumentKind.MOBILITY_AGREEMENT, DocumentKind.CERTIFICATE),
        second_language="it",
        layout=Layout.SEQUENTIAL,
        out_dir=tmp_path / "out",
    )
    summary = run_generation(workspace, request, progress).value
    assert summary.cancelled and len(summary.written) == 1
    assert summary.requested == 4  # the summary says what was done out of what was asked
    assert summary.written[0].languages == ("en", "it")
    assert (0, 4) in seen and (1, 4) in seen
    assert [p.name for p in (tmp_path / "out").glob("*.pdf")] == [summary.written[0].path.name]
    assert "Stopped" in summary_text(summary)
    with workspace.read_session() as s:
        assert len(s.exec(select(Document)).all()) == 1


def test_generation_runs_off_the_ui_thread(
    qtbot, gui_app, workspace: Workspace, data: Data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from intervet_desktop.ui.documents import generate as generate_module

    threads: list[str] = []
    original = generate_module.run_generation

    def recorded(*args):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return original(*args)

    monkeypatch.setattr(generate_module, "run_generation", recorded)
    runner = TaskRunner(workspace)  # real threads, as in the application
    try:
        parent = QWidget()
        qtbot.addWidget(parent)
        generator = DocumentGenerator(AppContext(workspace, runner), parent)
        request = GenerateRequest(
            mobility_ids=(data.mobility_id,),
            project_code=None,
            kinds=(DocumentKind.CERTIFICATE,),
            second_language=None,
            layout=Layout.SIDE_BY_SIDE,
            out_dir=tmp_path / "out",
        )
        with qtbot.waitSignal(runner.changed, timeout=60_000):
            generator.start(request)
            # start() returns at once; the result arrives later through the event loop
            assert generator.summary_dialog is None
        qtbot.waitUntil(lambda: generator.summary_dialog is not None, timeout=60_000)
        summary = generator.summary_dialog
        assert summary is not None and len(summary.summary.written) == 1
        assert summary.summary.written[0].path.is_file()
        assert len(threads) == 1 and threads[0].startswith("intervet-writer")  # every write: one writer
    finally:
        runner.close()
