"""The calls page's phases: the Phase menu offers only the steps the lifecycle table allows (a
refused one disabled with its reason), the appeal window is shown with its dates, the history of
steps is listed, going back asks for a reason, and the final list offers a re-score with a preview."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls
from intervet_desktop.services.applications.reopen import StatusChange
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.calls import CallsPage
from intervet_desktop.ui.pages.calls.phases import changes_text
from tests.factories import Sample
from tests.gui.test_calls_page import seed_call

SHOTS = os.environ.get("INTERVET_SHOTS_DIR")


def _shot(page: CallsPage, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.window().grab().save(str(Path(SHOTS) / f"{name}.png"))


def _page(window: MainWindow) -> CallsPage:
    window.show_page("calls")
    page = next(p for p in window.pages if p.key == "calls")
    assert isinstance(page, CallsPage)
    return page


def test_phase_menu_window_and_history(
    window: MainWindow, sample: Sample, ctx, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    call_id = seed_call(ws, sample)
    today = date.today()
    form = calls.form_of(calls.get_call(ws, call_id))
    form.provisional_published_on, form.appeal_deadline = today - timedelta(days=2), today + timedelta(days=8)
    calls.update_call(ws, call_id, form)
    apps.publish(ws, call_id, final=False)
    ranking = apps.get_ranking(ws, call_id)
    apps.appeal(ws, ranking.rows[4].application_id, "my certificate was not counted")
    page = _page(window)
    page.reload()
    page.select_call(call_id)
    page.tabs.setCurrentIndex(3)
    assert "open now" in page.window_label.text() and "1 appeal undecided" in page.window_label.text()
    actions = {a.data(): a for a in page.phase_menu.actions()}
    assert set(actions) == {"published", "evaluated"}
    assert not actions["published"].isEnabled()
    assert "undecided" in actions["published"].toolTip()
    assert actions["evaluated"].isEnabled() and actions["evaluated"].text().startswith("Back to")
    history = [page.phase_history.item(r, 3).text() for r in range(page.phase_history.rowCount())]
    assert history == ["Evaluated", "Provisional ranking published"]
    _shot(page, "call-appeal-window")
    # going back asks for a reason and records it
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("wrong quota published", True))
    page.change_phase("evaluated")
    qtbot.waitUntil(lambda: calls.get_call(ws, call_id).status == "evaluated")
    qtbot.waitUntil(lambda: page.phase_history.rowCount() == 3)
    assert page.phase_history.item(2, 4).text() == "wrong quota published"
    _shot(page, "call-phases")
    assert not page.rescore_button.isVisible()


def test_the_preview_names_people_with_a_mobility() -> None:
    text = changes_text(
        (
            StatusChange(1, "3-0001", "Ferreira, Ana", "selected", "reserve", 7),
            StatusChange(2, "3-0002", "Bianchi, Luca", "reserve", "selected", None),
        )
    )
    assert "3-0001 Ferreira, Ana: Selected → Reserve (already has mobility #7)" in text
    assert "3-0002 Bianchi, Luca: Reserve → Selected" in text
    assert changes_text(()) == "Nobody's place changes."
