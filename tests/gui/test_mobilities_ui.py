"""The mobility form, the grant change dialog, the status pipeline, the evidence checklist, the
rate-set editor and the project settings dialog, driven like a user would."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLineEdit, QMessageBox, QPushButton, QSpinBox
from sqlmodel import col, select

from intervet_desktop.core.rates_builtin import builtin_texts
from intervet_desktop.db.models import Mobility, MobilityStatusEvent, Project, RateSetRow
from intervet_desktop.services import grants
from intervet_desktop.ui.dialogs import project_settings as project_dialog
from intervet_desktop.ui.dialogs import rate_sets as rate_sets_ui
from intervet_desktop.ui.dialogs.project_settings import ProjectSettingsDialog
from intervet_desktop.ui.dialogs.rate_sets import RateSetEditor, RateSetsPanel
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.lists import MobilitiesPage
from intervet_desktop.ui.widgets import mobility_editor
from intervet_desktop.ui.widgets.grant_view import GrantChangeDialog
from tests.factories import Sample


def qd(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def mobility_page(window: MainWindow) -> MobilitiesPage:
    page = window.show_page("mobilities")
    assert isinstance(page, MobilitiesPage)
    return page


def w(page: MobilitiesPage, key: str) -> Any:
    return page.editor.widgets[key]


def pick(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def count(ws: Any) -> int:
    with ws.read_session() as s:
        return len(s.exec(select(Mobility)).all())


def fill_new(qtbot: Any, page: MobilitiesPage, sample: Sample, start: date) -> None:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.editor.mobility_id is None and page.editor.tabs.isEnabled()
    pick(w(page, "person_id"), sample.portuguese_id)
    pick(w(page, "receiving_org_id"), sample.host_fi_id)
    city: QLineEdit = w(page, "destination_city")
    qtbot.keyClicks(city, "Tampere")
    pick(w(page, "destination_country"), "FI")
    w(page, "planned_start").setDate(qd(start))
    w(page, "planned_end").setDate(qd(start + timedelta(days=11)))
    qtbot.keyClicks(w(page, "distance_km"), "2300")
    days: QSpinBox = w(page, "travel_days")
    days.setValue(2)


def test_create_edit_recompute_status_and_evidence(
    qtbot, window: MainWindow, sample: Sample, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ws = window.ctx.workspace
    page = mobility_page(window)
    before = count(ws)
    start = date.today() + timedelta(days=14)
    fill_new(qtbot, page, sample, start)
    editor = page.editor
    assert editor.save_button.isEnabled(), editor.problems_shown()
    # the offline estimate Thessaloniki -> Tampere is beside the official figure, with its band
    assert "km, band 2,000-2,999 km" in editor.estimate_label.text()

    # end before start: the field is marked, Save disabled, nothing saved
    w(page, "planned_end").setDate(qd(start - timedelta(days=1)))
    assert "before" in editor.errors["planned_end"].text()
    assert not editor.errors["planned_end"].isHidden()
    assert not editor.save_button.isEnabled()
    editor.save()
    assert count(ws) == before
    w(page, "planned_end").setDate(qd(start + timedelta(days=11)))

    # too many travel days for standard travel
    w(page, "travel_days").setValue(5)
    assert "more than the 2 allowed" in editor.errors["travel_days"].text()
    assert not editor.save_button.isEnabled()
    w(page, "travel_days").setValue(2)
    assert editor.save_button.isEnabled()

    # non-ASCII notes are set, not typed
    w(page, "notes").setPlainText("Ταξίδι με τρένο ως την Αθήνα")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert count(ws) == before + 1
    new_id = editor.mobility_id
    assert new_id is not None
    assert editor.detail is not None and editor.detail.grant_total_cents > 0
    assert editor.breakdown.line_count() >= 3
    assert editor.breakdown.item(0, 0).text() == "Travel"
    assert "Total" in editor.totals.text()
    # the list shows it (selected)
    ids = [page.model.id_at(r) for r in range(page.model.rowCount())]
    assert new_id in ids
    old_total = editor.detail.grant_total_cents

    # change the dates: old vs new shown, accepted -> snapshot replaced
    shown: dict[str, Any] = {}

    def accept(parent: Any, preview: grants.GrantPreview) -> bool:
        dialog = GrantChangeDialog(preview, parent)
        shown["summary"] = dialog.summary.text()
        shown["rows"] = dialog.table.rowCount()
        shown["old"], shown["new"] = preview.old_total_cents, preview.new.total_cents
        return True

    monkeypatch.setattr(mobility_editor.grant_tab, "ask_replace_grant", accept)
    w(page, "planned_end").setDate(qd(start + timedelta(days=15)))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert shown["old"] == old_total and shown["new"] > old_total
    assert "Stored:" in shown["summary"] and "New:" in shown["summary"]
    with ws.read_session() as s:
        row = s.get(Mobility, new_id)
        assert row is not None and row.grant_total_cents == shown["new"]
        assert row.notes == "Ταξίδι με τρένο ως την Αθήνα"

    # status pipeline: advance with a date
    editor.tabs.setCurrentIndex(3)
    editor.status_date.setDate(qd(date.today() + timedelta(days=2)))
    button = editor.findChild(QPushButton, "mob-advance-agreement_sent")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    with ws.read_session() as s:
        event = s.exec(
            select(MobilityStatusEvent)
            .where(MobilityStatusEvent.mobility_id == new_id)
            .order_by(col(MobilityStatusEvent.id).desc())
        ).first()
    assert event is not None and event.status == "agreement_sent"
    assert event.on_date == date.today() + timedelta(days=2)
    assert "Agreement sent" in editor.status_label.text()

    # an evidence item done: the list's missing count follows
    def missing_in_list() -> int:
        column = [c.key for c in page.spec.columns].index("missing")
        for r in range(page.model.rowCount()):
            if page.model.id_at(r) == new_id:
                return int(page.model.data(page.model.index(r, column), Qt.ItemDataRole.UserRole + 2))
        raise AssertionError("row not listed")

    assert missing_in_list() == 5
    box = editor.findChild(QCheckBox, "mob-evidence-certificate_of_attendance")
    assert box is not None
    box.setChecked(True)
    assert missing_in_list() == 4
    colour = page.model.data(
        page.model.index(0, [c.key for c in page.spec.columns].index("missing")),
        Qt.ItemDataRole.BackgroundRole,
    )
    assert colour is None or colour.isValid()


def test_rate_set_editor_copy_version_and_broken_import(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    window.show_page("settings")
    panel = window.findChild(RateSetsPanel)
    assert panel is not None and panel.list.count() >= 2
    builtin_id = next(
        panel.list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(panel.list.count())
        if "ka1-vet-2024 v1" in panel.list.item(i).text()
    )
    editor = RateSetEditor(ctx, builtin_id, panel)
    qtbot.addWidget(editor)
    assert editor.bands.rowCount() >= 5
    assert editor.daily.rowCount() == 3
    assert editor.durations.rowCount() >= 6
    # a schema problem is shown by its field
    editor.bands.item(0, 2).setText("abc")
    editor.save()
    assert "travel_bands[0].standard" in editor.problems.text()
    assert editor.saved_summary is None
    editor.bands.item(0, 2).setText("28.00")
    editor.org_support.setText("110.00")
    editor.save()
    assert editor.saved_summary is not None
    assert editor.saved_summary.code == "ka1-vet-2024" and editor.saved_summary.version == 2
    with ctx.workspace.read_session() as s:
        versions = s.exec(select(RateSetRow.version).where(RateSetRow.code == "ka1-vet-2024")).all()
    assert sorted(versions) == [1, 2]

    # import a broken file: the field is named
    data = json.loads(builtin_texts()["ka1-vet-2024"])
    data["id"] = "broken-set"
    data["travel_bands"][1]["green"] = "fifty"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    warned: list[str] = []
    monkeypatch.setattr(rate_sets_ui.QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    monkeypatch.setattr(rate_sets_ui.QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    panel.import_file()
    assert warned and "travel_bands[1].green" in warned[0]
    assert QMessageBox is not None


def test_project_settings_picks_rate_set(qtbot, window: MainWindow, sample: Sample, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(project_dialog.QMessageBox, "question", answer)
    dialog = ProjectSettingsDialog(ctx, sample.project_id, window)
    qtbot.addWidget(dialog)
    assert "defaults" in dialog.terms_label.text()
    index = next(i for i in range(dialog.rate_set.count()) if "ka1-vet-2021" in dialog.rate_set.itemText(i))
    dialog.rate_set.setCurrentIndex(index)
    dialog.balance_days.setValue(30)
    assert "Set for this project" in dialog.terms_label.text()
    dialog.end.setDate(QDate(2025, 1, 1))
    assert not dialog.save_button.isEnabled()
    dialog.end.setDate(QDate(2027, 2, 28))
    assert dialog.save_button.isEnabled()
    dialog.save()
    with ctx.workspace.read_session() as s:
        project = s.get(Project, sample.project_id)
        assert project is not None
        rate_set = s.get(RateSetRow, project.rate_set_id)
    assert rate_set is not None and rate_set.code == "ka1-vet-2021"
    assert project.participant_balance_days == 30 and not project.terms_are_defaults
    # the stored grants are recomputed only after asking
    assert asked and "Recompute them all now?" in asked[0]
    assert dialog.recompute_report is not None
    assert dialog.recompute_report.computed + len(dialog.recompute_report.failed) == len(sample.mobility_ids)


@pytest.mark.parametrize("unused", [None])
def test_detail_inputs_are_widgets(window: MainWindow, unused: None) -> None:
    page = mobility_page(window)
    assert isinstance(w(page, "planned_start"), QDateEdit)
    page.select_first()
    assert page.editor.mobility_id is not None
    assert page.editor.heading.text()


def test_finder_beside_the_participant_picker(qtbot, window: MainWindow, sample: Sample) -> None:  # type: ignore[no-untyped-def]
    page = mobility_page(window)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    finder = page.editor.findChild(QLineEdit, "mob-find-person_id")
    assert finder is not None
    qtbot.keyClicks(finder, "mull")
    people: QComboBox = w(page, "person_id")
    assert [people.itemText(i) for i in range(people.count())] == ["", "Müller, Jürgen"]
    assert people.currentData() == sample.german_id
