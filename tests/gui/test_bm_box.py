"""The Beneficiary Module box on the Exports page: pre-flight dialog, writing on the worker,
opening a problem's mobility, and the reconciliation dialog's "Take the BM value"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from python_calamine import CalamineWorkbook

from intervet_desktop.db.models import Mobility
from intervet_desktop.services.bm import export_bm
from intervet_desktop.ui.bm.box import BmBox
from intervet_desktop.ui.bm.preflight_dialog import PreflightDialog
from intervet_desktop.ui.bm.reconcile_dialog import ReconcileDialog
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.exports import ExportsPage
from intervet_desktop.ui.pages.list_page import ListPage
from tests.factories import Sample

CODE = "2025-1-EL01-KA122-VET-000123456"


@pytest.fixture
def box(window: MainWindow) -> BmBox:
    page = window.show_page("exports")
    assert isinstance(page, ExportsPage)
    assert page.bm.project.currentText() == CODE
    return page.bm


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []

    def info(_parent: Any, _title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        texts.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", info)
    monkeypatch.setattr(QMessageBox, "warning", info)
    return texts


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def preflight_answer(monkeypatch: pytest.MonkeyPatch, answer: Any) -> list[PreflightDialog]:
    seen: list[PreflightDialog] = []

    def exec_(dialog: PreflightDialog) -> int:
        seen.append(dialog)
        return int(answer(dialog))

    monkeypatch.setattr(PreflightDialog, "exec", exec_)
    return seen


def test_problems_are_listed_and_the_file_is_written_when_accepted(
    box: BmBox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shown: list[str]
) -> None:
    target = tmp_path / "bm.xlsx"
    save_as(monkeypatch, target)
    seen = preflight_answer(monkeypatch, lambda d: PreflightDialog.DialogCode.Accepted)
    box.export_button.click()
    assert len(seen) == 1
    dialog = seen[0]
    assert dialog.table.rowCount() == len(dialog.problems) > 0
    assert dialog.write_button is not None and dialog.write_button.text() == "&Write anyway"
    cells = {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}
    assert "Date of birth" in cells
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert len(rows) == 4 and rows[0][0] == "Data type"
    accepted = (
        "problem of the pre-flight check was accepted"
        if len(dialog.problems) == 1
        else (f"{len(dialog.problems)} problems of the pre-flight check were accepted")
    )
    assert "best guess" in shown[-1] and accepted in shown[-1]


def test_nothing_is_written_when_the_problems_are_not_accepted(
    box: BmBox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "bm.csv"
    save_as(monkeypatch, target)
    preflight_answer(monkeypatch, lambda d: PreflightDialog.DialogCode.Rejected)
    box.export_button.click()
    assert not target.exists()


def test_a_problem_opens_its_mobility(
    window: MainWindow, box: BmBox, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    def open_first_oid_problem(dialog: PreflightDialog) -> int:
        row = next(i for i, p in enumerate(dialog.problems) if p.field == "receiving_oid")
        dialog.table.selectRow(row)
        assert dialog.open_button.isEnabled()
        dialog.open_button.click()
        return dialog.result()

    seen = preflight_answer(monkeypatch, open_first_oid_problem)
    box.check_button.click()
    problem = next(p for p in seen[0].problems if p.field == "receiving_oid")
    page = window.current_page()
    assert isinstance(page, ListPage) and page.key == "mobilities"
    assert page.search.text() == problem.participant == "João Gonçalves"
    assert page.selected_ids() == [problem.mobility_id]


def test_reconciliation_dialog_takes_the_bm_value(
    window: MainWindow, box: BmBox, sample: Sample, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ctx = box.ctx
    path = tmp_path / "from-bm.csv"
    export_bm(ctx.workspace, CODE, path, force=True)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[1] = lines[1].replace(";2;", ";1;", 1)  # the BM funds one travel day fewer for the first row
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    seen: list[ReconcileDialog] = []

    def exec_(dialog: ReconcileDialog) -> int:
        seen.append(dialog)
        assert dialog.differences.rowCount() == 1
        assert dialog.differences.item(0, 2).text() == "Funded travel days"
        button = dialog.differences.cellWidget(0, 5)
        assert isinstance(button, QPushButton) and button.text() == "Take the BM value"
        button.click()
        assert button.text() == "Taken" and not button.isEnabled()
        assert "recompute" in dialog.status.text()
        return 0

    monkeypatch.setattr(ReconcileDialog, "exec", exec_)
    box.reconcile_button.click()
    assert len(seen) == 1
    with ctx.workspace.read_session() as s:
        mobilities = [s.get(Mobility, i) for i in sample.mobility_ids]
        travel = sorted((m.bm_activity_id, m.travel_days) for m in mobilities if m)
    assert travel == [("EL01-JS-0001", 1), ("EL01-JS-0002", 2), ("EL01-JS-0003", 2)]


def test_greece_choice_is_saved(box: BmBox) -> None:
    from intervet_desktop.services.bm import greece_setting

    box.greece.setCurrentIndex(box.greece.findData("GR"))
    assert greece_setting(box.ctx.workspace) == "GR"
    box.set_template(Path("/tmp/x.xlsx"))
    assert "template" in box.note.text()
    assert box.template_edit.text() == "/tmp/x.xlsx"
    assert Qt.FocusPolicy.NoFocus != box.export_button.focusPolicy()
