"""The Exports page's spreadsheets-and-reports box writes real files (read back) on the worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from python_calamine import CalamineWorkbook

from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.exports import ExportsPage
from tests.factories import Sample


@pytest.fixture
def saved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    messages: list[str] = []
    answer: list[Path] = []

    def save_name(parent, caption, path, file_filter):  # type: ignore[no-untyped-def]
        target = tmp_path / "out" / Path(path).name
        answer.append(target)
        return str(target), file_filter

    def finished(box: QMessageBox) -> int:
        messages.append(box.text())
        return 0

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QMessageBox, "exec", finished)
    return messages


def test_finance_stats_and_budget_from_the_page(
    qtbot, window: MainWindow, sample: Sample, saved: list[str], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("exports")
    assert isinstance(page, ExportsPage)
    assert page.report_project.currentData() == sample.project_id
    code = page.report_project.currentText()
    qtbot.mouseClick(page.buttons["report-finance-xlsx"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(saved) == 1)
    finance = tmp_path / "out" / f"finance-{code}.xlsx"
    assert "Mobilities" in CalamineWorkbook.from_path(str(finance)).sheet_names
    qtbot.mouseClick(page.buttons["report-stats-pdf"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(saved) == 2)
    text = PdfReader(tmp_path / "out" / f"stats-{code}.pdf").pages[0].extract_text()
    assert "Final-report statistics" in text
    qtbot.mouseClick(page.buttons["report-hosts-csv"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(saved) == 3)
    assert (tmp_path / "out" / "hosts.csv").read_text(encoding="utf-8-sig").startswith("Organisation ID;")
